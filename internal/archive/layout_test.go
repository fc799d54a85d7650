package archive

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/blogport/blogport/internal/convert"
	"github.com/blogport/blogport/internal/post"
)

// covered fails the test unless every layout of the table had a case.
func covered(t *testing.T, seen map[Layout]bool) {
	t.Helper()
	for _, l := range layouts {
		if !seen[l] {
			t.Errorf("layout %s has no case", l)
		}
	}
}

func TestLayoutPlacesItems(t *testing.T) {
	const day = "2024-03-12"
	tests := []struct {
		layout    Layout
		s         spot
		file, url string
	}{
		{Hugo, spot{slugPath: "x", date: day}, "content/posts/x/index.md", "/posts/x/"},
		{Hugo, spot{slugPath: "x", date: day, draft: true}, "content/posts/x/index.md", "/posts/x/"},
		{Hugo, spot{slugPath: "x", date: day, branch: true}, "content/posts/x/index.md", "/posts/x/"}, // posts are never branch bundles
		{Hugo, spot{page: true, slugPath: "about/team", date: day}, "content/pages/about/team/index.md", "/pages/about/team/"},
		{Hugo, spot{page: true, slugPath: "about", date: day, branch: true}, "content/pages/about/_index.md", "/pages/about/"},
		{Jekyll, spot{slugPath: "x", date: day, categories: []string{"Lab Notes", "Go"}}, "_posts/2024-03-12-x.md", "/lab notes/go/2024/03/12/x.html"},
		{Jekyll, spot{slugPath: "x", date: day}, "_posts/2024-03-12-x.md", "/2024/03/12/x.html"},
		{Jekyll, spot{slugPath: "x", date: day, draft: true}, "_drafts/x.md", ""},
		{Jekyll, spot{slugPath: "x"}, "_drafts/x.md", ""}, // no date, no permalink
		{Jekyll, spot{page: true, slugPath: "about/team", date: day}, "pages/about/team/index.md", "/pages/about/team/"},
		{Jekyll, spot{page: true, slugPath: "about", date: day, branch: true}, "pages/about/index.md", "/pages/about/"},
		{Jekyll, spot{page: true, slugPath: "about/team", date: day, draft: true}, "_drafts/about-team.md", ""},
		{Plain, spot{slugPath: "x", date: day}, "posts/x.md", "/posts/x/"},
		{Plain, spot{page: true, slugPath: "about/team", date: day, branch: true}, "pages/about/team.md", "/pages/about/team/"},
	}
	seen := map[Layout]bool{}
	for _, tc := range tests {
		seen[tc.layout] = true
		got := tc.layout.gen().place(tc.s)
		pinned := tc.layout == Jekyll && !tc.s.page && tc.url != "" // Jekyll posts carry their permalink
		if got.file != tc.file || got.url != tc.url || got.custom != pinned {
			t.Errorf("%s %+v: got %+v, want %s %s", tc.layout, tc.s, got, tc.file, tc.url)
		}
	}
	covered(t, seen)
}

func TestLayoutKeepsMediaWhereItsGeneratorServesThem(t *testing.T) {
	tests := []struct {
		layout        Layout
		file, pageURL string
		dir, ref, url string
	}{
		{Hugo, "content/posts/x/index.md", "/posts/x/", "content/posts/x", "lämp.jpg", "/posts/x/lämp.jpg"},
		{Hugo, "content/posts/x/index.md", "/2024/x.html", "content/posts/x", "lämp.jpg", ""},
		{Jekyll, "_posts/2024-03-12-x.md", "/2024/03/12/x.html", "assets/media", "/assets/media/lämp.jpg", "/assets/media/lämp.jpg"},
		{Plain, "posts/x.md", "/posts/x/", "media", "../media/lämp.jpg", ""},
	}
	seen := map[Layout]bool{}
	for _, tc := range tests {
		seen[tc.layout] = true
		g := tc.layout.gen()
		dir := g.mediaDir(tc.file)
		media := dir + "/lämp.jpg"
		if dir != tc.dir {
			t.Errorf("%s: media of %s go in %s, want %s", tc.layout, tc.file, dir, tc.dir)
		}
		if ref := g.mediaRef(tc.file, media); ref != tc.ref {
			t.Errorf("%s: %s refers to %s as %s, want %s", tc.layout, tc.file, media, ref, tc.ref)
		}
		w := &Writer{opts: Options{Layout: tc.layout}}
		if ref, want := w.mediaRef(tc.file, media), strings.ReplaceAll(tc.ref, "ä", "%C3%A4"); ref != want {
			t.Errorf("%s: the written reference is %s, want %s", tc.layout, ref, want)
		}
		if u := tc.layout.MediaURL(tc.pageURL, media); u != tc.url {
			t.Errorf("%s: %s of %s is served at %q, want %q", tc.layout, media, tc.pageURL, u, tc.url)
		}
	}
	covered(t, seen)
}

