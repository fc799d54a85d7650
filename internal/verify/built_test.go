package verify

import (
	"path/filepath"
	"testing"

	"github.com/blogport/blogport/internal/testenv"
)

func TestBuiltFileFindsTheGeneratorsPage(t *testing.T) {
	site := t.TempDir()
	testenv.WriteFiles(t, site, map[string]string{
		"index.html":                    "",
		"posts/a/index.html":            "",
		"posts/привет/index.html":       "",
		"lab notes/2024/01/01/b.html":   "",
		"feed.xml":                      "",
		"2024/01/01/c/index.html":       "",
		"pages/d.html":                  "",
		"folder-only/e/placeholder.txt": "",
	})
	tests := []struct {
		url  string
		want string // "" for none
	}{
		{"/", "index.html"},
		{"/posts/a/", "posts/a/index.html"},
		{"/posts/a", "posts/a/index.html"},
		{"/posts/привет/", "posts/привет/index.html"},
		{"/lab notes/2024/01/01/b.html", "lab notes/2024/01/01/b.html"},
		{"/feed.xml", "feed.xml"},
		{"/2024/01/01/c", "2024/01/01/c/index.html"},
		{"/pages/d", "pages/d.html"},
		{"/pages/d/", ""},
		{"/posts/gone/", ""},
		{"/folder-only/e", ""},
		{"/../../etc/passwd", ""},
	}
	for _, tc := range tests {
		got, ok := builtFile(site, tc.url)
		want := ""
		if tc.want != "" {
			want = filepath.Join(site, filepath.FromSlash(tc.want))
		}
		if got != want || ok != (tc.want != "") {
			t.Errorf("%s: %q %v, want %q", tc.url, got, ok, want)
		}
	}
}

func TestTargetPathIsDecodedWithoutItsQuery(t *testing.T) {
	tests := []struct{ to, want string }{
		{"/posts/%D0%BF%D1%80%D0%B8%D0%B2%D0%B5%D1%82/", "/posts/привет/"},
		{"/lab%20notes/2024/01/01/b.html", "/lab notes/2024/01/01/b.html"},
		{"/tags/c%23/", "/tags/c#/"},
		{"/tags/50%25-off/", "/tags/50%-off/"},
		{"/?s=lamp", "/"},
		{"https://new.example/posts/a/?x=1", "/posts/a/"},
	}
	for _, tc := range tests {
		if got := targetPath(tc.to); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.to, got, tc.want)
		}
	}
}

func TestWarningsAreReadFromTheGeneratorsOutput(t *testing.T) {
	hugo := "Start building sites … \nhugo v0.111.3+extended linux/amd64\nWARN 2026/12/02 18:08:26 found no layout file for \"HTML\" for kind \"home\"\n" +
		"ERROR 2026/12/02 18:08:26 Page.URL is deprecated\n\n                   | EN  \n  Pages            |  4  \nTotal in 79 ms\n"
	jekyll := "\x1b[33m           Warning: Excerpt modified in _posts/x.md!\x1b[0m\n\x1b[33m                    Found a Liquid block.\x1b[0m\n" +
		"     Build Warning: Layout 'nowhere' requested in _posts/y.md does not exist.\n" +
		"       Deprecation: The 'gems' configuration option has been renamed to 'plugins'.\n" +
		"          Conflict: The following destination is shared by multiple files.\n                    - /a/index.html\n" +
		"/usr/lib/ruby/3.1.0/x.rb:1: warning: Ruby's own, not the archive's\n" +
		"      Generating... \n                    done in 0.9 seconds.\n"
	tests := []struct {
		name string
		got  []string
		want []string
	}{
		{"hugo", hugoWarnings([]byte(hugo)), []string{`WARN found no layout file for "HTML" for kind "home"`, "ERROR Page.URL is deprecated"}},
		{"jekyll", jekyllWarnings([]byte(jekyll)), []string{
			"Warning: Excerpt modified in _posts/x.md! Found a Liquid block.",
			"Build Warning: Layout 'nowhere' requested in _posts/y.md does not exist.",
			"Deprecation: The 'gems' configuration option has been renamed to 'plugins'.",
			"Conflict: The following destination is shared by multiple files. - /a/index.html",
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if len(tc.got) != len(tc.want) {
				t.Fatalf("%q, want %q", tc.got, tc.want)
			}
			for i := range tc.want {
				if tc.got[i] != tc.want[i] {
					t.Errorf("warning %d: %q, want %q", i, tc.got[i], tc.want[i])
				}
			}
		})
	}
}

func TestTailLeavesOutRubyBacktraces(t *testing.T) {
	out := "one\ntwo\n/usr/lib/ruby/psych.rb:455:in `parse': did not find expected ',' (Psych::SyntaxError)\n" +
		"\tfrom /usr/lib/ruby/psych.rb:455:in `parse_stream'\n\tfrom /usr/bin/jekyll:25:in `<main>'\n"
	if got, want := tail([]byte(out), 2), "two\n/usr/lib/ruby/psych.rb:455:in `parse': did not find expected ',' (Psych::SyntaxError)"; got != want {
		t.Errorf("%q, want %q", got, want)
	}
}
