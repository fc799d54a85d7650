// Package feed reads a blog's posts from its feed (RSS 0.9x/1.0/2.0, Atom,
// JSON Feed) with gofeed, fetched through the polite client, and walks
// back through its history: WordPress's ?paged=N, Atom prev-archive and
// next links (RFC 5005) and JSON Feed next_url.
package feed

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"iter"
	"net/url"
	"os"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/blogport/blogport/internal/fetch"
	"github.com/blogport/blogport/internal/post"
	"github.com/blogport/blogport/internal/source"
	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
	jsonfeed "github.com/mmcdole/gofeed/json"
	"github.com/mmcdole/gofeed/rss"
)

var _ source.Source = (*Reader)(nil)

// maxPages bounds history walking on feeds that page forever.
const maxPages = 1000

// Reader reads one feed and its older pages.
type Reader struct {
	client *fetch.Client // nil for a feed file
	start  string        // URL or file path
	site   post.Site
	notes  []post.Note
	wp     bool         // a WordPress feed: history through ?paged=N
	first  *gofeed.Feed // the first page, read by Open
}

// Open reads the first page of the feed at start (a URL, or a file when
// client is nil). body, when not nil, is that page as already fetched
// (by discovery), so that it is not asked for twice.
func Open(ctx context.Context, client *fetch.Client, start string, body []byte) (*Reader, error) {
	r := &Reader{client: client, start: start}
	var f *gofeed.Feed
	var err error
	if body != nil {
		f, err = parse(start, body)
	} else {
		f, err = r.load(ctx, start)
	}
	if err != nil {
		return nil, err
	}
	r.first = f
	r.site.Title, r.site.Language = f.Title, f.Language
	r.site.URL = strings.TrimSuffix(f.Link, "/")
	r.wp = strings.Contains(f.Generator, "wordpress.org")
	return r, nil
}

// Site returns what the feed says about the blog.
func (r *Reader) Site() *post.Site { return &r.site }

// Notes returns the repairs made while reading.
func (r *Reader) Notes() []post.Note { return r.notes }

func (r *Reader) load(ctx context.Context, loc string) (*gofeed.Feed, error) {
	var data []byte
	if r.client == nil {
		b, err := os.ReadFile(loc)
		if err != nil {
			return nil, fmt.Errorf("feed: %w", err)
		}
		data = b
	} else {
		resp, err := r.client.Get(ctx, loc)
		if err != nil {
			return nil, err
		}
		data = resp.Body
	}
	return parse(loc, data)
}

func parse(loc string, data []byte) (*gofeed.Feed, error) {
	p := gofeed.NewParser()
	p.KeepOriginalFeed = true
	f, err := p.Parse(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("feed %s: %w", loc, err)
	}
	return f, nil
}

// Posts yields every item of every page, newest page first, each once.
func (r *Reader) Posts(ctx context.Context) iter.Seq2[*post.Post, error] {
	return func(yield func(*post.Post, error) bool) {
		seen := map[string]bool{}
		visited := map[string]bool{}
		loc := r.start
		for page := 1; loc != "" && page <= maxPages && !visited[loc]; page++ {
			visited[loc] = true
			f, err := r.first, error(nil)
			if page > 1 {
				f, err = r.load(ctx, loc)
			}
			if err != nil {
				if page == 1 {
					yield(nil, err)
				}
				return // an older page that is gone ends the history
			}
			fresh := 0
			for i, it := range f.Items {
				p := r.post(f, i, it, loc)
				key := firstNonEmpty(p.GUID, p.Link)
				if seen[key] {
					continue
				}
				seen[key] = true
				fresh++
				if !yield(p, nil) {
					return
				}
			}
			if fresh == 0 || r.client == nil {
				return
			}
			loc = r.next(f, loc, page)
		}
	}
}

// next finds the page after this one.
func (r *Reader) next(f *gofeed.Feed, loc string, page int) string {
	base, _ := url.Parse(loc)
	resolve := func(ref string) string {
		u, err := url.Parse(ref)
		if err != nil || base == nil {
			return ""
		}
		return base.ResolveReference(u).String()
	}
	switch orig := f.OriginalFeed().(type) {
	case *atom.Feed:
		for _, rel := range []string{"prev-archive", "next"} {
			for _, l := range orig.Links {
				if l.Rel == rel && l.Href != "" {
					return resolve(l.Href)
				}
			}
		}
	case *jsonfeed.Feed:
		if orig.NextURL != "" {
			return resolve(orig.NextURL)
		}
	}
	if r.wp && base != nil {
		u := *base
		q := u.Query()
		q.Set("paged", strconv.Itoa(page+1))
		u.RawQuery = q.Encode()
		return u.String()
	}
	return ""
}

