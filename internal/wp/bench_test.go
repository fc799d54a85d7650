package wp

import (
	"testing"

	"github.com/blogport/blogport/internal/post"
	"github.com/blogport/blogport/internal/testenv"
)

func benchSite() *post.Site {
	s := &post.Site{URL: "https://blog.example.com"}
	s.Media.Add(post.Attachment{ID: 7, ParentID: 1, URL: "https://blog.example.com/wp-content/uploads/2024/01/cat.jpg", Alt: "A cat", Caption: "The cat"})
	return s
}

// BenchmarkAutop runs wpautop on classic posts of about 5 KB.
func BenchmarkAutop(b *testing.B) {
	posts := make([]string, 64)
	size := 0
	for i := range posts {
		posts[i] = testenv.ClassicPost(i)
		size += len(posts[i])
	}
	b.SetBytes(int64(size / len(posts)))
	n := 0
	for b.Loop() {
		Autop(posts[n%len(posts)])
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "posts/s")
}

// BenchmarkRender renders classic posts (shortcodes, wpautop) and block
// posts as the pipeline does, a post at a time.
func BenchmarkRender(b *testing.B) {
	for _, kind := range []struct {
		name string
		gen  func(int) string
	}{{"classic", testenv.ClassicPost}, {"blocks", testenv.BlockPost}} {
		b.Run(kind.name, func(b *testing.B) {
			site := benchSite()
			posts := make([]*post.Post, 64)
			size := 0
			for i := range posts {
				posts[i] = &post.Post{ID: 1, Content: kind.gen(i), Origin: "bench"}
				size += len(posts[i].Content)
			}
			b.SetBytes(int64(size / len(posts)))
			n := 0
			for b.Loop() {
				Render(posts[n%len(posts)], site)
				n++
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "posts/s")
		})
	}
}

// BenchmarkShortcodes runs the shortcode passes alone on classic posts:
// both expansions, shortcode_unautop and the scan for unknown shortcodes.
func BenchmarkShortcodes(b *testing.B) {
	site := benchSite()
	posts := make([]string, 64)
	size := 0
	for i := range posts {
		posts[i] = Autop(testenv.ClassicPost(i))
		size += len(posts[i])
	}
	b.SetBytes(int64(size / len(posts)))
	r := &renderer{post: &post.Post{ID: 1, Origin: "bench"}, site: site}
	n := 0
	for b.Loop() {
		text := r.expandShortcodes(posts[n%len(posts)], beforeAutop)
		text = shortcodeUnautop(text)
		unknownShortcodes(text)
		r.expandShortcodes(text, afterAutop)
		r.footnotes, r.notes = r.footnotes[:0], r.notes[:0]
		n++
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "posts/s")
}
