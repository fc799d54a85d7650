// Package redirects builds, from the manifest alone, the table of every
// address the old site answered to and where each must now land, and
// renders it for web servers and hosts: nginx, Apache, Caddy, Netlify,
// Cloudflare, Vercel, and as JSON and CSV.
package redirects

import (
	"fmt"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/blogport/blogport/internal/archive"
	"github.com/blogport/blogport/internal/post"
)

// Row is one redirect: a request for From (a path) and, when set, a query
// parameter (Query, "p=10") goes to To with Status.
type Row struct {
	From   string `json:"from"`
	Query  string `json:"query,omitempty"`
	To     string `json:"to"`
	Status int    `json:"status"`
	Why    string `json:"why"`
}

// Table is the sorted, deduplicated set of rows. No row points at another
// row's source, and no row points at itself.
type Table struct {
	Rows []Row `json:"rows"`
}

// Options tune the table.
type Options struct {
	Status int // 301 (default) or 308
}

// A row's priority decides which of two rows for the same address wins:
// a post's own addresses before media, archives and feeds.
const (
	prioItem = iota
	prioMedia
	prioArchive
	prioFeed
)

type candidate struct {
	Row
	prio int
}

// Build makes the table for an archive's manifest.
func Build(m *archive.Manifest, opts Options) *Table {
	status := opts.Status
	if status == 0 {
		status = 301
	}
	b := &builder{m: m, status: status, rows: map[string]candidate{}}
	b.items()
	b.media()
	b.archives()
	b.feeds()
	return b.table()
}

type builder struct {
	m      *archive.Manifest
	status int
	rows   map[string]candidate // by From + "?" + Query
}

func (b *builder) add(from, query, to, why string, prio int) {
	if from == "" || to == "" {
		return
	}
	k := from + "?" + query
	if c, ok := b.rows[k]; ok && c.prio <= prio {
		return
	}
	b.rows[k] = candidate{Row{From: from, Query: query, To: to, Status: b.status, Why: why}, prio}
}

// addPath adds a path in every form a link to it takes: decoded and
// percent-encoded, with and without the trailing slash.
func (b *builder) addPath(p, to, why string, prio int) {
	p = post.MergeSlashes(p) // what the server matches
	if p == "" || p == "/" { // the old home is the new home: never redirected away
		return
	}
	forms := []string{p}
	if enc := (&url.URL{Path: p}).EscapedPath(); enc != p {
		forms = append(forms, enc)
	}
	for _, f := range forms {
		b.add(f, "", to, why, prio)
		if strings.HasSuffix(f, "/") && len(f) > 1 {
			b.add(strings.TrimSuffix(f, "/"), "", to, why+" (no trailing slash)", prio)
		} else if !strings.HasSuffix(f, "/") && path.Ext(f) == "" {
			b.add(f+"/", "", to, why+" (trailing slash)", prio)
		}
	}
}

// target is the Location form of a new URL: percent-encoded path.
func target(newURL string) string {
	if newURL == "" {
		return ""
	}
	if u, err := url.Parse(newURL); err == nil && u.IsAbs() {
		return newURL
	}
	return (&url.URL{Path: newURL}).EscapedPath()
}

func (b *builder) items() {
	for _, it := range b.m.Items {
		to := target(it.NewURL)
		if to == "" || it.Status != "publish" {
			continue // drafts and private items have no public address to keep
		}
		for _, raw := range it.OldURLs {
			u, err := url.Parse(raw)
			if err != nil {
				continue
			}
			if u.RawQuery != "" {
				p := u.Path
				if p == "" {
					p = "/"
				}
				b.add(p, u.RawQuery, to, it.Type+" ID", prioItem)
				continue
			}
			b.addPath(u.Path, to, it.Type+" permalink", prioItem)
			if strings.HasSuffix(u.Path, "/") && u.Path != "/" { // pages have comment feeds and pages too
				b.addPath(u.Path+"feed/", to, "the "+it.Type+"'s comment feed", prioItem)
				b.addPath(u.Path+"amp/", to, "AMP version", prioItem)
				if it.Comments != "" {
					b.addPath(u.Path+"comment-page-1/", to, "comment page", prioItem)
				}
			}
		}
	}
}

func (b *builder) media() {
	byURL := map[string]string{}
	byID := map[int64]string{}
	for _, it := range b.m.Items {
		if it.Status != "publish" || it.NewURL == "" {
			continue
		}
		byID[it.ID] = target(it.NewURL)
		for _, a := range it.Assets {
			if a.Path != "" {
				if u := b.m.Layout.MediaURL(it.NewURL, a.Path); u != "" {
					byURL[a.URL] = target(u)
				}
			}
		}
	}
	for _, md := range b.m.Media {
		to, why := byURL[md.URL], "attachment page, to the file"
		if to == "" {
			to, why = byID[md.Parent], "attachment page, to its post"
		}
		if to == "" {
			continue
		}
		if u, err := url.Parse(md.Page); err == nil && md.Page != "" {
			if u.RawQuery != "" {
				b.add(orSlash(u.Path), u.RawQuery, to, why, prioMedia)
			} else {
				b.addPath(u.Path, to, why, prioMedia)
			}
		}
		b.add("/", "attachment_id="+strconv.FormatInt(md.ID, 10), to, why, prioMedia)
	}
}

func orSlash(p string) string {
	if p == "" {
		return "/"
	}
	return p
}

// perPage is WordPress's default number of posts on a list page.
const perPage = 10

