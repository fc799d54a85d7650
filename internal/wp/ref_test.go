package wp

// The implementations of wpautop and of the shortcode scanner as they were
// before the hand-written scanners replaced their hot regexps, kept so that
// the differential tests can prove the output has not changed by a byte.

import (
	"encoding/json"
	"html"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/blogport/blogport/internal/normalize"
	"github.com/blogport/blogport/internal/post"
)

// refStandalone is built from the shortcode table as init built it, on
// first use, since the table is filled by an init function.
var refStandalone = sync.OnceValue(func() *regexp.Regexp {
	var block []string
	for name, rule := range shortcodes {
		if rule.block {
			block = append(block, regexp.QuoteMeta(name))
		}
	}
	sort.Strings(block)
	return regexp.MustCompile(`(?s)<p>\s*(\[(?:` + strings.Join(block, "|") + `)[\s\]=].*?)\s*(?:<br />)?\s*</p>`)
})

var refShortcodeName = regexp.MustCompile(`^[A-Za-z0-9_-]+`)

// The block-level elements wpautop knows (wp-includes/formatting.php).
const refAllBlocks = `(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)`

var (
	refReDoubleBr        = regexp.MustCompile(`<br\s*/?>\s*<br\s*/?>`)
	refReBlockOpen       = regexp.MustCompile(`(<` + refAllBlocks + `[\s/>])`)
	refReBlockClose      = regexp.MustCompile(`(</` + refAllBlocks + `>)`)
	refReHr              = regexp.MustCompile(`(<hr\s*?/?>)`)
	refReOptionBefore    = regexp.MustCompile(`\s*<option`)
	refReOptionAfter     = regexp.MustCompile(`</option>\s*`)
	refReObjectOpen      = regexp.MustCompile(`(<object[^>]*>)\s*`)
	refReObjectClose     = regexp.MustCompile(`\s*</object>`)
	refReParamEmbed      = regexp.MustCompile(`\s*(</?(?:param|embed)[^>]*>)\s*`)
	refReMediaOpen       = regexp.MustCompile(`([<\[](?:audio|video)[^>\]]*[>\]])\s*`)
	refReMediaClose      = regexp.MustCompile(`\s*([<\[]/(?:audio|video)[>\]])`)
	refReSourceTrack     = regexp.MustCompile(`\s*(<(?:source|track)[^>]*>)\s*`)
	refReFigcaptionOpen  = regexp.MustCompile(`\s*(<figcaption[^>]*>)`)
	refReFigcaptionClose = regexp.MustCompile(`</figcaption>\s*`)
	refReManyNewlines    = regexp.MustCompile(`\n\n+`)
	refReParaSplit       = regexp.MustCompile(`\n\s*\n`)
	refReEmptyP          = regexp.MustCompile(`<p>\s*</p>`)
	refReUnclosedP       = regexp.MustCompile(`<p>([^<]+)</(div|address|form)>`)
	refReWrappedBlock    = regexp.MustCompile(`<p>\s*(</?` + refAllBlocks + `[^>]*>)\s*</p>`)
	refReWrappedLi       = regexp.MustCompile(`<p>(<li.+?)</p>`)
	refRePBlockquote     = regexp.MustCompile(`(?i)<p><blockquote([^>]*)>`)
	refRePBeforeBlock    = regexp.MustCompile(`<p>\s*(</?` + refAllBlocks + `[^>]*>)`)
	refReBlockBeforeEndP = regexp.MustCompile(`(</?` + refAllBlocks + `[^>]*>)\s*</p>`)
	refRePreserve        = []*regexp.Regexp{
		regexp.MustCompile(`(?s)<script.*?</script>`), regexp.MustCompile(`(?s)<style.*?</style>`),
		regexp.MustCompile(`(?s)<svg.*?</svg>`), regexp.MustCompile(`(?s)<math.*?</math>`),
	}
	refReBrAfterBlock  = regexp.MustCompile(`(</?` + refAllBlocks + `[^>]*>)\s*<br />`)
	refReBrBeforeBlock = regexp.MustCompile(`<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)`)
	refReTrailingNLP   = regexp.MustCompile(`\n</p>$`)
)

