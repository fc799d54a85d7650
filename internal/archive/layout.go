package archive

import (
	"fmt"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Layout decides where an item's file goes and which URL the new site
// gives it. Layouts change paths only, never content or manifest fields.
type Layout string

const (
	Hugo   Layout = "hugo"   // content/posts/<slug>/index.md page bundles
	Jekyll Layout = "jekyll" // _posts/YYYY-MM-DD-<slug>.md, _drafts/<slug>.md
	Plain  Layout = "plain"  // posts/<slug>.md, pages/<path>.md
)

// ParseLayout checks a layout name.
func ParseLayout(s string) (Layout, error) {
	switch l := Layout(s); l {
	case Hugo, Jekyll, Plain:
		return l, nil
	}
	return "", fmt.Errorf("unknown layout %q (want hugo, jekyll or plain)", s)
}

// place is where one item lands: its file (slash-separated, relative to
// the archive) and its URL path on the new site.
type place struct {
	file   string
	url    string
	custom bool // url comes from --permalink, not from the layout
}

// locate computes an item's place. slugPath is the item's slug, or for
// pages the slash-separated chain of parent slugs and its own; each part
// is already a safe segment.
// A Hugo page with child pages becomes a branch bundle (_index.md): a leaf
// bundle cannot hold the pages below it.
func (l Layout) locate(kind string, slugPath string, date string, draft, branch bool, categories []string) place {
	isPage := kind == "page"
	switch l {
	case Jekyll:
		switch {
		case isPage && draft:
			return place{file: "_drafts/" + strings.ReplaceAll(slugPath, "/", "-") + ".md"}
		case isPage:
			return place{file: "pages/" + slugPath + "/index.md", url: "/pages/" + slugPath + "/"}
		case draft || date == "":
			return place{file: "_drafts/" + slugPath + ".md"}
		}
		// Jekyll's default permalink: /:categories/:year/:month/:day/:title.html
		var cats []string
		for _, c := range categories {
			cats = append(cats, strings.ToLower(c))
		}
		u := "/" + strings.Join(append(cats, strings.ReplaceAll(date, "-", "/"), slugPath+".html"), "/")
		return place{file: "_posts/" + date + "-" + slugPath + ".md", url: path.Clean(u)}
	case Plain:
		dir := "posts/"
		if isPage {
			dir = "pages/"
		}
		return place{file: dir + slugPath + ".md", url: "/" + dir + slugPath + "/"}
	default:
		dir := "posts/"
		if isPage {
			dir = "pages/"
		}
		file := "/index.md"
		if isPage && branch {
			file = "/_index.md"
		}
		return place{file: "content/" + dir + slugPath + file, url: "/" + dir + slugPath + "/"}
	}
}

// mediaDir is the folder that holds the media of the post at file.
func (l Layout) mediaDir(file string) string {
	switch l {
	case Jekyll:
		return "assets/media"
	case Plain:
		return "media"
	}
	return path.Dir(file) // the page bundle
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
	return out
}
