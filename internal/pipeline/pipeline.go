// Package pipeline is the one way through blogport: a source's posts are
// filtered by status, prepared (WordPress rules), converted to Markdown and
// written to the archive, with a summary of what happened.
package pipeline

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"runtime"
	"sort"
	"sync"

	"github.com/blogport/blogport/internal/archive"
	"github.com/blogport/blogport/internal/assets"
	"github.com/blogport/blogport/internal/convert"
	"github.com/blogport/blogport/internal/normalize"
	"github.com/blogport/blogport/internal/post"
	"github.com/blogport/blogport/internal/source"
	"github.com/blogport/blogport/internal/wp"
)

// Options configure a run.
type Options struct {
	Output         string
	Layout         archive.Layout
	Format         archive.Format
	Permalink      string // "keep" or a pattern for the new URLs; "" for the layout's own
	Drafts         bool   // add draft, pending and future items, marked draft
	IncludePrivate bool   // add private and password-protected items, marked draft
	Source         archive.Source
	Version        string
	Log            *slog.Logger
	Progress       func()             // called once per item written or skipped
	Assets         assets.Mode        // default Keep
	Downloader     *assets.Downloader // required for assets.Download
	Spool          string             // the file pass 1 spools items to, removed at the end; "" for a temporary file
	BaseURL        string             // the new site's address, for the site files; "" for the old site's
	NoSiteFiles    bool               // write the items only: no generator configuration, no theme
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
	Media     MediaStats                `json:"media"`
	Written   []string                  `json:"written"`
	Unchanged int                       `json:"unchanged"`
	Reused    int                       `json:"reused"` // items not converted again: unchanged since the last run, whose summary has their notes
	Removed   []string                  `json:"removed"`
	Notes     []post.Note               `json:"notes"`
}

// MediaStats counts media files.
type MediaStats struct {
	Downloaded int         `json:"downloaded"`
	Kept       int         `json:"kept_remote"`
	Failed     []post.Note `json:"failed"`
}

// ErrPartial means the run finished but some items failed.
var ErrPartial = errors.New("some items failed")

// ErrNothing means the run found nothing to export: never a success.
var ErrNothing = errors.New("nothing exported")

// Run migrates every post of src into the archive at opts.Output. The
// source is read once: pass 1 decides every item's file and new URL (so
// that links between posts can be rewritten whatever their order) and
// spools the items; pass 2 replays the spool to prepare, convert, fetch
// media and write.
func Run(ctx context.Context, src source.Source, opts Options) (*Summary, error) {
	if opts.Output == "" {
		return nil, errors.New("pipeline: no output directory")
	}
	r := &run{opts: opts, log: opts.Log, site: src.Site(), links: linkMap{}}
	if r.log == nil {
		r.log = slog.New(slog.DiscardHandler)
	}
	var err error
	if r.conv, err = convert.New(opts.Layout.Target()); err != nil {
		return nil, err
	}
	r.w, err = archive.Open(opts.Output, archive.Options{
		Layout: opts.Layout, Format: opts.Format, Source: opts.Source, Version: opts.Version, Terms: r.site.Terms,
		Authors: r.site.Authors, Media: r.site.Media.All(), Permalink: opts.Permalink, Home: r.site.URL,
		Site:        archive.Site{Title: r.site.Title, URL: opts.BaseURL, Language: r.site.Language, TimeZone: r.site.TimeZone},
		NoSiteFiles: opts.NoSiteFiles,
	})
	if err != nil {
		return nil, err
	}
	sp, err := newSpool(opts.Spool)
	if err != nil {
		return nil, err
	}
	defer sp.remove()
	r.sum = &Summary{
		Source: opts.Source, Output: opts.Output, Layout: opts.Layout,
		Seen: map[string]map[string]int{}, Exported: map[string]map[string]int{}, Skipped: map[string]int{},
		Failed: []post.Note{}, Media: MediaStats{Failed: []post.Note{}},
	}
	if err := r.plan(ctx, src, sp); err != nil {
		return r.sum, err
	}
	if opts.Assets != assets.Download { // downloads are placed by what came before: never reused
		r.w.SetBuild(r.fingerprint())
	}
	if err := r.writeAll(ctx, sp); err != nil {
		return r.sum, cmp.Or(err, r.w.Abort())
	}
	return r.close(src)
}

