package convert

import (
	"context"
	"github.com/blogport/blogport/internal/testenv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
)

// refEscapers are escapers as they were.
var refEscapers = map[Escaping]func(md string) string{
	EscapeShortcodes: refEscapeHugo,
	EscapeLiquid:     refEscapeLiquid,
	EscapeNothing:    func(md string) string { return md },
}

// trickyMarkdown aims at the edges of tidy and the escapers: blank lines
// of Unicode spaces, fences of each kind and length, indented code,
// escapes inside and outside code spans, template delimiters.
var trickyMarkdown = []string{
	"", "\n", "\n\n\n", " \n \n", "a\n\n\n\nb", "a\n \n\t\n\u00a0\nb", "\n\n a \n\n", "a  \nb", "a\u2028\n\n\n\u3000\nb",
	"```\n\\_x\\_\n```\nx\\_y", "~~~go\n\n\n\n~~~~\n\\[gallery ids=1\\]", "   ```\nin\n```", "    ```\nnot a fence\\_x", "``\nx\\_y\n",
	"```\n~~~\n```\na\\_b", "```\n ``` x\n```", "\tx\\_y", "`a\\_b` c\\_d `` e\\_f", "\\[caption id=1\\]x\\[/caption\\]", "- \\[x\\] item",
	"1. \\[gallery\\]", "\\[A\\]", "\\[ab\\](x)", "\\[ab\\]: y", "snake\\_case\\_name", "\\_x", "x\\_", "é\\_é", "{{< x >}}", "{{% y %}}",
	"{{< unclosed", "{{</* x */>}}", "{{ a }} {% b %}", "{% endraw %}", "{%- endraw -%}", "{{<{{%", "{", "{{",
	"```\na\n    \n\n\n  b\n```\n\n\n  \nc", "~~~\n\t\n~~~\n \n```\n \n", "```\n\n```\n\n\n```\n \n````\n",
}

// rawMarkdown is the converter's output, before our post-processing, for
// every HTML fixture in testdata and the bench posts, by target.
func rawMarkdown(t testing.TB) []string {
	t.Helper()
	var inputs []string
	files, _ := filepath.Glob("../../testdata/convert/*.html")
	for _, f := range files {
		inputs = append(inputs, prepared(t.(*testing.T), f))
	}
	pages, _ := filepath.Glob("../../testdata/pages/*.html")
	for _, f := range pages {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, string(data))
	}
	if len(inputs) < 10 {
		t.Fatalf("only %d fixtures", len(inputs))
	}
	for i := range 3 {
		inputs = append(inputs, testenv.ClassicPost(i))
	}
	var out []string
	for _, target := range []Target{Plain, Hugo, Jekyll} {
		c, err := New(target)
		if err != nil {
			t.Fatal(err)
		}
		for _, in := range inputs {
			raw, err := c.conv.ConvertString(in, converter.WithContext(context.WithValue(context.Background(), stateKey{}, &state{})))
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, raw)
		}
	}
	return out
}

func samePostprocess(t *testing.T, md string) {
	t.Helper()
	if got, want := tidy(md), refTidy(md); got != want {
		t.Fatalf("tidy(%q)\n got %q\nwant %q", md, got, want)
	}
	for esc, fn := range escapers {
		if got, want := fn(md), refEscapers[esc](md); got != want {
			t.Fatalf("escape %s (%q)\n got %q\nwant %q", esc, md, got, want)
		}
	}
}

func TestPostprocessMatchesReference(t *testing.T) {
	for _, md := range append(rawMarkdown(t), trickyMarkdown...) {
		samePostprocess(t, md)
		for i := 0; i < len(md); i++ { // every cut at a line start
			if md[i] == '\n' {
				samePostprocess(t, md[i+1:])
			}
		}
	}
}

func FuzzPostprocessMatchesReference(f *testing.F) {
	for _, md := range trickyMarkdown {
		f.Add(md)
	}
	f.Fuzz(func(t *testing.T, md string) {
		samePostprocess(t, md)
		samePostprocess(t, strings.ReplaceAll(md, "|", "\n")) // line breaks are rare in fuzzed text
	})
}
