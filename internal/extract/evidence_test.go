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
		{"a home of dated links", "/", `<h1>My blog</h1>` + `<ul class="posts"><li><span>Feb 12, 2026</span> <a href="/2026/02/12/a/">A post</a></li><li><span>Jan 3, 2025</span> <a href="/2025/01/03/b/">B post</a></li><li><span>Jul 4, 2024</span> <a href="/2024/07/04/c/">C post</a></li></ul>`, "post", false, true, ListingDated},
		{"an archive of dates written 2021.03.07", "/post/", `<div class="post_item"><span>2024.10.13</span> <a href="/a.html">A</a></div><div class="post_item"><span>2023.01.02</span> <a href="/b.html">B</a></div><div class="post_item"><span>2022.05.06</span> <a href="/c.html">C</a></div>`, "post", false, true, ListingDated},
		{"a post with a few dated links below", "/2024/a/", art(long+long) + `<ul class="posts"><li><span>Feb 12, 2026</span> <a href="/2026/02/12/a/">A post</a></li><li><span>Jan 3, 2025</span> <a href="/2025/01/03/b/">B post</a></li><li><span>Jul 4, 2024</span> <a href="/2024/07/04/c/">C post</a></li></ul>`, "post", false, true, ""},
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
		got := Classify(doc, &url.URL{Path: tc.path}, &f, Hints{InFeed: tc.listed})
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
		{"og:title cut at a quote", `<meta property="og:title" content="Fixing the "cannot open" error"><title>Fixing the "cannot open" error | Bench</title>`, `<h1>Fixing the "cannot open" error</h1>`, "", "Bench", `Fixing the "cannot open" error`},
		{"a bare h2 and a site-wide og:title", `<meta property="og:title" content="Bench Notes"><title>Bench Notes</title>`, `<header><h1>Bench Notes</h1></header><main><h2>Solder fumes</h2></main>`, "", "Bench Notes", "Solder fumes"},
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
		{`<h1>Textbox</h1><div class="date">2021.03.07</div>`, "2021-03-07"},
		{"<p>2021/03/07</p>", "2021-03-07"},
		{"<p>version 2.10.2025 and May 99, 2025</p>", "0001-01-01"},
		{"<p>" + strings.Repeat("x ", 300) + "14 July 2025</p>", "0001-01-01"}, // not near the top
	} {
		doc, _ := goquery.NewDocumentFromReader(strings.NewReader("<html><body>" + tc.text + "</body></html>"))
		if got := textDate(doc.Find("body")).Format("2006-01-02"); got != tc.want {
			t.Errorf("%q: %s, want %s", tc.text, got, tc.want)
		}
	}
}

func TestShapeAndURLDate(t *testing.T) {
	for _, tc := range []struct{ path, shape, day string }{
		{"/2016/09/07/phd/", "/#/#/#/*/", "2016-09-07"},
		{"/2016/09/07/phd.html", "/#/#/#/*.html", "2016-09-07"},
		{"/posts/a-post/", "/posts/*/", ""},
		{"/", "/", ""},
		{"/2016/13/40/x/", "/#/#/#/*/", ""},
	} {
		u := &url.URL{Path: tc.path}
		day := ""
		if d := URLDate(u); !d.IsZero() {
			day = d.Format(time.DateOnly)
		}
		if Shape(u) != tc.shape || day != tc.day {
			t.Errorf("%s: shape %q day %q, want %q %q", tc.path, Shape(u), day, tc.shape, tc.day)
		}
	}
}

// A post at an address shaped like the feed's posts is a post when it is
// dated by its page or its address.
func TestPostByAddressShape(t *testing.T) {
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(`<html><body><div class="post"><p>` + strings.Repeat("text ", 80) + `</p></div></body></html>`))
	for _, tc := range []struct {
		path  string
		shape bool
		want  Why
	}{
		{"/2016/09/07/phd/", true, PostURLShape},
		{"/2016/09/07/phd/", false, ""},
		{"/about/", true, ""}, // no date
	} {
		f := Fields{Content: "<p>text</p>"}
		if got := Classify(doc, &url.URL{Path: tc.path}, &f, Hints{PostShape: tc.shape}); got != tc.want || (got != "") != (f.Kind == "post") {
			t.Errorf("%s shape %v: %q kind %q, want %q", tc.path, tc.shape, got, f.Kind, tc.want)
		}
	}
}

