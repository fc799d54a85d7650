package bench

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// siteURL is the made-up address of the generated blog.
const siteURL = "https://bench.example.com"

// mediaCount is the size of the generated media library.
const mediaCount = 50

// medium is attachment k of the media library (1 ≤ k ≤ mediaCount).
type medium int

func (m medium) id() int { return int(m) }

// path is the upload path without the extension, e.g. 2019/04/photo-7.
func (m medium) path() string {
	return fmt.Sprintf("2019/%02d/photo-%d", int(m)%12+1, int(m))
}

// url is the address of the original (size "") or of a resized copy.
func (m medium) url(size string) string {
	if size != "" {
		size = "-" + size
	}
	return siteURL + "/wp-content/uploads/" + m.path() + size + ".jpg"
}

// body is a post's content of about size bytes, in the classic editor's
// shape (paragraphs separated by blank lines, autop applied on display) or
// the block editor's.
func body(r *rand.Rand, size int, blocks bool) string {
	t := text{r}
	var b strings.Builder
	more := false
	for i := 0; b.Len() < size; i++ {
		if i > 0 {
			b.WriteString("\n\n")
		}
		k := r.IntN(20)
		if i == 0 {
			k = 0
		}
		if k == 19 && more {
			k = 0
		}
		more = more || k == 19
		if blocks {
			b.WriteString(blockPart(t, k))
		} else {
			b.WriteString(classicPart(t, k))
		}
	}
	return b.String()
}

// classicPart is one piece of classic-editor content; k picks the kind.
func classicPart(t text, k int) string {
	switch {
	case k < 10:
		return paragraph(t, "\n")
	case k < 12:
		return fmt.Sprintf("<h%d>%s</h%[1]d>", 2+t.r.IntN(2), t.title())
	case k < 14:
		return list(t, "\n\t")
	case k < 15:
		return "<blockquote>" + paragraph(t, "\n") + "</blockquote>"
	case k < 17:
		m := medium(1 + t.r.IntN(mediaCount))
		return fmt.Sprintf(`[caption id="attachment_%d" align="aligncenter" width="300"]<a href="%s"><img class="size-medium wp-image-%[1]d" src="%s" alt="%s" width="300" height="200" /></a> %s[/caption]`,
			m.id(), m.url(""), m.url("300x200"), t.words(4), capitalise(t.words(5)))
	case k < 19:
		return `<pre class="brush: go; title: ; notranslate">` + code(t) + "</pre>"
	}
	return "<!--more-->"
}

// blockPart is one block of block-editor content; k picks the kind.
func blockPart(t text, k int) string {
	switch {
	case k < 10:
		return "<!-- wp:paragraph -->\n<p>" + paragraph(t, " ") + "</p>\n<!-- /wp:paragraph -->"
	case k < 12:
		return "<!-- wp:heading -->\n<h2 class=\"wp-block-heading\">" + t.title() + "</h2>\n<!-- /wp:heading -->"
	case k < 14:
		var b strings.Builder
		b.WriteString("<!-- wp:list -->\n<ul class=\"wp-block-list\">")
		for range 3 + t.r.IntN(4) {
			b.WriteString("<!-- wp:list-item -->\n<li>" + t.rich() + "</li>\n<!-- /wp:list-item -->\n")
		}
		return b.String() + "</ul>\n<!-- /wp:list -->"
	case k < 15:
		return "<!-- wp:quote -->\n<blockquote class=\"wp-block-quote\"><!-- wp:paragraph -->\n<p>" +
			t.sentence() + "</p>\n<!-- /wp:paragraph --><cite>" + capitalise(t.words(2)) + "</cite></blockquote>\n<!-- /wp:quote -->"
	case k < 17:
		m := medium(1 + t.r.IntN(mediaCount))
		return fmt.Sprintf("<!-- wp:image {\"id\":%d,\"sizeSlug\":\"large\"} -->\n<figure class=\"wp-block-image size-large\"><img src=\"%s\" alt=\"%s\" class=\"wp-image-%[1]d\"/><figcaption class=\"wp-element-caption\">%s</figcaption></figure>\n<!-- /wp:image -->",
			m.id(), m.url("1024x683"), t.words(4), capitalise(t.words(5)))
	case k < 19:
		return "<!-- wp:code -->\n<pre class=\"wp-block-code\"><code>" + code(t) + "</code></pre>\n<!-- /wp:code -->"
	}
	return "<!-- wp:more -->\n<!--more-->\n<!-- /wp:more -->"
}

// paragraph is 2 to 6 rich sentences; now and then two of them are
// joined by br, a single line break in the classic editor.
func paragraph(t text, br string) string {
	n := 2 + t.r.IntN(5)
	var b strings.Builder
	for i := range n {
		if i > 0 {
			sep := " "
			if t.r.IntN(6) == 0 {
				sep = br
			}
			b.WriteString(sep)
		}
		b.WriteString(t.rich())
	}
	return b.String()
}

// list is a bulleted or numbered list of 3 to 6 items.
func list(t text, indent string) string {
	tag := "ul"
	if t.r.IntN(3) == 0 {
		tag = "ol"
	}
	var b strings.Builder
	b.WriteString("<" + tag + ">")
	for range 3 + t.r.IntN(4) {
		b.WriteString(indent + "<li>" + t.rich() + "</li>")
	}
	return b.String() + "\n</" + tag + ">"
}

// code is a few lines of Go-like source, escaped as WordPress stores it.
func code(t text) string {
	var b strings.Builder
	name := slugify(t.words(2))
	name = strings.ReplaceAll(name, "-", "_")
	fmt.Fprintf(&b, "func %s(n int) int {\n", name)
	for range 2 + t.r.IntN(5) {
		fmt.Fprintf(&b, "\tif n &lt; %d &amp;&amp; n &gt; 0 {\n\t\tn += %d // %s\n\t}\n", t.r.IntN(100), t.r.IntN(10), t.words(3))
	}
	b.WriteString("\treturn n\n}")
	return b.String()
}
