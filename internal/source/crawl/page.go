package crawl

import (
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/blogport/blogport/internal/extract"
	"github.com/blogport/blogport/internal/post"
	"github.com/blogport/blogport/internal/source"
)

var reShortlink = regexp.MustCompile(`[?&](?:p|page_id)=(\d+)`)

// post turns a post or page into a post.Post from the fields the mapping
// found on it; listings give nil. Repairs are noted in notes.
func (r *Reader) post(doc *goquery.Document, page *url.URL, f extract.Fields, notes *[]post.Note) *post.Post {
	if f.Kind == "" || strings.TrimSpace(f.Content) == "" {
		return nil
	}
	link := page.String()
	if canon := extract.Canonical(doc, page); canon != nil {
		link = canon.String()
	}
	p := &post.Post{
		ID: f.ID, Type: f.Kind, Status: "publish", Link: link, Origin: link, Rendered: true,
		Title: source.Repair(notes, link, "title", f.Title), Content: source.Repair(notes, link, "content", f.Content),
		Date: f.Date, DayOnly: dayOnly(f.Date), Modified: f.Modified, Thumbnail: f.Cover, Protected: f.Protected,
	}
	if p.Protected {
		p.Content = "" // only a password form anyway
	}
	if sl, ok := doc.Find(`link[rel="shortlink"]`).Attr("href"); ok {
		p.GUID = sl
		if m := reShortlink.FindStringSubmatch(sl); m != nil && p.ID == 0 {
			p.ID, _ = strconv.ParseInt(m[1], 10, 64)
		}
	}
	if u, err := url.Parse(link); err == nil {
		segs := strings.Split(strings.Trim(u.Path, "/"), "/")
		for i, s := range segs {
			if d, err := url.PathUnescape(s); err == nil {
				segs[i] = d
			}
		}
		p.Slug = slugOf(segs[len(segs)-1], strings.HasSuffix(u.Path, "/"))
		if p.Type == "page" && len(segs) > 1 {
			p.Parents = segs[:len(segs)-1]
		}
	}
	for _, a := range f.Authors {
		p.Authors = append(p.Authors, post.Author{Name: a})
	}
	if len(f.Categories) == 0 && len(f.Tags) == 0 {
		if k, err := post.Normalize(link); err == nil {
			f.Categories = r.terms[k].categories // the feed does not tell categories from tags
		}
	}
	for _, c := range f.Categories {
		p.Categories = append(p.Categories, post.Term{Taxonomy: "category", Name: c, Slug: source.Slug(c)})
	}
	for _, t := range f.Tags {
		p.Tags = append(p.Tags, post.Term{Taxonomy: "post_tag", Name: t, Slug: source.Slug(t)})
	}
	return p
}

// fallbackDate dates a post whose page shows no date blogport reads: as
// the site's feed dates it, else by the day in its address; and gives a
// post whose page shows only its day the feed's time on that day. It
// says how, as filledSays names it, or "" when it changed nothing.
func (r *Reader) fallbackDate(p *post.Post, page *url.URL) string {
	fd := r.terms[normKey(p.Link)].date
	if fd.IsZero() {
		fd = r.terms[normKey(page.String())].date
	}
	switch {
	case p.Date.IsZero() && !fd.IsZero():
		p.Date = fd
		return "feed_date"
	case p.Date.IsZero():
		if d := extract.URLDate(page); !d.IsZero() {
			p.Date, p.DayOnly = d, true
			return "address_date"
		}
	case p.DayOnly && !fd.IsZero() && fd.Format(time.DateOnly) == p.Date.Format(time.DateOnly):
		p.Date, p.DayOnly = fd, false
		return "feed_time"
	}
	return ""
}

// slugOf is the slug a page's last path segment gives: the segment of a
// folder URL (/posts/asp.net-tips/) whole, a file's without its page
// extension (/2024/01/a-post.html); a dot elsewhere is part of the slug.
func slugOf(seg string, folder bool) string {
	switch ext := strings.ToLower(path.Ext(seg)); {
	case folder:
	case ext == ".html" || ext == ".htm" || ext == ".php" || ext == ".aspx" || ext == ".asp" || ext == ".shtml":
		return seg[:len(seg)-len(ext)]
	}
	return seg
}
