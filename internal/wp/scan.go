package wp

import (
	"iter"
	"strings"
)

// The hand-written scanners below stand in for the regexps of wpautop that
// ran over the whole text of every post. They match byte for byte what the
// regexps matched: names are ASCII and case-sensitive, "\s" is regexp's
// [\t\n\f\r ] (not PHP's, which adds \v), and matches are found leftmost
// first and never overlap, the way ReplaceAllString finds them.

// blockNames are the block-level elements wpautop knows
// (wp-includes/formatting.php), h[1-6] spelt out.
var blockNames = strings.Fields(`table thead tfoot caption col colgroup tbody tr td th div dl dd dt ul ol li pre
	form map area blockquote address style p h1 h2 h3 h4 h5 h6 hr fieldset legend section article aside hgroup
	header footer nav figure figcaption details menu summary`)

// blockNamesByFirst holds blockNames by their first byte, so that a '<'
// is checked against the few names that can follow it.
var blockNamesByFirst = byFirstByte(blockNames)

// brBlockNames are the elements before which a <br /> is dropped.
var brBlockNames = byFirstByte(strings.Fields("p li div dl dd dt th pre td ul ol"))

func byFirstByte(names []string) (by [256][]string) {
	for _, n := range names {
		by[n[0]] = append(by[n[0]], n)
	}
	return by
}

const longestBlockName = len("blockquote")

// isBlockName reports whether s is exactly a block element's name.
func isBlockName(s string) bool {
	if s == "" {
		return false
	}
	for _, n := range blockNamesByFirst[s[0]] {
		if n == s {
			return true
		}
	}
	return false
}

// hasPrefixIn reports whether s begins with one of names, as
// `<allBlocks[^>]*>` matches <param> and <track> through "p" and "tr".
func hasPrefixIn(s string, names *[256][]string) bool {
	if s == "" {
		return false
	}
	for _, n := range names[s[0]] {
		if strings.HasPrefix(s, n) {
			return true
		}
	}
	return false
}

// isRESpace is regexp's \s.
func isRESpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}

func skipRESpace(s string, i int) int {
	for i < len(s) && isRESpace(s[i]) {
		i++
	}
	return i
}

// finder finds sub in s at positions that only grow, remembering its
// last answer, so that many starts before one match (or before the end of
// text with none) search the text once.
type finder struct {
	s, sub string
	at     int // the first sub at or after the last position asked for; len(s) if none
}

func newFinder(s, sub string) *finder { return &finder{s: s, sub: sub, at: -1} }

// from is the first index of sub at or after i, or -1.
func (f *finder) from(i int) int {
	if f.at < i {
		f.at = len(f.s)
		if k := strings.Index(f.s[i:], f.sub); k >= 0 {
			f.at = i + k
		}
	}
	if f.at == len(f.s) {
		return -1
	}
	return f.at
}

// tagScanner finds block tags `</?names[^>]*>` and the whitespace after
// them in s, at positions that only grow. It remembers the next '>' and
// the last run of whitespace it skipped, so that many tags that share one
// '>' (<p <p <p>) cost no more than one.
type tagScanner struct {
	s          string
	gt         *finder
	spaceFrom  int // where the last skipped run of whitespace began
	spaceUntil int // and where it ended
}

func newTagScanner(s string) *tagScanner {
	return &tagScanner{s: s, gt: newFinder(s, ">"), spaceFrom: -1}
}

// blockTagEnd is the end of the tag starting at i, or -1, when it is one
// of names by the prefix test of `</?(?:names)[^>]*>`.
func (t *tagScanner) blockTagEnd(i int, names *[256][]string) int {
	s := t.s
	if i >= len(s) || s[i] != '<' {
		return -1
	}
	j := i + 1
	if j < len(s) && s[j] == '/' {
		j++
	}
	if !hasPrefixIn(s[j:], names) {
		return -1
	}
	// no name holds a '>', so the first one from j ends the tag
	if gt := t.gt.from(j); gt >= 0 {
		return gt + 1
	}
	return -1
}

// spaceEnd skips the whitespace from i.
func (t *tagScanner) spaceEnd(i int) int {
	if i != t.spaceFrom {
		t.spaceFrom, t.spaceUntil = i, skipRESpace(t.s, i)
	}
	return t.spaceUntil
}

// editor builds a rewritten copy of src, and makes no copy when nothing
// is rewritten (regexp's ReplaceAllString copies the text even then).
type editor struct {
	src  string
	b    strings.Builder
	last int // end in src of the last rewrite
	n    int // rewrites
}

// replace puts with in place of src[start:end]; rewrites come in order.
func (e *editor) replace(start, end int, with ...string) {
	if e.n == 0 {
		e.b.Grow(len(e.src) + len(e.src)/8)
	}
	e.n++
	e.b.WriteString(e.src[e.last:start])
	for _, w := range with {
		e.b.WriteString(w)
	}
	e.last = end
}

