package archive

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// Site is what the generator's site files say of the whole blog.
type Site struct {
	Title    string
	URL      string // the new site's address; "" for the old site's host, or a placeholder
	Language string // BCP 47, such as en-US; "" when unknown
	TimeZone string // IANA name; "" for the UTC offset most of the posts' dates have
	terms    []term // the items' categories, tags and authors
}

// term is a category, tag or author (by display name) of the items.
type term struct {
	kind termKind
	name string
}

type termKind int

const (
	categoryTerm termKind = iota
	tagTerm
	authorTerm
)

// SiteFile is a file of the site that is not an item, such as the
// generator's configuration, as the manifest records it: a site file the
// user changed is never written over.
type SiteFile struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
}

// siteFile is one site file a layout writes.
type siteFile struct {
	path string // slash-separated, relative to the archive
	data []byte
}

const siteFileHeader = "# Written by blogport. Edit it freely: blogport never writes over a file you changed.\n"

// quote writes s as a double-quoted string that TOML and YAML read alike:
// quotes, backslashes and control characters escaped, as \uXXXX where
// there is no short form both know.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f || r == 0x85 || r == 0x2028 || r == 0x2029 || r == utf8.RuneError:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// placeholderURL is the new site's address when nothing says what it is.
const placeholderURL = "https://example.org/"

// siteURL is the address the site files give the new site: the one asked
// for, else the old site's scheme and host (the redirect maps serve old
// links from the new site under the old name), else a placeholder.
func (w *Writer) siteURL() string {
	if w.opts.Site.URL != "" {
		return w.opts.Site.URL
	}
	if u, err := url.Parse(w.opts.Home); err == nil && u.Host != "" && u.Scheme != "" {
		return u.Scheme + "://" + u.Host + "/"
	}
	return placeholderURL
}

// site is what the site files are written from.
func (w *Writer) site() Site {
	s := w.opts.Site
	s.URL = w.siteURL()
	s.terms = w.items.terms
	if s.TimeZone == "" {
		s.TimeZone = w.items.zones.common()
	}
	return s
}

// writeSiteFiles writes the layout's site files, unless asked not to or
// the folder already holds a site configuration of the user's, and
// returns what the manifest records of them: the hash of what blogport
// last wrote. A file blogport wrote and the user did not change is brought
// up to date; one the user changed or made is left as it is and named in
// Stats.Kept. Site files of an earlier run no longer wanted are removed,
// when unchanged.
func (w *Writer) writeSiteFiles() ([]SiteFile, error) {
	ours := map[string]string{} // what the earlier run wrote, by path
	for _, f := range w.prev.SiteFiles {
		ours[f.Path] = f.SHA256
	}
	var files []siteFile
	if !w.opts.NoSiteFiles {
		var err error
		if files, err = w.gen().siteFiles(w.site()); err != nil {
			return nil, err
		}
		if w.stats.OwnConfig = w.ownConfig(ours); w.stats.OwnConfig != "" {
			files = nil
		}
	}
	var out []SiteFile
	for _, f := range files {
		if w.claimed[f.path] { // an item's file: the site's front page is the home
			continue
		}
		sum := Hash(f.data)
		cur, err := w.current(f.path)
		if err != nil {
			return nil, err
		}
		if cur != "" && cur != sum && cur != ours[f.path] { // changed by the user
			w.stats.Kept = append(w.stats.Kept, f.path)
			if ours[f.path] != "" { // still blogport's file, as last written
				out = append(out, SiteFile{Path: f.path, SHA256: ours[f.path]})
			}
			continue
		}
		if err := w.put(f.path, f.data); err != nil {
			return nil, err
		}
		out = append(out, SiteFile{Path: f.path, SHA256: sum})
	}
	return out, w.removeSiteFiles(ours, out)
}

// ownConfig names a configuration file of the layout's generator that the
// user made (blogport never wrote it): the site is theirs, and blogport
// writes no site files into it.
func (w *Writer) ownConfig(ours map[string]string) string {
	for _, name := range w.gen().configNames() {
		cur, err := w.current(name)
		if err == nil && cur != "" && ours[name] == "" {
			return name
		}
	}
	return ""
}

// current is the sha256 of the archive file rel, "" when there is none.
func (w *Writer) current(rel string) (string, error) {
	full, err := w.safePath(rel)
	if err != nil {
		return "", err
	}
	data, err := os.ReadFile(full)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", nil
	case err != nil:
		return "", err
	}
	return Hash(data), nil
}

// removeSiteFiles removes the site files of an earlier run that this one
// did not write, unless the user changed them.
func (w *Writer) removeSiteFiles(ours map[string]string, written []SiteFile) error {
	paths := make([]string, 0, len(ours))
	for p := range ours {
		if !slices.ContainsFunc(written, func(f SiteFile) bool { return f.Path == p }) {
			paths = append(paths, p)
		}
	}
	sort.Strings(paths)
	for _, p := range paths {
		cur, err := w.current(p)
		if err != nil || cur == "" || w.claimed[p] { // gone, or an item's file now
			continue
		}
		if cur != ours[p] {
			w.stats.Kept = append(w.stats.Kept, p)
			continue
		}
		full, _ := w.safePath(p) // current checked it
		if err := os.Remove(full); err != nil {
			return err
		}
		w.stats.Removed = append(w.stats.Removed, p)
		w.prune(filepath.Dir(full))
	}
	return nil
}

// zones counts the UTC offsets of the items' dates.
type zones map[int]int

// add counts the offset of an RFC 3339 date.
func (z zones) add(date string) {
	if d, err := time.Parse(time.RFC3339, date); err == nil {
		_, off := d.Zone()
		z[off]++
	}
}

// common is an IANA name for the offset most dates have ("" when there
// are none, or when it is not a whole number of hours, which no Etc zone
// names): Etc/GMT-1 is UTC+01:00, the sign inverted as POSIX has it.
func (z zones) common() string {
	best, n := 0, 0
	for off, c := range z {
		if c > n || (c == n && off < best) {
			best, n = off, c
		}
	}
	switch {
	case n == 0 || best%3600 != 0 || best < -12*3600 || best > 14*3600:
		return ""
	case best == 0:
		return "UTC"
	}
	return fmt.Sprintf("Etc/GMT%+d", -best/3600)
}
