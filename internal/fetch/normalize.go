package fetch

import (
	"net/url"
	"strings"
)

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
