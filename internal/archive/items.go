package archive

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sort"
)

// items keeps the manifest's items out of memory: each is encoded as it
// is written, in the form it takes inside the manifest, to a run-local
// file, and only its path and place in that file stay here (plus the few
// facts Close needs about all of them). The manifest is then written item
// by item in path order, so memory does not grow with the site.
type items struct {
	f       *os.File // unlinked at once where the system allows: a killed run leaves nothing behind
	buf     *bufio.Writer
	enc     *json.Encoder
	size    int64
	index   []itemRef
	authors map[string]bool // the names of the exported items' authors
	ids     map[int64]bool  // exported item IDs
	used    map[string]bool // media URLs exported items reference
	zones   zones           // UTC offsets of their dates, for the site's time zone
	terms   []term          // their categories, tags and authors, each once, in order of first use
	seen    map[term]bool
}

type itemRef struct {
	path     string
	off, len int64
}

func newItems() *items {
	return &items{authors: map[string]bool{}, ids: map[int64]bool{}, used: map[string]bool{}, zones: zones{}, seen: map[term]bool{}}
}

// itemIndent is the indent of an item inside the manifest's "items" list.
const itemIndent = "    "

// add encodes one item.
func (s *items) add(it Item) error {
	if s.f == nil {
		f, err := os.CreateTemp("", "blogport-items-*")
		if err != nil {
			return fmt.Errorf("manifest: %w", err)
		}
		os.Remove(f.Name()) // the open file lives on; on systems that refuse, removed by close
		s.f, s.buf = f, bufio.NewWriterSize(f, 1<<16)
		s.enc = json.NewEncoder(&countingWriter{w: s.buf, n: &s.size})
		s.enc.SetEscapeHTML(false)
		s.enc.SetIndent(itemIndent, "  ")
	}
	off := s.size
	if err := s.enc.Encode(it); err != nil {
		return fmt.Errorf("manifest: %w", err)
	}
	s.index = append(s.index, itemRef{path: it.Path, off: off, len: s.size - off - 1}) // without the newline
	for _, a := range it.Authors {
		s.authors[a] = true
	}
	s.addTerms(authorTerm, it.Authors)
	s.addTerms(categoryTerm, it.Categories)
	s.addTerms(tagTerm, it.Tags)
	s.ids[it.ID] = true
	s.zones.add(it.Date)
	for _, a := range it.Assets {
		s.used[a.URL] = true
	}
	return nil
}

// writeManifest writes m, whose Items are left out, with the items added
// in path order: the bytes encodeJSON gives for the whole manifest.
func (s *items) writeManifest(out io.Writer, m Manifest) error {
	m.Items = []Item{}
	head, err := encodeJSON(m)
	if err != nil {
		return err
	}
	const empty = "[]\n}\n" // the end of encodeJSON's output: "items" is the last field
	if !bytes.HasSuffix(head, []byte(empty)) {
		return fmt.Errorf("manifest: unexpected encoding of the items")
	}
	if len(s.index) == 0 {
		_, err := out.Write(head)
		return err
	}
	if err := s.buf.Flush(); err != nil {
		return fmt.Errorf("manifest: %w", err)
	}
	sort.SliceStable(s.index, func(i, j int) bool { return s.index[i].path < s.index[j].path })
	w := bufio.NewWriterSize(out, 1<<16)
	w.Write(head[:len(head)-len(empty)])
	w.WriteString("[\n")
	for i, ref := range s.index {
		w.WriteString(itemIndent)
		if _, err := io.Copy(w, io.NewSectionReader(s.f, ref.off, ref.len)); err != nil {
			return fmt.Errorf("manifest: %w", err)
		}
		if i < len(s.index)-1 {
			w.WriteByte(',')
		}
		w.WriteByte('\n')
	}
	w.WriteString("  ]\n}\n")
	return w.Flush()
}

func (s *items) addTerms(kind termKind, names []string) {
	for _, n := range names {
		if t := (term{kind, n}); !s.seen[t] {
			s.seen[t] = true
			s.terms = append(s.terms, t)
		}
	}
}

// close drops the items' file.
func (s *items) close() {
	if s.f != nil {
		s.f.Close()
		os.Remove(s.f.Name())
	}
}

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
	n *int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	*c.n += int64(n)
	return n, err
}
