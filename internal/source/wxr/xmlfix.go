package wxr

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// xmlFixer passes well-formed XML through unchanged and mends the spots
// older exporters left malformed, where WordPress's importer falls back to
// a lenient parser instead of refusing the file:
//   - a bare & that starts no known entity (an attachment_url's query
//     string, a title written unescaped) becomes &amp;
//   - a bare < that cannot start markup (a < b) becomes &lt;
//   - a ]]> inside a CDATA section, which older exporters did not split
//     (code holding a[b[0]]> 1), is kept as text: ]]]]><![CDATA[>, as
//     today's exporter writes it.
//
// Each is an error in well-formed XML, so a well-formed file passes
// byte for byte (FuzzXMLFixer holds it to that). Lines stay where they
// were, so errors and notes name the file's lines.
type xmlFixer struct {
	r      io.Reader
	buf    []byte // holds in
	in     []byte // read, not yet looked at
	outBuf []byte // holds out
	out    []byte // mended, not yet returned
	eof    bool
	state  skipState // inText, inCDATA or inComment
	off    bool      // passing everything through
	line   int
	counts [3]int // bare &, bare <, ]]> in CDATA
	lines  []int  // first lines with a repair
}

// lookahead is how far past a & or < the fixer looks to decide, and
// cdataWindow how far past a ]]>.
const (
	lookahead   = 64
	cdataWindow = 4096
)

func newXMLFixer(r io.Reader) *xmlFixer {
	return &xmlFixer{r: r, line: 1, buf: make([]byte, 64<<10)}
}

func (x *xmlFixer) Read(p []byte) (int, error) {
	if len(x.out) == 0 {
		x.out = x.outBuf[:0]
		for len(x.out) < len(p) && (!x.eof || len(x.in) > 0) {
			if x.step() {
				continue
			}
			if len(x.out) > 0 {
				break
			}
			if err := x.fill(); err != nil {
				return 0, err
			}
		}
		x.outBuf = x.out[:0]
		if len(x.out) == 0 {
			return 0, io.EOF
		}
	}
	n := copy(p, x.out)
	x.out = x.out[n:]
	return n, nil
}

// fill moves what is left of in to the front of the buffer and reads
// after it.
func (x *xmlFixer) fill() error {
	n := copy(x.buf, x.in)
	m, err := x.r.Read(x.buf[n:])
	x.in = x.buf[:n+m]
	if err == io.EOF {
		x.eof = true
		return nil
	}
	return err
}

// step moves what it can from in to out: the bytes up to the next spot
// that needs a look, or that spot when enough follows it to decide. It
// reports false when it needs more input first.
func (x *xmlFixer) step() bool {
	var i int
	mark := "]]>"
	switch x.state {
	case inText:
		i, mark = bytes.IndexAny(x.in, "&<"), ""
	case inComment:
		mark = "-->"
		fallthrough
	default:
		i = bytes.Index(x.in, []byte(mark))
	}
	if x.off {
		i = -1
	}
	switch {
	case i > 0:
		x.emit(i, "")
	case i < 0: // all but a tail that may hold the start of a marker
		keep := max(len(mark)-1, 0)
		if x.eof {
			keep = 0
		}
		if len(x.in) <= keep {
			return false
		}
		x.emit(len(x.in)-keep, "")
	case !x.ready():
		return false
	default:
		x.decide()
	}
	return true
}

// ready reports whether enough follows the spot at the start of in to
// decide it: a few bytes past & or <, a window past ]]>, and a whole
// declaration or processing instruction (or a full buffer).
func (x *xmlFixer) ready() bool {
	switch {
	case x.eof:
		return true
	case x.state == inCDATA:
		return len(x.in) >= cdataWindow
	case len(x.in) < lookahead:
		return false
	case x.state == inText && isDeclaration(x.in):
		_, ok := declarationEnd(x.in)
		return ok || len(x.in) == len(x.buf)
	}
	return true
}

