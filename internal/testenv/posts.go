package testenv

import (
	"fmt"
	"strings"
)

// The posts the benchmarks and differential tests of several packages
// share, generated.

// ClassicPost is about 5 KB of classic-editor source, the kind a
// WordPress export holds most: paragraphs separated by blank lines, inline
// markup, a single line break, a list, a quote, a caption shortcode and a
// <pre> block.
func ClassicPost(i int) string {
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

// BlockPost is about 5 KB of block-editor source.
func BlockPost(i int) string {
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
