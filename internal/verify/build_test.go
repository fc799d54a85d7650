package verify

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blogport/blogport/internal/archive"
	"github.com/blogport/blogport/internal/pipeline"
	"github.com/blogport/blogport/internal/redirects"
	"github.com/blogport/blogport/internal/source/wxr"
	"github.com/blogport/blogport/internal/testenv"
	"github.com/goccy/go-yaml"
)

const sample = "../../testdata/wxr/sample.xml"

// pullSample migrates the sample export into a new archive of the layout,
// with the site files the pull writes.
func pullSample(t *testing.T, layout archive.Layout) (string, *archive.Manifest) {
	t.Helper()
	src, err := wxr.Open(context.Background(), sample)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if _, err := pipeline.Run(context.Background(), src, pipeline.Options{Output: dir, Layout: layout, Source: archive.Source{Kind: "wxr"}}); err != nil {
		t.Fatal(err)
	}
	m, err := archive.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	return dir, m
}

// tree is every file and folder under dir, with a hash of each file.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if d.IsDir() {
			out[rel+"/"] = ""
			return nil
		}
		data, err := os.ReadFile(p)
		out[rel] = fmt.Sprintf("%x", sha256.Sum256(data))
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func requireSameTree(t *testing.T, before, after map[string]string) {
	t.Helper()
	for p, h := range after {
		if b, ok := before[p]; !ok {
			t.Errorf("the build left %s in the archive", p)
		} else if b != h {
			t.Errorf("the build changed %s", p)
		}
	}
	for p := range before {
		if _, ok := after[p]; !ok {
			t.Errorf("the build removed %s", p)
		}
	}
}

// wantChecked counts, apart from the code under test, what CheckBuild
// must look up: each published item's new URL, each alias its generator
// reads in the item's front matter, each distinct redirect target.
func wantChecked(t *testing.T, dir string, m *archive.Manifest, tab *redirects.Table) int {
	t.Helper()
	n := 0
	for _, it := range m.Items {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(it.Path)))
		if err != nil {
			t.Fatal(err)
		}
		parts := bytes.SplitN(data, []byte("---\n"), 3)
		var fm struct {
			Draft        bool     `yaml:"draft"`
			Aliases      []string `yaml:"aliases"`
			RedirectFrom []string `yaml:"redirect_from"`
		}
		if len(parts) != 3 || yaml.Unmarshal(parts[1], &fm) != nil {
			t.Fatalf("%s: no YAML front matter", it.Path)
		}
		if it.NewURL == "" || fm.Draft {
			continue
		}
		n++
		if m.Layout == archive.Jekyll {
			n += len(fm.RedirectFrom)
		} else {
			n += len(fm.Aliases)
		}
	}
	targets := map[string]bool{}
	for _, r := range tab.Rows {
		targets[r.To] = true
	}
	return n + len(targets)
}

// Built with the real generator, the sample's every new URL, alias and
// redirect target is a page, and the archive is left as it was.
func TestCheckBuildFindsEveryURLOfTheSample(t *testing.T) {
	for _, layout := range []archive.Layout{archive.Hugo, archive.Jekyll} {
		t.Run(layout.String(), func(t *testing.T) {
			testenv.Need(t, layout.String())
			dir, _ := pullSample(t, layout)
			before := tree(t, dir)
			rep, m, err := Archive(dir)
			if err != nil {
				t.Fatal(err)
			}
			tab := redirects.Build(m, redirects.Options{})
			if err := rep.CheckBuild(context.Background(), dir, m, tab); err != nil {
				t.Fatal(err)
			}
			if want := wantChecked(t, dir, m, tab); rep.Built != want || want < 30 {
				t.Errorf("checked %d URLs, want %d", rep.Built, want)
			}
			for _, p := range rep.Problems {
				t.Errorf("%s: %s", p.Where, p.What)
			}
			requireSameTree(t, before, tree(t, dir))
		})
	}
}

