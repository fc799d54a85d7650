package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blogport/blogport/internal/archive"
	"github.com/blogport/blogport/internal/redirects"
	"github.com/blogport/blogport/internal/testenv"
)

// hugoSiteFiles are what an archive needs to build with hugo when the pull did
// not write site files of its own.
var hugoSiteFiles = map[string]string{
	"config.toml":                  "baseURL = 'http://127.0.0.1/'\ntitle = 'Field Notes'\n[markup.goldmark.renderer]\nunsafe = true\n",
	"layouts/_default/baseof.html": "<!doctype html><html><body>{{ block \"main\" . }}{{ end }}</body></html>\n",
	"layouts/_default/single.html": "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ end }}\n",
	"layouts/_default/list.html":   "{{ define \"main\" }}<h1>{{ .Title }}</h1>{{ .Content }}{{ range .Pages }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}{{ end }}\n",
}

// pullHugoSample migrates the sample into a hugo archive that builds.
func pullHugoSample(t *testing.T) string {
	t.Helper()
	sample, _ := filepath.Abs("../../testdata/wxr/sample.xml")
	dir := t.TempDir()
	if code, _, errs := runCLI(t, "pull", sample, "-o", dir, "--assets", "keep", "-q"); code != ExitOK {
		t.Fatalf("pull: exit %d\n%s", code, errs)
	}
	for _, name := range []string{"hugo.toml", "hugo.yaml", "config.toml", "config.yaml"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			return dir
		}
	}
	testenv.WriteFiles(t, dir, hugoSiteFiles)
	return dir
}

func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errs strings.Builder
	code := Main(context.Background(), args, strings.NewReader(""), &out, &errs)
	return code, out.String(), errs.String()
}

// files lists every path under dir.
func files(t *testing.T, dir string) string {
	t.Helper()
	var all []string
	filepath.WalkDir(dir, func(p string, _ os.DirEntry, err error) error {
		all = append(all, p)
		return err
	})
	return strings.Join(all, "\n")
}

// verify --build exits 0 on the sample, leaves the archive as it was, and
// exits 3 naming the URLs a page hugo no longer reads leaves unbuilt.
func TestVerifyBuildExitsThreeForAPageNotBuilt(t *testing.T) {
	testenv.Need(t, "hugo")
	dir := pullHugoSample(t)
	before := files(t, dir)
	code, out, errs := runCLI(t, "verify", "-a", dir, "--build", "--json")
	var rep struct {
		Built    int               `json:"built_checked"`
		Problems []json.RawMessage `json:"problems"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil || code != ExitOK || len(rep.Problems) != 0 || rep.Built < 30 {
		t.Fatalf("verify --build: exit %d, %d URLs checked (%v)\n%s%s", code, rep.Built, err, out, errs)
	}
	if after := files(t, dir); after != before {
		t.Errorf("verify --build changed the archive's files:\n%s\nwant\n%s", after, before)
	}

	if err := os.Rename(filepath.Join(dir, "content/posts/dont-ask/index.md"), filepath.Join(dir, "content/posts/dont-ask/index.md.orig")); err != nil {
		t.Fatal(err)
	}
	code, _, errs = runCLI(t, "verify", "-a", dir, "--build")
	testenv.Contains(t, errs, []string{
		"/posts/dont-ask/: new URL of content/posts/dont-ask/index.md not built by hugo",
		"/posts/dont-ask/: target of 36 redirects",
		"/tags/git/: target of 4 redirects (such as /tag/git) not built by hugo", // its only post
		"blogport: verify: 5 problems",
	}, nil)
	if code != ExitPartial {
		t.Errorf("exit %d, want %d", code, ExitPartial)
	}
}

// A missing generator is an error (exit 1) that says how to install it.
func TestVerifyBuildWithoutTheGeneratorExitsOne(t *testing.T) {
	dir := pullHugoSample(t)
	t.Setenv("PATH", t.TempDir())
	code, _, errs := runCLI(t, "verify", "-a", dir, "--build")
	if code != ExitError || !strings.Contains(errs, "hugo is not installed (on Debian: apt-get install hugo)") {
		t.Errorf("exit %d, want %d saying how to install hugo:\n%s", code, ExitError, errs)
	}
}

// newSite is a fake new site that answers the redirect table, and 200
// for every target and new URL but gone.
func newSite(t *testing.T, dir, gone string) *httptest.Server {
	t.Helper()
	m, err := archive.ReadManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	to := map[string]string{}
	pages := map[string]bool{}
	for _, r := range redirects.Build(m, redirects.Options{}).Rows {
		to[r.From+"?"+r.Query] = r.To
		p, _ := url.PathUnescape(r.To)
		pages[p] = true
	}
	for _, it := range m.Items {
		pages[it.NewURL] = true
	}
	delete(pages, gone)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if dest, ok := to[r.URL.EscapedPath()+"?"+r.URL.RawQuery]; ok {
			http.Redirect(w, r, dest, http.StatusMovedPermanently)
			return
		}
		if pages[r.URL.Path] {
			fmt.Fprintln(w, "a page")
			return
		}
		http.NotFound(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// verify --new asks the new site for every new URL too.
func TestVerifyNewChecksTheNewPages(t *testing.T) {
	dir := pullHugoSample(t)
	if code, _, errs := runCLI(t, "verify", "-a", dir, "--new", newSite(t, dir, "").URL); code != ExitOK {
		t.Fatalf("verify --new: exit %d\n%s", code, errs)
	}
	code, _, errs := runCLI(t, "verify", "-a", dir, "--new", newSite(t, dir, "/posts/привет-мир/").URL)
	testenv.Contains(t, errs, []string{"/posts/привет-мир/: the new URL of content/posts/привет-мир/index.md answered 404, want 200"}, nil)
	if code != ExitPartial {
		t.Errorf("exit %d, want %d", code, ExitPartial)
	}
}
