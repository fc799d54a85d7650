package feed

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blogport/blogport/internal/post"
	"github.com/blogport/blogport/internal/testenv"
)

// readFeed reads a feed written to a file, as `blogport pull feed.xml` does.
func readFeed(t *testing.T, body string) (*Reader, []*post.Post) {
	t.Helper()
	p := filepath.Join(t.TempDir(), "feed.xml")
	if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := Open(context.Background(), nil, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	return r, testenv.Posts(t, r.Posts(context.Background()))
}

// notesSaying keeps the notes whose text starts with code.
func notesSaying(notes []post.Note, code string) []post.Note {
	var out []post.Note
	for _, n := range notes {
		if strings.HasPrefix(n.What, code+":") {
			out = append(out, n)
		}
	}
	return out
}

func rssFeed(generator, items string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>B</title><link>https://b.example/</link>` +
		generator + items + `</channel></rss>`
}

func TestEntriesWithNoLinkOrIDAreOnePostEach(t *testing.T) {
	for _, tc := range []struct {
		name  string
		feed  string
		posts int
		noKey int // entries with neither link nor id
	}{
		{"rss items with no link and no guid", rssFeed("", `
<item><title>Morning</title><pubDate>Mon, 01 Jul 2024 08:00:00 +0200</pubDate><description>First note of the day.</description></item>
<item><title>Evening</title><pubDate>Mon, 01 Jul 2024 20:00:00 +0200</pubDate><description>Last note of the day.</description></item>
<item><title>Morning</title><pubDate>Tue, 02 Jul 2024 08:00:00 +0200</pubDate><description>First note of the day.</description></item>`), 3, 3},
		{"atom entries with no link and no id", `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
<entry><title>One</title><updated>2024-01-01T10:00:00Z</updated><content>first</content></entry>
<entry><title>Two</title><updated>2024-01-02T10:00:00Z</updated><content>second</content></entry></feed>`, 2, 2},
		{"json feed items with no url and no id", `{"version":"https://jsonfeed.org/version/1.1","title":"J","items":[
{"title":"One","content_text":"first","date_published":"2024-01-01T10:00:00Z"},{"title":"Two","content_text":"second","date_published":"2024-01-02T10:00:00Z"}]}`, 2, 2},
		{"items that each link the home page", rssFeed("", `
<item><title>Release 1.1</title><link>https://b.example/</link><guid isPermaLink="false">release-1.1</guid><description>Fixes.</description></item>
<item><title>Release 1.2</title><link>https://b.example/</link><guid isPermaLink="false">release-1.2</guid><description>More fixes.</description></item>`), 2, 0},
		{"items that repeat one guid", rssFeed("", `
<item><title>A</title><link>https://b.example/a/</link><guid>https://b.example/feed/</guid></item>
<item><title>B</title><link>https://b.example/b/</link><guid>https://b.example/feed/</guid></item>`), 2, 0},
		{"an item listed twice is one post", rssFeed("", strings.Repeat(`
<item><title>A</title><link>https://b.example/a/</link><guid>https://b.example/?p=1</guid></item>`, 2)), 1, 0},
		{"an entry with no link and no id listed twice is one post", rssFeed("", strings.Repeat(`
<item><title>Same</title><pubDate>Mon, 01 Jul 2024 08:00:00 +0200</pubDate><description>Same text.</description></item>`, 2)), 1, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, posts := readFeed(t, tc.feed)
			if len(posts) != tc.posts {
				t.Fatalf("got %d posts, want %d", len(posts), tc.posts)
			}
			ids := map[string]bool{} // what the archive and the manifest know an item by
			for _, p := range posts {
				id := p.GUID + "|" + p.Link
				if p.GUID == "" && p.Link == "" || ids[id] {
					t.Errorf("post %q has no identity of its own: guid %q link %q", p.Title, p.GUID, p.Link)
				}
				ids[id] = true
			}
			_, again := readFeed(t, tc.feed)
			for i, p := range again {
				if p.GUID != posts[i].GUID {
					t.Errorf("post %q: guid %q on a second read, %q on the first", p.Title, p.GUID, posts[i].GUID)
				}
			}
			notes := notesSaying(r.Notes(), "no_link")
			want := fmt.Sprintf("no_link: %d of %d entries have no link and no id", tc.noKey, tc.posts)
			if tc.noKey == 0 && len(notes) != 0 || tc.noKey > 0 && (len(notes) != 1 || !strings.HasPrefix(notes[0].What, want)) {
				t.Errorf("notes = %v, want %q", notes, want)
			}
		})
	}
}

