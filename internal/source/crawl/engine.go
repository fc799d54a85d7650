package crawl

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"sync"

	"github.com/PuerkitoBio/goquery"
	"github.com/blogport/blogport/internal/extract"
	"github.com/blogport/blogport/internal/fetch"
	"github.com/blogport/blogport/internal/post"
	"github.com/gocolly/colly/v2"
)

// windowPerConn is how many URLs of the queue may be handed out ahead of
// the one the crawl takes in next, for each connection the fetch client
// opens to a host: enough to keep the workers busy past a slow page, and
// a bound on the pages read but not yet taken in.
const windowPerConn = 8

// crawl is one run of Posts: the collector, the queue in discovery order,
// what each visit found, and the workers that visit.
type crawl struct {
	r      *Reader
	ctx    context.Context // the collector's; cancelled when the run ends
	cancel context.CancelFunc
	c      *colly.Collector
	queue  []*job
	byKey  map[string]*job // by post.LinkKey: one visit per page, whatever form of its address was found
	jobs   chan *job       // to the workers
	next   int             // the index in queue of the next job to hand out
	window int             // jobs handed out and not taken in, at most
	wg     sync.WaitGroup
}

// job is one URL of the queue and what its visit found. Only the worker
// that visits it writes it, until it closes finished.
type job struct {
	url      string
	walk     bool // a start page: its links are walked whatever it turns out to be
	finished chan struct{}
	sent     bool // colly asked for it (OnRequest): a refusal is not reported through OnError
	done     bool // colly finished with it (OnScraped or OnError)
	page     *url.URL
	kind     string      // the page's kind; "" for a listing or a page that is neither
	why      extract.Why // when the page's evidence decided its kind (extract.Classify)
	mapped   string      // the mapping's kind, before the evidence
	post     *post.Post
	filled   []string // the post's fields found another way than the mapping's selectors (filledSays)
	links    []string // absolute, in page order
	notes    []post.Note
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

// newCrawl builds the collector over the fetch client, and starts as many
// workers as the client opens connections to a host. The collector is
// synchronous: each worker visits one page at a time through it, so the
// workers are the bound on requests in flight (the fetch client paces
// and caps each host underneath).
func (r *Reader) newCrawl(ctx context.Context) *crawl {
	ctx, cancel := context.WithCancel(ctx)
	c := colly.NewCollector(colly.StdlibContext(ctx))
	// set after construction so that COLLY_* variables cannot override them
	c.Async = false
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
	cr := &crawl{r: r, ctx: ctx, cancel: cancel, c: c, byKey: map[string]*job{}, window: windowPerConn * n}
	c.OnRequest(func(req *colly.Request) { jobOf(req.Ctx).sent = true })
	c.OnResponse(cr.onResponse)
	c.OnHTML("a[href]", cr.onLink)
	c.OnScraped(func(resp *colly.Response) { jobOf(resp.Ctx).done = true })
	c.OnError(func(resp *colly.Response, err error) {
		j := jobOf(resp.Ctx)
		j.done = true
		cr.fail(j, err, resp.StatusCode)
	})
	cr.start(n)
	return cr
}

// start starts n workers, each visiting the jobs handed out one at a time.
func (cr *crawl) start(n int) {
	cr.jobs = make(chan *job, cr.window) // never more than window handed out: sends do not block
	for range n {
		cr.wg.Go(func() {
			for j := range cr.jobs {
				if cr.ctx.Err() == nil { // a stopped run only lets the rest go
					cr.visit(j)
				}
				close(j.finished)
			}
		})
	}
}

// stop ends the run: the requests in flight are cancelled, and the
// workers have returned when it does.
func (cr *crawl) stop() {
	cr.cancel()
	close(cr.jobs)
	cr.wg.Wait()
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
	j := &job{url: norm, walk: walk, finished: make(chan struct{})}
	cr.byKey[key] = j
	cr.queue = append(cr.queue, j)
}

// limit is how much of the queue is visited: the page cap, here only.
func (cr *crawl) limit() int { return min(len(cr.queue), maxPages) }

// take hands out the queue to the workers up to the window ahead of job
// i, and waits until job i is visited.
func (cr *crawl) take(i int) *job {
	for ; cr.next < cr.limit() && cr.next-i < cr.window; cr.next++ {
		cr.jobs <- cr.queue[cr.next]
	}
	j := cr.queue[i]
	<-j.finished
	return j
}

// visit reads one page on the worker's goroutine.
func (cr *crawl) visit(j *job) {
	ctx := colly.NewContext()
	ctx.Put(jobKey, j)
	// Request is Visit with our context: the same filters, and its
	// refusals come back here rather than through OnError
	if err := cr.c.Request(http.MethodGet, j.url, nil, ctx, nil); err != nil && !j.sent {
		j.done = true
		cr.fail(j, err, 0)
	}
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
	f.Title = extract.Title(doc, f.Title, cr.r.site.Title)
	j.mapped = f.Kind
	j.why = extract.Classify(doc, j.page, &f, cr.r.hints(j.page))
	if j.why == extract.VariantOf {
		j.links = append(j.links, extract.Canonical(doc, j.page).String()) // walked like the page's own links
	}
	j.kind = f.Kind
	if j.post = cr.r.post(doc, j.page, f, &j.notes); j.post != nil {
		j.filled = append(f.Filled, cr.r.fallbackDate(j.post, j.page))
	}
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
