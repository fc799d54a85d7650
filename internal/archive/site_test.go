package archive

import (
	"context"
	"html"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/blogport/blogport/internal/convert"
	"github.com/blogport/blogport/internal/normalize"
	"github.com/blogport/blogport/internal/testenv"
	"github.com/goccy/go-yaml"
	"github.com/pelletier/go-toml/v2"
)

func siteFileHashes(t *testing.T, dir string) map[string]string {
	t.Helper()
	m, err := ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range m.SiteFiles {
		out[f.Path] = f.SHA256
	}
	return out
}

func readString(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// Each layout writes its site files once, records them with their hashes,
// and a re-run on the same input leaves them alone.
func TestSiteFilesAreRecordedWithTheirHashes(t *testing.T) {
	for _, tc := range []struct {
		layout Layout
		want   []string // some of the files, and only these at the top
	}{
		{Hugo, []string{"hugo.toml", "themes/blogport/layouts/_default/baseof.html", "themes/blogport/layouts/_default/single.html", "themes/blogport/layouts/index.html"}},
		{Jekyll, []string{"_config.yml", "Gemfile", "index.md"}},
		{Plain, nil},
	} {
		t.Run(tc.layout.String(), func(t *testing.T) {
			dir := t.TempDir()
			opts := Options{Layout: tc.layout, Site: Site{Title: "Notes"}}
			st := run(t, dir, opts, entry(1, "a", "A\n"))
			got := siteFileHashes(t, dir)
			for _, name := range tc.want {
				if got[name] == "" {
					t.Errorf("%s not recorded: %v", name, got)
				}
				if !slices.Contains(st.Written, name) {
					t.Errorf("%s not written: %v", name, st.Written)
				}
			}
			for name, sum := range got {
				if h := Hash([]byte(readString(t, filepath.Join(dir, name)))); h != sum {
					t.Errorf("%s: recorded %s, file has %s", name, sum, h)
				}
			}
			if tc.want == nil && len(got) != 0 {
				t.Errorf("plain wrote site files %v", got)
			}
			st = run(t, dir, opts, entry(1, "a", "A\n"))
			if len(st.Written) != 0 || len(st.Kept) != 0 {
				t.Errorf("re-run wrote %v, kept %v", st.Written, st.Kept)
			}
		})
	}
}

// A site file the user changed is never written over, and is said to be
// kept; one blogport wrote and nobody touched is brought up to date; one
// the user deleted comes back.
func TestSiteFilesTheUserChangedAreKept(t *testing.T) {
	dir := t.TempDir()
	opts := Options{Site: Site{Title: "Notes"}}
	run(t, dir, opts, entry(1, "a", "A\n"))
	config := filepath.Join(dir, "hugo.toml")
	mine := readString(t, config) + "[params]\n  mine = true\n"
	os.WriteFile(config, []byte(mine), 0o644)
	css := filepath.Join(dir, "themes/blogport/static/css/blogport.css")
	os.Remove(css)

	opts.Site.Title = "Renamed" // what blogport would write now differs
	st := run(t, dir, opts, entry(1, "a", "A\n"))
	if got := readString(t, config); got != mine {
		t.Errorf("hugo.toml written over:\n%s", got)
	}
	if !slices.Equal(st.Kept, []string{"hugo.toml"}) {
		t.Errorf("kept = %v, want hugo.toml", st.Kept)
	}
	if _, err := os.Stat(css); err != nil {
		t.Errorf("deleted theme file not written again: %v", err)
	}
	if sum := siteFileHashes(t, dir)["hugo.toml"]; sum == "" || sum == Hash([]byte(mine)) {
		t.Errorf("the manifest records hugo.toml as %q: want the hash of what blogport wrote", sum)
	}
	st = run(t, dir, opts, entry(1, "a", "A\n")) // still the user's, on every run
	if got := readString(t, config); got != mine || !slices.Equal(st.Kept, []string{"hugo.toml"}) {
		t.Errorf("third run: kept %v, hugo.toml:\n%s", st.Kept, got)
	}

	// a file an older blogport wrote, untouched since, is updated
	old := "theme = 'blogport'\n"
	os.WriteFile(config, []byte(old), 0o644)
	m, _ := ReadManifest(dir)
	for i := range m.SiteFiles {
		if m.SiteFiles[i].Path == "hugo.toml" {
			m.SiteFiles[i].SHA256 = Hash([]byte(old))
		}
	}
	data, _ := encodeJSON(m)
	os.WriteFile(filepath.Join(dir, ManifestName), data, 0o644)
	st = run(t, dir, opts, entry(1, "a", "A\n"))
	if got := readString(t, config); !strings.Contains(got, `title = "Renamed"`) || len(st.Kept) != 0 {
		t.Errorf("an untouched older hugo.toml was not updated (kept %v):\n%s", st.Kept, got)
	}
}

// A folder that already holds a configuration of the user's is their own
// site: blogport writes the items into it and no site files at all.
func TestOwnSiteConfigurationMeansNoSiteFiles(t *testing.T) {
	for _, tc := range []struct {
		layout Layout
		own    string
	}{
		{Hugo, "config.toml"},
		{Hugo, "hugo.yaml"},
		{Jekyll, "_config.yml"},
	} {
		t.Run(tc.layout.String()+"/"+tc.own, func(t *testing.T) {
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, tc.own), []byte("title: mine\n"), 0o644)
			st := run(t, dir, Options{Layout: tc.layout}, entry(1, "a", "A\n"))
			if st.OwnConfig != tc.own || len(st.Kept) != 0 {
				t.Errorf("own config %q, kept %v; want %s", st.OwnConfig, st.Kept, tc.own)
			}
			if got := siteFileHashes(t, dir); len(got) != 0 {
				t.Errorf("site files written beside the user's configuration: %v", got)
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if n := e.Name(); n == "themes" || n == "hugo.toml" || n == "Gemfile" {
					t.Errorf("%s written", n)
				}
			}
		})
	}
}

