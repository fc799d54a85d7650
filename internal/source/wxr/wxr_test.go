package wxr

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/blogport/blogport/internal/post"
)

const sample = "../../../testdata/wxr/sample.xml"

func readAll(t *testing.T, paths ...string) (*Reader, map[int64]*post.Post) {
	t.Helper()
	r, err := Open(context.Background(), paths...)
	if err != nil {
		t.Fatal(err)
	}
	got := map[int64]*post.Post{}
	for p, err := range r.Posts(context.Background()) {
		if err != nil {
			t.Fatal(err)
		}
		if got[p.ID] != nil {
			t.Fatalf("item %d yielded twice", p.ID)
		}
		got[p.ID] = p
	}
	return r, got
}

func TestReaderSample(t *testing.T) {
	r, posts := readAll(t, sample)
	site := r.Site()
	if site.URL != "https://blog.example.com" || site.Title != "Field Notes" {
		t.Errorf("site = %q %q", site.URL, site.Title)
	}
	if len(posts) != 24 || r.Len() != 24 {
		t.Errorf("got %d posts (Len %d), want 24", len(posts), r.Len())
	}
	p := posts[10]
	checks := []struct {
		name      string
		got, want any
	}{
		{"title", p.Title, "Don't ask: a post"},
		{"type", p.Type, "post"},
		{"status", p.Status, "publish"},
		{"date keeps +01:00", p.Date.Format(time.RFC3339), "2024-03-12T09:30:00+01:00"},
		{"lastmod keeps +02:00 after DST", p.Modified.Format(time.RFC3339), "2024-04-01T10:00:00+02:00"},
		{"author display name", p.Authors[0].Name, "Mark Reiner"},
		{"categories by name", fmt.Sprint(names(p.Categories)), "[Electronics Lab Notes]"},
		{"category parent", p.Categories[0].Parent, "lab-notes"},
		{"tags by name", fmt.Sprint(names(p.Tags)), "[git Linux]"},
		{"old slugs decoded", fmt.Sprint(p.OldSlugs), "[bench-lamp-notes été-lamp]"},
		{"thumbnail", p.Thumbnail, "https://blog.example.com/wp-content/uploads/2024/03/bench-lamp.jpg"},
		{"approved comments only, threaded", len(p.Comments), 2},
		{"reply under its parent", p.Comments[0].Replies[0].ID, int64(101)},
		{"pingback kept with its type", p.Comments[1].Type, "pingback"},
		{"origin names file and line", strings.HasPrefix(p.Origin, "sample.xml:"), true},
		{"non-ascii slug decoded", posts[14].Slug, "привет-мир"},
		{"draft without gmt borrows July offset", posts[16].Date.Format(time.RFC3339), "2024-07-20T09:00:00+02:00"},
		{"password flag", posts[18].Protected, true},
		{"page parents", fmt.Sprint(posts[22].Parents), "[about]"},
		{"block footnotes", len(posts[11].Footnotes), 1},
		{"reusable block indexed", strings.Contains(site.Blocks[29], "Thanks for reading"), true},
		{"nav menu terms are not categories", len(posts[24].Categories), 0},
	}
	for _, c := range checks {
		if fmt.Sprint(c.got) != fmt.Sprint(c.want) {
			t.Errorf("%s: got %v, want %v", c.name, c.got, c.want)
		}
	}
	for _, c := range p.Comments {
		if strings.Contains(c.Content, "moderation") || strings.Contains(c.Content, "Spam") {
			t.Errorf("unapproved comment kept: %q", c.Content)
		}
	}
}

