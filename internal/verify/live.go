package verify

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"sync"

	"github.com/blogport/blogport/internal/archive"
	"github.com/blogport/blogport/internal/redirects"
)

// workers is how many requests a check of the new site has in flight.
const workers = 4

// CheckRedirects requests every row of the table from the new site: each must
// answer one 301/308 to its target, which must answer 200. host, when
// set, is sent as the Host header (the old site's name, served by the new
// server).
func (r *Report) CheckRedirects(ctx context.Context, t *redirects.Table, base, host string, client *http.Client) {
	b, err := url.Parse(strings.TrimSuffix(base, "/"))
	if err != nil {
		r.add(base, "not a usable address")
		return
	}
	c := noFollow(client)
	each(r, t.Rows, func(row redirects.Row) (string, string) {
		q := ""
		if row.Query != "" {
			q = "?" + row.Query
		}
		return row.From + q, checkRow(ctx, c, b, host, row)
	}, &r.Redirects)
}

// CheckPages requests every item's new URL from the new site: each must
// answer 200 itself, not redirect. Drafts are not asked for. host is sent
// as for CheckRedirects.
func (r *Report) CheckPages(ctx context.Context, m *archive.Manifest, base, host string, client *http.Client) {
	b, err := url.Parse(strings.TrimSuffix(base, "/"))
	if err != nil {
		r.add(base, "not a usable address")
		return
	}
	c := noFollow(client)
	var items []archive.Item
	for _, it := range m.Items {
		if it.NewURL != "" && !r.front[it.Path].Draft {
			items = append(items, it)
		}
	}
	each(r, items, func(it archive.Item) (string, string) {
		u := *b
		u.RawPath = ""
		u.Path = b.Path + mustUnescape(it.NewURL)
		resp, err := get(ctx, c, u.String(), host)
		switch {
		case err != nil:
			return it.NewURL, err.Error()
		case resp.StatusCode != http.StatusOK:
			return it.NewURL, fmt.Sprintf("the new URL of %s answered %d, want 200", it.Path, resp.StatusCode)
		}
		return it.NewURL, ""
	}, &r.Pages)
}

// each runs check on every job, a few at once, counting them in n and
// adding the problem each reports (where, what; what "" for none). The
// problems end sorted by where.
func each[T any](r *Report, jobs []T, check func(T) (where, what string), n *int) {
	var mu sync.Mutex
	var wg sync.WaitGroup
	ch := make(chan T)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for job := range ch {
				where, what := check(job)
				mu.Lock()
				*n++
				if what != "" {
					r.add(where, what)
				}
				mu.Unlock()
			}
		}()
	}
	for _, job := range jobs {
		ch <- job
	}
	close(ch)
	wg.Wait()
	sort.SliceStable(r.Problems, func(i, j int) bool { return r.Problems[i].Where < r.Problems[j].Where })
}

// noFollow is client (or a default one) not following redirects.
func noFollow(client *http.Client) *http.Client {
	if client == nil {
		client = &http.Client{}
	}
	nc := *client
	nc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &nc
}

func checkRow(ctx context.Context, c *http.Client, base *url.URL, host string, row redirects.Row) string {
	u := *base
	u.RawPath = ""
	u.Path = base.Path + mustUnescape(row.From)
	if strings.Contains(row.From, "%") {
		u.RawPath = base.Path + row.From // ask for it exactly as old links wrote it
	}
	u.RawQuery = row.Query
	resp, err := get(ctx, c, u.String(), host)
	if err != nil {
		return err.Error()
	}
	if resp.StatusCode != http.StatusMovedPermanently && resp.StatusCode != http.StatusPermanentRedirect {
		return fmt.Sprintf("answered %d, want a permanent redirect to %s", resp.StatusCode, row.To)
	}
	loc, err := resp.Location()
	if err != nil {
		return "redirect without a Location"
	}
	want, _ := url.Parse(row.To)
	if mustUnescape(loc.EscapedPath()) != mustUnescape(want.EscapedPath()) || loc.RawQuery != want.RawQuery {
		return fmt.Sprintf("redirects to %s, want %s", loc.RequestURI(), row.To)
	}
	resp, err = get(ctx, c, base.ResolveReference(&url.URL{Path: loc.Path, RawPath: loc.RawPath, RawQuery: loc.RawQuery}).String(), host)
	if err != nil {
		return err.Error()
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Sprintf("the target %s answered %d, want 200 (one hop only)", row.To, resp.StatusCode)
	}
	return ""
}

func get(ctx context.Context, c *http.Client, u, host string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	if host != "" {
		req.Host = host
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	return resp, nil
}

func mustUnescape(s string) string {
	if d, err := url.PathUnescape(s); err == nil {
		return d
	}
	return s
}
