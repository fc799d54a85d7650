package feed

import (
	"fmt"
	"html"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/blogport/blogport/internal/post"
	"github.com/mmcdole/gofeed"
)

// bodyKind is what an entry's body is of its post.
type bodyKind int

const (
	bodyWhole        bodyKind = iota // the whole post, as far as the feed tells
	bodyExcerpt                      // an excerpt: a summary with no content, or a body that ends "[…]", "Read more"
	bodyShortSummary                 // a Hugo description with no content:encoded, as short as Hugo's default summary
	bodyLongSummary                  // a longer one: the feed's template writes whole posts there
	bodyKinds
)

// hugoSummaryWords is more than Hugo's default summary holds: the first
// 70 words (summaryLength), carried on to the end of the sentence or
// paragraph.
const hugoSummaryWords = 200

// moreMarkers end an excerpt: WordPress's " [&hellip;]" and "(more…)",
// themes' "Continue reading" and "Read more" links.
var moreMarkers = []string{"[…]", "[...]", "(more…)", "(more...)", "continue reading", "read more"}

// bodyKind tells an excerpt from a whole post by what the feed carries:
// a summary (Atom summary, JSON Feed summary, an RSS description) and no
// content, and by how the body ends. An RSS description alone is an
// excerpt only where the generator says so (WordPress's "Summary" feed
// setting; Hugo's default template) or the text stops at an ellipsis.
func (r *Reader) bodyKind(f *gofeed.Feed, it *gofeed.Item) bodyKind {
	summaryOnly := strings.TrimSpace(it.Content) == "" && strings.TrimSpace(it.Description) != ""
	body := firstNonEmpty(it.Content, it.Description)
	text := plainText(body)
	switch {
	case endsWithMore(body, text):
		return bodyExcerpt
	case !summaryOnly:
		return bodyWhole
	case strings.HasSuffix(text, "…") || strings.HasSuffix(text, "..."), f.FeedType != "rss", r.wp:
		return bodyExcerpt
	case r.hugo && len(strings.Fields(text)) <= hugoSummaryWords:
		return bodyShortSummary
	case r.hugo:
		return bodyLongSummary
	}
	return bodyWhole
}

var reLink = regexp.MustCompile(`(?is)<a\b[^>]*>(.*?)</a>`)

// endsWithMore reports a body that stops at a marker, or whose last link
// is a "Read more" (WordPress's class more-link, or the marker alone as
// its text); prose that goes on to "read more about it" is not one.
func endsWithMore(body, text string) bool {
	isMarker := func(s string) bool {
		return slices.ContainsFunc(moreMarkers, func(m string) bool { return strings.HasSuffix(s, m) })
	}
	if isMarker(strings.ToLower(text)) || strings.Contains(body, "more-link") {
		return true
	}
	links := reLink.FindAllStringSubmatch(body, -1)
	if len(links) == 0 {
		return false
	}
	last := strings.TrimRight(strings.ToLower(plainText(links[len(links)-1][1])), ".…")
	return slices.Contains(moreMarkers, strings.TrimSpace(last))
}

var reTag = regexp.MustCompile(`<[^>]*>`)

// plainText is the text of an HTML body, trimmed of the space and arrows
// that follow a "Read more".
func plainText(body string) string {
	text := html.UnescapeString(reTag.ReplaceAllString(body, " "))
	return strings.TrimRightFunc(text, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune("»›→>", r) })
}

// facts are what the summary notes count of one entry.
type facts struct {
	body    bodyKind
	noKey   bool // no link and no id
	wpTerms bool // a WordPress entry whose terms do not say which are tags
}

// tally counts facts over every page.
type tally struct {
	entries int
	bodies  [bodyKinds]int
	noKey   int
	wpTerms int
}

func (t *tally) add(fs facts) {
	t.entries++
	t.bodies[fs.body]++
	if fs.noKey {
		t.noKey++
	}
	if fs.wpTerms {
		t.wpTerms++
	}
}

// summaryNotes say what holds of the feed as a whole: entries that carry
// an excerpt, entries known by a hash, WordPress terms of either kind.
func (r *Reader) summaryNotes() {
	t := r.tally
	excerpts := t.bodies[bodyExcerpt]
	if t.bodies[bodyLongSummary] == 0 { // no description too long for a summary: the template writes summaries
		excerpts += t.bodies[bodyShortSummary]
	}
	if excerpts > 0 {
		r.notes = append(r.notes, post.Note{Where: r.start, What: fmt.Sprintf(
			"summary_only: %d of %d entries carry an excerpt, not the whole post; use --via crawl for the whole posts", excerpts, t.entries)})
	}
	if t.noKey > 0 {
		r.notes = append(r.notes, post.Note{Where: r.start, What: fmt.Sprintf(
			"no_link: %d of %d entries have no link and no id: each is a post of its own, known by a hash of its title, date and content, with no old address to redirect", t.noKey, t.entries)})
	}
	if t.wpTerms > 0 {
		r.notes = append(r.notes, post.Note{Where: r.start, What: fmt.Sprintf(
			"wp_terms_mixed: %s is a WordPress feed, which lists categories and tags alike as categories: the terms of %d of %d entries are all kept as categories", r.feedName(), t.wpTerms, t.entries)})
	}
}

// feedName names the feed in a sentence: its title and address.
func (r *Reader) feedName() string {
	if r.site.Title == "" {
		return r.start
	}
	return fmt.Sprintf("%q (%s)", r.site.Title, r.start)
}
