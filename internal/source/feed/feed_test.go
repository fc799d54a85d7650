package feed

import (
	"context"
	"fmt"
	"github.com/blogport/blogport/internal/testenv"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/blogport/blogport/internal/fetch"
)

func client() *fetch.Client {
	return fetch.New(fetch.Options{Delay: -1, IgnoreRobots: true, Retries: -1})
}

func rssItem(n int, date string) string {
	return fmt.Sprintf(`<item><title>Post %d</title><link>https://w.example/2024/01/0%d/post-%d/</link><guid isPermaLink="false">https://w.example/?p=%d</guid>
<pubDate>%s</pubDate><dc:creator><![CDATA[Ana]]></dc:creator><category domain="category"><![CDATA[Lab Notes]]></category><category domain="post_tag"><![CDATA[git]]></category>
<description><![CDATA[Short]]></description><content:encoded><![CDATA[<p>Full text of post %d.</p>]]></content:encoded></item>`, n, n, n, n, date, n)
}

func TestWordPressRSSWalksPagedHistory(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		page := r.URL.Query().Get("paged")
		var items string
		switch page {
		case "":
			items = rssItem(3, "Tue, 02 Jul 2024 18:00:00 +0200") + rssItem(2, "Mon, 11 Mar 2024 09:30:00 +0100")
		case "2":
			items = rssItem(1, "Fri, 05 Jan 2024 12:00:00 +0100")
		default:
			http.NotFound(w, r)
			return
		}
		fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>W</title><link>https://w.example</link><generator>https://wordpress.org/?v=6.1.9</generator>%s</channel></rss>`, items)
	}))
	defer srv.Close()
	r, err := Open(context.Background(), client(), srv.URL+"/feed/", nil)
	if err != nil {
		t.Fatal(err)
	}
	posts := testenv.Posts(t, r.Posts(context.Background()))
	if len(posts) != 3 {
		t.Fatalf("got %d posts, want 3 across two pages", len(posts))
	}
	p := posts[1]
	if p.ID != 2 || p.Slug != "post-2" || p.Title != "Post 2" || !p.Rendered || p.Content != "<p>Full text of post 2.</p>" {
		t.Errorf("post = %+v", p)
	}
	if got := p.Date.Format(time.RFC3339); got != "2024-03-11T09:30:00+01:00" {
		t.Errorf("date = %s, want the feed's own +01:00", got)
	}
	if len(p.Categories) != 1 || p.Categories[0].Name != "Lab Notes" || len(p.Tags) != 1 || p.Tags[0].Name != "git" {
		t.Errorf("terms: categories %v tags %v", p.Categories, p.Tags)
	}
	if len(p.Authors) != 1 || p.Authors[0].Name != "Ana" {
		t.Errorf("authors = %v", p.Authors)
	}
}

func TestAtomFollowsPrevArchive(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		entry := func(n int) string {
			return fmt.Sprintf(`<entry><title>E%d</title><id>tag:a.example,2024:%d</id><link href="https://a.example/e%d"/><published>2024-0%d-01T10:00:00-05:00</published><updated>2024-0%d-02T10:00:00-05:00</updated><category term="go" scheme="https://a.example/tags"/><content type="html">&lt;p&gt;Entry %d&lt;/p&gt;</content></entry>`, n, n, n, n, n, n)
		}
		body := entry(3) + entry(2)
		link := `<link rel="prev-archive" href="/archive-1.xml"/>`
		if r.URL.Path == "/archive-1.xml" {
			body, link = entry(1), ""
		}
		fmt.Fprintf(w, `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><link href="https://a.example/"/>%s%s</feed>`, link, body)
	}))
	defer srv.Close()
	r, err := Open(context.Background(), client(), srv.URL+"/feed.xml", nil)
	if err != nil {
		t.Fatal(err)
	}
	posts := testenv.Posts(t, r.Posts(context.Background()))
	if len(posts) != 3 {
		t.Fatalf("got %d entries, want 3", len(posts))
	}
	if posts[2].Date.Format(time.RFC3339) != "2024-01-01T10:00:00-05:00" || len(posts[0].Tags) != 1 {
		t.Errorf("entry = %+v", posts[2])
	}
}

func TestJSONFeedFollowsNextURL(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/feed+json")
		if r.URL.Path == "/feed2.json" {
			fmt.Fprint(w, `{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[{"id":"1","url":"https://j.example/one","title":"One","content_html":"<p>1</p>","date_published":"2024-01-01T08:00:00+09:00","tags":["x"]}]}`)
			return
		}
		fmt.Fprint(w, `{"version":"https://jsonfeed.org/version/1.1","title":"J","home_page_url":"https://j.example/","next_url":"/feed2.json","items":[{"id":"2","url":"https://j.example/two","title":"Two","content_html":"<p>2</p>","date_published":"2024-02-01T08:00:00+09:00"}]}`)
	}))
	defer srv.Close()
	r, err := Open(context.Background(), client(), srv.URL+"/feed.json", nil)
	if err != nil {
		t.Fatal(err)
	}
	posts := testenv.Posts(t, r.Posts(context.Background()))
	if len(posts) != 2 || posts[1].Date.Format(time.RFC3339) != "2024-01-01T08:00:00+09:00" || len(posts[1].Tags) != 1 {
		t.Fatalf("posts = %+v", posts)
	}
}

