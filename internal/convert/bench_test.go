package convert

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/blogport/blogport/internal/normalize"
	"github.com/blogport/blogport/internal/post"
	"github.com/blogport/blogport/internal/wp"
)

// benchPost is about 5 KB of classic-editor source: paragraphs with inline
// markup and line breaks, a caption shortcode, a <pre> block, a list and a
// quote.
func benchPost(i int) string {
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

// BenchmarkConvert converts prepared classic posts of about 5 KB with one
// shared converter per target, as the pipeline does.
func BenchmarkConvert(b *testing.B) {
	site := goldenSite()
	inputs := make([]string, 64)
	size := 0
	for i := range inputs {
		p := &post.Post{ID: 1, Content: benchPost(i), Link: "https://blog.example.com/2024/01/02/bench/", Origin: "bench"}
		inputs[i] = normalize.Clean(p, site, wp.Render(p, site), nil).HTML
		size += len(inputs[i])
	}
	for _, tc := range []struct {
		name   string
		target Target
	}{{"plain", Plain}, {"hugo", Hugo}, {"jekyll", Jekyll}} {
		b.Run(tc.name, func(b *testing.B) {
			c, err := New(tc.target)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(size / len(inputs)))
			n := 0
			for b.Loop() {
				if _, err := c.Convert(context.Background(), inputs[n%len(inputs)]); err != nil {
					b.Fatal(err)
				}
				n++
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "posts/s")
		})
	}
}
