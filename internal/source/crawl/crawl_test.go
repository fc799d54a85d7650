package crawl

import (
	"context"
	"errors"
	"fmt"
	"github.com/blogport/blogport/internal/testenv"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/blogport/blogport/internal/extract"
	"github.com/blogport/blogport/internal/fetch"
	"github.com/blogport/blogport/internal/post"
)

func TestMain(m *testing.M) {
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "COLLY_") {
			os.Unsetenv(strings.SplitN(kv, "=", 2)[0])
		}
	}
	os.Exit(m.Run())
}

// open does what route discovery does before the crawl: it fetches the
// start page, and hands it over.
func open(t *testing.T, c *fetch.Client, start string, m *extract.Mapping) *Reader {
	t.Helper()
	resp, err := c.Get(context.Background(), start)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Open(context.Background(), c, resp, m)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func titles(ps []*post.Post) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Title)
	}
	return out
}

// notesByCode maps each note's URL path to its reason code.
func notesByCode(r *Reader) map[string]string {
	out := map[string]string{}
	for _, n := range r.Notes() {
		where := n.Where
		if i := strings.Index(where, "://"); i >= 0 {
			if j := strings.Index(where[i+3:], "/"); j >= 0 {
				where = where[i+3+j:]
			}
		}
		code, _, _ := strings.Cut(n.What, ":")
		out[where] = code
	}
	return out
}

