package wp

import (
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/blogport/blogport/internal/post"
)

// OldLinks lists the addresses under which the old site served p:
// urls holds every form a link can take (the permalink as exported, its
// decoded and percent-encoded forms, ?p=ID and for pages ?page_id=ID, the old-slug
// permalinks that WordPress redirects); paths holds only the decoded path
// forms without query strings, which a static generator can serve as
// aliases. Both are sorted.
func OldLinks(p *post.Post, siteURL string) (urls, paths []string) {
	seenU, seenP := map[string]bool{}, map[string]bool{}
	addURL := func(u string) {
		if u != "" && !seenU[u] {
			seenU[u] = true
			urls = append(urls, u)
		}
	}
	addPath := func(u *url.URL) {
		p := post.MergeSlashes(u.Path)               // where a server looks for it
		if u.RawQuery != "" || p == "" || p == "/" { // the home is no item's alias
			return
		}
		if !seenP[p] {
			seenP[p] = true
			paths = append(paths, p)
		}
	}
	addForms := func(raw string) {
		u, err := url.Parse(raw)
		if err != nil || !u.IsAbs() {
			return
		}
		u.Fragment = ""
		addURL(raw)
		typed := u.Scheme + "://" + u.Host + u.Path // decoded UTF-8, as typed in a browser
		if u.RawQuery != "" {
			typed += "?" + u.RawQuery
		}
		addURL(typed)
		canonical := *u
		canonical.RawPath = ""
		addURL(canonical.String()) // upper-case %XX
		addPath(u)
	}

	if p.Link != "" && p.Status == "publish" {
		addForms(p.Link)
		if u, err := url.Parse(p.Link); err == nil && u.RawQuery == "" && u.Path != "" {
			for _, old := range p.OldSlugs {
				v := *u
				v.RawPath = ""
				v.Path = replaceLastSegment(u.Path, old)
				addForms(v.String())
			}
		}
	}
	if base := strings.TrimSuffix(siteURL, "/"); base != "" && p.ID != 0 {
		id := strconv.FormatInt(p.ID, 10)
		addURL(base + "/?p=" + id) // WordPress answers it for pages too
		if p.Type == "page" {
			addURL(base + "/?page_id=" + id)
		}
	}
	// a GUID that is the site's root (seen in WordPress's theme unit test
	// data) is no address of the item: the home page stays the home page
	if g, err := url.Parse(p.GUID); err == nil && g.IsAbs() && strings.HasPrefix(g.Scheme, "http") && (strings.Trim(g.Path, "/") != "" || g.RawQuery != "") {
		if s, err := url.Parse(siteURL); err == nil && g.RawQuery == "" && post.SameHost(g.Host, s.Host) {
			addForms(p.GUID) // a permalink the post had when it was created
		} else {
			addURL(p.GUID)
		}
	}
	sort.Strings(urls)
	sort.Strings(paths)
	return urls, paths
}

func replaceLastSegment(p, seg string) string {
	trail := strings.HasSuffix(p, "/")
	p = strings.TrimSuffix(p, "/")
	i := strings.LastIndexByte(p, '/')
	out := p[:i+1] + seg
	if trail {
		out += "/"
	}
	return out
}

// DecodeSlug turns WordPress's percent-encoded slugs (%d0%bf%d1%80...)
// into UTF-8. A slug that does not decode is kept as it is.
func DecodeSlug(s string) string {
	s = strings.TrimSpace(s)
	if d, err := url.PathUnescape(s); err == nil {
		return d
	}
	return s
}
