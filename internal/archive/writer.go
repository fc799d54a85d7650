// Package archive owns the output directory: where files go for each
// layout, front matter, the blogport.json manifest, atomic writes and
// incremental re-runs. Nothing else writes there.
package archive

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/blogport/blogport/internal/assets"
	"github.com/blogport/blogport/internal/atomicfile"
	"github.com/blogport/blogport/internal/post"
)

// Options configure a Writer.
type Options struct {
	Layout    Layout
	Format    Format
	Source    Source
	Version   string
	Terms     []post.Term
	Authors   []post.Author
	Permalink string // --permalink: "keep" or a pattern such as /:year/:slug/
	Media     []post.Attachment
	Home      string // the old site's home URL: a page there is the static front page
	Site      Site   // for the site files
	// NoSiteFiles writes the items only: no configuration, no theme.
	NoSiteFiles bool
}

// Entry is one item ready to be written.
type Entry struct {
	Post    *post.Post
	Body    string // Markdown
	Summary string
	Aliases []string      // old paths a static generator can serve here
	OldURLs []string      // every form an old link can take
	Assets  []post.Asset  // media the content references
	Files   []assets.File // the downloaded ones, placed by the layout and linked locally
	Source  string        // Item.SourceSHA256
}

// Stats says what a run changed.
type Stats struct {
	Written   []string `json:"written"` // files created or changed
	Unchanged int      `json:"unchanged"`
	Removed   []string `json:"removed"`              // files of items (and site files) no longer written
	Kept      []string `json:"kept"`                 // site files the user changed or made, left as they are
	OwnConfig string   `json:"own_config,omitempty"` // the user's configuration of the generator: no site files written
	Carried   []string `json:"carried,omitempty"`    // files of earlier items kept although not written (see KeepEarlier)
	Cleaned   []string `json:"cleaned,omitempty"`    // temporary files a killed run left, removed by Open (and a journal of removals that did not parse)
}

// Writer writes one archive. Use Open, Write for every item, then Close.
type Writer struct {
	dir      string
	opts     Options
	prev     *Manifest
	claimed  map[string]bool
	urls     map[string]bool
	media    map[string]string // archive path of a media file → its sha256
	byHash   map[string]string // folder and sha256 → archive path
	planned  map[string]placed // by item key, from Reserve
	parents  map[string]bool   // slug paths that other pages sit below
	items    *items            // the manifest's, encoded as they are written
	stats    Stats
	files    *queue           // every file of the run, made durable at once before the manifest
	build    string           // this run's fingerprint, see SetBuild
	earlier  bool             // keep the earlier run's items not written, see KeepEarlier
	reusable map[string]*Item // the earlier run's items, by key, when its fingerprint is this run's
}

