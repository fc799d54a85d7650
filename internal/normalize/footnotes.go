package normalize

import (
	"fmt"
	"regexp"
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
	if li := c.footnoteItem(id); !found && li != nil { // rendered content: the text is in <ol class="wp-block-footnotes"><li id=ID>
		content, found = footnoteHTML(li, sup), true
	}
	if !found {
		c.note("footnote %s has no text in the post's footnotes; kept as a plain number", id)
		replaceWithText(sup, textContent(sup))
		return
	}
	putFootnoteRef(sup, c.footnoteRef(content))
}

// putFootnoteRef puts the reference to footnote number n in place of ref.
func putFootnoteRef(ref *xhtml.Node, n int) {
	el := &xhtml.Node{Type: xhtml.ElementNode, Data: FootnoteRef}
	el.AppendChild(&xhtml.Node{Type: xhtml.TextNode, Data: fmt.Sprint(n)})
	ref.Parent.InsertBefore(el, ref)
	ref.Parent.RemoveChild(ref)
}

// footnoteItem finds the <li> a footnote link's #id points at: the item
// with that id, or the one holding an anchor with that id or name.
func (c *cleaner) footnoteItem(id string) *xhtml.Node {
	var li *xhtml.Node
	var find func(n, item *xhtml.Node)
	find = func(n, item *xhtml.Node) {
		for k := n.FirstChild; k != nil && li == nil; k = k.NextSibling {
			if k.Type != xhtml.ElementNode {
				continue
			}
			inner := item
			if k.DataAtom == atom.Li {
				inner = k
			}
			if inner != nil && (attr(k, "id") == id || k.DataAtom == atom.A && attr(k, "name") == id) {
				li = inner
				return
			}
			find(k, inner)
		}
	}
	if id != "" {
		find(c.root, nil)
	}
	return li
}

// footnoteHTML is the HTML of a footnote's item without its links back
// to the reference ref (links to ref's ids, and arrows) and without the
// empty anchor ref pointed at. It takes them out of the item, which
// leaves the page with the footnote.
func footnoteHTML(li, ref *xhtml.Node) string {
	back := map[string]bool{}
	for n := ref; n != nil; n = n.FirstChild {
		if id := attr(n, "id"); id != "" {
			back["#"+id] = true
		}
	}
	var prune func(n *xhtml.Node)
	prune = func(n *xhtml.Node) {
		for k := n.FirstChild; k != nil; {
			next := k.NextSibling
			if k.Type == xhtml.ElementNode && k.DataAtom == atom.A &&
				(back[attr(k, "href")] || isBackArrow(k) || attr(k, "href") == "" && k.FirstChild == nil) {
				n.RemoveChild(k)
			} else {
				prune(k)
			}
			k = next
		}
	}
	prune(li)
	var b strings.Builder
	for k := li.FirstChild; k != nil; k = k.NextSibling {
		_ = xhtml.Render(&b, k)
	}
	return strings.TrimSpace(b.String())
}

// isBackArrow is a #link whose text is only arrows: the way back from a
// footnote.
func isBackArrow(a *xhtml.Node) bool {
	text := strings.TrimSpace(textContent(a))
	return strings.HasPrefix(attr(a, "href"), "#") && text != "" && strings.Trim(text, "↩↑⤴^\ufe0e\ufe0f ") == ""
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

// reNoteLabel is the text of a footnote reference: 1, [1], (1), *, †, a.
var reNoteLabel = regexp.MustCompile(`^[\[(]?(?:\d{1,3}|[*†‡§]{1,3}|[a-z])[\])]?$`)

// handmadeFootnotes turns footnotes written by hand, a reference
// <sup><a href="#fn1">1</a></sup> (or <a href="#fn1"><sup>1</sup></a>, or
// <a class="footnote" href="#fn1">) and the item it points at,
// <li id="fn1">, into footnotes as block-editor ones are. A reference
// whose item is not in the content stays as it is. It runs before the
// walk, which must not meet items taken from their list.
func (c *cleaner) handmadeFootnotes() {
	refs := collect(c.root, func(k *xhtml.Node) bool { return noteTarget(k) != "" })
	numbers := map[*xhtml.Node]int{}
	var lists []*xhtml.Node
	for _, ref := range refs {
		li := c.footnoteItem(noteTarget(ref))
		if li == nil || li.Parent == nil {
			continue
		}
		n, ok := numbers[li]
		if !ok {
			n = c.footnoteRef(footnoteHTML(li, ref))
			numbers[li] = n
			lists = append(lists, li.Parent)
		}
		putFootnoteRef(ref, n)
	}
	for li := range numbers {
		li.Parent.RemoveChild(li)
	}
	for _, list := range lists {
		removeEmptied(list)
	}
}

// noteTarget is the id a footnote reference written by hand points at,
// "" if n is none.
func noteTarget(n *xhtml.Node) string {
	if n.Type != xhtml.ElementNode || !reNoteLabel.MatchString(strings.TrimSpace(textContent(n))) {
		return ""
	}
	only := onlyChild(n)
	var a *xhtml.Node
	switch {
	case n.DataAtom == atom.Sup && attr(n, "data-fn") == "" && only != nil && only.DataAtom == atom.A:
		a = only
	case n.DataAtom == atom.A && (only != nil && only.DataAtom == atom.Sup || hasClass(n, "footnote")):
		a = n
	default:
		return ""
	}
	if id, ok := strings.CutPrefix(attr(a, "href"), "#"); ok {
		return id
	}
	return ""
}

// onlyChild is n's one element child when n holds nothing else but
// white space.
func onlyChild(n *xhtml.Node) *xhtml.Node {
	var only *xhtml.Node
	for k := n.FirstChild; k != nil; k = k.NextSibling {
		switch {
		case k.Type == xhtml.TextNode && strings.TrimSpace(k.Data) == "":
		case k.Type == xhtml.ElementNode && only == nil:
			only = k
		default:
			return nil
		}
	}
	return only
}

// removeEmptied removes a footnote list its items left, and the wrapper
// (<div class="footnotes"><hr><ol>) it leaves with nothing but a rule.
func removeEmptied(list *xhtml.Node) {
	parent := list.Parent
	if parent == nil || !onlyRules(list) {
		return
	}
	parent.RemoveChild(list)
	if (parent.DataAtom == atom.Div || parent.DataAtom == atom.Section) && parent.Parent != nil && onlyRules(parent) {
		parent.Parent.RemoveChild(parent)
	}
}

// onlyRules says whether n holds no element but <hr> and no text but
// white space.
func onlyRules(n *xhtml.Node) bool {
	for k := n.FirstChild; k != nil; k = k.NextSibling {
		if k.Type == xhtml.ElementNode && k.DataAtom != atom.Hr || k.Type == xhtml.TextNode && strings.TrimSpace(k.Data) != "" {
			return false
		}
	}
	return true
}