func TestLayoutFrontMatterKeys(t *testing.T) {
	tests := []struct {
		layout   Layout
		url      string
		has, not []string
	}{
		{Hugo, "/2024/x/", []string{"url", "aliases"}, []string{"permalink", "redirect_from"}},
		{Hugo, "", []string{"aliases"}, []string{"url", "permalink", "redirect_from"}},
		{Jekyll, "/2024/x/", []string{"permalink", "redirect_from", "aliases"}, []string{"url"}},
		{Jekyll, "", []string{"redirect_from", "aliases"}, []string{"url", "permalink"}},
		{Plain, "/2024/x/", []string{"url", "aliases"}, []string{"permalink", "redirect_from"}},
	}
	seen := map[Layout]bool{}
	for _, tc := range tests {
		seen[tc.layout] = true
		fm := FrontMatter{Title: "x"}
		tc.layout.gen().frontMatter(&fm, tc.url, []string{"/old/x/"})
		for _, f := range []Format{YAML, TOML} {
			data, err := f.render(fm, "")
			if err != nil {
				t.Fatal(err)
			}
			keys := map[string]bool{}
			for _, line := range strings.Split(string(data), "\n") {
				if k, _, ok := strings.Cut(line, ":"); ok && f == YAML {
					keys[k] = true
				} else if k, _, ok := strings.Cut(line, " = "); ok && f == TOML {
					keys[k] = true
				}
			}
			for _, k := range tc.has {
				if !keys[k] {
					t.Errorf("%s %s url %q: no %s key\n%s", tc.layout, f, tc.url, k, data)
				}
			}
			for _, k := range tc.not {
				if keys[k] {
					t.Errorf("%s %s url %q: a %s key\n%s", tc.layout, f, tc.url, k, data)
				}
			}
		}
	}
	covered(t, seen)
}

func TestLayoutListPages(t *testing.T) {
	tests := []struct {
		layout                           Layout
		home, posts, feed, category, tag string
	}{
		{Hugo, "/", "/posts/", "/index.xml", "/categories/lab-notes/", "/tags/go/"},
		{Jekyll, "/", "/", "/feed.xml", "/", "/"},
		{Plain, "/", "/", "/", "/", "/"},
	}
	seen := map[Layout]bool{}
	for _, tc := range tests {
		seen[tc.layout] = true
		ls := tc.layout.Lists()
		got := []string{ls.Home, ls.Posts, ls.Feed, ls.Category("Lab Notes"), ls.Tag("Go")}
		want := []string{tc.home, tc.posts, tc.feed, tc.category, tc.tag}
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s: lists %q, want %q", tc.layout, got, want)
		}
	}
	covered(t, seen)
}

func TestLayoutTargets(t *testing.T) {
	want := map[Layout]convert.Target{Hugo: convert.Hugo, Jekyll: convert.Jekyll, Plain: convert.Plain}
	seen := map[Layout]bool{}
	for l, target := range want {
		seen[l] = true
		if l.Target() != target {
			t.Errorf("%s: target %+v, want %+v", l, l.Target(), target)
		}
		if _, err := convert.New(l.Target()); err != nil {
			t.Errorf("%s: %v", l, err)
		}
	}
	covered(t, seen)
}

func TestLayoutNamed(t *testing.T) {
	names := map[string]bool{}
	for _, l := range layouts {
		got, err := LayoutNamed(l.String())
		if err != nil || got != l {
			t.Errorf("LayoutNamed(%q) = %v, %v", l, got, err)
		}
		if names[l.String()] {
			t.Errorf("two layouts named %s", l)
		}
		names[l.String()] = true
	}
	for _, name := range []string{"gatsby", "", "Hugo"} {
		_, err := LayoutNamed(name)
		if err == nil || !strings.Contains(err.Error(), `unknown layout "`+name+`" (want hugo, jekyll or plain)`) {
			t.Errorf("LayoutNamed(%q): err = %v", name, err)
		}
	}
}

func TestZeroOptionsGiveTheHugoLayout(t *testing.T) {
	if (Options{}).Layout != Hugo || Hugo.String() != "hugo" || (Layout{}).Target() != convert.Hugo {
		t.Fatalf("the zero layout is %s, target %+v", Layout{}, Layout{}.Target())
	}
	dir := t.TempDir()
	run(t, dir, Options{}, entry(1, "a", "A\n"))
	if _, err := os.Stat(filepath.Join(dir, "content/posts/a/index.md")); err != nil {
		t.Error(err)
	}
	data, _ := os.ReadFile(filepath.Join(dir, ManifestName))
	if !strings.Contains(string(data), `"layout": "hugo",`) {
		t.Errorf("manifest does not name the hugo layout:\n%s", data)
	}
}

