// Package verify checks an archive: every item has its file and a front
// matter that parses, every media file is there with its hash, every link
// between posts lands on a page of the archive; and, against a running
// new site, that every old address answers one permanent redirect to the
// page it should, which answers 200.
package verify

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"

	"github.com/blogport/blogport/internal/archive"
	"github.com/blogport/blogport/internal/post"
	"github.com/blogport/blogport/internal/redirects"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// Problem is one failed check.
type Problem struct {
	Where string `json:"where"`
	What  string `json:"what"`
}

// Report is what verify found.
type Report struct {
	Items     int       `json:"items"`
	Files     int       `json:"files"`
	Links     int       `json:"links"`
	Redirects int       `json:"redirects_checked"`
	Problems  []Problem `json:"problems"`
}

// Archive checks the archive in dir offline.
func Archive(dir string) (*Report, *archive.Manifest, error) {
	m, err := archive.ReadManifest(dir)
	if err != nil {
		return nil, nil, err
	}
	r := &Report{Problems: []Problem{}}
	pages := map[string]bool{}
	for _, it := range m.Items {
		if it.NewURL != "" {
			pages[strings.TrimSuffix(it.NewURL, "/")] = true
		}
	}
	md := goldmark.New(goldmark.WithExtensions(extension.GFM, extension.Footnote))
	for _, it := range m.Items {
		r.Items++
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(it.Path)))
		if err != nil {
			r.add(it.Path, "the item's file is missing")
			continue
		}
		r.Files++
		_, body, err := archive.ReadFrontMatter(data)
		if err != nil {
			r.add(it.Path, "front matter does not parse: "+err.Error())
		}
		local := map[string]bool{}
		for _, a := range it.Assets {
			if a.Path == "" {
				continue
			}
			f, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(a.Path)))
			if err != nil {
				r.add(it.Path, "media file missing: "+a.Path)
				continue
			}
			r.Files++
			sum := sha256.Sum256(f)
			if hex.EncodeToString(sum[:]) != a.SHA256 {
				r.add(a.Path, "content does not match its sha256 in the manifest")
			}
			local[path.Clean(a.Path)] = true
		}
		src := []byte(body)
		doc := md.Parser().Parse(text.NewReader(src))
		_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if !entering {
				return ast.WalkContinue, nil
			}
			var dest string
			switch n := n.(type) {
			case *ast.Link:
				dest = string(n.Destination)
			case *ast.Image:
				dest = string(n.Destination)
			default:
				return ast.WalkContinue, nil
			}
			r.Links++
			if problem := checkLink(m, it, dest, pages, local); problem != "" {
				r.add(it.Path, problem)
			}
			return ast.WalkContinue, nil
		})
	}
	return r, m, nil
}

// checkLink says what is wrong with one link of an item, if anything.
func checkLink(m *archive.Manifest, it archive.Item, dest string, pages, local map[string]bool) string {
	u, err := url.Parse(dest)
	if err != nil {
		return fmt.Sprintf("link %q does not parse", dest)
	}
	switch {
	case u.Scheme == "" && u.Host == "" && !strings.HasPrefix(u.Path, "/"):
		if u.Path == "" {
			return "" // #fragment
		}
		p := path.Join(path.Dir(it.Path), u.Path)
		if local[p] {
			return ""
		}
		return fmt.Sprintf("link %q points at no file of the archive", dest)
	case u.Scheme == "" && u.Host == "":
		p, _ := url.PathUnescape(u.Path)
		if pages[strings.TrimSuffix(p, "/")] || local[strings.TrimPrefix(path.Clean(p), "/")] {
			return ""
		}
		return fmt.Sprintf("link %q points at no page of the archive", dest)
	}
	if old, err := url.Parse(m.Source.URL); err == nil && old.Host != "" && post.SameHost(u.Host, old.Host) {
		if strings.HasPrefix(u.Path, "/wp-content/") {
			return "" // media kept remote (--assets keep)
		}
		return fmt.Sprintf("link %q still points at the old site", dest)
	}
	return ""
}

func (r *Report) add(where, what string) { r.Problems = append(r.Problems, Problem{where, what}) }

// CheckRedirects requests every row of the table from the new site: each must
// answer one 301/308 to its target, which must answer 200. host, when
// set, is sent as the Host header (the old site's name, served by the new
// server).
func (r *Report) CheckRedirects(ctx context.Context, t *redirects.Table, base, host string, client *http.Client) {
	if client == nil {
		client = &http.Client{}
	}
	nc := *client
	nc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	b, err := url.Parse(strings.TrimSuffix(base, "/"))
	if err != nil {
		r.add(base, "not a usable address")
		return
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	jobs := make(chan redirects.Row)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for row := range jobs {
				problem := checkRow(ctx, &nc, b, host, row)
				mu.Lock()
				r.Redirects++
				if problem != "" {
					q := ""
					if row.Query != "" {
						q = "?" + row.Query
					}
					r.add(row.From+q, problem)
				}
				mu.Unlock()
			}
		}()
	}
	for _, row := range t.Rows {
		jobs <- row
	}
	close(jobs)
	wg.Wait()
	sort.SliceStable(r.Problems, func(i, j int) bool { return r.Problems[i].Where < r.Problems[j].Where })
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