// What the generator does not build is listed: a page whose file is gone
// (its new URL and the redirects to it), or aliases the site does not
// serve.
func TestCheckBuildListsWhatWasNotBuilt(t *testing.T) {
	tests := []struct {
		name   string
		layout archive.Layout
		break_ func(t *testing.T, dir string)
		want   []Problem
	}{
		{"hugo, page removed", archive.Hugo, removeFile("content/posts/shortcode-soup/index.md"), []Problem{
			{"/posts/shortcode-soup/", "new URL of content/posts/shortcode-soup/index.md not built by hugo"},
			{"/posts/shortcode-soup/", "target of 7 redirects (such as /?p=15) not built by hugo"},
		}},
		{"hugo, aliases off", archive.Hugo, prependConfig("disableAliases = true\n"), []Problem{
			{"/2024/03/12/été-lamp/", "alias of content/posts/dont-ask/index.md not built by hugo"},
			{"/2024/05/09/привет-мир/", "alias of content/posts/привет-мир/index.md not built by hugo"},
			{"/about/", "alias of content/pages/about/_index.md not built by hugo"},
		}},
		{"jekyll, post removed", archive.Jekyll, removeFile("_posts/2024-05-09-привет-мир.md"), []Problem{
			{"/electronics/2024/05/09/привет-мир.html", "new URL of _posts/2024-05-09-привет-мир.md not built by jekyll"},
			{"/electronics/2024/05/09/%D0%BF%D1%80%D0%B8%D0%B2%D0%B5%D1%82-%D0%BC%D0%B8%D1%80.html", "target of 13 redirects"},
		}},
		{"jekyll, redirect-from off", archive.Jekyll, replaceInFile("_config.yml", ", jekyll-redirect-from]", "]"), []Problem{
			{"/2024/03/12/bench-lamp-notes/", "alias of _posts/2024-03-12-dont-ask.md not built by jekyll"},
			{"/about/team/", "alias of pages/about/team/index.md not built by jekyll"},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			testenv.Need(t, tc.layout.String())
			dir, _ := pullSample(t, tc.layout)
			tc.break_(t, dir)
			rep, m, err := Archive(dir)
			if err != nil {
				t.Fatal(err)
			}
			if err := rep.CheckBuild(context.Background(), dir, m, redirects.Build(m, redirects.Options{})); err != nil {
				t.Fatal(err)
			}
			for _, w := range tc.want {
				if !hasProblem(rep, w) {
					t.Errorf("problem %s: %s not listed; got %v", w.Where, w.What, rep.Problems)
				}
			}
		})
	}
}

func hasProblem(rep *Report, want Problem) bool {
	for _, p := range rep.Problems {
		if p.Where == want.Where && strings.Contains(p.What, want.What) {
			return true
		}
	}
	return false
}

func removeFile(name string) func(*testing.T, string) {
	return func(t *testing.T, dir string) {
		if err := os.Remove(filepath.Join(dir, filepath.FromSlash(name))); err != nil {
			t.Fatal(err)
		}
	}
}

