// Package convert turns prepared HTML into Markdown with
// html-to-markdown v2: CommonMark, GFM tables and strikethrough, fenced
// code with its language, footnotes, embeds and TeX formulas in the form
// the target generator can render, and escaping of text the generator
// would read as template syntax or math. It never fetches anything.
package convert

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/base"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/commonmark"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/strikethrough"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/table"
	"github.com/blogport/blogport/internal/normalize"
	"golang.org/x/net/html"
)

// Target is the Markdown a generator reads: how embeds are written and
// which template syntax must be escaped so that the generator shows it as
// written. The archive's layout types say which one they want; an empty
// field is Hugo's, so the zero Target is Hugo.
type Target struct {
	Embeds Embeds   // iframes, video and audio
	Escape Escaping // template syntax in the text
	Math   Math     // TeX formulas
}

// Embeds is how iframes, video and audio are written.
type Embeds string

const (
	EmbedShortcodes Embeds = "shortcodes" // YouTube and Vimeo as Hugo shortcodes, other embeds as links
	EmbedHTML       Embeds = "html"       // the element itself, cleaned: Markdown that passes raw HTML through
	EmbedLinks      Embeds = "links"      // a link to the video or file: portable CommonMark
)

// Escaping is the template syntax a generator would run if the text held it.
type Escaping string

const (
	EscapeShortcodes Escaping = "shortcodes" // {{< and {{%: Hugo's escape, {{</* x */>}}
	EscapeLiquid     Escaping = "liquid"     // {{ and {%: the text wrapped in {% raw %}
	EscapeNothing    Escaping = "none"       // no templates
)

// Math is how TeX formulas are delimited.
type Math string

const (
	MathDollars     Math = "dollars"     // $…$ inline, $$…$$ display: pandoc, GitHub, MathJax
	MathPassthrough Math = "passthrough" // the same, or \(…\) for inline TeX holding a $, which Hugo's passthrough would take for its end
	MathKramdown    Math = "kramdown"    // $$…$$ both: kramdown has no $…$, and tells display by the paragraph
)

// escapers neutralise text the generator would run, by syntax.
var escapers = map[Escaping]func(md string) string{
	EscapeShortcodes: escapeHugo,
	EscapeLiquid:     escapeLiquid,
	EscapeNothing:    func(md string) string { return md },
}

// The targets of the generators blogport writes for; each layout type of
// the archive names its own.
var (
	Hugo   = Target{EmbedShortcodes, EscapeShortcodes, MathPassthrough}
	Jekyll = Target{EmbedHTML, EscapeLiquid, MathKramdown} // kramdown passes HTML through; Liquid runs on every page
	Plain  = Target{EmbedLinks, EscapeNothing, MathDollars}
)

// Converter is safe for concurrent use; build one and share it.
type Converter struct {
	conv   *converter.Converter
	target Target
}

