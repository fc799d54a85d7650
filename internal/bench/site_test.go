package bench

import (
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

func get(t *testing.T, base, path string) (int, string) {
	t.Helper()
	resp, err := http.Get(base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

var href = regexp.MustCompile(`href="(/[^"]*)"`)

// TestSiteListsEveryPostFromItsPagination walks the listings the way a
// crawler does and finds each post once, on a page in minima's markup.
func TestSiteListsEveryPostFromItsPagination(t *testing.T) {
	s := NewSite(45, 1)
	srv := httptest.NewServer(s)
	defer srv.Close()
	seen, queue, posts := map[string]bool{"/": true}, []string{"/"}, 0
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		code, body := get(t, srv.URL, p)
		if code != http.StatusOK {
			t.Fatalf("%s: %d", p, code)
		}
		if strings.HasSuffix(p, ".html") {
			posts++
			for _, s := range []string{`<meta name="generator" content="Jekyll`, `<article class="post h-entry"`,
				`<time class="dt-published" datetime="`, `<div class="post-content e-content"`} {
				if !strings.Contains(body, s) {
					t.Errorf("%s lacks %q", p, s)
				}
			}
			if strings.Contains(body, "<!-- wp:") {
				t.Errorf("%s shows block delimiters", p)
			}
		}
		for _, m := range href.FindAllStringSubmatch(body, -1) {
			if l := m[1]; !seen[l] && !strings.HasSuffix(l, ".css") {
				seen[l] = true
				queue = append(queue, l)
			}
		}
	}
	if posts != 45 || s.Posts() != 45 {
		t.Errorf("found %d posts, Posts() = %d, want 45", posts, s.Posts())
	}
	if !seen["/page3/"] || seen["/page4/"] {
		t.Error("45 posts at 20 a page are 3 listing pages")
	}
}

func TestSiteAnswersNotFoundAndServesRobots(t *testing.T) {
	srv := httptest.NewServer(NewSite(3, 1))
	defer srv.Close()
	if code, _ := get(t, srv.URL, "/sitemap.xml"); code != http.StatusNotFound {
		t.Errorf("/sitemap.xml: %d, want 404", code)
	}
	if code, body := get(t, srv.URL, "/robots.txt"); code != http.StatusOK || !strings.Contains(body, "Disallow:") {
		t.Errorf("/robots.txt: %d %q", code, body)
	}
}

func TestSiteIsTheSameForTheSameSeed(t *testing.T) {
	a, b := NewSite(10, 5), NewSite(10, 5)
	for p, page := range a.pages {
		if string(b.pages[p]) != string(page) {
			t.Errorf("%s differs", p)
		}
	}
}
