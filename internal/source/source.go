// Package source names what every reader of a blog provides: the site's
// indexes, its items one at a time, and the repairs made along the way.
package source

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"iter"

	"github.com/blogport/blogport/internal/fetch"
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

// FailureCode is the reason code of a failure to get something: http_NNN
// for a final answer outside 2xx, too_large past the size cap, host_down
// when the host stopped answering, robots_unavailable, bad_json and
// bad_xml for an answer that does not parse, fetch_error for the rest
// (resets, timeouts, refused connections).
func FailureCode(err error) string {
	var se *fetch.StatusError
	var syn *json.SyntaxError
	var ty *json.UnmarshalTypeError
	var xe *xml.SyntaxError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("http_%d", se.Status)
	case errors.Is(err, fetch.ErrTooLarge):
		return "too_large"
	case errors.Is(err, fetch.ErrHostDown):
		return "host_down"
	case errors.Is(err, fetch.ErrRobotsUnavailable):
		return "robots_unavailable"
	case errors.Is(err, fetch.ErrRobotsBlocked):
		return "robots_blocked"
	case errors.As(err, &syn), errors.As(err, &ty):
		return "bad_json"
	case errors.As(err, &xe):
		return "bad_xml"
	}
	return "fetch_error"
}
