package wxr

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
)

// refSkip is the contentSkipper's transformation done on the whole text
// at once, the plain way.
func refSkip(s string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		s = s[i:]
		open, end, skip := "<", "", false
		switch {
		case strings.HasPrefix(s, contentOpen):
			open, end, skip = contentOpen, "]]>", true
		case strings.HasPrefix(s, cdataOpen):
			open, end = cdataOpen, "]]>"
		case strings.HasPrefix(s, "<!--"):
			open, end = "<!--", "-->"
		}
		b.WriteString(open)
		s = s[len(open):]
		if end == "" {
			continue
		}
		j := strings.Index(s, end)
		inside := s
		if j >= 0 {
			inside, s = s[:j], s[j:]
		} else {
			s = ""
		}
		if skip {
			inside = strings.Repeat("\n", strings.Count(inside, "\n"))
		}
		b.WriteString(inside)
	}
}

func skipAll(t testing.TB, r io.Reader) string {
	out, err := io.ReadAll(newContentSkipper(r))
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

var skipCases = []string{
	"", "<", "<content:encoded>", "<content:encoded><![CDATA[", "<content:encoded><![CDATA[a\nb]]", "<content:encoded><![CDATA[a\nb]]></content:encoded>",
	"<content:encoded><![CDATA[<content:encoded><![CDATA[x]]>y]]>", "<![CDATA[<content:encoded><![CDATA[x]]>after<content:encoded><![CDATA[z]]>",
	"<!-- <content:encoded><![CDATA[x]]> -->", "<!-- unterminated <content:encoded><![CDATA[", "<content:encoded>\n<![CDATA[kept]]>",
	"<content:encoded type=\"x\"><![CDATA[kept]]>", "<content:encoded>a &amp; b</content:encoded>", "<excerpt:encoded><![CDATA[kept]]>",
	"a]]>b-->c<<<!--x-->", "<content:encoded><![CDATA[]]]]><![CDATA[>]]>",
}

func TestContentSkipperMatchesTheWholeTextTransform(t *testing.T) {
	for _, c := range append(skipCases, doc(itemXML(1, "One", "first\nline"), itemXML(2, "Two", "second"))) {
		want := refSkip(c)
		if got := skipAll(t, strings.NewReader(c)); got != want {
			t.Errorf("skip(%q)\n got %q\nwant %q", c, got, want)
		}
		// markers cut across reads
		if got := skipAll(t, iotest.OneByteReader(strings.NewReader(c))); got != want {
			t.Errorf("skip(%q) a byte at a time\n got %q\nwant %q", c, got, want)
		}
		if strings.Count(want, "\n") != strings.Count(c, "\n") {
			t.Errorf("skip(%q) lost line breaks", c)
		}
	}
}

func FuzzContentSkipper(f *testing.F) {
	for _, c := range skipCases {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, c string) {
		want := refSkip(c)
		if got := skipAll(t, iotest.HalfReader(strings.NewReader(c))); got != want {
			t.Fatalf("skip(%q)\n got %q\nwant %q", c, got, want)
		}
	})
}

// The index built on the skipped stream is the one built on everything,
// and a file cut inside a post's content fails the same way.
func TestIndexIsTheSameWithoutContent(t *testing.T) {
	files, _ := filepath.Glob("../../../testdata/*/*.xml")
	gen := generate(t, 256<<10)
	var cut []string
	for _, f := range []string{gen, "../../../testdata/wxr/sample.xml"} {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		data := string(raw)
		i := strings.Index(data, contentOpen) + len(contentOpen) + 5
		cut = append(cut, write(t, fmt.Sprintf("cut-%d.xml", len(cut)), data[:i]))
	}
	for _, f := range append(append(files, gen), cut...) {
		open := func(skip bool) (*Reader, error) {
			indexSkipsContent = skip
			defer func() { indexSkipsContent = true }()
			return Open(context.Background(), f)
		}
		with, errWith := open(true)
		without, errWithout := open(false)
		if fmt.Sprint(errWith) != fmt.Sprint(errWithout) {
			t.Errorf("%s: error %v with the skipper, %v without", f, errWith, errWithout)
			continue
		}
		if strings.Contains(f, "cut-") && !strings.Contains(fmt.Sprint(errWith), "looks truncated") {
			t.Errorf("%s: cut inside a post's content, error %v", f, errWith)
		}
		if errWith == nil && !reflect.DeepEqual(with, without) {
			t.Errorf("%s: the index differs with the skipper", f)
		}
	}
}
