package wp

import (
	"strings"
	"testing"
)

func TestAutop(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty input stays empty", " \n\t", ""},
		{"single newline becomes br", "a\nb", "<p>a<br />\nb</p>\n"},
		{"blank line starts a paragraph", "a\n\nb", "<p>a</p>\n<p>b</p>\n"},
		{"many blank lines are one break", "a\n\n\n\nb", "<p>a</p>\n<p>b</p>\n"},
		{"crlf is normalised", "a\r\n\r\nb", "<p>a</p>\n<p>b</p>\n"},
		{"pre keeps its blank lines", "<pre>a\n\nb</pre>", "<pre>a\n\nb</pre>\n"},
		{"text around pre becomes paragraphs", "x\n<pre>a\nb</pre>\ny", "<p>x</p>\n<pre>a\nb</pre>\n<p>y</p>\n"},
		{"block elements are not wrapped", "<div>a</div>", "<div>a</div>\n"},
		{"list is left alone", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n"},
		{"blockquote gets inner paragraphs", "<blockquote>q\n\nr</blockquote>", "<blockquote><p>q</p>\n<p>r</p></blockquote>\n"},
		{"existing br is not doubled", "a<br>\nb", "<p>a<br />\nb</p>\n"},
		{"two brs make a paragraph break", "a<br><br>b", "<p>a</p>\n<p>b</p>\n"},
		{"existing paragraph survives", "<p>already</p>", "<p>already</p>\n"},
		{"newline inside a tag is kept", "<img src=\"x\"\nalt=\"y\">", "<p><img src=\"x\"\nalt=\"y\"></p>\n"},
		{"script keeps its newlines", "<script>a\nb</script>", "<p><script>a\nb</script></p>\n"},
		{"hr closes a paragraph", "a\n<hr />\nb", "<p>a</p>\n<hr />\n<p>b</p>\n"},
		{"figcaption is not split", "<figure><img src=x>\n<figcaption>c</figcaption></figure>", "<figure><img src=x><figcaption>c</figcaption></figure>\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Autop(tc.in); got != tc.want {
				t.Errorf("Autop(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestAutopKeepsLineBreakInsideParagraph(t *testing.T) {
	got := Autop("first line\nsecond line")
	if strings.Count(got, "<p>") != 1 || !strings.Contains(got, "<br />") {
		t.Fatalf("want one paragraph with a <br />, got %q", got)
	}
}

func TestAutopNeverTouchesManyPreBlocks(t *testing.T) {
	in := "<pre>one\n\n1</pre>\n\ntext\n\n<pre class=\"x\">two\n\n2</pre>"
	got := Autop(in)
	for _, pre := range []string{"<pre>one\n\n1</pre>", "<pre class=\"x\">two\n\n2</pre>"} {
		if !strings.Contains(got, pre) {
			t.Errorf("lost %q in %q", pre, got)
		}
	}
	if strings.Contains(got, "wp-pre-tag") {
		t.Errorf("placeholder left behind: %q", got)
	}
}

func FuzzAutop(f *testing.F) {
	for _, s := range []string{"a\nb", "<pre>x\n\ny</pre>", "<div>\n<p>a</p></div>", "<blockquote>q</blockquote>", "<pre", "</pre><pre>", "<!-- a\nb -->", "<"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Autop(s)
		if strings.Contains(out, "<!-- wpnl -->") || strings.Contains(out, "WPPreserveNewline") {
			t.Fatalf("placeholder leaked: %q", out)
		}
		if strings.TrimSpace(s) != "" && out == "" {
			t.Fatalf("non-empty input %q gave empty output", s)
		}
	})
}