// Open prepares dir (creating it) and reads the manifest of an earlier run.
// It cleans up after an earlier run that was killed: the removals it
// journaled are finished (Stats.Removed), the temporary files it left
// are removed (Stats.Cleaned).
func Open(dir string, opts Options) (*Writer, error) {
	if opts.Format == "" {
		opts.Format = YAML
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	prev, err := readPrevious(dir)
	if err != nil {
		return nil, err
	}
	w := &Writer{dir: dir, opts: opts, prev: prev, claimed: map[string]bool{}, urls: map[string]bool{}, media: map[string]string{}, byHash: map[string]string{}, planned: map[string]placed{}, parents: map[string]bool{}, files: newQueue(), items: newItems()}
	if err := w.recoverInterrupted(); err != nil {
		return nil, err
	}
	return w, nil
}

// Write renders one entry into the archive. A file whose bytes did not
// change is left alone.
func (w *Writer) Write(e Entry) error {
	p := e.Post
	pl, ok := w.planned[key(p)]
	if !ok {
		pl = w.place(p)
	}
	w.branch(p, &pl)
	fm := w.frontMatter(e, pl)
	body, assetList, err := w.placeMedia(pl.file, e.Body, e.Assets, e.Files)
	if err != nil {
		return err
	}
	for _, a := range assetList {
		if a.URL == fm.Image && a.Path != "" {
			fm.Image = w.mediaRef(pl.file, a.Path)
		}
	}
	e.Assets = assetList
	data, err := w.opts.Format.render(fm, body)
	if err != nil {
		return fmt.Errorf("%s: %w", p.Origin, err)
	}
	if err := w.put(pl.file, data); err != nil {
		return err
	}
	it := Item{
		ID: p.ID, GUID: p.GUID, Type: p.Type, Status: p.State(), Title: p.Title,
		Authors: nonNil(authorNames(p.Authors)), Categories: nonNil(termNames(p.Categories)), Tags: nonNil(termNames(p.Tags)), // the names, whatever the layout writes
		SourceURL: p.Link, OldURLs: nonNil(e.OldURLs), NewURL: pl.url, Path: pl.file,
		Assets: e.Assets, ContentSHA256: Hash(data), SourceSHA256: e.Source,
	}
	if it.Assets == nil {
		it.Assets = []post.Asset{}
	}
	if !p.Date.IsZero() {
		it.Date = p.Date.Format(time.RFC3339)
	}
	if !fm.Lastmod.IsZero() {
		it.Lastmod = fm.Lastmod.Format(time.RFC3339)
	}
	if it.Comments, err = w.writeComments(p, pl.file); err != nil {
		return err
	}
	return w.items.add(it)
}

// frontMatter is the front matter of an entry placed at pl.
func (w *Writer) frontMatter(e Entry, pl placed) FrontMatter {
	p := e.Post
	fm := FrontMatter{
		Title:       p.Title,
		Date:        p.Date,
		day:         p.DayOnly,
		Lastmod:     p.Modified,
		Slug:        path.Base(strings.TrimSuffix(pl.slugPath, "/")),
		Authors:     authorNames(p.Authors),
		Categories:  termNames(p.Categories),
		Tags:        termNames(p.Tags),
		Summary:     e.Summary,
		Image:       p.Thumbnail,
		SourceURL:   p.Link,
		WordPressID: p.ID,
		Draft:       !p.Public(),
	}
	if p.Modified.Equal(p.Date) {
		fm.Lastmod = time.Time{}
	}
	// /x and /x/ are one page to a generator (x/index.html): the slash form
	// is kept, the other would be a second file at the same place
	var aliases []string
	for _, a := range e.Aliases {
		if !strings.HasSuffix(a, "/") && slices.Contains(e.Aliases, a+"/") {
			continue
		}
		if a != pl.url && !slices.Contains(aliases, a) {
			aliases = append(aliases, a)
		}
	}
	customURL := ""
	if pl.custom { // the generator must be told the URL
		customURL = pl.url
	}
	w.gen().frontMatter(&fm, customURL, aliases)
	return fm
}

// writeComments writes the approved comments of p, whose file is file,
// and returns the comments file's path ("" when there are none).
func (w *Writer) writeComments(p *post.Post, file string) (string, error) {
	if len(p.Comments) == 0 {
		return "", nil
	}
	rel := fmt.Sprintf("comments/%d.json", p.ID)
	if p.ID == 0 {
		rel = "comments/" + strings.ReplaceAll(strings.TrimSuffix(file, ".md"), "/", "-") + ".json"
	}
	data, err := encodeJSON(struct {
		PostID   int64          `json:"post_id,omitempty"`
		Path     string         `json:"path"`
		Comments []post.Comment `json:"comments"`
	}{p.ID, file, p.Comments})
	if err != nil {
		return "", err
	}
	if err := w.put(rel, data); err != nil {
		return "", err
	}
	return rel, nil
}

type placed struct {
	place
	slugPath string
}

// Reserve decides an item's file and URL before anything is written, so
// that links between posts can point at their new URLs. It returns the
// new URL ("" for items a generator does not publish, such as Jekyll drafts).
func (w *Writer) Reserve(p *post.Post) string {
	k := key(p)
	if pl, ok := w.planned[k]; ok {
		return pl.url
	}
	pl := w.place(p)
	w.planned[k] = pl
	if p.Type == "page" {
		for i := range p.Parents {
			w.parents[strings.Join(segments(p.Parents[:i+1]), "/")] = true
		}
	}
	return pl.url
}

func key(p *post.Post) string { return itemKey(p.Type, p.ID, p.GUID, p.Link) }

// itemKey names an item across runs: its type and WordPress ID, or its
// GUID and address for items without one.
func itemKey(typ string, id int64, guid, link string) string {
	if id != 0 {
		return fmt.Sprintf("%s/%d", typ, id)
	}
	return typ + "|" + guid + "|" + link
}

func (w *Writer) gen() generator { return w.opts.Layout.gen() }

// spotOf is what the layout needs to know to place p at slugPath.
func spotOf(p *post.Post, slugPath string, branch bool) spot {
	date := ""
	if !p.Date.IsZero() {
		date = p.Date.Format("2006-01-02")
	}
	page := p.Type == "page"
	return spot{page: page, slugPath: slugPath, date: date, draft: !p.Public(), branch: page && branch, categories: termNames(p.Categories)}
}

// branch places a page again once every item is reserved, when other
// pages turned out to sit below it: the layout may want another file.
func (w *Writer) branch(p *post.Post, pl *placed) {
	if !w.parents[pl.slugPath] {
		return
	}
	if pl.url == "/" { // the front page is the home page's content, whatever is below it
		return
	}
	file := w.gen().place(spotOf(p, pl.slugPath, true)).file
	if file != pl.file {
		delete(w.claimed, pl.file)
		pl.file = file
		w.claimed[file] = true
	}
}

// place finds a free file for the item; when two items want the same one,
// the later gets its WordPress ID (or a counter) appended.
func (w *Writer) place(p *post.Post) placed {
	slug := Segment(p.Slug)
	if slug == "" {
		slug = Segment(p.Title)
	}
	if slug == "" {
		slug = fmt.Sprintf("%s-%d", Segment(p.Type), p.ID)
	}
	var parents []string
	if p.Type == "page" {
		parents = segments(p.Parents)
	}
	base := strings.Join(append(parents, slug), "/")
	for n := 1; ; n++ {
		sp := base
		switch {
		case n == 2 && p.ID != 0:
			sp = fmt.Sprintf("%s-%d", base, p.ID)
		case n >= 2:
			sp = fmt.Sprintf("%s-%d", base, n)
		}
		s := spotOf(p, sp, p.HasChildren)
		s.home = n == 1 && w.isHome(p) // one front page: any other is placed as a page
		pl := w.gen().place(s)
		if custom := w.permalink(p, path.Base(sp)); custom != "" && pl.url != "" && !w.urls[custom] {
			pl.url, pl.custom = custom, true
		}
		if !w.claimed[pl.file] && (pl.url == "" || !w.urls[pl.url]) {
			w.claimed[pl.file] = true
			if pl.url != "" {
				w.urls[pl.url] = true
			}
			return placed{place: pl, slugPath: sp}
		}
	}
}

// isHome reports whether p is the site's static front page: a public page
// whose address is the site's home. Its content becomes the home page's;
// it never claims "/" as an alias, which no generator can serve.
func (w *Writer) isHome(p *post.Post) bool {
	if p.Type != "page" || !p.Public() || w.opts.Home == "" || w.urls["/"] {
		return false
	}
	home, ok := post.LinkKey(w.opts.Home)
	link, ok2 := post.LinkKey(p.Link)
	return ok && ok2 && home == link
}

// permalink expands the --permalink pattern for an item: "keep" is its
// old path; otherwise :year, :month, :day, :slug and :id. Pages follow
// the pattern only for "keep". "" means the layout's own URL.
func (w *Writer) permalink(p *post.Post, slug string) string {
	pat := w.opts.Permalink
	switch {
	case pat == "" || !p.Public():
		return ""
	case pat == "keep":
		u, err := url.Parse(p.Link)
		if err != nil || u.RawQuery != "" || u.Path == "" {
			return ""
		}
		return u.Path
	case p.Type != "post":
		return ""
	}
	d := p.Date
	out := strings.NewReplacer(":year", d.Format("2006"), ":month", d.Format("01"), ":day", d.Format("02"),
		":slug", slug, ":id", strconv.FormatInt(p.ID, 10)).Replace(pat)
	return path.Clean(out) + map[bool]string{true: "/", false: ""}[strings.HasSuffix(pat, "/")]
}

// placeMedia writes the downloaded files in the folder where the layout
// keeps the item's media and points the body's references at them. A name
// already used by different bytes in the same folder gets the hash
// appended.
func (w *Writer) placeMedia(file, body string, list []post.Asset, files []assets.File) (string, []post.Asset, error) {
	byURL := map[string]assets.File{}
	for _, f := range files {
		byURL[f.URL] = f
	}
	dir := w.gen().mediaDir(file)
	out := make([]post.Asset, 0, len(list))
	repl := map[string]string{}
	for _, a := range list {
		f, ok := byURL[a.URL]
		if !ok {
			out = append(out, a)
			continue
		}
		name := f.Name
		if rel, dup := w.byHash[dir+"\x00"+f.SHA256]; dup {
			name = path.Base(rel) // the same bytes are already in this folder
		}
		for {
			rel := path.Join(dir, name)
			if sha, taken := w.media[rel]; !taken || sha == f.SHA256 {
				break
			}
			ext := path.Ext(name)
			name = strings.TrimSuffix(f.Name, ext) + "-" + f.SHA256[:8] + ext
			if path.Join(dir, name) == rel { // hashed name taken by other bytes: impossible unless truncated hashes collide
				return "", nil, fmt.Errorf("archive: media name clash at %s", rel)
			}
		}
		rel := path.Join(dir, name)
		if _, done := w.media[rel]; !done {
			if err := w.put(rel, f.Data); err != nil {
				return "", nil, err
			}
			w.media[rel] = f.SHA256
			w.byHash[dir+"\x00"+f.SHA256] = rel
		}
		a.Path, a.SHA256 = rel, f.SHA256
		out = append(out, a)
		repl[a.URL] = w.mediaRef(file, rel)
	}
	return replaceURLs(body, repl), out, nil
}

// mediaRef is how the item at file refers to the media file at media,
// percent-encoded.
func (w *Writer) mediaRef(file, media string) string {
	return (&url.URL{Path: w.gen().mediaRef(file, media)}).EscapedPath()
}

// replaceURLs swaps whole URLs only: an occurrence must end where a URL
// ends in Markdown (")", whitespace, a quote, ">" or the end).
func replaceURLs(body string, repl map[string]string) string {
	if len(repl) == 0 {
		return body
	}
	keys := make([]string, 0, len(repl))
	for k := range repl {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return len(keys[i]) > len(keys[j]) })
	for _, k := range keys {
		var b strings.Builder
		rest := body
		for {
			i := strings.Index(rest, k)
			if i < 0 {
				b.WriteString(rest)
				break
			}
			end := i + len(k)
			if end == len(rest) || strings.ContainsRune(") \t\n\"'>", rune(rest[end])) {
				b.WriteString(rest[:i])
				b.WriteString(repl[k])
			} else {
				b.WriteString(rest[:end])
			}
			rest = rest[end:]
		}
		body = b.String()
	}
	return body
}

