package wp

import (
	"encoding/json"
	"html"
	"regexp"
	"strings"

	"github.com/blogport/blogport/internal/normalize"
)

// HasBlocks reports whether content was written in the block editor, like
// WordPress's has_blocks(): it holds at least one block comment.
func HasBlocks(content string) bool {
	return strings.Contains(content, "<!-- wp:")
}

// block is one parsed block delimiter pair and what lies between.
type block struct {
	name  string // "core/paragraph", "jetpack/slideshow"
	attrs map[string]any
	inner []node // HTML and nested blocks, in order
}

// node is either HTML text or a block.
type node struct {
	html  string
	block *block
}

// nextDelimiter finds the first block delimiter's opening in s, as
// reDelimiter.FindStringSubmatchIndex would for the regexp
// `<!--\s+(/)?wp:([a-z][a-z0-9_-]*/)?([a-z][a-z0-9_-]*)\s+`: loc holds
// the match, the "/" of a closer, the namespace with its "/", and the
// name, -1 for a group that is absent. A post has a delimiter or two per
// paragraph, and a scanner is many times faster than the regexp here.
func nextDelimiter(s string) (loc [8]int, ok bool) {
	for i := 0; ; i++ {
		j := strings.Index(s[i:], "<!--")
		if j < 0 {
			return loc, false
		}
		i += j
		if loc, ok = delimiterAt(s, i); ok {
			return loc, true
		}
	}
}

// delimiterAt matches the delimiter's opening at s[i:], which begins with
// "<!--". Every part is followed by a byte that cannot continue it, so
// the greedy match at each step is the only one.
func delimiterAt(s string, i int) (loc [8]int, ok bool) {
	loc = [8]int{i, -1, -1, -1, -1, -1, -1, -1}
	k := skipRESpace(s, i+len("<!--"))
	if k == i+len("<!--") {
		return loc, false
	}
	if k < len(s) && s[k] == '/' {
		loc[2], loc[3] = k, k+1
		k++
	}
	if !strings.HasPrefix(s[k:], "wp:") {
		return loc, false
	}
	k += len("wp:")
	n := blockNameEnd(s, k)
	if n > k && n < len(s) && s[n] == '/' { // a namespace
		loc[4], loc[5] = k, n+1
		k = n + 1
		n = blockNameEnd(s, k)
	}
	if n == k {
		return loc, false
	}
	loc[6], loc[7] = k, n
	end := skipRESpace(s, n)
	if end == n {
		return loc, false
	}
	loc[1] = end
	return loc, true
}

// blockNameEnd is the end of `[a-z][a-z0-9_-]*` from i, or i.
func blockNameEnd(s string, i int) int {
	if i >= len(s) || s[i] < 'a' || s[i] > 'z' {
		return i
	}
	j := i + 1
	for j < len(s) && (s[j] >= 'a' && s[j] <= 'z' || s[j] >= '0' && s[j] <= '9' || s[j] == '_' || s[j] == '-') {
		j++
	}
	return j
}

