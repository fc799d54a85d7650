// Package fetch is blogport's one polite HTTP client. Every request of a
// pull goes through it, colly's and gofeed's included: robots.txt is
// obeyed, each host gets one connection at a time with a delay and
// jitter, failures are retried with backoff honouring Retry-After, bodies
// are capped, 2xx/3xx answers are cached on disk and revalidated with
// ETag/Last-Modified, and requests never leave the allowed hosts.
package fetch

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blogport/blogport/internal/post"
)

// Outcomes that change what a caller does.
var (
	ErrRobotsBlocked = errors.New("blocked by robots.txt")
	// ErrRobotsUnavailable: the host's robots.txt could not be had (5xx,
	// unreachable), which RFC 9309 reads as "fetch nothing"
	ErrRobotsUnavailable = errors.New("robots.txt unavailable")
	ErrOffSite           = errors.New("host not allowed")
	ErrTooLarge          = errors.New("response larger than the size cap")
	ErrHostDown          = errors.New("host unreachable")
)

// StatusError is a final non-2xx/3xx answer.
type StatusError struct {
	URL    string
	Status int
}

func (e *StatusError) Error() string { return fmt.Sprintf("GET %s: HTTP %d", e.URL, e.Status) }

// DefaultDelay is the polite pause between requests to one host, for
// callers to pass as Options.Delay (the CLI's --delay default).
const DefaultDelay = time.Second

// revalidatePace divides the delay into the pause after a conditional
// request answered 304 Not Modified (see hostState.revalidated): 100ms
// at the default delay. A fraction rather than a fixed pause, so that a
// user who slows down for a fragile host slows revalidations too, and
// --delay 0 stays zero.
const revalidatePace = 10

// Options configure a Client. Zero values mean the polite defaults, except
// Delay: zero is no pause, as asked, and callers wanting the polite pause
// pass DefaultDelay.
type Options struct {
	UserAgent    string        // honest, with a URL
	Delay        time.Duration // between requests to one host (0 or negative: none; see DefaultDelay)
	Jitter       float64       // fraction of Delay added at random (default 0.5; negative: none)
	Concurrency  int           // connections per host (default 1)
	Retries      int           // after the first attempt (default 3)
	Backoff      time.Duration // first retry wait, doubled each time (default 1s)
	MaxRetryWait time.Duration // cap on Retry-After and backoff (default 2m)
	Timeout      time.Duration // per request (default 30s)
	MaxBytes     int64         // body size cap (default 64 MiB)
	IgnoreRobots bool
	Hosts        []string  // allowed hosts (with www. variants); empty: any
	CacheDir     string    // "" disables the disk cache
	FreshAfter   time.Time // cached answers stored after this are used without asking (a second pass, a resumed run)
	Transport    http.RoundTripper
	Log          *slog.Logger
	Sleep        func(context.Context, time.Duration) error // tests
}

// Stats counts what the client did. Every request answered over the
// network is one of Fetched, Revalidated or Changed.
type Stats struct {
	Requests    int64 `json:"requests"`    // sent over the network, retries included
	CacheHits   int64 `json:"cache_hits"`  // answered from the cache without a request (fresh)
	Fetched     int64 `json:"fetched"`     // answered over the network, nothing cached to revalidate
	Revalidated int64 `json:"revalidated"` // conditional requests answered 304 Not Modified (unchanged)
	Changed     int64 `json:"changed"`     // conditional requests answered with something new
	Retries     int64 `json:"retries"`
	Failed      int64 `json:"failed"` // ended in an error; an interrupted run's cancelled requests do not count
}

// Client is safe for concurrent use.
type Client struct {
	opts   Options
	base   http.RoundTripper
	cache  *cache
	robots robotsCache
	mu     sync.Mutex
	hosts  map[string]*hostState
	stats  struct{ requests, hits, fetched, revalidated, changed, retries, failed atomic.Int64 }
	http   *http.Client
	now    func() time.Time // the pacing's clock; tests set it
}

type hostState struct {
	down       int // consecutive requests that failed at the network level
	slots      chan struct{}
	mu         sync.Mutex
	next       time.Time
	crawlDelay time.Duration // from robots.txt
}

