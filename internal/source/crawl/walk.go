package crawl

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/blogport/blogport/internal/fetch"
	"github.com/blogport/blogport/internal/normalize"
	"github.com/blogport/blogport/internal/post"
	"github.com/gocolly/colly/v2"
)

// settle takes in what a visit found, in queue order: its notes, and its
// links when the page is walked. A page is walked when it is a start page,
// a post or page (the mapping's kinds), or a listing one of the mapping's
// follow patterns matches; any other listing is read but not walked, and
// said so when walking it would have found pages not yet queued.
func (cr *crawl) settle(j *job) {
	r := cr.r
	if !j.done {
		j.note("unread", "fetched, but colly could not read the answer (a charset it does not know?)")
	}
	r.notes = append(r.notes, j.notes...)
	if j.why != "" && (!j.why.Listing() || j.mapped != "") { // the evidence decided, not the mapping
		r.evidence[j.why]++
	}
	if j.post != nil && j.post.DayOnly {
		r.dayOnly++
	}
	for _, k := range j.filled {
		if k != "" {
			r.filled[k]++
		}
	}
	cr.tally(j)
	links := j.links
	j.links, j.notes = nil, nil
	if len(links) == 0 {
		return
	}
	page := j.url
	if j.page != nil {
		page = j.page.String() // after redirects
	}
	if j.walk || j.kind != "" || j.why.Listing() || r.mapping.Follows(page) {
		for _, l := range links {
			cr.push(l, false)
		}
		return
	}
	if n := cr.unqueued(links); n > 0 {
		r.notes = append(r.notes, post.Note{Where: j.url, What: fmt.Sprintf(
			"not_followed: a listing that no follow pattern of the %s mapping matches; its %d links to pages not yet found were not walked", r.mapping.Name, n)})
	}
}

// unqueued counts the pages among links that the crawl has not queued.
func (cr *crawl) unqueued(links []string) int {
	n, seen := 0, map[string]bool{}
	for _, l := range links {
		if _, key, ok := cr.r.candidate(l); ok && cr.byKey[key] == nil && !seen[key] {
			seen[key] = true
			n++
		}
	}
	return n
}

// fail notes a refused or failed visit. colly's "already visited" is the
// same page under another form of its address, and an interrupted run says
// so itself: neither is a note.
func (cr *crawl) fail(j *job, err error, status int) {
	var visited *colly.AlreadyVisitedError
	if cr.ctx.Err() != nil || errors.As(err, &visited) {
		return
	}
	j.note(reason(err, status))
}

// reason names why a URL could not be read: a stable code and a sentence.
func reason(err error, status int) (code, what string) {
	var se *fetch.StatusError
	if errors.As(err, &se) {
		status = se.Status
	}
	switch {
	case errors.Is(err, fetch.ErrRobotsBlocked), errors.Is(err, colly.ErrRobotsTxtBlocked):
		return "robots_disallowed", "robots.txt disallows it"
	case errors.Is(err, fetch.ErrTooLarge):
		return "too_large", "the answer is over the size cap"
	case errors.Is(err, fetch.ErrOffSite), errors.Is(err, colly.ErrForbiddenDomain):
		return "off_site", "it leads to a host outside the site"
	case errors.Is(err, fetch.ErrHostDown):
		return "host_down", "the host stopped answering"
	case errors.Is(err, colly.ErrMaxDepth), errors.Is(err, colly.ErrMaxRequests):
		return "page_cap", "over the crawl's limits"
	case status > 202: // what colly takes for an error, ParseHTTPErrorResponse off
		return "http_error", fmt.Sprintf("the server answered %d %s", status, http.StatusText(status))
	case err == nil:
		return "fetch_failed", "no answer"
	}
	return "fetch_failed", err.Error()
}

// tally counts what a page read turned out to be, and notes a post whose
// body holds much less text than the feed's full content of it.
func (cr *crawl) tally(j *job) {
	r := cr.r
	switch {
	case !j.done || j.page == nil:
		return // failed or refused: noted already
	case j.post != nil:
		r.read[j.post.Type]++
		if ft, ok := r.terms[normKey(j.page.String())]; ok && ft.text > 400 {
			if n := len(normalize.PlainText(j.post.Content)); n*10 < ft.text*6 {
				r.notes = append(r.notes, post.Note{Where: j.url, What: fmt.Sprintf(
					"body_short: the page's body has %d characters of text, the feed's full content of it %d: the %s mapping's content selector may cut it", n, ft.text, r.mapping.Name)})
			}
		}
	case j.why.Listing():
		r.read["listing"]++
	default:
		r.read["neither"]++
	}
}

// crossCheck notes each post the site's feed lists that the crawl did
// not export, with what became of its page.
func (cr *crawl) crossCheck(exported map[string]bool) {
	r := cr.r
	for _, link := range r.feedLinks {
		if exported[normKey(link)] {
			continue
		}
		what := "its page was never reached (not on the site's host, or past the page cap)"
		if _, key, ok := r.candidate(link); ok {
			switch j := cr.byKey[key]; {
			case j == nil:
			case !j.done || j.page == nil:
				what = "its page could not be read (see the note on it)"
			case j.why.Listing():
				what = "its page is a listing (" + string(j.why) + ")"
			case j.kind != "":
				what = "its page has no content the " + r.mapping.Name + " mapping's content selector finds"
			default:
				what = "its page shows no sign of a post"
			}
		}
		r.notes = append(r.notes, post.Note{Where: link, What: "feed_not_exported: the site's feed lists it, but it was not exported: " + what})
	}
}

func normKey(link string) string {
	k, _ := post.Normalize(link)
	return k
}
