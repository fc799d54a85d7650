package wpapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/blogport/blogport/internal/fetch"
	"github.com/blogport/blogport/internal/post"
	"github.com/blogport/blogport/internal/testenv"
)

// pagedWP serves a REST API whose posts come in pages of 100 (ids 1, 2, …
// in page order) and whose indexes are empty. Every request for a page of
// posts past the first goes through hold, when set, before it is answered.
type pagedWP struct {
	pages  int                          // pages of posts
	total  func(n int) int              // X-WP-TotalPages on page n; default pages
	status func(n int) int              // the status page n answers; default 200
	hold   func(r *http.Request, n int) // before answering page n > 1
	empty  bool                         // pages past the last answer 200 with no items, not 400
	served *atomic.Int64                // counts the pages of posts asked for, when set
}

func (s pagedWP) start(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		write := func(v any, total int) {
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("X-WP-TotalPages", strconv.Itoa(total))
			json.NewEncoder(w).Encode(v)
		}
		switch r.URL.Path {
		case "/wp-json/":
			write(map[string]any{"name": "Paged", "home": "http://" + r.Host, "timezone_string": "UTC"}, 1)
		case "/wp-json/wp/v2/posts":
			s.posts(w, r, write)
		case "/wp-json/wp/v2/users", "/wp-json/wp/v2/categories", "/wp-json/wp/v2/tags",
			"/wp-json/wp/v2/pages", "/wp-json/wp/v2/media", "/wp-json/wp/v2/comments":
			write([]any{}, 1)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func (s pagedWP) posts(w http.ResponseWriter, r *http.Request, write func(any, int)) {
	n, _ := strconv.Atoi(r.URL.Query().Get("page"))
	if r.URL.Query().Get("per_page") == "1" { // Open's probe
		write([]map[string]any{{"id": 1}}, s.pages*100)
		return
	}
	if s.served != nil {
		s.served.Add(1)
	}
	if n > 1 && s.hold != nil {
		s.hold(r, n)
	}
	if s.status != nil && s.status(n) != http.StatusOK {
		w.WriteHeader(s.status(n))
		return
	}
	total := s.pages
	if s.total != nil {
		total = s.total(n)
	}
	if n > s.pages && s.empty {
		write([]any{}, total)
		return
	}
	if n < 1 || n > s.pages {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	var items []map[string]any
	for id := (n-1)*100 + 1; id <= n*100; id++ {
		items = append(items, map[string]any{"id": id, "type": "post", "status": "publish", "slug": fmt.Sprintf("p%d", id),
			"date": "2024-03-12T09:30:00", "date_gmt": "2024-03-12T09:30:00",
			"title": map[string]any{"rendered": fmt.Sprintf("Post %d", id)}, "content": map[string]any{"rendered": fmt.Sprintf("<p>Body %d.</p>", id)}})
	}
	write(items, total)
}

func openWith(t *testing.T, srv *httptest.Server, concurrency int) *Reader {
	t.Helper()
	c := fetch.New(fetch.Options{Delay: -1, Retries: -1, Concurrency: concurrency})
	r, err := Open(context.Background(), c, srv.URL+"/wp-json/", Options{})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func readAll(t *testing.T, r *Reader, ctx context.Context) ([]*post.Post, error) {
	t.Helper()
	var got []*post.Post
	for p, err := range r.Posts(ctx) {
		if err != nil {
			return got, err
		}
		got = append(got, p)
	}
	return got, nil
}

// The pages after the first are fetched on min(concurrency, pages left)
// workers at once, and no more.
func TestPostPagesAreFetchedOnAsManyWorkersAsConnections(t *testing.T) {
	tests := []struct {
		name              string
		concurrency       int
		pages             int
		wantMostInFlight  int
		wantPostsInOrderN int
	}{
		{"one connection, one request at a time", 1, 9, 1, 900},
		{"four connections, four requests", 4, 9, 4, 900},
		{"more connections than pages left", 8, 4, 3, 400},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := testenv.NewInFlight(tc.wantMostInFlight)
			srv := pagedWP{pages: tc.pages, hold: func(*http.Request, int) { defer f.Wait()() }}.start(t)
			got, err := readAll(t, openWith(t, srv, tc.concurrency), context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if f.Most() != tc.wantMostInFlight {
				t.Errorf("at most %d requests in flight, want %d", f.Most(), tc.wantMostInFlight)
			}
			if len(got) != tc.wantPostsInOrderN {
				t.Fatalf("got %d posts, want %d", len(got), tc.wantPostsInOrderN)
			}
			for i, p := range got {
				if p.ID != int64(i+1) {
					t.Fatalf("post %d has id %d: out of page order", i, p.ID)
				}
			}
		})
	}
}

// Pages answered out of order (the later the page, the sooner its
// answer) still give the posts the serial walk gives, byte for byte.
func TestPostsAreTheSameWhateverTheConcurrency(t *testing.T) {
	srv := pagedWP{pages: 12, hold: func(_ *http.Request, n int) { time.Sleep(time.Duration(13-n) * 2 * time.Millisecond) }}.start(t)
	var runs [][]byte
	for _, c := range []int{1, 8} {
		got, err := readAll(t, openWith(t, srv, c), context.Background())
		if err != nil {
			t.Fatal(err)
		}
		b, err := json.Marshal(got)
		if err != nil {
			t.Fatal(err)
		}
		runs = append(runs, b)
	}
	if len(runs[0]) == 0 || string(runs[0]) != string(runs[1]) {
		t.Errorf("concurrency 8 gives other posts than concurrency 1 (%d vs %d bytes)", len(runs[1]), len(runs[0]))
	}
}

// The walk goes as far as the pages say, as the serial walk did: a page
// that names a larger total extends it, a 400 past the first page ends
// it without an error, and an error on a page comes after every post of
// the pages before it, naming the page's URL.
func TestPostPagesEndWhereTheSerialWalkEnds(t *testing.T) {
	tests := []struct {
		name     string
		srv      pagedWP
		want     int    // posts before the end
		wantErr  string // in the error that ends the walk; "" for none
		failed   string // the code of the one failure listed; "" for none
		maxPages int64  // pages of posts asked for, at most; 0 for no bound checked
	}{
		{"total from the first page", pagedWP{pages: 6}, 600, "", "", 0},
		{"a later page names a larger total", pagedWP{pages: 7, total: func(n int) int { return map[bool]int{true: 3, false: 7}[n < 3] }}, 700, "", "", 0},
		{"a later page names a smaller total", pagedWP{pages: 7, total: func(n int) int { return map[bool]int{true: 7, false: 4}[n < 3] }}, 400, "", "", 0},
		{"400 past the last page", pagedWP{pages: 4, total: func(int) int { return 9 }}, 400, "", "", 0},
		{"a lying total with empty pages after the last", pagedWP{pages: 3, total: func(int) int { return 100000 }, empty: true}, 300, "", "", 3 + 1 + 4},
		{"error on a middle page loses that page only", pagedWP{pages: 9, status: func(n int) int { return map[bool]int{true: 500, false: 200}[n == 5] }}, 800, "", "http_500", 0},
		{"a lying total with failing pages after the last", pagedWP{pages: 3, total: func(int) int { return 100000 }, status: func(n int) int { return map[bool]int{true: 500, false: 200}[n > 3] }}, 300, "",
			"http_500 http_500 http_500", 3 + 3 + 4},
		{"error on the first page", pagedWP{pages: 9, status: func(n int) int { return map[bool]int{true: 500, false: 200}[n == 1] }}, 0,
			"wpapi posts: GET http://HOST/wp-json/wp/v2/posts?order=asc&orderby=id&page=1&per_page=100&status=publish: HTTP 500", "", 0},
	}
	for _, tc := range tests {
		for _, c := range []int{1, 4} {
			t.Run(fmt.Sprintf("%s/concurrency %d", tc.name, c), func(t *testing.T) {
				served := new(atomic.Int64)
				tc.srv.served = served
				srv := tc.srv.start(t)
				r := openWith(t, srv, c)
				got, err := readAll(t, r, context.Background())
				if len(got) != tc.want {
					t.Errorf("got %d posts, want %d", len(got), tc.want)
				}
				for i := 1; i < len(got); i++ {
					if got[i].ID <= got[i-1].ID {
						t.Fatalf("post %d has id %d after %d: out of page order", i, got[i].ID, got[i-1].ID)
					}
				}
				want := strings.ReplaceAll(tc.wantErr, "HOST", srv.Listener.Addr().String())
				if fmt.Sprint(err) != want && (err != nil || want != "") {
					t.Errorf("err = %v, want %q", err, want)
				}
				var codes []string
				for _, f := range r.Failed() {
					codes = append(codes, f.Code)
				}
				if strings.Join(codes, " ") != tc.failed {
					t.Errorf("failed = %v, want %q", r.Failed(), tc.failed)
				}
				if tc.maxPages > 0 && served.Load() > tc.maxPages {
					t.Errorf("%d pages of posts asked for, want at most %d (the walk must end at the first empty page)", served.Load(), tc.maxPages)
				}
			})
		}
	}
}

// workers lists the goroutines of the page workers still running.
func workers() []string {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	var out []string
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "wpapi.inOrder") {
			out = append(out, g)
		}
	}
	return out
}

// Cancelling the context while pages hang on the server ends the walk at
// once with the context's error; stopping the loop early ends it too; no
// worker outlives either.
func TestPostPagesStopWithNoWorkerLeft(t *testing.T) {
	tests := []struct {
		name    string
		stop    func(p *post.Post, cancel func()) bool // true: break out of the loop
		wantErr error
	}{
		{"context cancelled", func(p *post.Post, cancel func()) bool {
			if p.ID == 201 {
				cancel()
			}
			return false
		}, context.Canceled},
		{"loop stopped", func(p *post.Post, _ func()) bool { return p.ID == 201 }, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// pages 4 and after hang until the client gives up on them
			srv := pagedWP{pages: 20, hold: func(r *http.Request, n int) {
				if n >= 4 {
					<-r.Context().Done()
				}
			}}.start(t)
			r := openWith(t, srv, 4)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			start := time.Now()
			var err error
			for p, e := range r.Posts(ctx) {
				if err = e; e != nil || tc.stop(p, cancel) {
					break
				}
			}
			if !errors.Is(err, tc.wantErr) || (tc.wantErr == nil) != (err == nil) {
				t.Errorf("ended with %v, want %v", err, tc.wantErr)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %s to stop", d)
			}
			if w := workers(); len(w) > 0 {
				t.Errorf("%d page workers still running:\n%s", len(w), strings.Join(w, "\n\n"))
			}
		})
	}
}

