package feed

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/blogport/blogport/internal/fetch"
	"github.com/blogport/blogport/internal/testenv"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// blogText holds two entries a language, written for these tests as a
// small blog in that language would: a title and a paragraph each.
var blogText = map[string][2][2]string{
	"ru": {
		{"Новый сервер", "Сегодня я наконец разобрался с настройкой сервера. Пришлось переписать конфигурацию почти полностью, зато теперь сайт открывается быстрее, а резервные копии делаются каждую ночь."},
		{"Осенний парк", "Прогулка по осеннему парку: листья, туман и горячий чай в термосе. Фотографии получились не очень, но настроение было отличное."},
	},
	"zh": {
		{"搬家了", "今天终于把博客搬到了新的服务器上。整个过程比想象中顺利，旧文章全部保留，图片也都复制过来了。下一篇文章我会写一写如何配置自动备份。"},
		{"周末爬山", "周末去山里走了一趟，天气很好，空气也很新鲜。路上拍了几张照片，回来整理后再分享给大家。"},
	},
	"ja": {
		{"サーバー移転", "今日はようやくブログを新しいサーバーに移しました。思っていたよりも簡単で、古い記事も画像もすべて残っています。"},
		{"週末の散歩", "週末は山へ散歩に行きました。天気が良くて、空気もきれいでした。写真は後で整理してから載せます。"},
	},
	"he": {
		{"שרת חדש", "היום סוף סוף העברתי את הבלוג לשרת חדש – התהליך היה פשוט יותר ממה שחשבתי, וכל הרשומות הישנות והתמונות נשמרו."},
		{"טיול בהרים", "בסוף השבוע טיילתי בהרים. מזג האוויר היה נעים והאוויר צלול – את התמונות אעלה אחרי שאסדר אותן."},
	},
}

// blogFeed writes the entries of lang as an RSS feed; encoding is the
// XML declaration's, "" for a declaration that names none.
func blogFeed(lang, encoding string) string {
	decl := `<?xml version="1.0"?>`
	if encoding != "" {
		decl = fmt.Sprintf(`<?xml version="1.0" encoding="%s"?>`, encoding)
	}
	var items strings.Builder
	for i, e := range blogText[lang] {
		fmt.Fprintf(&items, "<item><title>%s</title><link>https://%s.example/%d/</link><pubDate>Sat, 01 Jun 2024 12:00:00 GMT</pubDate><description><![CDATA[<p>%s</p>]]></description></item>\n", e[0], lang, i+1, e[1])
	}
	return decl + "\n<rss version=\"2.0\"><channel><title>Blog</title><link>https://" + lang + ".example/</link>\n" + items.String() + "</channel></rss>\n"
}

