package wp

import (
	"regexp"
	"strconv"
	"strings"
)

var (
	reDoubleBr        = regexp.MustCompile(`<br\s*/?>\s*<br\s*/?>`)
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

	// rePreserve are the elements whose line breaks stay as they are, each
	// with the text it must begin with.
	rePreserve = []struct {
		open string
		re   *regexp.Regexp
	}{
		{"<script", regexp.MustCompile(`(?s)<script.*?</script>`)}, {"<style", regexp.MustCompile(`(?s)<style.*?</style>`)},
		{"<svg", regexp.MustCompile(`(?s)<svg.*?</svg>`)}, {"<math", regexp.MustCompile(`(?s)<math.*?</math>`)},
	}

	newlines   = strings.NewReplacer("\r\n", "\n", "\r", "\n")
	brs        = strings.NewReplacer("<br>", "<br />", "<br/>", "<br />")
	wpnlBreaks = strings.NewReplacer(" <!-- wpnl --> ", "\n", "<!-- wpnl -->", "\n")
)

// Autop is a port of WordPress's wpautop() with $br = true: double line
// breaks become paragraphs, single ones <br />, block elements are not
// wrapped, and <pre> content is never touched.
//
// It runs on every classic post and comment, so each step either finds
// its matches with a scanner of its own or is skipped when a cheap test
// shows that its regexp cannot match; steps that change nothing make no
// copy of the text.
func Autop(text string) string {
	if strings.TrimSpace(text) == "" {
		return ""
	}
	// <pre> blocks are set aside and brought back at the end.
	text, preTags := setAsidePre(text + "\n")
	text = separateBlocks(text)
	text = wrapParagraphs(text)
	text = unwrapBlocks(text)

	text = lineBreaks(text)
	text = dropAroundBlockTags(text, false, "<br />") // (</?allBlocks[^>]*>)\s*<br />
	text = dropBrBeforeBlocks(text)
	if strings.HasSuffix(text, "\n</p>") { // \n</p>$
		text = text[:len(text)-len("\n</p>")] + "</p>"
	}

	for i, pre := range preTags {
		text = strings.Replace(text, prePlaceholder(i), pre, 1)
	}
	if strings.Contains(text, "<!-- wpnl -->") {
		text = wpnlBreaks.Replace(text)
	}
	return text
}

// separateBlocks puts blank lines around block elements, so that they
// stand apart from the paragraphs, and protects the line breaks inside
// tags.
func separateBlocks(text string) string {
	if strings.Contains(text, "<br") {
		text = reDoubleBr.ReplaceAllString(text, "\n\n")
	}
	text = spaceBlockTags(text)
	if strings.Contains(text, "<hr") {
		text = reHr.ReplaceAllString(text, "$1\n\n")
	}
	if strings.IndexByte(text, '\r') >= 0 {
		text = newlines.Replace(text)
	}
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
	return collapseNewlines(text)
}

// wrapParagraphs wraps each paragraph, split at blank lines, in <p>.
func wrapParagraphs(text string) string {
	var b strings.Builder
	b.Grow(len(text) + len(text)/8)
	for para := range paragraphs(text) {
		if para == "" {
			continue
		}
		b.WriteString("<p>")
		b.WriteString(strings.Trim(para, "\n"))
		b.WriteString("</p>\n")
	}
	return b.String()
}

// unwrapBlocks takes the paragraphs back off block elements and empty
// lines, and puts them inside blockquotes.
func unwrapBlocks(text string) string {
	text = dropEmptyParagraphs(text)
	text = closeParagraphsBeforeBlocks(text)
	text = dropAroundBlockTags(text, true, "</p>") // <p>\s*(</?allBlocks[^>]*>)\s*</p>
	text = unwrapListItems(text)
	text = moveParagraphIntoBlockquote(text)
	text = strings.ReplaceAll(text, "</blockquote></p>", "</p></blockquote>")
	text = dropAroundBlockTags(text, true, "")      // <p>\s*(</?allBlocks[^>]*>)
	return dropAroundBlockTags(text, false, "</p>") // (</?allBlocks[^>]*>)\s*</p>
}

// setAsidePre replaces each <pre>…</pre> with a placeholder and returns
// the blocks, which autop must never touch.
func setAsidePre(text string) (string, []string) {
	if !strings.Contains(text, "<pre") {
		return text, nil
	}
	var preTags []string
	var b strings.Builder
	b.Grow(len(text))
	// Each piece up to a "</pre>" loses its "</pre>"; from its first "<pre"
	// on, it is a block. A piece without "<pre" (malformed HTML) is kept
	// without the "</pre>" that ended it, as WordPress does.
	for {
		end := strings.Index(text, "</pre>")
		if end < 0 {
			break
		}
		part := text[:end]
		text = text[end+len("</pre>"):]
		start := strings.Index(part, "<pre")
		if start < 0 {
			b.WriteString(part)
			continue
		}
		b.WriteString(part[:start])
		b.WriteString(prePlaceholder(len(preTags)))
		preTags = append(preTags, part[start:]+"</pre>")
	}
	b.WriteString(text)
	return b.String(), preTags
}

// lineBreaks turns the line breaks left inside paragraphs into <br />,
// except inside script, style, svg and math.
func lineBreaks(text string) string {
	for _, p := range rePreserve {
		if !strings.Contains(text, p.open) {
			continue
		}
		text = p.re.ReplaceAllStringFunc(text, func(s string) string {
			return strings.ReplaceAll(s, "\n", "<WPPreserveNewline />")
		})
	}
	if strings.Contains(text, "<br>") || strings.Contains(text, "<br/>") {
		text = brs.Replace(text)
	}
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
	e := editor{src: text}
	for i := 0; ; {
		k := strings.IndexAny(text[i:], " \t\n\r\f\v")
		if k < 0 {
			break
		}
		i += k
		if strings.HasSuffix(text[:i], "<br />") {
			i++
			continue
		}
		end, j := -1, i
		for ; j < len(text) && isSpace(text[j]); j++ {
			if text[j] == '\n' {
				end = j + 1
			}
		}
		if end < 0 {
			// No newline up to the end of the run, so none from any
			// later position in it either: the run stays as it is.
			i = j
			continue
		}
		e.replace(i, end, "<br />\n")
		i = end
	}
	return e.result()
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}
