package wp

import (
	"fmt"
	"html"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/blogport/blogport/internal/normalize"
)

// shortcode is one parsed [name attrs]content[/name].
type shortcode struct {
	name    string
	attrs   map[string]string // named attributes, lower-case keys
	pos     []string          // positional attributes
	content string
	closed  bool   // had a [/name]
	escaped bool   // written [[name]]: WordPress prints it as [name]
	raw     string // as written, with the brackets of an escape
	start   int    // byte offsets in the text
	end     int
}

func (s shortcode) attr(keys ...string) string {
	for _, k := range keys {
		if v, ok := s.attrs[k]; ok {
			return v
		}
	}
	return ""
}

// shortcodeName is the name at the start of s: `^[A-Za-z0-9_-]+`.
func shortcodeName(s string) string {
	i := 0
	for i < len(s) && (s[i] >= 'a' && s[i] <= 'z' || s[i] >= 'A' && s[i] <= 'Z' || s[i] >= '0' && s[i] <= '9' || s[i] == '_' || s[i] == '-') {
		i++
	}
	return s[:i]
}

// nextShortcode finds the first shortcode in text whose name satisfies
// known, like WordPress's get_shortcode_regex(): [[name]] is an escaped,
// literal shortcode; the enclosing form runs to the first [/name].
func nextShortcode(text string, known func(string) bool) (shortcode, bool) {
	for off := 0; off < len(text); {
		i := strings.IndexByte(text[off:], '[')
		if i < 0 {
			return shortcode{}, false
		}
		start := off + i
		off = start + 1
		name := shortcodeName(text[start+1:])
		if name == "" || !known(strings.ToLower(name)) {
			continue
		}
		after := start + 1 + len(name)
		if after < len(text) && !strings.ContainsRune(" \t\r\n]/=", rune(text[after])) {
			continue // e.g. [gallery2 when looking for gallery
		}
		close := indexTagEnd(text, after)
		if close < 0 {
			continue
		}
		raw := text[after:close]
		end := close + 1
		selfClosing := strings.HasSuffix(raw, "/")
		raw = strings.TrimSuffix(raw, "/")
		sc := shortcode{name: strings.ToLower(name), start: start}
		if !selfClosing {
			closing := "[/" + name + "]"
			if j := indexLower(text[end:], strings.ToLower(closing)); j >= 0 {
				sc.content = text[end : end+j]
				sc.closed = true
				end += j + len(closing)
			}
		}
		// [[gallery]] is WordPress's escape for a literal [gallery].
		if start > 0 && text[start-1] == '[' && end < len(text) && text[end] == ']' {
			sc.escaped = true
			sc.start--
			end++
		}
		sc.end, sc.raw = end, text[sc.start:end]
		sc.attrs, sc.pos = parseAttrs(raw)
		return sc, true
	}
	return shortcode{}, false
}

// indexLower is strings.Index(strings.ToLower(s), lower) for an ASCII
// lower that begins with '[', without lowering a copy of s. Lowering keeps
// the length of ASCII only, and the index is into the lowered copy: once
// other than ASCII comes before the end of a possible match, the copy is
// made as before. (Lowering makes no '[', so past the last '[' of s there
// is nothing to find.)
func indexLower(s, lower string) int {
	clean := 0 // s[:clean] is ASCII
	for i := 0; ; i++ {
		k := strings.IndexByte(s[i:], lower[0])
		if k < 0 {
			return -1
		}
		i += k
		end := min(i+len(lower), len(s))
		for ; clean < end; clean++ {
			if s[clean] >= utf8.RuneSelf {
				return strings.Index(strings.ToLower(s), lower)
			}
		}
		if end-i == len(lower) && equalLowerASCII(s[i:end], lower) {
			return i
		}
	}
}

