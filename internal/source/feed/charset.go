package feed

import (
	"bytes"
	"fmt"
	"mime"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/saintfish/chardet"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
)

// maxSniff bounds how much of a feed the charset detector reads.
const maxSniff = 256 << 10

var reXMLEncoding = regexp.MustCompile(`^(\s*<\?xml[^>]*?\sencoding\s*=\s*["'])([^"']*)(["'])`)

// utf8Text returns a feed's bytes as UTF-8, with an XML declaration that
// says so, deciding the charset as a browser does: a byte-order mark,
// else the charset the HTTP Content-Type or the XML declaration names
// (in that order, RFC 7303), else UTF-8 when the bytes are UTF-8, else
// the charset the bytes look like. A declared UTF-8 that the bytes are
// not is a charset left undeclared (a server's default). note, when not
// empty, says what was assumed rather than declared.
func utf8Text(data []byte, contentType string) (out []byte, note string, err error) {
	enc, name := bomEncoding(data)
	if enc == nil {
		enc, name = declaredEncoding(data, contentType)
	}
	valid := utf8.Valid(data)
	if (enc == nil || name == "utf-8") && !valid {
		said := "declares no charset"
		if enc != nil {
			said = "declares UTF-8"
		}
		name = detectCharset(data)
		enc, _ = charset.Lookup(name)
		note = fmt.Sprintf("charset_detected: the feed %s and is not UTF-8: read as %s, the charset its bytes look like", said, name)
		if name == "utf-8" {
			note = "invalid_utf8: the feed is UTF-8 but for a few bytes: each of them is read as U+FFFD"
		}
	}
	out = data
	switch {
	case enc == nil || name == "utf-8" && valid:
	case name == "utf-8":
		out, err = unicode.UTF8.NewDecoder().Bytes(data) // replaces bad bytes, where the no-op decoder would pass them on
	default:
		out, err = enc.NewDecoder().Bytes(data)
	}
	if err != nil {
		return nil, "", err
	}
	// the declaration must not send the parser decoding the text again
	return reXMLEncoding.ReplaceAll(out, []byte("${1}UTF-8${3}")), note, nil
}

// bomEncoding reads a byte-order mark; the decoder drops it.
func bomEncoding(data []byte) (encoding.Encoding, string) {
	switch {
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		return unicode.UTF8BOM, "utf-8-bom"
	case bytes.HasPrefix(data, []byte("\xfe\xff")):
		return unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM), "utf-16be"
	case bytes.HasPrefix(data, []byte("\xff\xfe")):
		return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM), "utf-16le"
	}
	return nil, ""
}

// declaredEncoding is the charset the Content-Type names, else the one
// the XML declaration names, by their WHATWG labels; nil when neither
// names one we know. A UTF-16 named without a byte-order mark is read as
// UTF-8, as browsers do: the bytes were readable enough to name it.
func declaredEncoding(data []byte, contentType string) (encoding.Encoding, string) {
	var labels []string
	if _, params, err := mime.ParseMediaType(contentType); err == nil && params["charset"] != "" {
		labels = append(labels, params["charset"])
	}
	if m := reXMLEncoding.FindSubmatch(data[:min(len(data), 1024)]); m != nil {
		labels = append(labels, string(m[2]))
	}
	for _, l := range labels {
		if enc, name := charset.Lookup(strings.TrimSpace(l)); enc != nil {
			if strings.HasPrefix(name, "utf-16") {
				return charset.Lookup("utf-8")
			}
			return enc, name
		}
	}
	return nil, ""
}

// detectedLabels turns the detector's names into the labels browsers
// decode by: GB18030 is the superset of GBK and GB2312, and undeclared
// Hebrew is read as windows-1255, the superset of ISO-8859-8.
var detectedLabels = map[string]string{
	"GB-18030":     "gb18030",
	"ISO-8859-8":   "windows-1255",
	"ISO-8859-8-I": "windows-1255",
}

// detectCharset names the charset the bytes look like (chardet, ICU's
// detector, on the text with the markup stripped), windows-1252 when it
// names none that browsers know.
func detectCharset(data []byte) string {
	results, _ := chardet.NewHtmlDetector().DetectAll(data[:min(len(data), maxSniff)])
	for _, res := range results {
		label := res.Charset
		if l, ok := detectedLabels[label]; ok {
			label = l
		}
		if enc, name := charset.Lookup(label); enc != nil {
			return name
		}
	}
	return "windows-1252"
}
