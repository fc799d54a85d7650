// Package mirror serves a local copy of a site (wget --mirror, HTTrack, or a
// generator's output folder) to the crawler as if it were the live site, so
// that the same mappings, link rules and charset handling apply.
package mirror

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/PuerkitoBio/goquery"
)

// Host finds the site name of a mirror: wget and HTTrack put the pages in a
// folder named after the host (HTTrack adds an index.html of its own beside
// it), which may be the folder given itself. Otherwise the home page's
// canonical address names it; without one, the folder is the site, served
// as "mirror.invalid".
func Host(dir string) (host, root string) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "mirror.invalid", dir
	}
	var hosts []string
	for _, e := range entries {
		if e.IsDir() && strings.Contains(e.Name(), ".") && !strings.HasPrefix(e.Name(), ".") {
			if _, err := os.Stat(filepath.Join(dir, e.Name(), "index.html")); err == nil {
				hosts = append(hosts, e.Name())
			}
		}
	}
	if len(hosts) == 1 {
		return hosts[0], filepath.Join(dir, hosts[0])
	}
	if h := ownHost(dir); h != "" {
		return h, dir
	}
	return "mirror.invalid", dir // a generator's output folder, say
}

var (
	reHostName = regexp.MustCompile(`^(?i)[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:\d+)?$`)
)

// ownHost is the host a folder holding a site's home page names: its own
// name when that is a host name (blog.example.com), else the host of the
// home page's canonical address; "" when neither says.
func ownHost(dir string) string {
	home, err := os.Open(filepath.Join(dir, "index.html"))
	if err != nil {
		return ""
	}
	defer home.Close()
	if abs, err := filepath.Abs(dir); err == nil && reHostName.MatchString(filepath.Base(abs)) && strings.ContainsAny(filepath.Base(abs), "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") {
		return strings.ToLower(filepath.Base(abs)) // a name of letters, not an address
	}
	doc, err := goquery.NewDocumentFromReader(io.LimitReader(home, 1<<20)) // the head is near the top
	if err != nil {
		return ""
	}
	for _, ref := range []string{doc.Find(`link[rel="canonical"]`).AttrOr("href", ""), doc.Find(`meta[property="og:url"]`).AttrOr("content", "")} {
		if u, err := url.Parse(strings.TrimSpace(ref)); err == nil && u.Host != "" && (u.Scheme == "http" || u.Scheme == "https") {
			return strings.ToLower(u.Host)
		}
	}
	return ""
}

// Transport answers requests for any URL from the files under root:
// "/x/" is x/index.html, "/x" is x, x.html or x/index.html. It never
// leaves root: a symbolic link to a file outside it is refused with an
// error naming it (a mirror is someone else's folder, and a link in it to
// ~/.ssh must not end up in a public archive).
type Transport struct{ Root string }

// RoundTrip implements http.RoundTripper.
func (t Transport) RoundTrip(req *http.Request) (*http.Response, error) {
	root, err := os.OpenRoot(t.Root)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	for _, c := range candidates(req.URL) {
		data, err := readIn(root, c)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("mirror %s: %s: %w", t.Root, c, err)
		}
		ct := mime.TypeByExtension(path.Ext(strings.SplitN(c, "?", 2)[0]))
		if ct == "" {
			ct = http.DetectContentType(data)
		}
		return response(req, http.StatusOK, ct, data), nil
	}
	return response(req, http.StatusNotFound, "text/plain", []byte(fmt.Sprintf("%s is not in the mirror", req.URL.Path))), nil
}

// candidates are the files, relative to the mirror's root, that may hold
// the page at u, in the order they are tried.
func candidates(u *url.URL) []string {
	p := strings.TrimPrefix(path.Clean("/"+u.Path), "/")
	var out []string
	if u.RawQuery != "" { // wget keeps the query in the file name
		out = append(out, p+"?"+u.RawQuery, path.Join(p, "index.html")+"?"+u.RawQuery)
	}
	if strings.HasSuffix(u.Path, "/") || p == "" {
		return append(out, path.Join(p, "index.html"), path.Join(p, "index.htm"))
	}
	return append(out, p, p+".html", path.Join(p, "index.html"))
}

// readIn reads the regular file name inside root; a folder or a missing
// file is fs.ErrNotExist, a link out of root an error of its own.
func readIn(root *os.Root, name string) ([]byte, error) {
	fi, err := root.Stat(name)
	if err != nil {
		if _, plain := os.Stat(filepath.Join(root.Name(), filepath.FromSlash(name))); plain == nil {
			return nil, fmt.Errorf("a link to a file outside the mirror, not read")
		}
		return nil, fs.ErrNotExist
	}
	if !fi.Mode().IsRegular() {
		return nil, fs.ErrNotExist
	}
	return root.ReadFile(name)
}

func response(req *http.Request, status int, ct string, body []byte) *http.Response {
	return &http.Response{
		Status: http.StatusText(status), StatusCode: status, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{"Content-Type": {ct}}, Body: io.NopCloser(bytes.NewReader(body)),
		ContentLength: int64(len(body)), Request: req,
	}
}