func TestManifestStoresTheLayoutName(t *testing.T) {
	for _, l := range layouts {
		data, err := json.Marshal(Manifest{Layout: l})
		if err != nil || !strings.Contains(string(data), `"layout":"`+l.String()+`"`) {
			t.Fatalf("%s: %s %v", l, data, err)
		}
		var m Manifest
		if err := json.Unmarshal(data, &m); err != nil || m.Layout != l {
			t.Errorf("%s: read back %v, %v", l, m.Layout, err)
		}
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, ManifestName), []byte(`{"layout":"gatsby","items":[]}`), 0o644)
	if _, err := ReadManifest(dir); err == nil || !strings.Contains(err.Error(), ManifestName) || !strings.Contains(err.Error(), `unknown layout "gatsby"`) {
		t.Errorf("unknown layout in the manifest: err = %v", err)
	}
	os.WriteFile(filepath.Join(dir, ManifestName), []byte(`{"items":[]}`), 0o644)
	if m, err := ReadManifest(dir); err != nil || m.Layout != Hugo {
		t.Errorf("manifest without a layout: %v, %v", m, err)
	}
}

// A page that turns out, once every item is reserved, to have pages below
// it is placed again: Hugo makes it a branch bundle, the others keep it.
func TestPageWithPagesBelowIt(t *testing.T) {
	tests := []struct {
		layout Layout
		file   string
	}{
		{Hugo, "content/pages/about/_index.md"},
		{Jekyll, "pages/about/index.md"},
		{Plain, "pages/about.md"},
	}
	seen := map[Layout]bool{}
	for _, tc := range tests {
		seen[tc.layout] = true
		t.Run(tc.layout.String(), func(t *testing.T) {
			dir := t.TempDir()
			about, team := entry(1, "about", "About\n"), entry(2, "team", "Team\n")
			about.Post.Type, team.Post.Type = "page", "page"
			team.Post.Parents = []string{"about"}
			w, err := Open(dir, Options{Layout: tc.layout})
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range []*post.Post{about.Post, team.Post} {
				w.Reserve(p)
			}
			for _, e := range []Entry{about, team} {
				if err := w.Write(e); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := w.Close(); err != nil {
				t.Fatal(err)
			}
			m, _ := ReadManifest(dir)
			if len(m.Items) != 2 || m.Items[0].Path != tc.file {
				t.Errorf("items %+v, want the parent at %s", m.Items, tc.file)
			}
			if _, err := os.Stat(filepath.Join(dir, tc.file)); err != nil {
				t.Error(err)
			}
		})
	}
	covered(t, seen)
}

// Only one page is the front page: a second page at the home address (a
// merged source, a crawl that found the home page twice) is placed as a
// page, and a post at the home address never is.
func TestOneFrontPage(t *testing.T) {
	for _, l := range []Layout{Hugo, Jekyll, Plain} {
		w, err := Open(t.TempDir(), Options{Layout: l, Home: "https://shop.example.org"})
		if err != nil {
			t.Fatal(err)
		}
		front := &post.Post{ID: 2, Type: "page", Status: "publish", Slug: "welcome", Link: "https://www.shop.example.org"}
		again := &post.Post{ID: 9, Type: "page", Status: "publish", Slug: "welcome-too", Link: "http://shop.example.org/"}
		postAtHome := &post.Post{ID: 5, Type: "post", Status: "publish", Slug: "hello", Link: "https://shop.example.org/", Date: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)}
		if u := w.Reserve(front); u != "/" {
			t.Errorf("%s: front page at %q, want /", l, u)
		}
		for _, p := range []*post.Post{again, postAtHome} {
			if u := w.Reserve(p); u == "/" || u == "" {
				t.Errorf("%s: %s %d at %q, want a place of its own", l, p.Type, p.ID, u)
			}
		}
	}
}

func TestHugoURLize(t *testing.T) {
	for name, want := range map[string]string{
		"C++": "c++", "0+0": "0+0", "C#": "c#", "Rock & Roll": "rock-roll", "  two   spaces ": "two-spaces", "why?": "why",
		"Ça va": "ça-va", "dash - ed": "dash-ed", "50%25 off": "50%25-off", "100% pure": "100-pure", "v1.2": "v1.2",
	} {
		if got := hugoURLize(name); got != want {
			t.Errorf("hugoURLize(%q) = %q, want %q", name, got, want)
		}
	}
}