// refAutop is a port of WordPress's wpautop() with $br = true: double line
// breaks become paragraphs, single ones <br />, block elements are not
// wrapped, and <pre> content is never touched.
func refAutop(text string) string {
	if strings.TrimSpace(text) == "" {
		return ""
	}
	// <pre> blocks are set aside and brought back at the end.
	text, preTags := refSetAsidePre(text + "\n")

	text = refReDoubleBr.ReplaceAllString(text, "\n\n")
	text = refReBlockOpen.ReplaceAllString(text, "\n\n$1")
	text = refReBlockClose.ReplaceAllString(text, "$1\n\n")
	text = refReHr.ReplaceAllString(text, "$1\n\n")
	text = strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(text)
	text = refReplaceInTags(text, "\n", " <!-- wpnl --> ")

	if strings.Contains(text, "<option") {
		text = refReOptionBefore.ReplaceAllString(text, "<option")
		text = refReOptionAfter.ReplaceAllString(text, "</option>")
	}
	if strings.Contains(text, "</object>") {
		text = refReObjectOpen.ReplaceAllString(text, "$1")
		text = refReObjectClose.ReplaceAllString(text, "</object>")
		text = refReParamEmbed.ReplaceAllString(text, "$1")
	}
	if strings.Contains(text, "<source") || strings.Contains(text, "<track") {
		text = refReMediaOpen.ReplaceAllString(text, "$1")
		text = refReMediaClose.ReplaceAllString(text, "$1")
		text = refReSourceTrack.ReplaceAllString(text, "$1")
	}
	if strings.Contains(text, "<figcaption") {
		text = refReFigcaptionOpen.ReplaceAllString(text, "$1")
		text = refReFigcaptionClose.ReplaceAllString(text, "</figcaption>")
	}

	text = refReManyNewlines.ReplaceAllString(text, "\n\n")
	var b strings.Builder
	for _, para := range refReParaSplit.Split(text, -1) {
		if para == "" {
			continue
		}
		b.WriteString("<p>")
		b.WriteString(strings.Trim(para, "\n"))
		b.WriteString("</p>\n")
	}
	text = b.String()

	text = refReEmptyP.ReplaceAllString(text, "")
	text = refReUnclosedP.ReplaceAllString(text, "<p>$1</p></$2>")
	text = refReWrappedBlock.ReplaceAllString(text, "$1")
	text = refReWrappedLi.ReplaceAllString(text, "$1")
	text = refRePBlockquote.ReplaceAllString(text, "<blockquote$1><p>")
	text = strings.ReplaceAll(text, "</blockquote></p>", "</p></blockquote>")
	text = refRePBeforeBlock.ReplaceAllString(text, "$1")
	text = refReBlockBeforeEndP.ReplaceAllString(text, "$1")

	text = refLineBreaks(text)
	text = refReBrAfterBlock.ReplaceAllString(text, "$1")
	text = refReBrBeforeBlock.ReplaceAllString(text, "$1")
	text = refReTrailingNLP.ReplaceAllString(text, "</p>")

	for i, pre := range preTags {
		text = strings.Replace(text, refPrePlaceholder(i), pre, 1)
	}
	if strings.Contains(text, "<!-- wpnl -->") {
		text = strings.NewReplacer(" <!-- wpnl --> ", "\n", "<!-- wpnl -->", "\n").Replace(text)
	}
	return text
}