// Asked for no site files, a re-run removes the ones blogport wrote and
// nobody changed, folders and all, and keeps the changed ones.
func TestNoSiteFilesRemovesOursOnly(t *testing.T) {
	dir := t.TempDir()
	run(t, dir, Options{}, entry(1, "a", "A\n"))
	single := filepath.Join(dir, "themes/blogport/layouts/_default/single.html")
	os.WriteFile(single, []byte("{{ .Content }} mine\n"), 0o644)
	st := run(t, dir, Options{NoSiteFiles: true}, entry(1, "a", "A\n"))
	if !slices.Contains(st.Removed, "hugo.toml") || !slices.Contains(st.Removed, "themes/blogport/static/css/blogport.css") {
		t.Errorf("removed = %v", st.Removed)
	}
	if !slices.Equal(st.Kept, []string{"themes/blogport/layouts/_default/single.html"}) {
		t.Errorf("kept = %v", st.Kept)
	}
	if _, err := os.Stat(filepath.Join(dir, "themes/blogport/static")); !os.IsNotExist(err) {
		t.Errorf("emptied theme folder left behind: %v", err)
	}
	if readString(t, single) != "{{ .Content }} mine\n" {
		t.Error("the changed theme file was removed or rewritten")
	}
	if _, err := os.Stat(filepath.Join(dir, "content/posts/a/index.md")); err != nil {
		t.Errorf("the item went: %v", err)
	}
}

// The site files read back, in TOML and YAML, to what the source said,
// whatever the title holds.
func TestSiteFilesParse(t *testing.T) {
	titles := []string{"Field Notes", `Tips & "Tricks" \ more`, "# not a comment", "a: b", "'single'", "tab\tinside", "line\nbreak", "\x01ctl\u2028sep\u0085nel", "ünï — 日本語 🙂", "", "true", "0x1F", "[x]"}
	for _, title := range titles {
		s := Site{Title: title, URL: "https://n.example/", Language: "de-DE", TimeZone: "Europe/Berlin"}
		files, err := Hugo.gen().siteFiles(s)
		if err != nil {
			t.Fatal(err)
		}
		var h struct {
			BaseURL, Title, Locale, TimeZone, Theme string
			Taxonomies                              map[string]string
			Markup                                  struct {
				Goldmark struct{ Renderer struct{ Unsafe bool } }
			}
		}
		if err := toml.Unmarshal(files[0].data, &h); err != nil || files[0].path != "hugo.toml" {
			t.Fatalf("%q: hugo.toml: %v\n%s", title, err, files[0].data)
		}
		if h.Title != title || h.BaseURL != s.URL || h.Locale != "de-DE" || h.TimeZone != "Europe/Berlin" || h.Theme != "blogport" ||
			h.Taxonomies["author"] != "authors" || h.Taxonomies["tag"] != "tags" || h.Taxonomies["category"] != "categories" || !h.Markup.Goldmark.Renderer.Unsafe {
			t.Errorf("%q: hugo.toml reads back as %+v", title, h)
		}
		files, _ = Jekyll.gen().siteFiles(s)
		var j struct {
			Title, URL, Lang, Timezone, Theme string
			Plugins, Exclude                  []string
		}
		if err := yaml.Unmarshal(files[0].data, &j); err != nil || files[0].path != "_config.yml" {
			t.Fatalf("%q: _config.yml: %v\n%s", title, err, files[0].data)
		}
		if j.Title != title || j.URL != "https://n.example" || j.Lang != "de-DE" || j.Timezone != "Europe/Berlin" || j.Theme != "minima" ||
			!slices.Contains(j.Plugins, "jekyll-redirect-from") || !slices.Contains(j.Exclude, "blogport.json") {
			t.Errorf("%q: _config.yml reads back as %+v", title, j)
		}
	}
}

