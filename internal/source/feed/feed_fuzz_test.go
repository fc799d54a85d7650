package feed

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzFeedFile: a feed file of any bytes (RSS, Atom, JSON Feed, in any
// charset) is read or refused with an error naming it, never a panic,
// and every entry read has valid UTF-8 text.
func FuzzFeedFile(f *testing.F) {
	f.Add([]byte(`<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>T</title><link>https://b.example/</link>` + rssItem(1, "Fri, 05 Jan 2024 12:00:00 +0100") + `</channel></rss>`))
	f.Add([]byte(`<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>Caf` + "\xe9" + `</title><item><title>` + "\xe9t\xe9" + `</title><link>/x</link></item></channel></rss>`))
	f.Add([]byte(`<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title><link rel="prev-archive" href="/a.xml"/><entry><title type="html">&lt;b&gt;E&lt;/b&gt;</title><id>tag:a,1</id><updated>2024-01-02T10:00:00Z</updated><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>x</p></div></content></entry></feed>`))
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1.1","title":"J","next_url":"/2.json","items":[{"id":"1","url":"https://j.example/1","content_html":"<p>x</p>","date_published":"2024-01-02T10:00:00+01:00","tags":["a"]}]}`))
	f.Add([]byte("\xef\xbb\xbf<rss><channel><item><title><![CDATA[x]]></title><pubDate>not a date</pubDate></item></channel></rss>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		file := filepath.Join(t.TempDir(), "feed.xml")
		if err := os.WriteFile(file, data, 0o644); err != nil {
			t.Fatal(err)
		}
		r, err := Open(context.Background(), nil, file, nil)
		if err != nil {
			if !strings.Contains(err.Error(), "feed") {
				t.Fatalf("error %q does not say what it read", err)
			}
			return
		}
		for p, err := range r.Posts(context.Background()) {
			if err != nil {
				return
			}
			for _, s := range []string{p.Title, p.Content, p.Link, p.GUID} {
				if !utf8.ValidString(s) {
					t.Fatalf("entry text not UTF-8: %q", s)
				}
			}
		}
	})
}
