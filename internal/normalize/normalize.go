// Package normalize turns a post's display HTML, whatever its source, into
// the clean, self-contained HTML the converter takes.
package normalize

import (
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"

	"github.com/blogport/blogport/internal/post"
	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Content is display HTML on its way to Clean: a post's content when it is
// already rendered, or what a source's editor rules made of it.
type Content struct {
	HTML string
	// Footnotes holds the HTML of footnotes the editor rules already
	// numbered: <blogport-fnref>N</blogport-fnref> refers to Footnotes[N-1].
	Footnotes []string
	Notes     []post.Note // what producing HTML reported; Clean adds its own
}

// Prepared is a post's content ready for the converter.
type Prepared struct {
	HTML   string
	Assets []post.Asset // media the content references, originals, sorted by URL
	Notes  []post.Note
}

// Links maps an absolute old-site URL (without fragment) to the new URL
// of the page it now lives at.
type Links func(oldURL string) (newURL string, ok bool)

type cleaner struct {
	root      *xhtml.Node
	links     Links
	post      *post.Post
	site      *post.Site
	base      *url.URL
	host      string
	notes     []post.Note
	footnotes []string // HTML of each footnote, in reference order
	assets    map[string]post.Asset
	pages     int // page breaks met
	formulas  int // TeX formulas (MathElement)
	disarmed  int // event handlers and script addresses removed (disarm)
}

// Clean makes in self-contained: URLs are made absolute, resized images
// resolved to their originals through the site's media library, code
// highlighter markup reduced to <pre><code class="language-x">, emoji
// images turned back into characters, rendered embeds rebuilt, footnotes
// (the editor's and those made by hand) gathered into one list, page
// breaks made rules, scripts and styles dropped, and links to other
// posts pointed at their new URLs (links may be nil). The assets it
// returns are the media the content references. It never fetches anything.
func Clean(p *post.Post, site *post.Site, in Content, links Links) Prepared {
	c := &cleaner{post: p, site: site, links: links, assets: map[string]post.Asset{},
		notes: slices.Clip(in.Notes), footnotes: slices.Clip(in.Footnotes)}
	c.base, _ = url.Parse(site.URL)
	if l, err := url.Parse(p.Link); err == nil && l.IsAbs() {
		c.base = l
	}
	if c.base == nil {
		c.base = &url.URL{}
	}
	if su, err := url.Parse(site.URL); err == nil {
		c.host = su.Host
	}

	text := in.HTML
	if !p.Rendered {
		text = wpSyntaxText(text)
	}
	if !strings.Contains(text, FootnoteListMark) {
		text += FootnoteListMark
	}
	out := c.clean(text)
	if c.disarmed > 0 {
		c.note("unsafe_html: %d event handler attributes and javascript:, vbscript: or data: addresses removed: they would run in the new site", c.disarmed)
	}
	if c.pages > 0 {
		c.note("page_breaks: %d pages (<!--nextpage-->) written as one, a horizontal rule at each page break", c.pages+1)
	}
	if c.formulas > 0 {
		what := "formulas"
		if c.formulas == 1 {
			what = "formula"
		}
		c.note("math: %d %s written as TeX ($…$), rendered by MathJax on the new site", c.formulas, what)
	}
	if p.Thumbnail != "" {
		c.asset(p.Thumbnail)
	}
	prep := Prepared{HTML: out, Notes: c.notes}
	for _, a := range c.assets {
		prep.Assets = append(prep.Assets, a)
	}
	sort.Slice(prep.Assets, func(i, j int) bool { return prep.Assets[i].URL < prep.Assets[j].URL })
	return prep
}

func (c *cleaner) note(format string, args ...any) {
	c.notes = append(c.notes, post.Note{Where: c.post.Origin, What: fmt.Sprintf(format, args...)})
}

// clean works on the parsed HTML.
func (c *cleaner) clean(text string) string {
	body := &xhtml.Node{Type: xhtml.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := xhtml.ParseFragment(strings.NewReader(text), body)
	if err != nil { // x/net/html only fails on reader errors
		return text
	}
	for _, n := range nodes {
		body.AppendChild(n)
	}
	c.root = body
	c.pageBreaks()
	c.handmadeFootnotes()
	c.walk(body)
	var b strings.Builder
	for n := body.FirstChild; n != nil; n = n.NextSibling {
		_ = xhtml.Render(&b, n)
	}
	return b.String()
}

func (c *cleaner) walk(n *xhtml.Node) {
	for child := n.FirstChild; child != nil; {
		next := child.NextSibling
		c.visit(child)
		child = next
	}
}

func (c *cleaner) visit(n *xhtml.Node) {
	switch n.Type {
	case xhtml.CommentNode:
		if strings.HasPrefix(strings.TrimSpace(n.Data), "more") {
			n.Type, n.Data, n.DataAtom = xhtml.ElementNode, MoreElement, 0
			return
		}
		n.Parent.RemoveChild(n)
		return
	case xhtml.ElementNode:
		c.disarm(n)
	case xhtml.TextNode:
		if !c.post.Rendered { // Jetpack turned $latex into images on display
			c.jetpackLatex(n)
		}
		return
	default:
		return
	}
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Noscript:
		if n.DataAtom == atom.Style && n.Namespace == "svg" { // the drawing's own styles
			return
		}
		n.Parent.RemoveChild(n)
		return
	case atom.Img:
		c.image(n)
		return
	case atom.A:
		c.link(n)
		return
	case atom.Iframe, atom.Embed:
		setAttr(n, "src", c.abs(attr(n, "src")))
	case atom.Video, atom.Audio, atom.Source:
		if src := attr(n, "src"); src != "" {
			setAttr(n, "src", c.asset(c.abs(src)))
		}
		if poster := attr(n, "poster"); poster != "" {
			setAttr(n, "poster", c.asset(c.abs(poster)))
		}
	case atom.Pre:
		normalizeCode(n)
		return
	case atom.Figure:
		if hasClass(n, "wp-block-embed") {
			c.renderedEmbed(n)
		}
	case atom.Ol:
		if hasClass(n, "wp-block-footnotes") { // rendered list; its items went to the references
			n.Parent.RemoveChild(n)
			return
		}
	case atom.Sup:
		if id := attr(n, "data-fn"); id != "" {
			c.replaceFootnoteRef(n, id)
			return
		}
	}
	if n.Data == MathElement {
		c.formulas++
		return
	}
	if n.Data == FootnoteList {
		c.fillFootnotes(n)
		return
	}
	c.walk(n)
}

// link makes an <a> absolute: a link to media becomes an asset, a link to
// another post its new URL.
func (c *cleaner) link(n *xhtml.Node) {
	if href := attr(n, "href"); href != "" && !strings.HasPrefix(href, "#") {
		u := c.abs(href)
		if _, known := c.site.Media.Original(u, c.host); known || isMediaFile(u) && c.sameHost(u) {
			u = c.asset(u)
		} else if c.links != nil {
			u = c.relink(u)
		}
		setAttr(n, "href", u)
	}
	c.walk(n)
	unwrapSelfLinkedImage(n)
}

// abs resolves a URL against the post's permalink (or the site).
func (c *cleaner) abs(raw string) string {
	raw = strings.TrimSpace(raw)
	if raw == "" || strings.HasPrefix(raw, "data:") || strings.HasPrefix(raw, "mailto:") || strings.HasPrefix(raw, "#") {
		return raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		return raw
	}
	return c.base.ResolveReference(u).String()
}

// relink points a link to another post of the old site at its new URL,
// keeping any #fragment.
func (c *cleaner) relink(u string) string {
	base, frag, _ := strings.Cut(u, "#")
	if n, ok := c.links(base); ok {
		if frag != "" {
			return n + "#" + frag
		}
		return n
	}
	return u
}

func (c *cleaner) sameHost(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && post.SameHost(u.Host, c.host)
}
