package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/blogport/blogport/internal/testenv"
)

// wordpress starts a real WordPress (Debian's package, MariaDB, php-fpm,
// nginx) on 127.0.0.1 with the content of testdata/wordpress/seed.php.
// Without those packages the test skips, unless BLOGPORT_E2E=require.
func wordpress(t *testing.T) (url, dir string) {
	t.Helper()
	testenv.Need(t, "mariadbd", "nginx", "php")
	testenv.NeedFile(t, "/usr/share/wordpress/wp-load.php", "Debian's wordpress package")
	port := testenv.FreePort(t)
	dir = t.TempDir()
	script, _ := filepath.Abs("../../testdata/wordpress/serve.sh")
	out, err := exec.Command(script, dir, "127.0.0.1", strconv.Itoa(port)).CombinedOutput()
	t.Cleanup(func() {
		pids, _ := os.ReadFile(filepath.Join(dir, "pids"))
		for _, f := range strings.Fields(string(pids)) {
			if pid, err := strconv.Atoi(f); err == nil {
				syscall.Kill(pid, syscall.SIGTERM)
			}
		}
		time.Sleep(300 * time.Millisecond)
	})
	if err != nil {
		t.Fatalf("starting WordPress: %v\n%s", err, out)
	}
	return "http://127.0.0.1:" + strconv.Itoa(port), dir
}

// pull runs blogport in-process and decodes its JSON summary.
func pull(t *testing.T, wantCode int, args ...string) map[string]any {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := Main(context.Background(), append([]string{"pull", "--json", "--delay", "1ms"}, args...), strings.NewReader(""), &stdout, &stderr)
	if code != wantCode {
		t.Fatalf("exit code %d, want %d\n%s", code, wantCode, stderr.String())
	}
	var sum map[string]any
	if err := json.Unmarshal(stdout.Bytes(), &sum); err != nil {
		t.Fatalf("summary: %v\n%s", err, stdout.String())
	}
	if i := slices.Index(args, "-o"); i >= 0 && i+1 < len(args) {
		testenv.Keep(t, args[i+1])
	}
	return sum
}

func readArchive(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = string(data)
		return err
	})
	return files
}

func requireIn(t *testing.T, files map[string]string, name string, wants ...string) {
	t.Helper()
	body, ok := files[name]
	if !ok {
		t.Errorf("%s missing", name)
		return
	}
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s lacks %q:\n%s", name, w, body)
		}
	}
}

func requireNowhere(t *testing.T, files map[string]string, secrets ...string) {
	t.Helper()
	for name, body := range files {
		for _, s := range secrets {
			if strings.Contains(body, s) {
				t.Errorf("%s leaks %q", name, s)
			}
		}
	}
}

var secrets = []string{"DRAFT-ONLY-TEXT", "PRIVATE-ONLY-TEXT", "PASSWORD-ONLY-TEXT", "SCHEDULED-ONLY-TEXT", "MODERATION-ONLY-TEXT", "hunter2", "editor@example.com", "ana@example.com"}

