package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"sort"

	"github.com/blogport/blogport/internal/archive"
	"github.com/blogport/blogport/internal/assets"
	"github.com/blogport/blogport/internal/post"
)

// sourceSHA256 is the hash of an item as the source gave it, in JSON
// (canonical: map keys sorted), "" if it cannot be encoded.
func sourceSHA256(p *post.Post) string {
	data, err := json.Marshal(p)
	if err != nil {
		return ""
	}
	return archive.Hash(data)
}

// fingerprint is the hash of everything an item's file depends on besides
// the item: the options and version, what the source says about the site,
// and every new URL an old link can be rewritten to. A run whose
// fingerprint is the last run's need not convert the items that read the
// same; when it differs (an option, a post added or moved), every item
// is converted again.
func (r *run) fingerprint() string {
	links := make([]string, 0, len(r.links))
	for k := range r.links {
		links = append(links, k)
	}
	sort.Strings(links)
	o := r.opts
	h := sha256.New()
	enc := json.NewEncoder(h) // item by item: the whole encoding is never in memory at once
	err := enc.Encode(struct {
		Version, Permalink     string
		Layout                 archive.Layout
		Format                 archive.Format
		Drafts, IncludePrivate bool
		Assets                 assets.Mode
		Title, URL             string
		Terms, Authors, Media  any
		Blocks                 map[int64]string
	}{o.Version, o.Permalink, o.Layout, o.Format, o.Drafts, o.IncludePrivate, o.Assets,
		r.site.Title, r.site.URL, r.site.Terms, r.site.Authors, r.site.Media.All(), r.site.Blocks})
	for _, k := range links {
		if err == nil {
			err = enc.Encode([2]string{k, r.links[k]})
		}
	}
	if err != nil {
		return "" // nothing is reused
	}
	return hex.EncodeToString(h.Sum(nil))
}

// reused counts an item kept from the last run.
func (r *run) reused(c *converted, err error) {
	if err != nil {
		return
	}
	r.sum.Reused++
	if r.opts.Assets != assets.Skip { // kept remote, as fetchMedia counts them
		r.sum.Media.Kept += len(c.kept.Assets)
	}
	count(r.sum.Exported, c.post.Type, c.post.State())
}