// New builds a converter for target and smoke-tests it, since
// html-to-markdown reports option errors only on the first conversion.
func New(target Target) (*Converter, error) {
	target.Embeds = cmp.Or(target.Embeds, Hugo.Embeds)
	target.Escape = cmp.Or(target.Escape, Hugo.Escape)
	target.Math = cmp.Or(target.Math, Hugo.Math)
	switch target.Math {
	case MathDollars, MathPassthrough, MathKramdown:
	default:
		return nil, fmt.Errorf("convert: unknown math %q (want dollars, passthrough or kramdown)", target.Math)
	}
	switch target.Embeds {
	case EmbedShortcodes, EmbedHTML, EmbedLinks:
	default:
		return nil, fmt.Errorf("convert: unknown embeds %q (want shortcodes, html or links)", target.Embeds)
	}
	if escapers[target.Escape] == nil {
		return nil, fmt.Errorf("convert: unknown escaping %q (want shortcodes, liquid or none)", target.Escape)
	}
	c := &Converter{target: target}
	c.conv = converter.NewConverter(converter.WithPlugins(
		base.NewBasePlugin(),
		commonmark.NewCommonmarkPlugin(
			commonmark.WithBulletListMarker("-"),
			commonmark.WithEmDelimiter("*"),
			commonmark.WithStrongDelimiter("**"),
		),
		table.NewTablePlugin(
			table.WithNewlineBehavior(table.NewlineBehaviorPreserve),
			table.WithHeaderPromotion(true),
			table.WithSpanCellBehavior(table.SpanBehaviorEmpty),
		),
		strikethrough.NewStrikethroughPlugin(),
	))
	r := c.conv.Register
	r.PreRenderer(markGenericHTML, converter.PriorityEarly-10)
	r.PreRenderer(footerRowsLast, converter.PriorityEarly-10)
	r.PreRenderer(keepSVG, converter.PriorityEarly-10)
	// The base plugin removes iframes; an embed must never vanish.
	r.RendererFor("iframe", converter.TagTypeBlock, c.renderIframe, converter.PriorityEarly)
	r.RendererFor("video", converter.TagTypeBlock, c.renderMedia, converter.PriorityEarly)
	r.RendererFor("audio", converter.TagTypeBlock, c.renderMedia, converter.PriorityEarly)
	r.RendererFor("figcaption", converter.TagTypeBlock, renderCaption, converter.PriorityEarly)
	r.RendererFor("caption", converter.TagTypeBlock, renderCaption, converter.PriorityEarly)
	r.RendererFor("figure", converter.TagTypeBlock, c.renderFigure, converter.PriorityEarly)
	r.RendererFor("details", converter.TagTypeBlock, renderDetails, converter.PriorityEarly)
	r.RendererFor("ol", converter.TagTypeBlock, renderReversedList, converter.PriorityEarly)
	r.RendererFor("dl", converter.TagTypeBlock, renderAsHTML, converter.PriorityEarly)
	for _, name := range inlineKept {
		r.RendererFor(name, converter.TagTypeInline, renderInlineKept, converter.PriorityEarly)
	}
	r.RendererFor(normalize.MathElement, converter.TagTypeInline, c.renderMath, converter.PriorityEarly)
	r.EscapedChar('$')
	r.UnEscaper(escapeDollar, converter.PriorityStandard)
	r.RendererFor(normalize.MoreElement, converter.TagTypeBlock, renderMore, converter.PriorityEarly)
	r.RendererFor(normalize.FootnoteRef, converter.TagTypeInline, renderFootnoteRef, converter.PriorityEarly)
	r.RendererFor(normalize.FootnoteList, converter.TagTypeBlock, renderFootnotes, converter.PriorityEarly)
	if _, err := c.conv.ConvertString("<p>ok</p>"); err != nil {
		return nil, fmt.Errorf("convert: %w", err)
	}
	return c, nil
}

// Convert turns HTML (UTF-8) into Markdown ending in one newline, or ""
// for empty content.
func (c *Converter) Convert(ctx context.Context, htmlText string) (string, error) {
	st := &state{raw: kept{mark: 'r'}, text: kept{mark: 't'}}
	out, err := c.conv.ConvertString(htmlText, converter.WithContext(context.WithValue(ctx, stateKey{}, st)))
	if err != nil {
		return "", err
	}
	md := st.text.restore(tidy(out)) // text as written, which templates must not run either
	md = st.raw.restore(escapers[c.target.Escape](md))
	if md == "" {
		return "", nil
	}
	return md + "\n", nil
}

// state collects, per conversion, what Markdown escaping must leave
// alone: the generator syntax blogport emits itself (Hugo shortcodes),
// which template escaping leaves alone too, and text such as TeX, which
// it does not.
type state struct {
	raw  kept
	text kept
}
type stateKey struct{}

// kept is written text, each piece standing in the Markdown as its token
// until it is restored.
type kept struct {
	mark   byte // tells the tokens of two lists apart
	pieces []string
}

// token stands in for kept text until escaping is done. Private-use
// characters never occur in converted text.
func (k *kept) token(i int) string { return fmt.Sprintf("\uE000%c%d\uE001", k.mark, i) }

func (k *kept) restore(md string) string {
	for i, s := range k.pieces {
		md = strings.Replace(md, k.token(i), s, 1)
	}
	return md
}

// emitRaw writes generator syntax: escaped neither as Markdown nor as a
// template.
func emitRaw(ctx converter.Context, s string) string {
	return emit(ctx, s, func(st *state) *kept { return &st.raw })
}

