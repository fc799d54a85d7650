package assets

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"

	"github.com/blogport/blogport/internal/fetch"
	"github.com/blogport/blogport/internal/post"
)

func TestFileName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://b.example/wp-content/uploads/2024/03/lamp.jpg", "lamp.jpg"},
		{"https://b.example/u/caf%C3%A9%20au%20lait.png?x=1", "café-au-lait.png"},
		{"https://b.example/u/..%2F..%2Fetc%2Fpasswd", "passwd"},
		{"https://b.example/u/.hidden", "hidden"},
		{"https://b.example/", "file"},
	}
	for _, tc := range tests {
		if got := FileName(tc.in); got != tc.want {
			t.Errorf("FileName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestDownloaderFetchesEachURLOnce(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Write([]byte("JPEGDATA"))
	}))
	defer srv.Close()
	d := New(fetch.New(fetch.Options{Delay: -1, IgnoreRobots: true}))
	for range 3 {
		f, err := d.Get(context.Background(), post.Asset{URL: srv.URL + "/a.jpg", From: srv.URL + "/a-300x200.jpg"})
		if err != nil {
			t.Fatal(err)
		}
		if len(f.SHA256) != 64 || f.Name != "a.jpg" || string(f.Data) != "JPEGDATA" || f.From == "" {
			t.Fatalf("file = %+v", f)
		}
	}
	if hits.Load() != 1 {
		t.Errorf("%d requests for one URL", hits.Load())
	}
}
