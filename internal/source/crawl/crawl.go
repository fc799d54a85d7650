// Package crawl reads a site by crawling it with colly, driven by a site
// mapping: discovery through sitemaps (robots.txt Sitemap: lines and the
// mapping's usual places), feeds and listing pages, then each post page
// read with the mapping's selectors. Every request goes through the polite
// fetch client.
package crawl

import (
	"bytes"
	"context"
	"encoding/xml"
	"iter"
	"net/url"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"github.com/blogport/blogport/internal/extract"
	"github.com/blogport/blogport/internal/fetch"
	"github.com/blogport/blogport/internal/post"
	"github.com/blogport/blogport/internal/source"
	"github.com/gocolly/colly/v2"
	"github.com/mmcdole/gofeed"
)

var _ source.Source = (*Reader)(nil)

// maxPages bounds a crawl of a site without sitemaps.
const maxPages = 20000

// Reader crawls one site.
type Reader struct {
	why     string
	terms   map[string]feedTerms // by normalized link, from the site's feeds
	client  *fetch.Client
	base    *url.URL
	mapping *extract.Mapping
	site    post.Site
	notes   []post.Note
}

// Open reads the start page for the site's title.
//
// With a nil mapping, the mapping is chosen from the start page (see
// extract.Choose); Why says which and why.
func Open(ctx context.Context, client *fetch.Client, start string, m *extract.Mapping) (*Reader, error) {
	u, err := url.Parse(start)
	if err != nil {
		return nil, err
	}
	r := &Reader{client: client, base: u, mapping: m, terms: map[string]feedTerms{}}
	r.site.URL = strings.TrimSuffix(u.Scheme+"://"+u.Host+u.Path, "/")
	resp, err := client.Get(ctx, start)
	if err != nil {
		return nil, err
	}
	text, err := resp.Text()
	if err != nil {
		return nil, err
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(text))
	if err != nil {
		return nil, err
	}
	r.site.Title = strings.TrimSpace(doc.Find("title").First().Text())
	if r.mapping == nil {
		gen, _ := doc.Find(`meta[name="generator"]`).First().Attr("content")
		r.mapping, r.why = extract.Choose(text, gen)
	} else {
		r.why = "the " + m.Name + " mapping, as asked"
	}
	return r, nil
}

// Why says which mapping reads the pages, and why.
func (r *Reader) Why() string { return r.why }

// Site returns what the crawl knows about the site.
func (r *Reader) Site() *post.Site { return &r.site }

// Notes returns the repairs and skips of the crawl.
func (r *Reader) Notes() []post.Note { return r.notes }

// Posts crawls and yields every post and page found, once each.
func (r *Reader) Posts(ctx context.Context) iter.Seq2[*post.Post, error] {
	return func(yield func(*post.Post, error) bool) {
		queue, queued := []string{}, map[string]bool{}
		push := func(raw string) {
			u, err := url.Parse(raw)
			if err != nil || !r.sameSite(u) || skipURL(u) {
				return
			}
			norm, err := post.Normalize(u.String())
			if err != nil || queued[norm] {
				return
			}
			queued[norm] = true
			queue = append(queue, norm)
		}
		for _, u := range r.discover(ctx) {
			push(u)
		}
		for _, s := range r.mapping.Start.URLs {
			push(r.resolve(s))
		}

		var found []*post.Post
		c := colly.NewCollector(colly.StdlibContext(ctx))
		// set after construction so that COLLY_* variables cannot override them
		c.SetClient(r.client.HTTPClient())
		c.IgnoreRobotsTxt = false // the fetch client obeys robots.txt too
		c.Async = false
		c.MaxBodySize = 0 // the fetch client caps bodies and says so
		c.AllowURLRevisit = false
		c.CacheDir = ""
		c.AllowedDomains = []string{r.base.Hostname()}
		c.ParseHTTPErrorResponse = false
		c.OnResponse(func(resp *colly.Response) {
			if !strings.Contains(resp.Headers.Get("Content-Type"), "html") {
				return
			}
			text, _, err := fetch.Text(resp.Body, resp.Headers.Get("Content-Type"))
			if err != nil {
				return
			}
			doc, err := goquery.NewDocumentFromReader(strings.NewReader(text))
			if err != nil {
				return
			}
			page := resp.Request.URL
			doc.Find("a[href]").Each(func(_ int, s *goquery.Selection) {
				href, _ := s.Attr("href")
				if u, err := page.Parse(strings.TrimSpace(href)); err == nil {
					push(u.String())
				}
			})
			if p := r.post(doc, page); p != nil {
				found = append(found, p)
			}
		})
		seen := map[string]bool{}
		for i := 0; i < len(queue) && i < maxPages; i++ {
			if ctx.Err() != nil {
				yield(nil, ctx.Err())
				return
			}
			_ = c.Visit(queue[i]) // filtered, failed and refused pages are simply not posts
			for _, p := range found {
				key := strconv.FormatInt(p.ID, 10) + p.Link
				if seen[key] {
					continue
				}
				seen[key] = true
				if !yield(p, nil) {
					return
				}
			}
			found = found[:0]
		}
	}
}

func (r *Reader) resolve(ref string) string {
	u, err := r.base.Parse(ref)
	if err != nil {
		return ""
	}
	return u.String()
}

