package wp

import (
	"strings"
	"testing"

	"github.com/blogport/blogport/internal/post"
)

func TestParseBlocksTree(t *testing.T) {
	nodes := parseBlocks(`<!-- wp:group {"layout":{"type":"flex"}} --><div><!-- wp:paragraph --><p>a</p><!-- /wp:paragraph --></div><!-- /wp:group --> tail <!-- wp:spacer /-->`)
	if len(nodes) != 3 {
		t.Fatalf("got %d top-level nodes, want 3 (group, text, spacer)", len(nodes))
	}
	g := nodes[0].block
	if g == nil || g.name != "core/group" || g.attrs["layout"] == nil {
		t.Fatalf("first node = %+v", nodes[0])
	}
	if len(g.inner) != 3 || g.inner[1].block == nil || g.inner[1].block.name != "core/paragraph" {
		t.Fatalf("group inner = %+v", g.inner)
	}
	if nodes[1].html != " tail " || nodes[2].block == nil || nodes[2].block.name != "core/spacer" {
		t.Fatalf("tail nodes = %+v %+v", nodes[1], nodes[2])
	}
}

func TestParseBlocksToleratesBrokenDelimiters(t *testing.T) {
	for _, in := range []string{
		`<!-- wp:paragraph --><p>never closed</p>`,
		`<p>x</p><!-- /wp:paragraph -->`,
		`<!-- wp:image {"id": -->`,
		`<!-- wp:x {"a":"}"} -->y<!-- /wp:x -->`,
	} {
		var c preparer
		c.site, c.post = &post.Site{}, &post.Post{}
		out := c.renderBlocks(parseBlocks(in), 0)
		if strings.Contains(in, "never closed") && !strings.Contains(out, "never closed") {
			t.Errorf("%q lost its text: %q", in, out)
		}
	}
}

func TestHasBlocksTellsClassicApart(t *testing.T) {
	if HasBlocks("Plain text\n\n<!--more-->\nmore") {
		t.Error("classic content with a more tag taken for blocks")
	}
	if !HasBlocks("<!-- wp:paragraph --><p>x</p><!-- /wp:paragraph -->") {
		t.Error("block content not recognised")
	}
}

func TestPrepareBlocks(t *testing.T) {
	site := &post.Site{URL: "https://blog.example.com", Blocks: map[int64]string{9: "<!-- wp:paragraph --><p>Reusable signature</p><!-- /wp:paragraph -->"}}
	site.Media.Add(post.Attachment{ID: 7, URL: "https://blog.example.com/wp-content/uploads/2024/01/cat.jpg", Variants: []string{"cat-1024x683.jpg"}})
	content := `<!-- wp:paragraph -->
<p>Line one,
still paragraph one<sup data-fn="f1" class="fn"><a href="#f1" id="f1-link">1</a></sup>.</p>
<!-- /wp:paragraph -->

<!-- wp:more -->
<!--more-->
<!-- /wp:more -->

<!-- wp:code {"language":"rust"} -->
<pre class="wp-block-code"><code>fn main() {}</code></pre>
<!-- /wp:code -->

<!-- wp:image {"id":7} -->
<figure class="wp-block-image"><img src="https://blog.example.com/wp-content/uploads/2024/01/cat-1024x683.jpg" alt="cat"/></figure>
<!-- /wp:image -->

<!-- wp:embed {"url":"https://vimeo.com/76979871","providerNameSlug":"vimeo"} -->
<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">
https://vimeo.com/76979871
</div><figcaption>A film</figcaption></figure>
<!-- /wp:embed -->

<!-- wp:block {"ref":9} /-->
<!-- wp:block {"ref":404} /-->
<!-- wp:archives /-->
<!-- wp:footnotes /-->`
	p := &post.Post{ID: 1, Content: content, Origin: "x.xml:7", Footnotes: []post.Footnote{{ID: "f1", Content: "The <em>note</em>."}}}
	got := Prepare(p, site, nil)
	for _, want := range []string{
		"Line one,\nstill paragraph one", // no autop inside blocks
		"<blogport-fnref>1</blogport-fnref>",
		`<blogport-footnotes><li value="1">The <em>note</em>.</li></blogport-footnotes>`,
		"<blogport-more></blogport-more>",
		`<code class="language-rust">fn main() {}</code>`,
		`<img src="https://blog.example.com/wp-content/uploads/2024/01/cat.jpg" alt="cat"/>`,
		`<iframe src="https://vimeo.com/76979871"></iframe><figcaption>A film</figcaption>`,
		"Reusable signature",
	} {
		if !strings.Contains(got.HTML, want) {
			t.Errorf("missing %q in\n%s", want, got.HTML)
		}
	}
	if strings.Contains(got.HTML, "<br") {
		t.Errorf("autop ran on block content:\n%s", got.HTML)
	}
	notes := ""
	for _, n := range got.Notes {
		notes += n.String() + "\n"
	}
	for _, want := range []string{"x.xml:7: reusable block 404", "x.xml:7: dynamic block core/archives"} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
	if len(got.Assets) != 1 || got.Assets[0].URL != "https://blog.example.com/wp-content/uploads/2024/01/cat.jpg" || got.Assets[0].From != "https://blog.example.com/wp-content/uploads/2024/01/cat-1024x683.jpg" {
		t.Errorf("assets = %+v", got.Assets)
	}
}