// decide handles the spot at the start of in.
func (x *xmlFixer) decide() {
	switch {
	case x.state == inCDATA:
		// Well-formed XML never has ]]> in the text after a section's
		// end, before the next markup: if it does, the first one was
		// the section's text.
		rest := x.in[3:min(len(x.in), cdataWindow)]
		if end, lt := bytes.Index(rest, []byte("]]>")), bytes.IndexByte(rest, '<'); end >= 0 && (lt < 0 || end < lt) {
			x.repair(2, 3, "]]]]><![CDATA[>")
			return
		}
		x.state = inText
		x.emit(3, "")
	case x.state == inComment:
		x.state = inText
		x.emit(3, "")
	case bytes.HasPrefix(x.in, []byte(cdataOpen)):
		x.state = inCDATA
		x.emit(len(cdataOpen), "")
	case bytes.HasPrefix(x.in, []byte("<!--")):
		x.state = inComment
		x.emit(4, "")
	case isDeclaration(x.in):
		// <!DOCTYPE …> and <?pi …?> pass as they are; one larger than the
		// buffer ends the mending, so nothing well-formed is ever changed
		end, ok := declarationEnd(x.in)
		x.off = !ok
		x.emit(end, "")
	case x.in[0] == '<':
		if len(x.in) == 1 || !startsMarkup(x.in[1]) {
			x.repair(1, 1, "&lt;")
			return
		}
		x.emit(1, "")
	default: // &
		if knownEntity(x.in[:min(len(x.in), lookahead)]) {
			x.emit(1, "")
			return
		}
		x.repair(0, 1, "&amp;")
	}
}

// emit moves in[:n] to out, then writes s.
func (x *xmlFixer) emit(n int, s string) {
	x.line += bytes.Count(x.in[:n], []byte{'\n'})
	x.out = append(append(x.out, x.in[:n]...), s...)
	x.in = x.in[n:]
}

// repair replaces in[:n] by s, counting it as a repair of kind k.
func (x *xmlFixer) repair(k, n int, s string) {
	x.counts[k]++
	if len(x.lines) < 10 && (len(x.lines) == 0 || x.lines[len(x.lines)-1] != x.line) {
		x.lines = append(x.lines, x.line)
	}
	x.out = append(x.out, s...)
	x.in = x.in[n:]
}

// note is the run report's line on the repairs, "" when there were none.
func (x *xmlFixer) note() string {
	var parts []string
	for k, what := range []string{"bare & written as &amp;", "bare < written as &lt;", "]]> inside CDATA kept as text"} {
		if x.counts[k] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", x.counts[k], what))
		}
	}
	if parts == nil {
		return ""
	}
	return "repaired malformed XML as WordPress's importer reads it: " + strings.Join(parts, ", ")
}

// isDeclaration reports whether in starts a processing instruction or a
// declaration other than a comment or CDATA section.
func isDeclaration(in []byte) bool {
	return bytes.HasPrefix(in, []byte("<?")) ||
		bytes.HasPrefix(in, []byte("<!")) && !bytes.HasPrefix(in, []byte("<!--")) && !bytes.HasPrefix(in, []byte(cdataOpen))
}

// declarationEnd is the length of the declaration or processing
// instruction at the start of in, found as encoding/xml finds it: a PI
// ends at ?>, a declaration at the > outside quotes that closes its
// nested <…>, comments skipped; false when in holds no end. All of in
// when it holds none.
func declarationEnd(in []byte) (int, bool) {
	if in[1] == '?' {
		if i := bytes.Index(in[2:], []byte("?>")); i >= 0 {
			return i + 4, true
		}
		return len(in), false
	}
	depth, quote := 0, byte(0)
	for i := 3; i < len(in); i++ { // the byte after <! is not looked at
		b := in[i]
		switch {
		case quote == 0 && b == '>' && depth == 0:
			return i + 1, true
		case b == quote:
			quote = 0
		case quote != 0:
		case b == '\'' || b == '"':
			quote = b
		case b == '>':
			depth--
		case b == '<' && bytes.HasPrefix(in[i:], []byte("<!--")):
			end := bytes.Index(in[i+4:], []byte("-->"))
			if end < 0 {
				return len(in), false
			}
			i += 4 + end + 2
		case b == '<':
			depth++
		}
	}
	return len(in), false
}

// startsMarkup reports whether b may follow < in well-formed XML: a name,
// an end tag, a declaration or a processing instruction.
func startsMarkup(b byte) bool {
	return b == '/' || b == '!' || b == '?' || b == '_' || b == ':' || b >= 'A' && b <= 'Z' || b >= 'a' && b <= 'z' || b >= 0x80
}

// knownEntity reports whether s starts with a reference the decoder
// knows: &#N;, &#xH;, the five of XML, or an HTML entity.
func knownEntity(s []byte) bool {
	end := bytes.IndexByte(s, ';')
	if end < 2 {
		return false
	}
	name := string(s[1:end])
	if name[0] == '#' {
		digits, hex := name[1:], false
		if len(digits) > 0 && (digits[0] == 'x' || digits[0] == 'X') {
			digits, hex = digits[1:], true
		}
		return len(digits) > 0 && strings.Trim(digits, hexOr(hex)) == ""
	}
	switch name {
	case "amp", "lt", "gt", "quot", "apos":
		return true
	}
	_, ok := xml.HTMLEntity[name]
	return ok
}

func hexOr(hex bool) string {
	if hex {
		return "0123456789abcdefABCDEF"
	}
	return "0123456789"
}
