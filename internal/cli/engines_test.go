package cli

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blogport/blogport/internal/testenv"
)

// note is one post of the blog built with each engine: fifteen of them,
// with tags, categories, code, an image on every fifth and a non-ASCII title.
type note struct {
	n         int
	title     string
	slug      string
	day       string // 2024-01-DD
	category  string
	tags      []string
	withImage bool
}

func notes() []note {
	var out []note
	for n := 1; n <= 15; n++ {
		nt := note{n: n, title: fmt.Sprintf("Workshop note %d", n), slug: fmt.Sprintf("workshop-note-%d", n),
			day: fmt.Sprintf("2024-01-%02d", n), category: []string{"Notes", "Travel"}[n%2],
			tags: []string{"solder", fmt.Sprintf("batch%d", n%3)}, withImage: n%5 == 0}
		if n == 7 {
			nt.title, nt.slug = "Café número 7", "cafe-numero-7"
		}
		out = append(out, nt)
	}
	return out
}

func (nt note) markdown() string {
	md := fmt.Sprintf("This is the body of note %d, written for the engines test.\n\n```go\nfunc note%d() {}\n```\n", nt.n, nt.n)
	if nt.withImage {
		md += "\n![A small square](/images/dot.png)\n"
	}
	return md
}

func dotPNG() string {
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	for i := range 16 {
		img.Set(i%4, i/4, color.RGBA{200, 60, 40, 255})
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	return b.String()
}

func buildEngine(t *testing.T, bin string, dir string, args ...string) {
	t.Helper()
	testenv.Need(t, bin)
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir(), "LANG=C.UTF-8", "LC_ALL=C.UTF-8")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %v: %v\n%s", bin, args, err, out)
	}
}

// serve serves a built site on 127.0.0.1; the listener exists before the
// build so that generators can be told the address.
func serve(t *testing.T) (*httptest.Server, string) {
	t.Helper()
	public := t.TempDir()
	srv := httptest.NewUnstartedServer(http.FileServer(http.Dir(public)))
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv.Listener = l
	t.Cleanup(srv.Close)
	return srv, public
}

func jekyllSite(t *testing.T, out string) {
	src := t.TempDir()
	files := map[string]string{
		"_config.yml":    "title: Jekyll Notes\ntheme: minima\nplugins: [jekyll-feed, jekyll-seo-tag]\ntimezone: Europe/Berlin\nfeed:\n  posts_limit: 50\n",
		"about.md":       "---\nlayout: page\ntitle: About\n---\nA page that is not a post.\n",
		"index.md":       "---\nlayout: home\n---\n",
		"images/dot.png": dotPNG(),
	}
	for _, nt := range notes() {
		files[fmt.Sprintf("_posts/%s-%s.md", nt.day, nt.slug)] = fmt.Sprintf("---\nlayout: post\ntitle: %q\ndate: %s 10:00:00 +0100\ncategories: [%s]\ntags: [%s]\n---\n%s",
			nt.title, nt.day, nt.category, strings.Join(nt.tags, ", "), nt.markdown())
	}
	testenv.WriteFiles(t, src, files)
	buildEngine(t, "jekyll", src, "build", "--quiet", "--destination", out)
}

func pelicanSite(t *testing.T, out string) {
	src := t.TempDir()
	files := map[string]string{
		"pelicanconf.py": "AUTHOR = 'Marta'\nSITENAME = 'Pelican Notes'\nSITEURL = ''\nTIMEZONE = 'Europe/Berlin'\nDEFAULT_LANG = 'en'\n" +
			"STATIC_PATHS = ['images']\nFEED_ALL_ATOM = 'feeds/all.atom.xml'\nDEFAULT_PAGINATION = 5\nRELATIVE_URLS = False\n",
		"content/images/dot.png": dotPNG(),
		"content/pages/about.md": "Title: About\n\nA page that is not a post.\n",
	}
	for _, nt := range notes() {
		files[fmt.Sprintf("content/%s.md", nt.slug)] = fmt.Sprintf("Title: %s\nDate: %s 10:00\nCategory: %s\nTags: %s\nSlug: %s\n\n%s",
			nt.title, nt.day, nt.category, strings.Join(nt.tags, ", "), nt.slug, strings.ReplaceAll(nt.markdown(), "```go\n", "    :::go\n    "))
	}
	for name, body := range files { // Pelican wants indented code, not fences
		if strings.HasSuffix(name, ".md") && strings.Contains(body, ":::go") {
			files[name] = strings.Replace(body, "\n```\n", "\n", 1)
		}
	}
	testenv.WriteFiles(t, src, files)
	buildEngine(t, "pelican", src, "content", "-o", out, "-s", "pelicanconf.py", "-q")
}

