package fetch

import (
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// An entry whose body does not match the hash its metadata holds (a crash
// cut it short: entries are not synced one by one) is a miss.
func TestCacheEntryCutShortIsAMiss(t *testing.T) {
	c := &cache{dir: t.TempDir()}
	u := slot{u: "https://blog.example.com/a/"}
	resp := &http.Response{StatusCode: 200, Header: http.Header{"Etag": {`"1"`}}}
	if err := c.put(u, resp, []byte("<html>whole page</html>")); err != nil {
		t.Fatal(err)
	}
	e := c.get(u)
	if e == nil || string(e.body) != "<html>whole page</html>" || e.BodySHA256 == "" {
		t.Fatalf("entry %+v, want the page with its hash", e)
	}
	c.touch(u, e) // a revalidation rewrites the metadata only
	if c.get(u) == nil {
		t.Fatal("the entry is gone after a revalidation")
	}
	data, err := os.ReadFile(c.path(u) + ".entry")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(c.path(u)+".entry", data[:len(data)-6], 0o644); err != nil {
		t.Fatal(err)
	}
	if e := c.get(u); e != nil {
		t.Errorf("an entry cut short was served: %q", e.body)
	}
}

// Credentials never reach the cache: a password in the URL is neither in
// an entry's name nor in its file, and what was fetched with credentials
// (an Authorization header or userinfo: drafts, private posts) is kept in
// a folder of its own that only the owner can read.
func TestCacheKeepsNoSecrets(t *testing.T) {
	dir := t.TempDir()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"1"`)
		w.Write([]byte("page " + r.URL.Path))
	}))
	defer srv.Close()
	c := New(Options{Delay: -1, Retries: -1, CacheDir: dir, IgnoreRobots: true})
	withPass := strings.Replace(srv.URL, "http://", "http://editor:s3cret-pass@", 1) + "/userinfo/"
	if _, err := c.Get(t.Context(), withPass); err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.URL+"/drafts/", nil)
	req.SetBasicAuth("editor", "app-password-xyz")
	if _, err := c.Do(req); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Get(t.Context(), srv.URL+"/public/"); err != nil {
		t.Fatal(err)
	}
	modes := map[string]fs.FileMode{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == dir {
			return err
		}
		info, _ := d.Info()
		rel, _ := filepath.Rel(dir, p)
		modes[rel] = info.Mode().Perm()
		data, _ := os.ReadFile(p)
		for _, secret := range []string{"s3cret-pass", "app-password-xyz", "ZWRpdG9y"} {
			if strings.Contains(rel+string(data), secret) {
				t.Errorf("%s holds %q", rel, secret)
			}
		}
		return nil
	})
	private, public := 0, 0
	for rel, mode := range modes {
		inPrivate := strings.HasPrefix(rel, "private")
		switch {
		case strings.HasSuffix(rel, ".entry") && inPrivate:
			private++
			if mode != 0o600 {
				t.Errorf("%s has mode %v, want 0600", rel, mode)
			}
		case strings.HasSuffix(rel, ".entry"):
			public++
		case inPrivate && mode != 0o700:
			t.Errorf("folder %s has mode %v, want 0700", rel, mode)
		}
	}
	if private != 2 || public != 1 {
		t.Errorf("%d private and %d public entries, want 2 and 1 (%v)", private, public, modes)
	}
}
