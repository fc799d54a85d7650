package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// sleeper records the waits a client asks for instead of sleeping.
type sleeper struct {
	mu    sync.Mutex
	waits []time.Duration
}

func (s *sleeper) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d > 0 {
		s.waits = append(s.waits, d)
	}
	return ctx.Err()
}

func newTestClient(t *testing.T, opts Options) (*Client, *sleeper) {
	s := &sleeper{}
	opts.Sleep = s.sleep
	if opts.Delay == 0 {
		opts.Delay = -1
	}
	return New(opts), s
}

func TestRobotsTxtIsObeyed(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			fmt.Fprint(w, "User-agent: *\nDisallow: /private/\nCrawl-delay: 3\nSitemap: /sitemap.xml\n")
			return
		}
		fmt.Fprint(w, "ok")
	}))
	defer srv.Close()
	c, s := newTestClient(t, Options{})
	if _, err := c.Get(context.Background(), srv.URL+"/private/x"); !errors.Is(err, ErrRobotsBlocked) {
		t.Errorf("private: err = %v, want ErrRobotsBlocked", err)
	}
	for range 2 {
		if _, err := c.Get(context.Background(), srv.URL+"/public/"); err != nil {
			t.Fatal(err)
		}
	}
	if len(s.waits) == 0 || s.waits[len(s.waits)-1] < 2*time.Second {
		t.Errorf("Crawl-delay not honoured: waits %v", s.waits)
	}
	u, _ := url.Parse(srv.URL)
	if sm := c.Sitemaps(context.Background(), u); len(sm) != 1 {
		t.Errorf("sitemaps = %v", sm)
	}
	c2, _ := newTestClient(t, Options{IgnoreRobots: true})
	if _, err := c2.Get(context.Background(), srv.URL+"/private/x"); err != nil {
		t.Errorf("--ignore-robots: %v", err)
	}
}

func TestRetriesHonourRetryAfter(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch calls.Add(1) {
		case 1:
			w.Header().Set("Retry-After", "7")
			w.WriteHeader(http.StatusTooManyRequests)
		case 2:
			w.WriteHeader(http.StatusServiceUnavailable)
		default:
			fmt.Fprint(w, "finally")
		}
	}))
	defer srv.Close()
	c, s := newTestClient(t, Options{IgnoreRobots: true, Backoff: time.Second})
	r, err := c.Get(context.Background(), srv.URL)
	if err != nil || string(r.Body) != "finally" {
		t.Fatalf("got %v %v", r, err)
	}
	// Retry-After first, then the second backoff step: 2s plus up to half again
	if len(s.waits) != 2 || s.waits[0] != 7*time.Second || s.waits[1] < 2*time.Second || s.waits[1] > 3*time.Second {
		t.Errorf("waits = %v, want [7s, 2s..3s]", s.waits)
	}
	if st := c.Stats(); st.Retries != 2 || st.Requests != 3 {
		t.Errorf("stats = %+v", st)
	}
}

func TestRetriesGiveUp(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadGateway)
	}))
	defer srv.Close()
	c, _ := newTestClient(t, Options{IgnoreRobots: true, Retries: 2})
	_, err := c.Get(context.Background(), srv.URL)
	var se *StatusError
	if !errors.As(err, &se) || se.Status != http.StatusBadGateway {
		t.Errorf("err = %v", err)
	}
	if c.Stats().Requests != 3 {
		t.Errorf("requests = %d, want 3", c.Stats().Requests)
	}
}

func TestNoRetryOnNotFound(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	c, _ := newTestClient(t, Options{IgnoreRobots: true})
	if _, err := c.Get(context.Background(), srv.URL); err == nil || c.Stats().Requests != 1 {
		t.Errorf("err %v, requests %d", err, c.Stats().Requests)
	}
}