// refSetAsidePre replaces each <pre>…</pre> with a placeholder and returns
// the blocks, which autop must never touch.
func refSetAsidePre(text string) (string, []string) {
	if !strings.Contains(text, "<pre") {
		return text, nil
	}
	var preTags []string
	parts := strings.Split(text, "</pre>")
	last := parts[len(parts)-1]
	var b strings.Builder
	for _, part := range parts[:len(parts)-1] {
		start := strings.Index(part, "<pre")
		if start < 0 { // malformed HTML
			b.WriteString(part)
			continue
		}
		b.WriteString(part[:start])
		b.WriteString(refPrePlaceholder(len(preTags)))
		preTags = append(preTags, part[start:]+"</pre>")
	}
	b.WriteString(last)
	return b.String(), preTags
}

// refLineBreaks turns the line breaks left inside paragraphs into <br />,
// except inside script, style, svg and math.
func refLineBreaks(text string) string {
	for _, re := range refRePreserve {
		text = re.ReplaceAllStringFunc(text, func(s string) string {
			return strings.ReplaceAll(s, "\n", "<WPPreserveNewline />")
		})
	}
	text = strings.NewReplacer("<br>", "<br />", "<br/>", "<br />").Replace(text)
	text = refNewlinesToBr(text)
	return strings.ReplaceAll(text, "<WPPreserveNewline />", "\n")
}

func refPrePlaceholder(i int) string {
	return "<pre wp-pre-tag-" + strconv.Itoa(i) + "></pre>"
}

// refNewlinesToBr is preg_replace('|(?<!<br />)\s*\n|', "<br />\n"): at every
// position not preceded by "<br />", the longest run of whitespace that
// ends in a newline becomes "<br />\n".
func refNewlinesToBr(text string) string {
	var b strings.Builder
	b.Grow(len(text) + len(text)/16)
	for i := 0; i < len(text); {
		if refIsSpace(text[i]) && !strings.HasSuffix(text[:i], "<br />") {
			end := -1
			for j := i; j < len(text) && refIsSpace(text[j]); j++ {
				if text[j] == '\n' {
					end = j + 1
				}
			}
			if end > 0 {
				b.WriteString("<br />\n")
				i = end
				continue
			}
		}
		b.WriteByte(text[i])
		i++
	}
	return b.String()
}

func refIsSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// refReplaceInTags replaces old with new inside HTML tags and comments only,
// like wp_replace_in_html_tags().
func refReplaceInTags(text, old, new string) string {
	var b strings.Builder
	for len(text) > 0 {
		i := strings.IndexByte(text, '<')
		if i < 0 {
			b.WriteString(text)
			break
		}
		b.WriteString(text[:i])
		text = text[i:]
		end := -1
		if strings.HasPrefix(text, "<!--") {
			if j := strings.Index(text[4:], "-->"); j >= 0 {
				end = 4 + j + 3
			}
		} else if j := strings.IndexByte(text[1:], '>'); j >= 0 {
			if k := strings.IndexByte(text[1:], '<'); k < 0 || k > j {
				end = 1 + j + 1
			}
		}
		if end < 0 { // a lone '<' is text
			b.WriteByte('<')
			text = text[1:]
			continue
		}
		b.WriteString(strings.ReplaceAll(text[:end], old, new))
		text = text[end:]
	}
	return b.String()
}

func refNextShortcode(text string, known func(string) bool) (shortcode, bool) {
	for off := 0; off < len(text); {
		i := strings.IndexByte(text[off:], '[')
		if i < 0 {
			return shortcode{}, false
		}
		start := off + i
		off = start + 1
		name := refShortcodeName.FindString(text[start+1:])
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
		sc.end, sc.raw = end, text[sc.start:end]
		sc.attrs, sc.pos = refParseAttrs(raw)
		return sc, true
	}
	return shortcode{}, false
}

