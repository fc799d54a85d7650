package route

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/blogport/blogport/internal/source/feed"
	"github.com/blogport/blogport/internal/source/mirror"
)

// headSize is how much of a file the sniffs see.
const headSize = 8 << 10

// classify tells addresses, folders and files apart, reading the first
// bytes of each file for the sniffs.
func classify(names []string) ([]*input, error) {
	var ins []*input
	for _, s := range names {
		if in, err := addressOf(s); in != nil || err != nil {
			if err != nil {
				return nil, err
			}
			ins = append(ins, in)
			continue
		}
		fi, err := os.Stat(s)
		if err != nil {
			if looksLikeHost(s) && errors.Is(err, fs.ErrNotExist) {
				return nil, &UsageError{fmt.Errorf("%w; did you mean https://%s ?", err, s)}
			}
			return nil, err
		}
		if fi.IsDir() {
			ins = append(ins, &input{name: s, class: folder})
			continue
		}
		head, err := readHead(s)
		if err != nil {
			return nil, err
		}
		ins = append(ins, &input{name: s, class: file, head: head})
	}
	return ins, nil
}

var schemeRE = regexp.MustCompile(`^([a-zA-Z][a-zA-Z0-9+.-]*)://`)

// addressOf reads s as an address when it starts with a scheme: http and
// https (in any case: HTTPS:// is https) are read, file:// and every other
// scheme are refused by name. It returns nil, nil for a name without one.
func addressOf(s string) (*input, error) {
	m := schemeRE.FindStringSubmatch(s)
	if m == nil {
		return nil, nil
	}
	switch scheme := strings.ToLower(m[1]); scheme {
	case "http", "https":
		name := scheme + s[len(scheme):]
		u, err := url.Parse(name)
		if err != nil || u.Host == "" {
			return nil, &UsageError{fmt.Errorf("%s: not a usable address", s)}
		}
		return &input{name: name, class: address, url: u}, nil
	case "file":
		return nil, &UsageError{fmt.Errorf("%s: file:// addresses are not read: give the path itself (%s)", s, strings.TrimPrefix(s, m[0]))}
	}
	return nil, &UsageError{fmt.Errorf("%s: unsupported scheme %q: blogport reads http:// and https:// addresses, files and folders", s, m[1])}
}

// hostRE is a name such as blog.example.com or example.org:8080, with an
// optional path: what a user means as an address when no such file is there.
var hostRE = regexp.MustCompile(`^[a-zA-Z0-9-]+(\.[a-zA-Z0-9-]+)+(:\d+)?(/.*)?$`)

func looksLikeHost(s string) bool {
	if !hostRE.MatchString(s) {
		return false
	}
	host, _, _ := strings.Cut(s, "/")
	switch strings.ToLower(path.Ext(host)) { // the names of files blogport reads, not top-level domains
	case ".xml", ".json", ".txt", ".html", ".htm", ".rss", ".atom", ".gz", ".zip", ".md":
		return false
	}
	return true
}

func readHead(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	head := make([]byte, headSize)
	n, err := io.ReadFull(f, head)
	if err != nil && err != io.ErrUnexpectedEOF && err != io.EOF {
		return nil, err
	}
	return head[:n], nil
}

// The sniffs: each says why the input is its kind, or false.

func isWXR(in *input) (string, bool) {
	// both the http and the https form of the namespace, any version
	return "export file", bytes.Contains(in.head, []byte("wordpress.org/export/"))
}

func isFeedFile(in *input) (string, bool) {
	h := in.head
	ok := bytes.Contains(h, []byte("<rss")) || bytes.Contains(h, []byte("<feed")) || bytes.Contains(h, []byte("<rdf:RDF"))
	if !ok && bytes.HasPrefix(bytes.TrimLeft(h, "\ufeff \t\r\n"), []byte("{")) {
		if f, err := os.Open(in.name); err == nil {
			ok = feed.IsJSONFeed(f)
			f.Close()
		}
	}
	return "a feed file", ok
}

func isMirror(in *input) (string, bool) {
	host, root := mirror.Host(in.name)
	_, err := os.Stat(filepath.Join(root, "index.html"))
	return "a local copy of " + host, err == nil
}

func isFeedAddress(in *input) (string, bool) { return "the address is a feed", in.site.IsFeed }

func hasAPI(in *input) (string, bool) {
	return "the site advertises a WordPress REST API at " + in.site.APIRoot, in.site.APIRoot != ""
}

func isSite(in *input) (string, bool) {
	if in.site.WordPress {
		return "a WordPress site without an advertised REST API", true
	}
	return "no API: the pages hold the full posts (feeds often hold summaries or the latest few)", true
}

// notUnderstood is the error for an input no kind recognises: what it
// looks like, and what blogport reads.
func notUnderstood(in *input) error {
	looks := "a folder without an index.html (not a copy of a site)"
	if in.class == file {
		looks = describe(in.head)
	}
	return fmt.Errorf("%s: not something blogport reads: it looks like %s; blogport reads %s", in.name, looks, Understood())
}

// describe names what a file's first bytes look like.
func describe(head []byte) string {
	h := bytes.TrimSpace(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")))
	lower := bytes.ToLower(h[:min(len(h), 1024)])
	switch {
	case len(h) == 0:
		return "an empty file"
	case bytes.HasPrefix(h, []byte("PK\x03\x04")):
		return "a ZIP archive (unpack it first)"
	case bytes.HasPrefix(h, []byte("\x1f\x8b")):
		return "a gzip-compressed file (unpack it first)"
	case bytes.Contains(lower, []byte("<html")) || bytes.Contains(lower, []byte("<!doctype html")):
		return "an HTML page (give the folder holding the site, or its address)"
	case bytes.HasPrefix(h, []byte("<")):
		return "XML" + rootElement(h) + ", but neither a WordPress export nor a feed"
	case h[0] == '{' || h[0] == '[':
		return "JSON, but not a JSON Feed"
	case bytes.IndexByte(h, 0) >= 0:
		return "binary data"
	}
	return "plain text"
}

// rootElement names the first element of an XML head, as " with root <x>".
func rootElement(h []byte) string {
	for rest := h; ; {
		i := bytes.IndexByte(rest, '<')
		if i < 0 || i+1 >= len(rest) {
			return ""
		}
		rest = rest[i+1:]
		if rest[0] == '?' || rest[0] == '!' {
			continue
		}
		end := bytes.IndexAny(rest, " \t\r\n/>")
		if end <= 0 {
			return ""
		}
		return " with root <" + string(rest[:end]) + ">"
	}
}