// equalLowerASCII reports whether ASCII s lowered is lower.
func equalLowerASCII(s, lower string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// indexTagEnd finds the ']' closing a shortcode's opening tag, skipping
// brackets inside quoted attribute values.
func indexTagEnd(text string, from int) int {
	var quote byte
	for i := from; i < len(text); i++ {
		c := text[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '[':
			return -1
		case c == ']':
			return i
		}
	}
	return -1
}

// attrSpaces are the spaces the visual editor writes between attributes.
var attrSpaces = strings.NewReplacer("\u00a0", " ", "\u200b", " ")

var reAttr = regexp.MustCompile(`([\w-]+)\s*=\s*"([^"]*)"(?:\s|$)|([\w-]+)\s*=\s*'([^']*)'(?:\s|$)|([\w-]+)\s*=\s*([^\s'"]+)(?:\s|$)|"([^"]*)"(?:\s|$)|'([^']*)'(?:\s|$)|(\S+)(?:\s|$)`)

// parseAttrs follows shortcode_parse_atts(). Jetpack's [youtube=URL] form
// yields the URL as the first positional attribute.
func parseAttrs(raw string) (map[string]string, []string) {
	attrs := map[string]string{}
	var pos []string
	raw = strings.TrimSpace(raw)
	if strings.HasPrefix(raw, "=") {
		pos = append(pos, strings.Trim(strings.TrimPrefix(raw, "="), `"' `))
		return attrs, pos
	}
	raw = attrSpaces.Replace(raw)
	for _, m := range reAttr.FindAllStringSubmatch(raw, -1) {
		switch {
		case m[1] != "":
			attrs[strings.ToLower(m[1])] = html.UnescapeString(m[2])
		case m[3] != "":
			attrs[strings.ToLower(m[3])] = html.UnescapeString(m[4])
		case m[5] != "":
			attrs[strings.ToLower(m[5])] = html.UnescapeString(m[6])
		case m[7] != "" || strings.HasPrefix(m[0], `"`):
			pos = append(pos, html.UnescapeString(m[7]))
		case m[8] != "" || strings.HasPrefix(m[0], `'`):
			pos = append(pos, html.UnescapeString(m[8]))
		default:
			pos = append(pos, html.UnescapeString(strings.TrimSpace(m[9])))
		}
	}
	return attrs, pos
}

// shortcodeRule is what blogport knows of one shortcode.
type shortcodeRule struct {
	// block: the shortcode stands on its own line as a block, so
	// shortcode_unautop takes it out of the paragraph wpautop put it in.
	block bool
	// code: a code block, expanded before wpautop runs, as
	// SyntaxHighlighter does, so its line breaks survive.
	code   bool
	expand func(r *renderer, sc shortcode) string
}

// shortcodes are the shortcodes blogport turns into HTML; any other is
// kept verbatim and reported. Filled by init, as the caption expansion
// expands the shortcodes of its caption through it.
var shortcodes map[string]shortcodeRule

// blockShortcodes are the names of the block shortcodes by first byte.
var blockShortcodes [256][]string

func init() {
	// SyntaxHighlighter Evolved and friends: [code lang=x], [sourcecode
	// language=x], and the language-named forms such as [php].
	code := shortcodeRule{code: true, expand: expandCode}
	named := shortcodeRule{code: true, expand: expandNamedCode}
	shortcodes = map[string]shortcodeRule{
		"caption":    {block: true, expand: expandCaption},
		"wp_caption": {block: true, expand: expandCaption},
		"gallery":    {block: true, expand: (*renderer).gallery},
		"embed":      {block: true, expand: expandEmbed},
		"youtube":    {block: true, expand: expandVideoSite},
		"vimeo":      {block: true, expand: expandVideoSite},
		"audio":      {block: true, expand: expandMedia},
		"video":      {block: true, expand: expandMedia},
		"efn_note":   {expand: expandFootnote},
		"footnote":   {expand: expandFootnote},
		"latex":      {expand: expandLatex},
		"code":       code, "sourcecode": code,
		"bash": named, "c": named, "cpp": named, "csharp": named, "css": named, "diff": named, "go": named,
		"html": named, "java": named, "javascript": named, "js": named, "json": named, "perl": named,
		"php": named, "powershell": named, "python": named, "py": named, "ruby": named, "rust": named,
		"sh": named, "shell": named, "sql": named, "swift": named, "typescript": named, "xml": named, "yaml": named,
	}
	var block []string
	for name, rule := range shortcodes {
		if rule.block {
			block = append(block, name)
		}
	}
	blockShortcodes = byFirstByte(block)
}

func beforeAutop(rule shortcodeRule) bool { return rule.code }
func afterAutop(rule shortcodeRule) bool  { return !rule.code }

// expandShortcodes replaces the shortcodes whose rule satisfies which
// with their HTML. [[name]] is WordPress's escape for a literal [name].
func (r *renderer) expandShortcodes(text string, which func(shortcodeRule) bool) string {
	known := func(name string) bool {
		rule, ok := shortcodes[name]
		return ok && which(rule)
	}
	var b strings.Builder
	for {
		sc, ok := nextShortcode(text, known)
		if !ok {
			b.WriteString(text)
			return b.String()
		}
		b.WriteString(text[:sc.start])
		if sc.escaped {
			b.WriteString(sc.raw[1 : len(sc.raw)-1])
		} else {
			b.WriteString(shortcodes[sc.name].expand(r, sc))
		}
		text = text[sc.end:]
	}
}

// shortcodeUnautop removes the paragraph autop wrapped around a standalone
// block shortcode (shortcode_unautop()), where the regexp
// `<p>\s*(\[(?:names)[\s\]=].*?)\s*(?:<br />)?\s*</p>` matches.
func shortcodeUnautop(text string) string {
	isBlock := func(name string) bool { return shortcodes[name].block }
	e := editor{src: text}
	closeP := newFinder(text, "</p>")
	for i := 0; ; {
		j := strings.Index(text[i:], "<p>")
		if j < 0 {
			break
		}
		start := i + j
		i = start + 1
		open := skipRESpace(text, start+len("<p>"))
		named := blockShortcodeAt(text[open:])
		if named < 0 {
			continue
		}
		q := closeP.from(open)
		if q < 0 {
			break // no paragraph closes after this one
		}
		inner := text[open:standaloneEnd(text, open+named, q)]
		if sc, ok := nextShortcode(inner, isBlock); ok && sc.start == 0 && sc.end == len(strings.TrimSpace(inner)) {
			e.replace(start, q+len("</p>"), inner)
		}
		i = q + len("</p>")
	}
	return e.result()
}

// blockShortcodeAt is the length of `\[(?:names)[\s\]=]` at the start of
// s, or -1. A name is followed by a byte no name holds, so at most one
// name fits.
func blockShortcodeAt(s string) int {
	if len(s) < 2 || s[0] != '[' {
		return -1
	}
	for _, n := range blockShortcodes[s[1]] {
		if end := 1 + len(n); end < len(s) && strings.HasPrefix(s[1:], n) && (isRESpace(s[end]) || s[end] == ']' || s[end] == '=') {
			return end + 1
		}
	}
	return -1
}

// standaloneEnd is where the lazy `.*?` stops, from, before the first
// </p> at q: the earliest place from which only `\s*(?:<br />)?\s*` is
// left. That match always ends at q, as </p> is neither space nor <br />.
func standaloneEnd(text string, from, q int) int {
	back := func(i int) int {
		for i > from && isRESpace(text[i-1]) {
			i--
		}
		return i
	}
	k := back(q)
	if k-len("<br />") >= from && text[k-len("<br />"):k] == "<br />" {
		k = back(k - len("<br />"))
	}
	return k
}

var reAnyShortcode = regexp.MustCompile(`\[([A-Za-z][A-Za-z0-9_-]*)(\s[^\[\]]*=[^\[\]]*|\s*/)?\]`)

// unknownShortcodes lists the shortcodes in text that blogport keeps
// verbatim: those with attributes or a closing tag, so that a bracketed
// word is not taken for one.
func unknownShortcodes(text string) []string {
	seen := map[string]bool{}
	for _, m := range reAnyShortcode.FindAllStringSubmatch(text, -1) {
		name := strings.ToLower(m[1])
		if _, known := shortcodes[name]; known {
			continue
		}
		if m[2] != "" || strings.Contains(text, "[/"+m[1]+"]") {
			seen[name] = true
		}
	}
	names := make([]string, 0, len(seen))
	for n := range seen {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// expandCode is [code lang=x]...[/code]; without its closing tag it is
// not a code block and stays as written.
func expandCode(_ *renderer, sc shortcode) string {
	if !sc.closed {
		return sc.raw
	}
	return codeBlock(sc.attr("lang", "language", "brush"), sc.content)
}

// expandNamedCode is [php]...[/php].
func expandNamedCode(_ *renderer, sc shortcode) string {
	if !sc.closed {
		return sc.raw
	}
	return codeBlock(sc.name, sc.content)
}

// codeBlock builds <pre><code class="language-x">. Code typed in the text
// editor is stored raw; code typed in the visual editor is stored with
// entities. Raw code is escaped, escaped code is kept.
func codeBlock(lang, code string) string {
	code = strings.Trim(code, "\r\n")
	if strings.ContainsAny(code, "<>") || !strings.Contains(code, "&") {
		code = html.EscapeString(code)
	} else if !reEntity.MatchString(code) {
		code = html.EscapeString(code)
	}
	class := ""
	if lang = strings.ToLower(strings.TrimSpace(lang)); lang != "" {
		class = ` class="language-` + html.EscapeString(lang) + `"`
	}
	return "<pre><code" + class + ">" + code + "</code></pre>"
}

var reEntity = regexp.MustCompile(`&(?:lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);`)

var reCaptionImage = regexp.MustCompile(`(?is)^\s*((?:<a [^>]+>\s*)?<img [^>]+>(?:\s*</a>)?)(.*)$`)

// expandCaption is [caption]<img> text[/caption]: a figure.
func expandCaption(r *renderer, sc shortcode) string {
	content, caption := sc.content, sc.attr("caption")
	if m := reCaptionImage.FindStringSubmatch(content); m != nil && caption == "" {
		content, caption = m[1], strings.TrimSpace(m[2])
	}
	return "<figure>" + content + figcaptionHTML(r.expandShortcodes(caption, afterAutop)) + "</figure>"
}

// expandEmbed is [embed]URL[/embed].
func expandEmbed(_ *renderer, sc shortcode) string {
	return normalize.Embed(strings.TrimSpace(stripTags(sc.content)))
}

// expandVideoSite is Jetpack's [youtube URL], [youtube=URL] and
// [vimeo ID].
func expandVideoSite(_ *renderer, sc shortcode) string {
	u := firstNonEmpty(append(sc.pos, sc.attr("url", "id"), stripTags(sc.content))...)
	if sc.name == "vimeo" && !strings.Contains(u, "vimeo.com") {
		u = "https://vimeo.com/" + u
	} else if sc.name == "youtube" && !strings.Contains(u, "youtu") {
		u = "https://www.youtube.com/watch?v=" + u
	}
	return normalize.Embed(strings.ReplaceAll(u, "&amp;", "&"))
}

// expandMedia is [audio src=x] and [video src=x].
func expandMedia(r *renderer, sc shortcode) string {
	src := sc.attr("src", "mp3", "m4a", "ogg", "wav", "wma", "mp4", "m4v", "webm", "ogv", "wmv", "flv")
	if src == "" && len(sc.pos) > 0 {
		src = sc.pos[0]
	}
	if src == "" {
		src = strings.TrimSpace(stripTags(sc.content))
	}
	if src == "" {
		r.note("[%s] without a source; left out", sc.name)
		return ""
	}
	return "<" + sc.name + ` controls src="` + html.EscapeString(src) + `"></` + sc.name + ">"
}

// expandFootnote is a footnote plugin's [efn_note]text[/efn_note]: a
// numbered reference, its text kept for the footnote list.
func expandFootnote(r *renderer, sc shortcode) string {
	r.footnotes = append(r.footnotes, sc.content)
	return fmt.Sprintf("<%s>%d</%s>", normalize.FootnoteRef, len(r.footnotes), normalize.FootnoteRef)
}

// autopBreaks are what wpautop put into a formula written over lines.
var autopBreaks = strings.NewReplacer("<br />\n", "\n", "<br />", "\n", "</p>\n<p>", "\n", "<p>", "", "</p>", "")

// expandLatex is the WP LaTeX plugin's (and Jetpack's) [latex]TeX[/latex],
// with or without attributes (size, colours: the old image's style): the
// TeX, its entities decoded as the plugin decoded them, for the converter
// to write as math.
func expandLatex(_ *renderer, sc shortcode) string {
	tex := strings.TrimSpace(html.UnescapeString(autopBreaks.Replace(sc.content)))
	if !sc.closed || tex == "" {
		return sc.raw
	}
	tex = html.EscapeString(tex)
	return "<" + normalize.MathElement + " " + normalize.MathTeX + `="` + tex + `">` + tex + "</" + normalize.MathElement + ">"
}

// gallery is [gallery ids="1,2"], or the images attached to the post.
func (r *renderer) gallery(sc shortcode) string {
	var ids []int64
	if list := sc.attr("ids", "include"); list != "" {
		for _, f := range strings.Split(list, ",") {
			var id int64
			if _, err := fmt.Sscan(strings.TrimSpace(f), &id); err == nil {
				ids = append(ids, id)
			}
		}
	} else {
		ids = r.site.Media.Children(r.post.ID)
	}
	var b strings.Builder
	b.WriteString(`<figure class="gallery">`)
	n := 0
	for _, id := range ids {
		a, ok := r.site.Media.Attachment(id)
		if !ok {
			r.note("[gallery] image %d is not in the export; left out", id)
			continue
		}
		n++
		b.WriteString(`<figure><img src="` + html.EscapeString(a.URL) + `" alt="` + html.EscapeString(a.Alt) + `">`)
		b.WriteString(figcaptionHTML(html.EscapeString(a.Caption)))
		b.WriteString("</figure>")
	}
	b.WriteString("</figure>")
	if n == 0 {
		return ""
	}
	return b.String()
}

func figcaptionHTML(s string) string {
	if strings.TrimSpace(s) == "" {
		return ""
	}
	return "<figcaption>" + s + "</figcaption>"
}

func firstNonEmpty(xs ...string) string {
	for _, x := range xs {
		if x = strings.TrimSpace(x); x != "" {
			return x
		}
	}
	return ""
}
