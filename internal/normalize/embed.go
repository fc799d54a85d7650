package normalize

import (
	"html"
	"regexp"
	"strings"

	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Embed is the HTML for an embedded URL: an iframe for video players the
// converter knows, a link for anything else. Embeds are built at display
// time through oEmbed, which blogport never calls.
func Embed(u string) string {
	if u == "" {
		return ""
	}
	if kind, _ := VideoID(u); kind != "" {
		return `<iframe src="` + html.EscapeString(u) + `"></iframe>`
	}
	return `<p><a href="` + html.EscapeString(u) + `">` + html.EscapeString(u) + `</a></p>`
}

var (
	reYouTube = regexp.MustCompile(`^https?://(?:www\.|m\.)?(?:youtube(?:-nocookie)?\.com/(?:watch\?(?:.*&)?v=|embed/|shorts/|v/)|youtu\.be/)([\w-]{6,})`)
	reVimeo   = regexp.MustCompile(`^https?://(?:www\.|player\.)?vimeo\.com/(?:video/)?(\d+)`)
)

// VideoID returns "youtube" or "vimeo" and the video's ID.
func VideoID(u string) (kind, id string) {
	u = strings.ReplaceAll(strings.TrimSpace(u), "&amp;", "&")
	if strings.HasPrefix(u, "//") {
		u = "https:" + u
	}
	if m := reYouTube.FindStringSubmatch(u); m != nil {
		return "youtube", m[1]
	}
	if m := reVimeo.FindStringSubmatch(u); m != nil {
		return "vimeo", m[1]
	}
	return "", ""
}

// renderedEmbed rebuilds a rendered embed figure (WordPress's
// wp-block-embed) as it was displayed: with the provider's iframe when
// oEmbed worked, or only the URL as text when it did not. Either way the
// embed becomes blogport's iframe or link.
func (c *cleaner) renderedEmbed(fig *xhtml.Node) {
	var wrapper, iframe *xhtml.Node
	var find func(*xhtml.Node)
	find = func(n *xhtml.Node) {
		for k := n.FirstChild; k != nil; k = k.NextSibling {
			switch {
			case k.Type != xhtml.ElementNode:
			case k.DataAtom == atom.Iframe && iframe == nil:
				iframe = k
			case hasClass(k, "wp-block-embed__wrapper") && wrapper == nil:
				wrapper = k
				find(k)
			default:
				find(k)
			}
		}
	}
	find(fig)
	if wrapper == nil || iframe != nil {
		return
	}
	u := strings.TrimSpace(textContent(wrapper))
	if u == "" || strings.ContainsAny(u, " \n") {
		return
	}
	frag, err := xhtml.ParseFragment(strings.NewReader(Embed(u)), fig)
	if err != nil {
		return
	}
	for _, n := range frag {
		fig.InsertBefore(n, wrapper)
	}
	fig.RemoveChild(wrapper)
}
