package post

import "testing"

// A resized copy and the attachment's own page resolve to the original
// upload; another host, the site's home and a query address do not.
func TestMediaOriginal(t *testing.T) {
	var m Media
	m.Add(Attachment{ID: 5, URL: "https://b.example/wp-content/uploads/2010/09/cat.jpg", Variants: []string{"cat-300x200.jpg"},
		Link: "https://b.example/2010/09/10/gallery/cat/"})
	m.Add(Attachment{ID: 6, URL: "https://b.example/wp-content/uploads/dog.jpg", Link: "https://b.example/?attachment_id=6"})
	for _, tc := range []struct {
		raw, want string
	}{
		{"https://b.example/wp-content/uploads/2010/09/cat-300x200.jpg", "https://b.example/wp-content/uploads/2010/09/cat.jpg"},
		{"http://www.b.example/2010/09/10/gallery/cat/", "https://b.example/wp-content/uploads/2010/09/cat.jpg"},
		{"https://other.example/2010/09/10/gallery/cat/", ""},
		{"https://b.example/", ""},
		{"https://b.example/?attachment_id=6", ""},
	} {
		if got, _ := m.Original(tc.raw, "b.example"); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.raw, got, tc.want)
		}
	}
}
