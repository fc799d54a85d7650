package normalize

import (
	"testing"

	"github.com/blogport/blogport/internal/testenv"
)

func TestVideoID(t *testing.T) {
	tests := []struct{ url, kind, id string }{
		{"https://www.youtube.com/watch?v=abcdefghijk", "youtube", "abcdefghijk"},
		{"https://www.youtube.com/watch?feature=share&amp;v=abcdefghijk", "youtube", "abcdefghijk"},
		{"https://youtu.be/abcdefghijk", "youtube", "abcdefghijk"},
		{"//www.youtube-nocookie.com/embed/abcdefghijk", "youtube", "abcdefghijk"},
		{"https://www.youtube.com/shorts/abcdefghijk", "youtube", "abcdefghijk"},
		{"https://vimeo.com/76979871", "vimeo", "76979871"},
		{"https://player.vimeo.com/video/76979871", "vimeo", "76979871"},
		{"https://example.org/watch?v=abcdefghijk", "", ""},
		{"", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.url, func(t *testing.T) {
			if kind, id := VideoID(tc.url); kind != tc.kind || id != tc.id {
				t.Errorf("VideoID = %q %q, want %q %q", kind, id, tc.kind, tc.id)
			}
		})
	}
}

func TestEmbed(t *testing.T) {
	tests := []struct{ name, url, want string }{
		{"video is an iframe", "https://vimeo.com/12345", `<iframe src="https://vimeo.com/12345"></iframe>`},
		{"anything else is a link", "https://example.org/a?b=1&c=2", `<p><a href="https://example.org/a?b=1&amp;c=2">https://example.org/a?b=1&amp;c=2</a></p>`},
		{"no url, nothing", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Embed(tc.url); got != tc.want {
				t.Errorf("Embed(%q) = %q, want %q", tc.url, got, tc.want)
			}
		})
	}
}

func TestCleanRebuildsRenderedEmbeds(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
		notWant  []string
	}{
		{"url only, oEmbed failed", `<figure class="wp-block-embed is-provider-youtube"><div class="wp-block-embed__wrapper">
https://youtu.be/abcdefghijk
</div><figcaption>Talk</figcaption></figure>`,
			[]string{`<iframe src="https://youtu.be/abcdefghijk"></iframe>`, "<figcaption>Talk</figcaption>"}, []string{"wp-block-embed__wrapper"}},
		{"non-video url is a link", `<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">https://example.org/post</div></figure>`,
			[]string{`<a href="https://example.org/post">https://example.org/post</a>`}, []string{"<iframe"}},
		{"provider iframe is kept", `<figure class="wp-block-embed"><div class="wp-block-embed__wrapper"><iframe src="https://www.youtube.com/embed/abcdefghijk"></iframe></div></figure>`,
			[]string{`<div class="wp-block-embed__wrapper"><iframe src="https://www.youtube.com/embed/abcdefghijk"></iframe></div>`}, nil},
		{"text that is no url is kept", `<figure class="wp-block-embed"><div class="wp-block-embed__wrapper">see this video</div></figure>`,
			[]string{"see this video"}, []string{"<iframe", "<a "}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			testenv.Contains(t, clean(t, tc.in).HTML, tc.want, tc.notWant)
		})
	}
}

func TestVideoTimes(t *testing.T) {
	for _, tc := range []struct {
		u          string
		start, end int
	}{
		{"https://www.youtube.com/watch?v=aBcDeFgHiJk&t=90", 90, 0},
		{"https://www.youtube.com/watch?v=aBcDeFgHiJk&amp;t=1m30s", 90, 0},
		{"https://youtu.be/aBcDeFgHiJk?t=1h2m3s", 3723, 0},
		{"https://www.youtube.com/embed/aBcDeFgHiJk?start=30&end=60", 30, 60},
		{"https://www.youtube.com/watch?v=aBcDeFgHiJk#t=45", 45, 0},
		{"https://www.youtube.com/watch?v=aBcDeFgHiJk", 0, 0},
		{"https://www.youtube.com/watch?v=aBcDeFgHiJk&list=x", 0, 0},
	} {
		if s, e := VideoTimes(tc.u); s != tc.start || e != tc.end {
			t.Errorf("%s: %d %d, want %d %d", tc.u, s, e, tc.start, tc.end)
		}
	}
}
