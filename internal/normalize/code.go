package normalize

import (
	"html"
	"regexp"
	"slices"
	"strings"

	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

var (
	reBrush     = regexp.MustCompile(`(?:^|[\s;])brush:\s*([\w#+-]+)`)
	reLangClass = regexp.MustCompile(`(?:^|\s)(?:lang:|lang-|language-)([\w#+-]+)`)
)

// normalizeCode reduces the markup of code highlighters of any origin
// (SyntaxHighlighter brush:, Crayon lang:, WP-Syntax lang=, Enlighter
// data-enlighter-language, Prism and highlight.js language-x, lang-x and
// "hljs x", Rouge and Pygments wrappers) to
// <pre><code class="language-x">text</code></pre>.
func normalizeCode(pre *xhtml.Node) {
	lang := codeLanguage(pre)
	text := textContent(pre)
	for c := pre.FirstChild; c != nil; c = pre.FirstChild {
		pre.RemoveChild(c)
	}
	pre.Attr = nil
	code := &xhtml.Node{Type: xhtml.ElementNode, Data: "code", DataAtom: atom.Code}
	if lang = strings.ToLower(lang); lang != "" && lang != "plain" && lang != "text" && lang != "generic" {
		setAttr(code, "class", "language-"+lang)
	}
	code.AppendChild(&xhtml.Node{Type: xhtml.TextNode, Data: text})
	pre.AppendChild(code)
}

// codeLanguage finds the language a highlighter's markup names, "" if none.
func codeLanguage(pre *xhtml.Node) string {
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
	code := innerCode(pre)
	if code != nil {
		if m := reLangClass.FindStringSubmatch(attr(code, "class")); lang == "" && m != nil {
			lang = m[1]
		}
	}
	if lang == "" {
		lang = hljsLanguage(attr(pre, "class"))
	}
	if lang == "" && code != nil {
		lang = hljsLanguage(attr(code, "class"))
	}
	return lang
}

// innerCode is the <code> that holds all of a <pre>'s text, if one does.
// Pygments writes an empty <span></span> before it.
func innerCode(pre *xhtml.Node) *xhtml.Node {
	c := pre.FirstChild
	for c != nil && c.DataAtom == atom.Span && c.FirstChild == nil && c.NextSibling != nil {
		c = c.NextSibling
	}
	if c != nil && c.DataAtom == atom.Code && c.NextSibling == nil {
		return c
	}
	return nil
}

var reWord = regexp.MustCompile(`^[\w#+-]+$`)

// hljsLanguage reads highlight.js's older class="hljs x" (or "x hljs"):
// the language is the class beside hljs.
func hljsLanguage(class string) string {
	fields := strings.Fields(class)
	if !slices.Contains(fields, "hljs") {
		return ""
	}
	for _, f := range fields {
		if f != "hljs" && f != "nohighlight" && !strings.HasPrefix(f, "hljs-") && reWord.MatchString(f) {
			return f
		}
	}
	return ""
}

// reWPSyntaxPre is an opening <pre> of the WP-Syntax plugin: one with a
// lang attribute.
var reWPSyntaxPre = regexp.MustCompile(`(?i)<pre(?:\s[^>]*)?\slang\s*=\s*["']?[\w#+-]+[^>]*>`)

var reEscapedTrue = regexp.MustCompile(`(?i)\bescaped\s*=\s*["']?true\b`)

// wpSyntaxText makes the code of WP-Syntax's <pre lang="x"> text in
// editor source, before it is parsed as HTML. WP-Syntax takes what is
// between the tags as the code itself, so raw <tags> in it were shown
// literally (the HTML parser would make them elements, and they would
// be lost); with escaped="true" it decodes entities first. Without it,
// the code is shown byte for byte, entities included.
func wpSyntaxText(text string) string {
	if !strings.Contains(text, "lang") {
		return text
	}
	var b strings.Builder
	for {
		loc := reWPSyntaxPre.FindStringIndex(text)
		if loc == nil {
			break
		}
		end := strings.Index(strings.ToLower(text[loc[1]:]), "</pre>")
		if end < 0 {
			break
		}
		code := text[loc[1] : loc[1]+end]
		if reEscapedTrue.MatchString(text[loc[0]:loc[1]]) {
			code = strings.NewReplacer("<", "&lt;", ">", "&gt;").Replace(code)
		} else {
			code = html.EscapeString(code)
		}
		b.WriteString(text[:loc[1]])
		b.WriteString(code)
		text = text[loc[1]+end:]
	}
	b.WriteString(text)
	return b.String()
}
