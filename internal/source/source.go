// Package source names what every reader of a blog provides: the site's
// indexes, its items one at a time, and the repairs made along the way.
package source

import (
	"context"
	"iter"

	"github.com/blogport/blogport/internal/post"
)

// Source yields a blog's items one at a time; Site is complete once the
// source is opened. The pipeline calls Posts once (it spools what it read
// for its second pass), so a source never needs to read its input twice.
type Source interface {
	Site() *post.Site
	Posts(ctx context.Context) iter.Seq2[*post.Post, error]
	Notes() []post.Note
}

// Failer is a source that could not get some of the site's items (a page
// that kept answering 500, one too large, a redirect loop, a listing cut
// short): each is one note with a reason code, listed among the run's
// failures, which makes the run partial (exit 3).
type Failer interface {
	Failed() []post.Note
}

// Failures returns what src could not get, if it says.
func Failures(src Source) []post.Note {
	if f, ok := src.(Failer); ok {
		return f.Failed()
	}
	return nil
}
