package archive

import (
	"path"
	"strings"

	"github.com/blogport/blogport/internal/convert"
)

// Jekyll is the jekyll layout: _posts/YYYY-MM-DD-<slug>.md, drafts in
// _drafts/<slug>.md, pages/<path>/index.md, media in assets/media.
var Jekyll = Layout{jekyll{}}

type jekyll struct{}

func (jekyll) name() string { return "jekyll" }

// A post's URL is Jekyll's default permalink,
// /:categories/:year/:month/:day/:title.html, of the post's own date, and
// is pinned in its front matter: Jekyll would date it in the time zone of
// the machine that builds the site (a post of 00:30+01:00 on 1 January
// would land under 2023/12/31 on a UTC machine). Drafts are not published.
func (jekyll) place(s spot) place {
	switch {
	case s.home:
		return place{file: "index.md", url: "/"}
	case s.page && s.draft:
		return place{file: "_drafts/" + strings.ReplaceAll(s.slugPath, "/", "-") + ".md"}
	case s.page:
		return place{file: "pages/" + s.slugPath + "/index.md", url: "/pages/" + s.slugPath + "/"}
	case s.draft || s.date == "":
		return place{file: "_drafts/" + s.slugPath + ".md"}
	}
	var parts []string
	for _, c := range s.categories {
		parts = append(parts, strings.ToLower(c))
	}
	parts = append(parts, strings.ReplaceAll(s.date, "-", "/"), s.slugPath+".html")
	return place{file: "_posts/" + s.date + "-" + s.slugPath + ".md", url: path.Clean("/" + strings.Join(parts, "/")), custom: true}
}

func (jekyll) mediaDir(string) string { return "assets/media" }

// Posts and their URLs sit at different depths: media go by site path.
func (jekyll) mediaRef(_, media string) string { return "/" + media }

func (jekyll) mediaURL(_, media string) string { return "/" + media }

// jekyll-redirect-from reads redirect_from; aliases stay for the record.
func (jekyll) frontMatter(fm *FrontMatter, url string, aliases []string) {
	fm.Permalink, fm.Aliases, fm.RedirectFrom = url, aliases, aliases
}

// Jekyll builds no category or tag pages of its own; jekyll-feed writes
// /feed.xml.
func (jekyll) lists() Lists {
	home := func(string) string { return "/" }
	return Lists{Home: "/", Posts: "/", Feed: "/feed.xml", Category: home, Tag: home}
}

func (jekyll) target() convert.Target { return convert.Jekyll }

func (jekyll) siteFiles(*Manifest) []SiteFile { return nil }
