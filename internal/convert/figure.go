package convert

import (
	"bytes"
	"strings"

	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// renderFigure writes an image with its caption (WordPress's [caption],
// a block image's figcaption, each image of a gallery) in one way per
// target: Hugo's figure shortcode, which renders the caption as Markdown,
// or an HTML <figure> for the others, which pass HTML through. Markdown
// has no captioned image; an image and a paragraph under it would come
// apart. Any other figure is rendered as its content.
func (c *Converter) renderFigure(ctx converter.Context, w converter.Writer, n *html.Node) converter.RenderStatus {
	img, link, caption := figureParts(n)
	if img == nil {
		return converter.RenderTryNext
	}
	w.WriteString("\n\n")
	if c.target.Embeds == EmbedShortcodes {
		var buf bytes.Buffer
		ctx.RenderChildNodes(ctx, &buf, caption)
		// no title: the shortcode's is a heading over the caption, not the
		// image's hover text
		sc := "{{< figure" + shortcodeParam("src", attr(img, "src")) + shortcodeParam("alt", attr(img, "alt")) +
			shortcodeParam("link", link) +
			shortcodeParam("caption", strings.Join(strings.Fields(string(ctx.UnEscapeContent(buf.Bytes()))), " ")) + " >}}"
		w.WriteString(emitRaw(ctx, sc))
	} else {
		fig := &html.Node{Type: html.ElementNode, Data: "figure", DataAtom: atom.Figure}
		pic := &html.Node{Type: html.ElementNode, Data: "img", DataAtom: atom.Img}
		for _, k := range []string{"src", "alt", "title"} {
			if v := attr(img, k); v != "" || k == "alt" {
				pic.Attr = append(pic.Attr, html.Attribute{Key: k, Val: v})
			}
		}
		if link != "" {
			a := &html.Node{Type: html.ElementNode, Data: "a", DataAtom: atom.A, Attr: []html.Attribute{{Key: "href", Val: link}}}
			a.AppendChild(pic)
			pic = a
		}
		fig.AppendChild(pic)
		capt := &html.Node{Type: html.ElementNode, Data: "figcaption", DataAtom: atom.Figcaption}
		for k := caption.FirstChild; k != nil; k = caption.FirstChild {
			caption.RemoveChild(k)
			capt.AppendChild(k)
		}
		fig.AppendChild(capt)
		writeHTML(w, fig)
	}
	w.WriteString("\n\n")
	return converter.RenderSuccess
}

// figureParts are the image of a captioned-image figure, the link around
// it and the caption: nil unless the figure holds just those.
func figureParts(fig *html.Node) (img *html.Node, link string, caption *html.Node) {
	for k := fig.FirstChild; k != nil; k = k.NextSibling {
		switch {
		case k.Type == html.TextNode && strings.TrimSpace(k.Data) == "":
		case k.Type != html.ElementNode:
			return nil, "", nil
		case k.Data == "figcaption" && caption == nil:
			caption = k
		case k.Data == "img" && img == nil:
			img = k
		case k.Data == "a" && img == nil && soleImage(k) != nil:
			img, link = soleImage(k), attr(k, "href")
		default:
			return nil, "", nil
		}
	}
	if caption == nil || strings.TrimSpace(textAll(caption)) == "" {
		return nil, "", nil
	}
	return img, link, caption
}

// soleImage is the <img> that is all of a link.
func soleImage(a *html.Node) *html.Node {
	var img *html.Node
	for k := a.FirstChild; k != nil; k = k.NextSibling {
		switch {
		case k.Type == html.TextNode && strings.TrimSpace(k.Data) == "":
		case k.Type == html.ElementNode && k.Data == "img" && img == nil:
			img = k
		default:
			return nil
		}
	}
	return img
}

// shortcodeParam is ` key="value"` for a Hugo shortcode, "" for no value.
// Hugo reads \" inside a quoted value as a quote.
func shortcodeParam(key, val string) string {
	if val == "" {
		return ""
	}
	return " " + key + `="` + strings.ReplaceAll(val, `"`, `\"`) + `"`
}
