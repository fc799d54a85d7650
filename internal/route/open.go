package route

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"iter"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/blogport/blogport/internal/archive"
	"github.com/blogport/blogport/internal/extract"
	"github.com/blogport/blogport/internal/fetch"
	"github.com/blogport/blogport/internal/source"
	"github.com/blogport/blogport/internal/source/crawl"
	"github.com/blogport/blogport/internal/source/feed"
	"github.com/blogport/blogport/internal/source/mirror"
	"github.com/blogport/blogport/internal/source/wpapi"
	"github.com/blogport/blogport/internal/source/wxr"
)

// opener holds what the opens of one run share.
type opener struct {
	opts  Options
	net   *fetch.Client // the network client, once the sites' hosts are known
	media *fetch.Client // a mirror's own client, when the media come from disk
}

func (o *opener) log() *slog.Logger {
	if o.opts.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return o.opts.Log
}

// openOffline opens the files and folders, each with the first kind of
// its class that recognises it; the inputs of a kind that reads them
// together (a split export) are opened as one, where the first of them
// stands.
func (o *opener) openOffline(ctx context.Context, ins []*input) ([]opened, error) {
	type group struct {
		k   *kind
		why string
		ins []*input
	}
	var groups []*group
	byKind := map[*kind]*group{}
	for _, in := range ins {
		if in.class == address {
			continue
		}
		k, why := sniff(in)
		if k == nil {
			return nil, notUnderstood(in)
		}
		if g := byKind[k]; g != nil && k.together {
			g.ins = append(g.ins, in)
			continue
		}
		g := &group{k: k, why: why, ins: []*input{in}}
		groups, byKind[k] = append(groups, g), g
	}
	var out []opened
	for _, g := range groups {
		op, err := g.k.open(ctx, o, g.ins, g.why)
		if err != nil {
			return nil, err
		}
		out = append(out, op.as(g.k))
	}
	return out, nil
}

// matching yields, in table order, the kinds of the input's class that
// recognise it, each with why.
func matching(in *input) iter.Seq2[*kind, string] {
	return func(yield func(*kind, string) bool) {
		for i := range kinds {
			k := &kinds[i]
			if k.class != in.class {
				continue
			}
			if why, ok := k.sniff(in); ok && !yield(k, why) {
				return
			}
		}
	}
}

// sniff finds the first kind of the input's class that recognises it.
func sniff(in *input) (*kind, string) {
	for k, why := range matching(in) {
		return k, why
	}
	return nil, ""
}

// startNet makes the network client. Its hosts are the live addresses',
// and the site of an export, whose media are downloaded from there.
func (o *opener) startNet(ins []*input, offline []opened) {
	fo := o.opts.Fetch
	fo.Hosts = append([]string(nil), fo.Hosts...)
	if len(offline) > 0 && o.media == nil {
		if u, err := url.Parse(offline[0].src.Site().URL); err == nil && u.Host != "" {
			fo.Hosts = append(fo.Hosts, u.Host)
		}
	}
	for _, in := range ins {
		if in.class == address {
			fo.Hosts = append(fo.Hosts, in.url.Host)
		}
	}
	fo.Log = o.opts.Log
	o.net = fetch.New(fo)
}

// openAddress finds out what a live address is and opens the best route
// for it, or each route --via names.
func (o *opener) openAddress(ctx context.Context, in *input) ([]opened, error) {
	site, err := Discover(ctx, o.net, in.url.String())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", in.url, err)
	}
	in.site = site
	if len(o.opts.Via) > 0 {
		var out []opened
		for _, via := range o.opts.Via {
			k := kindNamed(via)
			op, err := k.open(ctx, o, []*input{in}, "forced with --via")
			if err != nil {
				return nil, fmt.Errorf("%s: %w", in.url, err)
			}
			out = append(out, op.as(k))
		}
		return out, nil
	}
	var declinedWhy string
	for k, why := range matching(in) {
		op, err := k.open(ctx, o, []*input{in}, cmp.Or(declinedWhy, why))
		var d *declined
		if errors.As(err, &d) {
			declinedWhy = d.why
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", in.url, err)
		}
		return []opened{op.as(k)}, nil
	}
	return nil, notUnderstood(in) // unreachable while crawl takes any site
}

// kindNamed is the address kind --via names (checked by Open).
func kindNamed(name string) *kind {
	for i := range kinds {
		if kinds[i].class == address && kinds[i].name == name {
			return &kinds[i]
		}
	}
	panic("route: unchecked --via " + name)
}

// declined is an open finding that the input is not its kind after all;
// why is the reason the next kind gives.
type declined struct {
	why string
	err error
}

func (d *declined) Error() string { return d.err.Error() }
func (d *declined) Unwrap() error { return d.err }