func TestSizeCap(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, strings.Repeat("x", 2000))
	}))
	defer srv.Close()
	c, _ := newTestClient(t, Options{IgnoreRobots: true, MaxBytes: 1000})
	if _, err := c.Get(context.Background(), srv.URL); !errors.Is(err, ErrTooLarge) {
		t.Errorf("err = %v, want ErrTooLarge", err)
	}
}

func TestOffSiteIsRefused(t *testing.T) {
	c, _ := newTestClient(t, Options{Hosts: []string{"blog.example.com"}})
	_, err := c.Get(context.Background(), "http://elsewhere.example.org/x")
	if !errors.Is(err, ErrOffSite) {
		t.Errorf("err = %v", err)
	}
	u, _ := url.Parse("https://www.blog.example.com/a")
	if !c.Allowed(u) {
		t.Error("www. variant refused")
	}
}

func TestCacheRevalidatesAndNeverKeepsErrors(t *testing.T) {
	var hits, notModified, fails atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		switch r.URL.Path {
		case "/page":
			if r.Header.Get("If-None-Match") == `"v1"` {
				notModified.Add(1)
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("ETag", `"v1"`)
			fmt.Fprint(w, "body v1")
		case "/flaky":
			if fails.Add(1) == 1 {
				w.WriteHeader(http.StatusNotFound)
				return
			}
			fmt.Fprint(w, "there now")
		}
	}))
	defer srv.Close()
	dir := t.TempDir()
	get := func(c *Client, path string) (*Response, error) { return c.Get(context.Background(), srv.URL+path) }

	c, _ := newTestClient(t, Options{IgnoreRobots: true, CacheDir: dir})
	if r, err := get(c, "/page"); err != nil || r.Cached {
		t.Fatalf("first: %v %v", r, err)
	}
	c, _ = newTestClient(t, Options{IgnoreRobots: true, CacheDir: dir})
	r, err := get(c, "/page")
	if err != nil || !r.Cached || string(r.Body) != "body v1" || notModified.Load() != 1 {
		t.Fatalf("revalidation: %v %v (304s %d)", r, err, notModified.Load())
	}
	// fresh entries are used without a request (resuming an interrupted pull)
	before := hits.Load()
	c, _ = newTestClient(t, Options{IgnoreRobots: true, CacheDir: dir, FreshAfter: time.Now().Add(-time.Hour)})
	if r, err := get(c, "/page"); err != nil || !r.Cached || hits.Load() != before {
		t.Fatalf("fresh hit made a request: %v %v", r, err)
	}
	// a 404 is not replayed
	if _, err := get(c, "/flaky"); err == nil {
		t.Fatal("first /flaky should fail")
	}
	if r, err := get(c, "/flaky"); err != nil || string(r.Body) != "there now" {
		t.Fatalf("404 was cached: %v %v", r, err)
	}
}

func TestHonestUserAgent(t *testing.T) {
	var ua string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { ua = r.UserAgent() }))
	defer srv.Close()
	c, _ := newTestClient(t, Options{IgnoreRobots: true})
	c.Get(context.Background(), srv.URL)
	if !strings.HasPrefix(ua, "blogport") || !strings.Contains(ua, "https://") {
		t.Errorf("User-Agent = %q", ua)
	}
}

func TestPacingSpacesRequestsToOneHost(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	c, s := newTestClient(t, Options{IgnoreRobots: true, Delay: 2 * time.Second, Jitter: 0.5})
	for range 3 {
		c.Get(context.Background(), srv.URL)
	}
	if len(s.waits) != 2 {
		t.Fatalf("waits = %v, want 2 (none before the first request)", s.waits)
	}
	// the fake sleep lets no time pass, so each wait adds one spacing
	for i, gap := range []time.Duration{s.waits[0], s.waits[1] - s.waits[0]} {
		if gap < 1990*time.Millisecond || gap > 3010*time.Millisecond {
			t.Errorf("spacing %d is %v, outside 2s + 50%% jitter", i, gap)
		}
	}
}

