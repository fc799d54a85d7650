package pipeline

import (
	"context"
	"fmt"
	"html"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blogport/blogport/internal/archive"
	"github.com/blogport/blogport/internal/post"
	"github.com/blogport/blogport/internal/redirects"
	"github.com/blogport/blogport/internal/source/wxr"
	"github.com/blogport/blogport/internal/testenv"
)

const sample = "../../testdata/wxr/sample.xml"

func pullSample(t *testing.T, layout archive.Layout) (string, *archive.Manifest) {
	t.Helper()
	src, err := wxr.Open(context.Background(), sample)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := Run(context.Background(), src, Options{Output: dir, Layout: layout, Source: archive.Source{Kind: "wxr"}}); err != nil {
		t.Fatal(err)
	}
	testenv.Keep(t, dir)
	m, err := archive.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	return dir, m
}

// build runs the generator in dir; it must build with no error and no
// warning, and no page may say that it left HTML out.
func build(t *testing.T, dir, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir(), "LANG=C.UTF-8", "LC_ALL=C.UTF-8")
	out, err := cmd.CombinedOutput()
	if err != nil || strings.Contains(string(out), "ERROR") || strings.Contains(string(out), "WARN") || strings.Contains(string(out), "Warning") {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, ".html") {
			if data, _ := os.ReadFile(p); strings.Contains(string(data), "raw HTML omitted") {
				t.Errorf("%s: raw HTML omitted", p)
			}
		}
		return err
	})
}

// The text every public item must show once built, by manifest path.
var builtText = map[string][]string{
	"dont-ask":           {"Every bench needs a lamp", "toggle(on bool) bool {", "The lamp, finally in place", "echo $lamp->on() && \"lit\";"},
	"blocks-all-the-way": {"one block at a time", "What we packed", "Tide waits for no photographer", "Thanks for reading"},
	"shortcode-soup":     {"every shortcode the old theme offered", "Hugo users know {{< youtube abc >}}", "Jekyll users know {% include note.html %}", "Plugins did footnotes", `{{< figure src="lamp.jpg" >}}`, "{{ site.title }} {% endraw %}"},
	"привет-мир":         {"паяльник нагрелся за 40 секунд"},
	"duplicate-title":    {"The first post with this title."},
	"duplicate-title-2":  {"The second post with the same title"},
	"about":              {"kept by two people who like fixing things"},
	"team":               {"Mark solders. Ana photographs."},
	"tmp-escaped":        {"climbs out of its folder"},
}

func checkBuilt(t *testing.T, public string, m *archive.Manifest, pageFile func(url string) string) {
	t.Helper()
	if len(m.Items) != 9 {
		t.Fatalf("manifest has %d items, want 9", len(m.Items))
	}
	for _, it := range m.Items {
		f := filepath.Join(public, filepath.FromSlash(pageFile(it.NewURL)))
		data, err := os.ReadFile(f)
		if err != nil {
			t.Errorf("%s: built page for %s missing: %v", it.Path, it.NewURL, err)
			continue
		}
		page := visibleText(string(data))
		if !strings.Contains(page, it.Title) {
			t.Errorf("%s: title %q not on the page", f, it.Title)
		}
		key := filepath.Base(filepath.Dir(it.Path))
		if strings.HasPrefix(it.Path, "_posts/") {
			key = strings.TrimSuffix(filepath.Base(it.Path)[len("2024-01-01-"):], ".md")
		} else if b := filepath.Base(it.Path); b != "index.md" && b != "_index.md" {
			key = strings.TrimSuffix(filepath.Base(it.Path), ".md")
		}
		texts, ok := builtText[key]
		if !ok {
			t.Errorf("no expected text for %s (%s)", key, it.Path)
		}
		for _, want := range texts {
			if !strings.Contains(page, want) {
				t.Errorf("%s: %q not on the built page", f, want)
			}
		}
	}
	_ = filepath.WalkDir(public, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, _ := os.ReadFile(p)
		for _, secret := range []string{"PRIVATE-ONLY-TEXT", "PASSWORD-ONLY-TEXT", "DRAFT-ONLY-TEXT", "hunter2"} {
			if strings.Contains(string(data), secret) {
				t.Errorf("%s leaks %s", p, secret)
			}
		}
		return nil
	})
}

var reTags = regexp.MustCompile(`<[^>]*>`)

