package route

// Discovery finds out what a live address is: a WordPress site with a
// REST API, a site with feeds, a feed itself, or just pages.

import (
	"bytes"
	"context"
	"net/url"
	"regexp"
	"strings"

	"github.com/blogport/blogport/internal/fetch"
	"github.com/blogport/blogport/internal/source/feed"
	"golang.org/x/net/html"
)

// Site is what the start page said about itself.
type Site struct {
	Page      *fetch.Response // the start page as fetched, so that no route asks for it again
	URL       string          // the page after redirects
	APIRoot   string          // WordPress REST API root (Link rel="https://api.w.org/")
	Feeds     []string        // alternate feeds, in page order
	Generator string          // <meta name="generator">
	IsFeed    bool            // the URL is a feed, not a page
	WordPress bool
}

var reLinkHeader = regexp.MustCompile(`<([^>]+)>\s*;\s*rel="?https://api\.w\.org/"?`)

// Discover fetches rawURL once and reads its signals.
func Discover(ctx context.Context, c *fetch.Client, rawURL string) (*Site, error) {
	resp, err := c.Get(ctx, rawURL)
	if err != nil {
		return nil, err
	}
	s := &Site{Page: resp, URL: resp.URL.String()}
	ct := strings.ToLower(resp.Header.Get("Content-Type"))
	head := bytes.TrimSpace(resp.Body[:min(len(resp.Body), 512)])
	if strings.Contains(ct, "xml") && !strings.Contains(ct, "html") || strings.Contains(ct, "feed+json") ||
		bytes.HasPrefix(head, []byte("<?xml")) && !bytes.Contains(head, []byte("<html")) ||
		bytes.HasPrefix(head, []byte("<rss")) || bytes.HasPrefix(head, []byte("<feed")) ||
		bytes.HasPrefix(head, []byte("{")) && feed.IsJSONFeed(bytes.NewReader(resp.Body)) {
		s.IsFeed = true
		return s, nil
	}
	for _, l := range resp.Header.Values("Link") {
		if m := reLinkHeader.FindStringSubmatch(l); m != nil {
			s.APIRoot = resolve(resp.URL, m[1])
		}
	}
	text, err := resp.Text()
	if err != nil {
		return nil, err
	}
	doc, err := html.Parse(strings.NewReader(text))
	if err != nil {
		return nil, err
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "link":
				rel, href, typ := attr(n, "rel"), attr(n, "href"), attr(n, "type")
				switch {
				case rel == "https://api.w.org/" && s.APIRoot == "":
					s.APIRoot = resolve(resp.URL, href)
				case strings.Contains(rel, "alternate") && (strings.Contains(typ, "rss") || strings.Contains(typ, "atom") || strings.Contains(typ, "feed+json")):
					s.Feeds = append(s.Feeds, resolve(resp.URL, href))
				}
			case "meta":
				if strings.EqualFold(attr(n, "name"), "generator") && s.Generator == "" {
					s.Generator = attr(n, "content")
				}
			case "body":
				return // signals live in the head
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	s.WordPress = s.APIRoot != "" || strings.HasPrefix(strings.ToLower(s.Generator), "wordpress") ||
		strings.Contains(text, "/wp-content/") || strings.Contains(text, "/wp-includes/")
	return s, nil
}

func resolve(base *url.URL, ref string) string {
	u, err := url.Parse(strings.TrimSpace(ref))
	if err != nil {
		return ref
	}
	return base.ResolveReference(u).String()
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}
