package wxr

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/blogport/blogport/internal/post"
)

// occurrences tracks the items that share a post_id. A split export
// repeats an item whole, and the first is as good as any; but an export
// may also hold a stub (an item with the ID and little else) beside the
// real post, and the first of those may be the stub. The fullest wins.
// Every item costs a small entry; only repeated IDs keep more.
type occurrences struct {
	first map[int64]firstSeen
	dups  map[int64]*occurrence
}

type firstSeen struct {
	rich, line int32
	file       string // shares the file name's bytes
}

type occurrence struct {
	count, best, rich int
	varied            bool     // the occurrences are not equally full
	where             []string // file:line of each
}

func newOccurrences() occurrences {
	return occurrences{first: map[int64]firstSeen{}, dups: map[int64]*occurrence{}}
}

// add records an item of the index pass, read at file:line, and reports
// whether it is the fullest of its ID so far (the first is).
func (o *occurrences) add(it *item, file string, line int) bool {
	if it.ID == 0 {
		return true
	}
	rich := richness(it)
	f, seen := o.first[it.ID]
	if !seen {
		o.first[it.ID] = firstSeen{rich: int32(rich), line: int32(line), file: file}
		return true
	}
	oc := o.dups[it.ID]
	if oc == nil {
		oc = &occurrence{count: 1, rich: int(f.rich), where: []string{fmt.Sprintf("%s:%d", f.file, f.line)}}
		o.dups[it.ID] = oc
	}
	oc.where = append(oc.where, fmt.Sprintf("%s:%d", file, line))
	oc.varied = oc.varied || rich != oc.rich
	best := rich > oc.rich
	if best {
		oc.best, oc.rich = oc.count, rich
	}
	oc.count++
	return best
}

// chosen reports whether the n-th occurrence (from 0) of id is the one
// to read.
func (o *occurrences) chosen(id int64, n int) bool {
	oc := o.dups[id]
	return oc == nil && n == 0 || oc != nil && oc.best == n
}

// notes says, for each ID whose occurrences differ, which one was read.
func (o *occurrences) notes() []post.Note {
	var out []post.Note
	for _, id := range slices.Sorted(maps.Keys(o.dups)) {
		if oc := o.dups[id]; oc.varied {
			out = append(out, post.Note{Where: oc.where[oc.best], What: fmt.Sprintf(
				"duplicate_id: post_id %d appears %d times (%s): the fullest, here, is read; the others are left out", id, oc.count, strings.Join(oc.where, ", "))})
		}
	}
	return out
}

// richness counts what an item holds, as the index pass sees it (post
// content is skipped there).
func richness(it *item) int {
	n := len(it.Meta) + len(it.Categories) + len(it.Comments)
	for _, s := range []string{it.Title, it.Link, it.PostType, it.Status, it.PostDate, it.Name, it.GUID} {
		if strings.TrimSpace(s) != "" {
			n++
		}
	}
	return n
}
