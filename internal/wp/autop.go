package wp

import (
	"regexp"
	"strconv"
	"strings"
)

// The block-level elements wpautop knows (wp-includes/formatting.php).
const allBlocks = `(?:table|thead|tfoot|caption|col|colgroup|tbody|tr|td|th|div|dl|dd|dt|ul|ol|li|pre|form|map|area|blockquote|address|style|p|h[1-6]|hr|fieldset|legend|section|article|aside|hgroup|header|footer|nav|figure|figcaption|details|menu|summary)`

var (
	reDoubleBr        = regexp.MustCompile(`<br\s*/?>\s*<br\s*/?>`)
	reBlockOpen       = regexp.MustCompile(`(<` + allBlocks + `[\s/>])`)
	reBlockClose      = regexp.MustCompile(`(</` + allBlocks + `>)`)
	reHr              = regexp.MustCompile(`(<hr\s*?/?>)`)
	reOptionBefore    = regexp.MustCompile(`\s*<option`)
	reOptionAfter     = regexp.MustCompile(`</option>\s*`)
	reObjectOpen      = regexp.MustCompile(`(<object[^>]*>)\s*`)
	reObjectClose     = regexp.MustCompile(`\s*</object>`)
	reParamEmbed      = regexp.MustCompile(`\s*(</?(?:param|embed)[^>]*>)\s*`)
	reMediaOpen       = regexp.MustCompile(`([<\[](?:audio|video)[^>\]]*[>\]])\s*`)
	reMediaClose      = regexp.MustCompile(`\s*([<\[]/(?:audio|video)[>\]])`)
	reSourceTrack     = regexp.MustCompile(`\s*(<(?:source|track)[^>]*>)\s*`)
	reFigcaptionOpen  = regexp.MustCompile(`\s*(<figcaption[^>]*>)`)
	reFigcaptionClose = regexp.MustCompile(`</figcaption>\s*`)
	reManyNewlines    = regexp.MustCompile(`\n\n+`)
	reParaSplit       = regexp.MustCompile(`\n\s*\n`)
	reEmptyP          = regexp.MustCompile(`<p>\s*</p>`)
	reUnclosedP       = regexp.MustCompile(`<p>([^<]+)</(div|address|form)>`)
	reWrappedBlock    = regexp.MustCompile(`<p>\s*(</?` + allBlocks + `[^>]*>)\s*</p>`)
	reWrappedLi       = regexp.MustCompile(`<p>(<li.+?)</p>`)
	rePBlockquote     = regexp.MustCompile(`(?i)<p><blockquote([^>]*)>`)
	rePBeforeBlock    = regexp.MustCompile(`<p>\s*(</?` + allBlocks + `[^>]*>)`)
	reBlockBeforeEndP = regexp.MustCompile(`(</?` + allBlocks + `[^>]*>)\s*</p>`)
	rePreserve        = []*regexp.Regexp{
		regexp.MustCompile(`(?s)<script.*?</script>`), regexp.MustCompile(`(?s)<style.*?</style>`),
		regexp.MustCompile(`(?s)<svg.*?</svg>`), regexp.MustCompile(`(?s)<math.*?</math>`),
	}
	reBrAfterBlock  = regexp.MustCompile(`(</?` + allBlocks + `[^>]*>)\s*<br />`)
	reBrBeforeBlock = regexp.MustCompile(`<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)`)
	reTrailingNLP   = regexp.MustCompile(`\n</p>$`)
)