// words is n words of plain text.
func words(n int) string { return strings.TrimSpace(strings.Repeat("word ", n)) }

const hugoGenerator = `<generator>Hugo -- gohugo.io</generator>`

func TestSummaryOnlyFeedIsNoted(t *testing.T) {
	item := func(n int, rest string) string {
		return fmt.Sprintf(`<item><title>Post %d</title><link>https://b.example/p%d/</link><guid>https://b.example/p%d/</guid>%s</item>`, n, n, n, rest)
	}
	desc := func(s string) string { return "<description>" + s + "</description>" }
	full := func(s string) string {
		return desc("Short") + "<content:encoded><![CDATA[" + s + "]]></content:encoded>"
	}
	for _, tc := range []struct {
		name string
		feed string
		want string // the note, "" for none
	}{
		{"hugo's default rss: descriptions hold summaries", rssFeed(hugoGenerator,
			item(1, desc("&lt;p&gt;"+words(70)+".&lt;/p&gt;"))+item(2, desc(words(40)))+item(3, desc(words(90)))), "summary_only: 3 of 3 entries"},
		{"hugo with a template writing whole posts", rssFeed(hugoGenerator,
			item(1, desc(words(40)))+item(2, desc("&lt;p&gt;"+words(900)+"&lt;/p&gt;"))), ""},
		{"wordpress's summary setting", rssFeed(`<generator>https://wordpress.org/?v=6.5</generator>`,
			item(1, desc("<![CDATA["+words(55)+" [&#8230;]]]>"))+item(2, desc("<![CDATA["+words(20)+"]]>"))), "summary_only: 2 of 2 entries"},
		{"a content that ends in Read more", rssFeed("",
			item(1, full(`<p>`+words(30)+`</p><p><a href="https://b.example/p1/">Read more »</a></p>`))+item(2, full("<p>"+words(300)+"</p>"))+
				item(3, full(`<p>`+words(30)+` [&hellip;]</p>`))), "summary_only: 2 of 3 entries"},
		{"a content that ends in Continue reading and the title", rssFeed("",
			item(1, full(`<p>`+words(30)+` <a href="https://b.example/p1/" class="more-link">Continue reading<span class="screen-reader-text"> "Post 1"</span></a></p>`))), "summary_only: 1 of 1 entries"},
		{"a whole post that tells where to read more", rssFeed("",
			item(1, full(`<p>`+words(300)+` You can read more on the project page.</p>`))+item(2, full(`<p>`+words(300)+` <a href="https://b.example/setup/">Read more about my setup</a>.</p>`))), ""},
		{"descriptions that stop at an ellipsis", rssFeed("",
			item(1, desc(words(30)+"…"))+item(2, desc(words(30)+"..."))+item(3, desc(words(30)+"."))), "summary_only: 2 of 3 entries"},
		{"atom summaries with no content", `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>A</title>
<entry><title>One</title><id>tag:a.example,2024:1</id><link href="https://a.example/1"/><updated>2024-01-01T10:00:00Z</updated><summary>` + words(30) + `</summary></entry>
<entry><title>Two</title><id>tag:a.example,2024:2</id><link href="https://a.example/2"/><updated>2024-01-02T10:00:00Z</updated><summary>s</summary><content type="html">&lt;p&gt;` + words(300) + `&lt;/p&gt;</content></entry></feed>`, "summary_only: 1 of 2 entries"},
		{"whole posts in content:encoded", rssFeed(`<generator>https://wordpress.org/?v=6.5</generator>`,
			item(1, full("<p>"+words(30)+"</p>"))+item(2, full("<p>"+words(300)+"</p>"))), ""},
		{"whole posts in descriptions of an unknown generator", rssFeed("",
			item(1, desc("&lt;p&gt;"+words(30)+".&lt;/p&gt;"))+item(2, desc(words(300)))), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, posts := readFeed(t, tc.feed)
			if len(posts) == 0 || posts[0].Content == "" {
				t.Fatalf("posts = %v, want them all, with their bodies", posts)
			}
			notes := notesSaying(r.Notes(), "summary_only")
			switch {
			case tc.want == "" && len(notes) != 0:
				t.Errorf("notes = %v, want none: the entries are whole", notes)
			case tc.want != "" && (len(notes) != 1 || !strings.HasPrefix(notes[0].What, tc.want) || !strings.Contains(notes[0].What, "--via crawl")):
				t.Errorf("notes = %v, want one starting %q that suggests --via crawl", notes, tc.want)
			}
		})
	}
}