// prependConfig puts TOML keys at the top of the hugo configuration.
func prependConfig(text string) func(*testing.T, string) {
	return func(t *testing.T, dir string) {
		for _, name := range []string{"hugo.toml", "config.toml"} {
			p := filepath.Join(dir, name)
			if data, err := os.ReadFile(p); err == nil {
				if err := os.WriteFile(p, append([]byte(text), data...), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
		}
		t.Fatal("no hugo.toml or config.toml")
	}
}

func replaceInFile(name, old, new string) func(*testing.T, string) {
	return func(t *testing.T, dir string) {
		p := filepath.Join(dir, name)
		data, err := os.ReadFile(p)
		if err != nil || !bytes.Contains(data, []byte(old)) {
			t.Fatalf("%s does not hold %q (%v)", name, old, err)
		}
		if err := os.WriteFile(p, bytes.ReplaceAll(data, []byte(old), []byte(new)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// tinyArchive is an archive of one post at /posts/a/, with files.
func tinyArchive(t *testing.T, layout archive.Layout, post string, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	m := archive.Manifest{Generator: "blogport", Layout: layout, Items: []archive.Item{{Type: "post", Status: "publish", Title: "A", NewURL: "/posts/a/", Path: post}}}
	data, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	files[archive.ManifestName] = string(data)
	testenv.WriteFiles(t, dir, files)
	return dir
}

// The build's warnings are problems, and so is content hugo left out.
func TestCheckBuildListsWarnings(t *testing.T) {
	tests := []struct {
		name   string
		layout archive.Layout
		post   string
		files  map[string]string
		want   []Problem
	}{
		{"hugo", archive.Hugo, "content/posts/a/index.md", map[string]string{
			"config.toml":                  "baseURL = 'http://127.0.0.1/'\n",
			"layouts/_default/single.html": "{{ warnf \"lamp %s is dim\" .Title }}{{ .Content }}\n",
			"layouts/_default/list.html":   "{{ .Title }}\n",
			"content/posts/a/index.md":     "---\ntitle: A\nurl: /posts/a/\n---\n\n<div>kept?</div>\n\nText.\n",
		}, []Problem{
			{"hugo", "WARN lamp A is dim"},
			{"/posts/a/", "hugo left raw HTML of content/posts/a/index.md out of the page (<!-- raw HTML omitted -->)"},
		}},
		{"jekyll", archive.Jekyll, "_posts/2024-01-01-a.md", map[string]string{
			"_config.yml":            "title: T\nexclude: [blogport.json]\n",
			"_posts/2024-01-01-a.md": "---\ntitle: A\nlayout: nowhere\npermalink: /posts/a/\n---\n\nText.\n",
		}, []Problem{
			{"jekyll", "Build Warning: Layout 'nowhere' requested in _posts/2024-01-01-a.md does not exist."},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			testenv.Need(t, tc.layout.String())
			dir := tinyArchive(t, tc.layout, tc.post, tc.files)
			rep, m, err := Archive(dir)
			if err != nil {
				t.Fatal(err)
			}
			if err := rep.CheckBuild(context.Background(), dir, m, &redirects.Table{}); err != nil {
				t.Fatal(err)
			}
			if fmt.Sprint(rep.Problems) != fmt.Sprint(tc.want) || rep.Built != 1 {
				t.Errorf("problems %v (%d checked), want %v (1)", rep.Problems, rep.Built, tc.want)
			}
		})
	}
}

// A layout without a generator, a generator not installed and a build
// that fails are errors, the last with the end of the generator's output.
func TestCheckBuildErrors(t *testing.T) {
	tests := []struct {
		name   string
		layout archive.Layout
		files  map[string]string
		path   bool // PATH without the generator
		is     error
		want   string
	}{
		{"plain", archive.Plain, map[string]string{}, false, ErrNoGenerator,
			"the plain layout has no generator to build; use --layout hugo or jekyll"},
		{"hugo missing", archive.Hugo, map[string]string{}, true, exec.ErrNotFound,
			"hugo is not installed (on Debian: apt-get install hugo)"},
		{"jekyll missing", archive.Jekyll, map[string]string{}, true, exec.ErrNotFound,
			"jekyll is not installed (on Debian: apt-get install jekyll)"},
		{"hugo fails", archive.Hugo, map[string]string{"content/posts/a/index.md": "---\ntitle: A\n---\n"}, false, nil,
			"Unable to locate config file"},
		{"jekyll fails", archive.Jekyll, map[string]string{"_config.yml": "title: [unclosed\n"}, false, nil,
			"did not find expected ',' or ']' while parsing a flow sequence"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.layout != archive.Plain && !tc.path {
				testenv.Need(t, tc.layout.String())
			}
			dir := tinyArchive(t, tc.layout, "content/posts/a/index.md", tc.files)
			before := tree(t, dir)
			if tc.path {
				t.Setenv("PATH", t.TempDir())
			}
			rep, m, err := Archive(dir)
			if err != nil {
				t.Fatal(err)
			}
			err = rep.CheckBuild(context.Background(), dir, m, &redirects.Table{})
			if err == nil || !strings.Contains(err.Error(), tc.want) || (tc.is != nil && !errors.Is(err, tc.is)) {
				t.Errorf("error %v, want %q (%v)", err, tc.want, tc.is)
			}
			requireSameTree(t, before, tree(t, dir))
		})
	}
}

// The build is bounded by its context.
func TestCheckBuildStopsWithItsContext(t *testing.T) {
	testenv.Need(t, "hugo")
	dir, _ := pullSample(t, archive.Hugo)
	rep, m, err := Archive(dir)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := rep.CheckBuild(ctx, dir, m, &redirects.Table{}); !errors.Is(err, context.Canceled) {
		t.Errorf("error %v, want context.Canceled", err)
	}
}
