package verify

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/blogport/blogport/internal/archive"
	"github.com/blogport/blogport/internal/post"
	"github.com/blogport/blogport/internal/testenv"
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

// Every file the manifest names must be there, and nothing an interrupted
// run leaves behind may be.
func TestArchiveReportsMissingFilesAndLeftovers(t *testing.T) {
	const photoSHA = "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881" // of "x"
	whole := map[string]string{
		"content/posts/a/index.md":  "---\ntitle: A\n---\nSee ![](photo.jpg).\n",
		"content/posts/a/photo.jpg": "x",
		"comments/1.json":           "{}\n",
	}
	tests := []struct {
		name   string
		remove string            // a file of the whole archive taken away
		add    map[string]string // files added to it
		want   []Problem
	}{
		{"whole", "", nil, []Problem{}},
		{"item file missing", "content/posts/a/index.md", nil,
			[]Problem{{"content/posts/a/index.md", "the item's file is missing"}}},
		{"comments missing", "comments/1.json", nil,
			[]Problem{{"content/posts/a/index.md", "comments file missing: comments/1.json"}}},
		{"media missing", "content/posts/a/photo.jpg", nil, []Problem{
			{"content/posts/a/index.md", "media file missing: content/posts/a/photo.jpg"},
			{"content/posts/a/index.md", `link "photo.jpg" points at no file of the archive`}}},
		{"temporary files", "", map[string]string{".blogport-12.tmp": "", "content/posts/a/.blogport-345.tmp": "half"}, []Problem{
			{".blogport-12.tmp", "a temporary file left by an interrupted run (the next pull removes it)"},
			{"content/posts/a/.blogport-345.tmp", "a temporary file left by an interrupted run (the next pull removes it)"}}},
		{"files of others with like names", "", map[string]string{".blogport-notes.tmp": "", "content/blogport-1.tmp": "", ".git/.blogport-3.tmp": ""}, []Problem{}},
		{"removals pending", "", map[string]string{archive.RemovalsName: `{"paths": ["content/posts/b/index.md"]}`, "content/posts/b/index.md": "old"},
			[]Problem{{archive.RemovalsName, "an interrupted run did not finish removing the files of dropped items (the next pull does)"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			m := archive.Manifest{Generator: "blogport", Layout: archive.Hugo, Items: []archive.Item{{
				Type: "post", Status: "publish", Title: "A", NewURL: "/posts/a/", Path: "content/posts/a/index.md", Comments: "comments/1.json",
				Assets: []post.Asset{{URL: "https://old.example/photo.jpg", Path: "content/posts/a/photo.jpg", SHA256: photoSHA}},
			}}}
			data, err := json.Marshal(m)
			if err != nil {
				t.Fatal(err)
			}
			files := map[string]string{archive.ManifestName: string(data)}
			for name, body := range whole {
				if name != tc.remove {
					files[name] = body
				}
			}
			for name, body := range tc.add {
				files[name] = body
			}
			testenv.WriteFiles(t, dir, files)
			rep, _, err := Archive(dir)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(rep.Problems, tc.want) {
				t.Errorf("problems:\n%v\nwant:\n%v", rep.Problems, tc.want)
			}
		})
	}
}
