package mirror

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/blogport/blogport/internal/fetch"
	"github.com/blogport/blogport/internal/source/crawl"
	"github.com/blogport/blogport/internal/testenv"
)

func TestMirrorServesFilesAndNothingOutside(t *testing.T) {
	dir := t.TempDir()
	root := filepath.Join(dir, "blog.example.com")
	files := map[string]string{
		"index.html":              "home",
		"../index.html":           "HTTrack's own index",
		"2024/01/post/index.html": "post",
		"about.html":              "about",
		"search.php?q=x":          "query",
		"../outside.txt":          "secret",
	}
	testenv.WriteFiles(t, root, files)
	for link, target := range map[string]string{
		"leak.html":            filepath.Join(dir, "outside.txt"), // absolute, out of the mirror
		"2024/leak/index.html": "../../../outside.txt",            // relative, out of it
		"inside.html":          "about.html",                      // a link within the mirror is fine
	} {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(root, link)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, filepath.Join(root, link)); err != nil {
			t.Fatal(err)
		}
	}
	host, r := Host(dir)
	if host != "blog.example.com" || r != root {
		t.Fatalf("Host = %q %q", host, r)
	}
	tr := Transport{Root: root}
	tests := []struct {
		url    string
		status int
		body   string
		err    string
	}{
		{"https://blog.example.com/", 200, "home", ""},
		{"https://blog.example.com/2024/01/post/", 200, "post", ""},
		{"https://blog.example.com/2024/01/post", 200, "post", ""},
		{"https://blog.example.com/about", 200, "about", ""},
		{"https://blog.example.com/search.php?q=x", 200, "query", ""},
		{"https://blog.example.com/../outside.txt", 404, "", ""},
		{"https://blog.example.com/%2e%2e/outside.txt", 404, "", ""},
		{"https://blog.example.com/missing/", 404, "", ""},
		{"https://blog.example.com/inside", 200, "about", ""},
		{"https://blog.example.com/leak", 0, "", "leak.html: a link to a file outside the mirror"},
		{"https://blog.example.com/2024/leak/", 0, "", "2024/leak/index.html: a link to a file outside the mirror"},
	}
	for _, tc := range tests {
		req, _ := http.NewRequest(http.MethodGet, tc.url, nil)
		resp, err := tr.RoundTrip(req)
		if tc.err != "" || err != nil {
			if err == nil || tc.err == "" || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s: error %v, want %q", tc.url, err, tc.err)
			}
			continue
		}
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != tc.status || (tc.body != "" && string(body) != tc.body) {
			t.Errorf("%s: %d %q", tc.url, resp.StatusCode, body)
		}
	}
}

// countingTransport counts the requests a mirror is asked.
type countingTransport struct {
	next  http.RoundTripper
	mu    sync.Mutex
	count map[string]int
}

func (c *countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	c.mu.Lock()
	c.count[req.URL.Path]++
	c.mu.Unlock()
	return c.next.RoundTrip(req)
}

// The crawler reads a mirror folder as the live site: the posts its pages
// link to, each file asked for once.
func TestCrawlReadsAMirrorOnce(t *testing.T) {
	dir := t.TempDir()
	post := func(title string) string {
		return `<html><head><meta name="generator" content="Jekyll v4.3"><title>` + title + `</title></head><body>` +
			`<article class="post h-entry"><h1 class="post-title">` + title + `</h1><time class="dt-published" datetime="2024-01-05T10:00:00+01:00">5 Jan</time>` +
			`<div class="post-content e-content"><p>The body of ` + title + `.</p></div></article><a href="../../index.html">Home</a></body></html>`
	}
	testenv.WriteFiles(t, filepath.Join(dir, "blog.example.com"), map[string]string{
		"index.html":          `<html><head><meta name="generator" content="Jekyll v4.3"><title>Notes</title></head><body><a href="2024/first.html">First</a> <a href="2024/second.html">Second</a> <a href="https://www.blog.example.com/2024/second.html">Again</a></body></html>`,
		"2024/first.html":     post("First"),
		"2024/second.html":    post("Second"),
		"feed.xml":            "not a feed",
		"images/unused.png":   "png",
		"about/index.html":    "<html><body>About</body></html>",
		"2024/unlinked.html":  post("Unlinked"),
		"robots.txt":          "User-agent: *\n",
		"../stray/index.html": "outside",
	})
	host, root := Host(dir)
	tr := &countingTransport{next: Transport{Root: root}, count: map[string]int{}}
	local := fetch.New(fetch.Options{Delay: -1, Retries: -1, Hosts: []string{host}, Transport: tr})
	ctx := context.Background()
	start, err := local.Get(ctx, "https://"+host+"/")
	if err != nil {
		t.Fatal(err)
	}
	r, err := crawl.Open(ctx, local, start, nil)
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for p, err := range r.Posts(ctx) {
		if err != nil {
			t.Fatal(err)
		}
		titles = append(titles, p.Title)
	}
	if strings.Join(titles, "|") != "First|Second" || !strings.Contains(r.Why(), "jekyll") {
		t.Errorf("found %v with %s; notes %v", titles, r.Why(), r.Notes())
	}
	for p, n := range tr.count {
		if n != 1 {
			t.Errorf("%s asked for %d times", p, n)
		}
	}
	if tr.count["/"] != 1 || tr.count["/robots.txt"] != 1 || tr.count["/2024/first.html"] != 1 {
		t.Errorf("requests: %v", tr.count)
	}
}

// The site's name: the one host folder inside (wget, HTTrack), the folder
// given itself when it is named after a host, or the home page's canonical
// address; else mirror.invalid.
func TestHostNamesTheSite(t *testing.T) {
	root := t.TempDir()
	write := func(rel, data string) {
		full := filepath.Join(root, rel)
		os.MkdirAll(filepath.Dir(full), 0o755)
		os.WriteFile(full, []byte(data), 0o644)
	}
	write("wget/blog.example.com/index.html", "<html></html>")
	write("httrack/index.html", "<html>HTTrack</html>")
	write("httrack/blog.example.com/index.html", "<html></html>")
	write("blog.example.com/index.html", "<html></html>")
	write("public/index.html", `<html><head><link rel="canonical" href="https://notes.example.org/"></head></html>`)
	write("_site/index.html", `<html><head><meta property="og:url" content="http://localhost:4000/"></head></html>`)
	write("plain/index.html", "<html><head><title>x</title></head></html>")
	write("1.2.3/index.html", "<html></html>") // not a host name
	for _, tc := range []struct{ dir, host, root string }{
		{"wget", "blog.example.com", "wget/blog.example.com"},
		{"httrack", "blog.example.com", "httrack/blog.example.com"},
		{"blog.example.com", "blog.example.com", "blog.example.com"},
		{"public", "notes.example.org", "public"},
		{"_site", "localhost:4000", "_site"},
		{"plain", "mirror.invalid", "plain"},
		{"1.2.3", "mirror.invalid", "1.2.3"},
	} {
		host, dir := Host(filepath.Join(root, tc.dir))
		if host != tc.host || dir != filepath.Join(root, tc.root) {
			t.Errorf("%s: %s at %s, want %s at %s", tc.dir, host, dir, tc.host, tc.root)
		}
	}
}
