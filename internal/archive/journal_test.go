package archive

import (
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blogport/blogport/internal/post"
)

// A removal that fails leaves the run with the new manifest written and
// the journal of what is still to go: the manifest was written first, so
// it never names the files being removed. The next Open finishes them.
func TestCloseWritesTheManifestBeforeRemovingAndOpenFinishes(t *testing.T) {
	dir := t.TempDir()
	items := Options{NoSiteFiles: true}
	a, b, c := entry(1, "a", "A\n"), entry(2, "b", "B\n"), entry(3, "c", "C\n")
	run(t, dir, items, a, b, c)
	// b's file becomes a folder that is not empty: its removal fails
	bFile := filepath.Join(dir, "content/posts/b/index.md")
	if err := os.Remove(bFile); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(bFile, "x"), 0o755); err != nil {
		t.Fatal(err)
	}
	w, err := Open(dir, items)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(a); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Close(); err == nil || !strings.Contains(err.Error(), "content/posts/b/index.md") {
		t.Fatalf("Close: %v, want the failed removal named", err)
	}
	m, err := ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Items) != 1 || m.Items[0].Path != "content/posts/a/index.md" {
		t.Fatalf("the manifest on disk names %+v, want only a: written before the removals", m.Items)
	}
	if _, err := os.Stat(filepath.Join(dir, RemovalsName)); err != nil {
		t.Fatalf("no journal after a removal failed: %v", err)
	}

	if err := os.RemoveAll(filepath.Join(bFile, "x")); err != nil {
		t.Fatal(err)
	}
	w, err = Open(dir, items) // finishes what the journal lists
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write(a); err != nil {
		t.Fatal(err)
	}
	st, err := w.Close()
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"content/posts/b/index.md", "content/posts/c/index.md"}; !reflect.DeepEqual(st.Removed, want) {
		t.Errorf("removed %v, want %v", st.Removed, want)
	}
	for _, rel := range []string{RemovalsName, "content/posts/b", "content/posts/c"} {
		if _, err := os.Stat(filepath.Join(dir, rel)); !os.IsNotExist(err) {
			t.Errorf("%s is still there: %v", rel, err)
		}
	}
}

// What a run killed during its removals leaves, and what Open makes of it.
func TestOpenFinishesTheRemovalsOfAKilledRun(t *testing.T) {
	outside := filepath.Join(t.TempDir(), "outside.md")
	tests := []struct {
		name    string
		journal string
		removed []string // by Open
		kept    []string
		cleaned []string
	}{
		{"killed after the manifest: the rest goes", `{"paths": ["content/posts/old/index.md", "comments/9.json", "content/posts/gone/index.md"]}`,
			[]string{"comments/9.json", "content/posts/old/index.md"}, []string{"content/posts/a/index.md"}, nil},
		{"killed before the manifest: what it names stays", `{"paths": ["content/posts/a/index.md", "content/posts/a/photo.jpg", "comments/1.json", "hugo.toml", "content/posts/old/index.md"]}`,
			[]string{"content/posts/old/index.md"}, []string{"content/posts/a/index.md", "content/posts/a/photo.jpg", "comments/1.json", "hugo.toml"}, nil},
		{"never outside the archive", `{"paths": ["../` + filepath.Base(filepath.Dir(outside)) + `/outside.md", "/etc/hostname", "content/../../x"]}`,
			nil, []string{"content/posts/old/index.md"}, nil},
		{"a journal that does not parse removes nothing", `{"paths": [`,
			nil, []string{"content/posts/old/index.md"}, []string{RemovalsName}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeManifest(t, dir, Manifest{
				SiteFiles: []SiteFile{{Path: "hugo.toml"}},
				Items: []Item{{Path: "content/posts/a/index.md", Comments: "comments/1.json",
					Assets: []post.Asset{{URL: "https://old.example/photo.jpg", Path: "content/posts/a/photo.jpg"}}}},
			})
			for _, rel := range []string{"content/posts/a/index.md", "content/posts/a/photo.jpg", "comments/1.json", "hugo.toml", "content/posts/old/index.md", "comments/9.json"} {
				writeFile(t, filepath.Join(dir, rel))
			}
			writeFile(t, outside)
			if err := os.WriteFile(filepath.Join(dir, RemovalsName), []byte(tc.journal), 0o644); err != nil {
				t.Fatal(err)
			}
			w, err := Open(dir, Options{})
			if err != nil {
				t.Fatal(err)
			}
			slices.Sort(w.stats.Removed) // Close sorts them
			if !reflect.DeepEqual(w.stats.Removed, tc.removed) {
				t.Errorf("removed %v, want %v", w.stats.Removed, tc.removed)
			}
			if !reflect.DeepEqual(w.stats.Cleaned, tc.cleaned) {
				t.Errorf("cleaned %v, want %v", w.stats.Cleaned, tc.cleaned)
			}
			for _, rel := range tc.removed {
				if _, err := os.Stat(filepath.Join(dir, rel)); !os.IsNotExist(err) {
					t.Errorf("%s is still there", rel)
				}
			}
			for _, full := range append(paths(dir, tc.kept), outside) {
				if _, err := os.Stat(full); err != nil {
					t.Errorf("%s was removed", full)
				}
			}
			if _, err := os.Stat(filepath.Join(dir, RemovalsName)); !os.IsNotExist(err) {
				t.Errorf("the journal is still there: %v", err)
			}
		})
	}
}