// emitText writes text that Markdown must not escape but the template
// escaping of the target must, as any text of the post.
func emitText(ctx converter.Context, s string) string {
	return emit(ctx, s, func(st *state) *kept { return &st.text })
}

func emit(ctx converter.Context, s string, list func(*state) *kept) string {
	st, _ := ctx.Value(stateKey{}).(*state)
	if st == nil {
		return s
	}
	k := list(st)
	k.pieces = append(k.pieces, s)
	return k.token(len(k.pieces) - 1)
}

var reBlankRuns = regexp.MustCompile(`\n{3,}`)

// tidy empties whitespace-only lines (keeping the two trailing spaces of a
// hard line break), collapses blank runs and drops needless escapes, all
// outside fenced code: code keeps every line byte for byte.
//
// It is one pass over the lines, as it runs on every post: a blank line
// is dropped and the newlines between two lines are written two at most,
// as collapsing `\n{3,}` would leave them; blank lines open and close no
// code fence, so the escapes are dropped in the same pass.
func tidy(md string) string {
	var b strings.Builder
	b.Grow(len(md))
	var fence string
	newlines := 0 // pending, before the next line that is not blank
	for line := range strings.SplitSeq(md, "\n") {
		if fence == "" && strings.TrimSpace(line) == "" {
			newlines++
			continue
		}
		// Leading and trailing blank lines are left out: TrimSpace would
		// drop the newlines they leave.
		if b.Len() > 0 {
			b.WriteString("\n\n"[:min(newlines+1, 2)])
		}
		newlines = 0
		b.WriteString(unescapeFenced(line, &fence))
	}
	return strings.TrimSpace(b.String())
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func (c *Converter) renderIframe(ctx converter.Context, w converter.Writer, n *html.Node) converter.RenderStatus {
	src := attr(n, "src")
	if src == "" {
		return converter.RenderSuccess
	}
	kind, id := normalize.VideoID(src)
	title := strings.TrimSpace(attr(n, "title"))
	start, end := 0, 0
	if kind == "youtube" {
		start, end = normalize.VideoTimes(src)
	}
	w.WriteString("\n\n")
	switch {
	case c.target.Embeds == EmbedShortcodes && kind != "":
		w.WriteString(emitRaw(ctx, videoShortcode(kind, id, start, end)))
	case c.target.Embeds == EmbedHTML:
		switch kind {
		case "youtube":
			src, title = "https://www.youtube-nocookie.com/embed/"+id+timeQuery("?", "start=", start, end), cmp.Or(title, "YouTube video "+id)
		case "vimeo":
			src, title = "https://player.vimeo.com/video/"+id, cmp.Or(title, "Vimeo video "+id)
		}
		fmt.Fprintf(w, `<iframe src="%s" title="%s" width="560" height="315" frameborder="0" allowfullscreen></iframe>`,
			html.EscapeString(src), html.EscapeString(cmp.Or(title, "Embedded content")))
	default:
		switch kind {
		case "youtube":
			src, title = "https://www.youtube.com/watch?v="+id+timeQuery("&", "t=", start, 0), cmp.Or(title, "YouTube video "+id)
		case "vimeo":
			src, title = "https://vimeo.com/"+id, cmp.Or(title, "Vimeo video "+id)
		}
		writeLink(ctx, w, cmp.Or(title, src), src)
	}
	w.WriteString("\n\n")
	return converter.RenderSuccess
}

// videoShortcode is Hugo's shortcode for a video; with a start or end
// time, in the named form Hugo's youtube shortcode reads them from (older
// Hugo plays it from the start).
func videoShortcode(kind, id string, start, end int) string {
	if start == 0 && end == 0 {
		return fmt.Sprintf("{{< %s %s >}}", kind, id)
	}
	s := fmt.Sprintf(`{{< %s id="%s"`, kind, id)
	if start > 0 {
		s += fmt.Sprintf(` start="%d"`, start)
	}
	if end > 0 {
		s += fmt.Sprintf(` end="%d"`, end)
	}
	return s + " >}}"
}

// timeQuery is the query that starts (and ends) a YouTube video where
// the post said: sep, then startKey and the seconds, then end=.
func timeQuery(sep, startKey string, start, end int) string {
	var parts []string
	if start > 0 {
		parts = append(parts, startKey+strconv.Itoa(start))
	}
	if end > 0 {
		parts = append(parts, "end="+strconv.Itoa(end))
	}
	if parts == nil {
		return ""
	}
	return sep + strings.Join(parts, "&")
}

func (c *Converter) renderMedia(ctx converter.Context, w converter.Writer, n *html.Node) converter.RenderStatus {
	src := attr(n, "src")
	for s := n.FirstChild; src == "" && s != nil; s = s.NextSibling {
		if s.Type == html.ElementNode && s.Data == "source" {
			src = attr(s, "src")
		}
	}
	if src == "" {
		return converter.RenderSuccess
	}
	w.WriteString("\n\n")
	if c.target.Embeds == EmbedHTML {
		fmt.Fprintf(w, `<%s controls src="%s"></%s>`, n.Data, html.EscapeString(src), n.Data)
	} else {
		name := src[strings.LastIndexByte(src, '/')+1:]
		writeLink(ctx, w, cmp.Or(name, src), src)
	}
	w.WriteString("\n\n")
	return converter.RenderSuccess
}

// hrefEscapes keep a link's target in one piece in Markdown.
var hrefEscapes = strings.NewReplacer(" ", "%20", "(", "%28", ")", "%29")

func writeLink(ctx converter.Context, w converter.Writer, text, href string) {
	w.WriteString("[")
	w.Write(ctx.EscapeContent([]byte(text)))
	w.WriteString("](")
	w.WriteString(hrefEscapes.Replace(href))
	w.WriteString(")")
}

// renderCaption writes the caption of a table, or of a figure that is no
// captioned image, as its own emphasised paragraph under it. Emphasis in
// it goes: in an emphasised line it shows no different, and Markdown
// renderers (and html-to-markdown) would not nest it.
func renderCaption(ctx converter.Context, w converter.Writer, n *html.Node) converter.RenderStatus {
	unwrapEmphasis(n)
	var buf bytes.Buffer
	ctx.RenderChildNodes(ctx, &buf, n)
	text := strings.Join(strings.Fields(buf.String()), " ")
	if text == "" {
		return converter.RenderSuccess
	}
	w.WriteString("\n\n*" + text + "*\n\n")
	return converter.RenderSuccess
}

// unwrapEmphasis puts the content of each <em> and <i> in n in its place.
func unwrapEmphasis(n *html.Node) {
	for k := n.FirstChild; k != nil; {
		next := k.NextSibling
		unwrapEmphasis(k)
		if k.Type == html.ElementNode && (k.Data == "em" || k.Data == "i") {
			for c := k.FirstChild; c != nil; c = k.FirstChild {
				k.RemoveChild(c)
				n.InsertBefore(c, k)
			}
			n.RemoveChild(k)
		}
		k = next
	}
}

// renderMore keeps WordPress's summary mark, which Hugo reads too.
func renderMore(_ converter.Context, w converter.Writer, _ *html.Node) converter.RenderStatus {
	w.WriteString("\n\n<!--more-->\n\n")
	return converter.RenderSuccess
}

func renderFootnoteRef(_ converter.Context, w converter.Writer, n *html.Node) converter.RenderStatus {
	w.WriteString("[^" + strings.TrimSpace(textAll(n)) + "]")
	return converter.RenderSuccess
}

func renderFootnotes(ctx converter.Context, w converter.Writer, n *html.Node) converter.RenderStatus {
	w.WriteString("\n\n")
	for li := n.FirstChild; li != nil; li = li.NextSibling {
		if li.Type != html.ElementNode {
			continue
		}
		var buf bytes.Buffer
		ctx.RenderChildNodes(ctx, &buf, li)
		body := strings.TrimSpace(reBlankRuns.ReplaceAllString(buf.String(), "\n\n"))
		body = strings.ReplaceAll(body, "\n", "\n    ")
		fmt.Fprintf(w, "[^%s]: %s\n", attr(li, "value"), body)
	}
	w.WriteString("\n")
	return converter.RenderSuccess
}