// put queues data to be written to rel atomically, unless the file
// already holds it.
func (w *Writer) put(rel string, data []byte) error {
	full, err := w.safePath(rel)
	if err != nil {
		return err
	}
	w.claimed[rel] = true
	return w.files.put(full, rel, data)
}

// safePath maps an archive-relative path to the file system, refusing
// anything that would land outside the archive, including through a
// symbolic link planted inside it.
func (w *Writer) safePath(rel string) (string, error) {
	clean := path.Clean("/" + rel)[1:]
	if clean == "" || clean != rel || strings.Contains(rel, "\\") {
		return "", fmt.Errorf("archive: refusing path %q outside the output directory", rel)
	}
	cur := w.dir
	parts := strings.Split(clean, "/")
	for _, part := range parts[:len(parts)-1] {
		cur = filepath.Join(cur, part)
		fi, err := os.Lstat(cur)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			continue
		case err != nil:
			return "", err
		case fi.Mode()&fs.ModeSymlink != 0:
			return "", fmt.Errorf("archive: refusing to write through symbolic link %s", cur)
		}
	}
	return filepath.Join(w.dir, filepath.FromSlash(clean)), nil
}

// WriteFile writes one file below dir atomically, refusing any path that
// would leave dir; for files that belong with an archive but are not
// items (rendered redirect maps).
func WriteFile(dir, rel string, data []byte) error {
	w := &Writer{dir: dir}
	full, err := w.safePath(rel)
	if err != nil {
		return err
	}
	return atomicfile.Write(full, data)
}

