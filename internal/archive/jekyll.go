package archive

import (
	"fmt"
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
		return place{file: "pages/" + s.slugPath + "/index.md", url: jekyllURL("pages/" + s.slugPath + "/")}
	case s.draft || s.date == "":
		return place{file: "_drafts/" + s.slugPath + ".md"}
	}
	var parts []string
	for _, c := range s.categories {
		parts = append(parts, strings.ToLower(c))
	}
	parts = append(parts, strings.ReplaceAll(s.date, "-", "/"), s.slugPath+".html")
	return place{file: "_posts/" + s.date + "-" + s.slugPath + ".md", url: jekyllURL(strings.Join(parts, "/")), custom: true}
}

// jekyllURL is the URL Jekyll gives a page whose permalink is p
// (Jekyll::URL#sanitize_url): every ".." becomes "/", every "./" goes,
// runs of "/" become one.
func jekyllURL(p string) string {
	s := strings.ReplaceAll("/"+p, "..", "/")
	s = strings.ReplaceAll(s, "./", "")
	for strings.Contains(s, "//") {
		s = strings.ReplaceAll(s, "//", "/")
	}
	return s
}

// jekyllPermalink is how a permalink must be written for Jekyll to give
// the page the URL u: Jekyll decodes %XX in it.
func jekyllPermalink(u string) string { return strings.ReplaceAll(u, "%", "%25") }

func (jekyll) mediaDir(string) string { return "assets/media" }

// Posts and their URLs sit at different depths: media go by site path.
func (jekyll) mediaRef(_, media string) string { return "/" + media }

func (jekyll) mediaURL(_, media string) string { return "/" + media }

// jekyll-redirect-from reads redirect_from, and serves only the old paths
// Jekyll's URL rules leave as they are (the redirect maps serve the
// others); aliases stay for the record. minima shows author, not
// authors; Jekyll and its feed read excerpt.
func (jekyll) frontMatter(fm *FrontMatter, url string, aliases []string) {
	fm.Permalink, fm.Aliases = jekyllPermalink(url), aliases
	for _, a := range aliases {
		if jekyllURL(a) == a {
			fm.RedirectFrom = append(fm.RedirectFrom, jekyllPermalink(a))
		}
	}
	fm.Author, fm.Excerpt = strings.Join(fm.Authors, ", "), fm.Summary
}

// Jekyll builds no category, tag or author pages of its own; jekyll-feed writes
// /feed.xml.
func (jekyll) lists() Lists {
	home := func(string) string { return "/" }
	return Lists{Home: "/", Posts: "/", Feed: "/feed.xml", Category: home, Tag: home, Author: home}
}

func (jekyll) target() convert.Target { return convert.Jekyll }

// _config.yml and the Gemfile: the minima theme, with the plugins the
// archive relies on (jekyll-redirect-from serves the aliases, jekyll-feed
// the feed) and layouts by default.
func (jekyll) siteFiles(s Site) ([]siteFile, error) {
	var b strings.Builder
	b.WriteString(siteFileHeader)
	b.WriteString("# url is the new site's address (blogport pull --base-url sets it); jekyll serve ignores it.\n")
	fmt.Fprintf(&b, "title: %s\nurl: %s\n", quote(s.Title), quote(strings.TrimSuffix(s.URL, "/")))
	if s.Language != "" {
		fmt.Fprintf(&b, "lang: %s\n", quote(s.Language))
	}
	if s.TimeZone != "" {
		fmt.Fprintf(&b, "timezone: %s\n", quote(s.TimeZone))
	}
	b.WriteString(jekyllConfig)
	return []siteFile{{path: "_config.yml", data: []byte(b.String())}, {path: "Gemfile", data: []byte(jekyllGemfile)},
		{path: "index.md", data: []byte(jekyllHome)}, {path: "_includes/head.html", data: []byte(jekyllHead)}}, nil
}

// jekyllHead takes the place of minima's _includes/head.html, as minima
// 2.5 has a site customise it (its head has no include to add to): what
// minima puts there, and MathJax on pages whose front matter says math:
// true. kramdown writes the $$…$$ of such a page as \(…\) inline and
// \[…\] alone, which MathJax reads as it comes.
const jekyllHead = `<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  {%- seo -%}
  <link rel="stylesheet" href="{{ "/assets/main.css" | relative_url }}">
  {%- feed_meta -%}
  {%- if page.math %}
  <script id="MathJax-script" async src="https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-chtml.js"></script>
  {%- endif %}
</head>
`

// jekyllHome is minima's home page, the list of posts, unless a static
// front page is the home (an item's file then takes its place).
const jekyllHome = "---\nlayout: home\n---\n"

const jekyllConfig = `theme: minima
# a post without an excerpt is its own: never cut at the first blank line,
# which can fall inside a {% raw %} block
excerpt_separator: "<!--more-->"
plugins: [jekyll-feed, jekyll-seo-tag, jekyll-redirect-from]
# blogport's records, not pages of the site
exclude: [blogport.json, comments, redirects, Gemfile, Gemfile.lock, vendor]
defaults:
  - scope: {path: "", type: posts}
    values: {layout: post}
  - scope: {path: "", type: pages}
    values: {layout: page}
`

const jekyllGemfile = `# Written by blogport: what this site builds with.
#   bundle install && bundle exec jekyll serve
source "https://rubygems.org"

gem "jekyll", "~> 4.3"
gem "minima", "~> 2.5"
gem "webrick", "~> 1.7"

group :jekyll_plugins do
  gem "jekyll-feed", "~> 0.17"
  gem "jekyll-seo-tag", "~> 2.8"
  gem "jekyll-redirect-from", "~> 0.16"
end
`

func (jekyll) configNames() []string { return []string{"_config.yml", "_config.yaml", "_config.toml"} }