func TestPrepareCleansMarkup(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
		notWant  []string
	}{
		{"syntaxhighlighter brush", `<pre class="brush: js; gutter: false">var a;</pre>`, []string{`<pre><code class="language-js">var a;</code></pre>`}, nil},
		{"enlighter", `<pre class="EnlighterJSRAW" data-enlighter-language="bash">ls</pre>`, []string{`class="language-bash"`}, []string{"Enlighter"}},
		{"crayon", `<pre class="lang:sql decode:true">SELECT 1;</pre>`, []string{`class="language-sql"`}, nil},
		{"wp-syntax", `<pre lang="ruby">puts 1</pre>`, []string{`class="language-ruby"`}, nil},
		{"prism on code", `<pre><code class="language-go">x</code></pre>`, []string{`class="language-go"`}, nil},
		{"highlighted spans are flattened", `<pre class="lang-c"><span class="k">int</span> x;</pre>`, []string{`<code class="language-c">int x;</code>`}, []string{"<span"}},
		{"emoji image becomes the character", `Hi <img class="wp-smiley" alt="🙂" src="https://s.w.org/images/core/emoji/15/72x72/1f642.png">`, []string{"Hi 🙂"}, []string{"<img"}},
		{"relative urls become absolute", `<a href="/about/">a</a> <img src="../up.png">`, []string{`href="https://blog.example.com/about/"`, `src="https://blog.example.com/2024/01/02/up.png"`}, nil},
		{"largest srcset when src is missing", `<img srcset="/s.jpg 300w, /l.jpg 1024w">`, []string{`src="https://blog.example.com/l.jpg"`}, []string{"srcset"}},
		{"self-linked image loses its link", `<a href="/wp-content/uploads/2024/01/cat.jpg"><img src="/wp-content/uploads/2024/01/cat-300x200.jpg"></a>`, []string{`<img src="https://blog.example.com/wp-content/uploads/2024/01/cat.jpg"/>`}, []string{"<a "}},
		{"scripts are dropped", `<p>x</p><script>alert(1)</script>`, []string{"<p>x</p>"}, []string{"alert"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			checkHTML(t, prepare(t, tc.in).HTML, tc.want, tc.notWant)
		})
	}
}

func TestOldLinks(t *testing.T) {
	p := &post.Post{ID: 14, Type: "post", Status: "publish", GUID: "https://blog.example.com/?p=14",
		Link:     "https://blog.example.com/2024/05/09/%d0%bf%d1%80%d0%b8/",
		OldSlugs: []string{"old one"}}
	urls, paths := OldLinks(p, "https://blog.example.com")
	wantURLs := []string{
		"https://blog.example.com/2024/05/09/%D0%BF%D1%80%D0%B8/",
		"https://blog.example.com/2024/05/09/%d0%bf%d1%80%d0%b8/",
		"https://blog.example.com/2024/05/09/old one/",
		"https://blog.example.com/2024/05/09/old%20one/",
		"https://blog.example.com/2024/05/09/при/",
		"https://blog.example.com/?p=14",
	}
	if strings.Join(urls, "\n") != strings.Join(wantURLs, "\n") {
		t.Errorf("urls:\n%s\nwant:\n%s", strings.Join(urls, "\n"), strings.Join(wantURLs, "\n"))
	}
	if strings.Join(paths, " ") != "/2024/05/09/old one/ /2024/05/09/при/" {
		t.Errorf("paths = %q", paths)
	}
	draft := &post.Post{ID: 16, Type: "page", Status: "draft", Link: "https://blog.example.com/?page_id=16"}
	urls, paths = OldLinks(draft, "https://blog.example.com/")
	if len(paths) != 0 || len(urls) != 1 || urls[0] != "https://blog.example.com/?page_id=16" {
		t.Errorf("draft: urls %v paths %v", urls, paths)
	}
}

func TestPrepareRenderedContent(t *testing.T) {
	site := &post.Site{URL: "https://blog.example.com"}
	p := &post.Post{ID: 1, Rendered: true, Origin: "api:1", Content: `<p>Shown as rendered.
Same paragraph[gallery] stays text.<sup data-fn="ab" class="fn"><a href="#ab" id="ab-link">1</a></sup></p>
<ol class="wp-block-footnotes"><li id="ab">Rendered note. <a href="#ab-link" aria-label="Jump to footnote reference 1">↩︎</a></li></ol>`}
	got := Prepare(p, site, nil).HTML
	checkHTML(t, got, []string{"Shown as rendered.\nSame paragraph[gallery] stays text.", "<blogport-fnref>1</blogport-fnref>", `<li value="1">Rendered note.</li>`},
		[]string{"<br", "wp-block-footnotes", "↩"})
}
