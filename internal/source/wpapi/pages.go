package wpapi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"sync"

	"github.com/blogport/blogport/internal/fetch"
	"github.com/blogport/blogport/internal/post"
	"github.com/blogport/blogport/internal/source"
)

// each yields every item of a paginated collection, decoded into T, in
// page order. The first page tells how many there are (X-WP-TotalPages);
// the others are fetched on as many workers as the fetch client opens
// connections to a host (see inOrder), and come out as the serial walk
// gives them: a page that names another total decides how far the walk
// goes (the total is a hint: an empty page or a 400 past the first page
// ends it), an error on the first page is yielded, and an error on a
// later page is listed as failed while the walk goes on (pageFailed).
func each[T any](ctx context.Context, r *Reader, route string, q url.Values) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		get := func(ctx context.Context, n int) pageOf[T] { return getPage[T](ctx, r, route, q, n) }
		total, failing := 1, 0
		take := func(p pageOf[T]) bool {
			if p.past {
				return false
			}
			if p.err != nil {
				if p.n == 1 || ctx.Err() != nil {
					var zero T
					yield(zero, p.err)
					return false
				}
				r.pageFailed(route, p.n, p.err)
				failing++ // the pages after it may well answer, unless several in a row do not
				return p.n < total && failing < maxFailedInARow
			}
			failing = 0
			if p.n > 1 && len(p.items) == 0 { // X-WP-TotalPages is a hint: an empty page is the end
				if p.n <= total {
					r.notes = append(r.notes, post.Note{Where: r.root.String(), Code: "listing_ended_early",
						What: fmt.Sprintf("%s: page %d was empty though the API named %d pages: the listing ends there", route, p.n, total)})
				}
				return false
			}
			if p.hasTotal {
				total = p.total
			}
			for _, it := range p.items {
				if !yield(it, nil) {
					return false
				}
			}
			return p.n < total
		}
		if !take(get(ctx, 1)) {
			return
		}
		for from := 2; from <= total; {
			to := total
			if !inOrder(ctx, min(r.client.Concurrency(), to-from+1), from, to, get, take) {
				return
			}
			from = to + 1 // the last page named a larger total
		}
	}
}

// maxFailedInARow is how many pages of a listing may fail one after the
// other before the walk stops: a total that names pages the server cannot
// give must not make it ask for every one of them.
const maxFailedInARow = 3

// pageFailed records a page of a listing that failed past the first page
// (after the fetcher's retries): the other pages' items are kept, the
// walk goes on, and the run is partial (exit 3).
func (r *Reader) pageFailed(route string, n int, err error) {
	r.failed = append(r.failed, post.Note{Where: r.root.String(), Code: source.FailureCode(err),
		What: fmt.Sprintf("page %d of the %s listing could not be read (%v): its items are missing; the other pages' are kept", n, route, err)})
}

// pageOf is one page of a collection as fetched and decoded.
type pageOf[T any] struct {
	n        int
	items    []T
	total    int // X-WP-TotalPages, when hasTotal
	hasTotal bool
	past     bool // answered 400: past the last page
	err      error
}

// getPage fetches page n of a collection, 100 items a page, and decodes it.
func getPage[T any](ctx context.Context, r *Reader, route string, q url.Values, n int) pageOf[T] {
	p := pageOf[T]{n: n}
	q = cloneValues(q)
	q.Set("per_page", "100")
	resp, err := r.page(ctx, route, q, n)
	var se *fetch.StatusError
	if errors.As(err, &se) && se.Status == http.StatusBadRequest && n > 1 {
		p.past = true
		return p
	}
	if err != nil {
		p.err = fmt.Errorf("wpapi %s: %w", route, err)
		return p
	}
	if t, err := strconv.Atoi(resp.Header.Get("X-WP-TotalPages")); err == nil {
		p.total, p.hasTotal = t, true
	}
	if err := json.Unmarshal(resp.Body, &p.items); err != nil {
		p.err = fmt.Errorf("wpapi %s page %d: %w", route, n, err)
	}
	return p
}

// inOrder gets pages from..to on w workers and hands each to take in page
// order: a page fetched early waits until those before it are taken, and
// no more than w pages are fetched or held ahead of the one take has. It
// stops as soon as take returns false, and reports whether take took
// every page. The workers stop (their requests cancelled) before it
// returns. With one worker it is a plain loop, requests one after another.
func inOrder[P any](ctx context.Context, w, from, to int, get func(context.Context, int) P, take func(P) bool) bool {
	if w <= 1 {
		for n := from; n <= to; n++ {
			if !take(get(ctx, n)) {
				return false
			}
		}
		return true
	}
	ctx, cancel := context.WithCancel(ctx)
	type job struct {
		n   int
		out chan P
	}
	jobs := make(chan job, w) // never more than w outstanding: sends do not block
	var wg sync.WaitGroup
	for range w {
		wg.Go(func() {
			for j := range jobs {
				j.out <- get(ctx, j.n) // cancelled, get returns at once with the context's error
			}
		})
	}
	defer func() {
		cancel()
		close(jobs)
		wg.Wait()
	}()
	ahead := make([]chan P, 0, w) // outstanding pages, in page order
	next := from
	fill := func() {
		for ; next <= to && len(ahead) < w; next++ {
			out := make(chan P, 1)
			jobs <- job{next, out}
			ahead = append(ahead, out)
		}
	}
	fill()
	for len(ahead) > 0 {
		p := <-ahead[0]
		ahead = ahead[1:]
		fill() // keep w pages coming while this one is taken
		if !take(p) {
			return false
		}
	}
	return true
}