func TestWordPressFeedTermsAreNotedAsMixed(t *testing.T) {
	wpItem := func(n int, cats string) string {
		return fmt.Sprintf(`<item><title>P%d</title><link>https://h.example/p%d/</link><guid isPermaLink="false">https://h.example/?p=%d</guid><content:encoded><![CDATA[<p>x</p>]]></content:encoded>%s</item>`, n, n, n, cats)
	}
	const wpGenerator = `<generator>https://wordpress.org/?v=6.5.2</generator>`
	for _, tc := range []struct {
		name       string
		feed       string
		categories []string // of the first entry
		tags       []string
		note       string // "" for none
	}{
		{"wordpress.com rss: category elements of either kind", rssFeed(`<generator>http://wordpress.com/</generator>`,
			wpItem(1, `<category><![CDATA[Lab Notes]]></category><category><![CDATA[git]]></category>`)+wpItem(2, `<category><![CDATA[Lab Notes]]></category>`)),
			[]string{"Lab Notes", "git"}, nil, `wp_terms_mixed: "B" (`},
		{"wordpress atom: the scheme is the blog's address", `<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Heritage</title>
<generator uri="https://wordpress.org/" version="6.5.2">WordPress</generator>
<entry><title>P1</title><id>https://heritage.example/?p=1</id><link rel="alternate" href="https://heritage.example/p1/"/><updated>2024-01-01T10:00:00Z</updated>
<category scheme="https://heritage.example" term="Lab Notes"/><category scheme="https://heritage.example" term="git"/><content type="html">x</content></entry></feed>`,
			[]string{"Lab Notes", "git"}, nil, `wp_terms_mixed: "Heritage" (`},
		{"wordpress rss whose domains tell them apart", rssFeed(wpGenerator,
			wpItem(1, `<category domain="category">Lab Notes</category><category domain="post_tag">git</category>`)),
			[]string{"Lab Notes"}, []string{"git"}, ""},
		{"another generator's categories", rssFeed("",
			wpItem(1, `<category>Lab Notes</category><category>git</category>`)),
			[]string{"Lab Notes", "git"}, nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, posts := readFeed(t, tc.feed)
			if got, want := termNames(posts[0].Categories), strings.Join(tc.categories, ","); got != want {
				t.Errorf("categories = %s, want %s", got, want)
			}
			if got, want := termNames(posts[0].Tags), strings.Join(tc.tags, ","); got != want {
				t.Errorf("tags = %s, want %s", got, want)
			}
			notes := notesSaying(r.Notes(), "wp_terms_mixed")
			switch {
			case tc.note == "" && len(notes) != 0:
				t.Errorf("notes = %v, want none", notes)
			case tc.note != "" && (len(notes) != 1 || !strings.HasPrefix(notes[0].What, tc.note) || !strings.Contains(notes[0].What, "kept as categories")):
				t.Errorf("notes = %v, want one starting %q", notes, tc.note)
			}
		})
	}
}

func termNames(ts []post.Term) string {
	var names []string
	for _, t := range ts {
		names = append(names, t.Name)
	}
	return strings.Join(names, ",")
}