func (r *Reader) sameSite(u *url.URL) bool {
	return (u.Scheme == "http" || u.Scheme == "https") && post.SameHost(u.Host, r.base.Host)
}

var reSkip = regexp.MustCompile(`/(wp-admin|wp-login\.php|wp-json|xmlrpc\.php|wp-content|wp-includes|feed|comments/feed|trackback|embed)(/|$)|[?&](replytocom|share|rest_route|s|attachment_id|preview)=|\.(jpe?g|png|gif|webp|svg|pdf|zip|mp3|mp4|css|js|xml|txt)$`)

func skipURL(u *url.URL) bool {
	return reSkip.MatchString(strings.ToLower(u.Path + "?" + u.RawQuery))
}

// discover lists page URLs from sitemaps and feeds.
func (r *Reader) discover(ctx context.Context) []string {
	var urls []string
	sitemaps := r.client.Sitemaps(ctx, r.base)
	for _, s := range r.mapping.Start.Sitemaps {
		sitemaps = append(sitemaps, r.resolve(s))
	}
	done := map[string]bool{}
	for i := 0; i < len(sitemaps) && i < 1000; i++ {
		sm := sitemaps[i]
		if done[sm] {
			continue
		}
		done[sm] = true
		resp, err := r.client.Get(ctx, sm)
		if err != nil {
			continue
		}
		var doc struct {
			XMLName  xml.Name
			Sitemaps []struct {
				Loc string `xml:"loc"`
			} `xml:"sitemap"`
			URLs []struct {
				Loc string `xml:"loc"`
			} `xml:"url"`
		}
		if xml.NewDecoder(bytes.NewReader(resp.Body)).Decode(&doc) != nil {
			continue
		}
		for _, s := range doc.Sitemaps {
			if strings.Contains(s.Loc, "users") || strings.Contains(s.Loc, "author") {
				continue // author archives list no posts of their own
			}
			sitemaps = append(sitemaps, strings.TrimSpace(s.Loc))
		}
		for _, u := range doc.URLs {
			urls = append(urls, strings.TrimSpace(u.Loc))
		}
	}
	for _, f := range r.mapping.Start.Feeds {
		resp, err := r.client.Get(ctx, r.resolve(f))
		if err != nil {
			continue
		}
		if feed, err := gofeed.NewParser().ParseString(string(resp.Body)); err == nil {
			feedURL, _ := url.Parse(r.resolve(f))
			for _, it := range feed.Items {
				link := it.Link
				if u, err := feedURL.Parse(link); err == nil {
					link = u.String() // feeds of sites built without their address carry relative links
				}
				urls = append(urls, link)
				if k, err := post.Normalize(link); err == nil {
					r.terms[k] = feedTerms{categories: it.Categories}
				}
			}
		}
	}
	return urls
}

// feedTerms are the terms a feed gives an item, for themes that do not
// show them on the page (Jekyll's minima).
type feedTerms struct{ categories []string }

var reShortlink = regexp.MustCompile(`[?&](?:p|page_id)=(\d+)`)

// post turns a post or page into a post.Post; listings give nil.
func (r *Reader) post(doc *goquery.Document, page *url.URL) *post.Post {
	f := r.mapping.Extract(doc)
	if f.Kind == "" || strings.TrimSpace(f.Content) == "" {
		return nil
	}
	link := page.String()
	if canon, ok := doc.Find(`link[rel="canonical"]`).Attr("href"); ok && canon != "" {
		if u, err := page.Parse(canon); err == nil {
			link = u.String()
		}
	}
	p := &post.Post{
		ID: f.ID, Type: f.Kind, Status: "publish", Link: link, Origin: link, Rendered: true,
		Title: source.Repair(&r.notes, link, "title", f.Title), Content: source.Repair(&r.notes, link, "content", f.Content),
		Date: f.Date, Modified: f.Modified, Thumbnail: f.Cover, Protected: f.Protected,
	}
	if p.Protected {
		p.Content = "" // only a password form anyway
	}
	if sl, ok := doc.Find(`link[rel="shortlink"]`).Attr("href"); ok {
		p.GUID = sl
		if m := reShortlink.FindStringSubmatch(sl); m != nil && p.ID == 0 {
			p.ID, _ = strconv.ParseInt(m[1], 10, 64)
		}
	}
	if u, err := url.Parse(link); err == nil {
		segs := strings.Split(strings.Trim(u.Path, "/"), "/")
		for i, s := range segs {
			if d, err := url.PathUnescape(s); err == nil {
				segs[i] = d
			}
		}
		p.Slug = strings.TrimSuffix(segs[len(segs)-1], path.Ext(segs[len(segs)-1]))
		if p.Type == "page" && len(segs) > 1 {
			p.Parents = segs[:len(segs)-1]
		}
	}
	for _, a := range f.Authors {
		p.Authors = append(p.Authors, post.Author{Name: a})
	}
	if len(f.Categories) == 0 && len(f.Tags) == 0 {
		if k, err := post.Normalize(link); err == nil {
			f.Categories = r.terms[k].categories // the feed does not tell categories from tags
		}
	}
	for _, c := range f.Categories {
		p.Categories = append(p.Categories, post.Term{Taxonomy: "category", Name: c, Slug: source.Slug(c)})
	}
	for _, t := range f.Tags {
		p.Tags = append(p.Tags, post.Term{Taxonomy: "post_tag", Name: t, Slug: source.Slug(t)})
	}
	return p
}
