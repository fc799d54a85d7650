package testenv

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// WordPress is a small WordPress as a crawler, a REST client or a feed
// reader sees it: a home page naming its REST API and feed, the REST
// collections paged as WordPress pages them (X-WP-Total,
// X-WP-TotalPages, 400 past the last page), an RSS feed paged with
// ?paged=N (404 past the last page), one page per post, and an image per
// post under /wp-content/uploads/. Links name the address the request
// came to, so that it can sit behind a proxy of faults.
type WordPress struct {
	Posts   int // published posts, IDs 1..Posts, newest last
	PerFeed int // items per feed page (default 10)
}

// PostPath is the path of post i's page.
func (wp WordPress) PostPath(i int) string { return fmt.Sprintf("/2024/01/post-%d/", i) }

// ImagePath is the path of post i's image.
func (wp WordPress) ImagePath(i int) string {
	return fmt.Sprintf("/wp-content/uploads/2024/01/img-%d.png", i)
}

// Title is post i's title.
func (wp WordPress) Title(i int) string { return fmt.Sprintf("Post number %d", i) }

func (wp WordPress) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	site := "http://" + r.Host
	switch p := r.URL.Path; {
	case p == "/robots.txt":
		http.NotFound(w, r)
	case p == "/":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><html><head><title>Fault Blog</title><meta name="generator" content="WordPress 6.4">
<link rel="https://api.w.org/" href="%[1]s/wp-json/"><link rel="alternate" type="application/rss+xml" href="%[1]s/feed/"></head><body><h1>Fault Blog</h1></body></html>`, site)
	case p == "/wp-json/":
		writeJSON(w, map[string]any{"name": "Fault Blog", "home": site, "url": site, "timezone_string": "UTC", "gmt_offset": 0}, 1, 1)
	case p == "/wp-json/wp/v2/posts":
		wp.posts(w, r, site)
	case strings.HasPrefix(p, "/wp-json/wp/v2/"):
		writeJSON(w, []any{}, 0, 1)
	case p == "/feed/":
		wp.feed(w, r, site)
	case strings.HasPrefix(p, "/wp-content/uploads/"):
		w.Header().Set("Content-Type", "image/png")
		w.Write(pngOf(p))
	default:
		var i int
		if _, err := fmt.Sscanf(p, "/2024/01/post-%d/", &i); err != nil || i < 1 || i > wp.Posts || wp.PostPath(i) != p {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><html><head><title>%s</title></head><body><article><h1>%[1]s</h1>%s</article></body></html>`, wp.Title(i), wp.body(site, i))
	}
}

func (wp WordPress) body(site string, i int) string {
	return fmt.Sprintf(`<p>The body of post %d.</p><p><img src="%s%s" alt="image %[1]d"></p>`, i, site, wp.ImagePath(i))
}

func (wp WordPress) date(i int) time.Time {
	return time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Hour)
}

// posts serves /wp/v2/posts pages, oldest first as blogport asks
// (orderby=id, order=asc) and newest first otherwise.
func (wp WordPress) posts(w http.ResponseWriter, r *http.Request, site string) {
	q := r.URL.Query()
	per, _ := strconv.Atoi(q.Get("per_page"))
	per = min(max(per, 1), 100)
	if q.Get("per_page") == "" {
		per = 10
	}
	page, _ := strconv.Atoi(q.Get("page"))
	page = max(page, 1)
	pages := (wp.Posts + per - 1) / per
	if page > max(pages, 1) {
		http.Error(w, `{"code":"rest_post_invalid_page_number"}`, http.StatusBadRequest)
		return
	}
	var out []map[string]any
	for k := (page-1)*per + 1; k <= min(page*per, wp.Posts); k++ {
		i := k
		if q.Get("order") != "asc" {
			i = wp.Posts + 1 - k
		}
		d := wp.date(i).Format("2006-01-02T15:04:05")
		out = append(out, map[string]any{"id": i, "date": d, "date_gmt": d, "modified": d, "modified_gmt": d,
			"slug": fmt.Sprintf("post-%d", i), "status": "publish", "type": "post", "link": site + wp.PostPath(i),
			"guid": map[string]any{"rendered": fmt.Sprintf("%s/?p=%d", site, i)}, "title": map[string]any{"rendered": wp.Title(i)},
			"content": map[string]any{"rendered": wp.body(site, i), "protected": false}, "excerpt": map[string]any{"rendered": "", "protected": false},
			"author": 0, "categories": []int{}, "tags": []int{}, "featured_media": 0})
	}
	writeJSON(w, out, wp.Posts, pages)
}

func writeJSON(w http.ResponseWriter, v any, total, pages int) {
	b, _ := json.Marshal(v)
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.Header().Set("X-WP-Total", strconv.Itoa(total))
	w.Header().Set("X-WP-TotalPages", strconv.Itoa(pages))
	w.Write(b)
}

// feed serves the RSS feed, newest first, PerFeed items a page.
func (wp WordPress) feed(w http.ResponseWriter, r *http.Request, site string) {
	per := max(wp.PerFeed, 1)
	if wp.PerFeed == 0 {
		per = 10
	}
	page, _ := strconv.Atoi(r.URL.Query().Get("paged"))
	page = max(page, 1)
	first := wp.Posts - (page-1)*per
	if first < 1 && page > 1 {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/rss+xml; charset=UTF-8")
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Fault Blog</title><link>%s</link><description>d</description><generator>https://wordpress.org/?v=6.4</generator>`, site)
	for i := first; i > max(first-per, 0); i-- {
		fmt.Fprintf(w, `<item><title>%s</title><link>%s%s</link><guid isPermaLink="false">%s/?p=%d</guid><pubDate>%s</pubDate><content:encoded><![CDATA[%s]]></content:encoded></item>`,
			wp.Title(i), site, wp.PostPath(i), site, i, wp.date(i).Format(time.RFC1123Z), wp.body(site, i))
	}
	fmt.Fprint(w, `</channel></rss>`)
}

// pngOf is a tiny valid PNG whose bytes differ by name, so that media are
// not deduplicated into one file.
func pngOf(name string) []byte {
	head := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89")
	return append(head, []byte("\x00\x00\x00\x00tEXt"+name)...)
}
