package archive

import (
	"encoding"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blogport/blogport/internal/convert"
)

// Layout is what one static generator makes of an archive: where each
// item's file goes and the URL the generator gives it, where media go, the
// front matter fields it reads, the list pages it builds, the Markdown it
// takes and its site files. A layout changes where things go and how the
// generator is told, never what the manifest records of an item. Each
// generator is one type in its own file (hugo.go, jekyll.go, plain.go) and
// one entry in layouts; nothing else asks which layout it is.
//
// A Layout is a small comparable value. The zero Layout is Hugo; in JSON
// (the manifest, pull's summary) a Layout is its name.
type Layout struct{ g generator }

// generator is what a layout type implements.
type generator interface {
	name() string
	// place is where an item lands: its file, slash-separated and relative
	// to the archive, and its URL path on the new site ("" when the
	// generator does not publish the item, such as a Jekyll draft).
	place(s spot) place
	// mediaDir is the folder that holds the media of the item at file.
	mediaDir(file string) string
	// mediaRef is how the item at file refers to the media file at media
	// (an archive path), before percent-encoding.
	mediaRef(file, media string) string
	// mediaURL is where the new site serves the media file at media of the
	// item whose URL is pageURL; "" when the layout does not know.
	mediaURL(pageURL, media string) string
	// frontMatter sets the fields that tell the generator the item's URL
	// (url: set only when it is not the layout's own) and the old paths
	// that must land on it (aliases).
	frontMatter(fm *FrontMatter, url string, aliases []string)
	// lists are the list pages the generator builds.
	lists() Lists
	// target is the Markdown the generator reads.
	target() convert.Target
	// siteFiles are the files beyond the items that make the archive build
	// as written: configuration, theme.
	siteFiles(s Site) ([]siteFile, error)
	// configNames are the generator's configuration files: one of them
	// that blogport did not write means the folder is the user's own site.
	configNames() []string
}

// layouts is every layout: the one table --layout, the manifest and the
// tests read. Each layout type has a case in every layout test.
var layouts = []Layout{Hugo, Jekyll, Plain}

// LayoutNamed finds a layout by its name.
func LayoutNamed(name string) (Layout, error) {
	var names []string
	for _, l := range layouts {
		if l.String() == name {
			return l, nil
		}
		names = append(names, l.String())
	}
	last := len(names) - 1
	return Layout{}, fmt.Errorf("unknown layout %q (want %s or %s)", name, strings.Join(names[:last], ", "), names[last])
}

// gen is the layout's type; the zero Layout is Hugo.
func (l Layout) gen() generator {
	if l.g == nil {
		return hugo{}
	}
	return l.g
}

// String is the layout's name: the --layout value, and what the manifest
// records.
func (l Layout) String() string { return l.gen().name() }

// Target is the Markdown the layout's generator reads, for convert.New.
func (l Layout) Target() convert.Target { return l.gen().target() }

// Lists are the list pages the layout's generator builds, where the old
// site's archives and feeds are redirected.
func (l Layout) Lists() Lists { return l.gen().lists() }

// MediaURL is where the new site serves a media file of the archive (its
// path in the manifest) that belongs to the item whose URL is pageURL;
// "" when the layout does not know.
func (l Layout) MediaURL(pageURL, media string) string { return l.gen().mediaURL(pageURL, media) }

var (
	_ encoding.TextMarshaler   = Layout{}
	_ encoding.TextUnmarshaler = (*Layout)(nil)
)

// MarshalText writes the layout's name.
func (l Layout) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// UnmarshalText reads a layout's name, refusing unknown ones.
func (l *Layout) UnmarshalText(name []byte) error {
	found, err := LayoutNamed(string(name))
	if err != nil {
		return err
	}
	*l = found
	return nil
}

// Lists are the list pages of the new site, as URL paths. Pages after the
// first of an old archive land on the first page of its list: the
// generator pages its lists its own way.
type Lists struct {
	Home     string                   // the home page
	Posts    string                   // every post, newest first; date archives land here
	Feed     string                   // the site's feed
	Category func(name string) string // the page of the category of that name
	Tag      func(name string) string // the page of the tag of that name
	Author   func(name string) string // the page of the author of that (display) name
}

// spot is what a layout knows of an item when it places it.
type spot struct {
	page       bool     // a page, not a post
	slugPath   string   // the slug, or for pages the chain of parent slugs and its own; each part a safe segment
	date       string   // YYYY-MM-DD, "" when unknown
	draft      bool     // not public
	branch     bool     // a page with pages below it
	categories []string // names
	home       bool     // the site's front page: its content is the home page, at "/"
}

// section is the folder posts or pages go in, and the first segment of
// their URLs.
func (s spot) section() string {
	if s.page {
		return "pages/"
	}
	return "posts/"
}

// place is where one item lands: its file (slash-separated, relative to
// the archive) and its URL path on the new site.
type place struct {
	file   string
	url    string
	custom bool // the generator must be told url: from --permalink, or a layout that pins it
}

// relPath is the relative path from the folder fromDir to the file to.
func relPath(fromDir, to string) string {
	f := strings.Split(fromDir, "/")
	t := strings.Split(to, "/")
	i := 0
	for i < len(f) && i < len(t)-1 && f[i] == t[i] {
		i++
	}
	return strings.Repeat("../", len(f)-i) + strings.Join(t[i:], "/")
}

// maxSegment keeps every path segment well under common file-name limits
// (255 bytes), leaving room for suffixes and date prefixes.
const maxSegment = 180

// Segment turns a slug into one safe, readable path segment: lower-case
// letters and digits of any script, '-', '_' and '.', never "." or "..",
// never empty, never a path separator or control character, never a name
// a generator or OS treats specially (leading '.', '_', '~').
func Segment(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || r == '_' || r == '.':
			b.WriteRune(r)
			dash = false
		case !dash:
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.Trim(b.String(), "-._~")
	if len(out) > maxSegment {
		cut := maxSegment
		for cut > 0 && !utf8.RuneStart(out[cut]) {
			cut--
		}
		out = strings.TrimRight(out[:cut], "-._")
	}
	return notDevice(out)
}

// windowsDevices are the names Windows reserves, with or without an
// extension (con, nul.txt): a folder or file so named cannot be made or
// copied there.
var windowsDevices = map[string]bool{"con": true, "prn": true, "aux": true, "nul": true,
	"com1": true, "com2": true, "com3": true, "com4": true, "com5": true, "com6": true, "com7": true, "com8": true, "com9": true,
	"lpt1": true, "lpt2": true, "lpt3": true, "lpt4": true, "lpt5": true, "lpt6": true, "lpt7": true, "lpt8": true, "lpt9": true}

// notDevice gives a segment named as a Windows device an underscore after
// the name (con → con_, nul.txt → nul_.txt), so the archive copies to any
// system; its old URL is redirected like any other.
func notDevice(seg string) string {
	stem, rest, _ := strings.Cut(seg, ".")
	if !windowsDevices[stem] {
		return seg
	}
	if rest == "" {
		return stem + "_"
	}
	return stem + "_." + rest
}
