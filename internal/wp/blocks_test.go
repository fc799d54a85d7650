package wp

import (
	"github.com/blogport/blogport/internal/testenv"
	"strings"
	"testing"

	"github.com/blogport/blogport/internal/normalize"
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
		r := &renderer{site: &post.Site{}, post: &post.Post{}}
		out := r.renderBlocks(parseBlocks(in), 0)
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

func TestRenderBlocks(t *testing.T) {
	site := &post.Site{URL: "https://blog.example.com", Blocks: map[int64]string{9: "<!-- wp:paragraph --><p>Reusable signature</p><!-- /wp:paragraph -->"}}
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

<!-- wp:embed {"url":"https://vimeo.com/76979871","providerNameSlug":"vimeo"} -->
<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">
https://vimeo.com/76979871
</div><figcaption>A film</figcaption></figure>
<!-- /wp:embed -->

<!-- wp:block {"ref":9} /-->
<!-- wp:block {"ref":404} /-->
<!-- wp:archives /-->
<!-- wp:nextpage /-->
<!-- wp:footnotes /-->`
	p := &post.Post{ID: 1, Content: content, Origin: "x.xml:7"}
	got := Render(p, site)
	testenv.Contains(t, got.HTML, []string{
		"Line one,\nstill paragraph one", // no autop inside blocks
		`<sup data-fn="f1" class="fn">`,  // left for normalize, which has the post's footnotes
		"<!--more-->",
		`<pre class="wp-block-code"><code class="language-rust">fn main() {}</code></pre>`,
		`<figure><iframe src="https://vimeo.com/76979871"></iframe><figcaption>A film</figcaption></figure>`,
		"<p>Reusable signature</p>",
		"<!--nextpage-->", // normalize makes it a rule, with a note
		normalize.FootnoteListMark,
	}, []string{"<br", "wp:", "wp-block-embed__wrapper"})
	notes := ""
	for _, n := range got.Notes {
		notes += n.String() + "\n"
	}
	for _, want := range []string{"x.xml:7: reusable block 404", "x.xml:7: dynamic block core/archives"} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
}

func TestRenderKeepsDisplayHTML(t *testing.T) {
	content := "<p>Shown as rendered.\nSame paragraph [gallery] stays text, [box]x[/box] too.</p>"
	got := Render(&post.Post{ID: 1, Rendered: true, Origin: "api:1", Content: content}, &post.Site{})
	if got.HTML != content {
		t.Errorf("rendered content changed:\n got %q\nwant %q", got.HTML, content)
	}
	if len(got.Notes) != 1 || got.Notes[0].String() != "api:1: unknown shortcodes kept as text: [box]" {
		t.Errorf("notes = %v", got.Notes)
	}
}
