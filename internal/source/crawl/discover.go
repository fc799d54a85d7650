package crawl

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/blogport/blogport/internal/extract"
	"github.com/blogport/blogport/internal/fetch"
	"github.com/blogport/blogport/internal/normalize"
	"github.com/blogport/blogport/internal/post"
	"github.com/blogport/blogport/internal/source/feed"
	"github.com/mmcdole/gofeed"
)

// seed is a URL the crawl starts from; walk says its links are followed
// whatever the page turns out to be (the mapping's start.urls and the
// start page), while the pages sitemaps and feeds list are walked only as
// any other page is.
type seed struct {
	url  string
	walk bool
}

// maxSitemaps bounds the sitemaps read, sitemap indexes included.
const maxSitemaps = 1000

// discover lists the seeds once per Reader, in this order: the URLs of
// the sitemaps, those of the feeds, the mapping's start URLs and the start
// page. A second Posts asks the site nothing again for them.
func (r *Reader) discover(ctx context.Context) {
	if r.discovered {
		return
	}
	r.seeds, r.seedNotes = nil, nil
	read := map[string]bool{} // post.LinkKey of every address discovery asked for
	for _, u := range r.sitemapURLs(ctx, read) {
		r.seeds = append(r.seeds, seed{url: u})
	}
	for _, u := range r.feedURLs(ctx, read) {
		r.seeds = append(r.seeds, seed{url: u})
	}
	for _, s := range r.mapping.Start.URLs {
		r.seeds = append(r.seeds, seed{url: r.resolve(s), walk: true})
	}
	r.seeds = append(r.seeds, seed{url: r.start.URL.String(), walk: true})
	r.discovered = ctx.Err() == nil // an interrupted discovery is not kept
}

func (r *Reader) seedNote(where string, err error) {
	code, what := reason(err, 0)
	if errors.Is(err, errNotSitemap) {
		code, what = "sitemap_unreadable", err.Error()
	}
	r.seedNotes = append(r.seedNotes, post.Note{Where: where, What: code + ": " + what})
}

// sitemapURLs reads the sitemaps robots.txt declares, then the mapping's
// usual places, following sitemap indexes, each address once. A usual
// place that is missing or holds no sitemap is no news; any other failure
// is a note.
func (r *Reader) sitemapURLs(ctx context.Context, read map[string]bool) []string {
	type sitemap struct {
		url     string
		guessed bool // from the mapping, not declared by the site
	}
	var list []sitemap
	for _, s := range r.client.Sitemaps(ctx, r.base) {
		list = append(list, sitemap{url: s})
	}
	for _, s := range r.mapping.Start.Sitemaps {
		list = append(list, sitemap{url: r.resolve(s), guessed: true})
	}
	var urls []string
	n := 0
	for i := 0; i < len(list) && ctx.Err() == nil; i++ { // list grows as indexes are read
		sm := list[i]
		if k, ok := post.LinkKey(sm.url); !ok || read[k] {
			continue
		}
		if n++; n > maxSitemaps {
			r.seedNotes = append(r.seedNotes, post.Note{Where: sm.url, What: fmt.Sprintf("sitemap_cap: not read: the crawl reads at most %d sitemaps", maxSitemaps)})
			continue
		}
		resp, err := r.get(ctx, sm.url, read)
		var children, locs []string
		if err == nil {
			children, locs, err = parseSitemap(resp.Body)
		}
		switch {
		case errors.Is(err, errAlreadyRead):
		case err != nil && sm.guessed && (missing(err) || errors.Is(err, errNotSitemap)):
		case err != nil:
			r.seedNote(sm.url, err)
		}
		for _, c := range children {
			list = append(list, sitemap{url: c})
		}
		urls = append(urls, r.onSite(sm.url, locs)...)
	}
	return urls
}

var (
	errNotSitemap  = errors.New("not a sitemap")
	errAlreadyRead = errors.New("redirects to an address discovery already read")
)