func refParseAttrs(raw string) (map[string]string, []string) {
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

func refShortcodeUnautop(text string) string {
	isBlock := func(name string) bool { return shortcodes[name].block }
	return refStandalone().ReplaceAllStringFunc(text, func(m string) string {
		inner := refStandalone().FindStringSubmatch(m)[1]
		sc, ok := refNextShortcode(inner, isBlock)
		if !ok || sc.start != 0 || sc.end != len(strings.TrimSpace(inner)) {
			return m
		}
		return inner
	})
}

// refRender is Render built from the reference pieces.
func refRender(p *post.Post, site *post.Site) normalize.Content {
	r := &renderer{post: p, site: site}
	text := p.Content
	switch {
	case p.Rendered:
	case HasBlocks(text):
		text = r.renderBlocks(refParseBlocks(text), 0)
	default:
		text = refAutop(r.refExpandShortcodes(text, beforeAutop))
		text = refShortcodeUnautop(text)
	}
	if names := unknownShortcodes(text); len(names) > 0 {
		r.note("unknown shortcodes kept as text: [%s]", strings.Join(names, "], ["))
	}
	if !p.Rendered {
		text = r.refExpandShortcodes(text, afterAutop)
	}
	return normalize.Content{HTML: text, Footnotes: r.footnotes, Notes: r.notes}
}

func (r *renderer) refExpandShortcodes(text string, which func(shortcodeRule) bool) string {
	known := func(name string) bool {
		rule, ok := shortcodes[name]
		return ok && which(rule)
	}
	var b strings.Builder
	for {
		sc, ok := refNextShortcode(text, known)
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

var refDelimiter = regexp.MustCompile(`<!--\s+(/)?wp:([a-z][a-z0-9_-]*/)?([a-z][a-z0-9_-]*)\s+`)

// refParseBlocks splits serialized block content into a tree. Unbalanced
// delimiters are tolerated the way WordPress's parser tolerates them: an
// unclosed opener runs to the end, a stray closer is dropped.
func refParseBlocks(s string) []node {
	root := &block{}
	stack := []*block{root}
	top := func() *block { return stack[len(stack)-1] }
	for len(s) > 0 {
		loc := refDelimiter.FindStringSubmatchIndex(s)
		if loc == nil {
			top().inner = append(top().inner, node{html: s})
			break
		}
		closer := loc[2] >= 0
		ns := "core/"
		if loc[4] >= 0 {
			ns = s[loc[4]:loc[5]]
		}
		name := ns + s[loc[6]:loc[7]]
		rest := s[loc[1]:]
		// attributes: a JSON object up to "} -->" or "} /-->"
		var attrs map[string]any
		if strings.HasPrefix(rest, "{") {
			end := strings.Index(rest, "-->")
			if end < 0 {
				top().inner = append(top().inner, node{html: s})
				break
			}
			j := strings.LastIndex(rest[:end], "}")
			if j < 0 {
				top().inner = append(top().inner, node{html: s})
				break
			}
			_ = json.Unmarshal([]byte(rest[:j+1]), &attrs)
			rest = strings.TrimLeft(rest[j+1:], " \t\r\n")
		}
		void := strings.HasPrefix(rest, "/-->")
		if !void && !strings.HasPrefix(rest, "-->") {
			// not a delimiter after all: keep as text
			top().inner = append(top().inner, node{html: s[:loc[1]]})
			s = s[loc[1]:]
			continue
		}
		if loc[0] > 0 {
			top().inner = append(top().inner, node{html: s[:loc[0]]})
		}
		if void {
			rest = rest[len("/-->"):]
		} else {
			rest = rest[len("-->"):]
		}
		s = rest
		switch {
		case closer:
			// close the innermost open block of that name
			for i := len(stack) - 1; i > 0; i-- {
				if stack[i].name == name {
					stack = stack[:i]
					break
				}
			}
		case void:
			top().inner = append(top().inner, node{block: &block{name: name, attrs: attrs}})
		default:
			b := &block{name: name, attrs: attrs}
			top().inner = append(top().inner, node{block: b})
			stack = append(stack, b)
		}
	}
	return root.inner
}
