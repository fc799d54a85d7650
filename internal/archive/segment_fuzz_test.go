package archive

import (
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzSegment: whatever a slug holds, its segment is one safe name inside
// the folder it is joined to: not empty, no separator, never . or ..,
// no control character, valid UTF-8, within the length cap, no Windows
// device name, and a segment of a segment is itself.
func FuzzSegment(f *testing.F) {
	for _, s := range []string{"hello-world", "../../etc/passwd", "..", ".", "", "con", "NUL.txt", "a/b\\c", "~user", "_drafts",
		"Привет мир", "日本語のタイトル", "emoji-\U0001F389", "\x00\x01", "\xff\xfe", strings.Repeat("ü", 200), "com1.tar.gz", "a..b", ".hidden"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, slug string) {
		seg := Segment(slug)
		if seg == "" && slug != "" && strings.TrimFunc(slug, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) != "" {
			t.Fatalf("Segment(%q) is empty though the slug has letters or digits", slug)
		}
		if seg == "." || seg == ".." || strings.ContainsAny(seg, "/\\\x00") || !utf8.ValidString(seg) || len(seg) > maxSegment {
			t.Fatalf("Segment(%q) = %q", slug, seg)
		}
		for _, r := range seg {
			if unicode.IsControl(r) {
				t.Fatalf("Segment(%q) = %q holds a control character", slug, seg)
			}
		}
		stem, _, _ := strings.Cut(seg, ".")
		if windowsDevices[stem] {
			t.Fatalf("Segment(%q) = %q is a Windows device name", slug, seg)
		}
		if seg != "" {
			root := filepath.Join("out", "content")
			if rel, err := filepath.Rel(root, filepath.Join(root, seg)); err != nil || rel != seg {
				t.Fatalf("Segment(%q) = %q leaves its folder (%q)", slug, seg, rel)
			}
		}
		if again := Segment(seg); again != seg {
			t.Fatalf("Segment(%q) = %q, but Segment(%q) = %q", slug, seg, seg, again)
		}
	})
}
