package verify

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/blogport/blogport/internal/archive"
	"github.com/blogport/blogport/internal/testenv"
)

// Every new URL is asked for, a few at once, and must answer 200 itself;
// drafts and items without a URL are not asked for.
func TestCheckPagesRequiresEveryNewURLToAnswer200(t *testing.T) {
	inFlight := testenv.NewInFlight(workers)
	var mu sync.Mutex
	asked := map[string]int{} // by Host and path
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer inFlight.Wait()()
		mu.Lock()
		asked[r.Host+" "+r.URL.Path]++
		mu.Unlock()
		switch r.URL.Path {
		case "/blog/posts/gone/":
			http.NotFound(w, r)
		case "/blog/posts/moved/":
			http.Redirect(w, r, "/blog/posts/a/", http.StatusMovedPermanently)
		default:
			fmt.Fprintln(w, "ok")
		}
	}))
	defer srv.Close()
	m := &archive.Manifest{Items: []archive.Item{
		{Path: "a.md", NewURL: "/posts/a/"},
		{Path: "b.md", NewURL: "/posts/привет/"},
		{Path: "c.md", NewURL: "/lab notes/c.html"},
		{Path: "gone.md", NewURL: "/posts/gone/"},
		{Path: "moved.md", NewURL: "/posts/moved/"},
		{Path: "draft.md", NewURL: "/posts/draft/"},
		{Path: "_drafts/e.md"},
	}}
	r := &Report{front: map[string]archive.FrontMatter{"draft.md": {Draft: true}}}
	r.CheckPages(context.Background(), m, srv.URL+"/blog/", "old.example", nil)
	want := []Problem{
		{"/posts/gone/", "the new URL of gone.md answered 404, want 200"},
		{"/posts/moved/", "the new URL of moved.md answered 301, want 200"},
	}
	if fmt.Sprint(r.Problems) != fmt.Sprint(want) || r.Pages != 5 {
		t.Errorf("problems %v (%d checked), want %v (5)", r.Problems, r.Pages, want)
	}
	for _, p := range []string{"/blog/posts/a/", "/blog/posts/привет/", "/blog/lab notes/c.html", "/blog/posts/gone/", "/blog/posts/moved/"} {
		if asked["old.example "+p] != 1 {
			t.Errorf("%s asked for %d times with the old host, want once (asked: %v)", p, asked["old.example "+p], asked)
		}
	}
	if len(asked) != 5 {
		t.Errorf("asked for %v, want the 5 published new URLs", asked)
	}
	if most := inFlight.Most(); most > workers || most < 2 {
		t.Errorf("%d requests at once, want 2 to %d", most, workers)
	}
}
