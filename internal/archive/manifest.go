package archive

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/blogport/blogport/internal/post"
)

// ManifestName is the manifest's file name at the archive root.
const ManifestName = "blogport.json"

// Manifest records where every item came from and where it went. It holds
// nothing about the run itself (no timestamps), so the same input gives
// the same bytes.
type Manifest struct {
	Generator string      `json:"generator"`
	Version   string      `json:"version"`
	Source    Source      `json:"source"`
	Layout    Layout      `json:"layout"`               // its name
	Build     string      `json:"build,omitempty"`      // fingerprint of all an item's output depends on besides the item (see Writer.SetBuild)
	SiteFiles []SiteFile  `json:"site_files,omitempty"` // the generator's configuration and theme, as written
	Terms     []post.Term `json:"terms,omitempty"`      // every category and tag, with its parent
	Authors   []Author    `json:"authors,omitempty"`    // login (the /author/ slug) and display name
	Media     []Media     `json:"media,omitempty"`      // the old media library: IDs and attachment pages
	Items     []Item      `json:"items"`
}

// Author is one author of the old site.
type Author struct {
	Login string `json:"login"`
	Name  string `json:"name"`
}

// Media is one attachment of the old media library.
type Media struct {
	ID     int64  `json:"id"`
	URL    string `json:"url"`
	Page   string `json:"page,omitempty"`   // the attachment page on the old site
	Parent int64  `json:"parent,omitempty"` // the post it was uploaded to
}

// Source describes the input of the run.
type Source struct {
	Kind  string   `json:"kind"`            // how it was read: wxr, feed, mirror, rest or crawl; merged sources joined with "+" (wxr+rest)
	URL   string   `json:"url,omitempty"`   // the old site's home URL
	Files []string `json:"files,omitempty"` // the input files (export, feed) or mirror folder, by base name
}

// Item is one exported post or page.
type Item struct {
	ID            int64        `json:"id,omitempty"`
	GUID          string       `json:"guid,omitempty"`
	Type          string       `json:"type"`
	Status        string       `json:"status"`
	Title         string       `json:"title"`
	Date          string       `json:"date,omitempty"`
	Lastmod       string       `json:"lastmod,omitempty"`
	Authors       []string     `json:"authors"`
	Categories    []string     `json:"categories"`
	Tags          []string     `json:"tags"`
	SourceURL     string       `json:"source_url"`
	OldURLs       []string     `json:"old_urls"`
	NewURL        string       `json:"new_url"`
	Path          string       `json:"path"`
	Comments      string       `json:"comments,omitempty"` // path of the comments file
	Assets        []post.Asset `json:"assets"`
	ContentSHA256 string       `json:"content_sha256"`
	SourceSHA256  string       `json:"source_sha256,omitempty"` // of the item as read, for re-runs
}

// ReadManifest loads an archive's manifest.
func ReadManifest(dir string) (*Manifest, error) {
	data, err := os.ReadFile(filepath.Join(dir, ManifestName))
	if err != nil {
		return nil, err
	}
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, ManifestName), err)
	}
	return &m, nil
}

// readPrevious loads the manifest of an earlier run, if there is one.
func readPrevious(dir string) (*Manifest, error) {
	m, err := ReadManifest(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return &Manifest{}, nil
	}
	return m, err
}

// paths are the archive files m names: its items' files, comments and
// media, the site files, and itself.
func (m *Manifest) paths() map[string]bool {
	out := map[string]bool{ManifestName: true}
	for _, it := range m.Items {
		for _, rel := range append([]string{it.Path, it.Comments}, assetPaths(it)...) {
			if rel != "" {
				out[rel] = true
			}
		}
	}
	for _, f := range m.SiteFiles {
		out[f.Path] = true
	}
	return out
}

func encodeJSON(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}
