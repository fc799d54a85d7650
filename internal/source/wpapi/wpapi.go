// Package wpapi reads a live WordPress site through its REST API
// (/wp-json/wp/v2): posts, pages, categories, tags, users, media and
// approved comments, paginated 100 at a time. Without credentials it reads
// what the public sees (rendered content); with an application password
// it reads the editor source (context=edit) and, when asked, drafts and
// private items.
package wpapi

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"html"
	"iter"
	"net/http"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // site time zones by name, whatever the host has

	"github.com/blogport/blogport/internal/fetch"
	"github.com/blogport/blogport/internal/normalize"
	"github.com/blogport/blogport/internal/post"
	"github.com/blogport/blogport/internal/source"
	"github.com/blogport/blogport/internal/wp"
)

var _ source.Source = (*Reader)(nil)

// Credentials are a WordPress user and application password. They come
// from the environment only and are never logged or written.
type Credentials struct {
	User, Password string
}

// Options configure a Reader.
type Options struct {
	Credentials    *Credentials
	Drafts         bool // with credentials: also draft, pending and future items
	IncludePrivate bool // with credentials: also private items
}

// Reader reads one site.
type Reader struct {
	client *fetch.Client
	root   *url.URL // API root, e.g. https://blog.example.com/wp-json/
	opts   Options
	site   post.Site
	users  map[int64]post.Author
	terms  map[int64]post.Term
	pages  map[int64]pageRef
	parent map[int64]bool
	notes  []post.Note
	failed []post.Note // pages of listings that could not be read (see pageFailed)
	cmts   map[int64][]post.Comment
	zone   func(time.Time) int // the site's UTC offset at a local time, for items without a GMT date
}

type pageRef struct {
	slug   string
	parent int64
}

// ErrNoAPI means the site has no readable REST API (closed, blocked or
// not WordPress); the crawler is the fallback.
var ErrNoAPI = errors.New("WordPress REST API not available")

// ErrRejected means the site refused the credentials given (401 or 403):
// never a reason to read the site another way, which would quietly leave
// out the drafts and private posts they were given for.
var ErrRejected = errors.New("the WordPress REST API refused the credentials in BLOGPORT_WP_USER and BLOGPORT_WP_APP_PASSWORD (check the user name and the application password, made under Users → Profile → Application Passwords)")

// Open reads the site's indexes: users, terms, pages, media and comments.
// root is the API root the site advertises (https://host/wp-json/).
func Open(ctx context.Context, client *fetch.Client, root string, opts Options) (*Reader, error) {
	u, err := url.Parse(root)
	if err != nil {
		return nil, fmt.Errorf("wpapi: %w", err)
	}
	r := &Reader{client: client, root: u, opts: opts,
		users: map[int64]post.Author{}, terms: map[int64]post.Term{}, pages: map[int64]pageRef{},
		parent: map[int64]bool{}, cmts: map[int64][]post.Comment{}}
	var info struct {
		Name      string  `json:"name"`
		Home      string  `json:"home"`
		URL       string  `json:"url"`
		Timezone  string  `json:"timezone_string"`
		GMTOffset float64 `json:"gmt_offset"`
	}
	if err := r.getJSON(ctx, r.endpoint("", nil), &info); err != nil {
		return nil, r.unreadable(err)
	}
	r.site.Title = html.UnescapeString(info.Name)
	r.site.URL = strings.TrimSuffix(cmp.Or(info.Home, info.URL), "/")
	r.zone = func(time.Time) int { return int(info.GMTOffset * 3600) }
	if loc, err := time.LoadLocation(info.Timezone); err == nil && info.Timezone != "" {
		r.site.TimeZone = info.Timezone
		r.zone = func(local time.Time) int {
			_, off := time.Date(local.Year(), local.Month(), local.Day(), local.Hour(), local.Minute(), local.Second(), 0, loc).Zone()
			return off
		}
	}
	// Posts must be readable, or the API is closed (401/403) or absent.
	if _, err := r.page(ctx, "posts", url.Values{"per_page": {"1"}, "_fields": {"id"}}, 1); err != nil {
		return nil, r.unreadable(err)
	}
	if err := r.readIndexes(ctx); err != nil {
		return nil, err
	}
	return r, nil
}

// unreadable is the error of an API Open could not read: ErrRejected when
// credentials were given and refused, else ErrNoAPI.
func (r *Reader) unreadable(err error) error {
	var se *fetch.StatusError
	if r.opts.Credentials != nil && errors.As(err, &se) && (se.Status == http.StatusUnauthorized || se.Status == http.StatusForbidden) {
		return fmt.Errorf("%w: %v", ErrRejected, err)
	}
	return fmt.Errorf("%w: %v", ErrNoAPI, err)
}