func openWXR(ctx context.Context, o *opener, ins []*input, why string) (opened, error) {
	paths := make([]string, len(ins))
	names := make([]string, len(ins))
	for i, in := range ins {
		paths[i], names[i] = in.name, filepath.Base(in.name)
	}
	r, err := wxr.Open(ctx, paths...)
	if err != nil {
		return opened{}, err
	}
	site := r.Site()
	o.log().Info("read export", "files", len(paths), "items", r.Len(), "site", site.URL,
		"terms", len(site.Terms), "attachments", site.Media.Len())
	return opened{src: r, why: why, rec: archive.Source{Kind: "wxr", URL: site.URL, Files: names}}, nil
}

func openFeedFile(ctx context.Context, o *opener, ins []*input, why string) (opened, error) {
	in := ins[0]
	r, err := feed.Open(ctx, nil, in.name, nil)
	if err != nil {
		return opened{}, fmt.Errorf("%s: %w", in.name, err)
	}
	return opened{src: r, why: why, rec: archive.Source{Kind: "feed", URL: r.Site().URL, Files: []string{filepath.Base(in.name)}}}, nil
}

// openMirror crawls a local copy through a client of its own that reads
// the files, with no pacing; the media come from there too.
func openMirror(ctx context.Context, o *opener, ins []*input, why string) (opened, error) {
	in := ins[0]
	host, root := mirror.Host(in.name)
	local := fetch.New(fetch.Options{Delay: -1, Retries: -1, Hosts: []string{host}, Transport: mirror.Transport{Root: root}, Log: o.opts.Log})
	o.media = local
	start, err := local.Get(ctx, "https://"+host+"/")
	if err != nil {
		return opened{}, fmt.Errorf("%s: %w", in.name, err)
	}
	r, err := crawl.Open(ctx, local, start, o.opts.Mapping)
	if err != nil {
		return opened{}, fmt.Errorf("%s: %w", in.name, err)
	}
	return opened{src: r, why: why + "; " + r.Why(),
		rec: archive.Source{Kind: "mirror", URL: "https://" + host, Files: []string{filepath.Base(in.name)}}}, nil
}

func openREST(ctx context.Context, o *opener, ins []*input, why string) (opened, error) {
	d := ins[0].site
	root := d.APIRoot
	if root == "" {
		root = strings.TrimSuffix(d.URL, "/") + "/wp-json/"
	}
	r, err := wpapi.Open(ctx, o.net, root, wpapi.Options{Drafts: o.opts.Drafts, IncludePrivate: o.opts.IncludePrivate, Credentials: o.opts.Credentials})
	if errors.Is(err, wpapi.ErrNoAPI) {
		return opened{}, &declined{why: fmt.Sprintf("the REST API is closed (%v)", err), err: err}
	}
	if err != nil {
		return opened{}, err
	}
	return live(r, why), nil
}

// openFeed reads the address itself when it is a feed (as discovery
// fetched it), else the site's first advertised feed, else WordPress's.
func openFeed(ctx context.Context, o *opener, ins []*input, why string) (opened, error) {
	in, d := ins[0], ins[0].site
	feedURL, first := in.url.String(), (*fetch.Response)(nil)
	switch {
	case d.IsFeed:
		first = d.Page
	case len(d.Feeds) > 0:
		feedURL = d.Feeds[0]
	default:
		feedURL = strings.TrimSuffix(d.URL, "/") + "/feed/"
	}
	r, err := feed.Open(ctx, o.net, feedURL, first)
	if err != nil {
		return opened{}, err
	}
	return live(r, why), nil
}

func openCrawl(ctx context.Context, o *opener, ins []*input, why string) (opened, error) {
	d := ins[0].site
	m := o.opts.Mapping
	if m == nil && d.WordPress {
		var err error
		if m, err = extract.Builtin("wordpress"); err != nil {
			return opened{}, err
		}
	}
	r, err := crawl.Open(ctx, o.net, d.Page, m)
	if err != nil {
		return opened{}, err
	}
	return live(r, why+"; pages read with "+r.Why()), nil
}

// live is a source read from the network; its record's kind is the
// route's name.
func live(s source.Source, why string) opened {
	return opened{src: s, why: why, rec: archive.Source{URL: s.Site().URL}}
}

// CredentialsFromEnv reads a WordPress user and application password from
// BLOGPORT_WP_USER and BLOGPORT_WP_APP_PASSWORD (getenv is os.Getenv
// outside tests); nil when either is missing.
func CredentialsFromEnv(getenv func(string) string) *wpapi.Credentials {
	if getenv == nil {
		getenv = os.Getenv
	}
	user, pass := getenv("BLOGPORT_WP_USER"), getenv("BLOGPORT_WP_APP_PASSWORD")
	if user == "" || pass == "" {
		return nil
	}
	return &wpapi.Credentials{User: user, Password: pass}
}

// as names an opened source after the kind that opened it.
func (op opened) as(k *kind) opened {
	op.route = k.name
	op.rec.Kind = cmp.Or(op.rec.Kind, k.name)
	return op
}