// New builds a Client.
func New(opts Options) *Client {
	if opts.UserAgent == "" {
		opts.UserAgent = "blogport (+https://github.com/blogport/blogport)"
	}
	opts.Delay = max(opts.Delay, 0)
	if opts.Jitter == 0 {
		opts.Jitter = 0.5
	}
	opts.Jitter = max(opts.Jitter, 0)
	if opts.Concurrency <= 0 {
		opts.Concurrency = 1
	}
	if opts.Retries == 0 {
		opts.Retries = 3
	}
	if opts.Retries < 0 {
		opts.Retries = 0
	}
	if opts.Backoff == 0 {
		opts.Backoff = time.Second
	}
	if opts.MaxRetryWait == 0 {
		opts.MaxRetryWait = 2 * time.Minute
	}
	if opts.Timeout == 0 {
		opts.Timeout = 30 * time.Second
	}
	if opts.MaxBytes == 0 {
		opts.MaxBytes = 64 << 20
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.Sleep == nil {
		opts.Sleep = sleep
	}
	base := opts.Transport
	if base == nil {
		base = &http.Transport{
			Proxy:               http.ProxyFromEnvironment,
			DialContext:         (&net.Dialer{Timeout: 10 * time.Second}).DialContext,
			TLSHandshakeTimeout: 10 * time.Second,
			MaxConnsPerHost:     opts.Concurrency,
			IdleConnTimeout:     30 * time.Second,
		}
	}
	c := &Client{opts: opts, base: base, hosts: map[string]*hostState{}, now: time.Now}
	if opts.CacheDir != "" {
		c.cache = &cache{dir: opts.CacheDir}
	}
	c.http = &http.Client{Transport: c, Timeout: 0}
	return c
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// HTTPClient is an *http.Client whose every request goes through c, for
// libraries such as colly.
func (c *Client) HTTPClient() *http.Client { return c.http }

// Concurrency is the number of connections the client opens to one host
// at a time, for callers that run requests in parallel (the crawler).
func (c *Client) Concurrency() int { return c.opts.Concurrency }

// Stats returns the counters so far.
func (c *Client) Stats() Stats {
	return Stats{
		Requests: c.stats.requests.Load(), CacheHits: c.stats.hits.Load(), Fetched: c.stats.fetched.Load(),
		Revalidated: c.stats.revalidated.Load(), Changed: c.stats.changed.Load(),
		Retries: c.stats.retries.Load(), Failed: c.stats.failed.Load(),
	}
}

// Settings describes the politeness in force, for the run summary.
func (c *Client) Settings() string {
	pace := "no delay between requests (--delay 0)"
	if c.opts.Delay > 0 {
		pace = fmt.Sprintf("%s delay (+%d%% jitter; %s after a 304)", c.opts.Delay, int(c.opts.Jitter*100), c.opts.Delay/revalidatePace)
	}
	return fmt.Sprintf("robots.txt %s, %d connection(s) per host, %s, %d retries",
		map[bool]string{true: "IGNORED", false: "obeyed"}[c.opts.IgnoreRobots], c.opts.Concurrency, pace, c.opts.Retries)
}

// Response is a fetched resource with its whole body.
type Response struct {
	URL    *url.URL // after redirects
	Status int
	Header http.Header
	Body   []byte
	Cached bool // from the cache (fresh or revalidated)
}

// Get fetches rawURL; any final status outside 2xx is a *StatusError.
func (c *Client) Get(ctx context.Context, rawURL string) (*Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, err
	}
	return c.Do(req)
}

// Do sends req (following redirects) and reads the whole body.
func (c *Client) Do(req *http.Request) (*Response, error) {
	resp, err := c.http.Do(req)
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err
		}
		return nil, fmt.Errorf("GET %s: %w", req.URL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("GET %s: %w", req.URL, err)
	}
	r := &Response{URL: resp.Request.URL, Status: resp.StatusCode, Header: resp.Header, Body: body,
		Cached: resp.Header.Get(cacheHeader) != ""}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return r, &StatusError{URL: req.URL.String(), Status: resp.StatusCode}
	}
	return r, nil
}