func TestFeedFileAndMojibake(t *testing.T) {
	p := filepath.Join(t.TempDir(), "feed.xml")
	os.WriteFile(p, []byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>F</title><link>https://f.example</link>
<item><title>Donâ€™t panic</title><link>https://f.example/dont-panic/</link><guid>https://f.example/dont-panic/</guid><pubDate>Sat, 01 Jun 2024 12:00:00 GMT</pubDate><description>cafÃ© text</description></item></channel></rss>`), 0o644)
	r, err := Open(context.Background(), nil, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	posts := testenv.Posts(t, r.Posts(context.Background()))
	if len(posts) != 1 || posts[0].Title != "Don’t panic" || !strings.Contains(posts[0].Content, "café") {
		t.Fatalf("posts = %+v", posts)
	}
	if len(r.Notes()) != 2 {
		t.Errorf("notes = %v, want a line per repaired field", r.Notes())
	}
}

func TestIsJSONFeed(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{`{"version": "https://jsonfeed.org/version/1.1", "items": []}`, true},
		{`{"items": [{"id": "1"}], "version": "https:\/\/jsonfeed.org\/version\/1"}`, true},
		{` {"title": "x", "version": "https://jsonfeed.org/version/1.1"}`, true},
		{`{"version": "2", "items": []}`, false},
		{`{"items": [], "note": "https://jsonfeed.org/version/1.1"}`, false},
		{`["https://jsonfeed.org/version/1.1"]`, false},
		{`{"items": [`, false},
		{`<html>`, false},
		{``, false},
	} {
		if got := IsJSONFeed(strings.NewReader(tc.in)); got != tc.want {
			t.Errorf("IsJSONFeed(%s) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

// An older page of a feed that fails after the retries is a failure with
// a code, never the quiet end of the history: a WordPress feed goes on at
// the next ?paged=N (three failed pages in a row end it), a history told
// by links ends there; 404 past the last page is the normal end.
func TestFailedFeedPagesAreFailures(t *testing.T) {
	const posts = 50 // 5 pages of 10
	paged := func(r *http.Request) string { return r.URL.Path + "?paged=" + r.URL.Query().Get("paged") }
	tests := []struct {
		name      string
		plan      testenv.Plan
		wantPosts int
		wantCodes []string
	}{
		{"none", nil, 50, nil},
		{"one page 500", testenv.Plan{"/feed/?paged=3": {Fault: testenv.Status500}}, 40, []string{"http_500"}},
		{"a transient 503", testenv.Plan{"/feed/?paged=2": {Fault: testenv.Status503, Times: 1}}, 50, nil},
		{"a page not XML", testenv.Plan{"/feed/?paged=4": {Fault: testenv.WrongType}}, 50, nil}, // a feed's content type is not checked: it parses
		{"failed, then gone", testenv.Plan{"/feed/?paged=2": {Fault: testenv.Status500}, "/feed/?paged=3": {Fault: testenv.Status500}, "/feed/?paged=4": {Fault: testenv.Missing}},
			10, []string{"http_500", "http_500"}}, // 404 on page 4 ends the history as WordPress does past its end
		{"three in a row", testenv.Plan{"/feed/?paged=2": {Fault: testenv.Status500}, "/feed/?paged=3": {Fault: testenv.Reset}, "/feed/?paged=4": {Fault: testenv.Status500}},
			10, []string{"http_500", "fetch_error", "http_500"}}, // page 5 is not asked for
		{"oversize", testenv.Plan{"/feed/?paged=5": {Fault: testenv.Oversize}}, 40, []string{"too_large"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			faults := &testenv.Faults{Next: testenv.WordPress{Posts: posts}, Plan: tc.plan, Key: paged, BombBytes: 4 << 20}
			srv := httptest.NewServer(faults)
			defer srv.Close()
			c := fetch.New(fetch.Options{Delay: -1, IgnoreRobots: true, Retries: 1, Backoff: time.Millisecond, MaxBytes: 1 << 20})
			r, err := Open(context.Background(), c, srv.URL+"/feed/", nil)
			if err != nil {
				t.Fatal(err)
			}
			got := testenv.Posts(t, r.Posts(context.Background()))
			var codes []string
			for _, n := range r.Failed() {
				codes = append(codes, n.Code)
			}
			if len(got) != tc.wantPosts || strings.Join(codes, ",") != strings.Join(tc.wantCodes, ",") {
				t.Errorf("%d posts, failures %q (%v); want %d, %q", len(got), codes, r.Failed(), tc.wantPosts, tc.wantCodes)
			}
			if _, all := faults.Requests(""); all > 12 {
				t.Errorf("%d requests for a feed of 5 pages", all)
			}
		})
	}
}

func TestAtomHistoryCutShortIsAFailure(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/archive-1.xml" {
			http.Error(w, "down", http.StatusBadGateway)
			return
		}
		fmt.Fprint(w, `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><link href="https://a.example/"/><link rel="prev-archive" href="/archive-1.xml"/><entry><title>E</title><id>tag:a.example,2024:1</id><link href="https://a.example/e1"/><updated>2024-01-02T10:00:00Z</updated></entry></feed>`)
	}))
	defer srv.Close()
	r, err := Open(context.Background(), client(), srv.URL+"/feed.xml", nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := testenv.Posts(t, r.Posts(context.Background())); len(got) != 1 {
		t.Fatalf("%d entries", len(got))
	}
	if f := r.Failed(); len(f) != 1 || f[0].Code != "http_502" || !strings.Contains(f[0].What, "link to the older pages was on it") {
		t.Errorf("failures %+v", f)
	}
}