// Abort ends a run that will not be closed: it waits for the files queued
// so far, returning the first error, and drops the manifest's items.
func (w *Writer) Abort() error {
	defer w.items.close()
	return w.files.wait()
}

// Close removes the files of items an earlier run wrote and this one did
// not, writes the manifest and returns what changed.
func (w *Writer) Close() (Stats, error) {
	defer w.items.close()
	err := w.finish()
	w.stats.Written, w.stats.Unchanged = append(w.stats.Written, w.files.written...), w.files.unchanged
	sort.Strings(w.stats.Written)
	sort.Strings(w.stats.Removed)
	sort.Strings(w.stats.Cleaned)
	return w.stats, err
}

// finish lets the queued writes land, writes the manifest once the files
// it lists are durable, and only then removes the files of items an
// earlier run wrote and this one did not: at no instant does the
// manifest on disk name a file that is gone (see RemovalsName).
func (w *Writer) finish() error {
	if err := w.files.wait(); err != nil {
		return err
	}
	var stale []string
	var err error
	if w.earlier {
		if err := w.carryEarlier(); err != nil {
			return err
		}
	} else if stale, err = w.staleFiles(); err != nil {
		return err
	}
	site, err := w.writeSiteFiles()
	if err != nil {
		return err
	}
	m := Manifest{
		Generator: "blogport", Version: w.opts.Version, Source: w.opts.Source,
		Layout: w.opts.Layout, Build: w.build, SiteFiles: site, Terms: w.opts.Terms,
	}
	for _, a := range w.opts.Authors { // only authors of exported items are named
		if a.Login != "" && w.items.authors[a.Name] {
			m.Authors = append(m.Authors, Author{Login: a.Login, Name: a.Name})
		}
	}
	for _, a := range w.opts.Media { // only media of exported items: a private post's uploads stay out
		if (a.ParentID != 0 && w.items.ids[a.ParentID]) || w.items.used[a.URL] {
			m.Media = append(m.Media, Media{ID: a.ID, URL: a.URL, Page: a.Link, Parent: a.ParentID})
		}
	}
	// the files first, then the manifest that says they are complete
	if err := w.files.sync(); err != nil {
		return err
	}
	stale = slices.DeleteFunc(stale, func(rel string) bool { return w.claimed[rel] }) // a site file's now
	if len(stale) > 0 {
		if err := w.journalRemovals(stale); err != nil {
			return err
		}
	}
	if err := w.putManifest(m); err != nil {
		return err
	}
	if err := w.files.sync(); err != nil {
		return err
	}
	if len(stale) == 0 {
		return nil
	}
	return w.removeJournaled(stale)
}