// get fetches a sitemap or feed for discovery, each address once: a
// redirect to an address already read is not followed.
func (r *Reader) get(ctx context.Context, u string, read map[string]bool) (*fetch.Response, error) {
	k, _ := post.LinkKey(u)
	read[k] = true
	hc := &http.Client{Transport: r.client, CheckRedirect: func(req *http.Request, via []*http.Request) error {
		k, _ := post.LinkKey(req.URL.String())
		if read[k] {
			return errAlreadyRead
		}
		read[k] = true
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, &fetch.StatusError{URL: u, Status: resp.StatusCode}
	}
	return &fetch.Response{URL: resp.Request.URL, Status: resp.StatusCode, Header: resp.Header, Body: body}, nil
}

// parseSitemap returns a sitemap's child sitemaps (an index) and page URLs.
func parseSitemap(body []byte) (children, locs []string, err error) {
	var doc struct {
		XMLName  xml.Name
		Sitemaps []struct {
			Loc string `xml:"loc"`
		} `xml:"sitemap"`
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.NewDecoder(bytes.NewReader(body)).Decode(&doc); err != nil {
		return nil, nil, fmt.Errorf("%w: %v", errNotSitemap, err)
	}
	for _, s := range doc.Sitemaps {
		if strings.Contains(s.Loc, "users") || strings.Contains(s.Loc, "author") {
			continue // author archives list no posts of their own
		}
		children = append(children, strings.TrimSpace(s.Loc))
	}
	for _, u := range doc.URLs {
		locs = append(locs, strings.TrimSpace(u.Loc))
	}
	return children, locs, nil
}

// feedURLs reads the mapping's feeds: their items' links, and the terms
// they give each item. A feed that is missing or is no feed is no news.
func (r *Reader) feedURLs(ctx context.Context, read map[string]bool) []string {
	var urls []string
	for _, f := range r.mapping.Start.Feeds {
		feedURL := r.resolve(f)
		if k, ok := post.LinkKey(feedURL); !ok || read[k] || ctx.Err() != nil {
			continue
		}
		resp, err := r.get(ctx, feedURL, read)
		if err != nil {
			if !missing(err) && !errors.Is(err, errAlreadyRead) {
				r.seedNote(feedURL, err)
			}
			continue
		}
		parsed, err := gofeed.NewParser().ParseString(string(resp.Body))
		if err != nil {
			continue
		}
		base, _ := url.Parse(feedURL)
		var links []string
		for _, it := range parsed.Items {
			link := it.Link
			if u, err := base.Parse(link); err == nil {
				link = u.String() // feeds of sites built without their address carry relative links
			}
			links = append(links, link)
			if k, err := post.Normalize(link); err == nil {
				if _, dup := r.terms[k]; !dup {
					r.feedLinks = append(r.feedLinks, link)
				}
				r.terms[k] = feedTerms{categories: it.Categories, text: len(normalize.PlainText(it.Content)), date: feed.Published(it)}
				if u, err := url.Parse(link); err == nil {
					r.shapes[extract.Shape(u)]++
				}
			}
		}
		urls = append(urls, r.onSite(feedURL, links)...)
	}
	return urls
}

// feedTerms are what a feed says of an item: its terms, for themes that
// do not show them on the page (Jekyll's minima), and how much text its
// full content holds, to check the page's body against.
type feedTerms struct {
	categories []string
	text       int       // characters of plain text; 0 when the feed gives no full content
	date       time.Time // when it was published, for themes that show no date a machine reads
}

// onSite keeps the URLs a sitemap or feed lists on the site's host, and
// notes once how many it listed elsewhere.
func (r *Reader) onSite(from string, urls []string) []string {
	var kept, off []string
	for _, raw := range urls {
		if u, err := url.Parse(raw); err == nil && !r.sameSite(u) && (u.Scheme == "http" || u.Scheme == "https") {
			off = append(off, raw)
			continue
		}
		kept = append(kept, raw)
	}
	if len(off) > 0 {
		r.seedNotes = append(r.seedNotes, post.Note{Where: from, What: fmt.Sprintf(
			"off_site: %d of the URLs it lists are on another host than %s (the first: %s); not crawled", len(off), r.base.Host, off[0])})
	}
	return kept
}

// missing is a 404, 410 or 501 (WordPress with its sitemaps off): a usual
// place the site does not use.
func missing(err error) bool {
	var se *fetch.StatusError
	return errors.As(err, &se) && (se.Status == http.StatusNotFound || se.Status == http.StatusGone || se.Status == http.StatusNotImplemented)
}
