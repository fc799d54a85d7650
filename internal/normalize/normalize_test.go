package normalize

import (
	"fmt"
	"github.com/blogport/blogport/internal/testenv"
	"reflect"
	"strings"
	"testing"

	"github.com/blogport/blogport/internal/post"
)

const cat = "https://blog.example.com/wp-content/uploads/2024/01/cat.jpg"

func testSite() *post.Site {
	site := &post.Site{URL: "https://blog.example.com"}
	site.Media.Add(post.Attachment{ID: 7, URL: cat, Alt: "A cat", Variants: []string{"cat-300x200.jpg", "cat-1024x683.jpg"}})
	return site
}

func testPost() *post.Post {
	return &post.Post{ID: 3, Link: "https://blog.example.com/2024/01/02/x/", Origin: "test:1"}
}

// clean runs Clean on display HTML, as a feed or crawl would give it.
func clean(t *testing.T, html string) Prepared {
	t.Helper()
	return Clean(testPost(), testSite(), Content{HTML: html}, nil)
}

func TestCleanCleansMarkup(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
		notWant  []string
	}{
		{"emoji image becomes the character", `<p>Hi <img class="wp-smiley" alt="🙂" src="https://s.w.org/images/core/emoji/15/72x72/1f642.png"></p>`, []string{"<p>Hi 🙂</p>"}, []string{"<img"}},
		{"emoji image without alt stays an image", `<img class="emoji" src="/e.png">`, []string{`<img src="https://blog.example.com/e.png"/>`}, nil},
		{"relative urls become absolute", `<a href="/about/">a</a> <img src="../up.png">`, []string{`href="https://blog.example.com/about/"`, `src="https://blog.example.com/2024/01/02/up.png"`}, nil},
		{"fragment and mailto links stay", `<a href="#top">t</a> <a href="mailto:me@example.org">m</a>`, []string{`href="#top"`, `href="mailto:me@example.org"`}, nil},
		{"largest srcset when src is missing", `<img srcset="/s.jpg 300w, /l.jpg 1024w">`, []string{`src="https://blog.example.com/l.jpg"`}, []string{"srcset"}},
		{"lazy-loaded source wins over the placeholder", `<img data-src="/real.jpg" src="data:image/gif;base64,R0lGOD" loading="lazy" class="lazy">`, []string{`<img src="https://blog.example.com/real.jpg"/>`}, []string{"data:", "lazy"}},
		{"self-linked image loses its link", `<a href="/wp-content/uploads/2024/01/cat.jpg"><img src="/wp-content/uploads/2024/01/cat-300x200.jpg"></a>`, []string{`<img src="` + cat + `"/>`}, []string{"<a "}},
		{"iframe src is made absolute", `<iframe src="//www.youtube.com/embed/abcdefghijk"></iframe>`, []string{`src="https://www.youtube.com/embed/abcdefghijk"`}, nil},
		{"scripts, styles and noscript are dropped", `<p>x</p><script>alert(1)</script><style>p{}</style><noscript>n</noscript>`, []string{"<p>x</p>"}, []string{"alert", "p{}", "<noscript"}},
		{"comments are dropped", `<p>a<!-- an editor's remark -->b</p>`, []string{"<p>ab</p>"}, []string{"remark"}},
		{"more comment becomes the more element", `<p>Intro</p><!--more--><p>Rest</p>`, []string{"<p>Intro</p><" + MoreElement + "></" + MoreElement + "><p>Rest</p>"}, nil},
		{"more comment with a label", `<!--more Read on-->`, []string{"<" + MoreElement + ">"}, []string{"Read on"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			testenv.Contains(t, clean(t, tc.in).HTML, tc.want, tc.notWant)
		})
	}
}

