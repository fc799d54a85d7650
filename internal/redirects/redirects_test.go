package redirects

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blogport/blogport/internal/archive"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/redirects")

func manifest(t testing.TB) *archive.Manifest {
	data, err := os.ReadFile("../../testdata/redirects/manifest.json")
	if err != nil {
		t.Fatal(err)
	}
	var m archive.Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	return &m
}

func find(t *Table, from, query string) (Row, bool) {
	for _, r := range t.Rows {
		if r.From == from && r.Query == query {
			return r, true
		}
	}
	return Row{}, false
}

func TestTableCoversEveryOldForm(t *testing.T) {
	tab := Build(manifest(t), Options{})
	tests := []struct{ from, query, to string }{
		{"/2024/03/12/lamp/", "", "/posts/lamp/"},
		{"/2024/03/12/lamp", "", "/posts/lamp/"},
		{"/2024/03/12/old-lamp/", "", "/posts/lamp/"},
		{"/", "p=10", "/posts/lamp/"},
		{"/2024/05/09/пр/", "", "/posts/%D0%BF%D1%80/"},
		{"/2024/05/09/%D0%BF%D1%80/", "", "/posts/%D0%BF%D1%80/"},
		{"/2024/03/12/lamp/feed/", "", "/posts/lamp/"},
		{"/2024/03/12/lamp/amp/", "", "/posts/lamp/"},
		{"/2024/03/12/lamp/comment-page-1/", "", "/posts/lamp/"},
		{"/2024/03/12/lamp/lamp-photo/", "", "/posts/lamp/lamp.jpg"},
		{"/", "attachment_id=50", "/posts/lamp/lamp.jpg"},
		{"/", "page_id=21", "/about/"},
		{"/about", "", "/about/"},
		{"/category/lab-notes/lamps/", "", "/categories/lamps/"},
		{"/category/lamps/", "", "/categories/lamps/"},
		{"/tag/go/", "", "/tags/go/"},
		{"/author/mark/", "", "/authors/mark/"}, // the authors taxonomy of the site files
		{"/2024/03/", "", "/posts/"},
		{"/feed/", "", "/index.xml"},
		{"/", "feed=rss2", "/index.xml"},
	}
	for _, tc := range tests {
		r, ok := find(tab, tc.from, tc.query)
		if !ok || r.To != tc.to || r.Status != 301 || r.Why == "" {
			t.Errorf("%s?%s: got %+v (found %v), want to %s", tc.from, tc.query, r, ok, tc.to)
		}
	}
	if _, ok := find(tab, "/", "p=16"); ok {
		t.Error("a draft got a redirect")
	}
	// a parent category whose posts are all in its subcategories: WordPress
	// lists them there, the new site has no page for it
	if r, ok := find(tab, "/category/lab-notes/", ""); !ok || r.To != "/posts/" {
		t.Errorf("parent category without posts of its own: %+v (found %v), want to /posts/", r, ok)
	}
}

// TestTableSendsListsWhereTheLayoutBuildsThem builds the fixture's table
// for each layout: archives, feeds and media land where its generator
// puts them.
func TestTableSendsListsWhereTheLayoutBuildsThem(t *testing.T) {
	tests := []struct {
		layout                        archive.Layout
		category, tag, date, feed, at string
	}{
		{archive.Hugo, "/categories/lamps/", "/tags/go/", "/posts/", "/index.xml", "/posts/lamp/lamp.jpg"},
		{archive.Jekyll, "/", "/", "/", "/feed.xml", "/content/posts/lamp/lamp.jpg"}, // the fixture's media path, served from the site root
		{archive.Plain, "/", "/", "/", "/", "/posts/lamp/"},                          // no media URL: the attachment goes to its post
	}
	for _, tc := range tests {
		m := manifest(t)
		m.Layout = tc.layout
		tab := Build(m, Options{})
		for _, want := range []struct{ from, query, to string }{
			{"/category/lab-notes/lamps/", "", tc.category},
			{"/tag/go/", "", tc.tag},
			{"/2024/03/", "", tc.date},
			{"/feed/", "", tc.feed},
			{"/", "feed=rss2", tc.feed},
			{"/", "attachment_id=50", tc.at},
		} {
			if r, ok := find(tab, want.from, want.query); !ok || r.To != want.to {
				t.Errorf("%s: %s?%s: got %+v (found %v), want to %s", tc.layout, want.from, want.query, r, ok, want.to)
			}
		}
	}
}

