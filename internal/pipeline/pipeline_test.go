package pipeline

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blogport/blogport/internal/archive"
	"github.com/blogport/blogport/internal/post"
	"github.com/blogport/blogport/internal/source"
	"github.com/blogport/blogport/internal/source/wxr"
)

func TestExportableStatusRules(t *testing.T) {
	tests := []struct {
		typ, status     string
		protected       bool
		drafts, private bool
		want            bool
		reasonSubstring string
	}{
		{"post", "publish", false, false, false, true, ""},
		{"page", "publish", false, false, false, true, ""},
		{"post", "draft", false, false, false, false, "use --drafts"},
		{"post", "draft", false, true, false, true, ""},
		{"post", "pending", false, true, false, true, ""},
		{"post", "future", false, true, false, true, ""},
		{"post", "future", false, false, true, false, "use --drafts"},
		{"post", "private", false, true, false, false, "use --include-private"},
		{"post", "private", false, false, true, true, ""},
		{"post", "publish", true, true, false, false, "password-protected"},
		{"post", "publish", true, false, true, true, ""},
		{"post", "draft", true, true, false, false, "password-protected"},
		{"post", "trash", false, true, true, false, "status trash"},
		{"post", "auto-draft", false, true, true, false, "status auto-draft"},
		{"revision", "inherit", false, true, true, false, "internal type revision"},
		{"attachment", "inherit", false, true, true, false, "attachment"},
		{"nav_menu_item", "publish", false, true, true, false, "internal type"},
		{"wp_template", "publish", false, true, true, false, "internal type"},
		{"oembed_cache", "publish", false, true, true, false, "internal type"},
		{"customize_changeset", "trash", false, true, true, false, "internal type"},
	}
	for _, tc := range tests {
		p := &post.Post{Type: tc.typ, Status: tc.status, Protected: tc.protected}
		ok, why := exportable(p, Options{Drafts: tc.drafts, IncludePrivate: tc.private})
		if ok != tc.want || !strings.Contains(why, tc.reasonSubstring) {
			t.Errorf("%s/%s protected=%v drafts=%v private=%v: got %v %q", tc.typ, tc.status, tc.protected, tc.drafts, tc.private, ok, why)
		}
	}
}

type fakeSource struct {
	posts []*post.Post
	err   error
	reads int // calls of Posts
}

func (f *fakeSource) Site() *post.Site   { return &post.Site{URL: "https://f.example"} }
func (f *fakeSource) Notes() []post.Note { return nil }
func (f *fakeSource) Posts(context.Context) iter.Seq2[*post.Post, error] {
	return func(yield func(*post.Post, error) bool) {
		f.reads++
		for _, p := range f.posts {
			if !yield(p, nil) {
				return
			}
		}
		if f.err != nil {
			yield(nil, f.err)
		}
	}
}

var _ source.Source = (*fakeSource)(nil)

func TestRunStopsOnSourceErrorWithoutManifest(t *testing.T) {
	dir := t.TempDir()
	src := &fakeSource{
		posts: []*post.Post{{ID: 1, Type: "post", Status: "publish", Title: "One", Slug: "one", Content: "x"}},
		err:   errors.New("boom"),
	}
	_, err := Run(context.Background(), src, Options{Output: dir, Layout: archive.Hugo})
	if err == nil || err.Error() != "boom" {
		t.Fatalf("err = %v", err)
	}
	if _, err := archive.ReadManifest(dir); err == nil {
		t.Error("a manifest was written for a failed run")
	}
}

func TestRunCountsWhatItSaw(t *testing.T) {
	src := &fakeSource{posts: []*post.Post{
		{ID: 1, Type: "post", Status: "publish", Title: "One", Slug: "one", Content: "x"},
		{ID: 2, Type: "post", Status: "draft", Title: "Two", Content: "y"},
		{ID: 3, Type: "revision", Status: "inherit"},
	}}
	sum, err := Run(context.Background(), src, Options{Output: t.TempDir(), Layout: archive.Hugo})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Seen["post"]["publish"] != 1 || sum.Seen["post"]["draft"] != 1 || sum.Exported["post"]["publish"] != 1 ||
		sum.Skipped["draft (use --drafts)"] != 1 || sum.Skipped["internal type revision"] != 1 {
		t.Errorf("summary = %+v", sum)
	}
}

