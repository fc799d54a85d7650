package redirects_test

import (
	"context"
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/blogport/blogport/internal/archive"
	"github.com/blogport/blogport/internal/cli"
	"github.com/blogport/blogport/internal/pipeline"
	"github.com/blogport/blogport/internal/redirects"
	"github.com/blogport/blogport/internal/source/wxr"
	"github.com/blogport/blogport/internal/testenv"
	"github.com/blogport/blogport/internal/verify"
)

// fixtures are the exports whose every old URL each server is checked
// with, and old URLs (path?query) each table must have: the sample, and a
// whole small site with a static front page, second pages of the home, a
// category and a tag, authors, a parent category with no posts of its own
// and tag names at the edges of Hugo's urlize.
var fixtures = []struct {
	file string
	must []string
}{
	{"sample.xml", []string{"/2024/05/09/привет-мир/", "?p=14", "/author/mark/"}},
	{"whole-site.xml", []string{"/page/3/", "/category/places/quay-side/page/2/", "/category/places/", "/tag/c/page/2/", "/tag/0-0/",
		"/tag/ca-va/", "/tag/rock-roll/", "/tag/emoji/", "/author/jdoe/page/2/", "/author/pat/feed/", "/about/crew/", "/about/crew/feed/", "?page_id=4", "?p=4", "?p=32"}},
}

// site migrates an export, builds it with hugo from only what blogport
// wrote, and renders the redirect maps: the new site a web server will
// serve. The table must hold the fixture's must rows.
func site(t *testing.T, file string, must []string) (dir string, m *archive.Manifest, table *redirects.Table) {
	t.Helper()
	testenv.Need(t, "hugo")
	dir = t.TempDir()
	os.Chmod(filepath.Dir(dir), 0o755) // servers' workers run as other users
	os.Chmod(dir, 0o755)
	src, err := wxr.Open(context.Background(), filepath.Join("../../testdata/wxr", file))
	if err != nil {
		t.Fatal(err)
	}
	arch := filepath.Join(dir, "site")
	if _, err := pipeline.Run(context.Background(), src, pipeline.Options{Output: arch, Layout: archive.Hugo}); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("hugo", "--quiet", "--source", arch, "--destination", filepath.Join(dir, "public")).CombinedOutput(); err != nil {
		t.Fatalf("hugo: %v\n%s", err, out)
	}
	m, err = archive.ReadManifest(arch)
	if err != nil {
		t.Fatal(err)
	}
	table = redirects.Build(m, redirects.Options{})
	have := map[string]bool{}
	for _, r := range table.Rows {
		have[r.From] = true
		if r.Query != "" {
			have["?"+r.Query] = true
		}
	}
	for _, old := range must {
		if !have[old] {
			t.Errorf("%s: the table has no row for %s", file, old)
		}
	}
	for _, format := range []string{"nginx", "apache", "caddy"} {
		files, _, err := redirects.Render(table, format, redirects.RenderOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			if err := archive.WriteFile(filepath.Join(dir, "maps"), f.Name, f.Data); err != nil {
				t.Fatal(err)
			}
		}
	}
	return dir, m, table
}

func start(t *testing.T, port int, name string, args ...string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir(), "XDG_DATA_HOME="+t.TempDir(), "XDG_CONFIG_HOME="+t.TempDir())
	out := &strings.Builder{}
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM); cmd.Wait() })
	for range 100 {
		if c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port)); err == nil {
			c.Close()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s did not start:\n%s", name, out)
}

// check verifies every row against the server: one permanent redirect to
// the right page, which answers 200.
func check(t *testing.T, table *redirects.Table, port int) *verify.Report {
	t.Helper()
	rep := &verify.Report{}
	rep.CheckRedirects(context.Background(), table, fmt.Sprintf("http://127.0.0.1:%d", port), "", nil)
	return rep
}

// eachFixture builds each fixture's site, serves it and checks every old
// URL lands.
func eachFixture(t *testing.T, serve func(t *testing.T, dir string) int) {
	for _, fx := range fixtures {
		t.Run(fx.file, func(t *testing.T) {
			dir, m, table := site(t, fx.file, fx.must)
			expectLanded(t, m, table, serve(t, dir))
		})
	}
}

// expectLanded checks every row against the server, and that each old
// URL of an item lands on a page with the item's title.
func expectLanded(t *testing.T, m *archive.Manifest, table *redirects.Table, port int) {
	t.Helper()
	expectClean(t, check(t, table, port), len(table.Rows))
	checkTitles(t, m, table, fmt.Sprintf("http://127.0.0.1:%d", port))
	t.Logf("%d old URLs checked: each one 301 to a page that answers 200", len(table.Rows))
}

