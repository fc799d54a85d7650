package wp

import (
	"fmt"
	"strings"
	"testing"

	"github.com/blogport/blogport/internal/post"
)

// classicPost is about 5 KB of classic-editor source, the kind a
// WordPress export holds most: paragraphs separated by blank lines, inline
// markup, a single line break, a list, a quote, a caption shortcode and a
// <pre> block.
func classicPost(i int) string {
	var b strings.Builder
	for k := range 13 {
		fmt.Fprintf(&b, "Paragraph %d of post %d: the bench lamp clamps to the shelf and swings <em>out of the way</em> when the soldering starts, "+
			"as <a href=\"https://blog.example.com/2023/05/%02d/older-post/\">the older post</a> explains &amp; shows.\n"+
			"A second line of the same paragraph, kept with a line break, mentions <strong>flux</strong> and 60/40 solder.\n\n", k, i, k+1)
		switch k {
		case 2:
			b.WriteString("[caption id=\"attachment_7\" align=\"aligncenter\" width=\"300\"]<img class=\"size-medium wp-image-7\" src=\"https://blog.example.com/wp-content/uploads/2024/01/cat-300x200.jpg\" alt=\"A cat\" width=\"300\" height=\"200\" /> The cat on the <em>warm</em> amplifier[/caption]\n\n")
		case 4:
			b.WriteString("<pre class=\"lang-go\">func main() {\n\tfmt.Println(\"hi\")\n\n\treturn\n}</pre>\n\n")
		case 5:
			b.WriteString("<ul>\n\t<li>A list item</li>\n\t<li>Another with <a href=\"/relative/\">a link</a></li>\n</ul>\n")
		case 6:
			b.WriteString("<blockquote>A quote\nover two lines.</blockquote>\n\n<!--more-->\n\n<h2>A heading</h2>\n")
		}
	}
	return b.String()
}

// blockPost is about 5 KB of block-editor source.
func blockPost(i int) string {
	var b strings.Builder
	for k := range 14 {
		fmt.Fprintf(&b, "<!-- wp:paragraph -->\n<p>Paragraph %d of post %d: the bench lamp clamps to the shelf and swings <em>out of the way</em> when the soldering starts, "+
			"as <a href=\"https://blog.example.com/2023/05/%02d/older-post/\">the older post</a> explains &amp; shows, with <strong>flux</strong>.</p>\n<!-- /wp:paragraph -->\n\n", k, i, k+1)
		switch k {
		case 2:
			b.WriteString("<!-- wp:image {\"id\":7,\"sizeSlug\":\"medium\"} -->\n<figure class=\"wp-block-image size-medium\"><img src=\"https://blog.example.com/wp-content/uploads/2024/01/cat-300x200.jpg\" alt=\"A cat\" class=\"wp-image-7\"/><figcaption class=\"wp-element-caption\">The cat</figcaption></figure>\n<!-- /wp:image -->\n\n")
		case 4:
			b.WriteString("<!-- wp:code {\"language\":\"go\"} -->\n<pre class=\"wp-block-code\"><code>func main() {\n\tfmt.Println(\"hi\")\n}</code></pre>\n<!-- /wp:code -->\n\n")
		case 6:
			b.WriteString("<!-- wp:list -->\n<ul class=\"wp-block-list\"><!-- wp:list-item -->\n<li>One</li>\n<!-- /wp:list-item --><!-- wp:list-item -->\n<li>Two</li>\n<!-- /wp:list-item --></ul>\n<!-- /wp:list -->\n\n")
		}
	}
	return b.String()
}

func benchSite() *post.Site {
	s := &post.Site{URL: "https://blog.example.com"}
	s.Media.Add(post.Attachment{ID: 7, ParentID: 1, URL: "https://blog.example.com/wp-content/uploads/2024/01/cat.jpg", Alt: "A cat", Caption: "The cat"})
	return s
}

// BenchmarkAutop runs wpautop on classic posts of about 5 KB.
func BenchmarkAutop(b *testing.B) {
	posts := make([]string, 64)
	size := 0
	for i := range posts {
		posts[i] = classicPost(i)
		size += len(posts[i])
	}
	b.SetBytes(int64(size / len(posts)))
	n := 0
	for b.Loop() {
		Autop(posts[n%len(posts)])
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "posts/s")
}

// BenchmarkRender renders classic posts (shortcodes, wpautop) and block
// posts as the pipeline does, a post at a time.
func BenchmarkRender(b *testing.B) {
	for _, kind := range []struct {
		name string
		gen  func(int) string
	}{{"classic", classicPost}, {"blocks", blockPost}} {
		b.Run(kind.name, func(b *testing.B) {
			site := benchSite()
			posts := make([]*post.Post, 64)
			size := 0
			for i := range posts {
				posts[i] = &post.Post{ID: 1, Content: kind.gen(i), Origin: "bench"}
				size += len(posts[i].Content)
			}
			b.SetBytes(int64(size / len(posts)))
			n := 0
			for b.Loop() {
				Render(posts[n%len(posts)], site)
				n++
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "posts/s")
		})
	}
}

// BenchmarkShortcodes runs the shortcode passes alone on classic posts:
// both expansions, shortcode_unautop and the scan for unknown shortcodes.
func BenchmarkShortcodes(b *testing.B) {
	site := benchSite()
	posts := make([]string, 64)
	size := 0
	for i := range posts {
		posts[i] = Autop(classicPost(i))
		size += len(posts[i])
	}
	b.SetBytes(int64(size / len(posts)))
	r := &renderer{post: &post.Post{ID: 1, Origin: "bench"}, site: site}
	n := 0
	for b.Loop() {
		text := r.expandShortcodes(posts[n%len(posts)], beforeAutop)
		text = shortcodeUnautop(text)
		unknownShortcodes(text)
		r.expandShortcodes(text, afterAutop)
		r.footnotes, r.notes = r.footnotes[:0], r.notes[:0]
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "posts/s")
}
