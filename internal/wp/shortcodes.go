package wp

import (
	"fmt"
	"html"
	"regexp"
	"sort"
	"strings"
)

// shortcode is one parsed [name attrs]content[/name].
type shortcode struct {
	name    string
	attrs   map[string]string // named attributes, lower-case keys
	pos     []string          // positional attributes
	content string
	closed  bool // had a [/name]
	escaped bool // written [[name]]: WordPress prints it as [name]
	start   int  // byte offsets in the text
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

var reShortcodeName = regexp.MustCompile(`^[A-Za-z0-9_-]+`)

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
		name := reShortcodeName.FindString(text[start+1:])
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
			if j := strings.Index(strings.ToLower(text[end:]), strings.ToLower(closing)); j >= 0 {
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
		sc.end = end
		sc.attrs, sc.pos = parseAttrs(raw)
		return sc, true
	}
	return shortcode{}, false
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
	raw = strings.NewReplacer("\u00a0", " ", "\u200b", " ").Replace(raw)
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

// Code shortcodes (SyntaxHighlighter Evolved and friends): [code lang=x],
// [sourcecode language=x], and the language-named forms such as [php].
var codeLanguages = map[string]bool{
	"bash": true, "c": true, "cpp": true, "csharp": true, "css": true, "diff": true, "go": true,
	"html": true, "java": true, "javascript": true, "js": true, "json": true, "perl": true,
	"php": true, "powershell": true, "python": true, "py": true, "ruby": true, "rust": true,
	"sh": true, "shell": true, "sql": true, "swift": true, "typescript": true, "xml": true, "yaml": true,
}

func isCodeShortcode(name string) bool {
	return name == "code" || name == "sourcecode" || codeLanguages[name]
}

// protectCode replaces code shortcodes with <pre><code> blocks before autop
// runs, as SyntaxHighlighter does, so their line breaks survive.
func protectCode(text string) string {
	var b strings.Builder
	for {
		sc, ok := nextShortcode(text, isCodeShortcode)
		if !ok {
			b.WriteString(text)
			return b.String()
		}
		if sc.escaped {
			b.WriteString(text[:sc.start] + text[sc.start+1:sc.end-1])
			text = text[sc.end:]
			continue
		}
		if !sc.closed { // not a code block: keep as written
			b.WriteString(text[:sc.end])
			text = text[sc.end:]
			continue
		}
		b.WriteString(text[:sc.start])
		lang := sc.attr("lang", "language", "brush")
		if codeLanguages[sc.name] {
			lang = sc.name
		}
		b.WriteString(codeBlock(lang, sc.content))
		text = text[sc.end:]
	}
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

// The shortcodes turned into HTML; everything else is kept verbatim.
var handled = map[string]bool{
	"caption": true, "wp_caption": true, "gallery": true, "embed": true, "youtube": true,
	"vimeo": true, "audio": true, "video": true, "efn_note": true, "footnote": true,
}

var reShortcodeP = regexp.MustCompile(`(?s)<p>\s*(\[(?:caption|wp_caption|gallery|embed|youtube|vimeo|audio|video)[\s\]=].*?)\s*(?:<br />)?\s*</p>`)

// shortcodeUnautop removes the paragraph autop wrapped around a standalone
// block shortcode (shortcode_unautop()).
func shortcodeUnautop(text string) string {
	return reShortcodeP.ReplaceAllStringFunc(text, func(m string) string {
		inner := reShortcodeP.FindStringSubmatch(m)[1]
		sc, ok := nextShortcode(inner, func(n string) bool { return handled[n] })
		if !ok || sc.start != 0 || sc.end != len(strings.TrimSpace(inner)) {
			return m
		}
		return inner
	})
}

// doShortcodes expands the shortcodes blogport knows into HTML.
func (c *preparer) doShortcodes(text string) string {
	var b strings.Builder
	for {
		sc, ok := nextShortcode(text, func(n string) bool { return handled[n] })
		if !ok {
			b.WriteString(text)
			break
		}
		b.WriteString(text[:sc.start])
		b.WriteString(c.expand(sc, text))
		text = text[sc.end:]
	}
	return b.String()
}

var reCaptionImage = regexp.MustCompile(`(?is)^\s*((?:<a [^>]+>\s*)?<img [^>]+>(?:\s*</a>)?)(.*)$`)

func (c *preparer) expand(sc shortcode, text string) string {
	if sc.escaped {
		return text[sc.start+1 : sc.end-1]
	}
	switch sc.name {
	case "caption", "wp_caption":
		content, caption := sc.content, sc.attr("caption")
		if m := reCaptionImage.FindStringSubmatch(content); m != nil && caption == "" {
			content, caption = m[1], strings.TrimSpace(m[2])
		}
		return "<figure>" + content + figcaptionHTML(c.doShortcodes(caption)) + "</figure>"
	case "gallery":
		return c.gallery(sc)
	case "embed":
		return embedHTML(strings.TrimSpace(stripTags(sc.content)), "")
	case "youtube", "vimeo":
		u := firstNonEmpty(append(sc.pos, sc.attr("url", "id"), stripTags(sc.content))...)
		if sc.name == "vimeo" && !strings.Contains(u, "vimeo.com") {
			u = "https://vimeo.com/" + u
		} else if sc.name == "youtube" && !strings.Contains(u, "youtu") {
			u = "https://www.youtube.com/watch?v=" + u
		}
		return embedHTML(strings.ReplaceAll(u, "&amp;", "&"), "")
	case "audio", "video":
		src := sc.attr("src", "mp3", "m4a", "ogg", "wav", "wma", "mp4", "m4v", "webm", "ogv", "wmv", "flv")
		if src == "" && len(sc.pos) > 0 {
			src = sc.pos[0]
		}
		if src == "" {
			src = strings.TrimSpace(stripTags(sc.content))
		}
		if src == "" {
			c.note("[%s] without a source; left out", sc.name)
			return ""
		}
		return "<" + sc.name + ` controls src="` + html.EscapeString(src) + `"></` + sc.name + ">"
	case "efn_note", "footnote":
		return fmt.Sprintf("<%s>%d</%s>", FootnoteRef, c.footnoteRef(sc.content), FootnoteRef)
	}
	return sc.content
}

func (c *preparer) gallery(sc shortcode) string {
	var ids []int64
	if list := sc.attr("ids", "include"); list != "" {
		for _, f := range strings.Split(list, ",") {
			var id int64
			if _, err := fmt.Sscan(strings.TrimSpace(f), &id); err == nil {
				ids = append(ids, id)
			}
		}
	} else {
		ids = c.site.Media.Children(c.post.ID)
	}
	var b strings.Builder
	b.WriteString(`<figure class="gallery">`)
	n := 0
	for _, id := range ids {
		a, ok := c.site.Media.Attachment(id)
		if !ok {
			c.note("[gallery] image %d is not in the export; left out", id)
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

// reportUnknownShortcodes lists the shortcodes left verbatim.
var reAnyShortcode = regexp.MustCompile(`\[([A-Za-z][A-Za-z0-9_-]*)(\s[^\[\]]*=[^\[\]]*|\s*/)?\]`)

func unknownShortcodes(text string) []string {
	seen := map[string]bool{}
	for _, m := range reAnyShortcode.FindAllStringSubmatch(text, -1) {
		name := strings.ToLower(m[1])
		if handled[name] || isCodeShortcode(name) {
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
