package wxr

import (
	"encoding/xml"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/blogport/blogport/internal/post"
	"github.com/blogport/blogport/internal/wp"
)

// index is what the first pass learns. It grows with the number of terms,
// authors and attachments, not with the size of post content.
type index struct {
	title, link, blogURL string
	language             string
	items                int
	terms                map[termKey]post.Term
	authors              map[string]post.Author
	media                post.Media
	blocks               map[int64]string
	pages                map[int64]pageRef
	parentPages          map[int64]bool
	offsets              map[string]int // "2024-03" → UTC offset in seconds seen that month
}

type pageRef struct {
	slug   string
	parent int64
}

type termKey struct{ taxonomy, slug string }

func newIndex() index {
	return index{
		terms:       map[termKey]post.Term{},
		authors:     map[string]post.Author{},
		blocks:      map[int64]string{},
		pages:       map[int64]pageRef{},
		parentPages: map[int64]bool{},
		offsets:     map[string]int{},
	}
}

// channel-level elements
type wxrAuthor struct {
	Login string `xml:"author_login"`
	Name  string `xml:"author_display_name"`
}

type wxrTerm struct {
	// wp:category
	CatSlug   string `xml:"category_nicename"`
	CatParent string `xml:"category_parent"`
	CatName   string `xml:"cat_name"`
	// wp:tag
	TagSlug string `xml:"tag_slug"`
	TagName string `xml:"tag_name"`
	// wp:term
	Taxonomy   string `xml:"term_taxonomy"`
	TermSlug   string `xml:"term_slug"`
	TermParent string `xml:"term_parent"`
	TermName   string `xml:"term_name"`
}

func (x *index) addChannel(d *xml.Decoder, start xml.StartElement) error {
	switch start.Name.Local {
	case "author":
		var a wxrAuthor
		if err := d.DecodeElement(&a, &start); err != nil {
			return err
		}
		login := strings.TrimSpace(a.Login)
		x.authors[login] = post.Author{Login: login, Name: displayName(a.Name)}
	case "category", "tag", "term":
		var t wxrTerm
		if err := d.DecodeElement(&t, &start); err != nil {
			return err
		}
		var term post.Term
		switch start.Name.Local {
		case "category":
			term = post.Term{Taxonomy: "category", Slug: t.CatSlug, Name: t.CatName, Parent: t.CatParent}
		case "tag":
			term = post.Term{Taxonomy: "post_tag", Slug: t.TagSlug, Name: t.TagName}
		default:
			term = post.Term{Taxonomy: t.Taxonomy, Slug: t.TermSlug, Name: t.TermName, Parent: t.TermParent}
		}
		term.Slug, term.Parent = wp.DecodeSlug(term.Slug), wp.DecodeSlug(term.Parent)
		term.Name = displayName(term.Name)
		if term.Taxonomy == "category" || term.Taxonomy == "post_tag" {
			x.terms[termKey{term.Taxonomy, term.Slug}] = term
		}
	case "title", "link", "base_blog_url", "language":
		var v string
		if err := d.DecodeElement(&v, &start); err != nil {
			return err
		}
		v = strings.TrimSpace(v)
		switch start.Name.Local {
		case "title":
			x.title = firstSet(x.title, v)
		case "link":
			x.link = firstSet(x.link, v)
		case "language":
			x.language = firstSet(x.language, v)
		default:
			x.blogURL = firstSet(x.blogURL, v)
		}
	default:
		return d.Skip()
	}
	return nil
}

func firstSet(cur, v string) string {
	if cur != "" {
		return cur
	}
	return v
}