// writeAll is pass 2. The work of each item that needs nothing but the
// item (prepare, convert) runs on every core, a batch at a time, while
// the batch before is written: media and the archive are written in
// spool order, so that the archive is the same whatever the number of
// cores. At most two batches are in memory.
func (r *run) writeAll(ctx context.Context, sp *spool) error {
	cctx, stop := context.WithCancel(ctx)
	defer stop()
	ready := make(chan []*converted, 1)
	errc := make(chan error, 1)
	go func() { errc <- r.convertAll(cctx, sp, ready) }()
	var werr error
	for batch := range ready {
		for _, c := range batch {
			if werr == nil {
				werr = r.write(ctx, c)
			}
		}
		if werr != nil {
			stop() // the converter stops at its next batch
		}
	}
	return cmp.Or(werr, <-errc)
}

// convertAll replays the spool in batches, converts each batch on every
// core and hands it to ready, until the spool ends or ctx is done.
func (r *run) convertAll(ctx context.Context, sp *spool, ready chan<- []*converted) error {
	defer close(ready)
	size := 4 * runtime.GOMAXPROCS(0)
	var batch []*converted
	send := func() error {
		var wg sync.WaitGroup
		for _, c := range batch {
			wg.Go(func() { r.convert(ctx, c) })
		}
		wg.Wait()
		select {
		case ready <- batch:
			batch = nil
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	for p, err := range sp.replay() {
		if err != nil {
			return err
		}
		if batch = append(batch, &converted{post: p}); len(batch) == size {
			if err := send(); err != nil {
				return err
			}
		}
	}
	if len(batch) == 0 {
		return nil
	}
	return send()
}

// converted is one item of pass 2 once prepared and converted.
type converted struct {
	post    *post.Post
	prep    normalize.Prepared
	body    string
	summary string
	oldURLs []string // every form of its old address
	aliases []string // the old paths a static generator can serve
	err     error
	source  string        // the item's source hash
	kept    *archive.Item // the earlier run's item, when it need not be converted again
}

// convert does the work of one item that needs nothing but the item; it
// touches nothing shared but what it only reads (the site, the link map,
// the converter).
func (r *run) convert(ctx context.Context, c *converted) {
	p := c.post
	c.source = sourceSHA256(p)
	if prev, ok := r.w.Reusable(p, c.source); ok {
		c.kept = &prev
	} else {
		r.prepare(ctx, c)
	}
	autopComments(p.Comments)
}

// prepare renders, cleans and converts one item.
func (r *run) prepare(ctx context.Context, c *converted) {
	p := c.post
	c.prep = normalize.Clean(p, r.site, wp.Render(p, r.site), r.links.lookup)
	c.body, c.err = r.conv.Convert(ctx, c.prep.HTML)
	c.summary = normalize.Summary(p, c.prep.HTML)
	c.oldURLs, c.aliases = wp.OldLinks(p, r.site.URL)
}

// run is one pass through the pipeline.
type run struct {
	opts  Options
	log   *slog.Logger
	site  *post.Site
	conv  *convert.Converter
	w     *archive.Writer
	links linkMap
	sum   *Summary
}

// plan is pass 1: it reads the source, counts and filters what it saw,
// reserves each exported item's place and spools it.
func (r *run) plan(ctx context.Context, src source.Source, sp *spool) error {
	for p, err := range src.Posts(ctx) {
		if err != nil {
			return err
		}
		count(r.sum.Seen, p.Type, p.State())
		if ok, why := exportable(p, r.opts); !ok {
			r.sum.Skipped[why]++
			r.progress()
			continue
		}
		if newURL := r.w.Reserve(p); newURL != "" {
			oldURLs, _ := wp.OldLinks(p, r.site.URL)
			r.links.add(oldURLs, newURL)
		}
		if err := sp.add(p); err != nil {
			return err
		}
	}
	return nil
}

func (r *run) progress() {
	if r.opts.Progress != nil {
		r.opts.Progress()
	}
}

// write finishes one converted item: fetch its media and write it. An
// item that did not convert is listed as failed; the run goes on.
func (r *run) write(ctx context.Context, c *converted) error {
	r.progress()
	if c.kept != nil {
		kept, err := r.w.Keep(c.post, *c.kept)
		if err != nil || kept {
			r.reused(c, err)
			return err
		}
		r.prepare(ctx, c) // placed elsewhere now: converted after all
	}
	p, prep, err := c.post, c.prep, c.err
	r.sum.Notes = append(r.sum.Notes, prep.Notes...)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		r.sum.Failed = append(r.sum.Failed, post.Note{Where: p.Origin, Code: "convert_failed", What: fmt.Sprintf("%q: %v", p.Title, err)})
		r.log.Error("convert", "item", p.Origin, "err", err)
		return nil
	}
	files, list, err := fetchMedia(ctx, r.opts, prep.Assets, &r.sum.Media, p)
	if err != nil {
		return err
	}
	if err := r.w.Write(archive.Entry{
		Post: p, Body: c.body, Summary: c.summary,
		Aliases: c.aliases, OldURLs: c.oldURLs, Assets: list, Files: files, Source: c.source,
	}); err != nil {
		return err
	}
	count(r.sum.Exported, p.Type, p.State())
	return nil
}

// close writes the manifest and finishes the summary.
func (r *run) close(src source.Source) (*Summary, error) {
	sum := r.sum
	failures := source.Failures(src)
	sum.Failed = append(sum.Failed, failures...)
	if len(sum.Exported) == 0 { // a failed run changes nothing: no manifest, no files removed
		if err := r.w.Abort(); err != nil {
			return sum, err
		}
		sum.Notes = append(src.Notes(), sum.Notes...)
		skipped := 0
		for _, n := range sum.Skipped {
			skipped += n
		}
		return sum, fmt.Errorf("%w: the source gave %d items, %d of them skipped (see the summary)", ErrNothing, seen(sum.Seen), skipped)
	}
	if len(failures) > 0 { // what the source could not list this time is not taken for deleted
		r.w.KeepEarlier()
	}
	stats, err := r.w.Close()
	sum.Written, sum.Unchanged, sum.Removed = nonNil(stats.Written), stats.Unchanged, nonNil(stats.Removed)
	if err != nil {
		return sum, err
	}
	if stats.OwnConfig != "" {
		sum.Notes = append(sum.Notes, post.Note{Where: stats.OwnConfig, What: "the folder holds a site configuration of yours: blogport wrote the posts into it, and no site files (configuration, theme)"})
	}
	for _, f := range stats.Carried {
		sum.Notes = append(sum.Notes, post.Note{Where: f, Code: "kept_from_earlier_run", What: "not given by the source this time, which failed to list everything: kept as the earlier run wrote it"})
	}
	for _, f := range stats.Cleaned {
		sum.Notes = append(sum.Notes, post.Note{Where: f, Code: "interrupted_run_leftover", What: "a temporary file an interrupted run left: removed"})
	}
	for _, kept := range stats.Kept {
		sum.Notes = append(sum.Notes, post.Note{Where: kept, What: "a site file of yours (made or changed since blogport wrote it): left as it is, blogport's version not written"})
	}
	sum.Notes = append(src.Notes(), sum.Notes...) // the source's repairs, known once it was read
	sort.SliceStable(sum.Notes, func(i, j int) bool { return sum.Notes[i].Where < sum.Notes[j].Where })
	if sum.Notes == nil {
		sum.Notes = []post.Note{}
	}
	if len(sum.Failed) > 0 {
		return sum, ErrPartial
	}
	return sum, nil
}

// fetchMedia downloads a post's media when asked to. A failed download
// never stops the run: it is listed and the original URL stays.
func fetchMedia(ctx context.Context, opts Options, list []post.Asset, st *MediaStats, p *post.Post) ([]assets.File, []post.Asset, error) {
	switch opts.Assets {
	case assets.Skip:
		return nil, nil, nil
	case assets.Download:
	default:
		st.Kept += len(list)
		return nil, list, nil
	}
	var files []assets.File
	for _, a := range list {
		f, err := opts.Downloader.Get(ctx, a)
		if err != nil {
			if ctx.Err() != nil {
				return nil, nil, ctx.Err()
			}
			st.Failed = append(st.Failed, post.Note{Where: p.Origin, Code: source.FailureCode(err), What: fmt.Sprintf("%s: %v; the original URL is kept", a.URL, err)})
			continue
		}
		st.Downloaded++
		files = append(files, f)
	}
	return files, list, nil
}

// linkMap finds the new URL of an old-site link in any of its forms.
type linkMap map[string]string

func (m linkMap) add(oldURLs []string, newURL string) {
	target := (&url.URL{Path: newURL}).EscapedPath()
	for _, u := range oldURLs {
		if k, ok := post.LinkKey(u); ok {
			m[k] = target
		}
	}
}

func (m linkMap) lookup(u string) (string, bool) {
	k, ok := post.LinkKey(u)
	if !ok {
		return "", false
	}
	n, ok := m[k]
	return n, ok
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

// seen is how many items a count holds.
func seen(m map[string]map[string]int) int {
	n := 0
	for _, st := range m {
		for _, k := range st {
			n += k
		}
	}
	return n
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
