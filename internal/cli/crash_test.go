package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/blogport/blogport/internal/archive"
)

// A pull can be killed (SIGKILL: nothing of it runs after) at any instant.
// Whatever the instant, the manifest on disk names only files that exist;
// and the next complete run leaves no temporary file, no file of an item
// it dropped, and an archive verify passes. The kills are timed by what
// the run has done so far (files appearing or vanishing), not by the
// clock, and the invariants are checked after every kill, wherever it hit.

const (
	crashPosts = 300 // each with a comment and an image: three files a post
	crashKept  = 10  // the posts the shorter export keeps: the re-run drops the rest
)

func TestKilledRemovalsLeaveAManifestOfExistingFiles(t *testing.T) {
	bin, site := crashSetup(t)
	work := t.TempDir()
	big, small := filepath.Join(work, "big.xml"), filepath.Join(work, "small.xml")
	writeCrashExport(t, big, site.URL, crashPosts)
	writeCrashExport(t, small, site.URL, crashKept)
	cache := filepath.Join(work, "cache")
	whole := filepath.Join(work, "whole")
	runBlogport(t, bin, 0, "pull", big, "-o", whole, "--cache", cache, "--delay", "0", "-q")
	before, err := archive.ReadManifest(whole)
	if err != nil {
		t.Fatal(err)
	}
	var dropped []string // the files the shorter export's run removes, in the order the manifest lists them
	for _, it := range before.Items {
		if i, ok := crashIndex(it.Title); ok && i >= crashKept {
			dropped = append(dropped, itemFiles(it)...)
		}
	}
	if len(dropped) < 2*crashPosts {
		t.Fatalf("the re-run would remove only %d files", len(dropped))
	}

	// each kill comes when one of the files to remove is gone: the first,
	// one a third in, two thirds, the last; or when the journal appears
	triggers := []func(dir string) bool{
		func(dir string) bool { return exists(filepath.Join(dir, archive.RemovalsName)) },
		gone(dropped[0]), gone(dropped[len(dropped)/3]), gone(dropped[2*len(dropped)/3]), gone(dropped[len(dropped)-1]),
	}
	midway := 0
	for k, trigger := range triggers {
		dir := filepath.Join(work, fmt.Sprintf("run-%d", k))
		copyTree(t, whole, dir)
		hit := killWhen(t, bin, trigger, dir, "pull", small, "-o", dir, "--cache", cache, "--delay", "0", "-q")
		left := 0
		for _, rel := range dropped {
			if exists(filepath.Join(dir, rel)) {
				left++
			}
		}
		if hit && left > 0 && left < len(dropped) {
			midway++
		}
		t.Logf("kill %d: killed=%v, %d of %d files to remove still there", k, hit, left, len(dropped))
		requireManifestFilesExist(t, dir)

		runBlogport(t, bin, 0, "pull", small, "-o", dir, "--cache", cache, "--delay", "0", "-q")
		requireClean(t, bin, dir)
		for _, rel := range dropped {
			if exists(filepath.Join(dir, rel)) {
				t.Errorf("kill %d: %s, of a dropped item, is still there after the re-run", k, rel)
			}
		}
		if m, err := archive.ReadManifest(dir); err != nil || len(m.Items) != crashKept+crashPages {
			t.Errorf("kill %d: the re-run's manifest: %v", k, err)
		}
	}
	if midway == 0 {
		t.Fatal("no kill landed while files were being removed: the test checked nothing")
	}
}