func TestFeedCharsetIsSniffedAsBrowsersDo(t *testing.T) {
	const feedType = "application/rss+xml"
	for _, tc := range []struct {
		name        string
		lang        string
		enc         encoding.Encoding
		decl        string // the XML declaration's encoding
		contentType string
		note        string // the note wanted, "" for none
	}{
		{"koi8-r undeclared", "ru", charmap.KOI8R, "", feedType, "the feed declares no charset and is not UTF-8: read as koi8-r"},
		{"windows-1251 undeclared", "ru", charmap.Windows1251, "", feedType, "read as windows-1251"},
		{"gb2312 undeclared", "zh", simplifiedchinese.GBK, "", feedType, "read as gb18030"},
		{"shift_jis undeclared", "ja", japanese.ShiftJIS, "", feedType, "read as shift_jis"},
		{"euc-jp undeclared", "ja", japanese.EUCJP, "", feedType, "read as euc-jp"},
		{"windows-1255 undeclared", "he", charmap.Windows1255, "", feedType, "read as windows-1255"},
		{"koi8-r declared in the XML declaration", "ru", charmap.KOI8R, "koi8-r", feedType, ""},
		{"windows-1251 declared in the Content-Type", "ru", charmap.Windows1251, "", "text/xml; charset=windows-1251", ""},
		{"the Content-Type over the XML declaration", "ru", charmap.Windows1251, "ISO-8859-1", "text/xml; charset=windows-1251", ""},
		{"a server's default UTF-8 on koi8-r bytes", "ru", charmap.KOI8R, "", "text/xml; charset=utf-8", "the feed declares UTF-8 and is not UTF-8: read as koi8-r"},
		{"UTF-16 with a byte-order mark", "ja", unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), "UTF-16", feedType, ""},
		{"UTF-8 with a byte-order mark", "he", unicode.UTF8BOM, "", feedType, ""},
		{"UTF-8 undeclared", "zh", encoding.Nop, "", feedType, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			body, err := tc.enc.NewEncoder().Bytes([]byte(blogFeed(tc.lang, tc.decl)))
			if err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tc.contentType)
				w.Write(body)
			}))
			defer srv.Close()
			r, err := Open(context.Background(), client(), srv.URL+"/feed.xml", nil)
			if err != nil {
				t.Fatal(err)
			}
			posts := testenv.Posts(t, r.Posts(context.Background()))
			if len(posts) != 2 {
				t.Fatalf("got %d posts, want 2", len(posts))
			}
			for i, p := range posts {
				if want := blogText[tc.lang][i]; p.Title != want[0] || p.Content != "<p>"+want[1]+"</p>" {
					t.Errorf("post %d = %q %q, want %q %q", i+1, p.Title, p.Content, want[0], want[1])
				}
			}
			notes := r.Notes()
			switch {
			case tc.note == "" && len(notes) != 0:
				t.Errorf("notes = %v, want none: the charset was declared", notes)
			case tc.note != "" && (len(notes) != 1 || !strings.Contains(notes[0].What, tc.note)):
				t.Errorf("notes = %v, want one saying %q", notes, tc.note)
			}
		})
	}
}

func TestUTF8FeedWithAStrayByteIsReadWithAReplacement(t *testing.T) {
	feed := strings.Replace(blogFeed("ru", "UTF-8"), "туман", "ту\xffман", 1)
	text, note, err := utf8Text([]byte(feed), "")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(text), "ту\uFFFDман") || !strings.Contains(string(text), "Прогулка") {
		t.Errorf("text = %s", text)
	}
	if !strings.HasPrefix(note, "invalid_utf8:") {
		t.Errorf("note = %q, want an invalid_utf8 note", note)
	}
}

// FuzzUTF8Text checks that whatever the bytes, what the parser gets is
// UTF-8, and the decision does not panic.
func FuzzUTF8Text(f *testing.F) {
	for _, lang := range []string{"ru", "zh", "ja", "he"} {
		f.Add([]byte(blogFeed(lang, "")), "")
	}
	b, _ := charmap.KOI8R.NewEncoder().Bytes([]byte(blogFeed("ru", "")))
	f.Add(b, "text/xml; charset=utf-8")
	f.Add([]byte("\xff\xfe<\x00?\x00x\x00m\x00l\x00"), "")
	f.Add([]byte(`<?xml version="1.0" encoding="UTF-16"?><rss/>`), "application/rss+xml; charset=bogus")
	f.Fuzz(func(t *testing.T, data []byte, contentType string) {
		out, _, err := utf8Text(data, contentType)
		if err == nil && !utf8.Valid(out) {
			t.Errorf("utf8Text(%q, %q) = %q: not UTF-8", data, contentType, out)
		}
	})
}

// The first page, as discovery fetched it, names its charset in its
// Content-Type as the later pages do: it is read as declared, not guessed.
func TestFirstPageFromDiscoveryKeepsItsContentType(t *testing.T) {
	body, err := charmap.Windows1251.NewEncoder().Bytes([]byte(blogFeed("ru", "")))
	if err != nil {
		t.Fatal(err)
	}
	first := &fetch.Response{Header: http.Header{"Content-Type": {"text/xml; charset=windows-1251"}}, Body: body}
	r, err := Open(context.Background(), client(), "http://127.0.0.1:9/feed.xml", first)
	if err != nil {
		t.Fatal(err)
	}
	if r.first == nil || r.first.Items[0].Title != blogText["ru"][0][0] || len(r.Notes()) != 0 {
		t.Errorf("title %q, notes %v: want the declared charset, no guess", r.first.Items[0].Title, r.Notes())
	}
}
