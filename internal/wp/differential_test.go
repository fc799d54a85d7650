package wp

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/blogport/blogport/internal/post"
	"github.com/blogport/blogport/internal/testenv"
)

// tricky are inputs aimed at the edges of the hand-written scanners: tags
// cut short, names that only begin like a block element's, whitespace
// that regexp's \s does not cover (\v), CRLF, nesting and case.
var tricky = []string{
	"", " ", "\n", "a", "<", ">", "<>", "</", "</>", "<p", "<p>", "</p>", "<p></p>", "<p> \n\t</p>", "<p>\v</p>",
	"a\n\nb", "a\n \n\nb", "a\n\v\nb", "a\r\n\r\nb", "a\rb", "a\n\n\n\n\nb", "\n\n\n", " \n \n ",
	"<div>a</div>", "<div\n>a</div >", "<divx>a</divx>", "<div/>", "<DIV>a</DIV>", "<p-x>a</p-x>", "<param name=x>", "<track src=y>",
	"<colgroup><col></colgroup>", "<thead><tr><th>h</th></tr></thead>", "<h1>a</h1><h7>b</h7><hr><hr/><hr />",
	"<p>x</div>", "<p>x</address>y", "<p>x</form>", "<p><li>a</li></p>", "<p><blockquote class=q>x</blockquote></p>", "<P><BLOCKQUOTE>x",
	"<p><\u212Alockquote>", "<p>\n<div>\n</p>", "<div>  </p>", "<div> <br />x", "<ul>\n<li>a<br />\n</li></ul>", "a<br>b<br/>c<br />d",
	"a<br><br>b", "a<br / >  <br>b", "<br />\n<p>x", "x\n</p>", "<pre>a\n\nb</pre>", "<pre>a</pre><pre>b", "</pre>x</pre>", "<pre",
	"<script>a\n\nb</script>", "<style>a\nb</style>", "<svg>\n</svg>", "<math>\n", "<!-- a\nb -->", "<!-- x", "<a\nhref=x>y</a>",
	"<a <b>c</b>", "<p <div>x</div>", "<div <p>", "<option>a</option>\n<option>b</option>", "<object><param x>\n<embed y></object>",
	"<video><source src=a>\n<track src=b></video>", "[video src=a]\n<source x>", "<figure>\n<img>\n<figcaption>c</figcaption>\n</figure>",
	"[caption]<img src=x> c[/caption]", "<p>[gallery]</p>", "<p> [caption id=1]x[/caption] <br /> </p>", "[[gallery]]", "[code]a\n\nb[/code]",
	"[CODE]x[/Code]", "[code]x[/code", "[caption caption=\"a [b] c\"]<img>[/caption]", "[embed]https://youtu.be/abc[/embed]",
	"[youtube=https://www.youtube.com/watch?v=x&amp;w=1]", "[audio]", "[efn_note]n[/efn_note] [footnote]m[/footnote]", "[php]a[/PHP] [/php]",
	"caf\u00e9 \u2028 \u00a0 [code]\u00e9[/code]", "[code]\u0130[/code]", "\xff<p>\xfe", "[caption\u00a0id=1]x[/caption]",
	"<!-- wp:paragraph --><p>a</p><!-- /wp:paragraph -->",
	"<p><bloc\u212aquote x=1>y</bloc\u212aquote>", "<P><BLOC\u212AQUOTE>y", "<p><blocKquote", "<p><blockquote x", "x<p><p><blockquote>",
	"<p><li>a\n</p>", "<p><li</p>", "<p><lix</p><p><li>\v</p>", "<p><li>a</p></p>", "a<br />  <li>b", "a<br />\n</ul >", "a<br /><br /><p>",
	"[javascript]x[/javascr\u0130pt] y", "[caption]\u212a[/CAPTION]", "[php]\u00e9[/PHP]", "[code]a[/co\xffde][/code]", "[X]\u0130[/x]", "[x][/\u212a]",
	"<p>[caption]x<br /></p>", "<p>[gallery] \n<br />\n </p>", "<p>[gallery]<br /><br /></p>", "<p>[embed=x] a </p><p>[audio]</p>", "<p>[videox]</p>",
	"<p>\t[youtube\v]</p>", "<p>[caption]</p>", "<p>[gallery ids=1]<br /></p>", "<p>[gallery]<br / ></p>", "<p>[vimeo 1]<p>[vimeo 2]</p>", "<p>[audio]</p",
	"<p>[wp_caption] x [/wp_caption]\n</p> <p>[gallery] [gallery]</p>",
	"<!--wp:x --><!-- wp:x--><!-- wp:X --><!-- wp:x/ --><!-- wp:x/y --><!-- wp:x/y{} --><!-- wp:x/Y --> <!-- wp:9 --><!-- \v wp:a -->",
	"<!-- /wp:a/b \n--><!-- / wp:a --><!-- wp:a_b-c/d-e_f {\"a\":1} /--><!-- wp:a {\"x\"} --><!-- wp:a\t\f{\"x\":[1]}\n-->",
	"<!-- wp:a -- <!-- wp:b --> x <!-- /wp:a --><!-- /wp:b --> <!-- wp:", "<!--  wp:core/paragraph  -->x<!-- /wp:core/paragraph -->",
	"a\n\n\n\n<br>\n\n\n", "<pre>a</pre></pre><pre>b</pre>", "x</pre>y<pre>z", "<pre wp-pre-tag-1></pre><pre>a</pre><pre>b</pre>",
}

