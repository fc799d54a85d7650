// Package source names what every reader of a blog provides: the site's
// indexes, its items one at a time, and the repairs made along the way.
package source

import (
	"context"
	"iter"

	"github.com/blogport/blogport/internal/post"
)

// Source yields a blog's items one at a time; Site is complete once the
// source is opened. Posts may be called more than once.
type Source interface {
	Site() *post.Site
	Posts(ctx context.Context) iter.Seq2[*post.Post, error]
	Notes() []post.Note
}
