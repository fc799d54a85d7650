// Package post holds blogport's domain types. Every source fills the same
// structs; no I/O happens here.
package post

import (
	"fmt"
	"time"
)

// Post is one item of a blog: a post, a page or an attachment, as a source
// found it. Content is the HTML the source holds (raw editor content for
// WordPress exports, rendered HTML for crawled pages).
type Post struct {
	ID          int64  // WordPress post ID; 0 when unknown
	GUID        string // the source's unique ID, often a URL
	Type        string // post, page, attachment, ...
	Status      string // publish, draft, pending, future, private
	Protected   bool   // password-protected; the password itself is never kept
	Title       string
	Slug        string // decoded UTF-8
	Link        string // absolute permalink on the old site
	Date        time.Time
	DayOnly     bool // the source gives only the day of Date (a page saying 14 July 2025): Date is that day at 00:00 UTC, written as a date
	Modified    time.Time
	Authors     []Author
	Categories  []Term
	Tags        []Term
	Content     string // HTML; editor source unless Rendered
	Rendered    bool   // Content is display HTML (REST API view, a crawled page): shortcodes, blocks and autop already applied
	Excerpt     string
	ParentID    int64
	Parents     []string   // pages: slugs of the ancestor pages, outermost first
	HasChildren bool       // pages: other pages name this one as their parent
	OldSlugs    []string   // earlier slugs (WordPress _wp_old_slug), decoded
	Thumbnail   string     // absolute URL of the featured image, if any
	Footnotes   []Footnote // block-editor footnotes (post meta "footnotes")
	Comments    []Comment
	Origin      string // where in the input the item was read, e.g. "export.xml:120"
}

// Public reports whether the item may appear in a public archive.
func (p *Post) Public() bool { return p.Status == "publish" && !p.Protected }

// State is the one status vocabulary of the run summary and the
// manifest: the source's status (publish, draft, pending, future,
// private, ...), except that a published item behind a password is
// "password".
func (p *Post) State() string {
	if p.Protected && p.Status == "publish" {
		return "password"
	}
	return p.Status
}

// Term is a category, tag or other taxonomy term.
type Term struct {
	Taxonomy string `json:"taxonomy"`
	Name     string `json:"name"`
	Slug     string `json:"slug"`
	Parent   string `json:"parent,omitempty"` // slug of the parent term
}

// Author is a post's author. Name is the display name.
type Author struct {
	Login string
	Name  string
}

// Comment is one comment on a post. Content is HTML. E-mail and IP addresses
// are never kept.
type Comment struct {
	ID        int64     `json:"id"`
	ParentID  int64     `json:"parent,omitempty"`
	Type      string    `json:"type,omitempty"` // "" for a comment, pingback, trackback
	Author    string    `json:"author"`
	AuthorURL string    `json:"author_url,omitempty"`
	Date      time.Time `json:"date"`
	Content   string    `json:"content"`
	Approved  bool      `json:"-"`
	Replies   []Comment `json:"replies,omitempty"`
}

// Footnote is one block-editor footnote: an ID referenced from the content
// and its HTML text.
type Footnote struct {
	ID      string `json:"id"`
	Content string `json:"content"`
}

// Asset is a media file a post references. URL is the original (never a
// resized variant); From is the variant URL the content used, when it
// differed. Path and SHA256 are set once the file is downloaded.
type Asset struct {
	URL    string `json:"url"`
	From   string `json:"from,omitempty"`
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
}

// Note is a line of the run report: something repaired, skipped, failed
// or worth a look, and where. Code, when set, is a stable snake_case
// reason a script can match (http_500, too_large, redirect_loop, …);
// What is the sentence for a person.
type Note struct {
	Where string `json:"where"`
	Code  string `json:"code,omitempty"`
	What  string `json:"what"`
}

func (n Note) String() string { return fmt.Sprintf("%s: %s", n.Where, n.What) }
