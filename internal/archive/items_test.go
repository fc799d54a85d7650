package archive

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/blogport/blogport/internal/post"
)

// The manifest written item by item is, byte for byte, the manifest
// encoded whole, whatever the items hold and in whatever order they came.
func TestStreamedManifestIsTheWholeEncoding(t *testing.T) {
	many := []Item{
		{ID: 3, Type: "post", Status: "publish", Title: "<b>Tom & \"Jerry\"</b> \u2028 caf\u00e9", Path: "content/posts/c/index.md", Authors: []string{"A"}, Categories: []string{}, Tags: []string{"x"}, OldURLs: []string{"https://o.example/c/?a=1&b=2"}, Assets: []post.Asset{{URL: "https://o.example/i.jpg"}}},
		{ID: 1, Type: "page", Status: "publish", Title: "a", Path: "content/pages/a/index.md", Authors: []string{}, Categories: []string{}, Tags: []string{}, OldURLs: []string{}, Assets: []post.Asset{}},
		{ID: 2, Type: "post", Status: "draft", Title: "b", Path: "content/posts/b/index.md", Comments: "comments/2.json", Authors: []string{}, Categories: []string{}, Tags: []string{}, OldURLs: []string{}, Assets: []post.Asset{}},
	}
	for _, tc := range []struct {
		name  string
		items []Item
	}{{"none", nil}, {"one", many[:1]}, {"many", many}} {
		t.Run(tc.name, func(t *testing.T) {
			m := Manifest{Generator: "blogport", Version: "v1", Source: Source{Kind: "wxr", Files: []string{"a.xml"}},
				Layout: Hugo, Terms: []post.Term{{Taxonomy: "category", Slug: "s", Name: "S"}}, Authors: []Author{{Login: "l", Name: "n"}}}
			s := newItems()
			defer s.close()
			for _, it := range tc.items {
				if err := s.add(it); err != nil {
					t.Fatal(err)
				}
			}
			var got bytes.Buffer
			if err := s.writeManifest(&got, m); err != nil {
				t.Fatal(err)
			}
			whole := m
			whole.Items = append([]Item{}, tc.items...)
			slices.SortFunc(whole.Items, func(a, b Item) int { return strings.Compare(a.Path, b.Path) })
			want, err := encodeJSON(whole)
			if err != nil {
				t.Fatal(err)
			}
			if got.String() != string(want) {
				t.Fatalf("streamed manifest\n%s\nwant\n%s", got.String(), want)
			}
		})
	}
}

func TestHoldsComparesAsItIsProduced(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "f")
	if err := os.WriteFile(file, []byte("hello world"), 0o644); err != nil {
		t.Fatal(err)
	}
	fill := func(parts ...string) func(io.Writer) error {
		return func(w io.Writer) error {
			for _, p := range parts {
				if _, err := w.Write([]byte(p)); err != nil {
					return err
				}
			}
			return nil
		}
	}
	for _, tc := range []struct {
		name  string
		fill  func(io.Writer) error
		file  string
		holds bool
	}{
		{"same in pieces", fill("hello", " ", "world"), file, true},
		{"differs", fill("hello there"), file, false},
		{"shorter", fill("hello"), file, false},
		{"longer", fill("hello world!"), file, false},
		{"no file", fill("hello world"), filepath.Join(dir, "none"), false},
	} {
		if got, err := holds(tc.file, tc.fill); err != nil || got != tc.holds {
			t.Errorf("%s: holds = %v, %v; want %v", tc.name, got, err, tc.holds)
		}
	}
}
