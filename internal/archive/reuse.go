package archive

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"os"

	"github.com/blogport/blogport/internal/post"
)

// A re-run need not convert an item again when nothing its file depends on
// changed: the item as read (its source hash) and everything shared (the
// build fingerprint: options, version, what the source says about the
// site, every new URL a link can be rewritten to). The pipeline sets the
// fingerprint once every item is reserved, asks Reusable of each item, and
// hands the ones it need not convert to Keep.

// SetBuild records the build fingerprint of this run; items of an earlier
// run with the same fingerprint become reusable. Call it before
// Reusable, from one goroutine.
func (w *Writer) SetBuild(fingerprint string) {
	w.build = fingerprint
	if fingerprint == "" || w.prev.Build != fingerprint {
		return
	}
	w.reusable = make(map[string]*Item, len(w.prev.Items))
	for i := range w.prev.Items {
		it := &w.prev.Items[i]
		if it.SourceSHA256 != "" {
			w.reusable[itemKey(it.Type, it.ID, it.GUID, it.SourceURL)] = it
		}
	}
}

// Reusable returns the earlier run's item for p when p read the same
// (sourceSHA256) and its file still holds what that run wrote. It only
// reads, so workers may call it at once.
func (w *Writer) Reusable(p *post.Post, sourceSHA256 string) (Item, bool) {
	prev, ok := w.reusable[key(p)]
	if !ok || prev.SourceSHA256 != sourceSHA256 {
		return Item{}, false
	}
	full, err := w.safePath(prev.Path)
	if err != nil || fileSHA256(full) != prev.ContentSHA256 {
		return Item{}, false // edited or removed since: written again
	}
	return *prev, true
}

func fileSHA256(full string) string {
	f, err := os.Open(full)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Keep takes an item Reusable returned into this run as it is: its file is
// left alone and counted unchanged, its comments are written (p's, ready
// to write) and it goes into the manifest again. It reports false, doing
// nothing, when the item would now be placed elsewhere; write it then.
func (w *Writer) Keep(p *post.Post, prev Item) (bool, error) {
	pl, ok := w.planned[key(p)]
	if !ok {
		return false, nil
	}
	w.branch(p, &pl)
	if pl.file != prev.Path || pl.url != prev.NewURL {
		return false, nil
	}
	w.claimed[pl.file] = true
	w.files.record(pl.file, false, nil)
	var err error
	if prev.Comments, err = w.writeComments(p, pl.file); err != nil {
		return false, err
	}
	return true, w.items.add(prev)
}

// Hash is the form the manifest's hashes take (content_sha256,
// source_sha256, build): the hex SHA-256 of data.
func Hash(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}
