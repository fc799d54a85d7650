package route

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/blogport/blogport/internal/fetch"
)

func TestDiscover(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/wp":
			w.Header().Set("Link", `<http://x.example/wp-json/>; rel="https://api.w.org/"`)
			fmt.Fprint(w, `<html><head><meta name="generator" content="WordPress 6.1.9"><link rel="alternate" type="application/rss+xml" href="/feed/"></head><body></body></html>`)
		case "/tagonly":
			fmt.Fprint(w, `<html><head><link rel="https://api.w.org/" href="/wp-json/"></head></html>`)
		case "/hugo":
			fmt.Fprint(w, `<html><head><meta name="generator" content="Hugo 0.111.3"><link rel="alternate" type="application/atom+xml" href="/index.xml"></head><body><a href="/wp-content/">not in the head</a></body></html>`)
		case "/feed.json": // as PHP writes it: slashes escaped, version last
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"title":"x","items":[{"id":"1","url":"https:\/\/x.example\/a\/"}],"version":"https:\/\/jsonfeed.org\/version\/1.1"}`)
		case "/feed.xml":
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>`)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	c := fetch.New(fetch.Options{Delay: -1, Retries: -1, IgnoreRobots: true})
	get := func(p string) *Site {
		s, err := Discover(context.Background(), c, srv.URL+p)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	if s := get("/wp"); s.APIRoot != "http://x.example/wp-json/" || !s.WordPress || len(s.Feeds) != 1 || !strings.HasSuffix(s.Feeds[0], "/feed/") {
		t.Errorf("wp: %+v", s)
	}
	if s := get("/tagonly"); s.APIRoot != srv.URL+"/wp-json/" {
		t.Errorf("tag only: %+v", s)
	}
	if s := get("/hugo"); s.APIRoot != "" || s.Generator != "Hugo 0.111.3" || len(s.Feeds) != 1 || s.IsFeed {
		t.Errorf("hugo: %+v", s)
	}
	if s := get("/feed.json"); !s.IsFeed {
		t.Errorf("JSON Feed 1.1: %+v", s)
	}
	if s := get("/feed.xml"); !s.IsFeed {
		t.Errorf("feed: %+v", s)
	}
}