// Site returns the site's indexes.
func (r *Reader) Site() *post.Site { return &r.site }

// Notes returns the repairs made while reading.
func (r *Reader) Notes() []post.Note { return r.notes }

// Failed returns the pages of listings that could not be read, past the
// first page of each.
func (r *Reader) Failed() []post.Note { return r.failed }

func (r *Reader) endpoint(route string, q url.Values) string {
	u := *r.root
	if u.Query().Has("rest_route") { // plain permalinks: ?rest_route=/wp/v2/posts
		v := u.Query()
		v.Set("rest_route", "/"+strings.TrimPrefix(route, "/"))
		for k, vs := range q {
			v[k] = vs
		}
		u.RawQuery = v.Encode()
		return u.String()
	}
	u.Path = strings.TrimSuffix(u.Path, "/") + "/" + strings.TrimPrefix(route, "/")
	if route == "" {
		u.Path = strings.TrimSuffix(u.Path, "/") + "/"
	}
	u.RawQuery = q.Encode()
	return u.String()
}

func (r *Reader) request(ctx context.Context, rawURL string) (*fetch.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, err
	}
	if c := r.opts.Credentials; c != nil {
		req.SetBasicAuth(c.User, c.Password)
	}
	return r.client.Do(req)
}

func (r *Reader) getJSON(ctx context.Context, rawURL string, v any) error {
	resp, err := r.request(ctx, rawURL)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(resp.Body, v); err != nil {
		return fmt.Errorf("GET %s: not the JSON the REST API sends: %w", rawURL, err)
	}
	return nil
}

// page fetches one page of a collection and returns the total page count.
func (r *Reader) page(ctx context.Context, route string, q url.Values, n int) (*fetch.Response, error) {
	q = cloneValues(q)
	q.Set("page", strconv.Itoa(n))
	if r.opts.Credentials != nil {
		q.Set("context", "edit")
	}
	return r.request(ctx, r.endpoint("wp/v2/"+route, q))
}

func cloneValues(q url.Values) url.Values {
	out := url.Values{}
	for k, v := range q {
		out[k] = append([]string(nil), v...)
	}
	return out
}

type rendered struct {
	Rendered  string `json:"rendered"`
	Raw       string `json:"raw"`
	Protected bool   `json:"protected"`
}

func (r *Reader) readIndexes(ctx context.Context) error {
	r.readUsers(ctx)
	for _, read := range []func(context.Context) error{r.readTerms, r.readPages, r.readMedia} {
		if err := read(ctx); err != nil {
			return err
		}
	}
	r.readComments(ctx)
	return nil
}

// readUsers reads the authors; a closed endpoint is a note.
func (r *Reader) readUsers(ctx context.Context) {
	for u, err := range each[struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
		Slug string `json:"slug"`
	}](ctx, r, "users", nil) {
		if err != nil {
			// the users endpoint is often closed on hardened sites; names then come from the posts' pages
			r.notes = append(r.notes, post.Note{Where: r.root.String(), What: "author list not readable: " + err.Error()})
			break
		}
		r.users[u.ID] = post.Author{Login: u.Slug, Name: html.UnescapeString(u.Name)}
		r.site.Authors = append(r.site.Authors, r.users[u.ID])
	}
}

// readTerms reads the categories and tags, with their parents.
func (r *Reader) readTerms(ctx context.Context) error {
	type termJSON struct {
		ID     int64  `json:"id"`
		Name   string `json:"name"`
		Slug   string `json:"slug"`
		Parent int64  `json:"parent"`
	}
	for _, tax := range []struct{ route, name string }{{"categories", "category"}, {"tags", "post_tag"}} {
		var list []termJSON
		for t, err := range each[termJSON](ctx, r, tax.route, nil) {
			if err != nil {
				return err
			}
			list = append(list, t)
		}
		slugs := map[int64]string{}
		for _, t := range list {
			slugs[t.ID] = wp.DecodeSlug(t.Slug)
		}
		for _, t := range list {
			term := post.Term{Taxonomy: tax.name, Name: html.UnescapeString(t.Name), Slug: wp.DecodeSlug(t.Slug), Parent: slugs[t.Parent]}
			r.terms[t.ID] = term
			r.site.Terms = append(r.site.Terms, term)
		}
	}
	return nil
}

