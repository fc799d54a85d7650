// Package wxr streams WordPress export files (WXR, the RSS dialect written
// by Tools → Export and `wp export`). Files are read token by token, twice:
// Open's pass indexes what items refer to (terms, authors, the media
// library, page parents, the site's UTC offsets) and validates the XML
// structure, so a truncated file fails before anything is written; it
// skips post content unread, which is most of the bytes (see
// contentSkipper). Posts, called once by the pipeline, decodes everything
// and yields one post at a time; the reusable blocks it meets are in
// Site once it is done.
package wxr

import (
	"bufio"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/blogport/blogport/internal/post"
	"github.com/blogport/blogport/internal/source"
	"golang.org/x/net/html/charset"
)

var _ source.Source = (*Reader)(nil)

// ErrNotWXR reports a file that is well-formed XML (or not XML at all) but
// not a WordPress export.
var ErrNotWXR = errors.New("not a WordPress export (WXR) file")

// Reader reads one or more export files of the same site (a split export).
type Reader struct {
	paths []string
	site  post.Site
	index index
	occur occurrences // items sharing a post_id: which one is read
	notes []post.Note
}

// Open scans the export files and returns a Reader ready to yield posts.
// Any XML error, in any file, is returned here with file and line.
func Open(ctx context.Context, paths ...string) (*Reader, error) {
	r := &Reader{paths: paths, index: newIndex(), occur: newOccurrences()}
	for _, p := range paths {
		if err := r.scan(ctx, p); err != nil {
			return nil, err
		}
	}
	r.notes = append(r.notes, r.occur.notes()...)
	r.site.Title, r.site.Language = r.index.title, r.index.language
	r.site.URL = strings.TrimSuffix(firstSet(r.index.link, r.index.blogURL), "/")
	r.site.Terms = r.index.termList()
	r.site.Authors = r.index.authorList()
	r.site.Blocks = r.index.blocks
	r.site.Media = r.index.media
	return r, nil
}

// Len is the number of items the files hold (attachments and internal
// items included; repeated items of split exports counted again).
func (r *Reader) Len() int { return r.index.items }

// Site returns what the exports say about the whole site.
func (r *Reader) Site() *post.Site { return &r.site }

// Notes returns the repairs made while reading (bad UTF-8, control
// characters).
func (r *Reader) Notes() []post.Note { return r.notes }

// Posts yields every item of every file once (split exports may repeat
// items), in file order: posts, pages, attachments and WordPress-internal
// types alike; choosing what to export is the caller's business.
func (r *Reader) Posts(ctx context.Context) iter.Seq2[*post.Post, error] {
	return func(yield func(*post.Post, error) bool) {
		seen := map[int64]int{} // occurrences so far
		for _, p := range r.paths {
			stop := false
			err := r.each(ctx, p, func(it *item, line int) error {
				if it.ID != 0 {
					n := seen[it.ID]
					seen[it.ID]++
					if !r.occur.chosen(it.ID, n) {
						return nil
					}
				}
				r.index.addBlock(it)
				if !yield(r.post(it, fmt.Sprintf("%s:%d", filepath.Base(p), line)), nil) {
					stop = true
					return errStop
				}
				return nil
			}, nil)
			if stop {
				return
			}
			if err != nil {
				yield(nil, err)
				return
			}
		}
	}
}

var errStop = errors.New("stop")

// indexSkipsContent is off only in tests that compare the index built
// with the contentSkipper to the one built without.
var indexSkipsContent = true

// scan is the first pass over one file.
func (r *Reader) scan(ctx context.Context, path string) error {
	name := filepath.Base(path)
	return r.each(ctx, path, func(it *item, line int) error {
		r.index.items++
		if r.occur.add(it, name, line) { // a later, fuller occurrence replaces what an earlier one said
			r.index.addItem(it)
		}
		return nil
	}, func(d *xml.Decoder, start xml.StartElement) error {
		return r.index.addChannel(d, start)
	})
}

