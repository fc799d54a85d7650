package normalize

import (
	"fmt"
	"strings"

	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Elements Clean leaves for the converter: the <!--more--> mark, a
// footnote reference and the footnote list.
const (
	MoreElement  = "blogport-more"
	FootnoteRef  = "blogport-fnref"
	FootnoteList = "blogport-footnotes"
	// FootnoteListMark is where the footnote list goes; Clean puts one at
	// the end of content that has none.
	FootnoteListMark = "<" + FootnoteList + "></" + FootnoteList + ">"
)

// footnoteRef registers a footnote and returns its number.
func (c *cleaner) footnoteRef(content string) int {
	c.footnotes = append(c.footnotes, content)
	return len(c.footnotes)
}

// replaceFootnoteRef handles a block-editor reference <sup data-fn=ID>,
// whose text lives in the post's footnotes meta.
func (c *cleaner) replaceFootnoteRef(sup *xhtml.Node, id string) {
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

// renderedFootnote finds <li id=ID> of a rendered footnote list and
// returns its HTML without the link back to the reference.
func (c *cleaner) renderedFootnote(id string) (string, bool) {
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

// fillFootnotes puts every footnote met so far into the list element.
func (c *cleaner) fillFootnotes(list *xhtml.Node) {
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