// KeepEarlier is for a run whose source could not list every item (a
// listing cut short): an earlier run's items this one did not write are
// not removed but carried into the manifest as they were, so that a
// failure of the source never deletes what an earlier run archived.
func (w *Writer) KeepEarlier() { w.earlier = true }

// carryEarlier carries the earlier run's items this one did not write, and
// whose files are still there, into the manifest.
func (w *Writer) carryEarlier() error {
	for _, old := range w.prev.Items {
		if old.Path == "" || w.claimed[old.Path] {
			continue
		}
		full, err := w.safePath(old.Path)
		if err != nil {
			continue
		}
		if _, err := os.Stat(full); err != nil {
			continue
		}
		for _, rel := range append([]string{old.Path, old.Comments}, assetPaths(old)...) {
			if rel != "" {
				w.claimed[rel] = true
			}
		}
		w.stats.Carried = append(w.stats.Carried, old.Path)
		if err := w.items.add(old); err != nil {
			return err
		}
	}
	return nil
}

func assetPaths(it Item) []string {
	var out []string
	for _, a := range it.Assets {
		out = append(out, a.Path)
	}
	return out
}

// staleFiles lists the files of items an earlier run wrote and this one
// did not, to be removed once the new manifest is written. One where a
// site file now goes (Jekyll's index.md, which a static front page held)
// is removed at once, as the site file will replace it before the
// manifest is written, so that writeSiteFiles does not take it for a file
// of the user's.
func (w *Writer) staleFiles() ([]string, error) {
	var out []string
	seen := map[string]bool{}
	for _, old := range w.prev.Items {
		for _, rel := range append([]string{old.Path, old.Comments}, assetPaths(old)...) {
			if rel != "" && !w.claimed[rel] && !seen[rel] {
				seen[rel] = true
				out = append(out, rel)
			}
		}
	}
	if len(out) == 0 || w.opts.NoSiteFiles {
		return out, nil
	}
	files, err := w.gen().siteFiles(w.site())
	if err != nil {
		return nil, err
	}
	var now []string
	for _, f := range files {
		if seen[f.path] {
			now = append(now, f.path)
		}
	}
	if len(now) == 0 {
		return out, nil
	}
	return slices.DeleteFunc(out, func(rel string) bool { return slices.Contains(now, rel) }), w.removeFiles(now)
}