// The heuristic keeps what is the post's own: a heading's header-anchor
// link, a code comment's span; it reads tags from tag links outside
// prose and the sidebar, without their #.
func TestHeuristicKeepsThePostsOwnParts(t *testing.T) {
	page := `<html><body><header class="site-header"><a href="/">Site</a></header><article class="post"><h2 id="usage"><a class="header-anchor" href="#usage">Usage</a></h2>
<p>` + strings.Repeat("The body explains the tool at length. ", 12) + ` See <a href="/tags/prose/">prose</a>.</p>
<pre><code><span class="token comment">// Lookup its value</span>
x := y</code></pre><div class="post-tags"><a href="/tags/rust/">#rust</a> <a href="/tags/jvm/">#jvm</a></div>
<div class="comments">Comments are closed.</div></article><aside class="sidebar"><a href="/tags/cloud/">cloud</a></aside><p>14 July 2025</p></body></html>`
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	f := Generic().Extract(doc)
	for _, want := range []string{"Usage", "// Lookup its value"} {
		if !strings.Contains(f.Content, want) {
			t.Errorf("content lost %q:\n%s", want, f.Content)
		}
	}
	if strings.Contains(f.Content, "Comments are closed") {
		t.Errorf("a comments block was kept:\n%s", f.Content)
	}
	if got := strings.Join(f.Tags, ","); got != "rust,jvm" {
		t.Errorf("tags %q, want rust,jvm", got)
	}
}

// A mapping whose selectors miss a theme's body and date gets them from
// the heuristics, and says which.
func TestMappingFillsWhatItsSelectorsMiss(t *testing.T) {
	m, err := Parse("m.yaml", []byte("name: m\nkinds:\n  post: 'article.post'\nselect:\n  title: 'h1'\n  date:\n    selector: 'time'\n  content: '.post-content'\n"))
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(`<html><head><meta property="article:published_time" content="2024-03-13T19:34:00+00:00"></head><body><article class="post"><h1>T</h1><div class="entry"><p>` + strings.Repeat("The whole body of the post. ", 20) + `</p></div></article></body></html>`))
	f := m.Extract(doc)
	if !strings.Contains(f.Content, "The whole body") || f.Date.IsZero() || strings.Join(f.Filled, ",") != "date,content" {
		t.Errorf("content %q date %v filled %v", f.Content, f.Date, f.Filled)
	}
}