// visibleText is a built page's text as a reader sees it: tags removed,
// entities decoded, typographic quotes back to plain ones.
func visibleText(page string) string {
	t := html.UnescapeString(reTags.ReplaceAllString(page, ""))
	return strings.NewReplacer("“", `"`, "”", `"`, "‘", "'", "’", "'").Replace(t)
}

func TestHugoBuildsTheArchive(t *testing.T) {
	testenv.Need(t, "hugo")
	dir, m := pullSample(t, archive.Hugo) // with only the site files blogport wrote
	build(t, dir, "hugo", "--destination", "public")
	public := filepath.Join(dir, "public")
	checkBuilt(t, public, m, func(u string) string { return u + "index.html" })

	// embeds went through Hugo's own shortcodes
	page, _ := os.ReadFile(filepath.Join(public, "posts/blocks-all-the-way/index.html"))
	if !strings.Contains(string(page), `src="https://www.youtube.com/embed/aBcDeFgHiJk` /* any Hugo version's shortcode */) {
		t.Error("youtube embed missing from the built page")
	}
	page, _ = os.ReadFile(filepath.Join(public, "posts/shortcode-soup/index.html"))
	if !strings.Contains(string(page), `src="https://player.vimeo.com/video/123456789`) {
		t.Error("vimeo embed missing from the built page")
	}
	// old paths are served as aliases, decoded UTF-8 included
	for _, alias := range []string{"2024/03/12/dont-ask", "2024/03/12/bench-lamp-notes", "2024/05/09/привет-мир", "about/team", "about"} {
		data, err := os.ReadFile(filepath.Join(public, alias, "index.html"))
		if err != nil || !strings.Contains(string(data), `<meta http-equiv="refresh" content="0; url=https://blog.example.com/`) {
			t.Errorf("alias %s: %v %s", alias, err, data)
		}
	}
}

func TestJekyllBuildsTheArchive(t *testing.T) {
	testenv.Need(t, "jekyll")
	dir, m := pullSample(t, archive.Jekyll) // with only the site files blogport wrote
	build(t, dir, "jekyll", "build", "--destination", "_site")
	checkBuilt(t, filepath.Join(dir, "_site"), m, func(u string) string {
		if strings.HasSuffix(u, "/") {
			return u + "index.html"
		}
		return u
	})
	page, _ := os.ReadFile(filepath.Join(dir, "_site/travel/2024/07/01/blocks-all-the-way.html"))
	if !strings.Contains(string(page), `<iframe src="https://www.youtube-nocookie.com/embed/aBcDeFgHiJk"`) {
		t.Error("youtube embed missing from the built page")
	}
}

// A static front page is the home page's content, never an alias of "/"
// (Hugo refuses to build one: alias "/" resolves to website root
// directory), and the generators build the archive with it.
func TestFrontPageIsTheHomePage(t *testing.T) {
	for _, tc := range []struct {
		layout   archive.Layout
		home     string // the front page's file
		build    []string
		children string // the built page below the front page
	}{
		{archive.Hugo, "content/_index.md", []string{"hugo", "--destination", "public"}, "public/pages/welcome/hours/index.html"},
		{archive.Jekyll, "index.md", []string{"jekyll", "build", "--destination", "public"}, "public/pages/welcome/hours/index.html"},
	} {
		name := tc.layout.String()
		t.Run(name, func(t *testing.T) {
			testenv.Need(t, tc.build[0])
			src, err := wxr.Open(context.Background(), "../../testdata/wxr/front-page.xml")
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			if _, err := Run(context.Background(), src, Options{Output: dir, Layout: tc.layout}); err != nil {
				t.Fatal(err)
			}
			m, err := archive.ReadManifest(dir)
			if err != nil {
				t.Fatal(err)
			}
			for _, it := range m.Items {
				if it.ID == 2 && (it.NewURL != "/" || it.Path != tc.home) {
					t.Errorf("front page at %s (%s), want %s at /", it.Path, it.NewURL, tc.home)
				}
				fm, _, err := archive.ReadFrontMatter([]byte(readFile(t, filepath.Join(dir, it.Path))))
				if err != nil || slices.Contains(fm.Aliases, "/") {
					t.Errorf("%s: aliases %v (%v): the root is never an alias", it.Path, fm.Aliases, err)
				}
			}
			build(t, dir, tc.build[0], tc.build[1:]...) // with only the site files blogport wrote
			if home := visibleText(readFile(t, filepath.Join(dir, "public/index.html"))); !strings.Contains(home, "close when the bread runs out") {
				t.Errorf("the built home page does not show the front page:\n%s", home)
			}
			if page := readFile(t, filepath.Join(dir, tc.children)); !strings.Contains(page, "Sundays we sleep in") {
				t.Errorf("the page below the front page was not built")
			}
		})
	}
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Error(err)
	}
	return string(data)
}