func TestMediaResolvesVariants(t *testing.T) {
	r, _ := readAll(t, sample)
	m := r.Site().Media
	tests := []struct{ in, want string }{
		{"https://blog.example.com/wp-content/uploads/2024/03/bench-lamp-300x200.jpg", "https://blog.example.com/wp-content/uploads/2024/03/bench-lamp.jpg"},
		{"http://www.blog.example.com/wp-content/uploads/2024/03/bench-lamp-1024x683.jpg", "https://blog.example.com/wp-content/uploads/2024/03/bench-lamp.jpg"},
		{"https://blog.example.com/wp-content/uploads/2024/07/harbour-scaled.jpg", "https://blog.example.com/wp-content/uploads/2024/07/harbour.jpg"},
		{"https://blog.example.com/wp-content/uploads/2024/07/harbour-300x200.jpg", "https://blog.example.com/wp-content/uploads/2024/07/harbour.jpg"},
		{"https://other.example.org/wp-content/uploads/2024/03/bench-lamp-300x200.jpg", ""},
		{"https://blog.example.com/wp-content/uploads/2024/03/unknown-300x200.jpg", ""},
	}
	for _, tc := range tests {
		got, _ := m.Original(tc.in, "blog.example.com")
		if got != tc.want {
			t.Errorf("Original(%s) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func names(ts []post.Term) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.Name)
	}
	return out
}

// doc wraps items in a minimal WXR 1.2 document.
func doc(items ...string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:wp="http://wordpress.org/export/1.2/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
<title>T</title>
<link>https://t.example</link>
` + strings.Join(items, "\n") + `
</channel>
</rss>
`
}

func itemXML(id int, title, content string) string {
	return fmt.Sprintf(`<item><title>%s</title><link>https://t.example/p%d/</link><content:encoded><![CDATA[%s]]></content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded><wp:post_id>%d</wp:post_id><wp:post_date>2024-01-01 10:00:00</wp:post_date><wp:post_date_gmt>2024-01-01 09:00:00</wp:post_date_gmt><wp:post_name>p%d</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>`, title, id, content, id, id)
}

func write(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestSplitExportsYieldEachItemOnce(t *testing.T) {
	a := write(t, "a.xml", doc(itemXML(1, "One", "x"), itemXML(2, "Two", "y")))
	b := write(t, "b.xml", doc(itemXML(2, "Two", "y"), itemXML(3, "Three", "z")))
	_, posts := readAll(t, a, b)
	if len(posts) != 3 {
		t.Fatalf("got %d posts, want 3", len(posts))
	}
}

func TestBadInput(t *testing.T) {
	full := doc(itemXML(1, "One", "first"), itemXML(2, "Two", "second"))
	tests := []struct {
		name    string
		content string
		wantErr string // "" means a repaired run
		is      error
		note    string
	}{
		{"truncated export", full[:len(full)*2/3], "looks truncated", nil, ""},
		{"html page", "<!DOCTYPE html><html><body>hi</body></html>", "not a WordPress export", ErrNotWXR, ""},
		{"plain rss feed", `<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>`, "not a WordPress export", ErrNotWXR, ""},
		{"empty file", "", "not a WordPress export", ErrNotWXR, ""},
		{"not xml", "title,date\nx,y\n", "not a WordPress export", ErrNotWXR, ""},
		{"mismatched tag", strings.Replace(full, "</wp:post_name>", "</wp:post_nam>", 1), "line 6", nil, ""},
		{"control characters are removed", doc(itemXML(1, "One", "bad \x0c form feed \x01")), "", nil, "removed 2 characters"},
		{"invalid utf-8 is replaced", doc(itemXML(1, "One", "caf\xe9 latin-1 byte")), "", nil, "repaired 1 invalid UTF-8"},
		{"https namespace, as the Theme Unit Test data declares", strings.ReplaceAll(full, "http://wordpress.org/export/", "https://wordpress.org/export/"), "", nil, ""},
		{"bare & in an attachment_url", doc(strings.Replace(itemXML(1, "One", "x"), "</item>", "<wp:attachment_url>http://t.example/a.jpg?w=1&h=2</wp:attachment_url></item>", 1)), "", nil, "1 bare & written as &amp;"},
		{"]]> inside CDATA", doc(itemXML(1, "One", "if (a[b[0]]> 1) {}")), "", nil, "1 ]]> inside CDATA kept as text"},
		{"bare < in a title", doc(itemXML(1, "a < b", "x")), "", nil, "1 bare < written as &lt;"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := write(t, "export.xml", tc.content)
			r, err := Open(context.Background(), p)
			if tc.wantErr != "" {
				if err == nil {
					t.Fatal("no error")
				}
				if !strings.Contains(err.Error(), tc.wantErr) || !strings.Contains(err.Error(), "export.xml") {
					t.Errorf("error %q should name the file and say %q", err, tc.wantErr)
				}
				if tc.is != nil && !errors.Is(err, tc.is) {
					t.Errorf("error %v is not %v", err, tc.is)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			notes := fmt.Sprint(r.Notes())
			if tc.note != "" && (!strings.Contains(notes, tc.note) || !strings.Contains(notes, "export.xml:")) {
				t.Errorf("notes %q lack %q", notes, tc.note)
			}
			n := 0
			for p, err := range r.Posts(context.Background()) {
				if err != nil {
					t.Fatal(err)
				}
				if strings.ContainsAny(p.Content, "\x0c\x01") {
					t.Errorf("control characters survived: %q", p.Content)
				}
				if p.Content == "if (a[b[0]]> 1) {}" || p.Title == "a < b" {
					n++ // the repaired text reads as written
				}
				n++
			}
			if n == 0 || strings.Contains(tc.note, "CDATA") && n != 2 || strings.Contains(tc.note, "bare <") && n != 2 {
				t.Errorf("%d posts read, or the repaired text changed", n)
			}
		})
	}
}

func TestLatin1ExportIsDecoded(t *testing.T) {
	d := strings.Replace(doc(itemXML(1, "Caf\xe9", "cr\xe8me")), `encoding="UTF-8"`, `encoding="ISO-8859-1"`, 1)
	_, posts := readAll(t, write(t, "latin.xml", d))
	if posts[1].Title != "Café" || posts[1].Content != "crème" {
		t.Errorf("got %q %q", posts[1].Title, posts[1].Content)
	}
}

func TestCancelledContextStopsReading(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Open(ctx, sample); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func FuzzReader(f *testing.F) {
	seed, _ := os.ReadFile(sample)
	f.Add(string(seed[:4000]))
	f.Add(doc(itemXML(1, "One", "x")))
	f.Add(doc(`<item><wp:post_id>x</wp:post_id><wp:postmeta><wp:meta_key>_wp_attachment_metadata</wp:meta_key><wp:meta_value>a:1:{s:5:"sizes";a:1:{i:0;s:3:"a` + "\x00" + `";}}</wp:meta_value></wp:postmeta><wp:post_type>attachment</wp:post_type></item>`))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, content string) {
		p := filepath.Join(dir, "fuzz.xml")
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		r, err := Open(context.Background(), p)
		if err != nil {
			if !strings.Contains(err.Error(), "fuzz.xml") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		for _, err := range r.Posts(context.Background()) {
			if err != nil {
				t.Fatalf("second pass failed after a clean first pass: %v", err)
			}
		}
	})
}

func TestUnserialize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"nested array", `a:2:{s:4:"file";s:5:"x.jpg";s:5:"sizes";a:1:{s:5:"thumb";a:1:{s:4:"file";s:9:"x-1x1.jpg";}}}`, "map[file:x.jpg sizes:map[thumb:map[file:x-1x1.jpg]]]"},
		{"scalars", `a:4:{i:0;b:1;i:1;i:-3;i:2;d:0.5;i:3;N;}`, "map[0:true 1:-3 2:0.5 3:<nil>]"},
		{"wrong byte count is tolerated", `a:1:{s:4:"file";s:3:"café.jpg";}`, "map[file:café.jpg]"},
		{"object", `O:8:"stdClass":1:{s:1:"a";i:1;}`, "map[a:1]"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v, err := unserialize(tc.in)
			if err != nil || fmt.Sprint(v) != tc.want {
				t.Errorf("got %v, %v; want %s", v, err, tc.want)
			}
		})
	}
	for _, bad := range []string{"", "a:", "a:9999999999:{", "s:5:\"ab", "x:1;", strings.Repeat("a:1:{i:0;", 100)} {
		if _, err := unserialize(bad); err == nil {
			t.Errorf("unserialize(%q) did not fail", bad)
		}
	}
}