func TestSiteURL(t *testing.T) {
	for _, tc := range []struct{ asked, home, want string }{
		{"https://new.example/", "https://old.example/blog", "https://new.example/"},
		{"", "https://old.example/blog", "https://old.example/"},
		{"", "http://old.example:8080", "http://old.example:8080/"},
		{"", "", placeholderURL},
		{"", "not a url", placeholderURL},
	} {
		w := &Writer{opts: Options{Site: Site{URL: tc.asked}, Home: tc.home}}
		if got := w.siteURL(); got != tc.want {
			t.Errorf("siteURL(%q, home %q) = %q, want %q", tc.asked, tc.home, got, tc.want)
		}
	}
}

func TestCommonTimeZone(t *testing.T) {
	for _, tc := range []struct {
		name  string
		dates []string
		want  string
	}{
		{"none", nil, ""},
		{"utc", []string{"2024-01-01T10:00:00Z"}, "UTC"},
		{"summer wins", []string{"2024-01-01T10:00:00+01:00", "2024-07-01T10:00:00+02:00", "2024-08-01T10:00:00+02:00"}, "Etc/GMT-2"},
		{"west", []string{"2024-01-01T10:00:00-05:00"}, "Etc/GMT+5"},
		{"tie takes the lower", []string{"2024-01-01T10:00:00+01:00", "2024-07-01T10:00:00+02:00"}, "Etc/GMT-1"},
		{"half hour has no Etc zone", []string{"2024-01-01T10:00:00+05:30"}, ""},
		{"undated", []string{""}, ""},
	} {
		z := zones{}
		for _, d := range tc.dates {
			z.add(d)
		}
		if got := z.common(); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

// A term whose page Hugo's versions put at different URLs is written by
// its key, and its name goes to its page's title; any other term keeps its
// name.
func TestHugoKeyOnlyWhereVersionsDisagree(t *testing.T) {
	for _, tc := range []struct{ name, key string }{
		{"Rock & Roll", "rock-roll"},
		{"emoji 🎉 party", "emoji-party"},
		{"Tips & Tricks", "tips-tricks"},
		{"C++", "C++"},
		{"UPPER Case", "UPPER Case"},
		{"why?", "why?"},
		{"Ça va", "Ça va"},
		{"a/b & c", "a/b & c"}, // the key would be a path
		{"& .hidden", "& .hidden"},
	} {
		if got := hugoKey(tc.name); got != tc.key {
			t.Errorf("hugoKey(%q) = %q, want %q", tc.name, got, tc.key)
		}
	}
	files := hugoTermPages([]term{{tagTerm, "Rock & Roll"}, {categoryTerm, "Rock & Roll"}, {tagTerm, "C++"}, {authorTerm, "Jo & Al"}, {tagTerm, "Rock & Roll"}})
	var got []string
	for _, f := range files {
		got = append(got, f.path+" "+string(f.data))
	}
	want := []string{
		"content/tags/rock-roll/_index.md ---\ntitle: \"Rock & Roll\"\n---\n",
		"content/categories/rock-roll/_index.md ---\ntitle: \"Rock & Roll\"\n---\n",
		"content/authors/jo-al/_index.md ---\ntitle: \"Jo & Al\"\n---\n",
	}
	if !slices.Equal(got, want) {
		t.Errorf("term pages:\n%q\nwant\n%q", got, want)
	}
}

// /x and /x/ are one alias: Hugo would write both to x/index.html and warn
// of duplicate target paths (seen on WordPress's 64-block test data).
func TestAliasWithAndWithoutSlashIsOne(t *testing.T) {
	dir := t.TempDir()
	e := entry(1, "rss-2", "A\n")
	e.Aliases = []string{"/rss-2", "/rss-2/", "/old"}
	run(t, dir, Options{NoSiteFiles: true}, e)
	fm, _, err := ReadFrontMatter([]byte(readString(t, filepath.Join(dir, "content/posts/rss-2/index.md"))))
	if err != nil || !slices.Equal(fm.Aliases, []string{"/rss-2/", "/old"}) {
		t.Errorf("aliases %q (%v), want [/rss-2/ /old]", fm.Aliases, err)
	}
}

// TestHugoConfigPassesMathThrough: formulas reach the page as written,
// between the delimiters the converter writes.
func TestHugoConfigPassesMathThrough(t *testing.T) {
	files, err := Hugo.gen().siteFiles(Site{Title: "Notes"})
	if err != nil {
		t.Fatal(err)
	}
	var h struct {
		Markup struct {
			Goldmark struct {
				Extensions struct {
					Passthrough struct {
						Enable     bool
						Delimiters struct{ Block, Inline [][]string }
					}
				}
			}
		}
	}
	if err := toml.Unmarshal(files[0].data, &h); err != nil {
		t.Fatal(err)
	}
	p := h.Markup.Goldmark.Extensions.Passthrough
	if !p.Enable || !slices.EqualFunc(p.Delimiters.Block, [][]string{{`\[`, `\]`}, {"$$", "$$"}}, slices.Equal) ||
		!slices.EqualFunc(p.Delimiters.Inline, [][]string{{`\(`, `\)`}, {"$", "$"}}, slices.Equal) {
		t.Errorf("passthrough reads back as %+v\n%s", p, files[0].data)
	}
}

// TestBuiltSiteLoadsMathJaxOnPagesWithMath builds an archive with the
// generator installed: the page with formulas has them, whole, and loads
// MathJax; the page with prices does not.
func TestBuiltSiteLoadsMathJaxOnPagesWithMath(t *testing.T) {
	const formula = `<p>Euler: <` + normalize.MathElement + ` tex="e^{i\pi}+1=0">x</` + normalize.MathElement + `>.</p>` +
		`<p><` + normalize.MathElement + ` tex="\sum_{k=1}^{n} k = \frac{n(n+1)}{2}">x</` + normalize.MathElement + `></p>`
	for _, tc := range []struct {
		layout Layout
		args   func(src, out string) []string
	}{
		{Hugo, func(src, out string) []string { return []string{"--source", src, "--destination", out} }},
		{Jekyll, func(src, out string) []string {
			return []string{"build", "--source", src, "--destination", out, "--disable-disk-cache"}
		}},
	} {
		t.Run(tc.layout.String(), func(t *testing.T) {
			program := tc.layout.String()
			testenv.Need(t, program)
			c, err := convert.New(tc.layout.Target())
			if err != nil {
				t.Fatal(err)
			}
			math, err := c.Convert(context.Background(), formula)
			if err != nil {
				t.Fatal(err)
			}
			prices, _ := c.Convert(context.Background(), "<p>From $5 to $10.</p>")
			dir, out := t.TempDir(), t.TempDir()
			run(t, dir, Options{Layout: tc.layout, Site: Site{Title: "Notes", URL: "https://n.example/"}},
				entry(1, "euler", math), entry(2, "prices", prices))
			if log, err := exec.Command(program, tc.args(dir, out)...).CombinedOutput(); err != nil {
				t.Fatalf("%s: %v\n%s", program, err, log)
			}
			pages := builtPages(t, dir, out)
			if page := pages[1]; !strings.Contains(page, "mathjax@3") ||
				!strings.Contains(page, `e^{i\pi}+1=0`) || !strings.Contains(page, `\sum_{k=1}^{n} k = \frac{n(n+1)}{2}`) {
				t.Errorf("the page with math has not its formulas and MathJax:\n%s", page)
			}
			if page := pages[2]; !strings.Contains(page, "<p>From $5 to $10.</p>") || strings.Contains(page, "mathjax") {
				t.Errorf("the page with prices loads MathJax, or is missing:\n%s", page)
			}
		})
	}
}

// builtPages reads the built page of each item, found by its new URL, by
// its ID, the HTML unescaped.
func builtPages(t *testing.T, dir, out string) map[int64]string {
	t.Helper()
	m, err := ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	pages := map[int64]string{}
	for _, it := range m.Items {
		file := filepath.Join(out, filepath.FromSlash(it.NewURL))
		if strings.HasSuffix(it.NewURL, "/") {
			file = filepath.Join(file, "index.html")
		}
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		pages[it.ID] = html.UnescapeString(string(data))
	}
	return pages
}
