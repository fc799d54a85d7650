package post

import (
	"net/url"
	"path"
	"slices"
	"strings"
)

// Site is what a source knows about the whole blog, beyond single items:
// its address, the full term and author lists, its media library and its
// reusable blocks.
type Site struct {
	Title    string
	URL      string // home URL, e.g. https://blog.example.com
	Language string // BCP 47 tag, such as en-US; "" when unknown
	TimeZone string // IANA name, such as Europe/Berlin; "" when unknown
	Terms    []Term
	Authors  []Author
	Media    Media
	Blocks   map[int64]string // reusable block (wp_block) content by ID
}

// Attachment is one file of a WordPress media library.
type Attachment struct {
	ID       int64
	ParentID int64
	URL      string // the original upload, never a resized variant
	Link     string // the attachment's own page on the old site
	Title    string
	Alt      string
	Caption  string
	Variants []string // file names of resized copies in the same folder
}

// Media indexes a media library so that any URL of a resized copy
// (photo-300x200.jpg, photo-scaled.jpg) resolves to the original upload.
type Media struct {
	byID     map[int64]*Attachment
	byPath   map[string]string // URL path of the original or a variant → original URL
	byParent map[int64][]int64
}

// Add records an attachment and all its variants, sorted.
func (m *Media) Add(a Attachment) {
	if m.byID == nil {
		m.byID = map[int64]*Attachment{}
		m.byPath = map[string]string{}
		m.byParent = map[int64][]int64{}
	}
	if a.URL == "" {
		return
	}
	if _, dup := m.byID[a.ID]; dup && a.ID != 0 {
		return
	}
	// Sources list sizes from maps, in no fixed order: sorted, the library
	// is the same on every run (re-runs compare its fingerprint).
	a.Variants = slices.Clone(a.Variants)
	slices.Sort(a.Variants)
	a.Variants = slices.Compact(a.Variants)
	m.byID[a.ID] = &a
	if a.ParentID != 0 {
		m.byParent[a.ParentID] = append(m.byParent[a.ParentID], a.ID)
	}
	u, err := url.Parse(a.URL)
	if err != nil {
		return
	}
	m.byPath[u.Path] = a.URL
	// the attachment's own page (a gallery links each image to it): the
	// archive has no such page, the image is what it showed
	if l, err := url.Parse(a.Link); err == nil && l.RawQuery == "" && strings.Trim(l.Path, "/") != "" {
		if _, taken := m.byPath[l.Path]; !taken {
			m.byPath[l.Path] = a.URL
		}
	}
	dir := path.Dir(u.Path)
	for _, v := range a.Variants {
		if v != "" && !strings.Contains(v, "/") {
			m.byPath[path.Join(dir, v)] = a.URL
		}
	}
}

// Merge adds every attachment of other.
func (m *Media) Merge(other *Media) {
	ids := make([]int64, 0, len(other.byID))
	for id := range other.byID {
		ids = append(ids, id)
	}
	slices.Sort(ids) // upload order, so galleries keep theirs
	for _, id := range ids {
		m.Add(*other.byID[id])
	}
}

// All returns every attachment, by ID.
func (m *Media) All() []Attachment {
	out := make([]Attachment, 0, len(m.byID))
	for _, a := range m.byID {
		out = append(out, *a)
	}
	slices.SortFunc(out, func(a, b Attachment) int { return int(a.ID - b.ID) })
	return out
}

// Len is the number of attachments indexed.
func (m *Media) Len() int { return len(m.byID) }

// Attachment returns the attachment with the given ID.
func (m *Media) Attachment(id int64) (Attachment, bool) {
	a, ok := m.byID[id]
	if !ok {
		return Attachment{}, false
	}
	return *a, true
}

// Children returns the IDs of the attachments uploaded to a post, in
// upload order.
func (m *Media) Children(parent int64) []int64 { return m.byParent[parent] }

// Original resolves an absolute media URL, or the address of an
// attachment's own page, to its original upload. It
// matches on the URL path, so http/https and www variants of the site host
// resolve alike; siteHost limits matches to the blog's own host.
func (m *Media) Original(raw, siteHost string) (string, bool) {
	u, err := url.Parse(raw)
	if err != nil || m.byPath == nil {
		return "", false
	}
	if u.Host != "" && siteHost != "" && !SameHost(u.Host, siteHost) {
		return "", false
	}
	orig, ok := m.byPath[u.Path]
	return orig, ok
}