var reWPID = regexp.MustCompile(`[?&](?:p|page_id)=(\d+)`)

func (r *Reader) post(f *gofeed.Feed, i int, it *gofeed.Item, loc string) *post.Post {
	where := fmt.Sprintf("%s#item%d", loc, i+1)
	p := &post.Post{
		GUID: it.GUID, Type: "post", Status: "publish", Link: it.Link, Origin: where, Rendered: true,
		Title:   source.Repair(&r.notes, where, "title", strings.TrimSpace(it.Title)),
		Content: source.Repair(&r.notes, where, "content", firstNonEmpty(it.Content, it.Description)),
	}
	if m := reWPID.FindStringSubmatch(it.GUID); m != nil {
		p.ID, _ = strconv.ParseInt(m[1], 10, 64)
	}
	if u, err := url.Parse(it.Link); err == nil {
		if s, err := url.PathUnescape(path.Base(strings.TrimSuffix(u.Path, "/"))); err == nil && s != "." && s != "/" {
			p.Slug = strings.TrimSuffix(s, path.Ext(s))
		}
	}
	p.Date = keepOffset(it.Published, it.PublishedParsed)
	p.Modified = keepOffset(it.Updated, it.UpdatedParsed)
	if p.Date.IsZero() {
		p.Date = p.Modified
	}
	for _, a := range it.Authors {
		if a != nil && a.Name != "" {
			p.Authors = append(p.Authors, post.Author{Name: a.Name})
		}
	}
	if len(p.Authors) == 0 && it.DublinCoreExt != nil {
		for _, c := range it.DublinCoreExt.Creator {
			p.Authors = append(p.Authors, post.Author{Name: c})
		}
	}
	p.Categories, p.Tags = terms(f, i, it)
	return p
}

// terms keeps categories and tags apart where the feed says which is
// which: an RSS domain or Atom scheme naming tags, or JSON Feed tags
// (which are the only kind it has).
func terms(f *gofeed.Feed, i int, it *gofeed.Item) (cats, tags []post.Term) {
	add := func(name, kind string) {
		name = strings.TrimSpace(name)
		if name == "" {
			return
		}
		t := post.Term{Taxonomy: "category", Name: name, Slug: source.Slug(name)}
		if strings.Contains(strings.ToLower(kind), "tag") {
			t.Taxonomy = "post_tag"
			tags = append(tags, t)
			return
		}
		cats = append(cats, t)
	}
	switch orig := f.OriginalFeed().(type) {
	case *rss.Feed:
		if i < len(orig.Items) {
			for _, c := range orig.Items[i].Categories {
				add(c.Value, c.Domain)
			}
			return
		}
	case *atom.Feed:
		if i < len(orig.Entries) {
			for _, c := range orig.Entries[i].Categories {
				add(firstNonEmpty(c.Label, c.Term), c.Scheme)
			}
			return
		}
	case *jsonfeed.Feed:
		for _, c := range it.Categories {
			add(c, "tag")
		}
		return
	}
	for _, c := range it.Categories {
		add(c, "")
	}
	return cats, tags
}

var layouts = []string{time.RFC1123Z, time.RFC1123, time.RFC3339, time.RFC3339Nano, "Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 02 Jan 2006 15:04:05 -0700", "2006-01-02T15:04:05-07:00", time.RFC822Z, time.RFC850}

// keepOffset re-parses a feed date so it keeps the offset it was written
// with; gofeed's parsed times are UTC.
func keepOffset(raw string, parsed *time.Time) time.Time {
	raw = strings.TrimSpace(raw)
	for _, l := range layouts {
		if t, err := time.Parse(l, raw); err == nil {
			if _, off := t.Zone(); off == 0 {
				return t.UTC()
			}
			return t
		}
	}
	if parsed != nil {
		return parsed.UTC()
	}
	return time.Time{}
}

func firstNonEmpty(xs ...string) string {
	for _, x := range xs {
		if strings.TrimSpace(x) != "" {
			return x
		}
	}
	return ""
}

// IsJSONFeed reports whether r holds a JSON Feed: an object whose version
// names jsonfeed.org, wherever the key comes and however its slashes are
// escaped (PHP writes https:\/\/jsonfeed.org\/version\/1.1).
func IsJSONFeed(r io.Reader) bool {
	dec := json.NewDecoder(r)
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return false
	}
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return false
		}
		if k == "version" {
			var v string
			return dec.Decode(&v) == nil && strings.Contains(v, "jsonfeed.org/version")
		}
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			return false
		}
	}
	return false
}
