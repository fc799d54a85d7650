// Package crawl reads a site by crawling it with colly, driven by a site
// mapping: discovery through sitemaps (robots.txt Sitemap: lines and the
// mapping's usual places), feeds and the start pages, then the links of
// the pages the mapping says to walk (posts, pages, the listings its
// follow patterns name), each post page read with the mapping's
// selectors. Every request goes through the polite fetch client, and every
// page that could not be read is a note.
package crawl

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"maps"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/blogport/blogport/internal/extract"
	"github.com/blogport/blogport/internal/fetch"
	"github.com/blogport/blogport/internal/post"
	"github.com/blogport/blogport/internal/source"
)

var _ source.Source = (*Reader)(nil)

// maxPages bounds a crawl: the first maxPages URLs in discovery order are
// visited, every other one found is a note. A variable for the tests.
var maxPages = 20000

// Reader crawls one site.
type Reader struct {
	why     string
	client  *fetch.Client
	start   *fetch.Response // the start page as route discovery fetched it
	base    *url.URL
	mapping *extract.Mapping
	site    post.Site
	notes   []post.Note

	// what discovery found, read once per Reader (see discover)
	discovered bool
	seeds      []seed
	seedNotes  []post.Note
	terms      map[string]feedTerms // by normalized link, from the site's feeds
	shapes     map[string]int       // the feeds' items by the shape of their address (extract.Shape)
	feedLinks  []string             // the feeds' items, in order

	evidence map[extract.Why]int // pages whose kind the evidence decided, by why
	dayOnly  int                 // posts whose page gives only their day
	filled   map[string]int      // posts by a field found another way than the mapping's selectors (see filledSays)
	read     map[string]int      // pages read, by what they turned out to be
}

// Open reads the site's title, and with a nil mapping chooses the mapping
// (see extract.Choose; Why says which and why), from the start page as it
// was already fetched by the caller's discovery. The crawl never asks the
// site for that page again.
func Open(_ context.Context, client *fetch.Client, start *fetch.Response, m *extract.Mapping) (*Reader, error) {
	if start == nil || start.URL == nil {
		return nil, errors.New("crawl: no start page")
	}
	u := start.URL
	r := &Reader{client: client, start: start, base: u, mapping: m, terms: map[string]feedTerms{}, shapes: map[string]int{}, evidence: map[extract.Why]int{}, filled: map[string]int{}, read: map[string]int{}}
	r.site.URL = strings.TrimSuffix(u.Scheme+"://"+u.Host+u.Path, "/")
	text, err := start.Text()
	if err != nil {
		return nil, fmt.Errorf("crawl %s: %w", u, err)
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(text))
	if err != nil {
		return nil, fmt.Errorf("crawl %s: %w", u, err)
	}
	r.site.Title = strings.TrimSpace(doc.Find("title").First().Text())
	r.site.Language = strings.TrimSpace(doc.Find("html").AttrOr("lang", ""))
	if r.mapping == nil {
		gen, _ := doc.Find(`meta[name="generator"]`).First().Attr("content")
		r.mapping, r.why = extract.Choose(text, gen)
	} else {
		r.why = "the " + m.Name + " mapping, as asked"
	}
	return r, nil
}

// Why says which mapping reads the pages, and why.
func (r *Reader) Why() string { return r.why }

// Site returns what the crawl knows about the site.
func (r *Reader) Site() *post.Site { return &r.site }

// Notes returns the repairs and skips of the last crawl: every URL found
// that could not be read, and why.
func (r *Reader) Notes() []post.Note { return r.notes }

