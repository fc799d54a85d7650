package extract

import (
	"encoding/json"
	"net/url"
	"path"
	"regexp"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
)

// A page is a post by evidence, not by one tag: the mapping's kinds are
// one signal among the page's own (Open Graph, JSON-LD, h-entry, a date on
// one main article, the site's feed naming it); a listing (the home, term
// and date archives, pagination, several article summaries) is never a
// post, whatever the mapping says, but its links are followed.

// Why is a stable code for how Classify decided, for notes.
type Why string

const (
	ListingAddress   Why = "listing_address"   // a term, date or pagination archive's address
	ListingSummaries Why = "listing_summaries" // several article summaries side by side
	ListingDated     Why = "listing_dated"     // a list of dated links to other pages, most of its text
	ListingLinks     Why = "listing_links"     // mostly links to the feed's posts or to pages under its address
	ListingHome      Why = "listing_home"      // the site's home, which no mapping took for a page
	VariantOf        Why = "variant_canonical" // names another page of the site as its canonical one (a reply address)
	LaterPage        Why = "later_page"        // a later page of a post split into pages (WordPress's <!--nextpage-->)
	PostInFeed       Why = "post_in_feed"      // the site's feed lists it
	PostOpenGraph    Why = "post_og_article"   // og:type article
	PostJSONLD       Why = "post_json_ld"      // schema.org article markup
	PostHEntry       Why = "post_h_entry"      // one dated h-entry
	PostURLShape     Why = "post_url_shape"    // dated, at an address shaped like the feed's posts'
)

// Listing reports a code of a page that is not exported but whose links
// are followed: a listing, or a variant of another page.
func (w Why) Listing() bool {
	return w == ListingAddress || w == ListingSummaries || w == ListingDated || w == ListingLinks || w == ListingHome || w == VariantOf || w == LaterPage
}

// Hints are what the crawl knows of a page beyond the page itself.
type Hints struct {
	InFeed    bool // the site's feed lists it
	PostShape bool // its address has the shape of posts the feed lists (see Shape)
	// IsPost reports whether the feed lists an address as a post; nil
	// when there is no feed
	IsPost func(*url.URL) bool
}

var (
	// term, date and pagination archives: the path says it lists
	reListingPath = regexp.MustCompile(`(?i)^/(?:(?:tags?|categor(?:y|ies)|authors?|archives?|series|topics|labels?)(?:/[^/]+)?/?(?:index\.html?)?$|(?:.*/)?page/?\d+/?(?:index\.html?)?$|\d{4}/(?:\d{2}/){0,2}(?:index\.html?)?$)`)
	reArticleType = regexp.MustCompile(`^(?:Blog|Social|News|Tech)?(?:Posting|Article)$|^Report$`)
)

// Classify settles f.Kind from the mapping's decision and the page's
// evidence and the crawl's hints. It returns why
// for a listing (whatever the mapping said: it is not exported, and its
// links are followed) and for a post only the page's evidence found; ""
// when the mapping's decision stands.
func Classify(doc *goquery.Document, page *url.URL, f *Fields, h Hints) Why {
	if why := listing(doc, page, f, h); why != "" {
		f.Kind = ""
		return why
	}
	if reLaterPage.MatchString(doc.Find("body").AttrOr("class", "")) {
		f.Kind = ""
		return LaterPage
	}
	if canon := Canonical(doc, page); canon != nil && canon.Host == page.Host && samePage(canon.Path)+"?"+canon.RawQuery != samePage(page.Path)+"?"+page.RawQuery {
		f.Kind = "" // the canonical page is exported, once
		return VariantOf
	}
	if samePage(page.Path) == "" && f.Kind != "page" { // the home
		// a blog's home lists its posts; a static front page is a page
		// only when the mapping says so (WordPress's page-id body class)
		f.Kind = ""
		return ListingHome
	}
	if f.Kind != "" {
		return ""
	}
	why := Why("")
	switch {
	case h.InFeed:
		why = PostInFeed
	case attrOf(doc, `meta[property="og:type"]`, "content") == "article":
		why = PostOpenGraph
	case jsonLDArticle(doc):
		why = PostJSONLD
	case !f.Date.IsZero() && doc.Find(".h-entry").Length() == 1:
		why = PostHEntry
	case h.PostShape && (!f.Date.IsZero() || !URLDate(page).IsZero()) && strings.TrimSpace(f.Content) != "":
		why = PostURLShape
	}
	if why != "" {
		f.Kind = "post"
	}
	return why
}

