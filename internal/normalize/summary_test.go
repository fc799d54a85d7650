package normalize

import (
	"testing"

	"github.com/blogport/blogport/internal/post"
)

func TestSummary(t *testing.T) {
	tests := []struct{ name, excerpt, prepared, want string }{
		{"own excerpt wins", "<p>Short &amp; sweet.</p>", "<p>Intro</p><blogport-more></blogport-more>", "Short & sweet."},
		{"text before the more mark", "", "<p>First\n  line.</p>\n<p>Second.</p><blogport-more></blogport-more><p>Rest</p>", "First line. Second."},
		{"no excerpt and no mark", "", "<p>All of it.</p>", ""},
		{"blank excerpt falls back", " <p> </p> ", "<p>Lead.</p><blogport-more></blogport-more>", "Lead."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Summary(&post.Post{Excerpt: tc.excerpt}, tc.prepared); got != tc.want {
				t.Errorf("Summary = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestPlainTextIsOneLine(t *testing.T) {
	if got := PlainText("<h1>Title</h1>\n<p>A <b>bold</b>\tclaim<br>over lines.</p>"); got != "Title A bold claim over lines." {
		t.Errorf("got %q", got)
	}
}