// TestTableHasNoLoopsOrChains proves the two properties on the fixture and
// on a manifest built to provoke them: new URLs that are old URLs too.
func TestTableHasNoLoopsOrChains(t *testing.T) {
	m := manifest(t)
	// "keep": the new URL of one item is its own old path, another's new
	// URL is the first one's old path (a chain), two items swap (a loop).
	m.Items = append(m.Items,
		archive.Item{ID: 30, Type: "post", Status: "publish", OldURLs: []string{"https://old.example/keep/"}, NewURL: "/keep/"},
		archive.Item{ID: 31, Type: "post", Status: "publish", OldURLs: []string{"https://old.example/a/"}, NewURL: "/b/"},
		archive.Item{ID: 32, Type: "post", Status: "publish", OldURLs: []string{"https://old.example/b/"}, NewURL: "/a/"},
		archive.Item{ID: 33, Type: "post", Status: "publish", OldURLs: []string{"https://old.example/c/"}, NewURL: "/2024/03/12/lamp/"},
	)
	for _, tab := range []*Table{Build(manifest(t), Options{}), Build(m, Options{Status: 308})} {
		from := map[string]bool{}
		for _, r := range tab.Rows {
			if r.Query == "" {
				from[r.From] = true
			}
		}
		seen := map[string]bool{}
		for i, r := range tab.Rows {
			k := r.From + "?" + r.Query
			if seen[k] {
				t.Errorf("duplicate row %s", k)
			}
			seen[k] = true
			if r.Query == "" && samePath(r.From, r.To) {
				t.Errorf("row %s points at itself", r.From)
			}
			if to, _ := unescape(r.To); from[r.To] || from[to] {
				t.Errorf("row %s -> %s is a chain: its target is redirected too", r.From, r.To)
			}
			if i > 0 && (tab.Rows[i-1].From > r.From || tab.Rows[i-1].From == r.From && tab.Rows[i-1].Query > r.Query) {
				t.Errorf("rows not sorted at %d", i)
			}
		}
	}
	tab := Build(m, Options{Status: 308})
	if r, ok := find(tab, "/c/", ""); !ok || r.To != "/posts/lamp/" || r.Status != 308 {
		t.Errorf("chain not collapsed: %+v", r)
	}
	if _, ok := find(tab, "/keep/", ""); ok {
		t.Error("an address that already lands got a redirect")
	}
}