// Credentials the site refuses (401, 403) are an error that names them,
// never a closed API that the route would quietly read another way;
// without credentials a 401 is a closed API.
func TestRefusedCredentialsAreAnError(t *testing.T) {
	for _, status := range []int{http.StatusUnauthorized, http.StatusForbidden} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/wp-json/" {
				w.Header().Set("Content-Type", "application/json")
				fmt.Fprint(w, `{"name":"Locked","home":"http://example.invalid"}`)
				return
			}
			w.WriteHeader(status)
		}))
		c := fetch.New(fetch.Options{Delay: -1, Retries: -1, IgnoreRobots: true})
		_, err := Open(context.Background(), c, srv.URL+"/wp-json/", Options{Drafts: true, Credentials: &Credentials{User: "editor", Password: "xxxx"}})
		if !errors.Is(err, ErrRejected) || !strings.Contains(err.Error(), "BLOGPORT_WP_APP_PASSWORD") {
			t.Errorf("%d with credentials: err = %v, want ErrRejected naming the variables", status, err)
		}
		_, err = Open(context.Background(), c, srv.URL+"/wp-json/", Options{})
		if !errors.Is(err, ErrNoAPI) || errors.Is(err, ErrRejected) {
			t.Errorf("%d without credentials: err = %v, want ErrNoAPI", status, err)
		}
		srv.Close()
	}
}
