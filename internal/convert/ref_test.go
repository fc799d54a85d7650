package convert

// The Markdown post-processing as it was before the scanners, kept so that
// the differential tests can prove the output has not changed by a byte.

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// refTidy empties whitespace-only lines (keeping the two trailing spaces of a
// hard line break), collapses blank runs and drops needless escapes, all
// outside fenced code, whose lines stay as they are.
func refTidy(md string) string {
	var out []string
	var fence string
	for _, l := range strings.Split(md, "\n") {
		code := fence != ""
		if m := refReFence.FindStringSubmatch(l); m != nil {
			switch {
			case fence == "":
				fence = m[1]
			case strings.HasPrefix(m[1], fence[:1]) && len(m[1]) >= len(fence) && strings.TrimSpace(l) == m[1]:
				fence = ""
			}
			code = false
		}
		if !code && strings.TrimSpace(l) == "" {
			if len(out) > 0 && out[len(out)-1] == "" {
				continue // a blank run is one blank line
			}
			l = ""
		}
		out = append(out, l)
	}
	return strings.TrimSpace(refUnescapeText(strings.Join(out, "\n")))
}

var refReHugoShortcode = regexp.MustCompile(`(?s)\{\{([<%])(.*?)([>%])\}\}`)

// refEscapeHugo neutralises text Hugo would run as a shortcode: {{< x >}}
// becomes {{</* x */>}}, Hugo's own escape, which renders as the original
// text in prose and code alike. An unclosed {{< gets a zero-width joiner
// between the braces, which Hugo does not read as a delimiter.
func refEscapeHugo(md string) string {
	md = refReHugoShortcode.ReplaceAllStringFunc(md, func(m string) string {
		g := refReHugoShortcode.FindStringSubmatch(m)
		return "{{" + g[1] + "/*" + g[2] + "*/" + g[3] + "}}"
	})
	var b strings.Builder
	for i := 0; i < len(md); i++ {
		if strings.HasPrefix(md[i:], "{{<") || strings.HasPrefix(md[i:], "{{%") {
			if !strings.HasPrefix(md[i+3:], "/*") {
				b.WriteString("{\u200d{")
				i++
				continue
			}
		}
		b.WriteByte(md[i])
	}
	return b.String()
}

var refReEndraw = regexp.MustCompile(`\{%-?\s*endraw\s*-?%\}`)

// refEscapeLiquid wraps Markdown that holds Liquid delimiters ({{ or {%) in
// {% raw %}, so Jekyll shows them as written. A literal {% endraw %} in the
// text is spliced out of the raw block and printed through a Liquid string.
func refEscapeLiquid(md string) string {
	if !strings.Contains(md, "{{") && !strings.Contains(md, "{%") {
		return md
	}
	md = refReEndraw.ReplaceAllStringFunc(md, func(m string) string {
		return `{% endraw %}{{ "` + strings.TrimSuffix(m, "%}") + `" }}%}{% raw %}`
	})
	return "{% raw %}\n" + md + "\n{% endraw %}"
}

var (
	refReFence      = regexp.MustCompile("^ {0,3}(```+|~~~+)")
	refReShortcodey = regexp.MustCompile(`^/?[A-Za-z][\w-]*(?:[\s=][^\]]*)?$`)
	refReListStart  = regexp.MustCompile(`^\s*(?:[-+*]|\d+[.)])\s+$`)
)

// refUnescapeText removes backslash escapes that html-to-markdown adds but
// CommonMark does not need, outside code: "\_" inside a word, and "\[" in
// front of shortcode-like text such as [gallery ids="1"], which is never a
// link unless "(", "[" or ":" follows its "]". This keeps WordPress
// shortcodes readable instead of leaving escaped shortcode text behind.
func refUnescapeText(md string) string {
	lines := strings.Split(md, "\n")
	var fence string
	for i, line := range lines {
		if m := refReFence.FindStringSubmatch(line); m != nil {
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
		lines[i] = refUnescapeLine(line)
	}
	return strings.Join(lines, "\n")
}

func refUnescapeLine(line string) string {
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
				if refWordBefore(line[:i]) && refWordAfter(line[i+2:]) {
					continue // drop the backslash
				}
			case '[':
				if refShortcodeAt(line, i+1) && !refReListStart.MatchString(line[:i]) {
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

func refShortcodeAt(line string, open int) bool {
	end := strings.IndexByte(line[open:], ']')
	if end < 0 {
		return false
	}
	inner := strings.ReplaceAll(line[open+1:open+end], `\_`, "_")
	after := open + end + 1
	if after < len(line) && strings.ContainsRune("([:", rune(line[after])) {
		return false
	}
	return strings.HasPrefix(inner, "/") || strings.ContainsAny(inner, " =") || strings.Contains(inner, "_") || len(inner) > 1 && refReShortcodey.MatchString(inner) && inner != strings.ToUpper(inner)
}

func refWordBefore(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func refWordAfter(s string) bool {
	if strings.HasPrefix(s, `\_`) {
		return true
	}
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}