var reTitle, reH1 = regexp.MustCompile(`<title>([^<]*)</title>`), regexp.MustCompile(`<h1[^>]*>([^<]*)</h1>`)

// checkTitles follows every row whose target is an item's page and checks
// that the page it lands on shows the item's title in its <h1>, and but
// for the home page (the site's name) at the start of its <title>.
func checkTitles(t *testing.T, m *archive.Manifest, table *redirects.Table, base string) {
	t.Helper()
	titles := map[string]string{}
	for _, it := range m.Items {
		titles[it.NewURL] = it.Title
	}
	n := 0
	for _, r := range table.Rows {
		title, ok := titles[mustUnescape(r.To)]
		if !ok {
			continue
		}
		u := base + r.From
		if r.Query != "" {
			u += "?" + r.Query
		}
		resp, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		head, h1 := "", ""
		if m := reTitle.FindSubmatch(body); m != nil {
			head = html.UnescapeString(string(m[1]))
		}
		if m := reH1.FindSubmatch(body); m != nil {
			h1 = html.UnescapeString(string(m[1]))
		}
		if resp.StatusCode != http.StatusOK || h1 != title || (r.To != "/" && !strings.HasPrefix(head, title)) {
			t.Errorf("%s landed on %s (%d) without the title %q", u, resp.Request.URL, resp.StatusCode, title)
		}
		n++
	}
	if n == 0 {
		t.Error("no row leads to an item's page")
	}
	t.Logf("%d old URLs of items landed on a page with their title", n)
}

func mustUnescape(s string) string {
	if d, err := url.PathUnescape(s); err == nil {
		return d
	}
	return s
}

func expectClean(t *testing.T, rep *verify.Report, rows int) {
	t.Helper()
	if rep.Redirects != rows {
		t.Errorf("checked %d rows, want %d", rep.Redirects, rows)
	}
	for i, p := range rep.Problems {
		if i < 20 {
			t.Errorf("%s: %s", p.Where, p.What)
		}
	}
}

// removeRow drops the rows for one old path from a rendered file, and
// returns the row that must now fail.
func removeRow(t *testing.T, file, needle string) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var kept []string
	removed := 0
	for _, l := range strings.Split(string(data), "\n") {
		if strings.Contains(l, needle) {
			removed++
			continue
		}
		kept = append(kept, l)
	}
	if removed == 0 {
		t.Fatalf("no line of %s holds %q", file, needle)
	}
	os.WriteFile(file, []byte(strings.Join(kept, "\n")), 0o644)
}

func expectFailureFor(t *testing.T, rep *verify.Report, where string) {
	t.Helper()
	for _, p := range rep.Problems {
		if p.Where == where {
			return
		}
	}
	t.Errorf("verify did not notice the missing row %s (problems: %v)", where, rep.Problems)
}

// nginxServe starts nginx on the built site with the rendered maps, and
// returns its port and configuration file.
func nginxServe(t *testing.T, dir string) (int, string) {
	t.Helper()
	port := testenv.FreePort(t)
	conf := filepath.Join(dir, "nginx.conf")
	user := ""
	if os.Geteuid() == 0 {
		user = "user root;"
	}
	os.WriteFile(conf, []byte(fmt.Sprintf(`%s
daemon off; pid %[2]s/nginx.pid; error_log %[2]s/nginx.err;
events {}
http {
	include /etc/nginx/mime.types;
	access_log off;
	client_body_temp_path %[2]s; proxy_temp_path %[2]s; fastcgi_temp_path %[2]s; uwsgi_temp_path %[2]s; scgi_temp_path %[2]s;
	include %[2]s/maps/nginx-map.conf;
	server {
		listen 127.0.0.1:%[3]d;
		root %[2]s/public;
		include %[2]s/maps/nginx-server.conf;
		location / { try_files $uri $uri/ =404; }
	}
}
`, user, dir, port)), 0o644)
	if out, err := exec.Command("nginx", "-t", "-c", conf).CombinedOutput(); err != nil {
		t.Fatalf("nginx -t: %v\n%s", err, out)
	}
	start(t, port, "nginx", "-c", conf)
	return port, conf
}

func TestNginxServesTheMap(t *testing.T) {
	testenv.Need(t, "nginx")
	eachFixture(t, func(t *testing.T, dir string) int {
		port, _ := nginxServe(t, dir)
		verifyCLI(t, dir, port, 0)
		return port
	})
	// without one row, the reloaded nginx lets that old URL through
	dir, _, table := site(t, fixtures[0].file, nil)
	port, conf := nginxServe(t, dir)
	removeRow(t, filepath.Join(dir, "maps/nginx-map.conf"), `"/2024/03/12/dont-ask/"`)
	if out, err := exec.Command("nginx", "-c", conf, "-s", "reload").CombinedOutput(); err != nil {
		t.Fatalf("reload: %v\n%s", err, out)
	}
	time.Sleep(500 * time.Millisecond)
	expectFailureFor(t, check(t, table, port), "/2024/03/12/dont-ask/")
	verifyCLI(t, dir, port, 3) // problems found
}

