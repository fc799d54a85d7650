package wxr

import (
	"bufio"
	"io"
	"unicode/utf8"
)

// cleaner passes a UTF-8 byte stream through, replacing invalid UTF-8 with
// U+FFFD and dropping characters XML 1.0 forbids (most C0 controls, U+FFFE,
// U+FFFF), which WordPress exports often carry from pasted text. It counts
// what it repaired and the first lines where it did, for the run report.
type cleaner struct {
	r       *bufio.Reader
	line    int
	badUTF8 int
	badChar int
	lines   []int // first lines with a repair
	buf     []byte
}

func newCleaner(r io.Reader) *cleaner {
	return &cleaner{r: bufio.NewReaderSize(r, 64<<10), line: 1}
}

func (c *cleaner) Read(p []byte) (int, error) {
	n := 0
	for n+utf8.UTFMax <= len(p) {
		b, err := c.r.ReadByte()
		if err != nil {
			if n > 0 {
				return n, nil
			}
			return 0, err
		}
		if b < utf8.RuneSelf {
			switch {
			case b == '\n':
				c.line++
			case b < 0x20 && b != '\t' && b != '\r':
				c.badChar++
				c.note()
				continue
			}
			p[n] = b
			n++
			continue
		}
		_ = c.r.UnreadByte()
		r, size, _ := c.r.ReadRune()
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

func (c *cleaner) note() {
	if len(c.lines) < 10 && (len(c.lines) == 0 || c.lines[len(c.lines)-1] != c.line) {
		c.lines = append(c.lines, c.line)
	}
}