// listing says why a page is a list of posts, or "".
func listing(doc *goquery.Document, page *url.URL, f *Fields, h Hints) Why {
	switch {
	case reListingPath.MatchString(page.Path):
		return ListingAddress
	case f.Sure:
		return "" // the engine says it is one post or page, whatever it lists
	case summaries(doc) >= 2:
		return ListingSummaries
	case datedList(doc):
		return ListingDated
	case !h.InFeed && linkList(doc, page, h.IsPost): // a post of the feed may be a list of others
		return ListingLinks
	}
	return ""
}

// linkList reports a page that is mostly links to three or more of the
// feed's posts or of the pages under its own address (a section's list,
// /quotes/ of /quotes/x/): the items that hold them (each link's largest
// ancestor holding no other such link: a list item, a row with its date
// and tags) make at least half of the page's text.
func linkList(doc *goquery.Document, page *url.URL, isPost func(*url.URL) bool) bool {
	section := page.Path != "/" && strings.HasSuffix(page.Path, "/")
	target := map[*html.Node]string{} // qualifying links, by their target's path
	doc.Find("a[href]").Each(func(_ int, a *goquery.Selection) {
		if a.Closest(pageFurniture).Length() > 0 {
			return // a menu, a sidebar's recent posts, a post's previous/next
		}
		u, err := page.Parse(strings.TrimSpace(a.AttrOr("href", "")))
		if err != nil || u.Host != page.Host || strings.TrimSuffix(u.Path, "/") == strings.TrimSuffix(page.Path, "/") {
			return
		}
		if (isPost != nil && isPost(u)) || (section && strings.HasPrefix(u.Path, page.Path)) {
			target[a.Get(0)] = u.Path
		}
	})
	paths := map[string]bool{}
	for _, p := range target {
		paths[p] = true
	}
	if len(paths) < 3 {
		return false
	}
	items := map[*html.Node]bool{}
	for a, p := range target {
		item := goquery.NewDocumentFromNode(a).Selection
		for parent := item.Parent(); parent.Length() > 0 && goquery.NodeName(parent) != "body" && onlyTarget(parent, target, p); parent = parent.Parent() {
			item = parent
		}
		items[item.Get(0)] = true
	}
	n := 0
	for it := range items {
		n += len(text(goquery.NewDocumentFromNode(it).Selection))
	}
	return n*2 >= pageText(doc)
}

// onlyTarget reports whether every qualifying link inside s goes to p.
func onlyTarget(s *goquery.Selection, target map[*html.Node]string, p string) bool {
	only := true
	s.Find("a[href]").EachWithBreak(func(_ int, a *goquery.Selection) bool {
		if t, ok := target[a.Get(0)]; ok && t != p {
			only = false
		}
		return only
	})
	return only
}

// pageFurniture is what a page holds around its content: banner, menus,
// sidebars and their widgets, footer.
const pageFurniture = "nav, header, footer, aside, .widget, .widget-area, .sidebar, .post-navigation, .nav-links"

// pageText is the length of the page's text less its furniture.
func pageText(doc *goquery.Document) int {
	body := doc.Find("body").Clone()
	body.Find(pageFurniture + ", script, style").Remove()
	return len(text(body))
}

// reLaterPage is WordPress's body class of a post's second and later
// pages (post-paged-2, page-paged-3).
var reLaterPage = regexp.MustCompile(`(?:^|\s)[\w-]+-paged-\d+(?:\s|$)`)

// samePage is a path as a static server serves it whatever its spelling:
// /a/, /a, /a/index.html and /a.html are one page.
func samePage(p string) string {
	p = strings.TrimSuffix(p, "index.html")
	return strings.TrimSuffix(strings.TrimSuffix(p, ".html"), "/")
}

// Canonical is the page's rel=canonical address, resolved; nil when it
// has none.
func Canonical(doc *goquery.Document, page *url.URL) *url.URL {
	href, ok := doc.Find(`link[rel="canonical"]`).Attr("href")
	if !ok || strings.TrimSpace(href) == "" {
		return nil
	}
	u, err := page.Parse(strings.TrimSpace(href))
	if err != nil {
		return nil
	}
	return u
}

