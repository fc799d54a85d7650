package wp

import (
	"github.com/blogport/blogport/internal/testenv"
	"reflect"
	"strings"
	"testing"

	"github.com/blogport/blogport/internal/normalize"
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

func render(t *testing.T, content string) normalize.Content {
	t.Helper()
	site := &post.Site{URL: "https://blog.example.com"}
	site.Media.Add(post.Attachment{ID: 7, ParentID: 3, URL: "https://blog.example.com/wp-content/uploads/2024/01/cat.jpg", Alt: "A cat", Caption: "Our cat", Variants: []string{"cat-300x200.jpg", "cat-scaled.jpg"}})
	p := &post.Post{ID: 3, Content: content, Link: "https://blog.example.com/2024/01/02/x/", Origin: "test:1"}
	return Render(p, site)
}

func TestRenderShortcodes(t *testing.T) {
	tests := []struct {
		name    string
		content string
		want    []string
		notWant []string
	}{
		{"caption becomes figure", `[caption id="attachment_7" width="300"]<img src="/wp-content/uploads/2024/01/cat-300x200.jpg" alt="A cat"> Our cat[/caption]`,
			[]string{`<figure><img src="/wp-content/uploads/2024/01/cat-300x200.jpg" alt="A cat"><figcaption>Our cat</figcaption></figure>`}, []string{"[caption", "<p>"}},
		{"caption attribute", `[caption caption="Said [efn_note]n[/efn_note]"]<img src="x.png">[/caption]`,
			[]string{`<figure><img src="x.png"><figcaption>Said <blogport-fnref>1</blogport-fnref></figcaption></figure>`}, nil},
		{"gallery from ids", `[gallery ids="7"]`, []string{`<figure class="gallery"><figure><img src="https://blog.example.com/wp-content/uploads/2024/01/cat.jpg" alt="A cat"><figcaption>Our cat</figcaption></figure></figure>`}, []string{"[gallery"}},
		{"gallery of attached images", `[gallery]`, []string{"cat.jpg"}, nil},
		{"escaped gallery is literal", `[[gallery]]`, []string{"[gallery]"}, []string{"[[gallery]]", "<img"}},
		{"youtube jetpack form", `[youtube=https://www.youtube.com/watch?v=abcdefghijk&amp;w=640]`, []string{`<iframe src="https://www.youtube.com/watch?v=abcdefghijk&amp;w=640"></iframe>`}, nil},
		{"vimeo by id", `[vimeo 12345]`, []string{`<iframe src="https://vimeo.com/12345"></iframe>`}, nil},
		{"embed of a non-video is a link", `[embed]https://example.org/thing[/embed]`, []string{`<p><a href="https://example.org/thing">https://example.org/thing</a></p>`}, []string{"<iframe"}},
		{"audio", `[audio mp3="/a.mp3"][/audio]`, []string{`<audio controls src="/a.mp3"></audio>`}, nil},
		{"video", `[video src="https://blog.example.com/v.mp4"]`, []string{`<video controls src="https://blog.example.com/v.mp4"></video>`}, nil},
		{"code keeps blank lines and language", "[code lang=\"go\"]\na\n\nb < c\n[/code]", []string{"<pre><code class=\"language-go\">a\n\nb &lt; c</code></pre>"}, []string{"<p>"}},
		{"sourcecode language attribute", "[sourcecode language=\"python\"]x = 1[/sourcecode]", []string{`<pre><code class="language-python">x = 1</code></pre>`}, nil},
		{"language-named code shortcode", "[php]echo 1;[/php]", []string{`<pre><code class="language-php">echo 1;</code></pre>`}, nil},
		{"unclosed code shortcode is text", "[code]not closed", []string{"<p>[code]not closed</p>"}, []string{"<pre"}},
		{"unknown shortcode kept verbatim", `[contact-form-7 id="5"]`, []string{`<p>[contact-form-7 id="5"]</p>`}, nil},
		{"plugin footnote", `Text.[efn_note]A note.[/efn_note]`, []string{"<p>Text.<blogport-fnref>1</blogport-fnref></p>"}, []string{"A note."}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			testenv.Contains(t, render(t, tc.content).HTML, tc.want, tc.notWant)
		})
	}
}

func TestRenderNumbersShortcodeFootnotes(t *testing.T) {
	got := render(t, "One.[efn_note]First.[/efn_note] Two.[footnote]Second <em>one</em>.[/footnote]")
	testenv.Contains(t, got.HTML, []string{"One.<blogport-fnref>1</blogport-fnref> Two.<blogport-fnref>2</blogport-fnref>"}, nil)
	if want := []string{"First.", "Second <em>one</em>."}; !reflect.DeepEqual(got.Footnotes, want) {
		t.Errorf("footnotes = %q, want %q", got.Footnotes, want)
	}
}

// The block flag is what takes a shortcode written on its own line out of
// the paragraph wpautop puts it in.
func TestOnlyBlockShortcodesLeaveTheirParagraph(t *testing.T) {
	for name, rule := range shortcodes {
		t.Run(name, func(t *testing.T) {
			got := shortcodeUnautop(Autop("[" + name + ` a="1"]`))
			if lifted := !strings.HasPrefix(got, "<p>"); lifted != rule.block {
				t.Errorf("block = %v, but unautop gave %q", rule.block, got)
			}
		})
	}
}

// Every shortcode in the table is expanded, in classic content, whichever
// phase it belongs to.
func TestEveryShortcodeInTheTableIsExpanded(t *testing.T) {
	for name := range shortcodes {
		t.Run(name, func(t *testing.T) {
			got := render(t, "Before.\n\n["+name+"]x[/"+name+"]\n\nAfter.")
			if strings.Contains(got.HTML, "["+name) || len(got.Notes) != 0 {
				t.Errorf("[%s] left in %q (notes %v)", name, got.HTML, got.Notes)
			}
		})
	}
}

func TestRenderReportsUnknownShortcodes(t *testing.T) {
	p := render(t, `[contact-form-7 id="5"] and [box]x[/box]`)
	if len(p.Notes) != 1 || !strings.Contains(p.Notes[0].What, "[box], [contact-form-7]") || p.Notes[0].Where != "test:1" {
		t.Errorf("notes = %v", p.Notes)
	}
}

func TestLatexShortcodeBecomesMath(t *testing.T) {
	math := func(tex string) string {
		return "<" + normalize.MathElement + ` tex="` + tex + `">` + tex + "</" + normalize.MathElement + ">"
	}
	tests := []struct {
		name, in, want string
	}{
		{"entities decoded once, kept escaped as HTML", `[latex]a &lt; b &amp;amp; c[/latex]`, math("a &lt; b &amp;amp; c")},
		{"attributes dropped", `[latex size="2" color="ff0000"]x^2[/latex]`, math("x^2")},
		{"lines wpautop broke kept as lines", "[latex]\na^2\n= b[/latex]", math("a^2\n= b")},
		{"not closed: kept as written", `[latex]x^2`, `[latex]x^2`},
		{"escaped: shown as written", `[[latex]x[/latex]]`, `[latex]x[/latex]`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := &post.Post{ID: 1, Content: tc.in, Origin: "t:1"}
			got := Render(p, &post.Site{}).HTML
			if !strings.Contains(got, tc.want) {
				t.Errorf("Render(%q) = %q, want it to hold %q", tc.in, got, tc.want)
			}
		})
	}
}
