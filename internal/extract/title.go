package extract

import (
	"strings"

	"github.com/PuerkitoBio/goquery"
)

// titleSeparators part a <title> into the page's and the site's names.
var titleSeparators = []string{" | ", " – ", " — ", " - ", " · ", " :: ", " » ", " / "}

// Title is the page's title by consensus of what it says: og:title,
// JSON-LD headline, the title markup of the theme (entry-title, p-name,
// itemprop headline), <title> without the site's name, and mapped (what
// the mapping's selector found, often the first heading of the article,
// which may be one inside the body). The value most of them agree on
// wins; on a tie, the first of that order. siteName is the site's title.
func Title(doc *goquery.Document, mapped, siteName string) string {
	site := map[string]bool{}
	for _, n := range []string{siteName, attrOf(doc, `meta[property="og:site_name"]`, "content")} {
		if n = fold(n); n != "" {
			site[n] = true
			for _, sep := range titleSeparators {
				for _, part := range strings.Split(n, sep) {
					site[fold(part)] = true
				}
			}
		}
	}
	mapped = fold(mapped)
	candidates := []string{
		attrOf(doc, `meta[property="og:title"]`, "content"),
		jsonLDHeadline(doc),
		text(doc.Find(`h1.entry-title, h1.post-title, .post-title h1, h1.p-name, .p-name h1, [itemprop="headline"]`).First()),
		pageTitle(text(doc.Find("title").First()), mapped, site),
		mapped,
	}
	votes := map[string]int{}
	best := ""
	for _, c := range candidates {
		if c = fold(c); c == "" || site[c] {
			continue
		}
		votes[c]++
		if best == "" || votes[c] > votes[best] {
			best = c
		}
	}
	for _, c := range candidates {
		// a theme that writes the title into an attribute unescaped cuts
		// it at its first quote: og:title "Fixing the", <h1> "Fixing the "x" error"
		if c = fold(c); strings.HasPrefix(c, best+` "`) || strings.HasPrefix(c, best+`"`) {
			best = c
		}
	}
	if best == "" && mapped == "" {
		return firstHeading(doc) // the last resort: a theme whose title is a bare heading
	}
	if best == "" {
		return mapped
	}
	return best
}

// firstHeading is the text of the page's first h1, else h2, outside its
// banner and menus.
func firstHeading(doc *goquery.Document) string {
	for _, h := range []string{"h1", "h2"} {
		s := doc.Find(h).FilterFunction(func(_ int, s *goquery.Selection) bool {
			return s.ParentsFiltered(pageFurniture).Length() == 0 && text(s) != ""
		})
		if s.Length() > 0 {
			return text(s.First())
		}
	}
	return ""
}

// pageTitle is a <title> without the site's name: the parts a separator
// leaves once those naming the site are gone. A title none of whose parts
// is the site's gives mapped when it holds it ("Post - Blog" and the
// heading "Post"), else the whole.
func pageTitle(title, mapped string, site map[string]bool) string {
	title = fold(title)
	for _, sep := range titleSeparators {
		parts := strings.Split(title, sep)
		if len(parts) < 2 {
			continue
		}
		var kept []string
		for _, p := range parts {
			if !site[fold(p)] {
				kept = append(kept, p)
			}
		}
		if len(kept) < len(parts) {
			return strings.Join(kept, sep)
		}
	}
	if mapped != "" && strings.Contains(title, mapped) {
		return mapped
	}
	return title
}

// jsonLDHeadline is the first headline of the page's schema.org nodes.
func jsonLDHeadline(doc *goquery.Document) string {
	for _, n := range jsonLDNodes(doc) {
		if n.Headline != "" {
			return n.Headline
		}
	}
	return ""
}
