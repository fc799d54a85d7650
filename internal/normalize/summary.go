package normalize

import (
	"regexp"
	"strings"

	"github.com/blogport/blogport/internal/post"
	xhtml "golang.org/x/net/html"
)

var reSpaces = regexp.MustCompile(`\s+`)

// PlainText is the text of an HTML fragment on one line, for summaries.
func PlainText(fragment string) string {
	doc, err := xhtml.Parse(strings.NewReader(fragment))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(reSpaces.ReplaceAllString(textContent(doc), " "))
}

// Summary is the post's own excerpt, or else the text before the
// <!--more--> mark of its prepared HTML, as plain text.
func Summary(p *post.Post, prepared string) string {
	if s := PlainText(p.Excerpt); s != "" {
		return s
	}
	mark := "<" + MoreElement + ">"
	if i := strings.Index(prepared, mark); i >= 0 {
		return PlainText(prepared[:i])
	}
	return ""
}
