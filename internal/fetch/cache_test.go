package fetch

import (
	"net/http"
	"os"
	"testing"
)

// An entry whose body does not match the hash its metadata holds (a crash
// cut it short: entries are not synced one by one) is a miss.
func TestCacheEntryCutShortIsAMiss(t *testing.T) {
	c := &cache{dir: t.TempDir()}
	const u = "https://blog.example.com/a/"
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