// corpus is every input the differential tests compare on: tricky, the
// bench posts, the golden conversion cases and page fixtures, and each
// content and comment of the WXR exports in testdata, alone and whole.
func corpus(t testing.TB) []string {
	t.Helper()
	in := append([]string{}, tricky...)
	// each element name, block (as the reference lists them) or not, in each
	// position a scanner looks at
	for _, name := range append(strings.Fields("param track progress picture tt code span br img hx h7 colx h1 h2 h3 h4 h5 h6"), strings.Split(refAllBlocks[3:len(refAllBlocks)-1], "|")...) {
		in = append(in, fmt.Sprintf("a\n<%[1]s>x</%[1]s>\nb <%[1]s/> <%[1]s\tc=d>\n\n<p><%[1]s>\n</p> <p>\f</%[1]s > </%[1]s>  <br />", name))
	}
	for i := range 4 {
		in = append(in, testenv.ClassicPost(i), testenv.BlockPost(i))
	}
	var files []string
	for _, glob := range []string{"../../testdata/convert/*.html", "../../testdata/pages/*.html", "../../testdata/*/*.xml"} {
		m, err := filepath.Glob(glob)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	if len(files) < 10 {
		t.Fatalf("only %d testdata files found", len(files))
	}
	cdata := regexp.MustCompile(`(?s)<(?:content:encoded|excerpt:encoded|wp:comment_content)><!\[CDATA\[(.*?)\]\]>`)
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		in = append(in, string(data))
		for _, m := range cdata.FindAllStringSubmatch(string(data), -1) {
			in = append(in, m[1])
		}
	}
	return in
}

// outcome runs fn and reports a panic as its result, so that a panic of
// the reference must be matched by the same panic.
func outcome(fn func() string) (out string) {
	defer func() {
		if r := recover(); r != nil {
			out = fmt.Sprint("panic: ", r)
		}
	}()
	return fn()
}

func sameAutop(t *testing.T, in string) {
	t.Helper()
	got, want := outcome(func() string { return Autop(in) }), outcome(func() string { return refAutop(in) })
	if got != want {
		t.Fatalf("Autop(%q)\n got %q\nwant %q", in, got, want)
	}
}

