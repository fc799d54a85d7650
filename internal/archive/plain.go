package archive

import (
	"path"

	"github.com/blogport/blogport/internal/convert"
)

// Plain is the plain layout, for no generator in particular: posts/<slug>.md,
// pages/<path>.md, media in media/, portable CommonMark.
var Plain = Layout{plain{}}

type plain struct{}

func (plain) name() string { return "plain" }

func (plain) place(s spot) place {
	if s.home {
		return place{file: "index.md", url: "/"}
	}
	dir := s.section()
	return place{file: dir + s.slugPath + ".md", url: "/" + dir + s.slugPath + "/"}
}

func (plain) mediaDir(string) string { return "media" }

func (plain) mediaRef(file, media string) string { return relPath(path.Dir(file), media) }

// Where media are served depends on whatever builds the site.
func (plain) mediaURL(_, _ string) string { return "" }

func (plain) frontMatter(fm *FrontMatter, url string, aliases []string) {
	fm.URL, fm.Aliases = url, aliases
}

// With no generator there are no list pages: every archive and feed lands
// on the home page.
func (plain) lists() Lists {
	home := func(string) string { return "/" }
	return Lists{Home: "/", Posts: "/", Feed: "/", Category: home, Tag: home, Author: home}
}

func (plain) target() convert.Target { return convert.Plain }

// No generator, no site files.
func (plain) siteFiles(Site) ([]siteFile, error) { return nil, nil }

func (plain) configNames() []string { return nil }
