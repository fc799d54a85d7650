package source

import (
	"regexp"
	"strings"

	"github.com/blogport/blogport/internal/fetch"
	"github.com/blogport/blogport/internal/post"
)

// Repair undoes double-encoded UTF-8 in one field of an item and, when it
// changed anything, adds a line to notes saying where.
func Repair(notes *[]post.Note, where, field, s string) string {
	fixed, changed := fetch.RepairMojibake(s)
	if changed {
		*notes = append(*notes, post.Note{Where: where, What: "repaired double-encoded UTF-8 (mojibake) in the " + field})
	}
	return fixed
}

var reNonWord = regexp.MustCompile(`[^\p{L}\p{N}]+`)

// Slug makes a term's slug from its name, for sources that show names only
// (feeds, crawled pages): lower case, letters and digits of any script,
// runs of anything else as one '-'.
func Slug(name string) string {
	return strings.Trim(reNonWord.ReplaceAllString(strings.ToLower(name), "-"), "-")
}