// Allowed reports whether u's host may be fetched.
func (c *Client) Allowed(u *url.URL) bool {
	if len(c.opts.Hosts) == 0 {
		return true
	}
	return slices.ContainsFunc(c.opts.Hosts, func(h string) bool { return post.SameHost(h, u.Host) })
}

// RoundTrip applies the house rules to one request.
func (c *Client) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
		return nil, fmt.Errorf("unsupported scheme %q", req.URL.Scheme)
	}
	if !c.Allowed(req.URL) {
		return nil, fmt.Errorf("%w: %s (allowed: %s)", ErrOffSite, req.URL.Host, strings.Join(c.opts.Hosts, ", "))
	}
	if req.Method == http.MethodGet && !c.opts.IgnoreRobots && req.URL.Path != "/robots.txt" {
		ok, crawlDelay, err := c.robotsAllow(ctx, req.URL)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, fmt.Errorf("%w: %s", ErrRobotsBlocked, req.URL)
		}
		c.host(req.URL.Host).raiseDelay(crawlDelay)
	}
	var cached *entry
	slot := slotOf(req)
	if c.cache != nil && req.Method == http.MethodGet {
		cached = c.cache.get(slot)
		if cached != nil && !c.opts.FreshAfter.IsZero() && cached.Stored.After(c.opts.FreshAfter) {
			c.stats.hits.Add(1)
			return cached.response(req, "fresh"), nil
		}
	}
	resp, body, err := c.send(req, cached)
	if err != nil {
		if ctx.Err() == nil {
			c.stats.failed.Add(1)
		}
		return nil, err
	}
	switch {
	case resp.StatusCode == http.StatusNotModified && cached.conditional():
		c.stats.revalidated.Add(1)
		c.cache.touch(slot, cached)
		return cached.response(req, "revalidated"), nil
	case cached.conditional():
		c.stats.changed.Add(1)
	default:
		c.stats.fetched.Add(1)
	}
	if c.cache != nil && req.Method == http.MethodGet && resp.StatusCode >= 200 && resp.StatusCode < 400 {
		if err := c.cache.put(slot, resp, body); err != nil {
			c.opts.Log.Warn("cache write", "url", req.URL.String(), "err", err)
		}
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return resp, nil
}

const cacheHeader = "X-Blogport-Cache"

// send makes the request over the network: one host slot, paced, with
// retries. The body is read whole, up to the size cap.
func (c *Client) send(req *http.Request, cached *entry) (*http.Response, []byte, error) {
	ctx := req.Context()
	h := c.host(req.URL.Host)
	select {
	case h.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, nil, ctx.Err()
	}
	defer func() { <-h.slots }()
	if h.isDown() {
		return nil, nil, fmt.Errorf("%w: %s failed %d times in a row; not asking again this run", ErrHostDown, req.URL.Host, hostDownAfter)
	}
	resp, body, err := c.attempts(req, h, cached)
	h.record(err)
	return resp, body, err
}

// After this many requests in a row fail at the network level, a host is
// given up for the run instead of retrying every remaining URL.
const hostDownAfter = 3

func (h *hostState) isDown() bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.down >= hostDownAfter
}

func (h *hostState) record(err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	var nerr net.Error
	if err != nil && errors.As(err, &nerr) {
		h.down++
	} else {
		h.down = 0
	}
}

