package archive

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strings"

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

// Terms are written by their keys where Hugo's versions disagree (hugoKey).
func (hugo) frontMatter(fm *FrontMatter, url string, aliases []string) {
	fm.URL, fm.Aliases = url, aliases
	fm.Authors, fm.Categories, fm.Tags = hugoKeys(fm.Authors), hugoKeys(fm.Categories), hugoKeys(fm.Tags)
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

# TeX formulas reach the page as written, for MathJax, which the theme
# loads on pages whose front matter says math: true (Hugo 0.122 and later;
# older Hugo ignores this and renders the TeX as Markdown)
[markup.goldmark.extensions.passthrough]
  enable = true
  [markup.goldmark.extensions.passthrough.delimiters]
    block = [['\[', '\]'], ['$$', '$$']]
    inline = [['\(', '\)'], ['$', '$']]
`

// Hugo's versions disagree on some term pages' URLs: since 0.123 Hugo
// turns each space into a hyphen before dropping what a path cannot hold
// ("Rock & Roll" is /tags/rock--roll/, "emoji 🎉 party" /tags/emoji--party/),
// before it kept one hyphen (/tags/rock-roll/, /tags/emoji-party/). Such a
// term is written by its key (rock-roll), which both read alike, and its
// name is the title of its page, content/<taxonomy>/<key>/_index.md: every
// version builds it at the URL the redirects name, titled with its name.
// The manifest keeps the names.

// hugoKey is the name a term is written by in front matter.
func hugoKey(name string) string {
	key := hugoURLize(name)
	if key == hugoURLize(strings.ReplaceAll(name, " ", "-")) || !hugoTermFolder(key) {
		return name // every version's URL is the same, or the key cannot be a folder
	}
	return key
}

func hugoKeys(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = hugoKey(n)
	}
	return out
}

// hugoTermPages are the pages of the terms written by their keys.
func hugoTermPages(terms []term) []siteFile {
	taxonomy := map[termKind]string{categoryTerm: "categories", tagTerm: "tags", authorTerm: "authors"}
	var files []siteFile
	seen := map[string]bool{}
	for _, t := range terms {
		key := hugoKey(t.name)
		file := "content/" + taxonomy[t.kind] + "/" + key + "/_index.md"
		if key == t.name || seen[file] {
			continue
		}
		seen[file] = true
		files = append(files, siteFile{path: file, data: []byte("---\ntitle: " + quote(t.name) + "\n---\n")})
	}
	return files
}

// hugoTermFolder reports whether a term's key can be a folder's name.
func hugoTermFolder(key string) bool {
	return key != "" && len(key) <= maxSegment && !strings.HasPrefix(key, ".") && !strings.ContainsAny(key, "/\\")
}

// Hugo reads the first of these it finds; a config/ folder too.
func (hugo) configNames() []string {
	return []string{"hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml", "config.yaml", "config.yml", "config.json", "config/_default/hugo.toml", "config/_default/config.toml"}
}