// TestRenderGolden renders the fixture in every format; -update rewrites.
func TestRenderGolden(t *testing.T) {
	tab := Build(manifest(t), Options{})
	for _, format := range Formats() {
		t.Run(format, func(t *testing.T) {
			files, problems, err := Render(tab, format, RenderOptions{OldBase: "https://old.example", NewBase: "https://new.example"})
			if err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			for _, f := range files {
				b.WriteString("== " + f.Name + "\n" + string(f.Data))
			}
			for _, p := range problems {
				b.WriteString("!! " + p.Row.From + "?" + p.Row.Query + ": " + p.Why + "\n")
			}
			golden := filepath.Join("../../testdata/redirects", format+".golden")
			if *update {
				os.WriteFile(golden, []byte(b.String()), 0o644)
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if b.String() != string(want) {
				t.Errorf("differs from %s:\n%s", golden, b.String())
			}
		})
	}
	if _, _, err := Render(tab, "iis", RenderOptions{}); err == nil {
		t.Error("unknown format accepted")
	}
}

// FuzzRender feeds arbitrary rows to every renderer: each line a format
// writes must keep its syntax (field counts, balanced quotes, valid JSON),
// whatever the paths hold; what cannot be written safely is reported.
func FuzzRender(f *testing.F) {
	f.Add("/a b/", "p=1", "/x/")
	f.Add(`/q"uote/`, "", "/y/")
	f.Add("/тест/", "", "/%D1%82/")
	f.Add("/a;b{c}", "x=1&y=2", "/z $x/")
	f.Fuzz(func(t *testing.T, from, query, to string) {
		if !strings.HasPrefix(from, "/") || !strings.HasPrefix(to, "/") {
			return
		}
		tab := &Table{Rows: []Row{{From: from, Query: query, To: to, Status: 301, Why: "fuzz"}}}
		for _, format := range Formats() {
			files, problems, err := Render(tab, format, RenderOptions{OldBase: "https://o.example"})
			if err != nil {
				t.Fatal(err)
			}
			for _, file := range files {
				checkSyntax(t, format, file, len(problems) > 0)
			}
		}
	})
}

func checkSyntax(t *testing.T, format string, f File, reported bool) {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(string(f.Data)), "\n")
	for _, l := range lines {
		if strings.HasPrefix(l, "#") || strings.TrimSpace(l) == "" {
			continue
		}
		fields := strings.Fields(l)
		switch {
		case format == "nginx" && strings.HasPrefix(l, "\t\"") && f.Name == "nginx-map.conf":
			if strings.Count(l, `"`)-strings.Count(l, `\"`) != 4 || !strings.HasSuffix(l, ";") {
				t.Fatalf("nginx map line broken: %q", l)
			}
		case format == "apache" && strings.HasPrefix(l, "RewriteRule"):
			if len(fields) != 4 {
				t.Fatalf("apache rule with %d fields: %q", len(fields), l)
			}
		case format == "netlify" && !strings.HasPrefix(l, "#"):
			if len(fields) != 3 && len(fields) != 4 {
				t.Fatalf("netlify line with %d fields: %q", len(fields), l)
			}
		case format == "vercel" || format == "json":
			var v any
			if err := json.Unmarshal(f.Data, &v); err != nil {
				t.Fatalf("%s: invalid JSON: %v", format, err)
			}
			return
		case format == "caddy" && strings.HasPrefix(l, "\t\t") && !strings.Contains(l, "default") && !strings.Contains(l, "path ") && !strings.Contains(l, "query "):
			if len(fields) != 2 {
				t.Fatalf("caddy map line with %d fields: %q", len(fields), l)
			}
		}
	}
}

func TestPlatformLimitsAreReported(t *testing.T) {
	tab := &Table{}
	for i := range 2100 {
		tab.Rows = append(tab.Rows, Row{From: fmt.Sprintf("/old/%d/", i), To: "/new/", Status: 301, Why: "test"})
	}
	tests := []struct {
		format   string
		problems int
		files    int
	}{
		{"cloudflare", 100, 2}, // _redirects and _redirects.overflow
		{"vercel", 52, 1},
		{"nginx", 0, 2},
	}
	for _, tc := range tests {
		files, problems, err := Render(tab, tc.format, RenderOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if len(problems) != tc.problems || len(files) != tc.files {
			t.Errorf("%s: %d problems and %d files, want %d and %d", tc.format, len(problems), len(files), tc.problems, tc.files)
		}
	}
	files, _, _ := Render(tab, "nginx", RenderOptions{})
	if !strings.Contains(string(files[0].Data), "map_hash_max_size 16384;") {
		t.Errorf("nginx map not sized for 2,100 rows:\n%.200s", files[0].Data)
	}
}

// An old URL with a double slash is matched as the server sees it, merged;
// the old home (a GUID at the site's root) is never redirected away.
func TestTableMergesSlashesAndKeepsTheHome(t *testing.T) {
	m := manifest(t)
	m.Items[0].OldURLs = append(m.Items[0].OldURLs, "https://blog.example.com//greek/level-2/", "https://blog.example.com/")
	tab := Build(m, Options{})
	if r, ok := find(tab, "/greek/level-2/", ""); !ok || r.To != target(m.Items[0].NewURL) {
		t.Errorf("/greek/level-2/: %+v (found %v)", r, ok)
	}
	for _, r := range tab.Rows {
		if strings.HasPrefix(r.From, "//") || (r.From == "/" && r.Query == "") {
			t.Errorf("row %+v: a server never sees it, or it takes the home away", r)
		}
	}
}
