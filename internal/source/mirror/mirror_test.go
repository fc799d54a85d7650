package mirror

import (
	"io"
	"net/http"
	"path/filepath"
	"testing"

	"github.com/blogport/blogport/internal/testenv"
)

func TestMirrorServesFilesAndNothingOutside(t *testing.T) {
	dir := t.TempDir()
	root := filepath.Join(dir, "blog.example.com")
	files := map[string]string{
		"index.html":              "home",
		"../index.html":           "HTTrack's own index",
		"2024/01/post/index.html": "post",
		"about.html":              "about",
		"search.php?q=x":          "query",
		"../outside.txt":          "secret",
	}
	testenv.WriteFiles(t, root, files)
	host, r := Host(dir)
	if host != "blog.example.com" || r != root {
		t.Fatalf("Host = %q %q", host, r)
	}
	tr := Transport{Root: root}
	tests := []struct {
		url    string
		status int
		body   string
	}{
		{"https://blog.example.com/", 200, "home"},
		{"https://blog.example.com/2024/01/post/", 200, "post"},
		{"https://blog.example.com/2024/01/post", 200, "post"},
		{"https://blog.example.com/about", 200, "about"},
		{"https://blog.example.com/search.php?q=x", 200, "query"},
		{"https://blog.example.com/../outside.txt", 404, ""},
		{"https://blog.example.com/%2e%2e/outside.txt", 404, ""},
		{"https://blog.example.com/missing/", 404, ""},
	}
	for _, tc := range tests {
		req, _ := http.NewRequest(http.MethodGet, tc.url, nil)
		resp, err := tr.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != tc.status || (tc.body != "" && string(body) != tc.body) {
			t.Errorf("%s: %d %q", tc.url, resp.StatusCode, body)
		}
	}
}