func (e *editor) result() string {
	if e.n == 0 {
		return e.src
	}
	e.b.WriteString(e.src[e.last:])
	return e.b.String()
}

// spaceBlockTags puts a blank line before each opening block tag and after
// each closing one: the regexps `(<allBlocks[\s/>])` → "\n\n$1" and then
// `(</allBlocks>)` → "$1\n\n". One pass does both, as the newlines the
// first adds, in front of a '<', can neither make nor break a closing tag.
func spaceBlockTags(text string) string {
	e := editor{src: text}
	for i := 0; ; i++ {
		j := strings.IndexByte(text[i:], '<')
		if j < 0 {
			break
		}
		i += j
		if i+1 < len(text) && text[i+1] == '/' {
			// the name must be followed by '>' at once
			tail := text[i+2 : min(len(text), i+2+longestBlockName+1)]
			if k := strings.IndexByte(tail, '>'); k >= 0 && isBlockName(tail[:k]) {
				end := i + 2 + k + 1
				e.replace(end, end, "\n\n")
				i = end - 1
			}
			continue
		}
		// the name must be followed by whitespace, '/' or '>'
		tail := text[i+1 : min(len(text), i+1+longestBlockName+1)]
		if k := indexNameEnd(tail); k >= 0 && isBlockName(tail[:k]) {
			e.replace(i, i, "\n\n")
		}
	}
	return e.result()
}

// indexNameEnd is the index of the first byte of [\s/>] in s, or -1.
func indexNameEnd(s string) int {
	for i := 0; i < len(s); i++ {
		if c := s[i]; isRESpace(c) || c == '/' || c == '>' {
			return i
		}
	}
	return -1
}

// paragraphs splits text at blank lines, like regexp `\n\s*\n`'s Split:
// from a newline the match runs to the last newline of the whitespace
// that follows it.
func paragraphs(text string) iter.Seq[string] {
	return func(yield func(string) bool) {
		beg := 0
		for i := 0; i < len(text); {
			j := strings.IndexByte(text[i:], '\n')
			if j < 0 {
				break
			}
			j += i
			last, k := -1, j+1
			for ; k < len(text) && isRESpace(text[k]); k++ {
				if text[k] == '\n' {
					last = k
				}
			}
			if last < 0 {
				i = k
				continue
			}
			if !yield(text[beg:j]) {
				return
			}
			beg, i = last+1, last+1
		}
		yield(text[beg:])
	}
}

// dropEmptyParagraphs is `<p>\s*</p>` → "".
func dropEmptyParagraphs(text string) string {
	e := editor{src: text}
	for i := 0; ; {
		j := strings.Index(text[i:], "<p>")
		if j < 0 {
			break
		}
		start := i + j
		k := skipRESpace(text, start+3)
		if !strings.HasPrefix(text[k:], "</p>") {
			i = start + 1
			continue
		}
		e.replace(start, k+4)
		i = k + 4
	}
	return e.result()
}

// closeParagraphsBeforeBlocks closes a paragraph that a closing div,
// address or form cuts short: `<p>([^<]+)</(div|address|form)>` →
// "<p>$1</p></$2>".
func closeParagraphsBeforeBlocks(text string) string {
	e := editor{src: text}
	for i := 0; ; {
		j := strings.Index(text[i:], "<p>")
		if j < 0 {
			break
		}
		start := i + j
		i = start + 1
		lt := strings.IndexByte(text[start+3:], '<')
		if lt < 1 { // [^<]+ is at least one byte
			continue
		}
		lt += start + 3
		for _, closing := range [...]string{"</div>", "</address>", "</form>"} {
			if strings.HasPrefix(text[lt:], closing) {
				e.replace(start, lt+len(closing), "<p>", text[start+3:lt], "</p>", closing)
				i = lt + len(closing)
				break
			}
		}
	}
	return e.result()
}

// dropAroundBlockTags keeps only the block tag of each match of
// `(</?allBlocks[^>]*>)` with `<p>\s*` in front when afterP and
// `\s*`+suffix behind when suffix is set: the regexps that take the
// paragraphs off block elements and the <br /> after them.
func dropAroundBlockTags(text string, afterP bool, suffix string) string {
	lead := "<"
	if afterP {
		lead = "<p>"
	}
	t := newTagScanner(text)
	e := editor{src: text}
	for i := 0; ; {
		j := strings.Index(text[i:], lead)
		if j < 0 {
			break
		}
		start := i + j
		i = start + 1
		tag := start
		if afterP {
			tag = skipRESpace(text, start+3)
		}
		end := t.blockTagEnd(tag, &blockNamesByFirst)
		if end < 0 {
			continue
		}
		stop := end
		if suffix != "" {
			k := t.spaceEnd(end)
			if !strings.HasPrefix(text[k:], suffix) {
				continue
			}
			stop = k + len(suffix)
		}
		e.replace(start, stop, text[tag:end])
		i = stop
	}
	return e.result()
}