func TestTextDecodesCharsets(t *testing.T) {
	tests := []struct{ name, body, ctype, want, enc string }{
		{"header", "caf\xe9", "text/html; charset=ISO-8859-1", "café", "windows-1252"},
		{"meta", "<html><head><meta charset=\"windows-1251\"></head><body>\xef\xf0\xe8</body></html>", "text/html", "при", "windows-1251"},
		{"bom", "\xef\xbb\xbfok é", "text/html", "ok é", "utf-8"},
	}
	for _, tc := range tests {
		got, enc, err := Text([]byte(tc.body), tc.ctype)
		if err != nil || !strings.Contains(got, tc.want) || enc != tc.enc || strings.HasPrefix(got, "\ufeff") {
			t.Errorf("%s: got %q %q %v", tc.name, got, enc, err)
		}
	}
}

func TestRepairMojibake(t *testing.T) {
	tests := []struct {
		in, want string
		changed  bool
	}{
		{"Donâ€™t stop", "Don’t stop", true},
		{"cafÃ© au lait", "café au lait", true},
		{"a β€” b", "a — b", true},
		{"Ð¿Ñ€Ð¸Ð²ÐµÑ‚", "привет", true},
		{"café, naïve, déjà vu", "café, naïve, déjà vu", false},
		{"привет — мир", "привет — мир", false},
		{"βλέπω", "βλέπω", false},
		{"plain ascii", "plain ascii", false},
		{"mixed â€œquotedâ€\u009d and — real dash", "mixed “quoted” and — real dash", true},
	}
	for _, tc := range tests {
		got, changed := RepairMojibake(tc.in)
		if got != tc.want || changed != tc.changed {
			t.Errorf("RepairMojibake(%q) = %q %v, want %q %v", tc.in, got, changed, tc.want, tc.changed)
		}
	}
}

func TestUnreachableHostIsGivenUp(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	addr := srv.URL
	srv.Close() // nothing listens there now
	c, _ := newTestClient(t, Options{IgnoreRobots: true, Retries: 1})
	for i := range hostDownAfter {
		if _, err := c.Get(context.Background(), fmt.Sprintf("%s/%d", addr, i)); err == nil || errors.Is(err, ErrHostDown) {
			t.Fatalf("request %d: err = %v", i, err)
		}
	}
	before := c.Stats().Requests
	if _, err := c.Get(context.Background(), addr+"/last"); !errors.Is(err, ErrHostDown) {
		t.Errorf("err = %v, want ErrHostDown", err)
	}
	if c.Stats().Requests != before {
		t.Error("a request went out to a host given up")
	}
}

func TestZeroDelayMeansNoPause(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	defer srv.Close()
	s := &sleeper{}
	c := New(Options{IgnoreRobots: true, Delay: 0, Sleep: s.sleep})
	for range 5 {
		if _, err := c.Get(context.Background(), srv.URL); err != nil {
			t.Fatal(err)
		}
	}
	if len(s.waits) != 0 {
		t.Errorf("Delay 0 paused: waits %v", s.waits)
	}
	if got := c.Settings(); !strings.Contains(got, "no delay between requests") {
		t.Errorf("settings = %q, want no delay", got)
	}
}

// clock is a fake time for the pacing: it moves only when the client
// sleeps, so the waits a test sees are exact.
type clock struct {
	mu    sync.Mutex
	t     time.Time
	waits []time.Duration
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if d > 0 {
		c.waits = append(c.waits, d)
		c.t = c.t.Add(d)
	}
	return ctx.Err()
}

