package archive

import (
	"net/url"
	"strings"
	"unicode"
)

// hugoURLize is the path segment Hugo makes of a taxonomy term's name
// (its urlize): spaces become one hyphen, characters outside its allowed
// set (letters, digits, marks, and . / \ _ - # + ~ @ and %XX escapes)
// are dropped, the rest lowercased; that is the folder Hugo writes, and
// the result is its URL path, percent-encoded. A tag "C++" is /tags/c++/,
// not /tags/c/; TestHugoBuildsTermURLs holds this to the installed hugo.
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
	// the folder Hugo writes, addressed as a URL path: "c#" is /tags/c%23/
	return (&url.URL{Path: strings.ToLower(b.String())}).EscapedPath()
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