// testMapping reads article.post pages as posts and walks the listings
// under /list/.
func testMapping(t *testing.T) *extract.Mapping {
	t.Helper()
	m, err := extract.Parse("test.yaml", []byte(`name: test
start:
  urls: ['/']
follow: ['/list/']
kinds:
  post: 'article.post'
select:
  title: 'h1'
  date:
    selector: 'time'
    attr: 'datetime'
  content: 'article.post div.body'
`))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func postPage(title string, links ...string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<html><head><title>%s</title></head><body><article class="post"><h1>%s</h1><time datetime="2024-03-12T09:30:00+01:00">12 March</time><div class="body"><p>The body of %s.</p></div></article>`, title, title, title)
	for _, l := range links {
		fmt.Fprintf(&b, `<a href="%s">%s</a> `, l, l)
	}
	return b.String() + "</body></html>"
}

func listPage(links ...string) string {
	var b strings.Builder
	b.WriteString("<html><head><title>Notes</title></head><body>")
	for _, l := range links {
		fmt.Fprintf(&b, `<a href="%s">%s</a> `, l, l)
	}
	return b.String() + "</body></html>"
}

// testSite serves pages by path and counts the requests for each.
type testSite struct {
	*httptest.Server
	mu    sync.Mutex
	count map[string]int
}

func newSite(t *testing.T, pages map[string]http.HandlerFunc) *testSite {
	s := &testSite{count: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.count[r.Host+r.URL.RequestURI()]++
		s.mu.Unlock()
		if h, ok := pages[r.URL.RequestURI()]; ok {
			h(w, r)
			return
		}
		http.NotFound(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func html(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=UTF-8")
		fmt.Fprint(w, body)
	}
}

func text(ct, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", ct)
		fmt.Fprint(w, body)
	}
}

func client(s *testSite, opts fetch.Options) *fetch.Client {
	opts.Delay, opts.Hosts = -1, []string{s.Listener.Addr().String()}
	if opts.Retries == 0 {
		opts.Retries = -1
	}
	return fetch.New(opts)
}

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
	r := open(t, c, srv.URL+"/", m)
	var got []string
	for _, p := range testenv.Posts(t, r.Posts(context.Background())) {
		got = append(got, fmt.Sprintf("%s %d %s", p.Title, p.ID, p.Slug))
		if !p.Rendered || p.Type != "post" {
			t.Errorf("%s: %+v", p.Title, p)
		}
	}
	sort.Strings(got)
	want := []string{"Clamp lamp, second try 7 clamp-lamp", "Harbour morning 4 harbour-morning"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("found %v, want %v", got, want)
	}
	if code := notesByCode(r)["/secret/post/"]; code != "robots_disallowed" {
		t.Errorf("the disallowed post is noted %q; notes: %v", code, r.Notes())
	}
}

// A post linked only through the www. form of the site's host is crawled:
// both forms are one site.
func TestCrawlFollowsLinksToTheWWWFormOfTheHost(t *testing.T) {
	var port string
	s := newSite(t, map[string]http.HandlerFunc{
		"/": func(w http.ResponseWriter, r *http.Request) {
			html(listPage("http://www.blog.test:"+port+"/2024/only-via-www/"))(w, r)
		},
		"/2024/only-via-www/": html(postPage("Only via www")),
	})
	_, port, _ = net.SplitHostPort(s.Listener.Addr().String())
	addr := s.Listener.Addr().String()
	dial := func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, addr) // every host is the test server
	}
	c := fetch.New(fetch.Options{Delay: -1, Retries: -1, Hosts: []string{"blog.test:" + port},
		Transport: &http.Transport{DialContext: dial}})
	r := open(t, c, "http://blog.test:"+port+"/", testMapping(t))
	got := testenv.Posts(t, r.Posts(context.Background()))
	if len(got) != 1 || got[0].Title != "Only via www" || !strings.Contains(got[0].Link, "//www.blog.test:") {
		t.Fatalf("found %v; notes %v", titles(got), r.Notes())
	}
	if s.count["www.blog.test:"+port+"/2024/only-via-www/"] != 1 {
		t.Errorf("requests: %v", s.count)
	}
}

// Every URL found that could not be read is a note with its reason.
func TestCrawlNotesEveryPageItCouldNotRead(t *testing.T) {
	big := postPage("Big", strings.Repeat("x", 4000))
	s := newSite(t, map[string]http.HandlerFunc{
		"/robots.txt": text("text/plain", "User-agent: *\nDisallow: /private/\n"),
		"/":           html(listPage("/ok/", "/private/post/", "/broken/", "/big/", "/missing/", "/download", "https://elsewhere.example/x/")),
		"/ok/":        html(postPage("Fine")),
		"/private/post/": func(w http.ResponseWriter, r *http.Request) {
			t.Error("robots.txt was not obeyed")
		},
		"/broken/":  func(w http.ResponseWriter, r *http.Request) { http.Error(w, "down", http.StatusInternalServerError) },
		"/big/":     html(big),
		"/download": text("application/octet-stream", "\x00\x01binary"),
	})
	for _, conc := range []int{1, 4} {
		t.Run(fmt.Sprintf("concurrency %d", conc), func(t *testing.T) {
			c := client(s, fetch.Options{MaxBytes: 2000, Concurrency: conc})
			r := open(t, c, s.URL+"/", testMapping(t))
			got := testenv.Posts(t, r.Posts(context.Background()))
			if strings.Join(titles(got), "|") != "Fine" {
				t.Errorf("found %v", titles(got))
			}
			want := map[string]string{
				"/private/post/": "robots_disallowed",
				"/broken/":       "http_error",
				"/big/":          "too_large",
				"/missing/":      "http_error",
				"/download":      "not_html",
			}
			notes := notesByCode(r)
			for where, code := range want {
				if notes[where] != code {
					t.Errorf("%s: noted %q, want %q", where, notes[where], code)
				}
			}
			if len(notes) != len(want) {
				t.Errorf("notes: %v", r.Notes()) // an off-site link is no drop: it is another site's page
			}
		})
	}
}

// The start page, robots.txt, every sitemap and feed, and every page are
// asked for once in a run, with the disk cache off.
func TestCrawlAsksForEveryURLOnce(t *testing.T) {
	var s *testSite
	s = newSite(t, map[string]http.HandlerFunc{
		"/robots.txt": func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprintf(w, "User-agent: *\nSitemap: %s/sitemap.xml\n", s.URL)
		},
		"/sitemap.xml": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/xml")
			fmt.Fprintf(w, `<?xml version="1.0"?><urlset><url><loc>%s/a/</loc></url><url><loc>%s/</loc></url></urlset>`, s.URL, s.URL)
		},
		"/old-sitemap.xml": func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/sitemap.xml", http.StatusMovedPermanently)
		},
		"/feed.xml": text("application/atom+xml", `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>`+
			`<entry><title>B</title><link href="/b/"/><id>b</id><updated>2024-01-01T00:00:00Z</updated></entry></feed>`),
		"/":        html(listPage("/a/", "/b/", "/list/1/", "/a/#comments", "/c")),
		"/a/":      html(postPage("A", "/", "/b/")),
		"/b/":      html(postPage("B", "/a/")),
		"/list/1/": html(listPage("/c/", "/a/")),
		"/c/":      html(postPage("C")),
		"/c":       func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/c/", http.StatusMovedPermanently) },
	})
	m := testMapping(t)
	m.Start.Sitemaps = []string{"/sitemap.xml", "/old-sitemap.xml", "/sitemap_index.xml"}
	m.Start.Feeds = []string{"/feed.xml", "/feed.xml"}
	c := client(s, fetch.Options{Concurrency: 3})
	r := open(t, c, s.URL+"/", m)
	got := testenv.Posts(t, r.Posts(context.Background()))
	if strings.Join(titles(got), "|") != "A|B|C" {
		t.Errorf("found %v; notes %v", titles(got), r.Notes())
	}
	host := s.Listener.Addr().String()
	for _, p := range []string{"/robots.txt", "/", "/sitemap.xml", "/old-sitemap.xml", "/sitemap_index.xml", "/feed.xml", "/a/", "/b/", "/c/", "/list/1/", "/c"} {
		if n := s.count[host+p]; n != 1 {
			t.Errorf("%s asked for %d times", p, n)
		}
	}
	for u, n := range s.count {
		if n != 1 {
			t.Errorf("%s asked for %d times", u, n)
		}
	}
}

// Links are walked from the start pages, from posts and from the listings
// the mapping's follow patterns name; another listing is read (it might
// have been a post) but not walked, and said so.
func TestCrawlWalksOnlyTheListingsTheMappingFollows(t *testing.T) {
	s := newSite(t, map[string]http.HandlerFunc{
		"/":           html(listPage("/list/1/", "/elsewhere/", "/p1/")),
		"/p1/":        html(postPage("P1", "/p2/")),
		"/p2/":        html(postPage("P2")),
		"/list/1/":    html(listPage("/p3/", "/list/2/")),
		"/list/2/":    html(listPage("/p4/")),
		"/p3/":        html(postPage("P3")),
		"/p4/":        html(postPage("P4")),
		"/elsewhere/": html(listPage("/p5/", "/p1/")),
		"/p5/":        html(postPage("P5")),
	})
	r := open(t, client(s, fetch.Options{}), s.URL+"/", testMapping(t))
	got := titles(testenv.Posts(t, r.Posts(context.Background())))
	if strings.Join(got, "|") != "P1|P3|P2|P4" {
		t.Errorf("found %v", got)
	}
	if n := r.Notes(); len(n) != 1 || !strings.HasSuffix(n[0].Where, "/elsewhere/") || !strings.HasPrefix(n[0].What, "not_followed: ") ||
		!strings.Contains(n[0].What, "its 1 links") {
		t.Errorf("notes: %v", n)
	}
	if s.count[s.Listener.Addr().String()+"/p5/"] != 0 {
		t.Error("a listing no follow pattern names was walked")
	}
}

// Posts come in the order the crawl finds their pages, breadth first,
// however colly's parallel visits end.
func TestCrawlYieldsPostsInDiscoveryOrder(t *testing.T) {
	pages := map[string]http.HandlerFunc{"/": html(listPage("/p9/", "/list/1/", "/p3/", "/p7/"))}
	pages["/list/1/"] = html(listPage("/p1/", "/p8/"))
	links := map[int][]string{9: {"/p2/"}, 3: {"/p6/", "/p2/"}, 7: {"/p5/"}, 1: {"/p4/"}}
	for i := 1; i <= 9; i++ {
		page := html(postPage(fmt.Sprintf("P%d", i), links[i]...))
		wait := time.Duration((i*7)%5) * time.Millisecond
		pages[fmt.Sprintf("/p%d/", i)] = func(w http.ResponseWriter, r *http.Request) { time.Sleep(wait); page(w, r) }
	}
	s := newSite(t, pages)
	want := "P9|P3|P7|P2|P1|P8|P6|P5|P4" // the queue: / p9 list1 p3 p7 p2 p1 p8 p6 p5 p4
	for range 5 {
		r := open(t, client(s, fetch.Options{Concurrency: 4}), s.URL+"/", testMapping(t))
		if got := strings.Join(titles(testenv.Posts(t, r.Posts(context.Background()))), "|"); got != want {
			t.Fatalf("order %s, want %s", got, want)
		}
	}
}

// A page whose Content-Type names a charset other than UTF-8 is decoded
// once (colly already decodes it).
func TestCrawlDecodesADeclaredCharsetOnce(t *testing.T) {
	latin1 := strings.NewReplacer("é", "\xe9").Replace(postPage("Café"))
	s := newSite(t, map[string]http.HandlerFunc{
		"/":      html(listPage("/cafe/")),
		"/cafe/": text("text/html; charset=ISO-8859-1", latin1),
	})
	r := open(t, client(s, fetch.Options{}), s.URL+"/", testMapping(t))
	got := testenv.Posts(t, r.Posts(context.Background()))
	if len(got) != 1 || got[0].Title != "Café" || len(r.Notes()) != 0 {
		t.Errorf("found %v; notes %v", titles(got), r.Notes())
	}
}

// Past the page cap, every URL found and not visited is a note.
func TestCrawlNotesThePagesPastTheCap(t *testing.T) {
	defer func(n int) { maxPages = n }(maxPages)
	maxPages = 3
	s := newSite(t, map[string]http.HandlerFunc{
		"/":    html(listPage("/p1/", "/p2/", "/p3/", "/p4/")),
		"/p1/": html(postPage("P1")), "/p2/": html(postPage("P2")), "/p3/": html(postPage("P3")), "/p4/": html(postPage("P4")),
	})
	r := open(t, client(s, fetch.Options{}), s.URL+"/", testMapping(t))
	got := titles(testenv.Posts(t, r.Posts(context.Background())))
	notes := notesByCode(r)
	if strings.Join(got, "|") != "P1|P2" || notes["/p3/"] != "page_cap" || notes["/p4/"] != "page_cap" || len(notes) != 2 {
		t.Errorf("found %v; notes %v", got, r.Notes())
	}
	if !slices.ContainsFunc(r.Notes(), func(n post.Note) bool { return strings.Contains(n.What, "at 3 pages") }) {
		t.Errorf("notes: %v", r.Notes())
	}
}

func TestCrawlSkipsWhatIsNeverAPost(t *testing.T) {
	tests := []struct {
		url  string
		skip bool
	}{
		{"https://blog.example.com/feed.xml", true},
		{"https://blog.example.com/feed/", true},
		{"https://blog.example.com/wp-login.php", true},
		{"https://blog.example.com/wp-login.php?action=lostpassword", true},
		{"https://blog.example.com/images/dot.PNG", true},
		{"https://blog.example.com/2024/post/?replytocom=3", true},
		{"https://blog.example.com/?s=lamp", true},
		{"https://blog.example.com/2024/post/", false},
		{"https://blog.example.com/?p=7", false},
		{"https://blog.example.com/feeding-the-cat/", false},
		{"https://blog.example.com/posts.html?sort=new", false},
	}
	for _, tc := range tests {
		u, _ := url.Parse(tc.url)
		if got := skipURL(u); got != tc.skip {
			t.Errorf("skipURL(%s) = %v, want %v", tc.url, got, tc.skip)
		}
	}
}

// An interrupted crawl ends with the context's error, and the requests it
// cut short are not notes.
func TestCrawlInterruptedEndsWithTheContextError(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s := newSite(t, map[string]http.HandlerFunc{
		"/":    html(listPage("/p1/", "/p2/")),
		"/p1/": func(w http.ResponseWriter, r *http.Request) { cancel(); html(postPage("P1"))(w, r) },
		"/p2/": html(postPage("P2")),
	})
	r := open(t, client(s, fetch.Options{}), s.URL+"/", testMapping(t))
	var last error
	for _, err := range r.Posts(ctx) {
		last = err
	}
	if !errors.Is(last, context.Canceled) || len(r.Notes()) != 0 {
		t.Errorf("ended with %v; notes %v", last, r.Notes())
	}
}

func TestSlugKeepsDotsThatAreNotAPageExtension(t *testing.T) {
	tests := []struct {
		seg    string
		folder bool
		want   string
	}{
		{"integration-tests-in-.net-using-reflection", true, "integration-tests-in-.net-using-reflection"},
		{"asp.net-tips", true, "asp.net-tips"},
		{"a-post.html", false, "a-post"},
		{"old-page.PHP", false, "old-page"},
		{"version-1.2", false, "version-1.2"},
		{"index.html", true, "index.html"},
	}
	for _, tc := range tests {
		if got := slugOf(tc.seg, tc.folder); got != tc.want {
			t.Errorf("slugOf(%q, %v) = %q, want %q", tc.seg, tc.folder, got, tc.want)
		}
	}
}