// A section's list or a home of rows (title, tags, date) linking to the
// feed's posts or to the pages under its address is a listing; a post
// with a few such links in its text is not.
func TestListingOfLinks(t *testing.T) {
	row := func(href, title string) string {
		return `<div class="row"><div class="post-title"><a href="` + href + `">` + title + `</a><div class="post-tag"><a href="/tags/x">x</a></div></div><div class="post-meta"><span>September 24, 2015</span></div></div>`
	}
	rows := row("/articles/a/", "Understanding RPCs") + row("/articles/b/", "A year in review") + row("/articles/c/", "Flask on nginx")
	quotes := `<ul><li>The best is yet to come. <a href="/quotes/1/">#</a></li><li>Less is more, mostly. <a href="/quotes/2/">#</a></li><li>Make it work, then fast. <a href="/quotes/3/">#</a></li></ul>`
	prose := `<p>` + strings.Repeat("The post talks about many things at length. ", 20) + `See <a href="/articles/a/">one</a>, <a href="/articles/b/">two</a> and <a href="/articles/c/">three</a>.</p>`
	feed := func(u *url.URL) bool { return strings.HasPrefix(u.Path, "/articles/") }
	for _, tc := range []struct {
		name, path, html string
		isPost           func(*url.URL) bool
		want             Why
	}{
		{"a section's rows", "/articles/", `<h1>Posts</h1>` + rows, nil, ListingLinks},
		{"a home of the feed's posts", "/", `<h1>Home</h1>` + rows, feed, ListingLinks},
		{"a page of rows without a feed", "/blog/", `<h1>Blog</h1>` + rows, nil, ""},
		{"the home, whatever it holds", "/", `<h1>Home</h1><p>Welcome!</p>`, nil, ListingHome},
		{"a list of the pages below", "/quotes/", `<h1>Quotes</h1>` + quotes, nil, ListingLinks},
		{"a post linking to three posts", "/articles/d/", `<h1>D</h1>` + prose, feed, ""},
	} {
		doc, _ := goquery.NewDocumentFromReader(strings.NewReader("<html><body><header><a href=\"/\">Site</a></header>" + tc.html + "</body></html>"))
		f := Fields{Kind: "post", Content: "x"}
		if got := Classify(doc, &url.URL{Scheme: "http", Host: "b.example", Path: tc.path}, &f, Hints{IsPost: tc.isPost}); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

// A long listing in a highlighter's wrapper is part of the post, not the
// post: the heuristic keeps the prose around it.
func TestHeuristicTakesTheArticleNotItsListing(t *testing.T) {
	listing := strings.Repeat("[0x0040134c]> | ; var int32_t var_14h @ ebp-0x14 |\n", 60)
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(`<html><body><article class="post"><h1>Patching</h1><div class="entry">
<p>Due to some constraints we sometimes need to work with an ancient file format.</p>
<p>In this post we use a reverse engineering framework to patch the installer.</p>
<div class="language-nasm highlighter-rouge"><div class="highlight"><pre class="highlight"><code>` + listing + `</code></pre></div></div>
<p>That is the whole patch, and the installer runs.</p></div></article></body></html>`))
	f := Generic().Extract(doc)
	for _, want := range []string{"ancient file format", "var_14h", "the installer runs"} {
		if !strings.Contains(f.Content, want) {
			t.Errorf("content lost %q", want)
		}
	}
}

// A post of one short line scores below a theme's menu of long items: the
// heuristic never takes a menu, banner, sidebar or footer for the body.
func TestMappingFillsAShortBody(t *testing.T) {
	m, err := Parse("m.yaml", []byte("name: m\nkinds:\n  post: 'h1.centered'\nselect:\n  title: 'h1'\n  content: '.post-content'\n"))
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(`<html><body><div class="collapse navbar-collapse"><ul><li>Projects and things I have built over the years</li><li>Talks I have given at conferences and meetups</li><li>Everything I have ever written, by year and tag</li></ul></div>
<div class="col"><h1 class="centered">Conj talk</h1><time datetime="2015-11-18">Nov 18</time><div class="content"><p>My talk, enjoy! <a href="https://video.example/x">The talk</a></p></div></div><div class="sidebar"><p>About me and what I do when I am not writing here at all.</p></div></body></html>`))
	f := m.Extract(doc)
	if !strings.Contains(f.Content, "My talk, enjoy!") || strings.Contains(f.Content, "About me") {
		t.Errorf("content %q", f.Content)
	}
}

// A generator that writes each section in its own <div> (reST, Org): the
// article is all its sections, not the longest one.
func TestHeuristicTakesEverySection(t *testing.T) {
	section := func(id, words string, n int) string {
		return `<div class="section" id="` + id + `"><h2>` + id + `</h2><p>` + strings.Repeat(words+" ", n) + `</p><p>` + strings.Repeat(words+" ", n) + `</p></div>`
	}
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(`<html><body><main><div class="article"><h2>Deploying</h2><p>06.15.2017</p><p>` + strings.Repeat("The intro says what this is about. ", 2) + `</p>` +
		section("notes", "first section words", 6) + section("overview", "second section words", 8) + section("setup", "third section words, the longest of them all", 60) + `</div></main><aside class="sidebar"><p>` + strings.Repeat("links ", 10) + `</p></aside></body></html>`))
	f := Generic().Extract(doc)
	for _, want := range []string{"The intro says", "first section words", "second section words", "the longest of them all"} {
		if !strings.Contains(f.Content, want) {
			t.Errorf("content lost %q", want)
		}
	}
}

