package extract

import (
	"encoding/json"
	"net/url"
	"regexp"
	"strings"

	"github.com/PuerkitoBio/goquery"
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
	PostInFeed       Why = "post_in_feed"      // the site's feed lists it
	PostOpenGraph    Why = "post_og_article"   // og:type article
	PostJSONLD       Why = "post_json_ld"      // schema.org article markup
	PostHEntry       Why = "post_h_entry"      // one dated h-entry
)

// Listing reports a listing's code.
func (w Why) Listing() bool { return w == ListingAddress || w == ListingSummaries }

var (
	// term, date and pagination archives: the path says it lists
	reListingPath = regexp.MustCompile(`(?i)^/(?:(?:tags?|categor(?:y|ies)|authors?|archives?|series|topics|labels?)(?:/[^/]+)?/?(?:index\.html?)?$|(?:.*/)?page/?\d+/?(?:index\.html?)?$|\d{4}/(?:\d{2}/){0,2}(?:index\.html?)?$)`)
	reArticleType = regexp.MustCompile(`^(?:Blog|Social|News|Tech)?(?:Posting|Article)$|^Report$`)
)

// Classify settles f.Kind from the mapping's decision and the page's
// evidence; listed says the site's feed names the page. It returns why
// for a listing (whatever the mapping said: it is not exported, and its
// links are followed) and for a post only the page's evidence found; ""
// when the mapping's decision stands.
func Classify(doc *goquery.Document, page *url.URL, f *Fields, listed bool) Why {
	if why := listing(doc, page); why != "" {
		f.Kind = ""
		return why
	}
	if f.Kind != "" {
		return ""
	}
	why := Why("")
	switch {
	case listed:
		why = PostInFeed
	case attrOf(doc, `meta[property="og:type"]`, "content") == "article":
		why = PostOpenGraph
	case jsonLDArticle(doc):
		why = PostJSONLD
	case !f.Date.IsZero() && doc.Find(".h-entry").Length() == 1:
		why = PostHEntry
	}
	if why != "" {
		f.Kind = "post"
	}
	return why
}

// listing says why a page is a list of posts, or "".
func listing(doc *goquery.Document, page *url.URL) Why {
	switch {
	case reListingPath.MatchString(page.Path):
		return ListingAddress
	case summaries(doc) >= 2:
		return ListingSummaries
	}
	return ""
}

// summaries counts the articles a page lists side by side: top-level
// <article> or h-entry elements, none of which holds most of the page's
// text (a post with cards of related posts below it is still a post).
func summaries(doc *goquery.Document) int {
	items := doc.Find("article, .h-entry").FilterFunction(func(_ int, s *goquery.Selection) bool {
		return s.ParentsFiltered("article, .h-entry, aside, footer, nav").Length() == 0
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
