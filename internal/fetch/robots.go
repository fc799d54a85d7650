package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/temoto/robotstxt"
)

type robotsCache struct {
	mu    sync.Mutex
	hosts map[string]*robotsEntry
}

type robotsEntry struct {
	once sync.Once
	data *robotstxt.RobotsData
	err  error
}

// robotsAllow fetches (once per scheme and host, through the client
// itself, redirects followed) and applies robots.txt as RFC 9309 says: a
// robots.txt answered with a 4xx (missing, or forbidden) allows
// everything; one the server fails to give (5xx, after the retries) or
// that cannot be reached means fetch nothing: every request of the host
// then fails with ErrRobotsUnavailable, which names --ignore-robots.
func (c *Client) robotsAllow(ctx context.Context, u *url.URL) (bool, time.Duration, error) {
	key := u.Scheme + "://" + u.Host
	c.robots.mu.Lock()
	if c.robots.hosts == nil {
		c.robots.hosts = map[string]*robotsEntry{}
	}
	e, ok := c.robots.hosts[key]
	if !ok {
		e = &robotsEntry{}
		c.robots.hosts[key] = e
	}
	c.robots.mu.Unlock()
	e.once.Do(func() {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, key+"/robots.txt", nil)
		if err != nil {
			e.err = err
			return
		}
		resp, err := c.Do(req)
		var se *StatusError
		switch {
		case errors.As(err, &se) && se.Status >= 400 && se.Status < 500:
			e.data, e.err = robotstxt.FromStatusAndBytes(http.StatusNotFound, nil) // unavailable: allow all
		case ctx.Err() != nil:
			e.err = ctx.Err()
		case err != nil:
			e.err = fmt.Errorf("%w: %s: %v; RFC 9309 asks a crawler to fetch nothing from the site then (--ignore-robots fetches anyway)", ErrRobotsUnavailable, key+"/robots.txt", err)
		default:
			e.data, e.err = robotstxt.FromStatusAndBytes(resp.Status, resp.Body)
			if e.err != nil {
				c.opts.Log.Warn("robots.txt unreadable; crawling as if it allowed everything", "url", key+"/robots.txt", "err", e.err)
				e.data, e.err = robotstxt.FromStatusAndBytes(http.StatusNotFound, nil)
			}
		}
	})
	if e.err != nil {
		return false, 0, e.err
	}
	g := e.data.FindGroup(c.opts.UserAgent)
	path := u.EscapedPath()
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	if path == "" {
		path = "/"
	}
	return e.data.TestAgent(path, c.opts.UserAgent), g.CrawlDelay, nil
}

// Sitemaps lists the Sitemap: lines of a host's robots.txt.
func (c *Client) Sitemaps(ctx context.Context, base *url.URL) []string {
	if _, _, err := c.robotsAllow(ctx, base); err != nil {
		return nil
	}
	c.robots.mu.Lock()
	e := c.robots.hosts[base.Scheme+"://"+base.Host]
	c.robots.mu.Unlock()
	if e == nil || e.data == nil {
		return nil
	}
	return e.data.Sitemaps
}