// each decodes one file, calling onItem for every <item> and onChannel for
// every other element directly inside <channel>.
func (r *Reader) each(ctx context.Context, path string, onItem func(*item, int) error, onChannel func(*xml.Decoder, xml.StartElement) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	name := filepath.Base(path)
	in, err := utf8Reader(f)
	if err != nil {
		return fmt.Errorf("wxr %s: %w", name, err)
	}
	clean := newCleaner(in)
	fix := newXMLFixer(clean)
	var xmlIn io.Reader = fix
	if onChannel != nil && indexSkipsContent { // the index pass, which reads no post content
		xmlIn = newContentSkipper(fix)
	}
	d := xml.NewDecoder(xmlIn)
	d.Strict = true
	d.Entity = xml.HTMLEntity
	d.CharsetReader = func(_ string, in io.Reader) (io.Reader, error) { return in, nil } // already UTF-8
	sc := &scan{name: name, d: d, onItem: onItem, onChannel: onChannel}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			if !sc.rootSeen {
				return fmt.Errorf("wxr %s: %w: no XML elements", name, ErrNotWXR)
			}
			if sc.depth != 0 {
				return sc.fail(io.ErrUnexpectedEOF)
			}
			break
		}
		if err != nil {
			if !sc.rootSeen {
				line, _ := d.InputPos()
				return fmt.Errorf("wxr %s: line %d: %w: %v", name, line, ErrNotWXR, err)
			}
			return sc.fail(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := sc.start(ctx, t); err != nil {
				return err
			}
		case xml.EndElement:
			sc.depth--
		}
	}
	if !sc.channelSeen {
		return fmt.Errorf("wxr %s: %w: no <channel> element", name, ErrNotWXR)
	}
	if what := fix.note(); onChannel != nil && what != "" {
		r.notes = append(r.notes, post.Note{Where: fmt.Sprintf("%s:%s", name, joinInts(fix.lines)), What: what})
	}
	if onChannel != nil && (clean.badUTF8 > 0 || clean.badChar > 0) {
		r.notes = append(r.notes, post.Note{
			Where: fmt.Sprintf("%s:%s", name, joinInts(clean.lines)),
			What:  fmt.Sprintf("repaired %d invalid UTF-8 sequences (now U+FFFD) and removed %d characters not allowed in XML", clean.badUTF8, clean.badChar),
		})
	}
	return nil
}

// scan is one pass over one export file.
type scan struct {
	name                  string
	d                     *xml.Decoder
	onItem                func(*item, int) error
	onChannel             func(*xml.Decoder, xml.StartElement) error
	depth                 int
	rootSeen, channelSeen bool
}

// start handles an element's start: the root is checked, items are
// decoded whole and handed to onItem, other channel children to
// onChannel.
func (sc *scan) start(ctx context.Context, t xml.StartElement) error {
	sc.depth++
	switch {
	case sc.depth == 1:
		if t.Name.Local != "rss" || !hasWPNamespace(t) {
			return fmt.Errorf("wxr %s: %w: root element is <%s>, want <rss> with the WordPress export namespace", sc.name, ErrNotWXR, t.Name.Local)
		}
		sc.rootSeen = true
	case sc.depth == 2 && t.Name.Local == "channel":
		sc.channelSeen = true
	case sc.depth == 3 && t.Name.Local == "item":
		if err := ctx.Err(); err != nil {
			return err
		}
		line, _ := sc.d.InputPos()
		var it item
		if err := sc.d.DecodeElement(&it, &t); err != nil {
			return sc.fail(err)
		}
		sc.depth--
		it.finish()
		return sc.onItem(&it, line)
	case sc.depth == 3 && sc.onChannel != nil:
		if err := sc.onChannel(sc.d, t); err != nil {
			return sc.fail(err)
		}
		sc.depth--
	}
	return nil
}

// fail names the file and line of a decoding error.
func (sc *scan) fail(err error) error {
	line, _ := sc.d.InputPos()
	var syn *xml.SyntaxError
	if errors.As(err, &syn) {
		line = syn.Line
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || (syn != nil && strings.Contains(syn.Msg, "unexpected EOF")) {
		return fmt.Errorf("wxr %s: line %d: file ends early, the export looks truncated: %w", sc.name, line, io.ErrUnexpectedEOF)
	}
	if syn != nil {
		return fmt.Errorf("wxr %s: line %d: %s", sc.name, line, syn.Msg)
	}
	return fmt.Errorf("wxr %s: line %d: %w", sc.name, line, err)
}

// hasWPNamespace reports whether the root declares the export namespace
// as WordPress's importer takes it: whatever the wp prefix is bound to, or
// wordpress.org/export/ of any version under either scheme (the Theme
// Unit Test data declares https://wordpress.org/export/1.2/).
func hasWPNamespace(t xml.StartElement) bool {
	for _, a := range t.Attr {
		v := strings.TrimPrefix(strings.TrimPrefix(strings.TrimSpace(a.Value), "http://"), "https://")
		if a.Name.Space == "xmlns" && (a.Name.Local == "wp" || strings.HasPrefix(v, "wordpress.org/export/")) {
			return true
		}
	}
	return false
}

var xmlEncoding = regexp.MustCompile(`^<\?xml[^>]*encoding=["']([A-Za-z0-9._-]+)["']`)

// utf8Reader converts a file whose XML declaration names another charset to
// UTF-8. A byte-order mark is dropped.
func utf8Reader(f io.Reader) (io.Reader, error) {
	br := bufio.NewReaderSize(f, 4096)
	head, _ := br.Peek(512)
	if bytes.HasPrefix(head, []byte("\xef\xbb\xbf")) {
		_, _ = br.Discard(3)
		head = head[3:]
	}
	m := xmlEncoding.FindSubmatch(head)
	if m == nil {
		return br, nil
	}
	label := strings.ToLower(string(m[1]))
	if label == "utf-8" || label == "utf8" {
		return br, nil
	}
	in, err := charset.NewReaderLabel(label, br)
	if err != nil {
		return nil, fmt.Errorf("unsupported encoding %q", label)
	}
	return in, nil
}

func joinInts(xs []int) string {
	var b strings.Builder
	for i, x := range xs {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprint(&b, x)
	}
	return b.String()
}
