// Package merge makes one source of several that saw the same site (an
// export, the REST API, a feed, a crawl): items are matched on WordPress
// ID, GUID and permalink, and for every field the richest value wins. It
// holds the items of all sources in memory while it matches them.
package merge

import (
	"cmp"
	"context"
	"iter"
	"strconv"
	"strings"
	"time"

	"github.com/blogport/blogport/internal/post"
	"github.com/blogport/blogport/internal/source"
)

var _ source.Source = (*Merged)(nil)

// Merged is the union of several sources.
type Merged struct {
	srcs []source.Source
	site post.Site
}

// New merges srcs; the first source's site details come first.
func New(srcs ...source.Source) *Merged {
	m := &Merged{srcs: srcs}
	terms := map[string]bool{}
	for _, s := range srcs {
		site := s.Site()
		if m.site.Title == "" {
			m.site.Title = site.Title
		}
		m.site.URL = cmp.Or(m.site.URL, site.URL)
		m.site.Language = cmp.Or(m.site.Language, site.Language)
		m.site.TimeZone = cmp.Or(m.site.TimeZone, site.TimeZone)
		for _, t := range site.Terms {
			if k := t.Taxonomy + "/" + t.Slug; !terms[k] {
				terms[k] = true
				m.site.Terms = append(m.site.Terms, t)
			}
		}
		m.site.Authors = append(m.site.Authors, site.Authors...)
		m.site.Media.Merge(&site.Media)
		if m.site.Blocks == nil {
			m.site.Blocks = site.Blocks
		}
	}
	return m
}

// Site returns the merged site details.
func (m *Merged) Site() *post.Site { return &m.site }

// Notes returns every source's notes.
func (m *Merged) Notes() []post.Note {
	var out []post.Note
	for _, s := range m.srcs {
		out = append(out, s.Notes()...)
	}
	return out
}

// Failed returns what every source could not get.
func (m *Merged) Failed() []post.Note {
	var out []post.Note
	for _, s := range m.srcs {
		out = append(out, source.Failures(s)...)
	}
	return out
}

// Posts reads every source, then yields each item once, merged, in the
// order it was first seen.
func (m *Merged) Posts(ctx context.Context) iter.Seq2[*post.Post, error] {
	return func(yield func(*post.Post, error) bool) {
		var groups []*post.Post
		index := map[string]int{}
		for _, s := range m.srcs {
			for p, err := range s.Posts(ctx) {
				if err != nil {
					yield(nil, err)
					return
				}
				keys := keysOf(p)
				g := -1
				for _, k := range keys {
					if i, ok := index[k]; ok {
						g = i
						break
					}
				}
				if g < 0 {
					g = len(groups)
					groups = append(groups, p)
				} else {
					groups[g] = Richest(groups[g], p)
				}
				for _, k := range keysOf(groups[g]) {
					index[k] = g
				}
				for _, k := range keys {
					index[k] = g
				}
			}
		}
		for _, p := range groups {
			if !yield(p, nil) {
				return
			}
		}
	}
}

func keysOf(p *post.Post) []string {
	var keys []string
	if p.ID != 0 {
		keys = append(keys, p.Type+"#"+strconv.FormatInt(p.ID, 10))
	}
	for _, u := range []string{p.GUID, p.Link} {
		if k, ok := post.LinkKey(u); ok {
			keys = append(keys, "url:"+k)
		}
	}
	return keys
}

// Richest merges two records of one item field by field: the longer
// text, the date that carries an offset, the longer list; anything that
// makes an item non-public wins, so merging never publishes what one
// source knew to be private.
func Richest(a, b *post.Post) *post.Post {
	out := *a
	out.ID = cmp.Or(a.ID, b.ID)
	out.GUID = cmp.Or(a.GUID, b.GUID)
	out.Type = cmp.Or(a.Type, b.Type)
	out.Title = cmp.Or(a.Title, b.Title)
	out.Slug = cmp.Or(a.Slug, b.Slug)
	out.Link = cmp.Or(a.Link, b.Link)
	if len(strings.TrimSpace(b.Excerpt)) > len(strings.TrimSpace(a.Excerpt)) {
		out.Excerpt = b.Excerpt
	}
	out.Thumbnail = cmp.Or(a.Thumbnail, b.Thumbnail)
	out.Origin = a.Origin + " + " + b.Origin
	// editor source beats rendered HTML; otherwise the longer content
	if (a.Rendered && !b.Rendered && b.Content != "") || (a.Rendered == b.Rendered && len(b.Content) > len(a.Content)) {
		out.Content, out.Rendered, out.Footnotes = b.Content, b.Rendered, b.Footnotes
	}
	out.Date, out.DayOnly = richerDate(a, b)
	out.Modified = richerTime(a.Modified, b.Modified)
	out.Authors = longer(a.Authors, b.Authors)
	out.Categories = longer(a.Categories, b.Categories)
	out.Tags = longer(a.Tags, b.Tags)
	out.OldSlugs = longer(a.OldSlugs, b.OldSlugs)
	out.Parents = longer(a.Parents, b.Parents)
	out.Comments = longer(a.Comments, b.Comments)
	out.HasChildren = a.HasChildren || b.HasChildren
	out.Protected = a.Protected || b.Protected
	out.Status = cmp.Or(a.Status, b.Status)
	if out.Status == "publish" && b.Status != "" && b.Status != "publish" {
		out.Status = b.Status
	}
	return &out
}

// longer is b when it holds more than a.
func longer[T any](a, b []T) []T {
	if len(b) > len(a) {
		return b
	}
	return a
}

// richerDate is the post's date as a and b know it: richerTime's pick,
// except that a time of day beats a day alone.
func richerDate(a, b *post.Post) (time.Time, bool) {
	switch {
	case a.Date.IsZero():
		return b.Date, b.DayOnly
	case a.DayOnly && !b.DayOnly && !b.Date.IsZero() && b.Date.Format(time.DateOnly) == a.Date.Format(time.DateOnly):
		return b.Date, false
	case b.DayOnly && !a.DayOnly:
		return a.Date, false
	}
	return richerTime(a.Date, b.Date), a.DayOnly
}

// richerTime is x, unless x is missing, or y is the same instant with the
// post's own offset where x only knew UTC.
func richerTime(x, y time.Time) time.Time {
	_, xo := x.Zone()
	_, yo := y.Zone()
	switch {
	case x.IsZero():
		return y
	case y.IsZero():
		return x
	case xo == 0 && yo != 0 && x.Equal(y):
		return y
	}
	return x
}
