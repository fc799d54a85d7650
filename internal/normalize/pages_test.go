package normalize

import (
	"testing"

	"github.com/blogport/blogport/internal/testenv"
)

// A multi-page post is written as one page, a rule at each break, and a
// note says so.
func TestCleanJoinsPagesWithARule(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"between paragraphs", "<p>one</p><!--nextpage--><p>two</p>", "<p>one</p><hr/><p>two</p>"},
		{"inside a paragraph, as wpautop leaves it", "<p>one<br/>\n<!--nextpage--><br/>\ntwo <em>b</em></p>", "<p>one</p><hr/><p>two <em>b</em></p>"},
		{"at the end of a paragraph", "<p>one<!-- nextpage --></p><p>two</p>", "<p>one</p><hr/><p>two</p>"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := clean(t, tc.in)
			testenv.Contains(t, got.HTML, []string{tc.want}, []string{"nextpage"})
			if len(got.Notes) != 1 || got.Notes[0].String() != "test:1: page_breaks: 2 pages (<!--nextpage-->) written as one, a horizontal rule at each page break" {
				t.Errorf("notes = %v", got.Notes)
			}
		})
	}
}
