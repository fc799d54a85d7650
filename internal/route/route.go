// Package route answers the question "what is this input?": one table of
// the kinds of input blogport understands, each a sniff (a file's first
// bytes, a folder's shape, or what discovery found at an address) and an
// open. The command line hands it the inputs as given; it hands back one
// source (several merged into one record per post) and the record of
// where it came from. A new kind of source is one package plus one entry
// in the table.
package route

import (
	"context"
	"fmt"
	"log/slog"
	"net/url"
	"slices"
	"strings"

	"github.com/blogport/blogport/internal/archive"
	"github.com/blogport/blogport/internal/extract"
	"github.com/blogport/blogport/internal/fetch"
	"github.com/blogport/blogport/internal/source"
	"github.com/blogport/blogport/internal/source/merge"
	"github.com/blogport/blogport/internal/source/wpapi"
)

// Options configure Open.
type Options struct {
	Via            []string         // routes forced for live addresses (rest, crawl, feed); several are merged
	Mapping        *extract.Mapping // crawl with this mapping instead of choosing one from the page
	Drafts         bool             // ask live sites for drafts, pending and scheduled items too
	IncludePrivate bool             // ask live sites for private items too
	Credentials    *wpapi.Credentials
	Fetch          fetch.Options // the network client; Open adds the sites' own hosts to Fetch.Hosts
	Log            *slog.Logger
}

// Opened is what Open found and opened.
type Opened struct {
	Source source.Source
	Record archive.Source // the manifest's record of the input
	Route  string         // the kinds opened, joined with "+"
	Why    string         // why each was chosen, joined with "; "
	Net    *fetch.Client  // the network client
	Media  *fetch.Client  // the client media come through: a mirror's own files, or Net
	Live   bool           // some input is a live address
}

// class is what an input is before its kind is known.
type class int

const (
	file class = iota
	folder
	address
)

func (c class) String() string { return [...]string{"file", "folder", "address"}[c] }

// input is one source as the user named it.
type input struct {
	name  string
	class class
	head  []byte   // file: its first bytes
	url   *url.URL // address
	site  *Site    // address: what discovery found
}

// kind is one sort of input: how to recognise it and how to open it.
type kind struct {
	name     string // the route's name, in the summary and the manifest
	what     string // for people: errors and help
	class    class
	together bool // all inputs of this kind are one source (a split export)
	sniff    func(*input) (why string, ok bool)
	open     func(ctx context.Context, o *opener, ins []*input, why string) (opened, error)
}

// kinds is the table, in order of preference: for each input the first
// kind whose sniff matches opens it. An open that finds the input is not
// its kind after all (a REST API that turns out closed) declines (see
// declined), and the next matching kind is tried.
var kinds = []kind{
	{name: "wxr", what: "a WordPress export file (WXR)", class: file, together: true, sniff: isWXR, open: openWXR},
	{name: "feed", what: "a feed file (RSS, Atom, RDF or JSON Feed)", class: file, sniff: isFeedFile, open: openFeedFile},
	{name: "mirror", what: "a folder holding a copy of a site (wget --mirror, HTTrack, a generator's output)", class: folder, sniff: isMirror, open: openMirror},
	{name: "feed", what: "the address of a feed", class: address, sniff: isFeedAddress, open: openFeed},
	{name: "rest", what: "a WordPress site with its REST API open", class: address, sniff: hasAPI, open: openREST},
	{name: "crawl", what: "any other site, crawled with a mapping", class: address, sniff: isSite, open: openCrawl},
}

// Routes are the names --via accepts.
func Routes() []string {
	var out []string
	for _, k := range kinds {
		if k.class == address {
			out = append(out, k.name)
		}
	}
	return out
}

// Understood says, for people, what inputs blogport reads.
func Understood() string {
	var out []string
	for _, k := range kinds {
		out = append(out, k.what)
	}
	return strings.Join(out, "; ")
}

// opened is one source of the run, before merging.
type opened struct {
	src   source.Source
	route string
	why   string
	rec   archive.Source
}

// Open recognises every input, opens each with its kind and merges them
// into one source. Files and folders are opened first, so that the
// network client knows the site an export came from (its media are
// downloaded from there); then the live addresses.
func Open(ctx context.Context, names []string, opts Options) (*Opened, error) {
	if err := CheckVia(opts.Via); err != nil {
		return nil, err
	}
	ins, err := classify(names)
	if err != nil {
		return nil, err
	}
	o := &opener{opts: opts}
	var all []opened
	offline, err := o.openOffline(ctx, ins)
	if err != nil {
		return nil, err
	}
	all = append(all, offline...)
	o.startNet(ins, all)
	for _, in := range ins {
		if in.class != address {
			continue
		}
		live, err := o.openAddress(ctx, in)
		if err != nil {
			return nil, err
		}
		all = append(all, live...)
	}
	return o.result(all, ins), nil
}

// UsageError marks an input named in a way blogport cannot use.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// CheckVia checks the routes --via names.
func CheckVia(via []string) error {
	for _, v := range via {
		if !slices.Contains(Routes(), v) {
			return &UsageError{fmt.Errorf("--via: unknown route %q (want %s, or several joined by commas)", v, strings.Join(Routes(), ", "))}
		}
	}
	return nil
}

// result merges the opened sources into one.
func (o *opener) result(all []opened, ins []*input) *Opened {
	out := &Opened{Net: o.net, Media: o.media, Record: all[0].rec}
	if out.Media == nil {
		out.Media = o.net
	}
	var routes, whys []string
	srcs := make([]source.Source, len(all))
	for i, op := range all {
		srcs[i], routes, whys = op.src, append(routes, op.route), append(whys, op.why)
	}
	out.Route, out.Why = strings.Join(routes, "+"), strings.Join(whys, "; ")
	out.Source = srcs[0]
	if len(srcs) > 1 {
		out.Source = merge.New(srcs...)
		out.Record.Kind = out.Route
	}
	for _, in := range ins {
		out.Live = out.Live || in.class == address
	}
	return out
}