func TestRunReadsTheSourceOnceAndRemovesItsSpool(t *testing.T) {
	src := &fakeSource{posts: []*post.Post{
		{ID: 1, Type: "post", Status: "publish", Title: "One", Slug: "one", Content: `<a href="https://f.example/two/">two</a>`},
		{ID: 2, Type: "post", Status: "publish", Title: "Two", Slug: "two", Link: "https://f.example/two/", Content: "y",
			Date:     time.Date(2024, 1, 2, 3, 4, 5, 0, time.FixedZone("", 3600)),
			Comments: []post.Comment{{ID: 7, Author: "A", Content: "hi", Replies: []post.Comment{{ID: 8, Author: "B", Content: "yo"}}}}},
		{ID: 3, Type: "post", Status: "draft", Title: "Three", Content: "z"},
	}}
	dir := t.TempDir()
	spool := filepath.Join(t.TempDir(), "run.spool")
	if _, err := Run(context.Background(), src, Options{Output: dir, Spool: spool}); err != nil {
		t.Fatal(err)
	}
	if src.reads != 1 {
		t.Errorf("the source was read %d times, want once", src.reads)
	}
	if _, err := os.Stat(spool); !os.IsNotExist(err) {
		t.Errorf("spool left behind: %v", err)
	}
	one, err := os.ReadFile(filepath.Join(dir, "content/posts/one/index.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(one), "[two](/posts/two/)") {
		t.Errorf("a link to a later post was not rewritten from the spooled plan:\n%s", one)
	}
	two, err := os.ReadFile(filepath.Join(dir, "content/posts/two/index.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(two), "date: 2024-01-02T03:04:05+01:00") {
		t.Errorf("the post's own offset did not survive the spool:\n%s", two)
	}
	comments, err := os.ReadFile(filepath.Join(dir, "comments/2.json"))
	if err != nil || !strings.Contains(string(comments), `"id": 8`) {
		t.Errorf("threaded comments did not survive the spool: %v\n%s", err, comments)
	}
}

func TestRunWithZeroOptionsButOutputWritesTheHugoLayout(t *testing.T) {
	dir := t.TempDir()
	src := &fakeSource{posts: []*post.Post{{ID: 1, Type: "post", Status: "publish", Title: "One", Slug: "one", Content: "x"}}}
	if _, err := Run(context.Background(), src, Options{Output: dir}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "content/posts/one/index.md")); err != nil {
		t.Error(err)
	}
	if _, err := Run(context.Background(), src, Options{}); err == nil {
		t.Error("a run without an output directory did not fail")
	}
}

// BenchmarkPullSample runs the whole pipeline on the sample export.
func BenchmarkPullSample(b *testing.B) {
	fi, err := os.Stat(sample)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(fi.Size())
	for b.Loop() {
		src, err := wxr.Open(context.Background(), sample)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Run(context.Background(), src, Options{Output: b.TempDir(), Layout: archive.Hugo}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRunPosts runs the pipeline on 400 classic-editor posts of
// about 5 KB each, media kept, and reports posts per second.
func BenchmarkRunPosts(b *testing.B) {
	para := "<p>The bench lamp clamps to the shelf and swings out of the way when the <em>soldering</em> starts, see <a href=\"https://f.example/p-3/\">the third</a>.</p>\n"
	var posts []*post.Post
	for i := range 400 {
		posts = append(posts, &post.Post{ID: int64(i + 1), Type: "post", Status: "publish", Title: fmt.Sprintf("Post %d", i),
			Slug: fmt.Sprintf("p-%d", i), Link: fmt.Sprintf("https://f.example/p-%d/", i), Date: time.Date(2024, 1, 1, 10, 0, 0, 0, time.UTC),
			Content: strings.Repeat(para, 30) + "<pre><code>go test ./...</code></pre>\n\nA last line\nwith a break."})
	}
	for b.Loop() {
		if _, err := Run(context.Background(), &fakeSource{posts: posts}, Options{Output: b.TempDir()}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(posts)*b.N)/b.Elapsed().Seconds(), "posts/s")
}

// TestRunStopsOnAWriteErrorWhileBatchesAreConverting: a failed write in
// pass 2 ends the run with that error, the converting goroutine stopped.
func TestRunStopsOnAWriteErrorWhileBatchesAreConverting(t *testing.T) {
	var posts []*post.Post
	for i := range 100 {
		posts = append(posts, &post.Post{ID: int64(i + 1), Type: "post", Status: "publish", Title: fmt.Sprint(i), Slug: fmt.Sprint("p", i), Content: "x"})
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "content"), []byte("a file where a folder must go"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Run(context.Background(), &fakeSource{posts: posts}, Options{Output: dir})
	if err == nil || !strings.Contains(err.Error(), "content") {
		t.Fatalf("err = %v, want the failed write", err)
	}
	if _, err := archive.ReadManifest(dir); err == nil {
		t.Error("a manifest was written for a failed run")
	}
}

// TestRunThatExportsNothingFails: a source whose items are all skipped (or
// that gives none) is a failed run, naming what it saw; no manifest.
func TestRunThatExportsNothingFails(t *testing.T) {
	for name, posts := range map[string][]*post.Post{
		"none":        nil,
		"only drafts": {{ID: 1, Type: "post", Status: "draft", Title: "One"}, {ID: 2, Type: "revision", Status: "inherit"}},
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			sum, err := Run(context.Background(), &fakeSource{posts: posts}, Options{Output: dir})
			if !errors.Is(err, ErrNothing) || !strings.Contains(err.Error(), fmt.Sprintf("gave %d items, %d of them skipped", len(posts), len(posts))) {
				t.Fatalf("err = %v", err)
			}
			if sum == nil {
				t.Fatal("no summary for the report")
			}
			if _, err := archive.ReadManifest(dir); err == nil {
				t.Error("a manifest was written for a run that exported nothing")
			}
		})
	}
}

// failingSource is a source that could not list everything.
type failingSource struct {
	fakeSource
	failed []post.Note
}

func (f *failingSource) Failed() []post.Note { return f.failed }

// What a source could not get is a failure (the run is partial, exit 3),
// and a re-run whose source failed to list an item never deletes the file
// an earlier run wrote for it; a complete re-run does.
func TestSourceFailuresArePartialAndDeleteNothing(t *testing.T) {
	dir := t.TempDir()
	one := &post.Post{ID: 1, Type: "post", Status: "publish", Title: "One", Slug: "one", Content: "x"}
	two := &post.Post{ID: 2, Type: "post", Status: "publish", Title: "Two", Slug: "two", Content: "y"}
	opts := Options{Output: dir, Layout: archive.Hugo}
	if _, err := Run(context.Background(), &fakeSource{posts: []*post.Post{one, two}}, opts); err != nil {
		t.Fatal(err)
	}
	cut := post.Note{Where: "https://f.example/wp-json/", Code: "http_500", What: "the posts listing stopped at page 2"}
	sum, err := Run(context.Background(), &failingSource{fakeSource{posts: []*post.Post{one}}, []post.Note{cut}}, opts)
	if !errors.Is(err, ErrPartial) {
		t.Fatalf("err = %v, want ErrPartial", err)
	}
	if len(sum.Failed) != 1 || sum.Failed[0] != cut {
		t.Errorf("failed = %v, want the source's %v", sum.Failed, cut)
	}
	m, err := archive.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Items) != 2 {
		t.Fatalf("manifest names %d items after the partial run, want both", len(m.Items))
	}
	for _, it := range m.Items {
		if _, err := os.Stat(filepath.Join(dir, it.Path)); err != nil {
			t.Errorf("manifest item %s: %v", it.Path, err)
		}
	}
	if len(sum.Removed) != 0 || !slices.ContainsFunc(sum.Notes, func(n post.Note) bool { return n.Code == "kept_from_earlier_run" }) {
		t.Errorf("removed %v, notes %v: want nothing removed and the kept item noted", sum.Removed, sum.Notes)
	}
	sum, err = Run(context.Background(), &fakeSource{posts: []*post.Post{one}}, opts)
	if err != nil || len(sum.Removed) != 1 {
		t.Errorf("a complete re-run: err %v, removed %v, want post two's file removed", err, sum.Removed)
	}
}
