package bench

import (
	"fmt"
	"html"
	"strings"
)

// listing renders listing page k of total: its posts' titles and dates,
// then the pagination (previous, next, first, last and the two pages on
// either side, as paginated themes show it).
func (s *Site) listing(k, total int) []byte {
	var b strings.Builder
	head(&b, "Bench Notes", "")
	b.WriteString("<div class=\"home\">\n  <h2 class=\"post-list-heading\">Posts</h2>\n  <ul class=\"post-list\">\n")
	for _, p := range s.posts[(k-1)*perListing : min(k*perListing, len(s.posts))] {
		fmt.Fprintf(&b, "    <li><span class=\"post-meta\">%s</span>\n      <h3><a class=\"post-link\" href=\"%s\">%s</a></h3>\n    </li>\n",
			p[1:11], p, html.EscapeString(titleOf(p)))
	}
	b.WriteString("  </ul>\n  <div class=\"pagination\">\n")
	if k > 1 {
		fmt.Fprintf(&b, "    <a class=\"previous\" href=\"%s\">Previous</a>\n", listingPath(k-1))
	}
	for j := 1; j <= total; j++ {
		switch {
		case j == k:
			fmt.Fprintf(&b, "    <span class=\"page_number\">%d</span>\n", j)
		case j == 1 || j == total || j >= k-2 && j <= k+2:
			fmt.Fprintf(&b, "    <a href=\"%s\">%d</a>\n", listingPath(j), j)
		}
	}
	if k < total {
		fmt.Fprintf(&b, "    <a class=\"next\" href=\"%s\">Next</a>\n", listingPath(k+1))
	}
	b.WriteString("  </div>\n</div>\n")
	foot(&b)
	return []byte(b.String())
}

// titleOf makes a listing's link text from a post's path.
func titleOf(path string) string {
	slug := path[strings.LastIndexByte(path, '/')+1 : len(path)-len(".html")]
	return capitalise(strings.ReplaceAll(slug, "-", " "))
}

// head writes the page up to the start of its content, in minima's shape.
func head(b *strings.Builder, title, meta string) {
	fmt.Fprintf(b, `<!DOCTYPE html>
<html lang="en"><head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1"><!-- Begin Jekyll SEO tag v2.8.0 -->
<title>%s | Bench Notes</title>
<meta name="generator" content="Jekyll v4.3.1" />
<meta property="og:title" content="%[1]s" />
<meta property="og:site_name" content="Bench Notes" />
%s
<!-- End Jekyll SEO tag -->
<link rel="stylesheet" href="/assets/main.css"></head>
<body><header class="site-header" role="banner">
  <div class="wrapper"><a class="site-title" rel="author" href="/">Bench Notes</a></div>
</header>
<main class="page-content" aria-label="Content">
  <div class="wrapper">
`, html.EscapeString(title), meta)
}

// foot closes what head opened.
func foot(b *strings.Builder) {
	b.WriteString(`  </div>
</main><footer class="site-footer h-card">
  <div class="wrapper"><h2 class="footer-heading">Bench Notes</h2></div>
</footer>
</body>
</html>
`)
}
