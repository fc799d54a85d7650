package wp

import (
	"fmt"
	"html"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strings"

	"github.com/blogport/blogport/internal/post"
	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Elements Prepare leaves for the converter: the <!--more--> mark, a
// footnote reference and the footnote list.
const (
	MoreElement     = "blogport-more"
	FootnoteRef     = "blogport-fnref"
	FootnoteList    = "blogport-footnotes"
	footnotesMarker = "<" + FootnoteList + "></" + FootnoteList + ">"
)

// Prepared is a post's content ready for the converter.
type Prepared struct {
	HTML   string
	Assets []post.Asset // media the content references, originals, sorted by URL
	Notes  []post.Note
}

// Links maps an absolute old-site URL (without fragment) to the new URL
// of the page it now lives at.
type Links func(oldURL string) (newURL string, ok bool)

type preparer struct {
	root      *xhtml.Node
	links     Links
	post      *post.Post
	site      *post.Site
	base      *url.URL
	host      string
	notes     []post.Note
	footnotes []string // HTML of each footnote, in reference order
	assets    map[string]post.Asset
}

// Prepare turns a post's stored content into clean HTML: block-editor
// content is rendered from its blocks, classic content goes through
// wpautop; shortcodes are expanded (unknown ones kept and reported);
// URLs are made absolute, resized images resolved to their originals,
// code-highlighter markup reduced to <pre><code class="language-x">, emoji
// images turned back into characters, and links to other posts pointed at
// their new URLs (links may be nil). It never fetches anything.
func Prepare(p *post.Post, site *post.Site, links Links) Prepared {
	c := &preparer{post: p, site: site, links: links, assets: map[string]post.Asset{}}
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

	text := p.Content
	switch {
	case p.Rendered:
	case HasBlocks(text):
		text = c.renderBlocks(parseBlocks(text), 0)
	default:
		text = Autop(protectCode(text))
		text = shortcodeUnautop(text)
	}
	if names := unknownShortcodes(text); len(names) > 0 {
		c.note("unknown shortcodes kept as text: [%s]", strings.Join(names, "], ["))
	}
	if !p.Rendered {
		text = c.doShortcodes(text)
	}
	if !strings.Contains(text, footnotesMarker) {
		text += footnotesMarker
	}

	out := c.clean(text)
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

func (c *preparer) note(format string, args ...any) {
	c.notes = append(c.notes, post.Note{Where: c.post.Origin, What: fmt.Sprintf(format, args...)})
}

// clean works on the parsed HTML.
func (c *preparer) clean(text string) string {
	body := &xhtml.Node{Type: xhtml.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := xhtml.ParseFragment(strings.NewReader(text), body)
	if err != nil { // x/net/html only fails on reader errors
		return text
	}
	for _, n := range nodes {
		body.AppendChild(n)
	}
	c.root = body
	c.walk(body)
	var b strings.Builder
	for n := body.FirstChild; n != nil; n = n.NextSibling {
		_ = xhtml.Render(&b, n)
	}
	return b.String()
}

func (c *preparer) walk(n *xhtml.Node) {
	for child := n.FirstChild; child != nil; {
		next := child.NextSibling
		c.visit(child)
		child = next
	}
}

func (c *preparer) visit(n *xhtml.Node) {
	switch n.Type {
	case xhtml.CommentNode:
		if strings.HasPrefix(strings.TrimSpace(n.Data), "more") {
			n.Type, n.Data, n.DataAtom = xhtml.ElementNode, MoreElement, 0
			return
		}
		n.Parent.RemoveChild(n)
		return
	case xhtml.ElementNode:
	default:
		return
	}
	switch n.DataAtom {
	case atom.Script, atom.Style, atom.Noscript:
		n.Parent.RemoveChild(n)
		return
	case atom.Img:
		if alt := attr(n, "alt"); isEmojiImage(n) && alt != "" {
			replaceWithText(n, alt)
			return
		}
		src := firstNonEmpty(attr(n, "data-orig-file"), attr(n, "data-src"), attr(n, "data-lazy-src"), attr(n, "src"))
		if best := largestSrcset(attr(n, "srcset")); best != "" {
			// without the media library to name the original, the widest
			// candidate is the closest to it
			if _, known := c.site.Media.Original(c.abs(src), c.host); src == "" || !known {
				src = best
			}
		}
		src = c.asset(c.abs(src))
		setAttr(n, "src", src)
		for _, k := range []string{"srcset", "sizes", "data-src", "data-lazy-src", "data-orig-file", "loading", "decoding", "width", "height", "class", "style"} {
			delAttr(n, k)
		}
	case atom.A:
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
	if n.Data == FootnoteList {
		c.fillFootnotes(n)
		return
	}
	c.walk(n)
}

// abs resolves a URL against the post's permalink (or the site).
func (c *preparer) abs(raw string) string {
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
func (c *preparer) relink(u string) string {
	base, frag, _ := strings.Cut(u, "#")
	if n, ok := c.links(base); ok {
		if frag != "" {
			return n + "#" + frag
		}
		return n
	}
	return u
}

func (c *preparer) sameHost(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && post.SameHost(u.Host, c.host)
}

// asset records a media reference and returns the URL the content should
// use: the original upload when raw is a resized variant.
func (c *preparer) asset(raw string) string {
	if raw == "" || strings.HasPrefix(raw, "data:") {
		return raw
	}
	a := post.Asset{URL: raw}
	if orig, ok := c.site.Media.Original(raw, c.host); ok && orig != raw {
		a = post.Asset{URL: orig, From: raw}
	}
	if prev, ok := c.assets[a.URL]; !ok || prev.From == "" {
		c.assets[a.URL] = a
	}
	return a.URL
}

var mediaExt = map[string]bool{
	".jpg": true, ".jpeg": true, ".png": true, ".gif": true, ".webp": true, ".avif": true, ".svg": true,
	".mp3": true, ".m4a": true, ".ogg": true, ".wav": true, ".mp4": true, ".m4v": true, ".webm": true,
	".mov": true, ".pdf": true, ".zip": true,
}

func isMediaFile(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && mediaExt[strings.ToLower(path.Ext(u.Path))]
}

func isEmojiImage(n *xhtml.Node) bool {
	class := " " + attr(n, "class") + " "
	return strings.Contains(class, " emoji ") || strings.Contains(class, " wp-smiley ") ||
		strings.Contains(attr(n, "src"), "/images/core/emoji/")
}

// largestSrcset picks the widest candidate of a srcset attribute.
func largestSrcset(s string) string {
	best, bestW := "", -1.0
	for _, cand := range strings.Split(s, ",") {
		f := strings.Fields(cand)
		if len(f) == 0 {
			continue
		}
		w := 0.0
		if len(f) > 1 {
			fmt.Sscanf(strings.TrimRight(f[1], "wx"), "%g", &w)
		}
		if w > bestW {
			best, bestW = f[0], w
		}
	}
	return best
}

// unwrapSelfLinkedImage turns <a href=X><img src=X></a> into <img src=X>:
// once variants are resolved, the link only repeats the image.
func unwrapSelfLinkedImage(a *xhtml.Node) {
	var img *xhtml.Node
	for c := a.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == xhtml.ElementNode && c.DataAtom == atom.Img && img == nil:
			img = c
		case c.Type == xhtml.TextNode && strings.TrimSpace(c.Data) == "":
		default:
			return
		}
	}
	if img == nil || attr(img, "src") != attr(a, "href") {
		return
	}
	a.RemoveChild(img)
	a.Parent.InsertBefore(img, a)
	a.Parent.RemoveChild(a)
}

var (
	reBrush     = regexp.MustCompile(`(?:^|[\s;])brush:\s*([\w#+-]+)`)
	reLangClass = regexp.MustCompile(`(?:^|\s)(?:lang:|lang-|language-)([\w#+-]+)`)
)

// normalizeCode reduces the markup of code highlighters (SyntaxHighlighter
// brush:, Crayon lang:, WP-Syntax lang=, Enlighter data-enlighter-language,
// Prism/highlight.js language-x and lang-x) to
// <pre><code class="language-x">text</code></pre>.
func normalizeCode(pre *xhtml.Node) {
	lang := attr(pre, "data-enlighter-language")
	if lang == "" {
		lang = attr(pre, "lang")
	}
	if m := reBrush.FindStringSubmatch(attr(pre, "class")); lang == "" && m != nil {
		lang = m[1]
	}
	if m := reLangClass.FindStringSubmatch(attr(pre, "class")); lang == "" && m != nil {
		lang = m[1]
	}
	// Jekyll's Rouge puts the language two levels up:
	// <div class="language-go highlighter-rouge"><div class="highlight"><pre>
	for up, n := 0, pre.Parent; lang == "" && up < 2 && n != nil; up, n = up+1, n.Parent {
		if m := reLangClass.FindStringSubmatch(attr(n, "class")); m != nil {
			lang = m[1]
		}
	}
	var code *xhtml.Node
	if c := pre.FirstChild; c != nil && c.DataAtom == atom.Code && c.NextSibling == nil {
		code = c
		if m := reLangClass.FindStringSubmatch(attr(c, "class")); lang == "" && m != nil {
			lang = m[1]
		}
	}
	text := textContent(pre)
	for c := pre.FirstChild; c != nil; c = pre.FirstChild {
		pre.RemoveChild(c)
	}
	pre.Attr = nil
	code = &xhtml.Node{Type: xhtml.ElementNode, Data: "code", DataAtom: atom.Code}
	if lang = strings.ToLower(lang); lang != "" && lang != "plain" && lang != "text" && lang != "generic" {
		setAttr(code, "class", "language-"+lang)
	}
	code.AppendChild(&xhtml.Node{Type: xhtml.TextNode, Data: text})
	pre.AppendChild(code)
}

// textContent is the text of a node, with <br> as a newline.
func textContent(n *xhtml.Node) string {
	var b strings.Builder
	var rec func(*xhtml.Node)
	rec = func(n *xhtml.Node) {
		switch {
		case n.Type == xhtml.TextNode:
			b.WriteString(n.Data)
		case n.Type == xhtml.ElementNode && n.DataAtom == atom.Br:
			b.WriteByte('\n')
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
	}
	rec(n)
	return b.String()
}

// footnoteRef registers a footnote and returns its number.
func (c *preparer) footnoteRef(content string) int {
	c.footnotes = append(c.footnotes, content)
	return len(c.footnotes)
}

// replaceFootnoteRef handles a block-editor reference <sup data-fn=ID>,
// whose text lives in the post's footnotes meta.
func (c *preparer) replaceFootnoteRef(sup *xhtml.Node, id string) {
	content, found := "", false
	for _, f := range c.post.Footnotes {
		if f.ID == id {
			content, found = f.Content, true
		}
	}
	if !found { // rendered content: the text is in <ol class="wp-block-footnotes"><li id=ID>
		content, found = c.renderedFootnote(id)
	}
	if !found {
		c.note("footnote %s has no text in the post's footnotes; kept as a plain number", id)
		replaceWithText(sup, textContent(sup))
		return
	}
	ref := &xhtml.Node{Type: xhtml.ElementNode, Data: FootnoteRef}
	ref.AppendChild(&xhtml.Node{Type: xhtml.TextNode, Data: fmt.Sprint(c.footnoteRef(content))})
	sup.Parent.InsertBefore(ref, sup)
	sup.Parent.RemoveChild(sup)
}

// renderedEmbed rebuilds an embed block as WordPress displayed it: with
// the provider's iframe when oEmbed worked, or only the URL as text when it
// did not. Either way the embed becomes blogport's iframe or link.
func (c *preparer) renderedEmbed(fig *xhtml.Node) {
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
	frag, err := xhtml.ParseFragment(strings.NewReader(embedHTML(u, "")), fig)
	if err != nil {
		return
	}
	for _, n := range frag {
		fig.InsertBefore(n, wrapper)
	}
	fig.RemoveChild(wrapper)
}

// renderedFootnote finds <li id=ID> of a rendered footnote list and
// returns its HTML without the link back to the reference.
func (c *preparer) renderedFootnote(id string) (string, bool) {
	var li *xhtml.Node
	var find func(*xhtml.Node)
	find = func(n *xhtml.Node) {
		for k := n.FirstChild; k != nil && li == nil; k = k.NextSibling {
			if k.Type == xhtml.ElementNode && k.DataAtom == atom.Li && attr(k, "id") == id {
				li = k
				return
			}
			find(k)
		}
	}
	find(c.root)
	if li == nil {
		return "", false
	}
	var b strings.Builder
	for k := li.FirstChild; k != nil; k = k.NextSibling {
		if k.Type == xhtml.ElementNode && k.DataAtom == atom.A && strings.HasPrefix(attr(k, "href"), "#") {
			continue
		}
		_ = xhtml.Render(&b, k)
	}
	return strings.TrimSpace(b.String()), true
}

func hasClass(n *xhtml.Node, class string) bool {
	for _, c := range strings.Fields(attr(n, "class")) {
		if c == class {
			return true
		}
	}
	return false
}

// fillFootnotes puts every footnote met so far into the list element.
func (c *preparer) fillFootnotes(list *xhtml.Node) {
	if len(c.footnotes) == 0 {
		list.Parent.RemoveChild(list)
		return
	}
	for i, content := range c.footnotes {
		var b strings.Builder
		fmt.Fprintf(&b, `<li value="%d">%s</li>`, i+1, content)
		frag, err := xhtml.ParseFragment(strings.NewReader(b.String()), list)
		if err != nil {
			continue
		}
		for _, n := range frag {
			list.AppendChild(n)
			c.walk(n)
		}
	}
}

func attr(n *xhtml.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func setAttr(n *xhtml.Node, key, val string) {
	for i, a := range n.Attr {
		if a.Key == key {
			n.Attr[i].Val = val
			return
		}
	}
	n.Attr = append(n.Attr, xhtml.Attribute{Key: key, Val: val})
}

func delAttr(n *xhtml.Node, key string) {
	for i, a := range n.Attr {
		if a.Key == key {
			n.Attr = append(n.Attr[:i], n.Attr[i+1:]...)
			return
		}
	}
}

func replaceWithText(n *xhtml.Node, text string) {
	n.Parent.InsertBefore(&xhtml.Node{Type: xhtml.TextNode, Data: text}, n)
	n.Parent.RemoveChild(n)
}

// embedHTML is the HTML for an embedded URL: an iframe for video players
// the converter knows, a link for anything else. WordPress builds embeds
// at display time through oEmbed, which blogport never calls.
func embedHTML(u, caption string) string {
	if u == "" {
		return ""
	}
	var b strings.Builder
	if caption != "" {
		b.WriteString("<figure>")
	}
	if IsVideoURL(u) {
		b.WriteString(`<iframe src="` + html.EscapeString(u) + `"></iframe>`)
	} else {
		b.WriteString(`<p><a href="` + html.EscapeString(u) + `">` + html.EscapeString(u) + `</a></p>`)
	}
	if caption != "" {
		b.WriteString(figcaptionHTML(caption) + "</figure>")
	}
	return b.String()
}

// IsVideoURL reports whether u is a YouTube or Vimeo video.
func IsVideoURL(u string) bool {
	kind, _ := VideoID(u)
	return kind != ""
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
