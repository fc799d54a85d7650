package extract

import (
	"strconv"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
)

// Fields are what a page says about its post.
type Fields struct {
	Kind       string // "post", "page", "attachment" (a media file's own page), or "" for a page that is neither (a listing)
	Protected  bool   // behind a password: the content is a password form
	ID         int64
	Title      string
	Date       time.Time
	Modified   time.Time
	Authors    []string
	Categories []string
	Tags       []string
	Content    string // HTML of the content element, without the removed parts
	Cover      string
	Filled     []string // fields the mapping's selectors did not find, found by heuristics (date, content)
	Sure       bool     // Kind is the engine's own mark (Mapping.TrustKinds)
}

// Extract applies the mapping to a parsed page.
func (m *Mapping) Extract(doc *goquery.Document) Fields {
	if m.generic {
		return m.heuristic(doc)
	}
	var f Fields
	for _, kind := range []string{"attachment", "post", "page"} { // an attachment's page matches post markup too
		if sel := m.Kinds[kind]; sel != "" && doc.Find(sel).Length() > 0 {
			f.Kind, f.Sure = kind, m.TrustKinds
			break
		}
	}
	if m.Protected != "" && doc.Find(m.Protected).Length() > 0 {
		f.Protected = true
	}
	if m.ids != nil {
		class, _ := doc.Find("body").Attr("class")
		if sm := m.ids.FindStringSubmatch(class); sm != nil {
			for _, g := range sm[1:] {
				if id, err := strconv.ParseInt(g, 10, 64); err == nil {
					f.ID = id
					break
				}
			}
		}
	}
	f.Title = text(find(doc, m.Select.Title).First())
	f.Date = readTime(doc, m.Select.Date)
	f.Modified = readTime(doc, m.Select.Modified)
	f.Authors = texts(doc, m.Select.Author)
	f.Categories = texts(doc, m.Select.Categories)
	f.Tags = texts(doc, m.Select.Tags)
	for i, t := range f.Tags {
		f.Tags[i] = termName(t)
	}
	if m.Select.Cover != "" {
		f.Cover, _ = find(doc, m.Select.Cover).First().Attr("src")
	}
	content := find(doc, m.Select.Content).First()
	for _, sel := range m.Remove {
		content.Find(sel).Remove()
	}
	f.Content, _ = content.Html()
	m.fill(doc, &f)
	return f
}

// fill completes what a theme the mapping does not know hides from its
// selectors: the date from the page's markup, then from the text; the
// content from the heuristic's main content. Each is named in f.Filled.
func (m *Mapping) fill(doc *goquery.Document, f *Fields) {
	if len(f.Tags) == 0 && len(f.Categories) == 0 {
		if f.Tags = termLinks(doc); len(f.Tags) > 0 {
			f.Filled = append(f.Filled, "tags")
		}
	}
	if f.Date.IsZero() {
		if f.Date, _ = metaDate(doc); !f.Date.IsZero() {
			f.Filled = append(f.Filled, "date")
		}
	}
	if strings.TrimSpace(f.Content) != "" && !f.Date.IsZero() {
		return
	}
	content, _, date := mainContent(doc, f.Title, f.Date)
	if !date.Equal(f.Date) {
		f.Date = date
		f.Filled = append(f.Filled, "date")
	}
	if strings.TrimSpace(f.Content) == "" && strings.TrimSpace(content) != "" {
		f.Content = content
		f.Filled = append(f.Filled, "content")
	}
}

func text(s *goquery.Selection) string { return fold(s.Text()) }

// fold is s with its runs of white space as one space, trimmed.
func fold(s string) string { return strings.Join(strings.Fields(s), " ") }

// find applies a selector group in order of preference: the first
// alternative that matches anything wins, so that "h1.entry-title, h1"
// never picks the site's banner heading over the post's.
func find(doc *goquery.Document, group string) *goquery.Selection {
	for _, alt := range splitGroup(group) {
		if s := doc.Find(alt); s.Length() > 0 {
			return s
		}
	}
	return doc.Find(group) // empty
}

// splitGroup splits a selector group on its top-level commas.
func splitGroup(group string) []string {
	var out []string
	depth, start := 0, 0
	var quote rune
	for i, r := range group {
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
			}
		case r == '"' || r == '\'':
			quote = r
		case r == '(' || r == '[':
			depth++
		case r == ')' || r == ']':
			depth--
		case r == ',' && depth == 0:
			out = append(out, strings.TrimSpace(group[start:i]))
			start = i + 1
		}
	}
	return append(out, strings.TrimSpace(group[start:]))
}

func texts(doc *goquery.Document, sel string) []string {
	if sel == "" {
		return nil
	}
	var out []string
	seen := map[string]bool{}
	find(doc, sel).Each(func(_ int, s *goquery.Selection) {
		if t := text(s); t != "" && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	})
	return out
}

var timeLayouts = []string{time.RFC3339, "2006-01-02T15:04:05-0700", "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02", "January 2, 2006", "2 January 2006"}

// readTime reads the first element's attributes in order, then its text,
// keeping the offset written there.
func readTime(doc *goquery.Document, f Field) time.Time {
	if f.Selector == "" {
		return time.Time{}
	}
	var out time.Time
	find(doc, f.Selector).EachWithBreak(func(_ int, s *goquery.Selection) bool {
		var vals []string
		for _, a := range strings.Fields(f.Attr) {
			if v, ok := s.Attr(a); ok {
				vals = append(vals, v)
			}
		}
		vals = append(vals, text(s))
		for _, v := range vals {
			if t := parseTime(v); !t.IsZero() {
				out = t
				return false
			}
		}
		return true
	})
	return out
}

func parseTime(v string) time.Time {
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, strings.TrimSpace(v)); err == nil {
			return t
		}
	}
	return time.Time{}
}