// replaceInTags replaces old with new inside HTML tags and comments only,
// like wp_replace_in_html_tags(). A tag runs from '<' to the first '>'
// unless another '<' comes first; a comment from "<!--" to "-->".
func replaceInTags(text, old, new string) string {
	e := editor{src: text}
	comments := newFinder(text, "-->")
	for i := 0; ; {
		j := strings.IndexByte(text[i:], '<')
		if j < 0 {
			break
		}
		start := i + j
		end := -1
		if strings.HasPrefix(text[start:], "<!--") {
			if k := comments.from(start + 4); k >= 0 {
				end = k + 3
			}
		} else {
			next := len(text)
			if k := strings.IndexByte(text[start+1:], '<'); k >= 0 {
				next = start + 1 + k
			}
			if k := strings.IndexByte(text[start+1:next], '>'); k >= 0 {
				end = start + 1 + k + 1
			}
		}
		if end < 0 { // a lone '<' is text
			i = start + 1
			continue
		}
		if strings.Contains(text[start:end], old) {
			e.replace(start, end, strings.ReplaceAll(text[start:end], old, new))
		}
		i = end
	}
	return e.result()
}

// collapseNewlines is `\n\n+` → "\n\n", which only changes runs of three
// newlines or more.
func collapseNewlines(text string) string {
	e := editor{src: text}
	for i := 0; ; {
		j := strings.Index(text[i:], "\n\n\n")
		if j < 0 {
			break
		}
		start := i + j // a run begins here: a newline before would have matched first
		end := start + 3
		for end < len(text) && text[end] == '\n' {
			end++
		}
		e.replace(start, end, "\n\n")
		i = end
	}
	return e.result()
}

// unwrapListItems is `<p>(<li.+?)</p>` → "$1": the paragraph ends at the
// first </p> on its line after at least one byte.
func unwrapListItems(text string) string {
	e := editor{src: text}
	closeP, newline := newFinder(text, "</p>"), newFinder(text, "\n")
	for i := 0; ; {
		j := strings.Index(text[i:], "<p><li")
		if j < 0 {
			break
		}
		start := i + j
		i = start + 1
		end := closeP.from(start + len("<p><li") + 1)
		if nl := newline.from(start + len("<p><li")); end < 0 || nl >= 0 && nl < end {
			continue
		}
		e.replace(start, end+len("</p>"), text[start+len("<p>"):end])
		i = end + len("</p>")
	}
	return e.result()
}

// moveParagraphIntoBlockquote is `(?i)<p><blockquote([^>]*)>` →
// "<blockquote$1><p>". Under (?i), "k" also matches the Kelvin sign.
func moveParagraphIntoBlockquote(text string) string {
	e := editor{src: text}
	gt := newFinder(text, ">")
	for i, floor := 0, 0; ; {
		j := strings.Index(text[i:], "><")
		if j < 0 {
			break
		}
		start := i + j - 2 // at the "<p" of "<p><"
		i += j + 1
		if start < floor || text[start] != '<' || text[start+1]|0x20 != 'p' {
			continue
		}
		attrs := hasBlockquoteFold(text[start+3:])
		if attrs < 0 {
			continue
		}
		attrs += start + 3
		end := gt.from(attrs)
		if end < 0 {
			continue
		}
		e.replace(start, end+1, "<blockquote", text[attrs:end], "><p>")
		i, floor = end+1, end+1
	}
	return e.result()
}

// hasBlockquoteFold is the length of "<blockquote" at the start of s under
// regexp's case folding, or -1.
func hasBlockquoteFold(s string) int {
	const kelvin = "\u212a"
	if s == "" || s[0] != '<' {
		return -1
	}
	i := 1
	for _, c := range []byte("blockquote") {
		switch {
		case i < len(s) && s[i]|0x20 == c:
			i++
		case c == 'k' && strings.HasPrefix(s[i:], kelvin):
			i += len(kelvin)
		default:
			return -1
		}
	}
	return i
}

// dropBrBeforeBlocks is `<br />(\s*</?(?:p|li|div|dl|dd|dt|th|pre|td|ul|ol)[^>]*>)` → "$1".
func dropBrBeforeBlocks(text string) string {
	e := editor{src: text}
	t := newTagScanner(text)
	for i := 0; ; {
		j := strings.Index(text[i:], "<br />")
		if j < 0 {
			break
		}
		start := i + j
		i = start + 1
		tag := skipRESpace(text, start+len("<br />"))
		end := t.blockTagEnd(tag, &brBlockNames)
		if end < 0 {
			continue
		}
		e.replace(start, end, text[start+len("<br />"):end])
		i = end
	}
	return e.result()
}
