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