// A warm re-run: the requests answered 304 are followed by a tenth of the
// delay, a changed page by the full delay, and a robots.txt Crawl-delay
// holds whatever the answer.
func TestRevalidationIsPacedShort(t *testing.T) {
	var changed atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			fmt.Fprint(w, "User-agent: *\nCrawl-delay: 3\n")
			return
		}
		etag := `"v1"`
		if changed.Load() && r.URL.Path == "/c" {
			etag = `"v2"`
		}
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		fmt.Fprint(w, "body of "+r.URL.Path)
	}))
	defer srv.Close()
	tests := []struct {
		name         string
		ignoreRobots bool
		want         []time.Duration // before /b, /c, /d, and the robots.txt-to-/a gap first when obeyed
	}{
		{"a tenth of the delay after a 304", true, []time.Duration{200 * time.Millisecond, 200 * time.Millisecond, 2 * time.Second}},
		{"Crawl-delay holds after a 304", false, []time.Duration{2 * time.Second, 3 * time.Second, 3 * time.Second, 3 * time.Second}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			changed.Store(false)
			dir := t.TempDir()
			warm, _ := newTestClient(t, Options{IgnoreRobots: tc.ignoreRobots, CacheDir: dir})
			for _, p := range []string{"/a", "/b", "/c"} {
				if _, err := warm.Get(context.Background(), srv.URL+p); err != nil {
					t.Fatal(err)
				}
			}
			changed.Store(true)
			clk := &clock{t: time.Date(2024, 3, 12, 9, 0, 0, 0, time.UTC)}
			c := New(Options{IgnoreRobots: tc.ignoreRobots, CacheDir: dir, Delay: 2 * time.Second, Jitter: -1, Sleep: clk.sleep})
			c.now = clk.now
			for _, p := range []string{"/a", "/b", "/c", "/d"} {
				if _, err := c.Get(context.Background(), srv.URL+p); err != nil {
					t.Fatal(err)
				}
			}
			if fmt.Sprint(clk.waits) != fmt.Sprint(tc.want) {
				t.Errorf("waits = %v, want %v", clk.waits, tc.want)
			}
			st := c.Stats()
			fetched := int64(1) // /d
			if !tc.ignoreRobots {
				fetched++ // robots.txt, cached without a validator
			}
			if st.Revalidated != 2 || st.Changed != 1 || st.Fetched != fetched || st.Failed != 0 {
				t.Errorf("stats = %+v, want 2 unchanged, 1 changed, %d fetched", st, fetched)
			}
		})
	}
}

func TestSettingsSayTheDelay(t *testing.T) {
	for _, tc := range []struct {
		delay time.Duration
		want  string
	}{
		{0, "robots.txt obeyed, 1 connection(s) per host, no delay between requests (--delay 0), 3 retries"},
		{time.Second, "robots.txt obeyed, 1 connection(s) per host, 1s delay (+50% jitter; 100ms after a 304), 3 retries"},
	} {
		if got := New(Options{Delay: tc.delay}).Settings(); got != tc.want {
			t.Errorf("delay %s: %q, want %q", tc.delay, got, tc.want)
		}
	}
}

// robots.txt as RFC 9309 reads its status: a 4xx (missing, or
// forbidden) allows everything; a 5xx (after the retries) means fetch
// nothing, and the error says --ignore-robots is the way out.
func TestRobotsTxtStatusPerRFC9309(t *testing.T) {
	for _, tc := range []struct {
		status  int
		wantErr error
	}{
		{http.StatusNotFound, nil},
		{http.StatusForbidden, nil},
		{http.StatusUnauthorized, nil},
		{http.StatusServiceUnavailable, ErrRobotsUnavailable},
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/robots.txt" {
				w.WriteHeader(tc.status)
				return
			}
			fmt.Fprint(w, "ok")
		}))
		c, _ := newTestClient(t, Options{Retries: 1})
		_, err := c.Get(context.Background(), srv.URL+"/a-post/")
		switch {
		case tc.wantErr == nil && err != nil:
			t.Errorf("robots.txt %d: %v, want the page", tc.status, err)
		case tc.wantErr != nil && (!errors.Is(err, tc.wantErr) || !strings.Contains(err.Error(), "--ignore-robots")):
			t.Errorf("robots.txt %d: %v, want %v naming --ignore-robots", tc.status, err, tc.wantErr)
		}
		srv.Close()
	}
}
