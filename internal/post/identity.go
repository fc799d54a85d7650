package post

import (
	"net/url"
	"strings"
)

// The identity rules of an address, shared by every stage that asks
// "is this the same site?" or "is this the same page?": the crawler's
// visit filter, the fetch client's host allow-list, link rewriting,
// merging several sources and redirects.

// SiteHost is the form of a host that names a site: lower case, without
// a leading "www." (a port, when given, stays).
func SiteHost(h string) string { return strings.TrimPrefix(strings.ToLower(h), "www.") }

// SameHost reports whether two hosts name one site: case and a leading
// "www." do not count.
func SameHost(a, b string) bool { return SiteHost(a) == SiteHost(b) }

// Normalize returns the canonical form of a URL for deduplication: no
// fragment, lower-case scheme and host, no default port, and without the
// query parameters that only track or reshape a page (utm_*, replytocom,
// share, fbclid, gclid, amp).
func Normalize(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", err
	}
	u.Fragment, u.RawFragment = "", ""
	u.Scheme = strings.ToLower(u.Scheme)
	u.Host = strings.ToLower(u.Host)
	if (u.Scheme == "http" && strings.HasSuffix(u.Host, ":80")) || (u.Scheme == "https" && strings.HasSuffix(u.Host, ":443")) {
		u.Host = u.Host[:strings.LastIndexByte(u.Host, ':')]
	}
	if u.Path == "" && u.Host != "" {
		u.Path = "/"
	}
	if u.RawQuery != "" {
		q := u.Query()
		for k := range q {
			lk := strings.ToLower(k)
			if strings.HasPrefix(lk, "utm_") || lk == "replytocom" || lk == "share" || lk == "fbclid" || lk == "gclid" || lk == "amp" {
				q.Del(k)
			}
		}
		u.RawQuery = q.Encode()
	}
	return u.String(), nil
}

// LinkKey folds the forms of one page's address together: scheme,
// "www.", percent-encoding, a trailing slash and tracking parameters do
// not count. ok is false for anything that is not an absolute URL.
func LinkKey(raw string) (key string, ok bool) {
	norm, err := Normalize(raw)
	if err != nil {
		return "", false
	}
	u, err := url.Parse(norm)
	if err != nil || u.Host == "" {
		return "", false
	}
	k := SiteHost(u.Host) + strings.TrimSuffix(u.Path, "/")
	if u.RawQuery != "" {
		k += "?" + u.RawQuery
	}
	return k, true
}

// MergeSlashes folds runs of "/" in a URL path into one, as web servers
// do before they match a request (nginx merge_slashes, Apache): an old
// link https://blog.example.com//greek/ (WordPress wrote such permalinks)
// arrives as /greek/.
func MergeSlashes(p string) string {
	for strings.Contains(p, "//") {
		p = strings.ReplaceAll(p, "//", "/")
	}
	return p
}
