// Package assets downloads the media a post references, once per URL and
// run, and identifies each file by its content hash. Where a file lands
// and how references to it are rewritten is the archive's business.
package assets

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"path"
	"strings"
	"sync"

	"github.com/blogport/blogport/internal/fetch"
	"github.com/blogport/blogport/internal/post"
)

// Mode says what happens to media.
type Mode string

const (
	Download Mode = "download" // fetch, store beside the post, rewrite references
	Keep     Mode = "keep"     // keep remote URLs, list them in the manifest
	Skip     Mode = "skip"     // neither fetch nor list them
)

// ParseMode checks a --assets value.
func ParseMode(s string) (Mode, error) {
	switch m := Mode(s); m {
	case Download, Keep, Skip:
		return m, nil
	}
	return "", fmt.Errorf("unknown assets mode %q (want download, keep or skip)", s)
}

// File is one downloaded media file.
type File struct {
	post.Asset        // URL, From, SHA256 (Path is set by the archive)
	Name       string // a file name for it, from its URL
	Data       []byte
}

// Downloader fetches media through the polite client.
type Downloader struct {
	client *fetch.Client
	mu     sync.Mutex
	done   map[string]*result
}

type result struct {
	once sync.Once
	file File
	err  error
}

// New returns a Downloader.
func New(client *fetch.Client) *Downloader {
	return &Downloader{client: client, done: map[string]*result{}}
}

// Get downloads one asset; the same URL is fetched once per run.
func (d *Downloader) Get(ctx context.Context, a post.Asset) (File, error) {
	d.mu.Lock()
	r, ok := d.done[a.URL]
	if !ok {
		r = &result{}
		d.done[a.URL] = r
	}
	d.mu.Unlock()
	r.once.Do(func() {
		resp, err := d.client.Get(ctx, a.URL)
		if err != nil {
			r.err = err
			return
		}
		sum := sha256.Sum256(resp.Body)
		r.file = File{Asset: post.Asset{URL: a.URL, SHA256: hex.EncodeToString(sum[:])}, Name: FileName(a.URL), Data: resp.Body}
	})
	f := r.file
	f.From = a.From
	return f, r.err
}

// FileName derives a safe, readable file name from a media URL:
// the decoded last path segment, with anything but letters, digits, '-',
// '_' and '.' replaced, never hidden, never empty.
func FileName(raw string) string {
	u, err := url.Parse(raw)
	name := ""
	if err == nil {
		name = path.Base(u.Path)
	}
	var b strings.Builder
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.', r > 127 && r != 0xFFFD:
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	out := strings.TrimLeft(b.String(), ".-")
	if out == "" || out == "." {
		out = "file"
	}
	if len(out) > 120 {
		ext := path.Ext(out)
		if len(ext) > 10 {
			ext = ""
		}
		out = out[:120-len(ext)] + ext
	}
	return out
}
