package pipeline

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/blogport/blogport/internal/archive"
	"github.com/blogport/blogport/internal/post"
	"github.com/blogport/blogport/internal/source/wxr"
)

func reusePosts() []*post.Post {
	var ps []*post.Post
	for i := range 6 {
		ps = append(ps, &post.Post{ID: int64(i + 1), Type: "post", Status: "publish", Title: fmt.Sprint("Post ", i),
			Slug: fmt.Sprint("p-", i), Link: fmt.Sprintf("https://f.example/p-%d/", i), Date: time.Date(2024, 1, 1, 10, 0, 0, 0, time.UTC),
			Content:  fmt.Sprintf("<p>Body %d, see <a href=\"https://f.example/p-%d/\">the next</a>.</p>", i, (i+1)%6),
			Comments: []post.Comment{{ID: int64(100 + i), Author: "A", Content: "Nice.\n\nTwo paragraphs.", Approved: true}}})
	}
	return ps
}

// A re-run converts only what changed since the last run; what it keeps
// is what converting again would have written.
func TestRerunConvertsOnlyWhatChanged(t *testing.T) {
	dir := t.TempDir()
	run := func(posts []*post.Post, opts Options) *Summary {
		t.Helper()
		opts.Output = dir
		sum, err := Run(context.Background(), &fakeSource{posts: posts}, opts)
		if err != nil {
			t.Fatal(err)
		}
		return sum
	}
	first := run(reusePosts(), Options{})
	if first.Reused != 0 || len(first.Written) == 0 {
		t.Fatalf("first run: reused %d, written %v", first.Reused, first.Written)
	}
	fresh := snapshot(t, dir)

	again := run(reusePosts(), Options{})
	if again.Reused != 6 || len(again.Written) != 0 || again.Unchanged != len(fresh) {
		t.Errorf("unchanged re-run: reused %d, written %v, unchanged %d of %d files", again.Reused, again.Written, again.Unchanged, len(fresh))
	}
	if got := snapshot(t, dir); !maps.Equal(got, fresh) {
		t.Error("an unchanged re-run changed the archive")
	}
	if n := seen(again.Exported); n != 6 {
		t.Errorf("unchanged re-run exported %d items, want 6", n)
	}

	edited := reusePosts()
	edited[2].Content = "<p>Body 2, rewritten.</p>"
	one := run(edited, Options{})
	if one.Reused != 5 || !slices.Equal(one.Written, []string{"blogport.json", "content/posts/p-2/index.md"}) {
		t.Errorf("one post edited: reused %d, written %v", one.Reused, one.Written)
	}

	// a file changed by hand is written again from the source
	file := filepath.Join(dir, "content/posts/p-4/index.md")
	if err := os.WriteFile(file, []byte("edited by hand\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	hand := run(edited, Options{})
	if hand.Reused != 5 || !slices.Equal(hand.Written, []string{"content/posts/p-4/index.md"}) {
		t.Errorf("file edited by hand: reused %d, written %v", hand.Reused, hand.Written)
	}
	if got, _ := os.ReadFile(file); string(got) != fresh["content/posts/p-4/index.md"] {
		t.Errorf("the hand-edited file holds %q, want it written again", got)
	}

	// anything shared changes every file's inputs: an option, a new post
	for name, tc := range map[string]struct {
		posts []*post.Post
		opts  Options
	}{
		"another front matter format": {edited, Options{Format: archive.TOML}},
		"a post added":                {append(edited, &post.Post{ID: 9, Type: "post", Status: "publish", Title: "New", Slug: "new", Content: "<p>x</p>"}), Options{}},
	} {
		if sum := run(tc.posts, tc.opts); sum.Reused != 0 {
			t.Errorf("%s: reused %d items, want none", name, sum.Reused)
		}
	}
}

// snapshot is every file of the archive by path, the manifest aside.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// The sample export, read afresh each time (its media library lists sizes
// from PHP arrays), is reused whole on a re-run.
func TestRerunOfTheSampleReusesEveryItem(t *testing.T) {
	dir := t.TempDir()
	var sums []*Summary
	for range 6 { // an order that changed from run to run would show
		src, err := wxr.Open(context.Background(), sample)
		if err != nil {
			t.Fatal(err)
		}
		sum, err := Run(context.Background(), src, Options{Output: dir, Layout: archive.Hugo})
		if err != nil {
			t.Fatal(err)
		}
		sums = append(sums, sum)
	}
	exported := seen(sums[0].Exported)
	for i, sum := range sums[1:] {
		if sum.Reused != exported || len(sum.Written) != 0 {
			t.Errorf("re-run %d: reused %d of %d items, wrote %v", i+1, sum.Reused, exported, sum.Written)
		}
	}
}

// The build fingerprint covers every rewritable link, old address and new
// URL alike, and is the same for the same links whatever the map's order.
func TestFingerprintCoversEveryLink(t *testing.T) {
	site := &post.Site{Title: "F", URL: "https://f.example/"}
	fp := func(links linkMap) string {
		t.Helper()
		r := &run{site: site, links: links}
		got := r.fingerprint()
		if got == "" {
			t.Fatal("no fingerprint")
		}
		return got
	}
	base := linkMap{"f.example/a": "/posts/a/", "f.example/b": "/posts/b/"}
	if fp(base) != fp(maps.Clone(base)) {
		t.Error("the same links gave two fingerprints")
	}
	moved := maps.Clone(base)
	moved["f.example/b"] = "/posts/b-2/"
	added := maps.Clone(base)
	added["f.example/c"] = "/posts/c/"
	for name, m := range map[string]linkMap{"moved": moved, "added": added} {
		if fp(m) == fp(base) {
			t.Errorf("a link %s left the fingerprint as it was", name)
		}
	}
}
