package wxr

import (
	"encoding/json"
	"encoding/xml"
	"html"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/blogport/blogport/internal/normalize"
	"github.com/blogport/blogport/internal/post"
	"github.com/blogport/blogport/internal/wp"
)

// item is one <item> of an export, as decoded. Elements in the wp:
// namespace are matched by local name, so WXR 1.0, 1.1 and 1.2 all decode.
type item struct {
	Title         string     `xml:"title"`
	Link          string     `xml:"link"`
	Creator       string     `xml:"creator"`
	GUID          string     `xml:"guid"`
	Encoded       []encoded  `xml:"encoded"`
	PostID        string     `xml:"post_id"`
	PostDate      string     `xml:"post_date"`
	PostDateGMT   string     `xml:"post_date_gmt"`
	Modified      string     `xml:"post_modified"`
	ModifiedGMT   string     `xml:"post_modified_gmt"`
	Name          string     `xml:"post_name"`
	Status        string     `xml:"status"`
	Parent        string     `xml:"post_parent"`
	PostType      string     `xml:"post_type"`
	Password      string     `xml:"post_password"`
	AttachmentURL string     `xml:"attachment_url"`
	Categories    []category `xml:"category"`
	Meta          []meta     `xml:"postmeta"`
	Comments      []comment  `xml:"comment"`

	// set by finish
	ID       int64
	ParentID int64
	Content  string
	Excerpt  string
}

type encoded struct {
	XMLName xml.Name
	Text    string `xml:",chardata"`
}

type category struct {
	Domain   string `xml:"domain,attr"`
	Nicename string `xml:"nicename,attr"`
	Name     string `xml:",chardata"`
}

type meta struct {
	Key   string `xml:"meta_key"`
	Value string `xml:"meta_value"`
}

type comment struct {
	ID        string `xml:"comment_id"`
	Author    string `xml:"comment_author"`
	AuthorURL string `xml:"comment_author_url"`
	Date      string `xml:"comment_date"`
	DateGMT   string `xml:"comment_date_gmt"`
	Content   string `xml:"comment_content"`
	Approved  string `xml:"comment_approved"`
	Type      string `xml:"comment_type"`
	Parent    string `xml:"comment_parent"`
}

func (it *item) finish() {
	it.ID, _ = strconv.ParseInt(strings.TrimSpace(it.PostID), 10, 64)
	it.ParentID, _ = strconv.ParseInt(strings.TrimSpace(it.Parent), 10, 64)
	for _, e := range it.Encoded {
		if strings.Contains(e.XMLName.Space, "excerpt") {
			it.Excerpt = e.Text
		} else {
			it.Content = e.Text
		}
	}
	it.Encoded = nil
	it.Status = strings.TrimSpace(it.Status)
	it.PostType = strings.TrimSpace(it.PostType)
}

func (it *item) meta(key string) []string {
	var vs []string
	for _, m := range it.Meta {
		if m.Key == key {
			vs = append(vs, m.Value)
		}
	}
	return vs
}

func (it *item) meta1(key string) string {
	if vs := it.meta(key); len(vs) > 0 {
		return vs[0]
	}
	return ""
}

// post builds the domain post for an item, resolving authors, terms and the
// featured image through the index.
func (r *Reader) post(it *item, origin string) *post.Post {
	x := &r.index
	p := &post.Post{
		ID:        it.ID,
		GUID:      strings.TrimSpace(it.GUID),
		Type:      it.PostType,
		Status:    it.Status,
		Protected: it.Password != "",
		Title:     displayTitle(it.Title),
		Slug:      wp.DecodeSlug(it.Name),
		Link:      strings.TrimSpace(it.Link),
		Content:   it.Content,
		Excerpt:   it.Excerpt,
		ParentID:  it.ParentID,
		Origin:    origin,
	}
	if p.Type == "page" {
		p.Parents = x.parents(p.ParentID)
		p.HasChildren = x.parentPages[p.ID]
	}
	p.Date = x.date(it.PostDate, it.PostDateGMT)
	p.Modified = x.date(it.Modified, it.ModifiedGMT)
	if login := strings.TrimSpace(it.Creator); login != "" {
		p.Authors = []post.Author{x.author(login)}
	}
	for _, c := range it.Categories {
		t := post.Term{Taxonomy: c.Domain, Name: displayName(c.Name), Slug: wp.DecodeSlug(c.Nicename)}
		if known, ok := x.terms[termKey{c.Domain, t.Slug}]; ok {
			t = known
		}
		switch c.Domain {
		case "category":
			p.Categories = append(p.Categories, t)
		case "post_tag":
			p.Tags = append(p.Tags, t)
		}
	}
	for _, s := range it.meta("_wp_old_slug") {
		if s = wp.DecodeSlug(s); s != "" && s != p.Slug && !slices.Contains(p.OldSlugs, s) {
			p.OldSlugs = append(p.OldSlugs, s)
		}
	}
	sort.Strings(p.OldSlugs)
	if id, err := strconv.ParseInt(it.meta1("_thumbnail_id"), 10, 64); err == nil {
		if a, ok := x.media.Attachment(id); ok {
			p.Thumbnail = a.URL
		}
	}
	if fn := it.meta1("footnotes"); fn != "" {
		_ = json.Unmarshal([]byte(fn), &p.Footnotes) // malformed meta: no footnotes, content still converts
	}
	p.Comments = x.comments(it.Comments)
	return p
}

// displayTitle is a title as WordPress shows it: exports hold it as
// saved, entities and markup in (Media &amp; Text, a <em>word</em>), and
// the theme prints it as HTML; the front matter wants the text.
func displayTitle(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return strings.TrimSpace(s)
	}
	return normalize.PlainText(s)
}

// displayName is a term's or author's name as WordPress shows it: saved
// with its & as &amp; (Tips &amp; Tricks).
func displayName(s string) string { return strings.TrimSpace(html.UnescapeString(s)) }
