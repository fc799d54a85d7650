package normalize

import (
	"strings"
	"unicode"

	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// pageBreaks turn WordPress's <!--nextpage--> into a rule: the pages of a
// multi-page post are written as one, each break where it was (as the
// block editor's page break is). It runs before the walk, as a break
// wpautop put inside a paragraph splits it.
func (c *cleaner) pageBreaks() {
	marks := collect(c.root, func(k *xhtml.Node) bool {
		return k.Type == xhtml.CommentNode && strings.TrimSpace(k.Data) == "nextpage"
	})
	for _, m := range marks {
		pageBreak(m)
	}
	c.pages = len(marks)
}

// pageBreak puts a rule in place of a page break mark; in a paragraph, it
// splits it, and the line breaks wpautop put around the mark go.
func pageBreak(mark *xhtml.Node) {
	hr := &xhtml.Node{Type: xhtml.ElementNode, Data: "hr", DataAtom: atom.Hr}
	p := mark.Parent
	if p.DataAtom != atom.P || p.Parent == nil {
		p.InsertBefore(hr, mark)
		p.RemoveChild(mark)
		return
	}
	rest := &xhtml.Node{Type: xhtml.ElementNode, Data: "p", DataAtom: atom.P, Attr: p.Attr}
	for k := mark.NextSibling; k != nil; k = mark.NextSibling {
		p.RemoveChild(k)
		rest.AppendChild(k)
	}
	p.RemoveChild(mark)
	trimBreaks(p, false)
	trimBreaks(rest, true)
	p.Parent.InsertBefore(hr, p.NextSibling)
	if rest.FirstChild != nil {
		p.Parent.InsertBefore(rest, hr.NextSibling)
	}
	if p.FirstChild == nil {
		p.Parent.RemoveChild(p)
	}
}

// trimBreaks removes the <br> and white space at the start (or the end)
// of p.
func trimBreaks(p *xhtml.Node, start bool) {
	end, trim := p.LastChild, strings.TrimRightFunc
	if start {
		end, trim = p.FirstChild, strings.TrimLeftFunc
	}
	for k := end; k != nil; k = end {
		if k.Type == xhtml.TextNode {
			if k.Data = trim(k.Data, unicode.IsSpace); k.Data != "" {
				return
			}
		} else if k.Type != xhtml.ElementNode || k.DataAtom != atom.Br {
			return
		}
		end = k.NextSibling
		if !start {
			end = k.PrevSibling
		}
		p.RemoveChild(k)
	}
}