func hugoSite(t *testing.T, out, base string) {
	src := t.TempDir()
	files := map[string]string{
		"config.toml": fmt.Sprintf("baseURL = %q\ntitle = 'Hugo Notes'\n[taxonomies]\ncategory = 'categories'\ntag = 'tags'\n", base+"/"),
		"layouts/_default/baseof.html": `<!DOCTYPE html><html><head><title>{{ .Title }}</title>{{ hugo.Generator }}{{ template "_internal/opengraph.html" . }}</head>
<body><header><nav><a href="/">Hugo Notes home</a> <a href="/posts/">All posts</a></nav></header>
<main>{{ block "main" . }}{{ end }}</main><footer>Built with love and a soldering iron</footer></body></html>`,
		"layouts/_default/single.html": `{{ define "main" }}<article><h1 class="post-title">{{ .Title }}</h1><div class="post-content">{{ .Content }}</div>
<ul class="post-tags">{{ range .Params.tags }}<li><a href="{{ "tags/" | absURL }}{{ . | urlize }}/">{{ . }}</a></li>{{ end }}</ul>
{{ range .Params.categories }}<a href="{{ "categories/" | absURL }}{{ . | urlize }}/">{{ . }}</a>{{ end }}</article>{{ end }}`,
		"layouts/_default/list.html": `{{ define "main" }}{{ range .Pages }}<h2><a href="{{ .Permalink }}">{{ .Title }}</a></h2>{{ end }}{{ end }}`,
		"static/images/dot.png":      dotPNG(),
	}
	for _, nt := range notes() {
		files[fmt.Sprintf("content/posts/%s.md", nt.slug)] = fmt.Sprintf("---\ntitle: %q\ndate: %sT10:00:00+01:00\ncategories: [%s]\ntags: [%s]\n---\n%s",
			nt.title, nt.day, nt.category, strings.Join(nt.tags, ", "), nt.markdown())
	}
	testenv.WriteFiles(t, src, files)
	buildEngine(t, "hugo", src, "--quiet", "--destination", out)
}

// checkEngine pulls the site with no mapping named and checks every post.
func checkEngine(t *testing.T, source, engine string, furniture []string, terms bool, fence string) {
	t.Helper()
	out := t.TempDir()
	sum := pull(t, 0, source, "-o", out, "--cache", t.TempDir())
	if !strings.Contains(sum["why"].(string), "the "+engine+" mapping") {
		t.Errorf("why = %v, want the %s mapping chosen", sum["why"], engine)
	}
	files := readArchive(t, out)
	found := 0
	for _, nt := range notes() {
		var body, name string
		for n, b := range files {
			if strings.HasSuffix(n, "index.md") && strings.Contains(b, fmt.Sprintf("This is the body of note %d,", nt.n)) {
				body, name = b, n
			}
		}
		if body == "" {
			t.Errorf("note %d missing from the archive", nt.n)
			continue
		}
		found++
		wants := []string{fmt.Sprintf("title: %s", nt.title), "date: " + nt.day + "T10:00:00+01:00", fence, fmt.Sprintf("func note%d() {}", nt.n)}
		if terms {
			wants = append(wants, "solder")
		}
		for _, w := range wants {
			if !strings.Contains(body, w) {
				t.Errorf("%s lacks %q:\n%s", name, w, body)
			}
		}
		if nt.withImage {
			img := filepath.ToSlash(filepath.Join(filepath.Dir(name), "dot.png"))
			if !strings.Contains(body, "](dot.png)") || !strings.HasPrefix(files[img], "\x89PNG") {
				t.Errorf("%s: image not local (%s)", name, img)
			}
		}
		for _, junk := range furniture {
			if strings.Contains(body[strings.Index(body, "\n---\n"):], junk) {
				t.Errorf("%s carries page furniture %q", name, junk)
			}
		}
	}
	if found != 15 {
		t.Errorf("%d of 15 posts found", found)
	}
}

func TestPullsAJekyllSiteWithoutAMapping(t *testing.T) {
	srv, public := serve(t)
	jekyllSite(t, public)
	srv.Start()
	checkEngine(t, srv.URL, "jekyll", []string{"Jekyll Notes", "Subscribe", "About"}, true, "```go")

	// the same site, mirrored with wget and read from disk
	testenv.Need(t, "wget")
	mirror := t.TempDir()
	cmd := exec.Command("wget", "--mirror", "--convert-links", "--adjust-extension", "--no-parent", "-e", "robots=off", "-q", "-P", mirror, srv.URL+"/")
	if out, err := cmd.CombinedOutput(); err != nil && !strings.Contains(string(out), "") {
		t.Fatalf("wget: %v\n%s", err, out)
	}
	srv.Close() // the mirror must not need the site
	checkEngine(t, mirror, "jekyll", []string{"Jekyll Notes", "Subscribe", "About"}, false, "```go")
}

func TestPullsAPelicanSiteWithoutAMapping(t *testing.T) {
	srv, public := serve(t)
	pelicanSite(t, public)
	srv.Start()
	checkEngine(t, srv.URL, "pelican", []string{"Pelican Notes", "Proudly powered", "social", "blogroll"}, true, "```") // Pelican's highlighter names no language
}

func TestPullsAHugoSiteWithoutAMapping(t *testing.T) {
	srv, public := serve(t)
	hugoSite(t, public, "http://"+srv.Listener.Addr().String())
	srv.Start()
	checkEngine(t, srv.URL, "hugo", []string{"Hugo Notes home", "All posts", "Built with love"}, true, "```go")
}