func (x *index) addItem(it *item) {
	if local, ok := wp.ParseTime(it.PostDate); ok {
		if gmt, ok := wp.ParseTime(it.PostDateGMT); ok {
			if off, ok := wp.Offset(local, gmt); ok {
				x.offsets[local.Format("2006-01")] = off
			}
		}
	}
	switch it.PostType {
	case "attachment":
		variants, original := attachmentVariants(it.meta1("_wp_attachment_metadata"))
		u := strings.TrimSpace(it.AttachmentURL)
		if original != "" && u != "" {
			// WordPress scaled a big upload: attachment_url is the -scaled copy.
			variants = append(variants, u[strings.LastIndexByte(u, '/')+1:])
			u = u[:strings.LastIndexByte(u, '/')+1] + original
		}
		x.media.Add(post.Attachment{
			ID: it.ID, ParentID: it.ParentID, URL: u, Link: strings.TrimSpace(it.Link), Title: displayTitle(it.Title),
			Alt: it.meta1("_wp_attachment_image_alt"), Caption: strings.TrimSpace(it.Excerpt),
			Variants: variants,
		})
	case "page":
		x.pages[it.ID] = pageRef{slug: wp.DecodeSlug(it.Name), parent: it.ParentID}
		x.parentPages[it.ParentID] = true
	}
}

// addBlock records a reusable block, from the pass that reads content.
func (x *index) addBlock(it *item) {
	if it.PostType == "wp_block" && it.Status == "publish" {
		x.blocks[it.ID] = it.Content
	}
}

// date returns the local time carrying the post's own UTC offset. When the
// GMT twin is missing (drafts), it borrows the offset seen in the same
// month, or the nearest month, of the site's other items.
func (x *index) date(local, gmt string) time.Time {
	return wp.PostTime(local, gmt, x.nearestOffset)
}

func (x *index) nearestOffset(t time.Time) int {
	if off, ok := x.offsets[t.Format("2006-01")]; ok {
		return off
	}
	best, bestDist := 0, -1
	for month, off := range x.offsets {
		m, _ := time.Parse("2006-01", month)
		dist := m.Sub(t)
		if dist < 0 {
			dist = -dist
		}
		if bestDist < 0 || dist < time.Duration(bestDist) || (dist == time.Duration(bestDist) && off < best) {
			best, bestDist = off, int(dist)
		}
	}
	return best
}

// parents returns the slugs of a page's ancestors, outermost first.
func (x *index) parents(parent int64) []string {
	var out []string
	for seen := map[int64]bool{}; parent != 0 && !seen[parent]; {
		seen[parent] = true
		ref, ok := x.pages[parent]
		if !ok {
			break
		}
		out = append([]string{ref.slug}, out...)
		parent = ref.parent
	}
	return out
}

func (x *index) author(login string) post.Author {
	if a, ok := x.authors[login]; ok && a.Name != "" {
		return a
	}
	return post.Author{Login: login, Name: login}
}

func (x *index) termList() []post.Term {
	ts := make([]post.Term, 0, len(x.terms))
	for _, t := range x.terms {
		ts = append(ts, t)
	}
	sort.Slice(ts, func(i, j int) bool {
		if ts[i].Taxonomy != ts[j].Taxonomy {
			return ts[i].Taxonomy < ts[j].Taxonomy
		}
		return ts[i].Slug < ts[j].Slug
	})
	return ts
}

func (x *index) authorList() []post.Author {
	as := make([]post.Author, 0, len(x.authors))
	for _, a := range x.authors {
		as = append(as, a)
	}
	sort.Slice(as, func(i, j int) bool { return as[i].Login < as[j].Login })
	return as
}

// comments returns the approved comments as a tree.
func (x *index) comments(cs []comment) []post.Comment {
	var flat []post.Comment
	for _, c := range cs {
		if strings.TrimSpace(c.Approved) != "1" {
			continue
		}
		id, _ := strconv.ParseInt(strings.TrimSpace(c.ID), 10, 64)
		parent, _ := strconv.ParseInt(strings.TrimSpace(c.Parent), 10, 64)
		flat = append(flat, post.Comment{
			ID: id, ParentID: parent, Type: strings.TrimSpace(c.Type),
			Author: strings.TrimSpace(c.Author), AuthorURL: strings.TrimSpace(c.AuthorURL),
			Date: x.date(c.Date, c.DateGMT), Content: c.Content, Approved: true,
		})
	}
	return post.Thread(flat)
}
