package crawl

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/blogport/blogport/internal/extract"
	"github.com/blogport/blogport/internal/fetch"
)

// A site with a sitemap for one post and a listing that links to another,
// robots.txt closing a third, and the block-theme page fixture.
func TestCrawlFindsPostsThroughSitemapsAndListings(t *testing.T) {
	block, err := os.ReadFile("../../../testdata/pages/wordpress-block.html")
	if err != nil {
		t.Fatal(err)
	}
	classic, _ := os.ReadFile("../../../testdata/pages/wordpress-classic.html")
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		html := func(s string) { w.Header().Set("Content-Type", "text/html; charset=UTF-8"); fmt.Fprint(w, s) }
		switch r.URL.Path {
		case "/robots.txt":
			fmt.Fprintf(w, "User-agent: *\nDisallow: /secret/\nSitemap: %s/sm.xml\n", srv.URL)
		case "/sm.xml":
			fmt.Fprintf(w, `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>%s/2024/07/01/harbour-morning/</loc></url></urlset>`, srv.URL)
		case "/":
			html(`<html><body class="home blog"><a href="/2024/03/12/clamp-lamp/">Clamp</a> <a href="/secret/post/">Hidden</a> <a href="https://elsewhere.example/x/">Off site</a> <a href="/wp-admin/">Admin</a></body></html>`)
		case "/2024/07/01/harbour-morning/":
			html(string(block))
		case "/2024/03/12/clamp-lamp/":
			html(strings.ReplaceAll(string(classic), "https://blog.example.com", srv.URL))
		case "/secret/post/":
			t.Error("robots.txt was not obeyed")
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	m, err := extract.Builtin("wordpress")
	if err != nil {
		t.Fatal(err)
	}
	c := fetch.New(fetch.Options{Delay: -1, Retries: -1, Hosts: []string{strings.TrimPrefix(srv.URL, "http://")}})
	r, err := Open(context.Background(), c, srv.URL+"/", m)
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for p, err := range r.Posts(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		titles = append(titles, fmt.Sprintf("%s %d %s", p.Title, p.ID, p.Slug))
		if !p.Rendered || p.Type != "post" {
			t.Errorf("%s: %+v", p.Title, p)
		}
	}
	sort.Strings(titles)
	want := []string{"Clamp lamp, second try 7 clamp-lamp", "Harbour morning 4 harbour-morning"}
	if strings.Join(titles, "|") != strings.Join(want, "|") {
		t.Errorf("found %v, want %v", titles, want)
	}
}