func TestKilledFreshPullResumesWithoutLeftovers(t *testing.T) {
	bin, site := crashSetup(t)
	work := t.TempDir()
	export := filepath.Join(work, "export.xml")
	writeCrashExport(t, export, site.URL, crashPosts)
	// each kill comes once so many posts' folders exist
	for k, folders := range []int{1, crashPosts / 3, 2 * crashPosts / 3} {
		dir, cache := filepath.Join(work, fmt.Sprintf("run-%d", k)), filepath.Join(work, fmt.Sprintf("cache-%d", k))
		hit := killWhen(t, bin, func(dir string) bool {
			entries, _ := os.ReadDir(filepath.Join(dir, "content/posts"))
			return len(entries) >= folders
		}, dir, "pull", export, "-o", dir, "--cache", cache, "--delay", "0", "-q")
		temps, err := archive.TempFiles(dir)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("kill %d: killed=%v, %d temporary files left", k, hit, len(temps))
		requireManifestFilesExist(t, dir)
		// a kill lands between a temporary file's creation and its rename
		// only now and then: one is planted too, so that the clean-up is
		// checked every time
		if err := os.WriteFile(filepath.Join(dir, "content/posts/.blogport-4242.tmp"), []byte("half a po"), 0o644); err != nil {
			t.Fatal(err)
		}
		runBlogport(t, bin, 0, "pull", export, "-o", dir, "--cache", cache, "--delay", "0", "-q")
		requireClean(t, bin, dir)
		if m, err := archive.ReadManifest(dir); err != nil || len(m.Items) != crashPosts+crashPages {
			t.Errorf("kill %d: the resumed run's manifest: %v", k, err)
		}
	}
}

// crashSetup finds the blogport command (this test binary, which
// TestMain puts on PATH) and serves the one image every post shows.
func crashSetup(t *testing.T) (string, *httptest.Server) {
	bin, err := exec.LookPath("blogport")
	if err != nil {
		t.Fatal(err)
	}
	png := dotPNG()
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/wp-content/uploads/dot.png" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "image/png")
		fmt.Fprint(w, png)
	}))
	t.Cleanup(site.Close)
	t.Setenv("HOME", t.TempDir())
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	for _, kv := range os.Environ() {
		if name, _, _ := strings.Cut(kv, "="); strings.HasPrefix(name, "COLLY_") {
			t.Setenv(name, "")
		}
	}
	return bin, site
}

// crashPages is the number of pages every crash export has.
const crashPages = 1

