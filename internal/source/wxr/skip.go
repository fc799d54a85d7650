package wxr

import (
	"bytes"
	"io"
)

// contentSkipper is what Open's index pass decodes: the stream with every
// CDATA section that opens a <content:encoded> element emptied but for its
// line breaks (so that lines in errors still count right). The index
// never reads post content, and content is most of an export's bytes:
// the XML tokenizer, which is the cost of the pass, is handed a fraction
// of them. The sections are found outside CDATA and comments only, and
// anything that is not exactly "<content:encoded><![CDATA[" (attributes,
// whitespace, escaped text) passes unchanged, so the index and every
// error are what they would be without it; an unterminated section
// passes through to fail as a truncated file.
type contentSkipper struct {
	r     io.Reader
	chunk []byte
	in    []byte // read and not yet decided
	out   []byte // decided, not yet returned
	state skipState
	eof   bool
	err   error
}

type skipState int

const (
	inText skipState = iota
	inCDATA
	inSkipped // a content CDATA section: only its newlines are passed on
	inComment
)

const (
	cdataOpen   = "<![CDATA["
	contentOpen = "<content:encoded>" + cdataOpen
)

func newContentSkipper(r io.Reader) *contentSkipper {
	return &contentSkipper{r: r, chunk: make([]byte, 64<<10)}
}

func (s *contentSkipper) Read(p []byte) (int, error) {
	for len(s.out) == 0 {
		if s.eof {
			return 0, s.err
		}
		s.fill()
	}
	n := copy(p, s.out)
	s.out = s.out[n:]
	return n, nil
}

// fill reads a chunk and decides as much of what is pending as it can.
func (s *contentSkipper) fill() {
	n, err := s.r.Read(s.chunk)
	s.in = append(s.in, s.chunk[:n]...)
	if err != nil {
		s.eof, s.err = true, err
	}
	s.out = s.out[:0]
	s.in = s.in[:copy(s.in, s.decide(s.in))]
}

// decide moves what it can of in to s.out and returns the rest, which a
// marker may straddle.
func (s *contentSkipper) decide(in []byte) []byte {
	for len(in) > 0 {
		if s.state != inText {
			end := "]]>"
			if s.state == inComment {
				end = "-->"
			}
			i := bytes.Index(in, []byte(end))
			if i < 0 {
				keep := min(len(in), len(end)-1)
				if s.eof {
					keep = 0
				}
				s.pass(in[:len(in)-keep])
				return in[len(in)-keep:]
			}
			s.pass(in[:i])
			s.out = append(s.out, end...)
			in, s.state = in[i+len(end):], inText
			continue
		}
		i := bytes.IndexByte(in, '<')
		if i < 0 {
			s.out = append(s.out, in...)
			return nil
		}
		s.out = append(s.out, in[:i]...)
		in = in[i:]
		if len(in) < len(contentOpen) && !s.eof {
			return in // too short to tell
		}
		open, state := "<", inText
		switch {
		case bytes.HasPrefix(in, []byte(contentOpen)):
			open, state = contentOpen, inSkipped
		case bytes.HasPrefix(in, []byte(cdataOpen)):
			open, state = cdataOpen, inCDATA
		case bytes.HasPrefix(in, []byte("<!--")):
			open, state = "<!--", inComment
		}
		s.out = append(s.out, open...)
		in, s.state = in[len(open):], state
	}
	return nil
}

// pass hands on the inside of a section: whole, or its newlines only.
func (s *contentSkipper) pass(b []byte) {
	if s.state != inSkipped {
		s.out = append(s.out, b...)
		return
	}
	for range bytes.Count(b, []byte{'\n'}) {
		s.out = append(s.out, '\n')
	}
}