// removeFiles removes files of earlier items (archive-relative) and the
// folders they leave empty.
func (w *Writer) removeFiles(paths []string) error {
	for _, rel := range paths {
		full, err := w.safePath(rel)
		if err != nil {
			continue // a tampered manifest never makes us delete outside the archive
		}
		if err := os.Remove(full); err == nil {
			w.stats.Removed = append(w.stats.Removed, rel)
			w.prune(filepath.Dir(full))
		} else if !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("archive: removing %s: %w", rel, err)
		}
	}
	return nil
}

// putManifest writes the manifest m with the items written, item by item.
func (w *Writer) putManifest(m Manifest) error {
	full, err := w.safePath(ManifestName)
	if err != nil {
		return err
	}
	w.claimed[ManifestName] = true
	return w.files.putFunc(full, ManifestName, func(out io.Writer) error { return w.items.writeManifest(out, m) })
}

// prune removes directories left empty, up to the archive root.
func (w *Writer) prune(dir string) {
	root := filepath.Clean(w.dir)
	for dir != root && strings.HasPrefix(dir, root+string(filepath.Separator)) {
		if os.Remove(dir) != nil {
			return
		}
		dir = filepath.Dir(dir)
	}
}

func segments(xs []string) []string {
	var out []string
	for _, s := range xs {
		if s = Segment(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func authorNames(as []post.Author) []string {
	var out []string
	for _, a := range as {
		if a.Name != "" && !slices.Contains(out, a.Name) {
			out = append(out, a.Name)
		}
	}
	return out
}

func termNames(ts []post.Term) []string {
	var out []string
	for _, t := range ts {
		if t.Name != "" && !slices.Contains(out, t.Name) {
			out = append(out, t.Name)
		}
	}
	return out
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}