// verifyCLI runs `blogport verify -a site --new URL` and checks its exit code.
func verifyCLI(t *testing.T, dir string, port, want int) {
	t.Helper()
	var out, errs strings.Builder
	code := cli.Main(context.Background(), []string{"verify", "-a", filepath.Join(dir, "site"), "--new", fmt.Sprintf("http://127.0.0.1:%d", port)},
		strings.NewReader(""), &out, &errs)
	if code != want {
		t.Errorf("blogport verify --new: exit %d, want %d\n%s", code, want, errs.String())
	}
}

// apacheServe starts Apache on the built site, the rendered .htaccess in
// its document root, and returns its port.
func apacheServe(t *testing.T, dir string) int {
	t.Helper()
	port := testenv.FreePort(t)
	data, _ := os.ReadFile(filepath.Join(dir, "maps/.htaccess"))
	os.WriteFile(filepath.Join(dir, "public/.htaccess"), data, 0o644)
	conf := filepath.Join(dir, "apache.conf")
	mods := "/usr/lib/apache2/modules"
	os.WriteFile(conf, []byte(fmt.Sprintf(`ServerRoot %[1]s
Listen 127.0.0.1:%[2]d
ServerName 127.0.0.1
PidFile %[1]s/apache.pid
Mutex file:%[1]s default
ErrorLog %[1]s/apache.err
LoadModule mpm_event_module %[3]s/mod_mpm_event.so
LoadModule authz_core_module %[3]s/mod_authz_core.so
LoadModule dir_module %[3]s/mod_dir.so
LoadModule mime_module %[3]s/mod_mime.so
LoadModule rewrite_module %[3]s/mod_rewrite.so
TypesConfig /etc/mime.types
User www-data
Group www-data
DocumentRoot %[1]s/public
DirectoryIndex index.html
<Directory %[1]s/public>
	AllowOverride FileInfo
	Require all granted
</Directory>
`, dir, port, mods)), 0o644)
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil {
			os.Chmod(p, map[bool]os.FileMode{true: 0o755, false: 0o644}[d.IsDir()])
		}
		return nil
	})
	if out, err := exec.Command("apache2", "-t", "-f", conf).CombinedOutput(); err != nil {
		t.Fatalf("apache2 -t: %v\n%s", err, out)
	}
	start(t, port, "apache2", "-f", conf, "-DFOREGROUND")
	return port
}

func TestApacheServesTheHtaccess(t *testing.T) {
	testenv.Need(t, "apache2")
	eachFixture(t, apacheServe)
	// without one row, Apache (reading .htaccess on every request) lets that old URL through
	dir, _, table := site(t, fixtures[0].file, nil)
	port := apacheServe(t, dir)
	removeRow(t, filepath.Join(dir, "public/.htaccess"), `^2024/03/12/dont-ask/$ `)
	expectFailureFor(t, check(t, table, port), "/2024/03/12/dont-ask/")
}

// caddyServe starts Caddy on the built site, importing the rendered
// snippet, and returns its port.
func caddyServe(t *testing.T, dir string) int {
	t.Helper()
	port := testenv.FreePort(t)
	conf := filepath.Join(dir, fmt.Sprintf("Caddyfile-%d", port))
	os.WriteFile(conf, []byte(fmt.Sprintf(`{
	admin off
	auto_https off
}
http://127.0.0.1:%d {
	root * %s/public
	import %s/maps/blogport-redirects.caddy
	file_server
}
`, port, dir, dir)), 0o644)
	if out, err := exec.Command("caddy", "validate", "--config", conf, "--adapter", "caddyfile").CombinedOutput(); err != nil {
		t.Fatalf("caddy validate: %v\n%s", err, out)
	}
	start(t, port, "caddy", "run", "--config", conf, "--adapter", "caddyfile")
	return port
}

func TestCaddyServesTheSnippet(t *testing.T) {
	testenv.Need(t, "caddy")
	eachFixture(t, caddyServe)
	// without one row, a fresh Caddy lets that old URL through
	dir, _, table := site(t, fixtures[0].file, nil)
	removeRow(t, filepath.Join(dir, "maps/blogport-redirects.caddy"), "\t\t/2024/03/12/dont-ask/ ")
	expectFailureFor(t, check(t, table, caddyServe(t, dir)), "/2024/03/12/dont-ask/")
}
