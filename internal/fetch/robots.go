package fetch

import (
	"context"
	"errors"
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
// itself) and applies robots.txt. A missing robots.txt allows everything;
// one that cannot be fetched because the server fails disallows nothing
// but is logged; 401/403 disallow all, as the robots.txt standard says.
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
		case errors.As(err, &se):
			e.data, e.err = robotstxt.FromStatusAndBytes(se.Status, nil)
		case err != nil:
			if ctx.Err() != nil {
				e.err = ctx.Err()
				return
			}
			c.opts.Log.Warn("robots.txt unreachable; crawling as if it allowed everything", "url", key+"/robots.txt", "err", err)
			e.data, _ = robotstxt.FromStatusAndBytes(http.StatusNotFound, nil)
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
	return g.Test(path), g.CrawlDelay, nil
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