func (b *builder) paged(base, to, why string, count int) {
	b.addPath(base, to, why, prioArchive)
	for n := 2; n <= (count+perPage-1)/perPage; n++ {
		b.addPath(fmt.Sprintf("%spage/%d/", base, n), to, why+", page "+strconv.Itoa(n), prioArchive)
	}
	b.addPath(base+"feed/", to, why+" feed", prioFeed)
}

func (b *builder) archives() {
	ls := b.m.Layout.Lists() // the new site's list pages
	counts := map[string]int{}
	dates := map[string]int{}
	authors := map[string]int{}
	public := 0
	for _, it := range b.m.Items {
		if it.Status != "publish" || it.Type != "post" {
			continue
		}
		public++
		for _, c := range it.Categories {
			counts["category/"+c]++
		}
		for _, t := range it.Tags {
			counts["post_tag/"+t]++
		}
		for _, a := range it.Authors {
			authors[a]++
		}
		if d, err := time.Parse(time.RFC3339, it.Date); err == nil {
			dates[d.Format("/2006/")]++
			dates[d.Format("/2006/01/")]++
			dates[d.Format("/2006/01/02/")]++
		}
	}
	bySlug := map[string]string{}
	for _, t := range b.m.Terms {
		bySlug[t.Taxonomy+"/"+t.Slug] = t.Name
	}
	below := belowCounts(b.m.Terms, counts)
	for _, t := range b.m.Terms {
		n := counts[t.Taxonomy+"/"+t.Name]
		switch {
		case t.Taxonomy == "category" && n > 0:
			b.category(t, n, target(ls.Category(t.Name)), "category archive")
		case t.Taxonomy == "category" && below[t.Slug] > 0:
			// WordPress lists the subcategories' posts here; the new site
			// builds no page for a category no post names
			b.category(t, below[t.Slug], target(ls.Posts), "category archive (its posts are in subcategories; no page of its own on the new site)")
		case t.Taxonomy == "post_tag" && n > 0:
			b.paged("/tag/"+t.Slug+"/", target(ls.Tag(t.Name)), "tag archive", n)
		} // a term with no public post has no public archive
	}
	for _, a := range b.m.Authors {
		if n := authors[a.Name]; n > 0 {
			b.paged("/author/"+a.Login+"/", target(ls.Author(a.Name)), "author archive", n)
		}
	}
	for d, n := range dates {
		b.paged(d, target(ls.Posts), "date archive", n)
	}
	for n := 2; n <= (public+perPage-1)/perPage; n++ {
		b.addPath(fmt.Sprintf("/page/%d/", n), target(ls.Home), "home page "+strconv.Itoa(n), prioArchive)
	}
}

// category redirects a category's archive, under its full path of
// parent slugs and under its own slug alone.
func (b *builder) category(t post.Term, n int, to, why string) {
	p := t.Slug
	for _, parent := range ancestors(b.m.Terms, t) {
		p = parent + "/" + p
	}
	b.paged("/category/"+p+"/", to, why, n)
	if p != t.Slug {
		b.paged("/category/"+t.Slug+"/", to, why, n)
	}
}

// belowCounts is, by category slug, how many public posts its
// subcategories hold (theirs and their own subcategories').
func belowCounts(terms []post.Term, counts map[string]int) map[string]int {
	below := map[string]int{}
	for _, t := range terms {
		n := counts["category/"+t.Name]
		if t.Taxonomy != "category" || n == 0 {
			continue
		}
		for _, parent := range ancestors(terms, t) {
			below[parent] += n
		}
	}
	return below
}

// ancestors are the slugs of a category's parents, nearest first (ten at
// most: a loop in a tampered manifest ends there).
func ancestors(terms []post.Term, t post.Term) []string {
	var out []string
	for parent := t.Parent; parent != "" && len(out) < 10; parent = parentOf(terms, parent) {
		out = append(out, parent)
	}
	return out
}

func parentOf(terms []post.Term, slug string) string {
	for _, t := range terms {
		if t.Taxonomy == "category" && t.Slug == slug {
			return t.Parent
		}
	}
	return ""
}

func (b *builder) feeds() {
	feed := target(b.m.Layout.Lists().Feed)
	for _, p := range []string{"/feed/", "/feed/rss2/", "/feed/atom/", "/feed/rdf/", "/feed/rss/", "/comments/feed/", "/wp-atom.php", "/wp-rss2.php"} {
		b.addPath(p, feed, "site feed", prioFeed)
	}
	for _, q := range []string{"feed=rss2", "feed=atom", "feed=rss"} {
		b.add("/", q, feed, "site feed", prioFeed)
	}
}

// table resolves chains (a target that is itself redirected is followed to
// its end), drops rows that would point at themselves, and sorts.
func (b *builder) table() *Table {
	final := func(to string) (string, bool) {
		seen := map[string]bool{}
		for !seen[to] {
			seen[to] = true
			c, ok := b.rows[to+"?"]
			if !ok || samePath(c.From, c.To) {
				return to, true
			}
			to = c.To
		}
		return "", false // a loop
	}
	t := &Table{}
	for _, c := range b.rows {
		r := c.Row
		to, ok := final(r.To)
		if !ok || r.Query == "" && samePath(r.From, to) {
			continue // a loop, or the address already lands where it should
		}
		r.To = to
		t.Rows = append(t.Rows, r)
	}
	sort.Slice(t.Rows, func(i, j int) bool {
		if t.Rows[i].From != t.Rows[j].From {
			return t.Rows[i].From < t.Rows[j].From
		}
		return t.Rows[i].Query < t.Rows[j].Query
	})
	return t
}

func samePath(a, b string) bool {
	da, _ := url.PathUnescape(a)
	db, _ := url.PathUnescape(b)
	return da == db
}
