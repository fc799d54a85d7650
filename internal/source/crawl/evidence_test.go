package crawl

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/blogport/blogport/internal/extract"
	"github.com/blogport/blogport/internal/fetch"
	"github.com/blogport/blogport/internal/testenv"
)

// A Hugo theme that writes no Open Graph tags: post pages are an <article>
// with a <time>; the home shows three summaries; each tag page shows its
// first post in full, as some themes do. Written here, after the structure
// of a real theme.
func noOpenGraphSite(t *testing.T) *testSite {
	t.Helper()
	head := `<html><head><meta name="generator" content="Hugo 0.111.3"><title>%s</title></head><body><nav><a href="/">Home</a> <a href="/tags/">Tags</a></nav>`
	article := func(title, day string) string {
		return fmt.Sprintf(`<article><h1>%s</h1><time datetime="2024-03-%sT09:30:00+01:00">%s March</time><div class="content"><p>%s is a long enough body to be an article: it goes on about solder, lamps and the bench for a while.</p><p>A second paragraph of %s, which says more about the bench, the lamp that hangs over it, the solder that smokes and the notes that pile up beside the iron.</p></div><p><a href="/tags/go/">go</a></p></article>`, title, day, day, title, title)
	}
	page := func(title, body string) http.HandlerFunc {
		return html(fmt.Sprintf(head, title) + body + "</body></html>")
	}
	var s *testSite
	feed := func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Bench</title>`)
		for _, p := range []string{"one", "two", "three"} {
			fmt.Fprintf(w, `<item><title>%s</title><link>%s/posts/%s/</link></item>`, p, s.URL, p)
		}
		fmt.Fprint(w, `</channel></rss>`)
	}
	s = newSite(t, map[string]http.HandlerFunc{
		"/":             page("Bench", article("one", "12")+article("two", "13")+article("three", "14")),
		"/index.xml":    feed,
		"/posts/one/":   page("one | Bench", article("one", "12")),
		"/posts/two/":   page("two | Bench", article("two", "13")),
		"/posts/three/": page("three | Bench", article("three", "14")+`<a href="/page/2/">older</a>`),
		"/tags/":        page("Tags | Bench", `<ul><li><a href="/tags/go/">go</a></li></ul>`),
		"/tags/go/":     page("go | Bench", article("one", "12")),
		"/page/2/":      page("Bench", article("three", "14")),
	})
	return s
}

// With the hugo mapping, which wants og:type article, the feed's posts are
// posts by evidence (the feed lists them), and said so in one note; the
// tag page holding a whole article is a listing by its address.
func TestPostsByEvidenceWhereTheMappingSeesNone(t *testing.T) {
	s := noOpenGraphSite(t)
	m, err := extract.Builtin("hugo")
	if err != nil {
		t.Fatal(err)
	}
	r := open(t, client(s, fetch.Options{}), s.URL+"/", m)
	got := titles(testenv.Posts(t, r.Posts(context.Background())))
	if strings.Join(got, "|") != "one|two|three" {
		t.Errorf("posts %v, want one|two|three", got)
	}
	var said []string
	for _, n := range r.Notes() {
		said = append(said, n.What)
	}
	if !strings.Contains(strings.Join(said, "\n"), "post_in_feed: 3 pages the hugo mapping did not take for posts are posts: the site's feed lists them") {
		t.Errorf("notes: %q", said)
	}
}

// With the generic heuristic, which takes any dated page with enough text
// for a post, the home (three summaries), the tag page and the second
// page of the home are listings: not exported, their links followed.
func TestListingsAreNeverPosts(t *testing.T) {
	s := noOpenGraphSite(t)
	r := open(t, client(s, fetch.Options{}), s.URL+"/", extract.Generic())
	posts := testenv.Posts(t, r.Posts(context.Background()))
	var got []string
	for _, p := range posts {
		got = append(got, strings.TrimPrefix(p.Link, s.URL))
	}
	if strings.Join(got, " ") != "/posts/one/ /posts/two/ /posts/three/" {
		t.Errorf("exported %v, want the three posts only", got)
	}
	notes := map[string]bool{}
	for _, n := range r.Notes() {
		code, _, _ := strings.Cut(n.What, ":")
		notes[code] = true
	}
	if !notes[string(extract.ListingAddress)] || !notes[string(extract.ListingSummaries)] {
		t.Errorf("no note says how many listings the heuristic took for posts: %v", r.Notes())
	}
	if s.count[s.Listener.Addr().String()+"/page/2/"] != 1 {
		t.Error("a listing's links were not followed")
	}
}

// A theme that shows only the day: the posts are dated that day, marked
// as a day alone (written as a date), and one note says how many.
func TestDayOnlyDatesAreNoted(t *testing.T) {
	page := func(title, date string) http.HandlerFunc {
		return html(`<html><head><title>` + title + `</title></head><body><article class="post"><h1>` + title + `</h1><time>` + date + `</time><div class="body"><p>Body of ` + title + `.</p></div></article></body></html>`)
	}
	s := newSite(t, map[string]http.HandlerFunc{
		"/":    html(listPage("/p1/", "/p2/", "/p3/")),
		"/p1/": page("P1", "March 12, 2024"),
		"/p2/": page("P2", "2024-03-13"),
		"/p3/": html(postPage("P3")), // a full timestamp
	})
	r := open(t, client(s, fetch.Options{}), s.URL+"/", testMapping(t))
	posts := testenv.Posts(t, r.Posts(context.Background()))
	if len(posts) != 3 || posts[0].Date.Format(time.RFC3339) != "2024-03-12T00:00:00Z" {
		t.Fatalf("posts %v", posts)
	}
	for i, want := range []bool{true, true, false} {
		if posts[i].DayOnly != want {
			t.Errorf("%s: DayOnly %v, want %v", posts[i].Link, posts[i].DayOnly, want)
		}
	}
	n := 0
	for _, note := range r.Notes() {
		if strings.HasPrefix(note.What, "day_only: 2 posts give only their day") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("notes: %v", r.Notes())
	}
}

// What the site's feed lists is checked against what the crawl exported:
// a listed post never exported is noted with what became of its page, and
// a body much shorter than the feed's full content is noted.
func TestCrawlCrossChecksTheFeed(t *testing.T) {
	long := strings.Repeat("The whole article goes on and on about the bench. ", 30)
	var s *testSite
	feed := func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Bench</title>`)
		for _, p := range []string{"/p1/", "/cut/", "/gone/", "/tags/x/"} {
			fmt.Fprintf(w, `<item><title>%s</title><link>%s%s</link><content:encoded><![CDATA[<p>%s</p>]]></content:encoded></item>`, p, s.URL, p, long)
		}
		fmt.Fprint(w, `</channel></rss>`)
	}
	s = newSite(t, map[string]http.HandlerFunc{
		"/":         html(listPage("/p1/", "/cut/", "/tags/x/")),
		"/feed.xml": feed,
		"/p1/":      html(`<html><body><article class="post"><h1>P1</h1><div class="body"><p>` + long + `</p></div></article></body></html>`),
		"/cut/":     html(postPage("Cut")),
		"/tags/x/":  html(postPage("Tag x")),
	})
	m := testMapping(t)
	m.Start.Feeds = []string{"/feed.xml"}
	r := open(t, client(s, fetch.Options{}), s.URL+"/", m)
	got := titles(testenv.Posts(t, r.Posts(context.Background())))
	if strings.Join(got, "|") != "P1|Cut" {
		t.Errorf("posts %v", got)
	}
	said := map[string]string{}
	for _, n := range r.Notes() {
		said[strings.TrimPrefix(n.Where, s.URL)] += n.What
	}
	for where, want := range map[string]string{
		"/cut/":    "body_short: the page's body has",
		"/gone/":   "feed_not_exported: the site's feed lists it, but it was not exported: its page could not be read",
		"/tags/x/": "feed_not_exported: the site's feed lists it, but it was not exported: its page is a listing (listing_address)",
	} {
		if !strings.Contains(said[where], want) {
			t.Errorf("%s: notes %q, want %q", where, said[where], want)
		}
	}
	if strings.Contains(said["/p1/"], "body_short") {
		t.Error("a whole body was noted as short")
	}
}

