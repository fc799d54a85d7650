package convert

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

var (
	reFence      = regexp.MustCompile("^ {0,3}(```+|~~~+)")
	reShortcodey = regexp.MustCompile(`^/?[A-Za-z][\w-]*(?:[\s=][^\]]*)?$`)
	reListStart  = regexp.MustCompile(`^\s*(?:[-+*]|\d+[.)])\s+$`)
)

// unescapeText removes backslash escapes that html-to-markdown adds but
// CommonMark does not need, outside code: "\_" inside a word, and "\[" in
// front of shortcode-like text such as [gallery ids="1"], which is never a
// link unless "(", "[" or ":" follows its "]". This keeps WordPress
// shortcodes readable instead of leaving escaped shortcode text behind.
func unescapeText(md string) string {
	lines := strings.Split(md, "\n")
	var fence string
	for i, line := range lines {
		if m := reFence.FindStringSubmatch(line); m != nil {
			switch {
			case fence == "":
				fence = m[1]
			case strings.HasPrefix(m[1], fence[:1]) && len(m[1]) >= len(fence) && strings.TrimSpace(line) == m[1]:
				fence = ""
			}
			continue
		}
		if fence != "" || strings.HasPrefix(line, "    ") || strings.HasPrefix(line, "\t") {
			continue
		}
		lines[i] = unescapeLine(line)
	}
	return strings.Join(lines, "\n")
}

func unescapeLine(line string) string {
	var b strings.Builder
	for i := 0; i < len(line); i++ {
		c := line[i]
		if c == '`' { // copy a code span verbatim
			n := 1
			for i+n < len(line) && line[i+n] == '`' {
				n++
			}
			ticks := line[i : i+n]
			if end := strings.Index(line[i+n:], ticks); end >= 0 {
				b.WriteString(line[i : i+n+end+n])
				i += n + end + n - 1
				continue
			}
			b.WriteString(ticks)
			i += n - 1
			continue
		}
		if c == '\\' && i+1 < len(line) {
			switch line[i+1] {
			case '_':
				if wordBefore(line[:i]) && wordAfter(line[i+2:]) {
					continue // drop the backslash
				}
			case '[':
				if shortcodeAt(line, i+1) && !reListStart.MatchString(line[:i]) {
					continue
				}
			}
			b.WriteByte(c)
			b.WriteByte(line[i+1])
			i++
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func shortcodeAt(line string, open int) bool {
	end := strings.IndexByte(line[open:], ']')
	if end < 0 {
		return false
	}
	inner := strings.ReplaceAll(line[open+1:open+end], `\_`, "_")
	after := open + end + 1
	if after < len(line) && strings.ContainsRune("([:", rune(line[after])) {
		return false
	}
	return strings.HasPrefix(inner, "/") || strings.ContainsAny(inner, " =") || strings.Contains(inner, "_") || len(inner) > 1 && reShortcodey.MatchString(inner) && inner != strings.ToUpper(inner)
}

func wordBefore(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func wordAfter(s string) bool {
	if strings.HasPrefix(s, `\_`) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}
