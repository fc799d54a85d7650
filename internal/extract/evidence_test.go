package extract

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
)

func TestClassify(t *testing.T) {
	long := strings.Repeat("words of the post ", 40)
	art := func(s string) string { return "<article><h2>t</h2><p>" + s + "</p></article>" }
	for _, tc := range []struct {
		name, path, html, kind string
		listed                 bool
		date                   bool
		want                   Why
	}{
		{"tag page the mapping took for a post", "/tags/go/", art(long), "post", false, true, ListingAddress},
		{"category with index.html", "/category/news/index.html", art(long), "post", false, true, ListingAddress},
		{"second page", "/blog/page/2/", art(long), "post", false, true, ListingAddress},
		{"jekyll paginate", "/page3/", art(long), "", false, false, ListingAddress},
		{"day archive", "/2024/03/12/", art(long), "post", false, true, ListingAddress},
		{"summaries", "/", art("one") + art("two") + art("three"), "post", false, true, ListingSummaries},
		{"a post with related cards", "/a-post/", art(long) + art("related"), "post", false, true, ""},
		{"nested articles are one", "/x/", "<article>" + art("a") + art("b") + "</article>", "", true, false, PostInFeed},
		{"the mapping's post stands", "/2024/03/12/slug.html", art(long), "post", false, true, ""},
		{"listed in the feed", "/posts/one/", art(long), "", true, false, PostInFeed},
		{"og article", "/posts/one/", `<meta property="og:type" content="article">` + art(long), "", false, false, PostOpenGraph},
		{"json-ld graph", "/posts/one/", `<script type="application/ld+json">{"@graph":[{"@type":"WebPage"},{"@type":["BlogPosting"]}]}</script>` + art(long), "", false, false, PostJSONLD},
		{"h-entry with a date", "/posts/one/", `<div class="h-entry"><p>` + long + `</p></div>`, "", false, true, PostHEntry},
		{"undated h-entry", "/posts/one/", `<div class="h-entry"><p>` + long + `</p></div>`, "", false, false, ""},
		{"nothing says post", "/about/", art(long), "", false, false, ""},
	} {
		doc, err := goquery.NewDocumentFromReader(strings.NewReader("<html><head></head><body>" + tc.html + "</body></html>"))
		if err != nil {
			t.Fatal(err)
		}
		f := Fields{Kind: tc.kind}
		if tc.date {
			f.Date = time.Date(2024, 3, 12, 0, 0, 0, 0, time.UTC)
		}
		got := Classify(doc, &url.URL{Path: tc.path}, &f, tc.listed)
		wantKind := tc.kind
		switch {
		case tc.want.Listing():
			wantKind = ""
		case tc.want != "":
			wantKind = "post"
		}
		if got != tc.want || f.Kind != wantKind {
			t.Errorf("%s: %q, kind %q; want %q, kind %q", tc.name, got, f.Kind, tc.want, wantKind)
		}
	}
}

func TestTitleByConsensus(t *testing.T) {
	for _, tc := range []struct {
		name, head, body, mapped, site, want string
	}{
		{"og and <title> beat a heading in the body", `<title>Solder fumes | Bench Notes</title><meta property="og:title" content="Solder fumes">`, `<h1>Intro</h1>`, "Intro", "Bench Notes", "Solder fumes"},
		{"<title> without the site's name beats a body heading", `<title>Solder fumes – Bench Notes</title>`, `<h1>Intro</h1>`, "Intro", "Bench Notes", "Solder fumes"},
		{"the site's name from og:site_name", `<title>Solder fumes · BN</title><meta property="og:site_name" content="BN">`, ``, "Intro", "", "Solder fumes"},
		{"an unknown suffix: the heading it holds", `<title>Solder fumes - Some Blog</title>`, `<h1>Solder fumes</h1>`, "Solder fumes", "", "Solder fumes"},
		{"the theme's title markup", `<title>Bench Notes</title>`, `<h1 class="entry-title">Solder fumes</h1><h1>Intro</h1>`, "Intro", "Bench Notes", "Solder fumes"},
		{"JSON-LD headline", `<title>Bench Notes</title><script type="application/ld+json">{"@type":"BlogPosting","headline":"Solder fumes"}</script>`, ``, "Intro", "Bench Notes", "Solder fumes"},
		{"a <title> that is the site's name only", `<title>Bench Notes</title>`, `<h1>Solder fumes</h1>`, "Solder fumes", "Bench Notes", "Solder fumes"},
		{"nothing but the heading", ``, `<h1>Solder fumes</h1>`, "Solder  fumes", "", "Solder fumes"},
	} {
		doc, err := goquery.NewDocumentFromReader(strings.NewReader("<html><head>" + tc.head + "</head><body>" + tc.body + "</body></html>"))
		if err != nil {
			t.Fatal(err)
		}
		if got := Title(doc, tc.mapped, tc.site); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestTextDate(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"<h1>July</h1><p>14 July 2025</p>", "2025-07-14"},
		{"<p>Posted on July 14, 2025 by me</p>", "2025-07-14"},
		{"<p>Jul 4 2025</p>", "2025-07-04"},
		{"<p>Sept. 3, 2024</p>", "2024-09-03"},
		{"<p>log of 2025-07-14: parser</p>", "2025-07-14"},
		{"<p>version 2.10.2025 and May 99, 2025</p>", "0001-01-01"},
		{"<p>" + strings.Repeat("x ", 300) + "14 July 2025</p>", "0001-01-01"}, // not near the top
	} {
		doc, _ := goquery.NewDocumentFromReader(strings.NewReader("<html><body>" + tc.text + "</body></html>"))
		if got := textDate(doc.Find("body")).Format("2006-01-02"); got != tc.want {
			t.Errorf("%q: %s, want %s", tc.text, got, tc.want)
		}
	}
}
