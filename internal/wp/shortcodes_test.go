package wp

import (
	"reflect"
	"strings"
	"testing"

	"github.com/blogport/blogport/internal/post"
)

func TestParseAttrs(t *testing.T) {
	tests := []struct {
		name  string
		raw   string
		attrs map[string]string
		pos   []string
	}{
		{"double quotes", ` id="5" title="Say &quot;hi&quot;"`, map[string]string{"id": "5", "title": `Say "hi"`}, nil},
		{"single quotes and bare values", ` lang='go' width=300`, map[string]string{"lang": "go", "width": "300"}, nil},
		{"positional", ` https://youtu.be/x1 "second"`, map[string]string{}, []string{"https://youtu.be/x1", "second"}},
		{"jetpack equals form", `=https://www.youtube.com/watch?v=abc&w=640`, map[string]string{}, []string{"https://www.youtube.com/watch?v=abc&w=640"}},
		{"keys are lower-cased", ` LANG="x"`, map[string]string{"lang": "x"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			attrs, pos := parseAttrs(tc.raw)
			if !reflect.DeepEqual(attrs, tc.attrs) || !reflect.DeepEqual(pos, tc.pos) {
				t.Errorf("parseAttrs(%q) = %v %v, want %v %v", tc.raw, attrs, pos, tc.attrs, tc.pos)
			}
		})
	}
}

func TestNextShortcode(t *testing.T) {
	known := func(n string) bool { return n == "gallery" || n == "caption" }
	tests := []struct {
		name, text     string
		ok             bool
		content        string
		escaped, close bool
	}{
		{"self-closing", `a [gallery ids="1,2"] b`, true, "", false, false},
		{"enclosing", `[caption]<img src=x> text[/caption] tail`, true, "<img src=x> text", false, true},
		{"escaped", `[[gallery]]`, true, "", true, false},
		{"name prefix is not a match", `[gallery2 x=1]`, false, "", false, false},
		{"unknown name", `[citation needed]`, false, "", false, false},
		{"bracket in quoted attribute", `[caption title="a]b"]x[/caption]`, true, "x", false, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sc, ok := nextShortcode(tc.text, known)
			if ok != tc.ok {
				t.Fatalf("ok = %v, want %v", ok, tc.ok)
			}
			if ok && (sc.content != tc.content || sc.escaped != tc.escaped || sc.closed != tc.close) {
				t.Errorf("got %+v", sc)
			}
		})
	}
}

func TestCodeBlockEscapesRawCodeOnlyOnce(t *testing.T) {
	tests := []struct{ name, code, want string }{
		{"raw code is escaped", "if a < b && c {}", "<pre><code class=\"language-go\">if a &lt; b &amp;&amp; c {}</code></pre>"},
		{"entity-encoded code is kept", "if a &lt; b {}", "<pre><code class=\"language-go\">if a &lt; b {}</code></pre>"},
		{"ampersand without entity is escaped", "a & b", "<pre><code class=\"language-go\">a &amp; b</code></pre>"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := codeBlock("Go", tc.code); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestUnknownShortcodesAreListed(t *testing.T) {
	got := unknownShortcodes(`[contact-form-7 id="5"] [citation needed] [box]x[/box] [gallery ids="1"] [hr/]`)
	want := []string{"box", "contact-form-7", "hr"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

func prepare(t *testing.T, content string) Prepared {
	t.Helper()
	site := &post.Site{URL: "https://blog.example.com"}
	site.Media.Add(post.Attachment{ID: 7, ParentID: 3, URL: "https://blog.example.com/wp-content/uploads/2024/01/cat.jpg", Alt: "A cat", Caption: "Our cat", Variants: []string{"cat-300x200.jpg", "cat-scaled.jpg"}})
	p := &post.Post{ID: 3, Content: content, Link: "https://blog.example.com/2024/01/02/x/", Origin: "test:1"}
	return Prepare(p, site, nil)
}

// checkHTML requires every want and no notWant in got.
func checkHTML(t *testing.T, got string, want, notWant []string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("missing %q in\n%s", w, got)
		}
	}
	for _, w := range notWant {
		if strings.Contains(got, w) {
			t.Errorf("unexpected %q in\n%s", w, got)
		}
	}
}

func TestPrepareShortcodes(t *testing.T) {
	tests := []struct {
		name    string
		content string
		want    []string
		notWant []string
	}{
		{"caption becomes figure", `[caption id="attachment_7" width="300"]<img src="/wp-content/uploads/2024/01/cat-300x200.jpg" alt="A cat"> Our cat[/caption]`,
			[]string{"<figure>", `src="https://blog.example.com/wp-content/uploads/2024/01/cat.jpg"`, "<figcaption>Our cat</figcaption>"}, []string{"[caption"}},
		{"gallery from ids", `[gallery ids="7"]`, []string{`<img src="https://blog.example.com/wp-content/uploads/2024/01/cat.jpg" alt="A cat"/>`, "Our cat"}, []string{"[gallery"}},
		{"gallery of attached images", `[gallery]`, []string{"cat.jpg"}, nil},
		{"escaped gallery is literal", `[[gallery]]`, []string{"[gallery]"}, []string{"[[gallery]]", "<img"}},
		{"youtube jetpack form", `[youtube=https://www.youtube.com/watch?v=abcdefghijk&amp;w=640]`, []string{`<iframe src="https://www.youtube.com/watch?v=abcdefghijk&amp;w=640">`}, nil},
		{"vimeo by id", `[vimeo 12345]`, []string{`<iframe src="https://vimeo.com/12345">`}, nil},
		{"embed of a non-video is a link", `[embed]https://example.org/thing[/embed]`, []string{`<a href="https://example.org/thing">`}, []string{"<iframe"}},
		{"audio", `[audio mp3="/a.mp3"][/audio]`, []string{`<audio controls="" src="https://blog.example.com/a.mp3">`}, nil},
		{"video", `[video src="https://blog.example.com/v.mp4"]`, []string{`<video controls="" src="https://blog.example.com/v.mp4">`}, nil},
		{"code keeps blank lines and language", "[code lang=\"go\"]\na\n\nb < c\n[/code]", []string{"<pre><code class=\"language-go\">a\n\nb &lt; c</code></pre>"}, []string{"<p>"}},
		{"sourcecode language attribute", "[sourcecode language=\"python\"]x = 1[/sourcecode]", []string{`class="language-python"`}, nil},
		{"language-named code shortcode", "[php]echo 1;[/php]", []string{`class="language-php"`}, nil},
		{"unknown shortcode kept verbatim", `[contact-form-7 id="5"]`, []string{`[contact-form-7 id=&#34;5&#34;]`}, nil},
		{"plugin footnote", `Text.[efn_note]A note.[/efn_note]`, []string{"<blogport-fnref>1</blogport-fnref>", "<li value=\"1\">A note.</li>"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checkHTML(t, prepare(t, tc.content).HTML, tc.want, tc.notWant)
		})
	}
}

func TestPrepareReportsUnknownShortcodes(t *testing.T) {
	p := prepare(t, `[contact-form-7 id="5"] and [box]x[/box]`)
	if len(p.Notes) != 1 || !strings.Contains(p.Notes[0].What, "[box], [contact-form-7]") || p.Notes[0].Where != "test:1" {
		t.Errorf("notes = %v", p.Notes)
	}
}