// datedList reports a page that is mostly a list of dated links: three
// or more short items (li, tr, article, p, div), each a link or three to
// other pages and a date, holding at least half of the page's text (a
// post's few related links below its text are not).
func datedList(doc *goquery.Document) bool {
	items := doc.Find("li, tr, article, p, div").FilterFunction(func(_ int, s *goquery.Selection) bool {
		t := text(s)
		if len(t) > 400 || s.Find("li, tr, article, p, div").Length() > 0 {
			return false // innermost items only
		}
		links := s.Find("a[href]").FilterFunction(func(_ int, a *goquery.Selection) bool {
			return !strings.HasPrefix(strings.TrimSpace(a.AttrOr("href", "")), "#")
		}).Length()
		return links >= 1 && links <= 3 && (s.Find("time").Length() > 0 || reTextDate.MatchString(t))
	})
	if items.Length() < 3 {
		return false
	}
	return len(text(items))*2 >= pageText(doc)
}

// Shape is a path's pattern, to tell a site's post addresses: numbers are
// #, the last segment *, so /2016/09/07/phd/ is /#/#/#/*/ and
// /posts/a.html /posts/*.html.
func Shape(u *url.URL) string {
	p := u.Path
	if strings.Trim(p, "/") == "" {
		return "/" // the home is no post's shape
	}
	slash := strings.HasSuffix(p, "/")
	segs := strings.Split(strings.Trim(p, "/"), "/")
	for i, s := range segs {
		switch {
		case i == len(segs)-1:
			segs[i] = "*" + path.Ext(s)
		case strings.Trim(s, "0123456789") == "":
			segs[i] = "#"
		}
	}
	out := "/" + strings.Join(segs, "/")
	if slash {
		out += "/"
	}
	return out
}

var reURLDate = regexp.MustCompile(`/((?:19|20)\d{2})/(\d{2})/(\d{2})/`)

// URLDate is the day a post's address gives (/2016/09/07/phd/), or zero.
func URLDate(u *url.URL) time.Time {
	m := reURLDate.FindStringSubmatch(u.Path)
	if m == nil {
		return time.Time{}
	}
	d, err := time.Parse("2006/01/02", m[1]+"/"+m[2]+"/"+m[3])
	if err != nil {
		return time.Time{}
	}
	return d
}

// summaries counts the articles a page lists side by side: top-level
// <article> or h-entry elements, none of which holds most of the page's
// text (a post with cards of related posts below it is still a post).
func summaries(doc *goquery.Document) int {
	items := doc.Find("article, .h-entry").FilterFunction(func(_ int, s *goquery.Selection) bool {
		// a comment is an <article> too (WordPress's comment-body)
		return s.ParentsFiltered("article, .h-entry, aside, footer, nav, #comments, .comments-area, .comment-list, .commentlist").Length() == 0 &&
			!strings.Contains(s.AttrOr("class", ""), "comment")
	})
	if items.Length() < 2 {
		return 0
	}
	total := len(strings.TrimSpace(items.Text()))
	dominant := false
	items.Each(func(_ int, s *goquery.Selection) {
		if n := len(strings.TrimSpace(s.Text())); total > 0 && n*10 > total*7 {
			dominant = true
		}
	})
	if dominant {
		return 0
	}
	return items.Length()
}

// ldNode is a schema.org node of a page's JSON-LD: a script's own object
// and each object of its @graph, in page order.
type ldNode struct {
	Type     any    `json:"@type"`
	Headline string `json:"headline"`
}

func jsonLDNodes(doc *goquery.Document) []ldNode {
	var out []ldNode
	doc.Find(`script[type="application/ld+json"]`).Each(func(_ int, s *goquery.Selection) {
		var v struct {
			ldNode
			Graph []ldNode `json:"@graph"`
		}
		if json.Unmarshal([]byte(s.Text()), &v) == nil {
			out = append(append(out, v.ldNode), v.Graph...)
		}
	})
	return out
}

// jsonLDArticle reports schema.org markup saying the page is an article.
func jsonLDArticle(doc *goquery.Document) bool {
	for _, n := range jsonLDNodes(doc) {
		if isArticleType(n.Type) {
			return true
		}
	}
	return false
}

func isArticleType(t any) bool {
	switch v := t.(type) {
	case string:
		return reArticleType.MatchString(v)
	case []any:
		for _, x := range v {
			if isArticleType(x) {
				return true
			}
		}
	}
	return false
}
