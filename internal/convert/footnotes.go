package convert

import (
	"sort"
	"strconv"
	"strings"

	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/blogport/blogport/internal/normalize"
	"golang.org/x/net/html"
)

// markGenericHTML runs before the base plugin drops comments: it keeps the
// <!--more--> mark and turns the footnote markup that Markdown renderers
// (goldmark/Hugo, kramdown/Jekyll, Python-Markdown, pandoc) produce into
// blogport's footnote elements, so Markdown footnotes survive a round trip.
func markGenericHTML(_ converter.Context, doc *html.Node) {
	// Footnotes blogport already marked (WordPress's) keep numbers 1..n0;
	// rendered ones are numbered after them.
	n0 := 0
	eachElement(doc, normalize.FootnoteList, func(list *html.Node) { eachElement(list, "li", func(*html.Node) { n0++ }) })
	renumber := func(label string) string {
		if n, err := strconv.Atoi(label); err == nil {
			return strconv.Itoa(n + n0)
		}
		return label
	}
	var notes []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		for c := n.FirstChild; c != nil; {
			next := c.NextSibling
			switch {
			case c.Type == html.CommentNode && strings.TrimSpace(c.Data) == "more":
				c.Type, c.Data = html.ElementNode, normalize.MoreElement
			case c.Type == html.ElementNode && isNoteRef(c):
				ref := &html.Node{Type: html.ElementNode, Data: normalize.FootnoteRef}
				ref.AppendChild(&html.Node{Type: html.TextNode, Data: renumber(strings.TrimSpace(textAll(c)))})
				n.InsertBefore(ref, c)
				n.RemoveChild(c)
			case c.Type == html.ElementNode && isNoteList(c):
				notes = append(notes, c)
			default:
				walk(c)
			}
			c = next
		}
	}
	walk(doc)
	for _, list := range notes {
		out := &html.Node{Type: html.ElementNode, Data: normalize.FootnoteList}
		n := n0
		eachElement(list, "li", func(li *html.Node) {
			n++
			removeBackrefs(li)
			item := &html.Node{Type: html.ElementNode, Data: "li", Attr: []html.Attribute{{Key: "value", Val: strconv.Itoa(n)}}}
			for c := li.FirstChild; c != nil; c = li.FirstChild {
				li.RemoveChild(c)
				item.AppendChild(c)
			}
			out.AppendChild(item)
		})
		list.Parent.InsertBefore(out, list)
		list.Parent.RemoveChild(list)
	}
	gatherFootnotes(doc)
}

// gatherFootnotes moves every footnote definition into one list at the
// end of the document, in number order.
func gatherFootnotes(doc *html.Node) {
	var lists []*html.Node
	eachElement(doc, normalize.FootnoteList, func(l *html.Node) { lists = append(lists, l) })
	if len(lists) == 0 {
		return
	}
	var items []*html.Node
	for _, l := range lists {
		for c := l.FirstChild; c != nil; c = l.FirstChild {
			l.RemoveChild(c)
			if c.Type == html.ElementNode {
				items = append(items, c)
			}
		}
		l.Parent.RemoveChild(l)
	}
	sort.SliceStable(items, func(i, j int) bool {
		a, _ := strconv.Atoi(attr(items[i], "value"))
		b, _ := strconv.Atoi(attr(items[j], "value"))
		return a < b
	})
	end := doc
	eachElement(doc, "body", func(b *html.Node) { end = b })
	out := &html.Node{Type: html.ElementNode, Data: normalize.FootnoteList}
	for _, it := range items {
		out.AppendChild(it)
	}
	end.AppendChild(out)
}

func hasClass(n *html.Node, class string) bool {
	for _, c := range strings.Fields(attr(n, "class")) {
		if c == class {
			return true
		}
	}
	return false
}

// isNoteRef matches <sup id="fnref:1"><a href="#fn:1" ...>1</a></sup> and
// its siblings from other renderers.
func isNoteRef(n *html.Node) bool {
	if n.Data == "sup" {
		a := n.FirstChild
		return a != nil && a.NextSibling == nil && a.Type == html.ElementNode && a.Data == "a" && isNoteRef(a)
	}
	return n.Data == "a" && strings.HasPrefix(attr(n, "href"), "#") &&
		(attr(n, "role") == "doc-noteref" || hasClass(n, "footnote-ref") || hasClass(n, "footnote"))
}

func isNoteList(n *html.Node) bool {
	return (n.Data == "div" || n.Data == "section") &&
		(attr(n, "role") == "doc-endnotes" || hasClass(n, "footnotes"))
}

func removeBackrefs(n *html.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if c.Type == html.ElementNode && c.Data == "a" &&
			(attr(c, "role") == "doc-backlink" || hasClass(c, "footnote-backref") || hasClass(c, "reversefootnote")) {
			n.RemoveChild(c)
		} else {
			removeBackrefs(c)
		}
		c = next
	}
}

func eachElement(n *html.Node, name string, fn func(*html.Node)) {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.Data == name {
			fn(c)
		} else {
			eachElement(c, name, fn)
		}
	}
}

func textAll(n *html.Node) string {
	var b strings.Builder
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
	}
	rec(n)
	return b.String()
}
