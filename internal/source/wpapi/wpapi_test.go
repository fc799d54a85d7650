package wpapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/blogport/blogport/internal/fetch"
	"github.com/blogport/blogport/internal/post"
)

// fakeWP serves a small REST API: three posts over two pages, one of them
// password-protected, and the indexes.
func fakeWP(t *testing.T, auth *string) *httptest.Server {
	t.Helper()
	posts := []map[string]any{
		{"id": 1, "date": "2024-03-12T09:30:00", "date_gmt": "2024-03-12T08:30:00", "modified": "2024-03-12T09:30:00", "modified_gmt": "2024-03-12T08:30:00",
			"slug": "first", "status": "publish", "type": "post", "link": "SITE/2024/03/12/first/", "guid": map[string]any{"rendered": "SITE/?p=1"},
			"title": map[string]any{"rendered": "First &#8217;one&#8217;"}, "content": map[string]any{"rendered": "<p>Body one links <a href=\"SITE/2024/03/13/second/\">two</a>.</p>", "protected": false},
			"excerpt": map[string]any{"rendered": "<p>Body one links two.</p>\n"}, "author": 5, "categories": []int{7}, "tags": []int{8}, "featured_media": 0, "meta": []any{}},
		{"id": 2, "date": "2024-03-13T10:00:00", "date_gmt": "2024-03-13T09:00:00", "modified": "2024-03-13T10:00:00", "modified_gmt": "2024-03-13T09:00:00",
			"slug": "second", "status": "publish", "type": "post", "link": "SITE/2024/03/13/second/", "guid": map[string]any{"rendered": "SITE/?p=2"},
			"title": map[string]any{"rendered": "Second"}, "content": map[string]any{"rendered": "<p>Body two.</p>", "protected": false},
			"excerpt": map[string]any{"rendered": "<p>A summary written by hand.</p>"}, "author": 5, "categories": []int{}, "tags": []int{}, "meta": map[string]any{"footnotes": ""}},
		{"id": 3, "date": "2024-03-14T10:00:00", "date_gmt": "2024-03-14T09:00:00", "slug": "locked", "status": "publish", "type": "post",
			"link": "SITE/2024/03/14/locked/", "title": map[string]any{"rendered": "Locked"}, "content": map[string]any{"rendered": "", "protected": true},
			"excerpt": map[string]any{"rendered": "", "protected": true}},
	}
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if auth != nil {
			*auth = r.Header.Get("Authorization")
		}
		write := func(v any, total int) {
			b, _ := json.Marshal(v)
			b = bytes.ReplaceAll(b, []byte("SITE"), []byte(srv.URL))
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("X-WP-TotalPages", strconv.Itoa(total))
			w.Write(b)
		}
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		switch r.URL.Path {
		case "/robots.txt":
			http.NotFound(w, r)
		case "/wp-json/":
			write(map[string]any{"name": "Fake &amp; Co", "home": srv.URL, "timezone_string": "Europe/Berlin", "gmt_offset": 1}, 1)
		case "/wp-json/wp/v2/posts":
			if r.URL.Query().Get("per_page") == "1" {
				write(posts[:1], 3)
				return
			}
			switch page {
			case 1:
				write(posts[:2], 2)
			case 2:
				write(posts[2:], 2)
			default:
				w.WriteHeader(http.StatusBadRequest)
			}
		case "/wp-json/wp/v2/users":
			write([]map[string]any{{"id": 5, "name": "Marta", "slug": "marta"}}, 1)
		case "/wp-json/wp/v2/categories":
			write([]map[string]any{{"id": 7, "name": "Lab &amp; Notes", "slug": "lab-notes", "parent": 0}}, 1)
		case "/wp-json/wp/v2/tags":
			write([]map[string]any{{"id": 8, "name": "go", "slug": "go"}}, 1)
		case "/wp-json/wp/v2/comments":
			write([]map[string]any{
				{"id": 20, "post": 1, "parent": 0, "author_name": "Ana", "date": "2024-03-12T11:00:00", "date_gmt": "2024-03-12T10:00:00", "content": map[string]any{"rendered": "<p>Hi</p>"}, "status": "approved"},
				{"id": 21, "post": 1, "parent": 20, "author_name": "Marta", "date": "2024-03-12T12:00:00", "date_gmt": "2024-03-12T11:00:00", "content": map[string]any{"rendered": "<p>Hello</p>"}, "status": "approved"},
			}, 1)
		case "/wp-json/wp/v2/pages", "/wp-json/wp/v2/media":
			write([]any{}, 1)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func open(t *testing.T, srv *httptest.Server, opts Options, log *slog.Logger) *Reader {
	t.Helper()
	c := fetch.New(fetch.Options{Delay: -1, Retries: -1, Log: log})
	r, err := Open(context.Background(), c, srv.URL+"/wp-json/", opts)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestReaderPagesThroughPosts(t *testing.T) {
	srv := fakeWP(t, nil)
	r := open(t, srv, Options{}, nil)
	if r.Site().Title != "Fake & Co" || r.Site().URL != srv.URL {
		t.Errorf("site = %+v", r.Site())
	}
	var got []*post.Post
	for p, err := range r.Posts(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, p)
	}
	if len(got) != 3 {
		t.Fatalf("got %d posts, want 3 over two pages", len(got))
	}
	p := got[0]
	checks := map[string][2]any{
		"title decoded":        {p.Title, "First ’one’"},
		"rendered content":     {p.Rendered, true},
		"date with offset":     {p.Date.Format(time.RFC3339), "2024-03-12T09:30:00+01:00"},
		"author name":          {p.Authors[0].Name, "Marta"},
		"category name":        {p.Categories[0].Name, "Lab & Notes"},
		"tag":                  {p.Tags[0].Slug, "go"},
		"automatic excerpt":    {p.Excerpt, ""},
		"threaded comments":    {len(p.Comments), 1},
		"reply":                {p.Comments[0].Replies[0].ID, int64(21)},
		"written excerpt":      {got[1].Excerpt, "<p>A summary written by hand.</p>"},
		"protected flagged":    {got[2].Protected, true},
		"protected is emptied": {got[2].Content, ""},
	}
	for name, c := range checks {
		if fmt.Sprint(c[0]) != fmt.Sprint(c[1]) {
			t.Errorf("%s: got %v, want %v", name, c[0], c[1])
		}
	}
}

func TestCredentialsAreSentButNeverLogged(t *testing.T) {
	var auth string
	srv := fakeWP(t, &auth)
	var logs bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	r := open(t, srv, Options{Credentials: &Credentials{User: "me", Password: "abcd efgh ijkl"}, Drafts: true}, log)
	for range r.Posts(context.Background()) {
	}
	if !strings.HasPrefix(auth, "Basic ") {
		t.Errorf("Authorization = %q", auth)
	}
	if strings.Contains(logs.String(), "abcd") || strings.Contains(logs.String(), auth) {
		t.Error("credentials in the log")
	}
	if got := r.statuses(); got != "publish,draft,pending,future" {
		t.Errorf("statuses = %q", got)
	}
}

func TestClosedAPIIsErrNoAPI(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/wp-json") {
			w.WriteHeader(http.StatusForbidden)
			return
		}
		http.NotFound(w, r)
	}))
	defer srv.Close()
	c := fetch.New(fetch.Options{Delay: -1, Retries: -1})
	if _, err := Open(context.Background(), c, srv.URL+"/wp-json/", Options{}); !errors.Is(err, ErrNoAPI) {
		t.Errorf("err = %v, want ErrNoAPI", err)
	}
}