// A page that names another page of the site as its canonical one (a
// post's second page) is not a post of its own; one whose canonical is
// itself, however spelled, or another host's page, is.
func TestVariantOfACanonicalPage(t *testing.T) {
	for _, tc := range []struct {
		path, canonical string
		want            Why
	}{
		{"/2024/03/a-post/2/", "http://b.example/2024/03/a-post/", VariantOf},
		{"/a-post/?replytocom=7", "/a-post/", VariantOf},
		{"/a-post/index.html", "/a-post/", ""},
		{"/about.html", "http://b.example/about", ""},
		{"/a-post/", "https://blog.example.org/a-post/", ""},
	} {
		doc, _ := goquery.NewDocumentFromReader(strings.NewReader(`<html><head><link rel="canonical" href="` + tc.canonical + `"></head><body><article><p>` + strings.Repeat("text ", 80) + `</p></article></body></html>`))
		page, _ := url.Parse("http://b.example" + tc.path)
		f := Fields{Kind: "post", Content: "x"}
		if got := Classify(doc, page, &f, Hints{}); got != tc.want {
			t.Errorf("%s → %s: %q, want %q", tc.path, tc.canonical, got, tc.want)
		}
	}
}

// WordPress's attachment pages match its post markup too; they are read
// as attachments, never exported as posts.
func TestWordPressAttachmentPageIsAnAttachment(t *testing.T) {
	m, err := Builtin("wordpress")
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(`<html><body class="attachment attachment-template-default single single-attachment postid-9"><article><h1 class="entry-title">dsc0001</h1><div class="entry-content"><p><img src="/wp-content/uploads/dsc0001.jpg"></p></div></article></body></html>`))
	if f := m.Extract(doc); f.Kind != "attachment" {
		t.Errorf("kind %q", f.Kind)
	}
}

// A comment is an <article> too: a post with comments is not a listing.
func TestCommentsAreNotSummaries(t *testing.T) {
	comment := `<article class="comment-body"><footer>Ana says:</footer><p>` + strings.Repeat("Nice lamp, and a long comment about it. ", 5) + `</p></article>`
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(`<html><body><article class="post"><p>A short post.</p></article><div id="comments"><ol class="comment-list"><li>` + comment + `</li><li>` + comment + `</li></ol></div></body></html>`))
	f := Fields{Kind: "post", Content: "x"}
	if got := Classify(doc, &url.URL{Path: "/2024/03/12/lamp/"}, &f, Hints{}); got != "" || f.Kind != "post" {
		t.Errorf("%q %q", got, f.Kind)
	}
}

// WordPress's body classes are its own marks of one post: a post made of
// lists of links (latest-posts blocks, a gallery of attachment pages) is
// not a listing; a post's second page (post-paged-2) is not a post.
func TestWordPressKindsAreTrusted(t *testing.T) {
	m, err := Builtin("wordpress")
	if err != nil {
		t.Fatal(err)
	}
	links := ""
	for _, s := range []string{"a", "b", "c", "d"} {
		links += `<li><a href="/2010/09/10/gallery/` + s + `/">Photo ` + s + `</a></li>`
	}
	for _, tc := range []struct {
		name, class string
		want        Why
		kind        string
	}{
		{"a gallery of attachment pages", "single single-post postid-5", "", "post"},
		{"its second page", "single single-post postid-5 post-paged-2", LaterPage, ""},
	} {
		doc, _ := goquery.NewDocumentFromReader(strings.NewReader(`<html><body class="` + tc.class + `"><article><h1 class="entry-title">Gallery</h1><div class="entry-content"><ul>` + links + `</ul></div></article></body></html>`))
		f := m.Extract(doc)
		page, _ := url.Parse("http://b.example/2010/09/10/gallery/")
		if got := Classify(doc, page, &f, Hints{}); got != tc.want || f.Kind != tc.kind {
			t.Errorf("%s: %q %q, want %q %q", tc.name, got, f.Kind, tc.want, tc.kind)
		}
	}
}