// A crawl that finds nothing to export says what it read.
func TestCrawlOfNoPostsSaysWhatItRead(t *testing.T) {
	s := newSite(t, map[string]http.HandlerFunc{
		"/":        html(listPage("/a/", "/tags/b/")),
		"/a/":      html(listPage()),
		"/tags/b/": html(listPage()),
	})
	r := open(t, client(s, fetch.Options{}), s.URL+"/", testMapping(t))
	if posts := testenv.Posts(t, r.Posts(context.Background())); len(posts) != 0 {
		t.Fatalf("posts %v", posts)
	}
	n := r.Notes()
	if len(n) == 0 || !strings.Contains(n[len(n)-1].What, "no_posts: 3 pages read, none a post or page: 2 listings, 1 with no sign of being one") {
		t.Errorf("notes %v", n)
	}
}

// A hand-made devlog: monthly pages linked from a list on the home page,
// each an <h1>, the day as plain text, <h2> sections and code; no feed,
// no sitemap, no meta tags, no generator.
func TestCrawlReadsAHandMadeDevlog(t *testing.T) {
	month := func(title, day string) http.HandlerFunc {
		return html(`<!doctype html><html><head><title>devlog</title></head><body><p><a href="/">home</a></p>
<h1>` + title + `</h1>
<p>` + day + `</p>
<h2>Parser</h2>
<p>Rewrote the tokenizer so that it no longer allocates per token; the lexer now hands out slices of the input.</p>
<pre><code>func next() token {
	return tok
}</code></pre>
<h2>Renderer</h2>
<p>The renderer draws glyphs from an atlas now, which took most of the month and a good deal of patience.</p>
<p>Next month: the editor, and maybe sleep.</p>
</body></html>`)
	}
	s := newSite(t, map[string]http.HandlerFunc{
		"/":             html(`<html><head><title>devlog</title></head><body><h1>devlog</h1><ul><li><a href="/log/2025/07/">July 2025</a></li><li><a href="/log/2025/06/">June 2025</a></li></ul></body></html>`),
		"/log/2025/07/": month("July 2025", "14 July 2025"),
		"/log/2025/06/": month("June 2025", "June 2, 2025"),
	})
	r := open(t, client(s, fetch.Options{}), s.URL+"/", extract.Generic())
	posts := testenv.Posts(t, r.Posts(context.Background()))
	if len(posts) != 2 {
		t.Fatalf("posts %d, notes %v", len(posts), r.Notes())
	}
	for i, want := range []struct{ title, date string }{{"July 2025", "2025-07-14"}, {"June 2025", "2025-06-02"}} {
		p := posts[i]
		if p.Title != want.title || p.Date.Format("2006-01-02") != want.date {
			t.Errorf("post %d: %q %s, want %q %s", i, p.Title, p.Date, want.title, want.date)
		}
		for _, part := range []string{"<h2>Parser</h2>", "func next() token", "<h2>Renderer</h2>", "Next month: the editor"} {
			if !strings.Contains(p.Content, part) {
				t.Errorf("%s: the body lost %q:\n%s", p.Title, part, p.Content)
			}
		}
	}
}

