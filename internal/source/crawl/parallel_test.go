package crawl

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/blogport/blogport/internal/fetch"
	"github.com/blogport/blogport/internal/post"
	"github.com/blogport/blogport/internal/testenv"
)

// manyPosts is a site whose start page lists n posts, each of which links
// to the next two (round the end) and to a missing page; every post page
// goes through hold first.
func manyPosts(t *testing.T, n int, hold func(r *http.Request, i int)) *testSite {
	pages := map[string]http.HandlerFunc{}
	var list []string
	for i := 1; i <= n; i++ {
		list = append(list, fmt.Sprintf("/p%d/", i))
		page := html(postPage(fmt.Sprintf("P%d", i), fmt.Sprintf("/p%d/", i%n+1), fmt.Sprintf("/p%d/", (i+1)%n+1), "/missing/"))
		pages[fmt.Sprintf("/p%d/", i)] = func(w http.ResponseWriter, r *http.Request) {
			hold(r, i)
			page(w, r)
		}
	}
	pages["/"] = html(listPage(list...))
	return newSite(t, pages)
}

// The crawl keeps as many requests in flight as the fetch client opens
// connections to a host, and no more.
func TestCrawlVisitsOnAsManyWorkersAsConnections(t *testing.T) {
	for _, c := range []int{1, 4} {
		t.Run(fmt.Sprintf("concurrency %d", c), func(t *testing.T) {
			f := testenv.NewInFlight(c)
			s := manyPosts(t, 24, func(*http.Request, int) { defer f.Wait()() })
			r := open(t, client(s, fetch.Options{Concurrency: c}), s.URL+"/", testMapping(t))
			if got := len(testenv.Posts(t, r.Posts(context.Background()))); got != 24 {
				t.Fatalf("found %d posts, want 24", got)
			}
			if f.Most() != c {
				t.Errorf("at most %d requests in flight, want %d", f.Most(), c)
			}
		})
	}
}

// Pages answered in another order than asked (the later, the sooner)
// give the same posts and notes, byte for byte, at any concurrency.
func TestCrawlIsTheSameWhateverTheConcurrency(t *testing.T) {
	s := manyPosts(t, 40, func(_ *http.Request, i int) { time.Sleep(time.Duration(40-i) * 200 * time.Microsecond) })
	var runs []string
	for _, c := range []int{1, 8} {
		r := open(t, client(s, fetch.Options{Concurrency: c}), s.URL+"/", testMapping(t))
		ps := testenv.Posts(t, r.Posts(context.Background()))
		b, err := json.Marshal(struct {
			Posts []*post.Post
			Notes []post.Note
		}{ps, r.Notes()})
		if err != nil {
			t.Fatal(err)
		}
		if len(ps) != 40 || len(r.Notes()) != 1 || notesByCode(r)["/missing/"] != "http_error" {
			t.Fatalf("concurrency %d: %d posts, notes %v", c, len(ps), r.Notes())
		}
		runs = append(runs, string(b))
	}
	if runs[0] != runs[1] {
		t.Errorf("concurrency 8 gives other posts or notes than concurrency 1:\n%s\n%s", runs[0], runs[1])
	}
}

// crawlWorkers lists the goroutines of crawl workers still running.
func crawlWorkers() []string {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	var out []string
	for _, g := range strings.Split(string(buf), "\n\n") {
		if strings.Contains(g, "crawl.(*Reader).newCrawl") || strings.Contains(g, "gocolly") {
			out = append(out, g)
		}
	}
	return out
}

// Cancelling the context while pages hang on the server ends the crawl at
// once with the context's error and no notes for the pages cut short;
// stopping the loop early ends it too; no worker outlives either.
func TestCrawlStopsWithNoWorkerLeft(t *testing.T) {
	tests := []struct {
		name    string
		stop    func(p *post.Post, cancel func()) bool // true: break out of the loop
		wantErr error
	}{
		{"context cancelled", func(p *post.Post, cancel func()) bool {
			if p.Title == "P3" {
				cancel()
			}
			return false
		}, context.Canceled},
		{"loop stopped", func(p *post.Post, _ func()) bool { return p.Title == "P3" }, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := manyPosts(t, 30, func(r *http.Request, i int) {
				if i > 5 {
					<-r.Context().Done() // hangs until the client gives up
				}
			})
			r := open(t, client(s, fetch.Options{Concurrency: 4}), s.URL+"/", testMapping(t))
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
			if w := crawlWorkers(); len(w) > 0 {
				t.Errorf("%d crawl goroutines still running:\n%s", len(w), strings.Join(w, "\n\n"))
			}
			if tc.wantErr != nil && len(r.Notes()) != 0 {
				t.Errorf("notes for the pages cut short: %v", r.Notes())
			}
		})
	}
}
