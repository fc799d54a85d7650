package verify

import (
	"strings"
	"testing"

	"github.com/blogport/blogport/internal/archive"
)

func TestCheckLink(t *testing.T) {
	m := &archive.Manifest{Source: archive.Source{URL: "https://old.example"}}
	it := archive.Item{Path: "content/posts/a/index.md"}
	pages := map[string]bool{"/posts/b": true, "/posts/привет": true}
	local := map[string]bool{"content/posts/a/photo.jpg": true}
	tests := []struct {
		dest, problem string
	}{
		{"/posts/b/", ""},
		{"/posts/b/#comments", ""},
		{"/posts/%D0%BF%D1%80%D0%B8%D0%B2%D0%B5%D1%82/", ""},
		{"photo.jpg", ""},
		{"#top", ""},
		{"https://elsewhere.example/x", ""},
		{"https://old.example/wp-content/uploads/x.jpg", ""},
		{"/posts/gone/", "points at no page of the archive"},
		{"missing.png", "points at no file of the archive"},
		{"https://old.example/2024/01/02/still-old/", "still points at the old site"},
		{"https://www.old.example/category/x/", "still points at the old site"},
	}
	for _, tc := range tests {
		got := checkLink(m, it, tc.dest, pages, local)
		if (tc.problem == "") != (got == "") || !strings.Contains(got, tc.problem) {
			t.Errorf("%s: %q, want %q", tc.dest, got, tc.problem)
		}
	}
}