// Posts crawls and yields every post and page found, once each, in the
// order the crawl found their pages (breadth first from the seeds),
// whatever order the parallel visits end in: the queue is handed out in
// order to as many workers as the fetch client opens connections to a
// host, and each visit's results are taken in queue order (a visit that
// ends early waits for those before it), so the queue, the posts and the
// notes are the same on every run of the same site, at any concurrency.
//
// Memory: the queue keeps every URL found, and the pages read ahead of
// the one taken in next are held (windowPerConn a connection).
func (r *Reader) Posts(ctx context.Context) iter.Seq2[*post.Post, error] {
	return func(yield func(*post.Post, error) bool) {
		r.discover(ctx)
		r.notes = slices.Clone(r.seedNotes)
		if err := ctx.Err(); err != nil {
			yield(nil, err)
			return
		}
		cr := r.newCrawl(ctx)
		defer cr.stop()
		for _, s := range r.seeds {
			cr.push(s.url, s.walk)
		}
		seen := map[string]bool{}
		exported := map[string]bool{} // by normalized link
		for i := 0; i < cr.limit(); i++ {
			j := cr.take(i)
			if ctx.Err() != nil {
				yield(nil, ctx.Err())
				return
			}
			cr.settle(j)
			p := j.post
			j.post = nil
			if p == nil {
				continue
			}
			key := strconv.FormatInt(p.ID, 10) + p.Link
			if seen[key] {
				continue
			}
			seen[key] = true
			if k, err := post.Normalize(p.Link); err == nil {
				exported[k] = true
			}
			if !yield(p, nil) {
				return
			}
		}
		for _, j := range cr.queue[cr.limit():] {
			r.notes = append(r.notes, post.Note{Where: j.url, What: fmt.Sprintf("page_cap: found, but the crawl stops at %d pages", maxPages)})
		}
		cr.crossCheck(exported)
		r.summaryNotes()
	}
}

// evidenceSays is what each way the evidence decides says in a note.
var evidenceSays = map[extract.Why]string{
	extract.ListingAddress:   "pages the %s mapping took for posts or pages are listings by their address (a term, date or pagination archive): not exported, their links followed",
	extract.ListingSummaries: "pages the %s mapping took for posts or pages are listings (several article summaries side by side): not exported, their links followed",
	extract.PostInFeed:       "pages the %s mapping did not take for posts are posts: the site's feed lists them",
	extract.PostOpenGraph:    "pages the %s mapping did not take for posts are posts: their Open Graph type is article",
	extract.PostJSONLD:       "pages the %s mapping did not take for posts are posts: their schema.org markup says article",
	extract.PostHEntry:       "pages the %s mapping did not take for posts are posts: each is one dated h-entry",
	extract.ListingDated:     "pages the %s mapping took for posts or pages are listings (mostly a list of dated links): not exported, their links followed",
	extract.ListingLinks:     "pages the %s mapping took for posts or pages are listings (mostly links to the feed's posts or to the pages under their address): not exported, their links followed",
	extract.ListingHome:      "pages the %s mapping took for posts are the site's home, which lists the posts: not exported, its links followed",
	extract.VariantOf:        "pages the %s mapping took for posts or pages name another page of the site as their canonical one (a post's second page, a reply address): not exported, their canonical page is",
	extract.LaterPage:        "pages are the second or later pages of a post split into pages (<!--nextpage-->): not exported, and their text is not in the post (the REST route or an export has the whole post)",
	extract.PostURLShape:     "pages the %s mapping did not take for posts are posts: each is dated, at an address shaped like those of the posts the site's feed lists",
}

// filledSays is what each field found another way says in a note.
var filledSays = map[string]string{
	"date":         "posts whose date the %s mapping's selectors did not find are dated by the page's markup or the day written near the top of its text",
	"content":      "posts whose content the %s mapping's selectors did not find have the main content the heuristics found",
	"tags":         "posts whose terms the %s mapping's selectors did not find are tagged by the tag archives their page links to",
	"feed_date":    "posts whose page shows no date the %s mapping or the heuristics read are dated as the site's feed dates them",
	"feed_time":    "posts whose page the %s mapping or the heuristics read only the day of have the site's feed's time on that day",
	"address_date": "posts whose page shows no date the %s mapping or the heuristics read, and the feed none, are dated by the day in their address",
}

