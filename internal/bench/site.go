package bench

import (
	"fmt"
	"html"
	"net/http"
	"regexp"
	"strings"
	"time"
)

// perListing is how many posts one listing page of the site shows.
const perListing = 20

// Site is a generated Jekyll blog (the minima theme's markup, paginated
// with jekyll-paginate: /, /page2/, /page3/ …), rendered up front so that
// serving it costs the bench next to nothing.
type Site struct {
	pages map[string][]byte // by path; text/html unless the path says otherwise
	posts []string          // the paths of the posts, newest first
}

// NewSite renders a site of n posts; the same seed gives the same site.
func NewSite(n int, seed uint64) *Site {
	s := &Site{pages: map[string][]byte{}}
	for i := n - 1; i >= 0; i-- {
		path, page := sitePost(i, n, seed)
		s.pages[path] = page
		s.posts = append(s.posts, path)
	}
	listings := (n + perListing - 1) / perListing
	for k := 1; k <= listings; k++ {
		s.pages[listingPath(k)] = s.listing(k, listings)
	}
	s.pages["/robots.txt"] = []byte("User-agent: *\nDisallow:\n")
	s.pages["/assets/main.css"] = []byte("body { font: 16px/1.5 sans-serif; }\n")
	return s
}

// Posts is the number of posts on the site.
func (s *Site) Posts() int { return len(s.posts) }

func (s *Site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	b, ok := s.pages[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	ct := "text/html; charset=utf-8"
	switch {
	case strings.HasSuffix(r.URL.Path, ".txt"):
		ct = "text/plain; charset=utf-8"
	case strings.HasSuffix(r.URL.Path, ".css"):
		ct = "text/css; charset=utf-8"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Last-Modified", "Mon, 01 Jul 2024 16:00:00 GMT")
	w.Write(b)
}

func listingPath(k int) string {
	if k == 1 {
		return "/"
	}
	return fmt.Sprintf("/page%d/", k)
}

// blockComment matches the block editor's delimiters, which a rendered
// page does not show.
var blockComment = regexp.MustCompile(`<!-- /?wp:[^>]*-->\n?`)

// sitePost renders post i of n: its path and its page.
func sitePost(i, n int, seed uint64) (string, []byte) {
	r := itemRand(seed, postID(i))
	t := text{r}
	title := t.title()
	date := postDate(i, n, r)
	path := fmt.Sprintf("/%s/%s-%d.html", date.Format("2006/01/02"), slugify(title), postID(i))
	content := blockComment.ReplaceAllString(body(r, contentSize(r), true), "")
	var b strings.Builder
	head(&b, title, fmt.Sprintf(`<meta property="og:type" content="article" />
<meta property="article:published_time" content="%s" />`, date.Format(time.RFC3339)))
	fmt.Fprintf(&b, `<article class="post h-entry" itemscope itemtype="http://schema.org/BlogPosting">
  <header class="post-header">
    <h1 class="post-title p-name" itemprop="name headline">%s</h1>
    <p class="post-meta"><time class="dt-published" datetime="%s" itemprop="datePublished">%s</time></p>
  </header>
  <div class="post-content e-content" itemprop="articleBody">
%s
  </div><a class="u-url" href="%s" hidden></a>
</article>
`, html.EscapeString(title), date.Format(time.RFC3339), date.Format("Jan 2, 2006"), content, path)
	foot(&b)
	return path, []byte(b.String())
}