func TestCleanListsAssetsAsOriginals(t *testing.T) {
	p := testPost()
	p.Thumbnail = "https://blog.example.com/wp-content/uploads/2024/01/thumb.png"
	in := `<img src="/wp-content/uploads/2024/01/cat-300x200.jpg">
<img src="/wp-content/uploads/2024/01/cat.jpg">
<a href="/wp-content/uploads/2024/01/paper.pdf">paper</a>
<a href="https://elsewhere.example/photo.jpg">not ours</a>
<video src="/clip.mp4" poster="/wp-content/uploads/2024/01/cat-1024x683.jpg"></video>`
	got := Clean(p, testSite(), Content{HTML: in}, nil)
	want := []post.Asset{
		{URL: "https://blog.example.com/clip.mp4"},
		{URL: cat, From: "https://blog.example.com/wp-content/uploads/2024/01/cat-300x200.jpg"},
		{URL: "https://blog.example.com/wp-content/uploads/2024/01/paper.pdf"},
		{URL: p.Thumbnail},
	}
	if !reflect.DeepEqual(got.Assets, want) {
		t.Errorf("assets\n got %+v\nwant %+v", got.Assets, want)
	}
	testenv.Contains(t, got.HTML, []string{`poster="` + cat + `"`, `href="https://elsewhere.example/photo.jpg"`}, []string{"cat-300x200", "cat-1024x683"})
}

func TestCleanPointsLinksAtNewURLs(t *testing.T) {
	links := func(u string) (string, bool) {
		if u == "https://blog.example.com/2024/01/02/other/" {
			return "/posts/other/", true
		}
		return "", false
	}
	in := `<a href="/2024/01/02/other/#part-2">fragment kept</a> <a href="https://blog.example.com/2024/01/02/other/">absolute</a> <a href="/gone/">unknown</a> <a href="/wp-content/uploads/2024/01/cat.jpg">media</a>`
	got := Clean(testPost(), testSite(), Content{HTML: in}, links).HTML
	testenv.Contains(t, got, []string{`href="/posts/other/#part-2"`, `href="/posts/other/">absolute`, `href="https://blog.example.com/gone/"`, `href="` + cat + `"`}, nil)
}

func TestCleanKeepsNotesInOrder(t *testing.T) {
	in := Content{HTML: `<p>x<sup data-fn="nope">1</sup></p>`, Notes: []post.Note{{Where: "test:1", What: "from the editor rules"}}}
	got := Clean(testPost(), testSite(), in, nil)
	if len(got.Notes) != 2 || got.Notes[0].What != "from the editor rules" || !strings.Contains(got.Notes[1].What, "footnote nope has no text") {
		t.Errorf("notes = %v", got.Notes)
	}
}

// Nothing the archive keeps as HTML or as a link runs in the new site:
// event handlers and javascript:, vbscript: and data: addresses go (an
// image's data:image/ stays), and the post's note counts them.
func TestCleanDisarmsWhatWouldRun(t *testing.T) {
	html := `<p><a href="javascript:alert(1)">a</a> <a href=" JaVa&#x09;script:alert(2)">b</a> <a href="vbscript:x">c</a> <a href="data:text/html,<script>x</script>">d</a> <a href="/ok/" onclick="x()">ok</a></p>` +
		`<svg onload="alert(3)"><a xlink:href="javascript:alert(4)"><circle r="1"/></a></svg><img src="data:image/png;base64,AAAA" onerror="x()"><details ontoggle="x()"><summary>s</summary>t</details>`
	prep := Clean(testPost(), testSite(), Content{HTML: html}, nil)
	for _, bad := range []string{"javascript", "vbscript", "data:text", "onload", "onclick", "onerror", "ontoggle", "alert"} {
		if strings.Contains(strings.ToLower(prep.HTML), bad) {
			t.Errorf("%q survived:\n%s", bad, prep.HTML)
		}
	}
	if !strings.Contains(prep.HTML, "data:image/png;base64,AAAA") || !strings.Contains(prep.HTML, `/ok/"`) {
		t.Errorf("a safe address went:\n%s", prep.HTML)
	}
	if !strings.Contains(fmt.Sprint(prep.Notes), "unsafe_html: 9 ") {
		t.Errorf("notes %v", prep.Notes)
	}
}
