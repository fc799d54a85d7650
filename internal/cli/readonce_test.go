package cli

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// smallBlog is a site of two posts reachable every way a route reads
// it: a home page linking them, robots.txt naming a sitemap, the sitemap,
// an RSS feed and, when api is set, a WordPress REST API over two pages.
// It counts the requests for every URL.
type smallBlog struct {
	*httptest.Server
	api    bool
	mu     sync.Mutex
	counts map[string]int
}

func newSmallBlog(t *testing.T, api bool) *smallBlog {
	b := &smallBlog{api: api, counts: map[string]int{}}
	b.Server = httptest.NewServer(http.HandlerFunc(b.serve))
	t.Cleanup(b.Close)
	return b
}

var smallBlogPosts = []struct{ slug, title, date string }{
	{"first-light", "First light", "2024-01-05T10:00:00+01:00"},
	{"second-wind", "Second wind", "2024-02-06T11:00:00+01:00"},
}

func (b *smallBlog) serve(w http.ResponseWriter, r *http.Request) {
	b.mu.Lock()
	b.counts[r.URL.RequestURI()]++
	b.mu.Unlock()
	switch p := r.URL.Path; {
	case p == "/robots.txt":
		fmt.Fprintf(w, "User-agent: *\nDisallow: /private/\nSitemap: %s/sitemap.xml\n", b.URL)
	case p == "/sitemap.xml":
		w.Header().Set("Content-Type", "application/xml")
		fmt.Fprint(w, `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`)
		for _, s := range smallBlogPosts {
			fmt.Fprintf(w, "<url><loc>%s/%s/</loc></url>", b.URL, s.slug)
		}
		fmt.Fprint(w, `</urlset>`)
	case p == "/feed.xml":
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Small blog</title><link>%s/</link>`, b.URL)
		for _, s := range smallBlogPosts {
			fmt.Fprintf(w, `<item><title>%s</title><link>%s/%s/</link><guid>%s/%s/</guid><pubDate>Fri, 05 Jan 2024 09:00:00 GMT</pubDate><description>&lt;p&gt;The whole of %s, as the feed holds it.&lt;/p&gt;</description></item>`,
				s.title, b.URL, s.slug, b.URL, s.slug, s.title)
		}
		fmt.Fprint(w, `</channel></rss>`)
	case strings.HasPrefix(p, "/wp-json/") && b.api:
		b.serveAPI(w, r)
	case p == "/":
		if b.api {
			w.Header().Set("Link", fmt.Sprintf(`<%s/wp-json/>; rel="https://api.w.org/"`, b.URL))
		}
		fmt.Fprint(w, `<!DOCTYPE html><html><head><title>Small blog</title><link rel="alternate" type="application/rss+xml" href="/feed.xml"></head><body><div id="menu">`)
		for _, s := range smallBlogPosts {
			fmt.Fprintf(w, `<a href="/%s/">%s</a> `, s.slug, s.title)
		}
		fmt.Fprint(w, `</div></body></html>`)
	default:
		for _, s := range smallBlogPosts {
			if p == "/"+s.slug+"/" {
				fmt.Fprintf(w, `<!DOCTYPE html><html><head><title>%s | Small blog</title><meta property="og:title" content="%s"></head><body><a href="/">Home</a><article><h1>%s</h1><time datetime="%s">a day</time>`+
					`<p>This is the body of %s, a paragraph long enough to be the main content of the page by any measure at all.</p><p>And a second paragraph, so that the heuristics have something to weigh: the bench, the lamp, the soldering iron that never quite reaches the far corner.</p></article></body></html>`,
					s.title, s.title, s.title, s.date, s.title)
				return
			}
		}
		http.NotFound(w, r)
	}
}

// serveAPI answers the REST API: the root, the two posts one per page,
// and an empty list for every index.
func (b *smallBlog) serveAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-WP-TotalPages", "1")
	w.Header().Set("X-WP-Total", "0")
	switch r.URL.Path {
	case "/wp-json/":
		fmt.Fprintf(w, `{"name":"Small blog","home":%q,"gmt_offset":1}`, b.URL)
		return
	case "/wp-json/wp/v2/posts":
	default:
		fmt.Fprint(w, `[]`)
		return
	}
	page, _ := strconv.Atoi(r.URL.Query().Get("page"))
	page = max(page, 1)
	perPage, _ := strconv.Atoi(r.URL.Query().Get("per_page"))
	if perPage != 1 && page > 2 || page > len(smallBlogPosts) {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `{"code":"rest_post_invalid_page_number"}`)
		return
	}
	s := smallBlogPosts[page-1]
	w.Header().Set("X-WP-TotalPages", "2")
	w.Header().Set("X-WP-Total", "2")
	item := map[string]any{
		"id": page, "date": s.date[:19], "date_gmt": s.date[:19], "slug": s.slug, "status": "publish", "type": "post",
		"link": b.URL + "/" + s.slug + "/", "title": map[string]any{"rendered": s.title},
		"content": map[string]any{"rendered": "<p>The body of " + s.title + ".</p>"}, "excerpt": map[string]any{"rendered": ""},
	}
	json.NewEncoder(w).Encode([]any{item})
}

// TestPullRequestsEveryURLOnce: with the cache off, a pull asks for each
// URL once, robots.txt included, whatever the route; the second pass
// replays what the first read.
func TestPullRequestsEveryURLOnce(t *testing.T) {
	tests := []struct {
		name, start string
		api         bool
		args        []string
	}{
		{name: "crawl", start: "/"},
		{name: "feed", start: "/feed.xml"},
		{name: "rest", start: "/", api: true},
		{name: "rest and feed merged", start: "/", api: true, args: []string{"--via", "rest,feed"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b := newSmallBlog(t, tc.api)
			out := t.TempDir()
			args := append([]string{b.URL + tc.start, "-o", out, "--no-cache", "--assets", "keep"}, tc.args...)
			sum := pull(t, 0, args...)
			exported, _ := sum["exported"].(map[string]any)
			posts, _ := exported["post"].(map[string]any)
			if n, _ := posts["publish"].(float64); n != 2 {
				t.Errorf("exported %v, want the two posts", sum["exported"])
			}
			b.mu.Lock()
			defer b.mu.Unlock()
			if b.counts["/robots.txt"] != 1 {
				t.Errorf("robots.txt asked for %d times", b.counts["/robots.txt"])
			}
			for u, n := range b.counts {
				if n != 1 {
					t.Errorf("%s asked for %d times, want once", u, n)
				}
			}
		})
	}
}
