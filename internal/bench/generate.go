package bench

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"time"
)

// Export describes a generated WordPress export.
type Export struct {
	Path        string `json:"path"`
	Bytes       int64  `json:"bytes"`
	Posts       int    `json:"posts"`
	Pages       int    `json:"pages"`
	Attachments int    `json:"attachments"`
	Comments    int    `json:"comments"`
}

// Items is what a converter should write: every post and page (all are
// published).
func (e Export) Items() int { return e.Posts + e.Pages }

// pagesFor is how many pages an export of n posts has.
func pagesFor(n int) int { return max(4, n/100) }

// Generate writes an export of posts posts to path. The same seed gives
// the same bytes: every item draws from its own generator, seeded with the
// seed and the item's ID.
func Generate(path string, posts int, seed uint64) (Export, error) {
	f, err := os.Create(path)
	if err != nil {
		return Export{}, err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	e := Export{Path: path, Posts: posts, Pages: pagesFor(posts), Attachments: mediaCount}
	e.Comments = writeExport(w, e, seed)
	if err := w.Flush(); err != nil {
		f.Close()
		return Export{}, fmt.Errorf("generate %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return Export{}, fmt.Errorf("generate %s: %w", path, err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		return Export{}, err
	}
	e.Bytes = fi.Size()
	return e, nil
}

// writeExport writes the whole document and returns the number of
// comments. Writes go to a bufio.Writer, whose error Flush reports.
func writeExport(w *bufio.Writer, e Export, seed uint64) int {
	writeHead(w)
	for k := 1; k <= e.Attachments; k++ {
		writeAttachment(w, medium(k))
	}
	comments := 0
	for i := range e.Posts {
		comments += writePost(w, i, e.Posts, seed)
	}
	for i := range e.Pages {
		writePage(w, i, e.Posts, seed)
	}
	w.WriteString("</channel>\n</rss>\n")
	return comments
}

// itemRand is the generator of one item.
func itemRand(seed uint64, id int) *rand.Rand {
	return rand.New(rand.NewPCG(seed, uint64(id)))
}

// postID is the WordPress ID of post i (attachments come first).
func postID(i int) int { return 1000 + i }

// pageID is the WordPress ID of page i (after every post).
func pageID(i, posts int) int { return 1000 + posts + i }

// postDate spreads posts evenly from 2012 to 2024, oldest first, at a
// time of day drawn from r.
func postDate(i, n int, r *rand.Rand) time.Time {
	start := time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC)
	span := 12 * 365 * 24 * time.Hour
	d := start.Add(time.Duration(int64(span) / int64(max(n, 1)) * int64(i)))
	d = d.Truncate(24 * time.Hour)
	return d.Add(time.Duration(7*60+r.IntN(14*60)) * time.Minute)
}

// cdata writes <tag><![CDATA[v]]></tag>; generated text holds no "]]>".
func cdata(w io.Writer, tag, v string) {
	fmt.Fprintf(w, "\t\t<%s><![CDATA[%s]]></%[1]s>\n", tag, v)
}
