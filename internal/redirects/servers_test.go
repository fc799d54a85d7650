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
	"strconv"
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

// site migrates the sample export, builds it with hugo from only what
// blogport wrote, and renders the redirect maps: the new site a web server
// will serve.
func site(t *testing.T) (dir string, m *archive.Manifest, table *redirects.Table) {
	t.Helper()
	testenv.Need(t, "hugo")
	dir = t.TempDir()
	os.Chmod(filepath.Dir(dir), 0o755) // servers' workers run as other users
	os.Chmod(dir, 0o755)
	src, err := wxr.Open(context.Background(), "../../testdata/wxr/sample.xml")
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
// the right page, which answers 200; the table must cover non-ASCII paths
// and ?p=ID.
func check(t *testing.T, m *archive.Manifest, table *redirects.Table, port int) *verify.Report {
	t.Helper()
	var sawUTF8, sawP bool
	for _, r := range table.Rows {
		sawUTF8 = sawUTF8 || strings.Contains(r.From, "привет")
		sawP = sawP || strings.HasPrefix(r.Query, "p=")
	}
	if !sawUTF8 || !sawP {
		t.Fatal("the table lacks a non-ASCII path or a ?p=ID row")
	}
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	rep := &verify.Report{}
	rep.CheckRedirects(context.Background(), table, base, "", nil)
	return rep
}

// checkTitles follows every row whose target is an item's page and checks
// that the page it lands on shows the item's title in its <title> and <h1>.
func checkTitles(t *testing.T, m *archive.Manifest, table *redirects.Table, base string) {
	t.Helper()
	titles := map[string]string{}
	for _, it := range m.Items {
		titles[it.NewURL] = html.EscapeString(it.Title)
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
		page := string(body)
		if resp.StatusCode != http.StatusOK || !strings.Contains(page, "<title>"+title) || !regexp.MustCompile(`<h1[^>]*>`+regexp.QuoteMeta(title)+`</h1>`).MatchString(page) {
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

func TestNginxServesTheMap(t *testing.T) {
	testenv.Need(t, "nginx")
	dir, m, table := site(t)
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
	expectClean(t, check(t, m, table, port), len(table.Rows))
	checkTitles(t, m, table, fmt.Sprintf("http://127.0.0.1:%d", port))
	verifyCLI(t, dir, port, 0)

	removeRow(t, filepath.Join(dir, "maps/nginx-map.conf"), `"/2024/03/12/dont-ask/"`)
	if out, err := exec.Command("nginx", "-c", conf, "-s", "reload").CombinedOutput(); err != nil {
		t.Fatalf("reload: %v\n%s", err, out)
	}
	time.Sleep(500 * time.Millisecond)
	expectFailureFor(t, check(t, m, table, port), "/2024/03/12/dont-ask/")
	verifyCLI(t, dir, port, 1)
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

func TestApacheServesTheHtaccess(t *testing.T) {
	testenv.Need(t, "apache2")
	dir, m, table := site(t)
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
	expectClean(t, check(t, m, table, port), len(table.Rows))
	checkTitles(t, m, table, fmt.Sprintf("http://127.0.0.1:%d", port))

	removeRow(t, filepath.Join(dir, "public/.htaccess"), `^2024/03/12/dont-ask/$ `)
	expectFailureFor(t, check(t, m, table, port), "/2024/03/12/dont-ask/")
}

func TestCaddyServesTheSnippet(t *testing.T) {
	testenv.Need(t, "caddy")
	dir, m, table := site(t)
	port := testenv.FreePort(t)
	conf := filepath.Join(dir, "Caddyfile")
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
	expectClean(t, check(t, m, table, port), len(table.Rows))
	checkTitles(t, m, table, fmt.Sprintf("http://127.0.0.1:%d", port))

	// without one row, a fresh Caddy lets that old URL through
	removeRow(t, filepath.Join(dir, "maps/blogport-redirects.caddy"), "\t\t/2024/03/12/dont-ask/ ")
	port2 := testenv.FreePort(t)
	data, _ := os.ReadFile(conf)
	os.WriteFile(conf, []byte(strings.Replace(string(data), strconv.Itoa(port), strconv.Itoa(port2), 1)), 0o644)
	start(t, port2, "caddy", "run", "--config", conf, "--adapter", "caddyfile")
	expectFailureFor(t, check(t, m, table, port2), "/2024/03/12/dont-ask/")
}
