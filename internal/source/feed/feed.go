// Package feed reads a blog's posts from its feed (RSS 0.9x/1.0/2.0, Atom,
// JSON Feed) with gofeed, fetched through the polite client, and walks
// back through its history: WordPress's ?paged=N, Atom prev-archive and
// next links (RFC 5005) and JSON Feed next_url.
package feed

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/http"
	"net/url"
	"os"
	"path"
	"regexp"
	"slices"
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

var (
	_ source.Source = (*Reader)(nil)
	_ source.Failer = (*Reader)(nil)
)

// maxPages bounds history walking on feeds that page forever.
const maxPages = 1000

// Reader reads one feed and its older pages.
type Reader struct {
	client *fetch.Client // nil for a feed file
	start  string        // URL or file path
	site   post.Site
	notes  []post.Note
	failed []post.Note  // older pages that could not be read
	wp     bool         // a WordPress feed: history through ?paged=N
	hugo   bool         // a Hugo feed: its default template writes summaries
	first  *gofeed.Feed // the first page, read by Open
	tally  tally        // what the entries read so far were like
}

// Open reads the first page of the feed at start (a URL, or a file when
// client is nil). first, when not nil, is that page as already fetched
// (by discovery), so that it is not asked for twice; its Content-Type
// names the charset as it does for the later pages.
func Open(ctx context.Context, client *fetch.Client, start string, first *fetch.Response) (*Reader, error) {
	r := &Reader{client: client, start: start}
	var f *gofeed.Feed
	var err error
	if first != nil {
		f, err = r.parse(start, first.Body, first.Header.Get("Content-Type"))
	} else {
		f, err = r.load(ctx, start)
	}
	if err != nil {
		return nil, err
	}
	r.first = f
	r.site.Title, r.site.Language = f.Title, f.Language
	r.site.URL = strings.TrimSuffix(f.Link, "/")
	gen := strings.ToLower(f.Generator)
	r.wp, r.hugo = strings.Contains(gen, "wordpress"), strings.Contains(gen, "hugo")
	return r, nil
}

// Site returns what the feed says about the blog.
func (r *Reader) Site() *post.Site { return &r.site }

// Notes returns the repairs made while reading.
func (r *Reader) Notes() []post.Note { return r.notes }

func (r *Reader) load(ctx context.Context, loc string) (*gofeed.Feed, error) {
	if r.client == nil {
		b, err := os.ReadFile(loc)
		if err != nil {
			return nil, fmt.Errorf("feed: %w", err)
		}
		return r.parse(loc, b, "")
	}
	resp, err := r.client.Get(ctx, loc)
	if err != nil {
		return nil, err
	}
	return r.parse(loc, resp.Body, resp.Header.Get("Content-Type"))
}

// parse reads one page of the feed, as UTF-8 whatever its charset.
func (r *Reader) parse(loc string, data []byte, contentType string) (*gofeed.Feed, error) {
	text, note, err := utf8Text(data, contentType)
	if err != nil {
		return nil, fmt.Errorf("feed %s: %w", loc, err)
	}
	if note != "" && !slices.ContainsFunc(r.notes, func(n post.Note) bool { return n.What == note }) {
		r.notes = append(r.notes, post.Note{Where: loc, What: note}) // once a feed, not once a page
	}
	p := gofeed.NewParser()
	p.KeepOriginalFeed = true
	f, err := p.Parse(bytes.NewReader(text))
	if err != nil {
		return nil, fmt.Errorf("feed %s: %w", loc, err)
	}
	return f, nil
}

// Posts yields every item of every page, newest page first, each once,
// then adds the notes that speak of the whole feed.
func (r *Reader) Posts(ctx context.Context) iter.Seq2[*post.Post, error] {
	return func(yield func(*post.Post, error) bool) {
		if r.walk(ctx, yield) {
			r.summaryNotes()
		}
	}
}

// walk yields the entries of each page in turn; false when it stopped
// early: the first page unreadable, or the consumer done.
func (r *Reader) walk(ctx context.Context, yield func(*post.Post, error) bool) bool {
	seen := map[string]bool{}
	visited := map[string]bool{}
	loc, failedInARow := r.start, 0
	for page := 1; loc != "" && !visited[loc]; page++ {
		if page > maxPages {
			r.failed = append(r.failed, post.Note{Where: loc, Code: "feed_page_limit",
				What: fmt.Sprintf("the feed's history goes on past %d pages: the older pages were not read", maxPages)})
			return true
		}
		visited[loc] = true
		f, err := r.first, error(nil)
		if page > 1 {
			f, err = r.load(ctx, loc)
		}
		if err != nil {
			if page == 1 {
				yield(nil, err)
				return false
			}
			if ctx.Err() != nil || r.gone(err) {
				return true // an older page that is gone ends the history
			}
			if loc = r.pageFailed(loc, page, err, &failedInARow); loc == "" {
				return true
			}
			continue
		}
		failedInARow = 0
		fresh, more := r.entries(f, loc, seen, yield)
		if !more {
			return false
		}
		if fresh == 0 || r.client == nil {
			return true
		}
		loc = r.next(f, loc, page)
	}
	return true
}