func TestPullLiveWordPressThroughTheRESTAPI(t *testing.T) {
	site, wpDir := wordpress(t)
	cache, out := t.TempDir(), t.TempDir()
	sum := pull(t, 0, site, "-o", out, "--cache", cache)
	if sum["route"] != "rest" {
		t.Fatalf("route = %v (%v)", sum["route"], sum["why"])
	}
	files := readArchive(t, out)
	requireIn(t, files, "content/posts/clamp-lamp-second-try/index.md",
		"title: Clamp lamp, second try", "date: 2024-03-12T09:30:00+01:00", "categories: [Lamps]", "tags: [go, solder]",
		"authors: [Marta Lindqvist]", "Every bench needs a lamp that reaches the awkward corner.",
		`{{< figure src="bench-lamp.jpg" alt="A clamp lamp over the bench" caption="The lamp, finally in place" >}}`, "```go",
		"[harbour morning](/posts/harbour-morning/)", "image: bench-lamp.jpg",
		"aliases: [/2024/03/12/clamp-lamp-first-name/, /2024/03/12/clamp-lamp-second-try/]")
	requireIn(t, files, "content/posts/harbour-morning/index.md",
		"date: 2024-07-01T18:00:00+02:00", "authors: [Ana Sousa]", "### What we packed", "- A thermos of tea",
		`{{< figure src="harbour-boats.jpg" alt="Fishing boats at the quay" caption="Boats at first light" >}}`, "{{< youtube aBcDeFgHiJk >}}", "| Maria | blue |")
	requireIn(t, files, "content/posts/ola-cafe/index.md", "title: Olá, café", "date: 2024-05-09T20:00:00+02:00", "o café do porto estava ótimo")
	requireIn(t, files, "content/pages/about/_index.md", "title: About us", "kept by two people")
	requireIn(t, files, "content/pages/about/team/index.md", "Marta solders. Ana photographs.")
	requireIn(t, files, "comments/7.json", `"author": "Ana Sousa"`, `"parent":`)
	// the media are local: the originals, not the resized copies the posts showed
	for _, img := range []string{"content/posts/clamp-lamp-second-try/bench-lamp.jpg", "content/posts/harbour-morning/harbour-boats.jpg"} {
		data, ok := files[img]
		if !ok || !bytes.HasPrefix([]byte(data), []byte("\xff\xd8")) {
			t.Errorf("%s missing or not a JPEG", img)
			continue
		}
		orig, err := os.ReadFile(filepath.Join(wpDir, "wp/wp-content/uploads", strings.Split(img, "/")[2][:0]+yearMonth(img), filepath.Base(img)))
		if err == nil && string(orig) != data {
			t.Errorf("%s differs from the uploaded original", img)
		}
	}
	requireNowhere(t, files, secrets...)
	// the site files name the site's time zone, as REST says it

	requireIn(t, files, "hugo.toml", `timeZone = "Europe/Berlin"`, `theme = 'blogport'`)
	for name := range files {
		if strings.HasPrefix(name, "themes/blogport/") || name == "hugo.toml" {
			delete(files, name)
		}
	}
	if n := len(files); n != 9 {
		t.Errorf("archive has %d files besides the site files, want 9: %v", n, keys(files))
	}

	// a second run changes nothing and asks the server only to revalidate
	sum = pull(t, 0, site, "-o", out, "--cache", cache)
	if w := sum["written"].([]any); len(w) != 0 {
		t.Errorf("second run wrote %v", w)
	}
}

func yearMonth(img string) string {
	if strings.Contains(img, "bench-lamp") {
		return "2024/03"
	}
	return "2024/07"
}

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

func TestPullLiveWordPressWithApplicationPassword(t *testing.T) {
	site, wpDir := wordpress(t)
	pass, err := os.ReadFile(filepath.Join(wpDir, "app-password"))
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("BLOGPORT_WP_USER", "editor")
	t.Setenv("BLOGPORT_WP_APP_PASSWORD", string(pass))
	out := t.TempDir()
	var stderr bytes.Buffer
	code := Main(context.Background(), []string{"pull", site, "-o", out, "--drafts", "--delay", "1ms", "--cache", t.TempDir(), "-v"},
		strings.NewReader(""), &bytes.Buffer{}, &stderr)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr.String())
	}
	if strings.Contains(stderr.String(), string(pass)) || strings.Contains(stderr.String(), "Basic ") {
		t.Error("the application password reached the log")
	}
	files := readArchive(t, out)
	requireIn(t, files, "content/posts/unfinished-idea/index.md", "draft: true", "DRAFT-ONLY-TEXT")
	requireIn(t, files, "content/posts/next-year/index.md", "draft: true", "date: 2031-01-10T08:00:00+01:00")
	requireNowhere(t, files, "PRIVATE-ONLY-TEXT", "PASSWORD-ONLY-TEXT", "hunter2", string(pass))

	out = t.TempDir()
	code = Main(context.Background(), []string{"pull", site, "-o", out, "--include-private", "--delay", "1ms", "--cache", t.TempDir()},
		strings.NewReader(""), &bytes.Buffer{}, &stderr)
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr.String())
	}
	files = readArchive(t, out)
	requireIn(t, files, "content/posts/private-notes/index.md", "draft: true", "PRIVATE-ONLY-TEXT")
	requireNowhere(t, files, "DRAFT-ONLY-TEXT", "hunter2", string(pass))
}