// termNames are category and tag names at the edges of Hugo's urlize:
// signs it keeps (+ # ~ @ .), ones it drops (& ! ?), spaces, case,
// accents and marks, other scripts, emoji, escapes.
var termNames = []string{"C++", "0+0", "C#", "Rock & Roll", "  two   spaces ", "UPPER Case", "Ça va", "naïve", "日本語", "emoji 🎉 party",
	"100% pure", "50%25 off", "a~b", "at@home", "v1.2", "under_score", "dash-ed", "why?", "wow!", "mañana", "Zürich 2024", "set{1}", "a[b]",
	"x..y", "./dot", "a/b"} // not "St.": Hugo 0.111 (Debian's) builds its term page elsewhere; 0.165 at /tags/st./, as the redirects say

// termSource is a fakeSource whose site lists terms.
type termSource struct {
	fakeSource
	site post.Site
}

func (s *termSource) Site() *post.Site { return &s.site }

// Every taxonomy URL the redirects point at (categories, tags, authors)
// is a page the real hugo builds.
func TestHugoBuildsTermURLs(t *testing.T) {
	testenv.Need(t, "hugo")
	src := &termSource{}
	for i, name := range termNames {
		src.site.Terms = append(src.site.Terms, post.Term{Taxonomy: "post_tag", Name: name, Slug: fmt.Sprint("t", i)},
			post.Term{Taxonomy: "category", Name: name, Slug: fmt.Sprint("c", i)})
		src.posts = append(src.posts, &post.Post{ID: int64(i + 1), Type: "post", Status: "publish", Title: fmt.Sprint("Post ", i), Slug: fmt.Sprint("p", i),
			Date: time.Date(2024, 1, 1, 10, 0, 0, 0, time.UTC), Content: "<p>x</p>",
			Tags: []post.Term{{Taxonomy: "post_tag", Name: name, Slug: fmt.Sprint("t", i)}}, Categories: []post.Term{{Taxonomy: "category", Name: name, Slug: fmt.Sprint("c", i)}},
			Authors: []post.Author{{Login: fmt.Sprint("a", i), Name: name}}})
		src.site.Authors = append(src.site.Authors, post.Author{Login: fmt.Sprint("a", i), Name: name})
	}
	dir := t.TempDir()
	if _, err := Run(context.Background(), src, Options{Output: dir, Layout: archive.Hugo}); err != nil {
		t.Fatal(err)
	}
	testenv.Keep(t, dir)
	build(t, dir, "hugo", "--destination", "public") // with only the site files blogport wrote
	m, err := archive.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	// the redirect of each old archive, as a server decodes its target
	tab := redirects.Build(m, redirects.Options{})
	for i, name := range termNames {
		for _, old := range []string{fmt.Sprintf("/tag/t%d/", i), fmt.Sprintf("/category/c%d/", i), fmt.Sprintf("/author/a%d/", i)} {
			to := ""
			for _, r := range tab.Rows {
				if r.From == old && r.Query == "" {
					to = r.To
				}
			}
			p, err := url.PathUnescape(to)
			if to == "" || err != nil {
				t.Errorf("%q: no redirect for %s (%v)", name, old, err)
				continue
			}
			page := readFile(t, filepath.Join(dir, "public", filepath.FromSlash(p), "index.html"))
			if !strings.Contains(page, fmt.Sprint("Post ", i)) {
				t.Errorf("%q: %s redirects to %s, where hugo built no term page listing its post", name, old, to)
			}
			if shown := strings.ToLower(strings.Join(strings.Fields(visibleText(page)), " ")); !strings.Contains(shown, strings.ToLower(strings.Join(strings.Fields(name), " "))) {
				t.Errorf("%q: the term page at %s does not show the name", name, to)
			}
		}
	}
}

