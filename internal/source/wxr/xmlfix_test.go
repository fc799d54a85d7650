package wxr

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

func fixXML(t testing.TB, in string) (string, *xmlFixer) {
	t.Helper()
	x := newXMLFixer(iotest.OneByteReader(strings.NewReader(in)))
	out, err := io.ReadAll(x)
	if err != nil {
		t.Fatal(err)
	}
	return string(out), x
}

func TestXMLFixer(t *testing.T) {
	long := strings.Repeat("x", 70000) // past the fixer's buffer
	for _, tc := range []struct{ name, in, want, note string }{
		{"well-formed passes", `<a href="x">&amp;&#38;&#x26;&nbsp;<![CDATA[ & < ]]> ok</a><!-- & < -->`, "", ""},
		{"bare & in a query string", `<wp:attachment_url>http://x/a.jpg?w=1&h=2</wp:attachment_url>`, `<wp:attachment_url>http://x/a.jpg?w=1&amp;h=2</wp:attachment_url>`, "1 bare & written as &amp;"},
		{"unknown entity", `<title>&bogus; and &#xZZ;</title>`, `<title>&amp;bogus; and &amp;#xZZ;</title>`, "2 bare &"},
		{"bare < in a title", `<title>a < b <= c</title>`, `<title>a &lt; b &lt;= c</title>`, "2 bare < written as &lt;"},
		{"]]> inside CDATA", `<c><![CDATA[if (a[b[0]]> 1) { x }]]></c>`, `<c><![CDATA[if (a[b[0]]]]><![CDATA[> 1) { x }]]></c>`, "1 ]]> inside CDATA kept as text"},
		{"CDATA then text is well-formed", `<c><![CDATA[x]]> tail</c>`, "", ""},
		{"a long section", `<c><![CDATA[` + long + `]]></c><d>&x</d>`, `<c><![CDATA[` + long + `]]></c><d>&amp;x</d>`, "1 bare &"},
		{"ends after &", `<c>a&`, `<c>a&amp;`, "1 bare &"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, x := fixXML(t, tc.in)
			want := tc.want
			if want == "" {
				want = tc.in
			}
			if got != want {
				t.Errorf("got  %.200q\nwant %.200q", got, want)
			}
			if note := x.note(); !strings.Contains(note, tc.note) || (tc.note == "") != (note == "") {
				t.Errorf("note %q, want %q", note, tc.note)
			}
		})
	}
}

// A document encoding/xml reads strictly passes the fixer unchanged.
func FuzzXMLFixer(f *testing.F) {
	for _, s := range []string{`<a b="&amp;">x<![CDATA[]]]]><![CDATA[>]]><!--c--></a>`, `<a>&lt;</a>`, doc(itemXML(1, "One", "x ]]> y"))} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, _ := fixXML(t, in)
		d := xml.NewDecoder(strings.NewReader(in))
		d.Strict, d.Entity = true, xml.HTMLEntity
		for {
			_, err := d.Token()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				return // malformed: the fixer may change it
			}
		}
		if !bytes.Equal([]byte(got), []byte(in)) {
			t.Errorf("well-formed input changed:\n%q\n%q", in, got)
		}
	})
}
