package archive

import (
	"strings"
	"unicode"
)

// hugoURLize is the path segment Hugo makes of a taxonomy term's name
// (its urlize): spaces become one hyphen, characters outside its allowed
// set (letters, digits, marks, and . / \ _ - # + ~ @ and %XX escapes)
// are dropped, the rest lowercased. That is the folder Hugo writes, a path
// as Lists gives them (the redirects percent-encode it: "c#" is served at
// /tags/c%23/). A tag "C++" is /tags/c++/, not /tags/c/;
// TestHugoBuildsTermURLs holds this to the installed hugo.
func hugoURLize(name string) string {
	var b strings.Builder
	hyphen, wasHyphen := false, false
	for i, r := range name {
		if !hugoPathChar(name, i, r) {
			if b.Len() > 0 && !wasHyphen && unicode.IsSpace(r) {
				hyphen = true
			}
			continue
		}
		wasHyphen = r == '-'
		if hyphen && !wasHyphen {
			b.WriteByte('-')
		}
		hyphen = false
		b.WriteRune(r)
	}
	return strings.ToLower(b.String())
}

func hugoPathChar(s string, i int, r rune) bool {
	switch {
	case r == ' ':
		return false
	case unicode.IsLetter(r), unicode.IsDigit(r), unicode.IsMark(r), strings.ContainsRune(`./\_-#+~@`, r):
		return true
	}
	return r == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2])
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