// Jekyll dates a post in the build machine's time zone unless told its
// permalink: a post of 00:30 on 1 January at +01:00, built on a UTC
// machine, must still be where the manifest says.
func TestJekyllBuildsPostsAtTheirOwnDate(t *testing.T) {
	testenv.Need(t, "jekyll")
	p := &post.Post{ID: 1, Type: "post", Status: "publish", Title: "New Year", Slug: "new-year", Content: "<p>Happy new year.</p>",
		Date: time.Date(2024, 1, 1, 0, 30, 0, 0, time.FixedZone("", 3600))}
	dir := t.TempDir()
	if _, err := Run(context.Background(), &fakeSource{posts: []*post.Post{p}}, Options{Output: dir, Layout: archive.Jekyll}); err != nil {
		t.Fatal(err)
	}
	m, err := archive.ReadManifest(dir)
	if err != nil || len(m.Items) != 1 || m.Items[0].NewURL != "/2024/01/01/new-year.html" {
		t.Fatalf("manifest %+v (%v), want the post at /2024/01/01/new-year.html", m, err)
	}
	testenv.WriteFiles(t, dir, map[string]string{"_config.yml": "title: T\nexclude: [blogport.json]\n"})
	t.Setenv("TZ", "UTC")
	build(t, dir, "jekyll", "build", "--quiet", "--destination", "public")
	if page := readFile(t, filepath.Join(dir, "public/2024/01/01/new-year.html")); !strings.Contains(page, "Happy new year") {
		t.Error("the post was not built at its manifest URL")
	}
}

// trickySlugs are WordPress post slugs as exports hold them: percent-encoded
// UTF-8, signs, case, dots, emoji.
var trickySlugs = []string{"%e6%97%a5%e6%9c%ac%e8%aa%9e", "c-plus-plus", "UPPER-case", "v1.2-release", "emoji-%f0%9f%8e%89", "%d0%bf%d1%80%d0%b8%d0%b2%d0%b5%d1%82", "under_score", "a..b"}

// Every new URL, alias and redirect target of posts in categories with
// tricky names and with tricky slugs is a page the real jekyll builds:
// Jekyll puts the categories in the path as they are, lower-cased.
func TestJekyllBuildsTrickyURLs(t *testing.T) {
	testenv.Need(t, "jekyll")
	src := &termSource{site: post.Site{URL: "https://old.example", Title: "Tricky"}}
	for i, name := range termNames {
		slug := trickySlugs[i%len(trickySlugs)]
		src.site.Terms = append(src.site.Terms, post.Term{Taxonomy: "category", Name: name, Slug: fmt.Sprint("c", i)})
		src.posts = append(src.posts, &post.Post{ID: int64(i + 1), Type: "post", Status: "publish", Title: fmt.Sprint("Post ", i), Slug: slug,
			Link: fmt.Sprintf("https://old.example/2024/01/01/%s/", slug), Date: time.Date(2024, 1, 1, 10, 0, 0, 0, time.UTC), Content: "<p>x</p>",
			Categories: []post.Term{{Taxonomy: "category", Name: name, Slug: fmt.Sprint("c", i)}}})
	}
	src.posts = append(src.posts, &post.Post{ID: 99, Type: "page", Status: "publish", Title: "Ça page", Slug: "%c3%a7a-page",
		Link: "https://old.example/%c3%a7a-page/", Content: "<p>page</p>"})
	dir := t.TempDir()
	if _, err := Run(context.Background(), src, Options{Output: dir, Layout: archive.Jekyll}); err != nil {
		t.Fatal(err)
	}
	testenv.Keep(t, dir)
	build(t, dir, "jekyll", "build", "--destination", "public") // with only the site files blogport wrote
	m, err := archive.ReadManifest(dir)
	if err != nil || len(m.Items) != len(src.posts) {
		t.Fatalf("manifest: %d items (%v), want %d", len(m.Items), err, len(src.posts))
	}
	built := func(u string) bool {
		p, err := url.PathUnescape(u)
		if err != nil {
			return false
		}
		if strings.HasSuffix(p, "/") {
			p += "index.html"
		}
		_, err = os.Stat(filepath.Join(dir, "public", filepath.FromSlash(p)))
		return err == nil
	}
	for _, it := range m.Items {
		if !built((&url.URL{Path: it.NewURL}).EscapedPath()) {
			t.Errorf("%s: new URL %s not built", it.Path, it.NewURL)
		}
		fm, _, err := archive.ReadFrontMatter([]byte(readFile(t, filepath.Join(dir, it.Path))))
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range fm.RedirectFrom {
			if !built((&url.URL{Path: a}).EscapedPath()) {
				t.Errorf("%s: alias %s not built", it.Path, a)
			}
		}
	}
	rows := 0
	for _, r := range redirects.Build(m, redirects.Options{}).Rows {
		rows++
		if !built(r.To) {
			t.Errorf("redirect %s?%s → %s: not built", r.From, r.Query, r.To)
		}
	}
	if rows < 3*len(src.posts) {
		t.Errorf("only %d redirect rows", rows)
	}
}