// readPages reads the page tree, for pages' parent paths.
func (r *Reader) readPages(ctx context.Context) error {
	for p, err := range each[struct {
		ID     int64  `json:"id"`
		Slug   string `json:"slug"`
		Parent int64  `json:"parent"`
	}](ctx, r, "pages", url.Values{"_fields": {"id,slug,parent"}, "status": {r.statuses()}}) {
		if err != nil {
			return err
		}
		r.pages[p.ID] = pageRef{slug: wp.DecodeSlug(p.Slug), parent: p.Parent}
		r.parent[p.Parent] = true
	}
	return nil
}

// readMedia reads the media library, with every resized variant.
func (r *Reader) readMedia(ctx context.Context) error {
	type mediaJSON struct {
		ID        int64    `json:"id"`
		Post      int64    `json:"post"`
		Link      string   `json:"link"`
		SourceURL string   `json:"source_url"`
		AltText   string   `json:"alt_text"`
		Title     rendered `json:"title"`
		Caption   rendered `json:"caption"`
		Details   struct {
			File          string `json:"file"`
			OriginalImage string `json:"original_image"`
			Sizes         map[string]struct {
				SourceURL string `json:"source_url"`
				File      string `json:"file"`
			} `json:"sizes"`
		} `json:"media_details"`
	}
	for m, err := range each[mediaJSON](ctx, r, "media", nil) {
		if err != nil {
			return err
		}
		a := post.Attachment{ID: m.ID, ParentID: m.Post, URL: m.SourceURL, Link: m.Link, Alt: m.AltText,
			Title: normalize.PlainText(m.Title.Rendered), Caption: normalize.PlainText(m.Caption.Rendered)}
		if m.Details.OriginalImage != "" && m.SourceURL != "" {
			a.Variants = append(a.Variants, path.Base(m.SourceURL))
			a.URL = m.SourceURL[:strings.LastIndexByte(m.SourceURL, '/')+1] + m.Details.OriginalImage
		}
		for _, s := range m.Details.Sizes {
			a.Variants = append(a.Variants, cmp.Or(s.File, path.Base(s.SourceURL)))
		}
		r.site.Media.Add(a)
	}
	return nil
}

// readComments reads the approved comments, threaded; comments switched
// off site-wide are a note.
func (r *Reader) readComments(ctx context.Context) {
	type commentJSON struct {
		ID        int64    `json:"id"`
		Post      int64    `json:"post"`
		Parent    int64    `json:"parent"`
		Author    string   `json:"author_name"`
		AuthorURL string   `json:"author_url"`
		Date      string   `json:"date"`
		DateGMT   string   `json:"date_gmt"`
		Content   rendered `json:"content"`
		Status    string   `json:"status"`
		Type      string   `json:"type"`
	}
	flat := map[int64][]post.Comment{}
	for c, err := range each[commentJSON](ctx, r, "comments", nil) {
		if err != nil {
			// comments can be switched off site-wide; posts still come
			r.notes = append(r.notes, post.Note{Where: r.root.String(), What: "comments not readable: " + err.Error()})
			break
		}
		if c.Status != "" && c.Status != "approved" {
			continue
		}
		flat[c.Post] = append(flat[c.Post], post.Comment{
			ID: c.ID, ParentID: c.Parent, Type: c.Type, Author: html.UnescapeString(c.Author), AuthorURL: c.AuthorURL,
			Date: wp.PostTime(c.Date, c.DateGMT, r.zone), Content: c.Content.Rendered, Approved: true,
		})
	}
	for id, cs := range flat {
		r.cmts[id] = post.Thread(cs)
	}
}

// statuses is the status filter: published only, unless the user asked
// for more and can see it.
func (r *Reader) statuses() string {
	if r.opts.Credentials == nil {
		return "publish"
	}
	s := []string{"publish"}
	if r.opts.Drafts {
		s = append(s, "draft", "pending", "future")
	}
	if r.opts.IncludePrivate {
		s = append(s, "private")
	}
	return strings.Join(s, ",")
}

type itemJSON struct {
	ID            int64           `json:"id"`
	Date          string          `json:"date"`
	DateGMT       string          `json:"date_gmt"`
	Modified      string          `json:"modified"`
	ModifiedGMT   string          `json:"modified_gmt"`
	GUID          rendered        `json:"guid"`
	Slug          string          `json:"slug"`
	Status        string          `json:"status"`
	Type          string          `json:"type"`
	Link          string          `json:"link"`
	Title         rendered        `json:"title"`
	Content       rendered        `json:"content"`
	Excerpt       rendered        `json:"excerpt"`
	Author        int64           `json:"author"`
	FeaturedMedia int64           `json:"featured_media"`
	Parent        int64           `json:"parent"`
	Categories    []int64         `json:"categories"`
	Tags          []int64         `json:"tags"`
	Password      string          `json:"password"`
	Meta          json.RawMessage `json:"meta"` // an object, or [] when empty (PHP)
}

