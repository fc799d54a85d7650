package extract

import (
	"encoding/json"
	"regexp"
	"strings"

	"time"

	"github.com/PuerkitoBio/goquery"
)

// Generic is the fallback for sites no mapping recognises: the main
// content is found by readability-style scoring (paragraph text, link
// density, telling class names), the fields from Open Graph, <time> and
// JSON-LD.
func Generic() *Mapping {
	m := &Mapping{
		Name:        "generic",
		Description: "any site: main content found by heuristics",
		Start: Start{
			Sitemaps: []string{"/sitemap.xml", "/sitemap_index.xml"},
			Feeds:    []string{"/feed/", "/feed.xml", "/index.xml", "/atom.xml", "/rss.xml"},
			URLs:     []string{"/"},
		},
		Follow: []string{`/page/?\d+/?$`, `[?&]page=\d+`, `/(archives?|tags?|categor(y|ies))(/|\.html|$)`,
			`/(blog|posts?|articles?|notes|journal)/?(index\.html?)?$`},
		generic: true,
	}
	for _, f := range m.Follow {
		m.follow = append(m.follow, regexp.MustCompile(f))
	}
	return m
}

var (
	reGood = regexp.MustCompile(`(?i)article|body|content|entry|main|page|post|text|blog|story`)
	reBad  = regexp.MustCompile(`(?i)comment|footer|foot|header|masthead|menu|nav|sidebar|side|share|social|related|promo|ad-|ads|banner|widget|breadcrumb|pagination|pager|subscribe|newsletter|cookie|popup|author-bio`)
)

func (m *Mapping) heuristic(doc *goquery.Document) Fields {
	var f Fields
	f.Title = attrOf(doc, `meta[property="og:title"]`, "content")
	if f.Title == "" {
		f.Title = text(doc.Find("article h1, main h1, h1").First())
	}
	if f.Title == "" {
		f.Title = text(doc.Find("title").First())
	}
	f.Date, f.Authors = metaDate(doc)
	f.Modified = readTime(doc, Field{Selector: `meta[property="article:modified_time"]`, Attr: "content"})
	f.Tags = texts(doc, `a[rel="tag"], meta[property="article:tag"]`)
	if len(f.Tags) == 0 {
		f.Tags = termLinks(doc)
	}
	var n int
	f.Content, n, f.Date = mainContent(doc, f.Title, f.Date)
	if !f.Date.IsZero() && n > 200 {
		f.Kind = "post"
	}
	return f
}

// metaDate is the date the page's markup gives (article:published_time,
// <time datetime>, JSON-LD datePublished), and JSON-LD's authors.
func metaDate(doc *goquery.Document) (time.Time, []string) {
	d := readTime(doc, Field{Selector: `meta[property="article:published_time"], article time[datetime], time[datetime]`, Attr: "content datetime"})
	if !d.IsZero() {
		return d, nil
	}
	return jsonLD(doc)
}

// mainContent finds the page's main content by scoring and returns a
// clean copy's HTML (the page itself is left as it is), the length of its
// text, and date, or when that is zero the day the content writes near
// its top.
func mainContent(doc *goquery.Document, title string, date time.Time) (string, int, time.Time) {
	best, bestScore := (*goquery.Selection)(nil), 0.0
	doc.Find("article, main, [role=main], section, div, body").Each(func(_ int, s *goquery.Selection) {
		if codeBlock(s) || furniture(s) {
			return // a code block is part of an article, never the article; a menu is neither
		}
		if sc := score(s); sc > bestScore {
			best, bestScore = s, sc
		}
	})
	if best == nil {
		return "", 0, date
	}
	best = withPeers(best, bestScore)
	if date.IsZero() { // a hand-made page says its day in plain text, near the top
		date = textDate(best)
	}
	best = best.Clone()
	best.Find("nav, aside, form, script, style, noscript, footer, iframe[src*='ads']").Remove()
	// blocks only: a heading's header-anchor link and a code comment's
	// span are the post's own
	best.Find("div, section, aside, header, footer, ul, ol, table, form").Not("pre *").Each(func(_ int, s *goquery.Selection) {
		id, _ := s.Attr("id")
		class, _ := s.Attr("class")
		if sig := id + " " + class; reBad.MatchString(sig) && !reGood.MatchString(sig) {
			s.Remove()
		}
	})
	best.Find("h1").FilterFunction(func(_ int, s *goquery.Selection) bool { return text(s) == title }).Remove()
	html, _ := best.Html()
	return html, len(strings.TrimSpace(best.Text())), date
}

var (
	months      = `(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)`
	reTextDate  = regexp.MustCompile(`(?:^|[^0-9])(?:(\d{4}-\d{2}-\d{2}|\d{4}\.\d{2}\.\d{2}|\d{4}/\d{2}/\d{2})|(\d{1,2} ` + months + `\.? \d{4})|(` + months + `\.? \d{1,2},? \d{4}))(?:$|[^0-9])`)
	textLayouts = [][]string{{"2006-01-02", "2006.01.02", "2006/01/02"}, {"2 January 2006", "2 Jan 2006"}, {"January 2, 2006", "Jan 2, 2006", "January 2 2006", "Jan 2 2006"}}
)

