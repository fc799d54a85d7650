package extract

import (
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
	"github.com/blogport/blogport/mappings"
)

// FuzzParseMapping: a mapping file of any bytes is a mapping or an error
// naming the file, never a panic; a mapping it accepts extracts from a
// page without one either.
func FuzzParseMapping(f *testing.F) {
	entries, err := mappings.FS.ReadDir(".")
	if err != nil {
		f.Fatal(err)
	}
	for _, e := range entries {
		data, err := mappings.FS.ReadFile(e.Name())
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("name: x\nselect:\n  title: 'h1['\n"))
	f.Add([]byte("name: x\nfollow: ['(']\n"))
	f.Add([]byte("name: x\nunknown: 1\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := Parse("fuzz.yaml", data)
		if err != nil {
			if !strings.Contains(err.Error(), "fuzz.yaml") {
				t.Fatalf("error %q does not name the file", err)
			}
			return
		}
		page := `<html><head><title>T</title></head><body><article><h1>T</h1><time datetime="2024-01-02">x</time><p>Body text.</p></article></body></html>`
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(page))
		if err != nil {
			t.Fatal(err)
		}
		m.Extract(doc)
		m.Follows("https://blog.example/page/2/")
	})
}