// Posts yields every post, then every page.
func (r *Reader) Posts(ctx context.Context) iter.Seq2[*post.Post, error] {
	return func(yield func(*post.Post, error) bool) {
		for _, route := range []string{"posts", "pages"} {
			q := url.Values{"status": {r.statuses()}, "orderby": {"id"}, "order": {"asc"}}
			for it, err := range each[itemJSON](ctx, r, route, q) {
				if err != nil {
					yield(nil, err)
					return
				}
				if !yield(r.post(&it), nil) {
					return
				}
			}
		}
	}
}

func (r *Reader) post(it *itemJSON) *post.Post {
	where := r.endpoint(fmt.Sprintf("wp/v2/%ss/%d", it.Type, it.ID), nil)
	p := &post.Post{
		ID: it.ID, GUID: html.UnescapeString(it.GUID.Rendered), Type: it.Type, Status: it.Status,
		Protected: it.Content.Protected || it.Password != "",
		Title:     source.Repair(&r.notes, where, "title", normalize.PlainText(cmp.Or(it.Title.Raw, it.Title.Rendered))),
		Slug:      wp.DecodeSlug(it.Slug), Link: it.Link, ParentID: it.Parent, Origin: where,
		Date:     wp.PostTime(it.Date, it.DateGMT, r.zone),
		Modified: wp.PostTime(it.Modified, it.ModifiedGMT, r.zone),
	}
	if it.Content.Raw != "" || it.Content.Rendered == "" && r.opts.Credentials != nil {
		p.Content = it.Content.Raw // editor source, like an export
	} else {
		p.Content, p.Rendered = it.Content.Rendered, true
	}
	p.Content = source.Repair(&r.notes, where, "content", p.Content)
	p.Excerpt = source.Repair(&r.notes, where, "excerpt", cmp.Or(it.Excerpt.Raw, excerptIfWritten(it, p.Content)))
	if a, ok := r.users[it.Author]; ok {
		p.Authors = []post.Author{a}
	}
	for _, id := range it.Categories {
		if t, ok := r.terms[id]; ok {
			p.Categories = append(p.Categories, t)
		}
	}
	for _, id := range it.Tags {
		if t, ok := r.terms[id]; ok {
			p.Tags = append(p.Tags, t)
		}
	}
	if a, ok := r.site.Media.Attachment(it.FeaturedMedia); ok {
		p.Thumbnail = a.URL
	}
	var meta struct {
		Footnotes string `json:"footnotes"`
	}
	if json.Unmarshal(it.Meta, &meta) == nil && meta.Footnotes != "" {
		_ = json.Unmarshal([]byte(meta.Footnotes), &p.Footnotes)
	}
	if p.Type == "page" {
		for seen, id := map[int64]bool{}, it.Parent; id != 0 && !seen[id]; id = r.pages[id].parent {
			seen[id] = true
			ref, ok := r.pages[id]
			if !ok {
				break
			}
			p.Parents = append([]string{ref.slug}, p.Parents...)
		}
		p.HasChildren = r.parent[it.ID]
	}
	p.Comments = r.cmts[it.ID]
	if p.Protected {
		p.Content, p.Excerpt, p.Comments = "", "", nil // never keep what a password guarded
	}
	return p
}

// excerptIfWritten keeps the rendered excerpt only when the author wrote
// it: WordPress otherwise shows the first words of the content, followed by
// "[&hellip;]" when it cut them.
var reAutoExcerpt = regexp.MustCompile(`(?:\[&hellip;\]|&hellip;|…|\[…\])\s*(?:</p>)?\s*$`)

func excerptIfWritten(it *itemJSON, content string) string {
	ex := it.Excerpt.Rendered
	if reAutoExcerpt.MatchString(ex) {
		return ""
	}
	words, body := strings.Fields(normalize.PlainText(ex)), strings.Fields(normalize.PlainText(content))
	n := min(len(words), 10)
	if n == 0 || len(body) >= n && strings.Join(words[:n], " ") == strings.Join(body[:n], " ") {
		return "" // starts like the content: WordPress made it
	}
	return ex
}