func TestOpenRemovesOnlyTheTemporaryFilesOfAKilledRun(t *testing.T) {
	dir, elsewhere := t.TempDir(), t.TempDir()
	stray := []string{".blogport-1.tmp", "content/posts/a/.blogport-4242.tmp", "comments/.blogport-77.tmp"}
	kept := []string{"content/posts/a/index.md", ".blogport-notes.tmp", "content/.blogport-1.tmp.md", "blogport-1.tmp", ".git/.blogport-3.tmp"}
	for _, rel := range append(slices.Clone(stray), kept...) {
		writeFile(t, filepath.Join(dir, rel))
		aged(t, filepath.Join(dir, rel))
	}
	writeFile(t, filepath.Join(dir, "content/.blogport-8.tmp")) // newer than the process: a write of something else in it
	kept = append(kept, "content/.blogport-8.tmp")
	if err := os.MkdirAll(filepath.Join(dir, "themes/.blogport-5.tmp"), 0o755); err != nil { // a folder, not our file
		t.Fatal(err)
	}
	target := filepath.Join(elsewhere, ".blogport-6.tmp")
	writeFile(t, target)
	aged(t, target)
	if err := os.Symlink(target, filepath.Join(dir, "content/.blogport-6.tmp")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(elsewhere, filepath.Join(dir, "linked")); err != nil { // not followed
		t.Fatal(err)
	}
	w, err := Open(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := slices.Sorted(slices.Values(stray))
	if got := slices.Sorted(slices.Values(w.stats.Cleaned)); !reflect.DeepEqual(got, want) {
		t.Errorf("cleaned %v, want %v", got, want)
	}
	for _, full := range paths(dir, stray) {
		if _, err := os.Lstat(full); !os.IsNotExist(err) {
			t.Errorf("%s is still there", full)
		}
	}
	for _, full := range append(paths(dir, append(kept, "themes/.blogport-5.tmp", "content/.blogport-6.tmp")), target) {
		if _, err := os.Lstat(full); err != nil {
			t.Errorf("%s was removed", full)
		}
	}
}

// An earlier item's file where a site file now goes (Jekyll's index.md,
// which a static front page held) is replaced by the site file, not taken
// for the user's and then removed.
func TestSiteFileReplacesAnEarlierItemAtItsPath(t *testing.T) {
	dir := t.TempDir()
	opts := Options{Layout: Jekyll, Home: "https://old.example/"}
	home := entry(5, "home", "Welcome\n")
	home.Post.Type, home.Post.Link = "page", "https://old.example/"
	run(t, dir, opts, home, entry(1, "a", "A\n"))
	if got := readString(t, filepath.Join(dir, "index.md")); !strings.Contains(got, "Welcome") {
		t.Fatalf("the front page is not index.md: %q", got)
	}
	st := run(t, dir, opts, entry(1, "a", "A\n"))
	if got := readString(t, filepath.Join(dir, "index.md")); got != jekyllHome {
		t.Errorf("index.md holds %q, want the site file", got)
	}
	if slices.Contains(st.Kept, "index.md") {
		t.Errorf("index.md kept as the user's: %v", st.Kept)
	}
}

func writeManifest(t *testing.T, dir string, m Manifest) {
	t.Helper()
	data, err := encodeJSON(m)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, ManifestName), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func writeFile(t *testing.T, full string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(full, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
}

// aged makes a file older than the process, as one a killed run left is.
func aged(t *testing.T, full string) {
	t.Helper()
	old := processStart.Add(-time.Hour)
	if err := os.Chtimes(full, old, old); err != nil {
		t.Fatal(err)
	}
}

func paths(dir string, rels []string) []string {
	var out []string
	for _, rel := range rels {
		out = append(out, filepath.Join(dir, filepath.FromSlash(rel)))
	}
	return out
}
