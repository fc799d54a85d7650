package bench

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blogport/blogport/internal/post"
	"github.com/blogport/blogport/internal/source/wxr"
)

func countComments(cs []post.Comment) int {
	n := len(cs)
	for _, c := range cs {
		n += countComments(c.Replies)
	}
	return n
}

func generated(t *testing.T, posts int, seed uint64) (Export, []byte) {
	t.Helper()
	e, err := Generate(filepath.Join(t.TempDir(), "export.xml"), posts, seed)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(e.Path)
	if err != nil {
		t.Fatal(err)
	}
	return e, b
}

func TestGenerateGivesTheSameBytesForTheSameSeed(t *testing.T) {
	_, a := generated(t, 40, 7)
	_, b := generated(t, 40, 7)
	if !bytes.Equal(a, b) {
		t.Error("two exports with seed 7 differ")
	}
	if _, c := generated(t, 40, 8); bytes.Equal(a, c) {
		t.Error("exports with seeds 7 and 8 are the same")
	}
}

func TestGenerateWritesAnExportBlogportReads(t *testing.T) {
	e, _ := generated(t, 120, 1)
	r, err := wxr.Open(context.Background(), e.Path)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	parents, comments := 0, 0
	for p, err := range r.Posts(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		kinds[p.Type+" "+p.Status]++
		comments += countComments(p.Comments)
		if len(p.Parents) > 0 {
			parents++
		}
	}
	want := map[string]int{"post publish": 120, "page publish": pagesFor(120), "attachment inherit": mediaCount}
	for k, n := range want {
		if kinds[k] != n {
			t.Errorf("%d items of %s, want %d (all: %v)", kinds[k], k, n, kinds)
		}
	}
	if comments != e.Comments || comments == 0 {
		t.Errorf("%d comments read, export says %d", comments, e.Comments)
	}
	if parents == 0 {
		t.Error("no page has a parent")
	}
}

func TestGenerateMixesTheEditorsAndMarkup(t *testing.T) {
	e, b := generated(t, 200, 1)
	for _, s := range []string{"<!-- wp:paragraph -->", "<!-- wp:image", "[caption id=", "<pre class=", "<blockquote>",
		"<ul>", "<em>", "<strong>", `<a href="https://example.org/`, "<!--more-->", "_wp_attachment_metadata",
		`domain="post_tag"`, `domain="category"`, "<wp:comment_parent>10", "café"} {
		if !bytes.Contains(b, []byte(s)) {
			t.Errorf("the export has no %q", s)
		}
	}
	perPost := float64(e.Bytes) / float64(e.Posts)
	if perPost < 4500 || perPost > 8000 {
		t.Errorf("%.0f bytes per post, want about 5 KB of content and its item", perPost)
	}
	if n := strings.Count(string(b), "<item>"); n != e.Posts+e.Pages+e.Attachments {
		t.Errorf("%d items, want %d", n, e.Posts+e.Pages+e.Attachments)
	}
}
