package pipeline

import (
	"bufio"
	"encoding/gob"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"

	"github.com/blogport/blogport/internal/post"
)

// spool keeps the posts pass 1 read, one after the other in a run-local
// file, so that pass 2 replays them instead of reading the source again
// (no second crawl, REST paging or export parse). Memory holds one post.
type spool struct {
	f   *os.File
	buf *bufio.Writer
	enc *gob.Encoder
	n   int
}

// newSpool creates the spool at path, or a temporary file when path is "".
func newSpool(path string) (*spool, error) {
	var f *os.File
	var err error
	if path == "" {
		f, err = os.CreateTemp("", "blogport-spool-*")
	} else {
		f, err = os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o600)
	}
	if err != nil {
		return nil, fmt.Errorf("spool: %w", err)
	}
	s := &spool{f: f, buf: bufio.NewWriterSize(f, 1<<16)}
	s.enc = gob.NewEncoder(s.buf)
	return s, nil
}

// add appends one post.
func (s *spool) add(p *post.Post) error {
	s.n++
	if err := s.enc.Encode(p); err != nil {
		return fmt.Errorf("spool %s: %w", s.f.Name(), err)
	}
	return nil
}

// replay yields the posts in the order they were added.
func (s *spool) replay() iter.Seq2[*post.Post, error] {
	return func(yield func(*post.Post, error) bool) {
		if err := s.buf.Flush(); err != nil {
			yield(nil, fmt.Errorf("spool %s: %w", s.f.Name(), err))
			return
		}
		if _, err := s.f.Seek(0, io.SeekStart); err != nil {
			yield(nil, fmt.Errorf("spool %s: %w", s.f.Name(), err))
			return
		}
		dec := gob.NewDecoder(bufio.NewReaderSize(s.f, 1<<16))
		for i := 0; i < s.n; i++ {
			p := new(post.Post)
			if err := dec.Decode(p); err != nil {
				if errors.Is(err, io.EOF) {
					err = io.ErrUnexpectedEOF
				}
				yield(nil, fmt.Errorf("spool %s: post %d: %w", s.f.Name(), i+1, err))
				return
			}
			if !yield(p, nil) {
				return
			}
		}
	}
}

// remove deletes the spool file.
func (s *spool) remove() {
	s.f.Close()
	os.Remove(s.f.Name())
}
