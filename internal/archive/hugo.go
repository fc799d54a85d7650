package archive

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"unicode"

	"github.com/blogport/blogport/internal/convert"
)

// Hugo is the hugo layout, the default: every item a page bundle,
// content/posts/<slug>/index.md and content/pages/<path>/index.md, its
// media beside it. It is the zero Layout, whose type is hugo.
var Hugo = Layout{}

type hugo struct{}

func (hugo) name() string { return "hugo" }

// A page with pages below it is a branch bundle (_index.md): a leaf bundle
// cannot hold the pages below it.
func (hugo) place(s spot) place {
	if s.home {
		return place{file: "content/_index.md", url: "/"}
	}
	dir := s.section()
	file := "/index.md"
	if s.page && s.branch {
		file = "/_index.md"
	}
	return place{file: "content/" + dir + s.slugPath + file, url: "/" + dir + s.slugPath + "/"}
}

func (hugo) mediaDir(file string) string { return path.Dir(file) } // the page bundle

func (hugo) mediaRef(file, media string) string { return relPath(path.Dir(file), media) }

// Hugo publishes a bundle's files beside its page.
func (hugo) mediaURL(pageURL, media string) string {
	if !strings.HasSuffix(pageURL, "/") {
		return ""
	}
	return pageURL + path.Base(media)
}

func (hugo) frontMatter(fm *FrontMatter, url string, aliases []string) {
	fm.URL, fm.Aliases = url, aliases
}

// The taxonomies are the site files' (categories, tags, authors); the
// site feed is the home page's RSS output.
func (hugo) lists() Lists {
	return Lists{Home: "/", Posts: "/posts/", Feed: "/index.xml",
		Category: func(name string) string { return "/categories/" + hugoURLize(name) + "/" },
		Tag:      func(name string) string { return "/tags/" + hugoURLize(name) + "/" },
		Author:   func(name string) string { return "/authors/" + hugoURLize(name) + "/" },
	}
}

func (hugo) target() convert.Target { return convert.Hugo }

// The theme the archive is built with, written to themes/blogport/.
//
//go:embed all:sitefiles/hugo
var hugoTheme embed.FS

const hugoThemeDir = "sitefiles/hugo"

// hugo.toml, and the theme.
func (hugo) siteFiles(s Site) ([]siteFile, error) {
	var b strings.Builder
	b.WriteString(siteFileHeader)
	fmt.Fprintf(&b, "# baseURL is the new site's address (blogport pull --base-url sets it); hugo server ignores it.\n")
	fmt.Fprintf(&b, "baseURL = %s\ntitle = %s\n", quote(s.URL), quote(s.Title))
	if s.Language != "" { // locale: languageCode is deprecated since Hugo 0.158 (0.111 ignores locale)
		fmt.Fprintf(&b, "locale = %s\n", quote(s.Language))
	}
	if s.TimeZone != "" {
		fmt.Fprintf(&b, "timeZone = %s # for dates written without a UTC offset\n", quote(s.TimeZone))
	}
	b.WriteString(hugoConfig)
	files := append([]siteFile{{path: "hugo.toml", data: []byte(b.String())}}, hugoTermPages(s.terms)...)
	err := fs.WalkDir(hugoTheme, hugoThemeDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := hugoTheme.ReadFile(p)
		files = append(files, siteFile{path: "themes/blogport" + strings.TrimPrefix(p, hugoThemeDir), data: data})
		return err
	})
	return files, err
}

const hugoConfig = `# a small theme blogport wrote in themes/blogport; any Hugo theme can take its place
theme = 'blogport'

[taxonomies]
  category = 'categories'
  tag = 'tags'
  author = 'authors'

# the posts keep some HTML of the old site (embeds, <br> in table cells)
[markup.goldmark.renderer]
  unsafe = true
`

// hugoTermPages pin the URL of a term page where the layout says it is
// (Lists) when Hugo's versions disagree: since 0.123 Hugo turns each space
// into a hyphen before dropping what a path cannot hold ("Rock & Roll" is
// /tags/rock--roll/, "  two  spaces" /tags/--two--spaces/), before it
// kept one hyphen (/tags/rock-roll/, /tags/two-spaces/). The term's content
// file content/<taxonomy>/<its name>/_index.md, with url:, is its page in
// both; a name that cannot be a folder keeps the URL of the older rule.
func hugoTermPages(terms []term) []siteFile {
	ls := hugo{}.lists()
	urls := map[termKind]func(string) string{categoryTerm: ls.Category, tagTerm: ls.Tag, authorTerm: ls.Author}
	taxonomy := map[termKind]string{categoryTerm: "categories", tagTerm: "tags", authorTerm: "authors"}
	var files []siteFile
	seen := map[string]bool{}
	for _, t := range terms {
		dir := "content/" + taxonomy[t.kind] + "/" + t.name
		key := strings.ToLower(dir) // Hugo's key: one page for "Go" and "go"
		if seen[key] || !hugoTermFolder(t.name) || hugoURLize(t.name) == hugoURLize(strings.ReplaceAll(t.name, " ", "-")) {
			continue
		}
		seen[key] = true
		data := fmt.Sprintf("---\ntitle: %s\nurl: %s\n---\n", quote(t.name), quote(urls[t.kind](t.name)))
		files = append(files, siteFile{path: dir + "/_index.md", data: []byte(data)})
	}
	return files
}

// hugoTermFolder reports whether a term's name can be its folder's name.
func hugoTermFolder(name string) bool {
	return strings.TrimSpace(name) != "" && len(name) <= maxSegment && !strings.HasPrefix(name, ".") &&
		!strings.ContainsAny(name, "/\\") && !strings.ContainsFunc(name, unicode.IsControl)
}

// Hugo reads the first of these it finds; a config/ folder too.
func (hugo) configNames() []string {
	return []string{"hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml", "config.yaml", "config.yml", "config.json", "config/_default/hugo.toml", "config/_default/config.toml"}
}
