package wxr

import (
	"bytes"
	"io"
	"unicode/utf8"
)

// cleaner passes a UTF-8 byte stream through, replacing invalid UTF-8 with
// U+FFFD and dropping characters XML 1.0 forbids (most C0 controls, U+FFFE,
// U+FFFF), which WordPress exports often carry from pasted text. It counts
// what it repaired and the first lines where it did, for the run report.
type cleaner struct {
	r          io.Reader
	buf        []byte
	start, end int
	eof        bool
	line       int // line of buf[start]
	badUTF8    int
	badChar    int
	lines      []int // first lines with a repair
}

func newCleaner(r io.Reader) *cleaner {
	return &cleaner{r: r, buf: make([]byte, 64<<10), line: 1}
}

// fill tops up the buffer so that a whole UTF-8 sequence is available.
func (c *cleaner) fill() error {
	for !c.eof && c.end-c.start < utf8.UTFMax {
		copy(c.buf, c.buf[c.start:c.end])
		c.end -= c.start
		c.start = 0
		n, err := c.r.Read(c.buf[c.end:])
		c.end += n
		if err == io.EOF {
			c.eof = true
		} else if err != nil {
			return err
		}
	}
	return nil
}

func (c *cleaner) Read(p []byte) (int, error) {
	n := 0
	for n+utf8.UTFMax <= len(p) {
		if err := c.fill(); err != nil {
			return n, err
		}
		if c.start == c.end {
			if n > 0 {
				return n, nil
			}
			return 0, io.EOF
		}
		// fast path: a run of printable ASCII, tabs and line breaks
		run := c.start
		limit := min(c.end, c.start+len(p)-n)
		for run < limit && isPlain(c.buf[run]) {
			run++
		}
		if run > c.start {
			chunk := c.buf[c.start:run]
			c.line += bytes.Count(chunk, []byte{'\n'})
			n += copy(p[n:], chunk)
			c.start = run
			continue
		}
		b := c.buf[c.start]
		if b < utf8.RuneSelf { // a control character
			c.start++
			c.badChar++
			c.note()
			continue
		}
		r, size := utf8.DecodeRune(c.buf[c.start:c.end])
		c.start += size
		switch {
		case r == utf8.RuneError && size == 1:
			c.badUTF8++
			c.note()
		case r == 0xFFFE || r == 0xFFFF:
			c.badChar++
			c.note()
			continue
		}
		n += utf8.EncodeRune(p[n:], r)
	}
	return n, nil
}

func isPlain(b byte) bool {
	return b >= 0x20 && b < utf8.RuneSelf || b == '\n' || b == '\t' || b == '\r'
}

func (c *cleaner) note() {
	if len(c.lines) < 10 && (len(c.lines) == 0 || c.lines[len(c.lines)-1] != c.line) {
		c.lines = append(c.lines, c.line)
	}
}
