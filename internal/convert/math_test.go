package convert

import "testing"

func TestHasMathTellsFormulasFromPricesAndCode(t *testing.T) {
	tests := []struct {
		name, md string
		want     bool
	}{
		{"inline", "Euler: $e^{i\\pi}+1=0$, then text.", true},
		{"display", "$$\\sum_{k=1}^n k$$", true},
		{"display over lines", "$$a\n= b$$", true},
		{"kramdown inline", "a $$x$$ b", true},
		{"at the end", "it is $x$", true},
		{"prices", "From $5 to $10, or $20.", false},
		{"space inside", "a $ b $ c", false},
		{"digit after", "$x$5", false},
		{"escaped", `costs \$5 or \$x\$`, false},
		{"code span", "run `echo $a$` now", false},
		{"fenced", "```\n$x$\n```\n", false},
		{"after a fence", "```\n$x\n```\n$y$", true},
		{"passthrough pair", `a \(\$5\) b`, true},
		{"escaped backslash", `a \\(x) b`, false},
		{"nothing", "plain text", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := HasMath(tc.md); got != tc.want {
				t.Errorf("HasMath(%q) = %v, want %v", tc.md, got, tc.want)
			}
		})
	}
}
