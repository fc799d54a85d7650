package convert

import (
	"context"
	"testing"

	"github.com/blogport/blogport/internal/normalize"
	"github.com/blogport/blogport/internal/post"
	"github.com/blogport/blogport/internal/testenv"
	"github.com/blogport/blogport/internal/wp"
)

// BenchmarkConvert converts prepared classic posts of about 5 KB with one
// shared converter per target, as the pipeline does.
func BenchmarkConvert(b *testing.B) {
	site := goldenSite()
	inputs := make([]string, 64)
	size := 0
	for i := range inputs {
		p := &post.Post{ID: 1, Content: testenv.ClassicPost(i), Link: "https://blog.example.com/2024/01/02/bench/", Origin: "bench"}
		inputs[i] = normalize.Clean(p, site, wp.Render(p, site), nil).HTML
		size += len(inputs[i])
	}
	for _, tc := range []struct {
		name   string
		target Target
	}{{"plain", Plain}, {"hugo", Hugo}, {"jekyll", Jekyll}} {
		b.Run(tc.name, func(b *testing.B) {
			c, err := New(tc.target)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(size / len(inputs)))
			n := 0
			for b.Loop() {
				if _, err := c.Convert(context.Background(), inputs[n%len(inputs)]); err != nil {
					b.Fatal(err)
				}
				n++
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "posts/s")
		})
	}
}