// Titles, term and author names come out as WordPress shows them: the
// export holds them as saved, with entities and markup.
func TestNamesAsWordPressShowsThem(t *testing.T) {
	it := strings.Replace(itemXML(1, "<![CDATA[Media &amp; Text, <em>really</em>]]>", "x"), "</item>",
		`<category domain="post_tag" nicename="tips"><![CDATA[Tips &amp; Tricks]]></category></item>`, 1)
	_, posts := readAll(t, write(t, "names.xml", doc(it)))
	p := posts[1]
	if p.Title != "Media & Text, really" || len(p.Tags)+len(p.Categories) == 0 {
		t.Fatalf("title %q terms %v %v", p.Title, p.Tags, p.Categories)
	}
	if names := append(names(p.Tags), names(p.Categories)...); names[0] != "Tips & Tricks" {
		t.Errorf("term %q", names[0])
	}
}

// A stub item with the post_id of a real page, before it, does not drop
// the page: the fullest occurrence is read, and a note says so; the
// identical repeats of a split export raise none.
func TestFullestOfARepeatedIDIsRead(t *testing.T) {
	stub := `<item><wp:post_id>7</wp:post_id><wp:post_type>page</wp:post_type></item>`
	page := strings.Replace(itemXML(7, "About", "the real page"), "<wp:post_type>post</wp:post_type>", "<wp:post_type>page</wp:post_type>", 1)
	r, posts := readAll(t, write(t, "stub.xml", doc(stub, page, itemXML(8, "Eight", "x"), itemXML(8, "Eight", "x"))))
	if p := posts[7]; p == nil || p.Title != "About" || p.Content != "the real page" {
		t.Fatalf("page 7: %+v", p)
	}
	notes := fmt.Sprint(r.Notes())
	if !strings.Contains(notes, "duplicate_id: post_id 7 appears 2 times") || strings.Contains(notes, "post_id 8") {
		t.Errorf("notes %s", notes)
	}
}
