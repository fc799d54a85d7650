package normalize

import (
	"cmp"
	"html"
	"net/url"
	"regexp"
	"strconv"
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

var reDuration = regexp.MustCompile(`^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s?)?$`)

// VideoTimes is where a YouTube address says to start and end playing, in
// seconds (t=1m30s, t=90, #t=45, start=90, end=120); 0 when it does not
// say.
func VideoTimes(raw string) (start, end int) {
	u, err := url.Parse(strings.ReplaceAll(strings.TrimSpace(raw), "&amp;", "&"))
	if err != nil {
		return 0, 0
	}
	q := u.Query()
	if frag, err := url.ParseQuery(u.Fragment); err == nil && q.Get("t") == "" {
		q.Set("t", frag.Get("t"))
	}
	return seconds(cmp.Or(q.Get("start"), q.Get("t"))), seconds(q.Get("end"))
}

// seconds reads 90, 90s, 1m30s or 1h2m3s.
func seconds(s string) int {
	m := reDuration.FindStringSubmatch(s)
	if m == nil {
		return 0
	}
	n := 0
	for i, mult := range []int{3600, 60, 1} {
		v, _ := strconv.Atoi(m[1+i])
		n += v * mult
	}
	return n
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
