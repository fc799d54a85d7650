package wxr

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// generate writes an export of about size bytes: posts with classic and
// block content, comments and a fixed media library, so that only post
// content grows with the size.
func generate(tb testing.TB, size int) string {
	tb.Helper()
	p := filepath.Join(tb.TempDir(), fmt.Sprintf("gen-%d.xml", size))
	f, err := os.Create(p)
	if err != nil {
		tb.Fatal(err)
	}
	w := bufio.NewWriter(f)
	head := doc()
	w.WriteString(head[:strings.Index(head, "</channel>")])
	for i := 1; i <= 50; i++ {
		fmt.Fprintf(w, `<item><title>img%d</title><wp:post_id>%d</wp:post_id><wp:post_type>attachment</wp:post_type><wp:status>inherit</wp:status><wp:attachment_url>https://t.example/wp-content/uploads/2024/01/img%d.jpg</wp:attachment_url><wp:postmeta><wp:meta_key>_wp_attachment_metadata</wp:meta_key><wp:meta_value><![CDATA[a:2:{s:4:"file";s:16:"2024/01/img%d.jpg";s:5:"sizes";a:1:{s:6:"medium";a:1:{s:4:"file";s:%d:"img%d-300x200.jpg";}}}]]></wp:meta_value></wp:postmeta></item>`+"\n", i, 100000+i, i, i, len(fmt.Sprintf("img%d-300x200.jpg", i)), i)
	}
	para := strings.Repeat("The bench lamp clamps to the shelf and swings out of the way when the soldering starts. ", 6)
	written := 0
	for id := 1; written < size; id++ {
		var body strings.Builder
		for k := 0; k < 8; k++ {
			body.WriteString(para)
			body.WriteString("\n\n")
		}
		fmt.Fprintf(&body, `[caption width="300"]<img src="https://t.example/wp-content/uploads/2024/01/img%d-300x200.jpg" alt="x"> caption[/caption]`, id%50+1)
		s := fmt.Sprintf(`<item><title>Post %d</title><link>https://t.example/%d/</link><dc:creator>mark</dc:creator><content:encoded><![CDATA[%s]]></content:encoded><excerpt:encoded><![CDATA[]]></excerpt:encoded><wp:post_id>%d</wp:post_id><wp:post_date>2024-01-01 10:00:00</wp:post_date><wp:post_date_gmt>2024-01-01 09:00:00</wp:post_date_gmt><wp:post_name>post-%d</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type><category domain="post_tag" nicename="t%d"><![CDATA[T%d]]></category><wp:comment><wp:comment_id>%d</wp:comment_id><wp:comment_author>A</wp:comment_author><wp:comment_date>2024-01-01 11:00:00</wp:comment_date><wp:comment_content>Nice.</wp:comment_content><wp:comment_approved>1</wp:comment_approved></wp:comment></item>`+"\n",
			id, id, body.String(), id, id, id%20, id%20, id)
		w.WriteString(s)
		written += len(s)
	}
	w.WriteString("</channel>\n</rss>\n")
	if err := w.Flush(); err != nil {
		tb.Fatal(err)
	}
	f.Close()
	return p
}

// BenchmarkStream reads generated exports of 5 MB and 50 MB end to end
// (both passes) and reports throughput and the peak heap in use, which
// must not grow with the export's size.
func BenchmarkStream(b *testing.B) {
	for _, mb := range []int{5, 50} {
		b.Run(fmt.Sprintf("%dMB", mb), func(b *testing.B) {
			path := generate(b, mb<<20)
			fi, _ := os.Stat(path)
			b.SetBytes(fi.Size())
			b.ResetTimer()
			var peak uint64
			var ms runtime.MemStats
			sample := func() {
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapInuse)
			}
			for b.Loop() {
				r, err := Open(context.Background(), path)
				if err != nil {
					b.Fatal(err)
				}
				n := 0
				for _, err := range r.Posts(context.Background()) {
					if err != nil {
						b.Fatal(err)
					}
					if n++; n%128 == 0 {
						sample()
					}
				}
				sample()
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
		})
	}
}