// summaryNotes say, one note a kind, how many pages the evidence decided
// and how many posts give only their day.
func (r *Reader) summaryNotes() {
	for _, why := range slices.Sorted(maps.Keys(r.evidence)) {
		r.notes = append(r.notes, post.Note{Where: r.base.String(), What: fmt.Sprintf("%s: %d "+evidenceSays[why], why, r.evidence[why], r.mapping.Name)})
	}
	// what was read, when nothing qualified: the run fails, and says why
	if n := r.read["listing"] + r.read["neither"]; n > 0 && r.read["post"]+r.read["page"] == 0 {
		r.notes = append(r.notes, post.Note{Where: r.base.String(), What: fmt.Sprintf(
			"no_posts: %d pages read, none a post or page: %d listings, %d with no sign of being one (by the %s mapping's kinds and the pages' own evidence: og:type article, JSON-LD, h-entry, the site's feed)",
			n, r.read["listing"], r.read["neither"], r.mapping.Name)})
	}
	for _, k := range slices.Sorted(maps.Keys(r.filled)) {
		r.notes = append(r.notes, post.Note{Where: r.base.String(), What: fmt.Sprintf("filled_%s: %d "+filledSays[k], k, r.filled[k], r.mapping.Name)})
	}
	if r.dayOnly > 0 {
		r.notes = append(r.notes, post.Note{Where: r.base.String(), What: fmt.Sprintf(
			"day_only: %d posts give only their day, no time of day or UTC offset: each is written as that date, with no time of day", r.dayOnly)})
	}
}

// dayOnly reports a date that is a day alone: midnight, UTC, as a page
// gives "2024-03-12" or "12 March 2024" (or Hugo's datetime of a
// front matter date without a time).
func dayOnly(d time.Time) bool {
	_, off := d.Zone()
	return !d.IsZero() && off == 0 && d.Hour() == 0 && d.Minute() == 0 && d.Second() == 0
}

// hints are what the site's feed says of the page: whether it lists it,
// and whether two or more of its posts have the page's address shape.
func (r *Reader) hints(page *url.URL) extract.Hints {
	h := extract.Hints{InFeed: r.inFeed(page), PostShape: r.shapes[extract.Shape(page)] >= 2}
	if len(r.terms) > 0 {
		h.IsPost = r.inFeed
	}
	return h
}

// inFeed reports whether the site's feed lists u.
func (r *Reader) inFeed(u *url.URL) bool {
	_, ok := r.terms[normKey(u.String())] // no feed item has the key "" an unusable link gives
	return ok
}

func (r *Reader) resolve(ref string) string {
	u, err := r.base.Parse(ref)
	if err != nil {
		return ""
	}
	return u.String()
}

func (r *Reader) sameSite(u *url.URL) bool {
	return (u.Scheme == "http" || u.Scheme == "https") && post.SameHost(u.Host, r.base.Host)
}

// candidate returns the form of a URL the crawl visits and its identity
// (post.LinkKey), or false for another site's URL and for what is never a
// post (admin, feeds, media files; see reSkip).
func (r *Reader) candidate(raw string) (norm, key string, ok bool) {
	u, err := url.Parse(raw)
	if err != nil || !r.sameSite(u) || skipURL(u) {
		return "", "", false
	}
	norm, err = post.Normalize(u.String())
	if err != nil {
		return "", "", false
	}
	key, ok = post.LinkKey(norm)
	return norm, key, ok
}

// What is never a post: WordPress's machinery, feeds, media and other
// files by their path; replies, shares, searches, previews by their query.
var (
	reSkipPath  = regexp.MustCompile(`/(wp-admin|wp-login\.php|wp-json|xmlrpc\.php|wp-content|wp-includes|feed|comments/feed|trackback|embed)(/|$)|\.(jpe?g|png|gif|webp|svg|pdf|zip|mp3|mp4|css|js|xml|txt)$`)
	reSkipQuery = regexp.MustCompile(`(^|&)(replytocom|share|rest_route|s|attachment_id|preview)=`)
)

func skipURL(u *url.URL) bool {
	return reSkipPath.MatchString(strings.ToLower(u.Path)) || reSkipQuery.MatchString(strings.ToLower(u.RawQuery))
}