// textDate is the first date written as text in the first lines of a
// page's content (ISO, 2021.03.07, 2021/03/07, "14 July 2025", "July 14,
// 2025", short months).
func textDate(s *goquery.Selection) time.Time {
	t := text(s)
	t = t[:min(len(t), 400)]
	m := reTextDate.FindStringSubmatch(t)
	for i, v := range m[min(len(m), 1):] {
		if v = strings.TrimSpace(v); i > 0 {
			v = strings.Replace(v, ".", "", 1) // "Jul. 4, 2025"
		}
		for _, l := range textLayouts[i] {
			if v == "" {
				break
			}
			if d, err := time.Parse(l, strings.Replace(v, "Sept", "Sep", 1)); err == nil {
				return d
			}
		}
	}
	return time.Time{}
}

// withPeers climbs from the best container to its parent while the
// parent holds another child that scores at least a quarter as well, or
// one of the same element and class that holds text: the article of a
// generator that writes each section in its own <div> (reST, Org), not
// its longest section.
func withPeers(best *goquery.Selection, bestScore float64) *goquery.Selection {
	for parent := best.Parent(); parent.Length() > 0 && goquery.NodeName(parent) != "body"; parent = best.Parent() {
		peers, kind := 0, goquery.NodeName(best)+"."+best.AttrOr("class", "")
		parent.Children().Each(func(_ int, c *goquery.Selection) {
			sc := score(c)
			if sc >= bestScore/4 || sc > 0 && goquery.NodeName(c)+"."+c.AttrOr("class", "") == kind {
				peers++
			}
		})
		if peers < 2 {
			break
		}
		best = parent
	}
	return best
}

// furniture reports a container the cleanup would drop whole: a menu,
// banner, sidebar or footer, by its element or its class.
func furniture(s *goquery.Selection) bool {
	if s.Closest(pageFurniture).Length() > 0 {
		return true
	}
	id, _ := s.Attr("id")
	class, _ := s.Attr("class")
	sig := id + " " + class
	return reBad.MatchString(sig) && !reGood.MatchString(sig)
}

// codeBlock reports a container of a listing and nothing else: a
// highlighter's wrappers around a <pre>, no prose of their own.
func codeBlock(s *goquery.Selection) bool {
	return s.Find("pre").Length() > 0 && s.Find("p, h1, h2, h3, h4, ul, ol, blockquote, table").Not("pre *").Length() == 0
}

// score is the paragraph text a container holds directly or one level
// down, discounted by how much of it is links, weighted by its name.
func score(s *goquery.Selection) float64 {
	total := 0.0
	s.ChildrenFiltered("p, pre, blockquote, ul, ol, figure, h2, h3").Each(func(_ int, c *goquery.Selection) {
		if n := len(strings.TrimSpace(c.Text())); n > 25 {
			total += float64(n)
		}
	})
	s.Children().ChildrenFiltered("p").Each(func(_ int, c *goquery.Selection) {
		if n := len(strings.TrimSpace(c.Text())); n > 25 {
			total += float64(n) / 2
		}
	})
	if total == 0 {
		return 0
	}
	textLen := float64(len(s.Text()))
	linkLen := float64(len(s.Find("a").Text()))
	if textLen > 0 {
		total *= 1 - min(linkLen/textLen, 0.9)
	}
	id, _ := s.Attr("id")
	class, _ := s.Attr("class")
	sig := id + " " + class + " " + goquery.NodeName(s)
	if reGood.MatchString(sig) {
		total *= 1.25
	}
	if reBad.MatchString(sig) {
		total *= 0.3
	}
	return total
}

// reTermLink is the address of a tag's archive: /tags/rust/, /tag/x.html.
var reTermLink = regexp.MustCompile(`/tags?/[^/?#]+/?(?:index\.html?|\.html)?$`)

// termLinks are the names of the tag archives the page links to outside
// prose and the page's furniture (a tag cloud in the sidebar, a menu).
func termLinks(doc *goquery.Document) []string {
	var out []string
	seen := map[string]bool{}
	doc.Find("a[href]").Each(func(_ int, s *goquery.Selection) {
		href, _ := s.Attr("href")
		if !reTermLink.MatchString(href) || s.ParentsFiltered("p, li.menu-item, "+pageFurniture).Length() > 0 {
			return
		}
		if t := termName(text(s)); t != "" && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	})
	return out
}

// termName is a term as a theme shows it, less the # some put before it.
func termName(s string) string { return strings.TrimSpace(strings.TrimLeft(s, "#")) }

func attrOf(doc *goquery.Document, sel, attr string) string {
	v, _ := doc.Find(sel).First().Attr(attr)
	return strings.TrimSpace(v)
}

// jsonLD reads datePublished and author names from schema.org JSON-LD.
func jsonLD(doc *goquery.Document) (t time.Time, authors []string) {
	doc.Find(`script[type="application/ld+json"]`).EachWithBreak(func(_ int, s *goquery.Selection) bool {
		var v struct {
			DatePublished string `json:"datePublished"`
			Author        any    `json:"author"`
		}
		if json.Unmarshal([]byte(s.Text()), &v) != nil || v.DatePublished == "" {
			return true
		}
		t = parseTime(v.DatePublished)
		switch a := v.Author.(type) {
		case map[string]any:
			if n, ok := a["name"].(string); ok {
				authors = append(authors, n)
			}
		case []any:
			for _, x := range a {
				if m, ok := x.(map[string]any); ok {
					if n, ok := m["name"].(string); ok {
						authors = append(authors, n)
					}
				}
			}
		}
		return t.IsZero()
	})
	return t, authors
}
