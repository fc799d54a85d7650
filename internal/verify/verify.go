// Package verify checks an archive: every item has its file and a front
// matter that parses, every media file is there with its hash, every link
// between posts lands on a page of the archive; built with its generator,
// that every new URL, alias and redirect target is a page of the built
// site; and, against a running new site, that every old address answers
// one permanent redirect to the page it should, which answers 200, as
// every new URL does.
package verify

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/blogport/blogport/internal/archive"
	"github.com/blogport/blogport/internal/post"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"
)

// Problem is one failed check.
type Problem struct {
	Where string `json:"where"`
	What  string `json:"what"`
}

// Report is what verify found.
type Report struct {
	Items     int       `json:"items"`
	Files     int       `json:"files"`
	Links     int       `json:"links"`
	Redirects int       `json:"redirects_checked"`
	Built     int       `json:"built_checked"` // new URLs, aliases and redirect targets looked up in the built site
	Pages     int       `json:"pages_checked"` // new URLs requested from the new site
	Problems  []Problem `json:"problems"`

	front map[string]archive.FrontMatter // each item's, by path, as Archive read it
}

// Archive checks the archive in dir offline.
func Archive(dir string) (*Report, *archive.Manifest, error) {
	m, err := archive.ReadManifest(dir)
	if err != nil {
		return nil, nil, err
	}
	r := &Report{Problems: []Problem{}, front: map[string]archive.FrontMatter{}}
	pages := map[string]bool{}
	for _, it := range m.Items {
		if it.NewURL != "" {
			pages[strings.TrimSuffix(it.NewURL, "/")] = true
		}
	}
	md := goldmark.New(goldmark.WithExtensions(extension.GFM, extension.Footnote))
	for _, it := range m.Items {
		r.checkItem(dir, m, it, pages, md)
	}
	if err := r.checkInterrupted(dir); err != nil {
		return nil, nil, err
	}
	return r, m, nil
}

// checkItem checks one item: its file, front matter, comments, media and
// links.
func (r *Report) checkItem(dir string, m *archive.Manifest, it archive.Item, pages map[string]bool, md goldmark.Markdown) {
	r.Items++
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(it.Path)))
	if err != nil {
		r.add(it.Path, "the item's file is missing")
		return
	}
	r.Files++
	fm, body, err := archive.ReadFrontMatter(data)
	if err != nil {
		r.add(it.Path, "front matter does not parse: "+err.Error())
	} else {
		r.front[it.Path] = fm
	}
	if it.Comments != "" {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(it.Comments))); err != nil {
			r.add(it.Path, "comments file missing: "+it.Comments)
		}
	}
	local := r.checkMedia(dir, it)
	src := []byte(body)
	doc := md.Parser().Parse(text.NewReader(src))
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var dest string
		switch n := n.(type) {
		case *ast.Link:
			dest = string(n.Destination)
		case *ast.Image:
			dest = string(n.Destination)
		default:
			return ast.WalkContinue, nil
		}
		r.Links++
		if problem := checkLink(m, it, dest, pages, local); problem != "" {
			r.add(it.Path, problem)
		}
		return ast.WalkContinue, nil
	})
}

// checkMedia checks that the item's downloaded media are there with their
// hashes, and returns the paths of those that are.
func (r *Report) checkMedia(dir string, it archive.Item) map[string]bool {
	local := map[string]bool{}
	for _, a := range it.Assets {
		if a.Path == "" {
			continue
		}
		f, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(a.Path)))
		if err != nil {
			r.add(it.Path, "media file missing: "+a.Path)
			continue
		}
		r.Files++
		sum := sha256.Sum256(f)
		if hex.EncodeToString(sum[:]) != a.SHA256 {
			r.add(a.Path, "content does not match its sha256 in the manifest")
		}
		local[path.Clean(a.Path)] = true
	}
	return local
}

// checkInterrupted reports what a run killed midway left: temporary files
// of its writes, and removals it journaled but did not make (files the
// manifest no longer names, still there). The next pull cleans up both.
func (r *Report) checkInterrupted(dir string) error {
	temps, err := archive.TempFiles(dir)
	if err != nil {
		return err
	}
	for _, rel := range temps {
		r.add(rel, "a temporary file left by an interrupted run (the next pull removes it)")
	}
	if _, err := os.Stat(filepath.Join(dir, archive.RemovalsName)); err == nil {
		r.add(archive.RemovalsName, "an interrupted run did not finish removing the files of dropped items (the next pull does)")
	}
	return nil
}

// checkLink says what is wrong with one link of an item, if anything.
func checkLink(m *archive.Manifest, it archive.Item, dest string, pages, local map[string]bool) string {
	u, err := url.Parse(dest)
	if err != nil {
		return fmt.Sprintf("link %q does not parse", dest)
	}
	switch {
	case u.Scheme == "" && u.Host == "" && !strings.HasPrefix(u.Path, "/"):
		if u.Path == "" {
			return "" // #fragment
		}
		p := path.Join(path.Dir(it.Path), u.Path)
		if local[p] {
			return ""
		}
		return fmt.Sprintf("link %q points at no file of the archive", dest)
	case u.Scheme == "" && u.Host == "":
		p, _ := url.PathUnescape(u.Path)
		if pages[strings.TrimSuffix(p, "/")] || local[strings.TrimPrefix(path.Clean(p), "/")] {
			return ""
		}
		return fmt.Sprintf("link %q points at no page of the archive", dest)
	}
	if old, err := url.Parse(m.Source.URL); err == nil && old.Host != "" && post.SameHost(u.Host, old.Host) {
		if strings.HasPrefix(u.Path, "/wp-content/") {
			return "" // media kept remote (--assets keep)
		}
		return fmt.Sprintf("link %q still points at the old site", dest)
	}
	return ""
}

func (r *Report) add(where, what string) { r.Problems = append(r.Problems, Problem{where, what}) }
