package crawl

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"github.com/blogport/blogport/internal/fetch"
	"github.com/blogport/blogport/internal/post"
	"github.com/gocolly/colly/v2"
)

// batchPerConn is how many URLs are handed to colly at a time for each
// connection the fetch client opens to a host: enough to keep the
// connections busy, and a bound on the goroutines colly's Async mode
// starts (one per URL).
const batchPerConn = 8

// crawl is one run of Posts: the collector, the queue in discovery order
// and what each visit found.
type crawl struct {
	r     *Reader
	ctx   context.Context
	c     *colly.Collector
	queue []*job
	byKey map[string]*job // by post.LinkKey: one visit per page, whatever form of its address was found
	batch int
}

// job is one URL of the queue and what its visit found. Only the
// goroutine colly runs for it writes it, until c.Wait.
type job struct {
	url   string
	walk  bool // a start page: its links are walked whatever it turns out to be
	done  bool // colly finished with it (OnScraped or OnError)
	page  *url.URL
	kind  string // the mapping's kind of the page; "" for a listing
	post  *post.Post
	links []string // absolute, in page order
	notes []post.Note
}

func (j *job) note(code, what string) {
	j.notes = append(j.notes, post.Note{Where: j.url, What: code + ": " + what})
}

const jobKey = "blogport.job"

func jobOf(ctx *colly.Context) *job {
	if j, ok := ctx.GetAny(jobKey).(*job); ok {
		return j
	}
	return &job{} // every request of the collector carries its job
}

// newCrawl builds the collector: asynchronous, bounded per host, over the
// fetch client.
func (r *Reader) newCrawl(ctx context.Context) (*crawl, error) {
	c := colly.NewCollector(colly.StdlibContext(ctx), colly.Async(true))
	// set after construction so that COLLY_* variables cannot override them
	c.Async = true
	// robots.txt is obeyed by the fetch client under colly: it reads each
	// host's robots.txt once per run (kept in memory) and refuses what it
	// disallows with fetch.ErrRobotsBlocked, which becomes a note. colly's
	// own check would ask for robots.txt a second time.
	c.IgnoreRobotsTxt = true
	c.MaxBodySize = 0 // the fetch client caps bodies and fails (fetch.ErrTooLarge) instead of cutting them
	c.AllowURLRevisit = false
	c.CacheDir = ""                                  // the fetch client caches, and never keeps 4xx/5xx
	c.AllowedDomains, c.DisallowedDomains = nil, nil // the host rule is post.SameHost, in candidate
	c.URLFilters, c.DisallowedURLFilters = nil, nil
	c.MaxDepth, c.MaxRequests = 0, 0 // the page cap is maxPages, in Posts
	c.ParseHTTPErrorResponse = false
	c.DetectCharset = false
	c.TraceHTTP = false
	c.SetClient(r.httpClient())
	n := r.client.Concurrency()
	site := post.SiteHost(r.base.Host)
	for _, h := range []string{site, "www." + site} {
		// colly matches a rule against the host with its port; the pacing
		// (delay, jitter, Crawl-delay) stays in the fetch client
		rule := &colly.LimitRule{DomainRegexp: `(?i)^` + regexp.QuoteMeta(h) + `$`, Parallelism: n}
		if err := c.Limit(rule); err != nil {
			return nil, fmt.Errorf("crawl %s: %w", r.base, err)
		}
	}
	cr := &crawl{r: r, ctx: ctx, c: c, byKey: map[string]*job{}, batch: batchPerConn * n}
	c.OnResponse(cr.onResponse)
	c.OnHTML("a[href]", cr.onLink)
	c.OnScraped(func(resp *colly.Response) { jobOf(resp.Ctx).done = true })
	c.OnError(func(resp *colly.Response, err error) {
		j := jobOf(resp.Ctx)
		j.done = true
		cr.fail(j, err, resp.StatusCode)
	})
	return cr, nil
}

// httpClient is the fetch client's, with the start page answered from
// memory.
func (r *Reader) httpClient() *http.Client {
	hc := *r.client.HTTPClient()
	key, _ := post.LinkKey(r.start.URL.String())
	hc.Transport = held{key: key, page: r.start, next: hc.Transport}
	return &hc
}

// held answers the start page, which route discovery already fetched,
// from memory, so that a run asks the site for it once; every other
// request goes on to the fetch client.
type held struct {
	key  string // post.LinkKey of the start page
	page *fetch.Response
	next http.RoundTripper
}

func (h held) RoundTrip(req *http.Request) (*http.Response, error) {
	if k, ok := post.LinkKey(req.URL.String()); !ok || k != h.key || req.Method != http.MethodGet {
		return h.next.RoundTrip(req)
	}
	return &http.Response{
		Status: http.StatusText(h.page.Status), StatusCode: h.page.Status, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: h.page.Header.Clone(), Body: io.NopCloser(bytes.NewReader(h.page.Body)), ContentLength: int64(len(h.page.Body)), Request: req,
	}, nil
}

// push queues a URL of the site once; walk marks a start page.
func (cr *crawl) push(raw string, walk bool) {
	norm, key, ok := cr.r.candidate(raw)
	if !ok {
		return
	}
	if j := cr.byKey[key]; j != nil {
		j.walk = j.walk || walk
		return
	}
	j := &job{url: norm, walk: walk}
	cr.byKey[key] = j
	cr.queue = append(cr.queue, j)
}

// visit hands a batch to colly and waits for all of it.
func (cr *crawl) visit(batch []*job) {
	for _, j := range batch {
		ctx := colly.NewContext()
		ctx.Put(jobKey, j)
		// Request is Visit with our context: the same filters, and its
		// refusals come back here rather than through OnError
		if err := cr.c.Request(http.MethodGet, j.url, nil, ctx, nil); err != nil {
			j.done = true
			cr.fail(j, err, 0)
		}
	}
	cr.c.Wait()
}

// onResponse reads the page as a post when the mapping takes it for one.
func (cr *crawl) onResponse(resp *colly.Response) {
	j := jobOf(resp.Ctx)
	j.page = resp.Request.URL
	ct := resp.Headers.Get("Content-Type")
	if mt := mediaType(ct, resp.Body); mt != "text/html" && mt != "application/xhtml+xml" {
		j.note("not_html", fmt.Sprintf("answered %s, not an HTML page", mt))
		return
	}
	if strings.Contains(strings.ToLower(ct), "charset") {
		// colly has already decoded a body whose Content-Type names its
		// charset to UTF-8 (colly.Response.fixCharset); the others come as
		// sent, and their <meta charset> decides
		ct = "text/html; charset=utf-8"
	}
	text, _, err := fetch.Text(resp.Body, ct)
	if err != nil {
		j.note("unreadable", err.Error())
		return
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(text))
	if err != nil {
		j.note("unreadable", err.Error())
		return
	}
	f := cr.r.mapping.Extract(doc)
	j.kind = f.Kind
	j.post = cr.r.post(doc, j.page, f, &j.notes)
}

// mediaType is the type colly's OnHTML goes by: the Content-Type, or the
// sniffed type when there is none.
func mediaType(ct string, body []byte) string {
	if ct == "" {
		ct = http.DetectContentType(body)
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		mt, _, _ = strings.Cut(strings.ToLower(ct), ";")
	}
	return strings.TrimSpace(mt)
}

func (cr *crawl) onLink(e *colly.HTMLElement) {
	j := jobOf(e.Request.Ctx)
	if u, err := e.Request.URL.Parse(strings.TrimSpace(e.Attr("href"))); err == nil {
		j.links = append(j.links, u.String())
	}
}