// A hand-rolled blog whose feed lists only its latest posts and whose
// pages show no date a machine reads: the feed's posts are dated as the
// feed dates them, and an older post, in no feed but at an address of the
// same shape, is a post dated by its address; the home, a list of dated
// links, is not a post. Each is said in one note.
func TestCrawlDatesByFeedAndAddress(t *testing.T) {
	body := strings.Repeat("The post goes on about the network and its training. ", 10)
	page := func(title string) http.HandlerFunc {
		return html(`<html><head><title>` + title + `</title></head><body><div class="post"><h1>` + title + `</h1><p class="meta">some day</p><article class="post-content"><p>` + body + `</p></article></div></body></html>`)
	}
	var s *testSite
	feed := func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Blog</title>
<item><title>New</title><link>%[1]s/2021/06/21/new/</link><pubDate>Mon, 21 Jun 2021 10:00:00 +0000</pubDate><description>x</description></item>
<item><title>Mid</title><link>%[1]s/2020/05/01/mid/</link><pubDate>Fri, 01 May 2020 08:30:00 +0200</pubDate><description>x</description></item>
</channel></rss>`, s.URL)
	}
	s = newSite(t, map[string]http.HandlerFunc{
		"/": html(`<html><body><div class="home"><ul class="posts">
<li><span class="post-date">Jun 21, 2021</span> <a href="/2021/06/21/new/">New</a><br>a summary of the new one, long enough to read as the text of a post</li>
<li><span class="post-date">May 1, 2020</span> <a href="/2020/05/01/mid/">Mid</a><br>a summary of the middle one, long enough to read as the text of a post</li>
<li><span class="post-date">Sep 7, 2016</span> <a href="/2016/09/07/old/">Old</a><br>a summary of the old one, long enough to read as the text of a post</li></ul></div></body></html>`),
		"/feed.xml":        feed,
		"/2021/06/21/new/": page("New"),
		"/2020/05/01/mid/": page("Mid"),
		"/2016/09/07/old/": page("Old"),
	})
	m := extract.Generic()
	m.Start.Feeds = []string{"/feed.xml"}
	r := open(t, client(s, fetch.Options{}), s.URL+"/", m)
	posts := testenv.Posts(t, r.Posts(context.Background()))
	got := map[string]string{}
	for _, p := range posts {
		got[p.Title] = p.Date.Format(time.RFC3339) + fmt.Sprint(p.DayOnly)
	}
	want := map[string]string{"New": "2021-06-21T10:00:00Zfalse", "Mid": "2020-05-01T08:30:00+02:00false", "Old": "2016-09-07T00:00:00Ztrue"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("posts %v, want %v; notes %v", got, want, r.Notes())
	}
	notes := fmt.Sprint(r.Notes())
	for _, code := range []string{"filled_feed_date: 2 ", "filled_address_date: 1 ", "post_url_shape: 1 ", "listing_dated: 1 "} {
		if !strings.Contains(notes, code) {
			t.Errorf("no %q note: %s", code, notes)
		}
	}
}
