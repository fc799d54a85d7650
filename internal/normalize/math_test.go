package normalize

import (
	"strings"
	"testing"

	xhtml "golang.org/x/net/html"
)

func TestJetpackLatexBecomesMathOutsideCode(t *testing.T) {
	tests := []struct {
		name, in string
		rendered bool
		formulas []string // the TeX of each formula, in order
		note     string
	}{
		{"inline, parameters dropped", `<p>So $latex e^{i\pi}+1=0&amp;s=2&amp;bg=ffffff$ holds.</p>`, false, []string{`e^{i\pi}+1=0`}, "math: 1 formula written as TeX ($…$), rendered by MathJax on the new site"},
		{"entities decoded, escaped dollar kept", `<p>$LaTeX=a &lt; b$ and $latex \$5$</p>`, false, []string{"a < b", `\$5`}, "math: 2 formulas"},
		{"code and pre left as typed", `<p><code>$latex x$</code></p><pre>$latex y$</pre>`, false, nil, ""},
		{"not closed", `<p>$latex x</p>`, false, nil, ""},
		{"not Jetpack's: $latexy", `<p>$latexy$</p>`, false, nil, ""},
		{"display HTML: Jetpack already rendered what it knew", `<p>$latex x$</p>`, true, nil, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := testPost()
			p.Rendered = tc.rendered
			got := Clean(p, testSite(), Content{HTML: tc.in}, nil)
			if n := strings.Count(got.HTML, "<"+MathElement); n != len(tc.formulas) {
				t.Fatalf("%d formulas, want %d\n%s", n, len(tc.formulas), got.HTML)
			}
			for _, tex := range tc.formulas {
				var b strings.Builder
				_ = xhtml.Render(&b, mathNode(tex))
				if !strings.Contains(got.HTML, b.String()) {
					t.Errorf("no formula %q in\n%s", tex, got.HTML)
				}
			}
			var notes []string
			for _, n := range got.Notes {
				notes = append(notes, n.What)
			}
			if all := strings.Join(notes, "\n"); tc.note == "" && strings.Contains(all, "math:") || !strings.Contains(all, tc.note) {
				t.Errorf("notes %q, want %q", all, tc.note)
			}
		})
	}
}