// entries yields the entries of one page not seen before and counts
// them; more is false when the consumer is done.
func (r *Reader) entries(f *gofeed.Feed, loc string, seen map[string]bool, yield func(*post.Post, error) bool) (fresh int, more bool) {
	for i, it := range f.Items {
		p, fs := r.post(f, i, it, loc)
		// an entry is its link and its id together: entries that share
		// a link (each linking the home page) or an id stay apart
		key := p.Link + "\x00" + p.GUID
		if seen[key] {
			continue
		}
		seen[key] = true
		fresh++
		r.tally.add(fs)
		if !yield(p, nil) {
			return fresh, false
		}
	}
	return fresh, true
}

// gone: the answer that ends a feed's history, a 404 or 410 past its
// last page (WordPress answers 404 to ?paged=N past the end).
func (r *Reader) gone(err error) bool {
	var se *fetch.StatusError
	return errors.As(err, &se) && (se.Status == http.StatusNotFound || se.Status == http.StatusGone)
}

// maxFailedInARow is how many pages of a WordPress feed's history may fail
// one after the other before the walk stops.
const maxFailedInARow = 3

// pageFailed records an older page that could not be read (after the
// fetcher's retries), which makes the run partial: its entries are
// missing. A WordPress feed's history goes on at the next ?paged=N; a
// history told by links (Atom prev-archive, JSON Feed next_url) ends
// there, since the link was on the page. It returns the page to read
// next, "" to stop.
func (r *Reader) pageFailed(loc string, page int, err error, inARow *int) string {
	*inARow++
	next := ""
	if r.wp && *inARow < maxFailedInARow {
		next = r.next(nil, loc, page)
	}
	what := fmt.Sprintf("page %d of the feed could not be read (%v): its entries are missing", page, err)
	switch {
	case next != "":
		what += "; the history goes on at the next page"
	case r.wp:
		what += fmt.Sprintf("; %d pages failed in a row, so the older pages were not read", *inARow)
	default:
		what += "; the link to the older pages was on it, so they were not read"
	}
	r.failed = append(r.failed, post.Note{Where: loc, Code: source.FailureCode(err), What: what})
	return next
}

// Failed returns the pages of the feed's history that could not be read.
func (r *Reader) Failed() []post.Note { return r.failed }

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
	var orig any
	if f != nil {
		orig = f.OriginalFeed()
	}
	switch orig := orig.(type) {
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

// post reads one entry, and what the summary notes count of it.
func (r *Reader) post(f *gofeed.Feed, i int, it *gofeed.Item, loc string) (*post.Post, facts) {
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
	p.Date, p.Modified = Published(it), keepOffset(it.Updated, it.UpdatedParsed)
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
	fs := facts{body: r.bodyKind(f, it), noKey: strings.TrimSpace(it.Link) == "" && strings.TrimSpace(it.GUID) == ""}
	if fs.noKey {
		p.GUID = contentID(p)
	}
	var untold int
	p.Categories, p.Tags, untold = terms(f, i, it)
	fs.wpTerms = r.wp && untold > 0
	return p, fs
}

// contentID names an entry that has no link and no id by a hash of its
// title, date and content, so that it stays a post of its own downstream
// (the archive and the manifest know an item by its GUID and link) and
// keeps its identity across runs.
func contentID(p *post.Post) string {
	h := sha256.Sum256([]byte(p.Title + "\x00" + p.Date.Format(time.RFC3339) + "\x00" + p.Content))
	return "urn:sha256:" + hex.EncodeToString(h[:16])
}

// terms keeps categories and tags apart where the feed says which is
// which: an RSS domain or Atom scheme naming tags, or JSON Feed tags
// (which are the only kind it has). untold counts the terms it kept as
// categories for want of a domain or scheme that says so.
func terms(f *gofeed.Feed, i int, it *gofeed.Item) (cats, tags []post.Term, untold int) {
	add := func(name, kind string) {
		name = strings.TrimSpace(name)
		if name == "" {
			return
		}
		t := post.Term{Taxonomy: "category", Name: name, Slug: source.Slug(name)}
		switch words := kindWords(kind); {
		case words["tag"] || words["tags"]:
			t.Taxonomy = "post_tag"
			tags = append(tags, t)
			return
		case !words["category"] && !words["categories"]:
			untold++
		}
		cats = append(cats, t)
	}
	var orig any
	if f != nil {
		orig = f.OriginalFeed()
	}
	switch orig := orig.(type) {
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
	return cats, tags, untold
}

var reNotLetter = regexp.MustCompile(`[^a-z]+`)

// kindWords splits an RSS domain or Atom scheme into its words:
// "post_tag" and "https://a.example/tags" name tags, a blog address
// such as https://heritage.example/ names nothing.
func kindWords(kind string) map[string]bool {
	words := map[string]bool{}
	for _, w := range reNotLetter.Split(strings.ToLower(kind), -1) {
		words[w] = true
	}
	return words
}

var layouts = []string{time.RFC1123Z, time.RFC1123, time.RFC3339, time.RFC3339Nano, "Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 02 Jan 2006 15:04:05 -0700", "2006-01-02T15:04:05-07:00", time.RFC822Z, time.RFC850}

// Published is when an entry was published, else updated, with the
// offset the feed wrote.
func Published(it *gofeed.Item) time.Time {
	if d := keepOffset(it.Published, it.PublishedParsed); !d.IsZero() {
		return d
	}
	return keepOffset(it.Updated, it.UpdatedParsed)
}

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