func sameRender(t *testing.T, in string) {
	t.Helper()
	site := benchSite()
	for _, rendered := range []bool{false, true} {
		p := &post.Post{ID: 1, Content: in, Rendered: rendered, Origin: "diff"}
		var got, want any
		got = outcome(func() string { return fmt.Sprintf("%#v", Render(p, site)) })
		want = outcome(func() string { return fmt.Sprintf("%#v", refRender(p, site)) })
		if got != want {
			t.Fatalf("Render(%q, rendered %v)\n got %v\nwant %v", in, rendered, got, want)
		}
	}
}

// sameShortcodes compares the scanner's result at every bracket of in, for
// a table of known names and for any name.
func sameShortcodes(t *testing.T, in string) {
	t.Helper()
	knowns := []func(string) bool{
		func(n string) bool { _, ok := shortcodes[n]; return ok },
		func(string) bool { return true },
	}
	for off := 0; off < len(in); off++ {
		if in[off] != '[' {
			continue
		}
		for k, known := range knowns {
			type res struct {
				sc shortcode
				ok bool
			}
			var got, want res
			g := outcome(func() string { got.sc, got.ok = nextShortcode(in[off:], known); return "" })
			w := outcome(func() string { want.sc, want.ok = refNextShortcode(in[off:], known); return "" })
			if g != w || !reflect.DeepEqual(got, want) {
				t.Fatalf("nextShortcode(%q, known %d)\n got %+v %s\nwant %+v %s", in[off:], k, got, g, want, w)
			}
		}
	}
	if got, want := parseBlocks(in), refParseBlocks(in); !reflect.DeepEqual(got, want) {
		t.Fatalf("parseBlocks(%q)\n got %#v\nwant %#v", in, got, want)
	}
	for _, lower := range []string{"[/code]", "[/javascript]", "[/caption]", "[/x]"} {
		if got, want := indexLower(in, lower), strings.Index(strings.ToLower(in), lower); got != want {
			t.Fatalf("indexLower(%q, %q) = %d, want %d", in, lower, got, want)
		}
	}
	if got, want := outcome(func() string { return shortcodeUnautop(in) }), outcome(func() string { return refShortcodeUnautop(in) }); got != want {
		t.Fatalf("shortcodeUnautop(%q)\n got %q\nwant %q", in, got, want)
	}
}

func TestAutopMatchesReference(t *testing.T) {
	for _, in := range corpus(t) {
		sameAutop(t, in)
		// Pieces of every input, cut at each tag, reach the scanners'
		// ends of text.
		for i := 0; i < len(in) && len(in) < 8<<10; i++ {
			if in[i] == '<' || in[i] == '>' || in[i] == '\n' {
				sameAutop(t, in[:i])
				sameAutop(t, in[i:])
			}
		}
	}
}

func TestRenderMatchesReference(t *testing.T) {
	for _, in := range corpus(t) {
		sameRender(t, in)
		sameShortcodes(t, in)
		if out := refAutop(in); len(out) < 64<<10 {
			sameShortcodes(t, out)
		}
	}
}

func addCorpus(f *testing.F) {
	for _, in := range corpus(f) {
		if len(in) < 16<<10 {
			f.Add(in)
		}
	}
}

func FuzzAutopMatchesReference(f *testing.F) {
	addCorpus(f)
	f.Fuzz(func(t *testing.T, in string) { sameAutop(t, in) })
}

func FuzzRenderMatchesReference(f *testing.F) {
	addCorpus(f)
	f.Fuzz(func(t *testing.T, in string) {
		sameRender(t, in)
		sameShortcodes(t, in)
		sameShortcodes(t, refAutop(in))
	})
}

// Long runs of tags that never close: where a scanner that rescans the
// rest of the text would go quadratic and a memo could go wrong.
func TestAutopMatchesReferenceOnUnclosedTags(t *testing.T) {
	for _, unit := range []string{"<p", "<div ", "</p", "<p>", "<br />", "\n \n", "[caption "} {
		in := strings.Repeat(unit, 20000) + strings.Repeat(" ", 20000)
		sameAutop(t, in)
	}
}
