package fetch

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/blogport/blogport/internal/atomicfile"
)

// cache keeps 2xx/3xx answers on disk, one file per URL (a line of JSON
// metadata, then the body), written atomically. 4xx and 5xx are never
// kept, so a transient failure is never replayed. Entries are not synced
// to disk one by one (fsyncs were most of a crawl's time, then the files
// themselves: one a page, not two): the metadata holds the body's hash,
// and an entry a crash left short is a miss.
type cache struct{ dir string }

type entry struct {
	URL        string      `json:"url"`
	Status     int         `json:"status"`
	Header     http.Header `json:"header"`
	Stored     time.Time   `json:"stored"`
	BodySHA256 string      `json:"body_sha256"`
	body       []byte
}

func bodySHA256(body []byte) string {
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}

// The response headers worth keeping.
var keptHeaders = []string{"Content-Type", "ETag", "Last-Modified", "Location", "Link", "X-Wp-Total", "X-Wp-Totalpages"}

// slot is where a request's answer is cached: its URL without the
// userinfo (a password never reaches the cache's names or files), and
// whether it was asked with credentials (a user:password in the URL, an
// Authorization header): such answers (drafts, private posts) are kept
// apart, readable by their owner only.
type slot struct {
	u       string
	private bool
}

func slotOf(req *http.Request) slot {
	u := *req.URL
	private := u.User != nil || req.Header.Get("Authorization") != ""
	u.User = nil
	return slot{u: u.String(), private: private}
}

func (c *cache) path(s slot) string {
	sum := sha256.Sum256([]byte(s.u))
	k := hex.EncodeToString(sum[:])
	if s.private {
		return filepath.Join(c.dir, "private", k[:2], k)
	}
	return filepath.Join(c.dir, k[:2], k)
}

func (c *cache) get(s slot) *entry {
	u := s.u
	data, err := os.ReadFile(c.path(s) + ".entry")
	if err != nil {
		return nil
	}
	meta, body, ok := bytes.Cut(data, []byte("\n"))
	var e entry
	if !ok || json.Unmarshal(meta, &e) != nil || e.URL != u || bodySHA256(body) != e.BodySHA256 {
		return nil // another URL's, or cut short by a crash: fetched again
	}
	e.body = body
	return &e
}

func (c *cache) put(s slot, resp *http.Response, body []byte) error {
	e := entry{URL: s.u, Status: resp.StatusCode, Header: http.Header{}, Stored: time.Now().UTC()}
	for _, k := range keptHeaders {
		if v := resp.Header.Values(k); len(v) > 0 {
			e.Header[http.CanonicalHeaderKey(k)] = v
		}
	}
	return c.write(s, &e, body)
}

func (c *cache) touch(s slot, e *entry) {
	e.Stored = time.Now().UTC()
	_ = c.write(s, e, nil)
}

// write stores e with body, or with the body it holds when body is nil
// (a revalidation).
func (c *cache) write(s slot, e *entry, body []byte) error {
	if body == nil {
		body = e.body
	}
	e.BodySHA256 = bodySHA256(body)
	meta, err := json.Marshal(e) // one line: JSON escapes newlines
	if err != nil {
		return err
	}
	data := append(append(meta, '\n'), body...)
	if s.private {
		return atomicfile.ReplacePrivate(c.path(s)+".entry", data)
	}
	return atomicfile.Replace(c.path(s)+".entry", data)
}

// conditional reports whether a request for e's URL can be conditional:
// e is cached with an ETag or a Last-Modified date.
func (e *entry) conditional() bool {
	return e != nil && (e.Header.Get("ETag") != "" || e.Header.Get("Last-Modified") != "")
}

// validate makes r conditional on e's validators, if any.
func (e *entry) validate(r *http.Request) {
	if e == nil {
		return
	}
	if et := e.Header.Get("ETag"); et != "" {
		r.Header.Set("If-None-Match", et)
	}
	if lm := e.Header.Get("Last-Modified"); lm != "" {
		r.Header.Set("If-Modified-Since", lm)
	}
}

func (e *entry) response(req *http.Request, how string) *http.Response {
	h := e.Header.Clone()
	h.Set(cacheHeader, how)
	return &http.Response{
		Status: http.StatusText(e.Status), StatusCode: e.Status, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: h, Body: io.NopCloser(bytes.NewReader(e.body)), ContentLength: int64(len(e.body)), Request: req,
	}
}
