package fetch

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// The code pages UTF-8 text is most often wrongly decoded with.
var mojibakePages = []*charmap.Charmap{charmap.Windows1252, charmap.Windows1253}

// RepairMojibake undoes double-encoded UTF-8 ("â€™" for "’", "Ã©" for "é",
// "β€”" for "—"): every run of non-ASCII characters that, encoded back
// with a common single-byte code page, forms valid multi-byte UTF-8 is
// replaced by that UTF-8. Text that was right is left alone. It reports
// whether anything changed.
func RepairMojibake(s string) (string, bool) {
	if isASCII(s) {
		return s, false
	}
	var b strings.Builder
	changed := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r < utf8.RuneSelf {
			b.WriteByte(s[i])
			i++
			continue
		}
		j := i + size
		for j < len(s) {
			r, n := utf8.DecodeRuneInString(s[j:])
			if r < utf8.RuneSelf {
				break
			}
			j += n
		}
		run := s[i:j]
		if fixed, ok := undoRun(run); ok {
			b.WriteString(fixed)
			changed = true
		} else {
			b.WriteString(run)
		}
		i = j
	}
	return b.String(), changed
}

func undoRun(run string) (string, bool) {
	if utf8.RuneCountInString(run) < 2 {
		return "", false
	}
	for _, cm := range mojibakePages {
		raw, ok := encodeSloppy(run, cm)
		if !ok || !utf8.ValidString(raw) || raw == run {
			continue
		}
		if utf8.RuneCountInString(raw) < utf8.RuneCountInString(run) {
			return raw, true
		}
	}
	return "", false
}

// encodeSloppy encodes with a code page, passing C1 control characters
// through as the bytes they stand for (the code page's undefined bytes
// often survive a wrong decoding that way).
func encodeSloppy(run string, cm *charmap.Charmap) (string, bool) {
	out := make([]byte, 0, len(run))
	for _, r := range run {
		b, ok := cm.EncodeRune(r)
		switch {
		case ok:
			out = append(out, b)
		case r >= 0x80 && r <= 0x9f:
			out = append(out, byte(r))
		default:
			return "", false
		}
	}
	return string(out), true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
