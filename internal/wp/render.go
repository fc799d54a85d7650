// Package wp holds WordPress's rules for its own data: how editor source
// becomes the HTML WordPress displays (blocks, wpautop, shortcodes), and
// how it writes links, slugs and dates.
package wp

import (
	"fmt"
	"strings"

	"github.com/blogport/blogport/internal/normalize"
	"github.com/blogport/blogport/internal/post"
)

// renderer holds what rendering one post needs and reports.
type renderer struct {
	post      *post.Post
	site      *post.Site
	notes     []post.Note
	footnotes []string // HTML of each shortcode footnote, in reference order
}

// Render turns a post's editor source into the HTML WordPress displays:
// block-editor content is rendered from its blocks, classic content goes
// through wpautop, and the shortcodes blogport knows are expanded.
// Content that is already display HTML (p.Rendered) is kept as it is.
// Either way, shortcodes left in the text are reported.
func Render(p *post.Post, site *post.Site) normalize.Content {
	r := &renderer{post: p, site: site}
	text := p.Content
	switch {
	case p.Rendered:
	case HasBlocks(text):
		text = r.renderBlocks(parseBlocks(text), 0)
	default:
		text = Autop(r.expandShortcodes(text, beforeAutop))
		text = shortcodeUnautop(text)
	}
	if names := unknownShortcodes(text); len(names) > 0 {
		r.note("unknown shortcodes kept as text: [%s]", strings.Join(names, "], ["))
	}
	if !p.Rendered {
		text = r.expandShortcodes(text, afterAutop)
	}
	return normalize.Content{HTML: text, Footnotes: r.footnotes, Notes: r.notes}
}

func (r *renderer) note(format string, args ...any) {
	r.notes = append(r.notes, post.Note{Where: r.post.Origin, What: fmt.Sprintf(format, args...)})
}
