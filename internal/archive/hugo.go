package archive

import (
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

func (hugo) frontMatter(fm *FrontMatter, url string, aliases []string) {
	fm.URL, fm.Aliases = url, aliases
}

// The categories and tags taxonomies are on by default; the site feed is
// the home page's RSS output.
func (hugo) lists() Lists {
	return Lists{Home: "/", Posts: "/posts/", Feed: "/index.xml",
		Category: func(name string) string { return "/categories/" + hugoURLize(name) + "/" },
		Tag:      func(name string) string { return "/tags/" + hugoURLize(name) + "/" },
	}
}

func (hugo) target() convert.Target { return convert.Hugo }

func (hugo) siteFiles(*Manifest) []SiteFile { return nil }
