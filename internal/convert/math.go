package convert

import (
	"regexp"
	"strings"

	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/blogport/blogport/internal/normalize"
	"golang.org/x/net/html"
)

var (
	reLineBreaks = regexp.MustCompile(`\s*\n\s*`)
	// reBlankLines is a run of blank lines, which ends an HTML block and
	// display math alike: kept HTML and formulas have none
	reBlankLines = regexp.MustCompile(`\n\s*\n`)
)

// renderMath writes a formula (normalize.MathElement) as TeX between the
// target's delimiters, byte for byte: Hugo's passthrough and kramdown take
// it raw, so Markdown escaping would show. A formula alone in its
// paragraph is display math. Inline math is one line; display math keeps
// its lines, but never a blank one, which would end it.
func (c *Converter) renderMath(ctx converter.Context, w converter.Writer, n *html.Node) converter.RenderStatus {
	tex := strings.TrimSpace(attr(n, normalize.MathTeX))
	if tex == "" {
		return converter.RenderSuccess
	}
	display := aloneInParagraph(n)
	if display {
		tex = reBlankLines.ReplaceAllString(tex, "\n")
	} else {
		tex = reLineBreaks.ReplaceAllString(tex, " ")
	}
	if strings.HasSuffix(tex, "$") { // \$: a space keeps it from the closing $$
		tex += " "
	}
	open, end := mathDelims(c.target.Math, display, tex)
	w.WriteString(emitText(ctx, open+tex+end))
	return converter.RenderSuccess
}

// mathDelims are the delimiters of a formula in the target's math. Hugo's
// passthrough ends inline math at any $ (\$ too): such TeX gets the other
// pair.
func mathDelims(m Math, display bool, tex string) (open, end string) {
	switch {
	case m == MathPassthrough && !display && strings.Contains(tex, "$"):
		return `\(`, `\)`
	case display || m == MathKramdown:
		return "$$", "$$"
	}
	return "$", "$"
}

// escapeDollar keeps each $ of the text escaped, \$: Hugo's passthrough,
// kramdown's $$ and MathJax would take a price for a formula's delimiter.
func escapeDollar(chars []byte, i int) int {
	if chars[i] == '$' {
		return 1
	}
	return -1
}

// aloneInParagraph reports whether n is all its paragraph holds but space.
func aloneInParagraph(n *html.Node) bool {
	if n.Parent == nil || n.Parent.Data != "p" && n.Parent.Data != "div" {
		return false
	}
	for s := n.Parent.FirstChild; s != nil; s = s.NextSibling {
		if s != n && (s.Type != html.TextNode || strings.TrimSpace(s.Data) != "") {
			return false
		}
	}
	return true
}

// HasMath reports whether Markdown as Convert writes it holds math the
// generator renders: $$…$$, \(…\), or $…$ by pandoc's rule, which tells
// it from prices ($5 and $10 are none): a non-space after the opening $,
// one before the closing $, and no digit after it. Code is left out.
func HasMath(md string) bool {
	var fence string
	for line := range strings.SplitSeq(md, "\n") {
		if !inFence(line, &fence) && lineHasMath(line) {
			return true
		}
	}
	return false
}

func lineHasMath(line string) bool {
	open := -1 // a $ that may open inline math
	for i := 0; i < len(line); i++ {
		switch c := line[i]; {
		case c == '`':
			i = codeSpan(line, i) - 1
		case c == '\\' && i+1 < len(line) && line[i+1] == '(':
			return true
		case c == '\\':
			i++
		case c == '$' && strings.HasPrefix(line[i:], "$$"):
			return true
		case c == '$' && open >= 0 && !isSpace(line[i-1]) && (i+1 == len(line) || !isDigit(line[i+1])):
			return true
		case c == '$' && i+1 < len(line) && !isSpace(line[i+1]):
			open = i
		}
	}
	return false
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' }
func isDigit(c byte) bool { return '0' <= c && c <= '9' }