// Autop is a port of WordPress's wpautop() with $br = true: double line
// breaks become paragraphs, single ones <br />, block elements are not
// wrapped, and <pre> content is never touched.
func Autop(text string) string {
	if strings.TrimSpace(text) == "" {
		return ""
	}
	// <pre> blocks are set aside and brought back at the end.
	text, preTags := setAsidePre(text + "\n")

	text = reDoubleBr.ReplaceAllString(text, "\n\n")
	text = reBlockOpen.ReplaceAllString(text, "\n\n$1")
	text = reBlockClose.ReplaceAllString(text, "$1\n\n")
	text = reHr.ReplaceAllString(text, "$1\n\n")
	text = strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(text)
	text = replaceInTags(text, "\n", " <!-- wpnl --> ")

	if strings.Contains(text, "<option") {
		text = reOptionBefore.ReplaceAllString(text, "<option")
		text = reOptionAfter.ReplaceAllString(text, "</option>")
	}
	if strings.Contains(text, "</object>") {
		text = reObjectOpen.ReplaceAllString(text, "$1")
		text = reObjectClose.ReplaceAllString(text, "</object>")
		text = reParamEmbed.ReplaceAllString(text, "$1")
	}
	if strings.Contains(text, "<source") || strings.Contains(text, "<track") {
		text = reMediaOpen.ReplaceAllString(text, "$1")
		text = reMediaClose.ReplaceAllString(text, "$1")
		text = reSourceTrack.ReplaceAllString(text, "$1")
	}
	if strings.Contains(text, "<figcaption") {
		text = reFigcaptionOpen.ReplaceAllString(text, "$1")
		text = reFigcaptionClose.ReplaceAllString(text, "</figcaption>")
	}

	text = reManyNewlines.ReplaceAllString(text, "\n\n")
	var b strings.Builder
	for _, para := range reParaSplit.Split(text, -1) {
		if para == "" {
			continue
		}
		b.WriteString("<p>")
		b.WriteString(strings.Trim(para, "\n"))
		b.WriteString("</p>\n")
	}
	text = b.String()

	text = reEmptyP.ReplaceAllString(text, "")
	text = reUnclosedP.ReplaceAllString(text, "<p>$1</p></$2>")
	text = reWrappedBlock.ReplaceAllString(text, "$1")
	text = reWrappedLi.ReplaceAllString(text, "$1")
	text = rePBlockquote.ReplaceAllString(text, "<blockquote$1><p>")
	text = strings.ReplaceAll(text, "</blockquote></p>", "</p></blockquote>")
	text = rePBeforeBlock.ReplaceAllString(text, "$1")
	text = reBlockBeforeEndP.ReplaceAllString(text, "$1")

	text = lineBreaks(text)
	text = reBrAfterBlock.ReplaceAllString(text, "$1")
	text = reBrBeforeBlock.ReplaceAllString(text, "$1")
	text = reTrailingNLP.ReplaceAllString(text, "</p>")

	for i, pre := range preTags {
		text = strings.Replace(text, prePlaceholder(i), pre, 1)
	}
	if strings.Contains(text, "<!-- wpnl -->") {
		text = strings.NewReplacer(" <!-- wpnl --> ", "\n", "<!-- wpnl -->", "\n").Replace(text)
	}
	return text
}

// setAsidePre replaces each <pre>…</pre> with a placeholder and returns
// the blocks, which autop must never touch.
func setAsidePre(text string) (string, []string) {
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
		b.WriteString(prePlaceholder(len(preTags)))
		preTags = append(preTags, part[start:]+"</pre>")
	}
	b.WriteString(last)
	return b.String(), preTags
}

// lineBreaks turns the line breaks left inside paragraphs into <br />,
// except inside script, style, svg and math.
func lineBreaks(text string) string {
	for _, re := range rePreserve {
		text = re.ReplaceAllStringFunc(text, func(s string) string {
			return strings.ReplaceAll(s, "\n", "<WPPreserveNewline />")
		})
	}
	text = strings.NewReplacer("<br>", "<br />", "<br/>", "<br />").Replace(text)
	text = newlinesToBr(text)
	return strings.ReplaceAll(text, "<WPPreserveNewline />", "\n")
}

func prePlaceholder(i int) string {
	return "<pre wp-pre-tag-" + strconv.Itoa(i) + "></pre>"
}

// newlinesToBr is preg_replace('|(?<!<br />)\s*\n|', "<br />\n"): at every
// position not preceded by "<br />", the longest run of whitespace that
// ends in a newline becomes "<br />\n".
func newlinesToBr(text string) string {
	var b strings.Builder
	b.Grow(len(text) + len(text)/16)
	for i := 0; i < len(text); {
		if isSpace(text[i]) && !strings.HasSuffix(text[:i], "<br />") {
			end := -1
			for j := i; j < len(text) && isSpace(text[j]); j++ {
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

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// replaceInTags replaces old with new inside HTML tags and comments only,
// like wp_replace_in_html_tags().
func replaceInTags(text, old, new string) string {
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
