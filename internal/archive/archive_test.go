package archive

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/blogport/blogport/internal/assets"
	"github.com/blogport/blogport/internal/post"
)

func TestSegment(t *testing.T) {
	tests := []struct{ in, want string }{
		{"dont-ask", "dont-ask"},
		{"Привет-Мир", "привет-мир"},
		{"../../etc/passwd", "etc-passwd"},
		{`..\..\windows`, "windows"},
		{"..", ""},
		{".hidden", "hidden"},
		{"_drafts", "drafts"},
		{"a/b", "a-b"},
		{"space and\ttab", "space-and-tab"},
		{"nul\x00byte", "nul-byte"},
		{"café", "café"},
		{"emoji-🎉-party", "emoji-party"},
		{"CON:lpt1?*", "con-lpt1"},
		{"con", "con_"},
		{"NUL.txt", "nul_.txt"},
		{"Com1", "com1_"},
		{"com10", "com10"},
		{"console", "console"},
		{"aux.tar.gz", "aux_.tar.gz"},
		{strings.Repeat("é", 200), strings.Repeat("é", 90)},
	}
	for _, tc := range tests {
		if got := Segment(tc.in); got != tc.want {
			t.Errorf("Segment(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func entry(id int64, slug, body string) Entry {
	d := time.Date(2024, 3, 12, 9, 30, 0, 0, time.FixedZone("", 3600))
	return Entry{
		Post: &post.Post{ID: id, Type: "post", Status: "publish", Title: "Post " + slug, Slug: slug, Date: d, Modified: d,
			Link: "https://old.example/" + slug + "/", Origin: "t.xml:1"},
		Body:    body,
		Aliases: []string{"/" + slug + "/", "/posts/" + slug + "/"},
	}
}

func run(t *testing.T, dir string, opts Options, entries ...Entry) Stats {
	t.Helper()
	w, err := Open(dir, opts)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if err := w.Write(e); err != nil {
			t.Fatal(err)
		}
	}
	st, err := w.Close()
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func TestIncrementalRuns(t *testing.T) {
	dir := t.TempDir()
	a, b := entry(1, "a", "A body\n"), entry(2, "b", "B body\n")
	items := Options{NoSiteFiles: true} // the items alone; site files have their own tests
	st := run(t, dir, items, a, b)
	if len(st.Written) != 3 { // two posts and the manifest
		t.Fatalf("first run wrote %v", st.Written)
	}
	manifest, _ := os.ReadFile(filepath.Join(dir, ManifestName))

	st = run(t, dir, items, a, b)
	if len(st.Written) != 0 || st.Unchanged != 3 {
		t.Fatalf("identical re-run wrote %v (unchanged %d)", st.Written, st.Unchanged)
	}
	again, _ := os.ReadFile(filepath.Join(dir, ManifestName))
	if string(again) != string(manifest) {
		t.Fatal("manifest changed on an identical re-run")
	}

	b.Body = "B body, edited\n"
	st = run(t, dir, items, a, b)
	if !reflect.DeepEqual(st.Written, []string{"blogport.json", "content/posts/b/index.md"}) {
		t.Fatalf("edit re-run wrote %v", st.Written)
	}

	st = run(t, dir, items, a)
	if !reflect.DeepEqual(st.Removed, []string{"content/posts/b/index.md"}) {
		t.Fatalf("removed = %v", st.Removed)
	}
	if _, err := os.Stat(filepath.Join(dir, "content/posts/b")); !os.IsNotExist(err) {
		t.Errorf("empty bundle directory left behind: %v", err)
	}
}

func TestFrontMatterRoundTrip(t *testing.T) {
	for _, f := range []Format{YAML, TOML} {
		t.Run(string(f), func(t *testing.T) {
			dir := t.TempDir()
			e := entry(7, "dont-ask", "Body\n")
			e.Post.Title = `Don't ask: "a" post`
			e.Post.Modified = e.Post.Date.Add(48 * time.Hour).In(time.FixedZone("", 7200))
			e.Post.Categories = []post.Term{{Name: "Lab Notes"}, {Name: "yes"}}
			e.Summary = "Two\nlines"
			run(t, dir, Options{Format: f}, e)
			data, err := os.ReadFile(filepath.Join(dir, "content/posts/dont-ask/index.md"))
			if err != nil {
				t.Fatal(err)
			}
			fm, body, err := ReadFrontMatter(data)
			if err != nil {
				t.Fatal(err)
			}
			if fm.Title != e.Post.Title || fm.Date.Format(time.RFC3339) != "2024-03-12T09:30:00+01:00" ||
				fm.Lastmod.Format(time.RFC3339) != "2024-03-14T10:30:00+02:00" || fm.Summary != "Two\nlines" ||
				!reflect.DeepEqual(fm.Categories, []string{"Lab Notes", "yes"}) || fm.WordPressID != 7 || fm.Draft {
				t.Errorf("round trip lost data: %+v\n%s", fm, data)
			}
			if body != "\nBody\n" {
				t.Errorf("body = %q", body)
			}
			if !reflect.DeepEqual(fm.Aliases, []string{"/dont-ask/"}) {
				t.Errorf("aliases = %v, want the old path without the new URL itself", fm.Aliases)
			}
		})
	}
}

func TestSlugCollisionsResolveDeterministically(t *testing.T) {
	dir := t.TempDir()
	run(t, dir, Options{}, entry(1, "same", "one\n"), entry(2, "same", "two\n"), entry(0, "same", "three\n"))
	m, err := ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, it := range m.Items {
		paths = append(paths, it.Path)
	}
	want := []string{"content/posts/same-2/index.md", "content/posts/same-3/index.md", "content/posts/same/index.md"}
	if !reflect.DeepEqual(paths, want) {
		t.Errorf("paths = %v, want %v", paths, want)
	}
}

func TestNeverWritesOutsideTheArchive(t *testing.T) {
	dir := t.TempDir()
	outside := t.TempDir()
	for _, slug := range []string{"../../../" + filepath.Base(outside) + "/x", "/etc/x", `..\..\x`} {
		run(t, dir, Options{}, entry(1, slug, "x\n"))
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 0 {
		t.Fatalf("wrote outside the archive: %v", entries)
	}
	// a symbolic link planted inside the archive is refused
	sym := t.TempDir()
	if err := os.MkdirAll(filepath.Join(sym, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(sym, "content", "posts")); err != nil {
		t.Skip("no symlinks here:", err)
	}
	w, err := Open(sym, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(entry(1, "x", "x\n")); err == nil || !strings.Contains(err.Error(), "symbolic link") {
		t.Errorf("write through symlink: err = %v", err)
	}
	if entries, _ := os.ReadDir(outside); len(entries) != 0 {
		t.Fatalf("wrote through the symlink: %v", entries)
	}
}

func TestTamperedManifestNeverDeletesOutside(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	victim := filepath.Join(outside, "keep.txt")
	os.WriteFile(victim, []byte("keep"), 0o644)
	rel, _ := filepath.Rel(dir, victim)
	os.WriteFile(filepath.Join(dir, ManifestName), []byte(`{"items":[{"path":"`+filepath.ToSlash(rel)+`"}]}`), 0o644)
	run(t, dir, Options{})
	if _, err := os.Stat(victim); err != nil {
		t.Fatalf("file outside the archive was deleted: %v", err)
	}
}

func TestAtomicWriteLeavesNoTempFiles(t *testing.T) {
	dir := t.TempDir()
	run(t, dir, Options{}, entry(1, "a", "x\n"))
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if strings.HasPrefix(d.Name(), ".blogport-") {
			t.Errorf("temporary file left: %s", p)
		}
		return nil
	})
}

func TestMediaArePlacedPerLayoutAndLinkedLocally(t *testing.T) {
	img := assets.File{Asset: post.Asset{URL: "https://old.example/up/lamp.jpg", SHA256: strings.Repeat("a", 64)}, Name: "lamp.jpg", Data: []byte("one")}
	other := assets.File{Asset: post.Asset{URL: "https://old.example/up2/lamp.jpg", SHA256: strings.Repeat("b", 64)}, Name: "lamp.jpg", Data: []byte("two")}
	copyOf := assets.File{Asset: post.Asset{URL: "https://old.example/up3/lamp-copy.jpg", SHA256: img.SHA256}, Name: "lamp-copy.jpg", Data: []byte("one")}
	tests := []struct {
		layout    Layout
		file, ref string
		second    string
	}{
		{Hugo, "content/posts/a/lamp.jpg", "(lamp.jpg)", "content/posts/a/lamp-bbbbbbbb.jpg"},
		{Jekyll, "assets/media/lamp.jpg", "(/assets/media/lamp.jpg)", "assets/media/lamp-bbbbbbbb.jpg"},
		{Plain, "media/lamp.jpg", "(../media/lamp.jpg)", "media/lamp-bbbbbbbb.jpg"},
	}
	for _, tc := range tests {
		t.Run(tc.layout.String(), func(t *testing.T) {
			dir := t.TempDir()
			e := entry(1, "a", "![x](https://old.example/up/lamp.jpg) and ![y](https://old.example/up2/lamp.jpg) but not https://old.example/up/lamp.jpg.bak\n")
			e.Assets = []post.Asset{{URL: img.URL}, {URL: other.URL}, {URL: "https://old.example/failed.png"}, {URL: copyOf.URL}}
			e.Files = []assets.File{img, other, copyOf}
			run(t, dir, Options{Layout: tc.layout}, e)
			if data, err := os.ReadFile(filepath.Join(dir, tc.file)); err != nil || string(data) != "one" {
				t.Fatalf("%s: %v %q", tc.file, err, data)
			}
			if data, err := os.ReadFile(filepath.Join(dir, tc.second)); err != nil || string(data) != "two" {
				t.Fatalf("same name, other bytes: %s: %v", tc.second, err)
			}
			m, _ := ReadManifest(dir)
			body, _ := os.ReadFile(filepath.Join(dir, m.Items[0].Path))
			if !strings.Contains(string(body), tc.ref) || !strings.Contains(string(body), "lamp.jpg.bak") {
				t.Errorf("body not rewritten:\n%s", body)
			}
			as := m.Items[0].Assets
			if len(as) != 4 || as[0].Path != tc.file || as[0].SHA256 != img.SHA256 || as[2].Path != "" || as[3].Path != tc.file {
				t.Errorf("manifest assets = %+v", as)
			}
			// the media go with their post
			run(t, dir, Options{Layout: tc.layout})
			if _, err := os.Stat(filepath.Join(dir, tc.file)); !os.IsNotExist(err) {
				t.Errorf("%s outlived its post", tc.file)
			}
		})
	}
}

func TestReadFrontMatterRejectsBrokenFiles(t *testing.T) {
	for _, in := range []string{"no front matter", "---\ntitle: x\n", "+++\ntitle = 'x'\n", "---\ntitle: [unclosed\n---\n"} {
		if _, _, err := ReadFrontMatter([]byte(in)); err == nil {
			t.Errorf("%q: no error", in)
		}
	}
}

// A post whose source gave only its day is written with a date, not a
// time, in either syntax and whichever YAML writer writes it (a summary of
// two lines goes through go-yaml), and reads back as that day.
func TestDayOnlyDateIsWrittenAsADate(t *testing.T) {
	for _, tc := range []struct {
		f       Format
		summary string
		line    string
	}{
		{YAML, "", "\ndate: 2024-03-12\n"},
		{YAML, "Two\nlines", "\ndate: 2024-03-12\n"},
		{TOML, "", "\ndate = 2024-03-12\n"},
	} {
		t.Run(string(tc.f)+fmt.Sprint(tc.summary != ""), func(t *testing.T) {
			dir := t.TempDir()
			e := entry(7, "day", "Body\n")
			e.Post.Date, e.Post.DayOnly = time.Date(2024, 3, 12, 0, 0, 0, 0, time.UTC), true
			e.Summary = tc.summary
			run(t, dir, Options{Format: tc.f}, e)
			data, err := os.ReadFile(filepath.Join(dir, "content/posts/day/index.md"))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Contains(data, []byte(tc.line)) {
				t.Errorf("no %q in\n%s", tc.line, data)
			}
			fm, _, err := ReadFrontMatter(data)
			if err != nil || fm.Date.Format(time.DateOnly) != "2024-03-12" {
				t.Errorf("read back %v, %v", fm.Date, err)
			}
		})
	}
}
