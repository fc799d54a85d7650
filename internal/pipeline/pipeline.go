// Package pipeline is the one way through blogport: a source's posts are
// filtered by status, prepared (WordPress rules), converted to Markdown and
// written to the archive, with a summary of what happened.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"log/slog"
	"sort"

	"github.com/blogport/blogport/internal/archive"
	"github.com/blogport/blogport/internal/convert"
	"github.com/blogport/blogport/internal/post"
	"github.com/blogport/blogport/internal/wp"
)

// Source is what the pipeline reads from.
type Source interface {
	Site() *post.Site
	Posts(ctx context.Context) iter.Seq2[*post.Post, error]
	Notes() []post.Note
}

// Options configure a run.
type Options struct {
	Output         string
	Layout         archive.Layout
	Format         archive.Format
	Drafts         bool // add draft, pending and future items, marked draft
	IncludePrivate bool // add private and password-protected items, marked draft
	Source         archive.Source
	Version        string
	Log            *slog.Logger
	Progress       func() // called once per item read
}

// Summary is the outcome of a run, printed by `pull --json`.
type Summary struct {
	Source    archive.Source            `json:"source"`
	Output    string                    `json:"output"`
	Layout    archive.Layout            `json:"layout"`
	Seen      map[string]map[string]int `json:"seen"`     // type → status → items read
	Exported  map[string]map[string]int `json:"exported"` // type → status → items written to the archive
	Skipped   map[string]int            `json:"skipped"`  // reason → items
	Failed    []post.Note               `json:"failed"`
	Written   []string                  `json:"written"`
	Unchanged int                       `json:"unchanged"`
	Removed   []string                  `json:"removed"`
	Notes     []post.Note               `json:"notes"`
}

// ErrPartial means the run finished but some items failed.
var ErrPartial = errors.New("some items failed")

// Run migrates every post of src into the archive at opts.Output.
func Run(ctx context.Context, src Source, opts Options) (*Summary, error) {
	log := opts.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	conv, err := convert.New(convert.Target(opts.Layout))
	if err != nil {
		return nil, err
	}
	site := src.Site()
	w, err := archive.Open(opts.Output, archive.Options{
		Layout: opts.Layout, Format: opts.Format, Source: opts.Source, Version: opts.Version, Terms: site.Terms,
	})
	if err != nil {
		return nil, err
	}
	sum := &Summary{
		Source: opts.Source, Output: opts.Output, Layout: opts.Layout,
		Seen: map[string]map[string]int{}, Exported: map[string]map[string]int{}, Skipped: map[string]int{},
		Failed: []post.Note{}, Notes: append([]post.Note{}, src.Notes()...),
	}
	for p, err := range src.Posts(ctx) {
		if err != nil {
			return sum, err
		}
		if opts.Progress != nil {
			opts.Progress()
		}
		count(sum.Seen, p.Type, status(p))
		if ok, why := exportable(p, opts); !ok {
			sum.Skipped[why]++
			continue
		}
		prep := wp.Prepare(p, site)
		sum.Notes = append(sum.Notes, prep.Notes...)
		body, err := conv.Convert(ctx, prep.HTML)
		if err != nil {
			if ctx.Err() != nil {
				return sum, ctx.Err()
			}
			sum.Failed = append(sum.Failed, post.Note{Where: p.Origin, What: fmt.Sprintf("%q: %v", p.Title, err)})
			log.Error("convert", "item", p.Origin, "err", err)
			continue
		}
		oldURLs, aliases := wp.OldLinks(p, site.URL)
		autopComments(p.Comments)
		if err := w.Write(archive.Entry{
			Post: p, Body: body, Summary: wp.Summary(p, prep.HTML),
			Aliases: aliases, OldURLs: oldURLs, Assets: prep.Assets,
		}); err != nil {
			return sum, err
		}
		count(sum.Exported, p.Type, status(p))
	}
	stats, err := w.Close()
	sum.Written, sum.Unchanged, sum.Removed = nonNil(stats.Written), stats.Unchanged, nonNil(stats.Removed)
	if err != nil {
		return sum, err
	}
	sort.SliceStable(sum.Notes, func(i, j int) bool { return sum.Notes[i].Where < sum.Notes[j].Where })
	if len(sum.Failed) > 0 {
		return sum, ErrPartial
	}
	return sum, nil
}

// exportable applies the status rules: only published posts and pages by
// default; drafts, pending and scheduled items with Drafts; private and
// password-protected items only with IncludePrivate; everything else
// (revisions, attachments, menus, templates, trash...) never.
func exportable(p *post.Post, opts Options) (bool, string) {
	if p.Type != "post" && p.Type != "page" {
		if p.Type == "attachment" {
			return false, "attachment (media library, referenced from posts)"
		}
		return false, "internal type " + p.Type
	}
	switch p.Status {
	case "publish", "private", "draft", "pending", "future":
	default:
		return false, "status " + p.Status
	}
	if (p.Status == "private" || p.Protected) && !opts.IncludePrivate {
		if p.Protected {
			return false, "password-protected (use --include-private)"
		}
		return false, "private (use --include-private)"
	}
	if (p.Status == "draft" || p.Status == "pending" || p.Status == "future") && !opts.Drafts {
		return false, p.Status + " (use --drafts)"
	}
	return true, ""
}

func status(p *post.Post) string {
	if p.Protected {
		return p.Status + "+password"
	}
	return p.Status
}

func count(m map[string]map[string]int, typ, st string) {
	if m[typ] == nil {
		m[typ] = map[string]int{}
	}
	m[typ][st]++
}

// autopComments formats comment text the way WordPress displays it.
func autopComments(cs []post.Comment) {
	for i := range cs {
		cs[i].Content = wp.Autop(cs[i].Content)
		autopComments(cs[i].Replies)
	}
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}
