package normalize

import (
	"regexp"
	"strings"

	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// MathElement holds one TeX formula in its attribute MathTeX, where the
// converter does not collapse its spaces, and as its text:
// <blogport-math tex="e^{i\pi}+1=0">e^{i\pi}+1=0</blogport-math>.
// The editor rules make it of the [latex] shortcode, Clean of Jetpack's
// $latex …$; the converter writes it as math the generator renders.
const (
	MathElement = "blogport-math"
	MathTeX     = "tex"
)

// reLatexParams are the size and colour parameters Jetpack reads from the
// end of a formula (&s=2&bg=ffffff&fg=000000): they style the old image.
var reLatexParams = regexp.MustCompile(`(?i)(?:&(?:s|bg|fg|zoom)=[^&$]*)+$`)

// latexOpen finds Jetpack's opening "$latex" followed by a space or "=" in
// s, in any case, and returns where it is and where the formula starts,
// or -1.
func latexOpen(s string) (open, start int) {
	lower := strings.ToLower(s)
	for off := 0; ; {
		i := strings.Index(lower[off:], "$latex")
		if i < 0 {
			return -1, -1
		}
		open = off + i
		start = open + len("$latex")
		if start < len(s) && strings.IndexByte("= \t\n\r\f\v", s[start]) >= 0 { // Jetpack's (?:=\s*|\s+)
			return open, start + 1
		}
		off = start
	}
}

// latexClose is the index of the "$" that closes a formula starting at
// start: the first not escaped as \$.
func latexClose(s string, start int) int {
	for i := start; i < len(s); i++ {
		switch s[i] {
		case '\\':
			i++
		case '$':
			return i
		}
	}
	return -1
}

// jetpackLatex replaces each $latex …$ in the text node n (outside code)
// with a MathElement; the text is as parsed, its entities decoded.
func (c *cleaner) jetpackLatex(n *xhtml.Node) {
	if strings.IndexByte(n.Data, '$') < 0 || inCode(n) {
		return
	}
	text := n.Data
	var parts []*xhtml.Node
	for {
		open, start := latexOpen(text)
		if open < 0 {
			break
		}
		end := latexClose(text, start)
		if end < 0 {
			break // not closed: left as written
		}
		tex := strings.TrimSpace(reLatexParams.ReplaceAllString(text[start:end], ""))
		if open > 0 {
			parts = append(parts, &xhtml.Node{Type: xhtml.TextNode, Data: text[:open]})
		}
		parts = append(parts, mathNode(tex))
		c.formulas++
		text = text[end+1:]
	}
	if parts == nil {
		return
	}
	for _, p := range parts {
		n.Parent.InsertBefore(p, n)
	}
	if text == "" {
		n.Parent.RemoveChild(n)
		return
	}
	n.Data = text
}

// mathNode is a MathElement; its text repeats the TeX, to be read, and
// keeps the spaces around it in their place.
func mathNode(tex string) *xhtml.Node {
	m := &xhtml.Node{Type: xhtml.ElementNode, Data: MathElement, Attr: []xhtml.Attribute{{Key: MathTeX, Val: tex}}}
	m.AppendChild(&xhtml.Node{Type: xhtml.TextNode, Data: tex})
	return m
}

// inCode reports whether n sits in code, where $latex was shown as typed.
func inCode(n *xhtml.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		switch p.DataAtom {
		case atom.Code, atom.Pre, atom.Kbd, atom.Samp, atom.Tt, atom.Textarea:
			return true
		}
	}
	return false
}
