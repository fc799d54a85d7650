package convert

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

var (
	reShortcodey = regexp.MustCompile(`^/?[A-Za-z][\w-]*(?:[\s=][^\]]*)?$`)
	reListStart  = regexp.MustCompile(`^\s*(?:[-+*]|\d+[.)])\s+$`)
)

// unescapeFenced removes backslash escapes that html-to-markdown adds but
// CommonMark does not need, outside code: "\_" inside a word, and "\[" in
// front of shortcode-like text such as [gallery ids="1"], which is never a
// link unless "(", "[" or ":" follows its "]". This keeps WordPress
// shortcodes readable instead of leaving escaped shortcode text behind.
// Lines come one at a time, in order; fence is the open code fence.
func unescapeFenced(line string, fence *string) string {
	if inFence(line, fence) || strings.HasPrefix(line, "    ") || strings.HasPrefix(line, "\t") {
		return line
	}
	if strings.IndexByte(line, '\\') < 0 {
		return line // unescapeLine only drops backslashes
	}
	return unescapeLine(line)
}

// inFence reports whether line is a code fence or inside one; lines come
// one at a time, in order, and fence is the open code fence.
func inFence(line string, fence *string) bool {
	if run, ok := fenceRun(line); ok {
		switch {
		case *fence == "":
			*fence = run
		case strings.HasPrefix(run, (*fence)[:1]) && len(run) >= len(*fence) && strings.TrimSpace(line) == run:
			*fence = ""
		}
		return true
	}
	return *fence != ""
}

// codeSpan is where the code span whose backticks start at line[i] ends,
// past its closing backticks; past the opening ones when none close it.
func codeSpan(line string, i int) int {
	n := 1
	for i+n < len(line) && line[i+n] == '`' {
		n++
	}
	if end := strings.Index(line[i+n:], line[i:i+n]); end >= 0 {
		return i + n + end + n
	}
	return i + n
}

// fenceRun is the run of backticks or tildes of a code fence opening line,
// as regexp "^ {0,3}(```+|~~~+)" finds it.
func fenceRun(line string) (string, bool) {
	i := 0
	for i < len(line) && line[i] == ' ' {
		i++
	}
	if i > 3 || i == len(line) || line[i] != '`' && line[i] != '~' {
		return "", false
	}
	j := i
	for j < len(line) && line[j] == line[i] {
		j++
	}
	if j-i < 3 {
		return "", false
	}
	return line[i:j], true
}

func unescapeLine(line string) string {
	var b strings.Builder
	for i := 0; i < len(line); i++ {
		c := line[i]
		if c == '`' { // copy a code span verbatim
			end := codeSpan(line, i)
			b.WriteString(line[i:end])
			i = end - 1
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