// parseBlocks splits serialized block content into a tree. Unbalanced
// delimiters are tolerated the way WordPress's parser tolerates them: an
// unclosed opener runs to the end, a stray closer is dropped.
func parseBlocks(s string) []node {
	root := &block{}
	stack := []*block{root}
	top := func() *block { return stack[len(stack)-1] }
	for len(s) > 0 {
		loc, ok := nextDelimiter(s)
		if !ok {
			top().inner = append(top().inner, node{html: s})
			break
		}
		closer := loc[2] >= 0
		ns := "core/"
		if loc[4] >= 0 {
			ns = s[loc[4]:loc[5]]
		}
		name := ns + s[loc[6]:loc[7]]
		rest := s[loc[1]:]
		// attributes: a JSON object up to "} -->" or "} /-->"
		var attrs map[string]any
		if strings.HasPrefix(rest, "{") {
			end := strings.Index(rest, "-->")
			if end < 0 {
				top().inner = append(top().inner, node{html: s})
				break
			}
			j := strings.LastIndex(rest[:end], "}")
			if j < 0 {
				top().inner = append(top().inner, node{html: s})
				break
			}
			_ = json.Unmarshal([]byte(rest[:j+1]), &attrs)
			rest = strings.TrimLeft(rest[j+1:], " \t\r\n")
		}
		void := strings.HasPrefix(rest, "/-->")
		if !void && !strings.HasPrefix(rest, "-->") {
			// not a delimiter after all: keep as text
			top().inner = append(top().inner, node{html: s[:loc[1]]})
			s = s[loc[1]:]
			continue
		}
		if loc[0] > 0 {
			top().inner = append(top().inner, node{html: s[:loc[0]]})
		}
		if void {
			rest = rest[len("/-->"):]
		} else {
			rest = rest[len("-->"):]
		}
		s = rest
		switch {
		case closer:
			// close the innermost open block of that name
			for i := len(stack) - 1; i > 0; i-- {
				if stack[i].name == name {
					stack = stack[:i]
					break
				}
			}
		case void:
			top().inner = append(top().inner, node{block: &block{name: name, attrs: attrs}})
		default:
			b := &block{name: name, attrs: attrs}
			top().inner = append(top().inner, node{block: b})
			stack = append(stack, b)
		}
	}
	return root.inner
}

// renderBlocks turns parsed blocks back into plain HTML. Static blocks keep
// their saved markup; blocks whose HTML WordPress builds at display time
// (embeds, reusable blocks, footnotes) are rebuilt here; other dynamic
// blocks cannot be rebuilt offline and are reported.
func (r *renderer) renderBlocks(nodes []node, depth int) string {
	var b strings.Builder
	for _, n := range nodes {
		if n.block == nil {
			b.WriteString(n.html)
			continue
		}
		b.WriteString(r.renderBlock(n.block, depth))
	}
	return b.String()
}

func (r *renderer) renderBlock(bl *block, depth int) string {
	inner := r.renderBlocks(bl.inner, depth)
	str := func(k string) string { s, _ := bl.attrs[k].(string); return s }
	switch bl.name {
	case "core/embed", "core-embed/youtube", "core-embed/vimeo", "core-embed/twitter", "core/video-embed":
		u := str("url")
		if u == "" {
			u = strings.TrimSpace(stripTags(reFigcaption.ReplaceAllString(inner, "")))
		}
		return withCaption(normalize.Embed(u), figcaption(inner))
	case "core/code":
		if lang := str("language"); lang != "" && !strings.Contains(inner, "language-") {
			return strings.Replace(inner, "<code", `<code class="language-`+html.EscapeString(lang)+`"`, 1)
		}
		return inner
	case "core/block":
		ref, _ := bl.attrs["ref"].(float64)
		content, ok := r.site.Blocks[int64(ref)]
		if !ok || depth > 8 {
			r.note("reusable block %d is not in the export; left out", int64(ref))
			return ""
		}
		return r.renderBlocks(parseBlocks(content), depth+1)
	case "core/footnotes":
		return normalize.FootnoteListMark
	case "core/more":
		return "<!--more-->"
	case "core/nextpage":
		return "<!--nextpage-->" // normalize joins the pages with a rule, and says so
	}
	if strings.TrimSpace(inner) == "" && len(bl.inner) == 0 && !staticEmpty[bl.name] {
		r.note("dynamic block %s has no saved HTML; left out", bl.name)
	}
	return inner
}

// Blocks that legitimately save no HTML.
var staticEmpty = map[string]bool{"core/spacer": true, "core/separator": true}

// withCaption puts an embed and the caption the block editor saved for it
// into one figure.
func withCaption(embed, caption string) string {
	if embed == "" || caption == "" {
		return embed
	}
	return "<figure>" + embed + figcaptionHTML(caption) + "</figure>"
}

var reFigcaption = regexp.MustCompile(`(?is)<figcaption[^>]*>(.*?)</figcaption>`)

func figcaption(s string) string {
	if m := reFigcaption.FindStringSubmatch(s); m != nil {
		return strings.TrimSpace(m[1])
	}
	return ""
}

var reTag = regexp.MustCompile(`<[^>]*>`)

func stripTags(s string) string { return html.UnescapeString(reTag.ReplaceAllString(s, "")) }
