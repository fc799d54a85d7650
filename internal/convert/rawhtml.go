package convert

import (
	"bytes"
	"strings"

	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"golang.org/x/net/html"
)

// Markdown has no form for some elements; they are kept as HTML, which
// every generator blogport writes for passes through (Hugo with the
// markup.goldmark.renderer.unsafe its site config sets):
//   - <svg>, as it is, inline;
//   - <details>, whose content stays Markdown between the HTML of the
//     element and its <summary>; markdown="1" asks kramdown (Jekyll) to
//     read that content as Markdown, as CommonMark renderers do anyway;
//   - <ol reversed>: a Markdown list counts up from its first number, and
//     a list counting the wrong way is worse than HTML (a start number
//     alone is Markdown: the list starts at it);
//   - <dl>: CommonMark has no definition lists (Hugo's goldmark and
//     kramdown each have their own, unlike each other);
//   - sub, sup, mark, u, ins and abbr, around their content in Markdown.
var inlineKept = []string{"sub", "sup", "mark", "u", "ins", "abbr"}

// writeHTML writes n as HTML on lines that hold no blank one.
func writeHTML(w converter.Writer, n *html.Node) {
	var buf bytes.Buffer
	_ = html.Render(&buf, n)
	w.WriteString(reBlankLines.ReplaceAllString(buf.String(), "\n"))
}

// keepSVG puts each <svg> as it is, in place of the element, before
// whitespace is collapsed: collapsing would take an element with no text
// for nothing and drop the spaces around it. An <svg> in a paragraph is
// one line of it; one on its own opens its line with its start tag, which
// makes the rest an HTML block that Markdown leaves alone.
func keepSVG(ctx converter.Context, doc *html.Node) {
	eachElement(doc, "svg", func(n *html.Node) {
		var buf bytes.Buffer
		_ = html.Render(&buf, n)
		svg := strings.Join(strings.Fields(buf.String()), " ")
		if blockParents[n.Parent.Data] {
			start, rest, _ := strings.Cut(svg, ">")
			svg = start + ">\n" + strings.TrimSpace(rest)
		}
		text := &html.Node{Type: html.TextNode, Data: emitRaw(ctx, svg)}
		n.Parent.InsertBefore(text, n)
		n.Parent.RemoveChild(n)
	})
}

// blockParents hold blocks, not the lines of a paragraph.
var blockParents = map[string]bool{"body": true, "div": true, "section": true, "article": true, "figure": true,
	"details": true, "blockquote": true, "main": true, "aside": true, "header": true, "footer": true, "center": true}

// renderAsHTML keeps an element Markdown has no form for as HTML.
func renderAsHTML(_ converter.Context, w converter.Writer, n *html.Node) converter.RenderStatus {
	w.WriteString("\n\n")
	writeHTML(w, n)
	w.WriteString("\n\n")
	return converter.RenderSuccess
}

// renderReversedList keeps <ol reversed> as HTML.
func renderReversedList(_ converter.Context, w converter.Writer, n *html.Node) converter.RenderStatus {
	if !hasAttr(n, "reversed") {
		return converter.RenderTryNext
	}
	return renderAsHTML(nil, w, n)
}

// renderDetails writes <details> as HTML around its content in Markdown.
func renderDetails(ctx converter.Context, w converter.Writer, n *html.Node) converter.RenderStatus {
	w.WriteString("\n\n<details markdown=\"1\"")
	if hasAttr(n, "open") {
		w.WriteString(" open")
	}
	w.WriteString(">\n")
	body := &html.Node{Type: html.ElementNode, Data: "div"}
	for k := n.FirstChild; k != nil; k = n.FirstChild {
		n.RemoveChild(k)
		if k.Type == html.ElementNode && k.Data == "summary" {
			var buf bytes.Buffer
			for s := k.FirstChild; s != nil; s = s.NextSibling {
				_ = html.Render(&buf, s)
			}
			w.WriteString("<summary>" + strings.Join(strings.Fields(buf.String()), " ") + "</summary>\n")
			continue
		}
		body.AppendChild(k)
	}
	w.WriteString("\n")
	ctx.RenderChildNodes(ctx, w, body)
	w.WriteString("\n\n</details>\n\n")
	return converter.RenderSuccess
}

// renderInlineKept writes an inline element as its HTML tags (with the
// title of an abbr) around its content in Markdown.
func renderInlineKept(ctx converter.Context, w converter.Writer, n *html.Node) converter.RenderStatus {
	var buf bytes.Buffer
	ctx.RenderChildNodes(ctx, &buf, n)
	if strings.TrimSpace(buf.String()) == "" {
		return converter.RenderSuccess
	}
	w.WriteString("<" + n.Data)
	if t := attr(n, "title"); t != "" && n.Data == "abbr" {
		w.WriteString(` title="` + html.EscapeString(t) + `"`)
	}
	w.WriteString(">")
	w.Write(buf.Bytes())
	w.WriteString("</" + n.Data + ">")
	return converter.RenderSuccess
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}