// A pull killed with SIGKILL midway and run again ends with the same
// archive as a pull that was never interrupted.
func TestKilledPullResumesToTheSameArchive(t *testing.T) {
	site, _ := wordpress(t)
	bin := filepath.Join(t.TempDir(), "blogport")
	if out, err := exec.Command("go", "build", "-o", bin, "../../cmd/blogport").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	whole := t.TempDir()
	pull(t, 0, site, "-o", whole, "--cache", t.TempDir())

	cache, out := t.TempDir(), t.TempDir()
	cmd := exec.Command(bin, "pull", site, "-o", out, "--cache", cache, "--delay", "150ms", "-q")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(1500 * time.Millisecond) // robots, discovery, indexes and part of the posts
	cmd.Process.Kill()
	cmd.Wait()
	if _, err := os.Stat(filepath.Join(out, "blogport.json")); err == nil {
		t.Fatal("the pull finished before it was killed; slow it down")
	}
	var stderr bytes.Buffer
	resumed := exec.Command(bin, "pull", site, "-o", out, "--cache", cache, "--delay", "1ms", "--json")
	resumed.Stderr = &stderr
	stdout, err := resumed.Output()
	if err != nil {
		t.Fatalf("resumed pull: %v\n%s", err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "resuming an interrupted pull") {
		t.Errorf("the re-run did not resume:\n%s", stderr.String())
	}
	var sum struct {
		HTTP struct {
			CacheHits int `json:"cache_hits"`
		} `json:"http"`
	}
	json.Unmarshal(stdout, &sum)
	if sum.HTTP.CacheHits == 0 {
		t.Error("the resumed pull fetched everything again")
	}
	a, b := readArchive(t, whole), readArchive(t, out)
	if len(a) != len(b) {
		t.Fatalf("resumed archive has %d files, uninterrupted %d", len(b), len(a))
	}
	for name, body := range a {
		if b[name] != body {
			t.Errorf("%s differs after resuming", name)
		}
	}
}

func TestPullLiveWordPressThroughItsFeed(t *testing.T) {
	site, _ := wordpress(t)
	out := t.TempDir()
	sum := pull(t, 0, site, "-o", out, "--cache", t.TempDir(), "--via", "feed")
	if sum["route"] != "feed" {
		t.Fatalf("route = %v", sum["route"])
	}
	files := readArchive(t, out)
	requireIn(t, files, "content/posts/clamp-lamp-second-try/index.md",
		"title: Clamp lamp, second try", "date: 2024-03-12T08:30:00Z", // WordPress feeds carry UTC only
		"categories: [Lamps, go, solder]", "authors: [Marta Lindqvist]", "Every bench needs a lamp", "```go",
		"[harbour morning](/posts/harbour-morning/)")
	requireIn(t, files, "content/posts/harbour-morning/index.md", "date: 2024-07-01T16:00:00Z", "### What we packed", "{{< youtube aBcDeFgHiJk >}}")
	requireIn(t, files, "content/posts/ola-cafe/index.md", "o café do porto estava ótimo")
	var jpegs int
	for name, body := range files {
		if strings.HasSuffix(name, ".jpg") && strings.HasPrefix(body, "\xff\xd8") {
			jpegs++
		}
	}
	if jpegs < 2 {
		t.Errorf("%d images downloaded, want the two posts' images", jpegs)
	}
	requireNowhere(t, files, secrets...)
}

// With the REST API closed, the pull falls back to crawling the site with
// the built-in wordpress mapping and ends with the same posts.
func TestPullLiveWordPressByCrawlingWhenTheAPIIsClosed(t *testing.T) {
	site, wpDir := wordpress(t)
	blockREST(t, wpDir)
	out := t.TempDir()
	sum := pull(t, 0, site, "-o", out, "--cache", t.TempDir())
	if sum["route"] != "crawl" || !strings.Contains(sum["why"].(string), "REST API is closed") {
		t.Fatalf("route = %v (%v)", sum["route"], sum["why"])
	}
	files := readArchive(t, out)
	requireIn(t, files, "content/posts/clamp-lamp-second-try/index.md",
		"title: Clamp lamp, second try", "date: 2024-03-12T09:30:00+01:00", "categories: [Lamps]", "tags: [go, solder]",
		"authors: [Marta Lindqvist]", "Every bench needs a lamp", `{{< figure src="bench-lamp.jpg" alt="A clamp lamp over the bench"`, "```go",
		"[harbour morning](/posts/harbour-morning/)", "wordpress_id: 7")
	requireIn(t, files, "content/posts/harbour-morning/index.md", "date: 2024-07-01T18:00:00+02:00", "categories: [Travel]",
		"### What we packed", "{{< youtube aBcDeFgHiJk >}}", "| Maria | blue |")
	requireIn(t, files, "content/posts/ola-cafe/index.md", "title: Olá, café", "o café do porto estava ótimo")
	requireIn(t, files, "content/pages/about/_index.md", "kept by two people")
	requireIn(t, files, "content/pages/about/team/index.md", "Marta solders. Ana photographs.")
	for name, body := range files {
		if strings.HasSuffix(name, "index.md") {
			for _, junk := range []string{"Leave a Reply", "Proudly powered by", "Previous", "Search"} {
				if strings.Contains(body, junk) {
					t.Errorf("%s carries page furniture %q", name, junk)
				}
			}
		}
	}
	if _, ok := files["content/posts/members-only/index.md"]; ok {
		t.Error("the password-protected post was exported")
	}
	requireNowhere(t, files, secrets...)
}

// blockREST makes the test site's REST API answer 403, as security
// plugins do.
func blockREST(t *testing.T, dir string) {
	t.Helper()
	rule := "location ^~ /wp-json { return 403; }\nif ($arg_rest_route) { return 403; }\n"
	if err := os.WriteFile(filepath.Join(dir, "nginx-extra.conf"), []byte(rule), 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("nginx", "-c", filepath.Join(dir, "nginx.conf"), "-s", "reload").CombinedOutput(); err != nil {
		t.Fatalf("nginx reload: %v\n%s", err, out)
	}
	time.Sleep(500 * time.Millisecond)
}

// An export and the live site given together, through two routes, make
// one record per post: the export's old slugs and editor source, the API's
// comments, no duplicates.
func TestPullMergesAnExportWithTheLiveSite(t *testing.T) {
	site, wpDir := wordpress(t)
	export := filepath.Join(t.TempDir(), "export.xml")
	cmd := exec.Command("php", "-r", `$_SERVER["HTTP_HOST"]=getenv("H"); require getenv("WP")."/wp-load.php"; require_once ABSPATH."wp-admin/includes/export.php"; export_wp(["content"=>"all"]);`)
	cmd.Env = append(os.Environ(), "H="+strings.TrimPrefix(site, "http://"), "WP="+filepath.Join(wpDir, "wp"))
	data, err := cmd.Output()
	if err != nil {
		t.Fatalf("export: %v", err)
	}
	if err := os.WriteFile(export, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	sum := pull(t, 0, export, site, "-o", out, "--cache", t.TempDir(), "--via", "rest,feed")
	if sum["route"] != "wxr+rest+feed" {
		t.Fatalf("route = %v", sum["route"])
	}
	files := readArchive(t, out)
	var posts []string
	for name := range files {
		if strings.HasSuffix(name, "index.md") {
			posts = append(posts, name)
		}
	}
	if len(posts) != 5 {
		t.Errorf("%d items, want 5 (3 posts, 2 pages), one each: %v", len(posts), posts)
	}
	requireIn(t, files, "content/posts/clamp-lamp-second-try/index.md", "date: 2024-03-12T09:30:00+01:00",
		"aliases: [/2024/03/12/clamp-lamp-first-name/, /2024/03/12/clamp-lamp-second-try/]", `{{< figure src="bench-lamp.jpg" alt="A clamp lamp over the bench"`)
	requireNowhere(t, files, secrets...)
}