// writeCrashExport writes an export of n posts of the site at siteURL,
// each with an approved comment and the site's image, and one page. Post
// i is the same in every export, whatever n.
func writeCrashExport(t *testing.T, name, siteURL string, n int) {
	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Crash Notes</title><link>%[1]s</link><wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>%[1]s</wp:base_site_url><wp:base_blog_url>%[1]s</wp:base_blog_url>
<wp:author><wp:author_id>1</wp:author_id><wp:author_login><![CDATA[mark]]></wp:author_login><wp:author_display_name><![CDATA[Mark]]></wp:author_display_name></wp:author>
`, siteURL)
	for i := range n {
		d := time.Date(2020, 1, 1, 9, 0, 0, 0, time.UTC).Add(time.Duration(i) * 24 * time.Hour)
		fmt.Fprintf(&b, `<item><title>Note %[2]d of %[3]d</title><link>%[1]s/note-%[2]d/</link><dc:creator><![CDATA[mark]]></dc:creator><guid isPermaLink="false">%[1]s/?p=%[4]d</guid>
<content:encoded><![CDATA[<p>The body of note %[2]d, a line or two.</p><p><img src="%[1]s/wp-content/uploads/dot.png" alt="A dot"></p>]]></content:encoded>
<wp:post_id>%[4]d</wp:post_id><wp:post_date><![CDATA[%[5]s]]></wp:post_date><wp:post_date_gmt><![CDATA[%[5]s]]></wp:post_date_gmt><wp:post_name><![CDATA[note-%[2]d]]></wp:post_name><wp:status><![CDATA[publish]]></wp:status><wp:post_type><![CDATA[post]]></wp:post_type>
<wp:comment><wp:comment_id>%[4]d</wp:comment_id><wp:comment_author><![CDATA[Ana]]></wp:comment_author><wp:comment_date_gmt><![CDATA[%[5]s]]></wp:comment_date_gmt><wp:comment_content><![CDATA[Nice note.]]></wp:comment_content><wp:comment_approved><![CDATA[1]]></wp:comment_approved><wp:comment_parent>0</wp:comment_parent></wp:comment>
</item>
`, siteURL, i, crashPosts, 100+i, d.Format("2006-01-02 15:04:05"))
	}
	fmt.Fprintf(&b, `<item><title>About</title><link>%[1]s/about/</link><dc:creator><![CDATA[mark]]></dc:creator><content:encoded><![CDATA[<p>About this blog.</p>]]></content:encoded>
<wp:post_id>99</wp:post_id><wp:post_date_gmt><![CDATA[2019-12-01 09:00:00]]></wp:post_date_gmt><wp:post_name><![CDATA[about]]></wp:post_name><wp:status><![CDATA[publish]]></wp:status><wp:post_type><![CDATA[page]]></wp:post_type></item>
</channel></rss>
`, siteURL)
	if err := os.WriteFile(name, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// crashIndex is i of a post titled "Note i of n"; false for the page.
func crashIndex(title string) (int, bool) {
	var i, n int
	_, err := fmt.Sscanf(title, "Note %d of %d", &i, &n)
	return i, err == nil
}

// killWhen starts blogport with args, kills it (SIGKILL) as soon as
// trigger(dir) holds, and reports whether it was killed rather than done.
func killWhen(t *testing.T, bin string, trigger func(dir string) bool, dir string, args ...string) bool {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute) // a hang fails, it does not block
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	for {
		select {
		case err := <-done:
			if err != nil && ctx.Err() != nil {
				t.Fatalf("blogport %v hung: %v\n%s", args, err, stderr.String())
			}
			if err != nil {
				t.Fatalf("blogport %v: %v\n%s", args, err, stderr.String())
			}
			return false
		default:
		}
		if trigger(dir) {
			cmd.Process.Kill()
			err := <-done
			var exit *exec.ExitError
			return errors.As(err, &exit) && !exit.Exited() // killed, not finished first
		}
		time.Sleep(100 * time.Microsecond)
	}
}

func runBlogport(t *testing.T, bin string, want int, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	code := 0
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		t.Fatalf("blogport %v: %v", args, err)
	}
	if code != want {
		t.Fatalf("blogport %v: exit %d, want %d\n%s", args, code, want, stderr.String())
	}
	return string(out)
}

// requireManifestFilesExist checks the invariant that holds at every
// instant: no manifest yet, or one that parses and names only files that
// are there.
func requireManifestFilesExist(t *testing.T, dir string) {
	t.Helper()
	m, err := archive.ReadManifest(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return
	}
	if err != nil {
		t.Fatalf("the manifest after the kill: %v", err)
	}
	var missing []string
	for _, it := range m.Items {
		for _, rel := range itemFiles(it) {
			if !exists(filepath.Join(dir, rel)) {
				missing = append(missing, rel)
			}
		}
	}
	for _, f := range m.SiteFiles {
		if !exists(filepath.Join(dir, f.Path)) {
			missing = append(missing, f.Path)
		}
	}
	if len(missing) > 0 {
		t.Fatalf("after the kill the manifest names %d files that are not there, such as %v", len(missing), missing[:min(3, len(missing))])
	}
}

// requireClean checks an archive a complete run left: no temporary file,
// no journal of removals, and verify passes.
func requireClean(t *testing.T, bin, dir string) {
	t.Helper()
	temps, err := archive.TempFiles(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(temps) > 0 {
		t.Errorf("temporary files left after a complete run: %v", temps)
	}
	if exists(filepath.Join(dir, archive.RemovalsName)) {
		t.Errorf("%s left after a complete run", archive.RemovalsName)
	}
	runBlogport(t, bin, 0, "verify", "-a", dir)
}

func itemFiles(it archive.Item) []string {
	out := []string{it.Path}
	if it.Comments != "" {
		out = append(out, it.Comments)
	}
	for _, a := range it.Assets {
		if a.Path != "" {
			out = append(out, a.Path)
		}
	}
	return out
}

func gone(rel string) func(dir string) bool {
	return func(dir string) bool { return !exists(filepath.Join(dir, rel)) }
}

func exists(name string) bool {
	_, err := os.Lstat(name)
	return err == nil
}

// copyTree copies the archive at src to dst (regular files and folders).
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}