func (c *Client) attempts(req *http.Request, h *hostState, cached *entry) (*http.Response, []byte, error) {
	ctx := req.Context()
	for attempt := 0; ; attempt++ {
		wait, booked := h.wait(c.now(), c.opts.Delay, c.opts.Jitter)
		if err := c.opts.Sleep(ctx, wait); err != nil {
			return nil, nil, err
		}
		r := req.Clone(ctx)
		r.Header.Set("User-Agent", c.opts.UserAgent)
		cached.validate(r)
		tctx, cancel := context.WithTimeout(ctx, c.opts.Timeout)
		r = r.WithContext(tctx)
		c.stats.requests.Add(1)
		resp, err := c.base.RoundTrip(r)
		var body []byte
		if err == nil {
			body, err = io.ReadAll(io.LimitReader(resp.Body, c.opts.MaxBytes+1))
			resp.Body.Close()
			if err == nil && int64(len(body)) > c.opts.MaxBytes {
				cancel()
				c.opts.Log.Warn("size cap hit", "url", req.URL.String(), "limit_bytes", c.opts.MaxBytes)
				return nil, nil, fmt.Errorf("%w: %s is over %d bytes", ErrTooLarge, req.URL, c.opts.MaxBytes)
			}
		}
		cancel()
		if ctx.Err() != nil {
			return nil, nil, ctx.Err()
		}
		retry, wait := c.shouldRetry(resp, err, attempt)
		if !retry {
			if err != nil {
				return nil, nil, err
			}
			if resp.StatusCode == http.StatusNotModified && cached.conditional() {
				h.revalidated(booked, c.now(), c.opts.Delay/revalidatePace)
			}
			return resp, body, nil
		}
		c.stats.retries.Add(1)
		status := 0
		if resp != nil {
			status = resp.StatusCode
		}
		c.opts.Log.Info("retrying", "url", req.URL.String(), "status", status, "err", err, "wait", wait, "attempt", attempt+1)
		if err := c.opts.Sleep(ctx, wait); err != nil {
			return nil, nil, err
		}
	}
}

func (c *Client) shouldRetry(resp *http.Response, err error, attempt int) (bool, time.Duration) {
	if attempt >= c.opts.Retries {
		return false, 0
	}
	backoff := c.opts.Backoff << attempt
	backoff += time.Duration(rand.Float64() * float64(backoff) / 2)
	if err != nil {
		var dns *net.DNSError
		if errors.As(err, &dns) && dns.IsNotFound {
			return false, 0 // a name that does not exist will not appear by retrying
		}
		var nerr net.Error
		if errors.As(err, &nerr) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, context.DeadlineExceeded) {
			return true, min(backoff, c.opts.MaxRetryWait)
		}
		return false, 0
	}
	switch resp.StatusCode {
	case http.StatusTooManyRequests, http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		if ra, ok := retryAfter(resp.Header.Get("Retry-After")); ok {
			return true, min(ra, c.opts.MaxRetryWait)
		}
		return true, min(backoff, c.opts.MaxRetryWait)
	}
	return false, 0
}

// retryAfter reads seconds or an HTTP date.
func retryAfter(v string) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return time.Duration(s) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(time.Until(t), 0), true
	}
	return 0, false
}

func (c *Client) host(h string) *hostState {
	c.mu.Lock()
	defer c.mu.Unlock()
	s, ok := c.hosts[h]
	if !ok {
		s = &hostState{slots: make(chan struct{}, c.opts.Concurrency)}
		c.hosts[h] = s
	}
	return s
}

// wait returns how long to sleep before the next request to this host and
// books the pause after it, returning the booking's end.
func (h *hostState) wait(now time.Time, delay time.Duration, jitter float64) (time.Duration, time.Time) {
	h.mu.Lock()
	defer h.mu.Unlock()
	start := now
	if h.next.After(now) {
		start = h.next
	}
	delay = max(delay, h.crawlDelay)
	h.next = start.Add(delay + time.Duration(rand.Float64()*jitter*float64(delay)))
	return start.Sub(now), h.next
}

// revalidated shortens the pause booked after a request that came back
// 304 Not Modified: the server sent no body and checked a validator, so
// the next request may start pace after the answer rather than a full
// delay after the request. The robots.txt Crawl-delay still holds in
// full, and a booking another request has made since is left alone.
func (h *hostState) revalidated(booked, now time.Time, pace time.Duration) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if next := now.Add(max(pace, h.crawlDelay)); h.next.Equal(booked) && next.Before(booked) {
		h.next = next
	}
}

// raiseDelay honours a robots.txt Crawl-delay longer than ours, up to a
// minute.
func (h *hostState) raiseDelay(d time.Duration) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.crawlDelay = max(h.crawlDelay, min(d, time.Minute))
}
