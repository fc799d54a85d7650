package cli

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/blogport/blogport/internal/archive"
	"github.com/blogport/blogport/internal/assets"
	"github.com/blogport/blogport/internal/atomicfile"
	"github.com/blogport/blogport/internal/extract"
	"github.com/blogport/blogport/internal/fetch"
	"github.com/blogport/blogport/internal/pipeline"
	"github.com/blogport/blogport/internal/redirects"
	"github.com/blogport/blogport/internal/source"
	"github.com/blogport/blogport/internal/source/crawl"
	"github.com/blogport/blogport/internal/source/discover"
	"github.com/blogport/blogport/internal/source/feed"
	"github.com/blogport/blogport/internal/source/merge"
	"github.com/blogport/blogport/internal/source/mirror"
	"github.com/blogport/blogport/internal/source/wpapi"
	"github.com/blogport/blogport/internal/source/wxr"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
)

// PullOptions are the flags and dependencies of `blogport pull`.
type PullOptions struct {
	*Globals
	Sources        []string
	Output         string
	Layout         string
	FrontMatter    string
	Drafts         bool
	IncludePrivate bool
	JSON           bool
	Via            string
	Assets         string
	Delay          time.Duration
	Concurrency    int
	Retries        int
	MaxSizeMB      int
	IgnoreRobots   bool
	CacheDir       string
	NoCache        bool
	AllowHosts     []string
	Mapping        string
	Permalink      string
	Redirects      string

	HTTP   http.RoundTripper   // nil: the network
	Getenv func(string) string // credentials; nil: os.Getenv
	Now    func() time.Time    // nil: time.Now
}

func newPullCmd(g *Globals, runF func(context.Context, *PullOptions) error) *cobra.Command {
	opts := &PullOptions{Globals: g}
	cmd := &cobra.Command{
		Use:   "pull <source>... [flags]",
		Short: "Migrate a blog into a Markdown archive",
		Long: `Migrate a blog into a Markdown archive in the output directory.

A source is a WordPress export file (Tools → Export, or wp export), a feed
file, a folder holding a copy of a site (wget --mirror, HTTrack, or a
generator's output), or the address of a live site. Give every file of a
split export in one run; several sources of one site are merged into one
record per post. For a live site blogport finds out what it is and picks the
best route: the WordPress REST API when it is open, otherwise crawling with
the built-in mapping that recognises the site (Jekyll, Hugo, Pelican, Ghost,
Blogger, WordPress) or the generic heuristics; --via rest|crawl|feed forces
a route, --mapping a mapping file of your own (see blogport mappings).
Drafts and private posts of a live site need an application password in
BLOGPORT_WP_USER and BLOGPORT_WP_APP_PASSWORD; they are never logged or
written.

Only published posts and pages are exported unless --drafts or
--include-private say otherwise; revisions, menus, templates and other
internal items never are. Media are downloaded beside the posts unless
--assets says keep (leave remote URLs) or skip.

blogport is polite by default: robots.txt is obeyed, one connection per
host, a delay with jitter between requests, retries with backoff honouring
Retry-After. Answers are cached (see --cache), so a re-run revalidates
instead of downloading again and an interrupted pull resumes where it
stopped. Re-running on the same input changes nothing; re-running after the
site changed rewrites only the changed posts and lists them.

` + exitCodeHelp,
		Example: `  $ blogport pull export.xml -o site
  $ blogport pull part-1.xml part-2.xml -o site --layout jekyll
  $ blogport pull https://blog.example.com -o site
  $ blogport pull ./blog.example.com -o site --layout jekyll
  $ blogport pull https://blog.example.com -o site --redirects nginx --permalink keep
  $ BLOGPORT_WP_USER=me BLOGPORT_WP_APP_PASSWORD=... blogport pull https://blog.example.com -o site --drafts
  $ blogport pull export.xml -o site --drafts --front-matter toml --assets keep --json`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return errUsage{errors.New("pull: name at least one source (a WordPress export file or a site's address)")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Sources = args
			if runF != nil {
				return runF(cmd.Context(), opts)
			}
			return runPull(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringVarP(&opts.Output, "output", "o", "", "archive directory to write (required)")
	f.StringVar(&opts.Layout, "layout", "hugo", "file layout: hugo, jekyll or plain")
	f.StringVar(&opts.FrontMatter, "front-matter", "yaml", "front matter format: yaml or toml")
	f.BoolVar(&opts.Drafts, "drafts", false, "also export drafts, pending and scheduled items (marked draft: true)")
	f.BoolVar(&opts.IncludePrivate, "include-private", false, "also export private and password-protected items (marked draft: true)")
	f.BoolVar(&opts.JSON, "json", false, "print the run summary as JSON on stdout")
	f.StringVar(&opts.Via, "via", "", "for a live site, force a route: rest, crawl or feed")
	f.StringVar(&opts.Assets, "assets", "download", "media: download (store beside the posts), keep (remote URLs) or skip")
	f.DurationVar(&opts.Delay, "delay", time.Second, "pause between requests to one host (plus up to 50% jitter)")
	f.IntVar(&opts.Concurrency, "concurrency", 1, "connections per host")
	f.IntVar(&opts.Retries, "retries", 3, "retries on 429, 5xx and network errors")
	f.IntVar(&opts.MaxSizeMB, "max-size", 64, "size cap per download, in MiB")
	f.BoolVar(&opts.IgnoreRobots, "ignore-robots", false, "do not obey robots.txt (named in the run summary)")
	f.StringVar(&opts.CacheDir, "cache", "", "HTTP cache directory (default: the user cache directory)")
	f.BoolVar(&opts.NoCache, "no-cache", false, "do not cache HTTP answers (no revalidation, no resume)")
	f.StringVar(&opts.Mapping, "mapping", "", "a mapping file (YAML) for crawling a site no built-in mapping knows; see blogport mappings")
	f.StringVar(&opts.Permalink, "permalink", "", "new URLs of posts: keep (the old paths) or a pattern of :year :month :day :slug :id (default: the layout's, /posts/:slug/ for hugo)")
	f.StringVar(&opts.Redirects, "redirects", "", "also render redirect maps into <output>/redirects: formats, comma-separated ("+strings.Join(redirects.Formats(), ", ")+")")
	f.StringSliceVar(&opts.AllowHosts, "allow-host", nil, "also fetch from this host (a media CDN, say); requests never leave the site's host otherwise")
	return cmd
}

// pullSummary is what `pull --json` prints.
type pullSummary struct {
	Route      string           `json:"route"`
	Why        string           `json:"why"`
	Politeness string           `json:"politeness,omitempty"`
	HTTP       *fetch.Stats     `json:"http,omitempty"`
	Redirects  *redirectsReport `json:"redirects,omitempty"`
	*pipeline.Summary
}

func runPull(ctx context.Context, opts *PullOptions) error {
	if opts.Output == "" {
		return errUsage{errors.New("pull: --output (-o) is required")}
	}
	layout, err := archive.ParseLayout(opts.Layout)
	if err != nil {
		return errUsage{fmt.Errorf("pull: --layout: %w", err)}
	}
	format := archive.Format(strings.ToLower(opts.FrontMatter))
	if format != archive.YAML && format != archive.TOML {
		return errUsage{fmt.Errorf("pull: --front-matter: unknown format %q (want yaml or toml)", opts.FrontMatter)}
	}
	if p := opts.Permalink; p != "" && p != "keep" && (!strings.HasPrefix(p, "/") || !strings.Contains(p, ":slug") && !strings.Contains(p, ":id")) {
		return errUsage{fmt.Errorf("pull: --permalink %q: want keep, or a path with :slug or :id, such as /:year/:month/:slug/", p)}
	}
	mode, err := assets.ParseMode(opts.Assets)
	if err != nil {
		return errUsage{fmt.Errorf("pull: --assets: %w", err)}
	}
	vias := []string{""}
	if opts.Via != "" {
		vias = strings.Split(opts.Via, ",")
	}
	for _, v := range vias {
		switch v {
		case "", "rest", "crawl", "feed":
		default:
			return errUsage{fmt.Errorf("pull: --via: unknown route %q (want rest, crawl or feed, or several joined by commas)", v)}
		}
	}
	var live []*url.URL
	var files, mirrors []string
	for _, s := range opts.Sources {
		if strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") {
			u, err := url.Parse(s)
			if err != nil || u.Host == "" {
				return errUsage{fmt.Errorf("pull %s: not a usable address", s)}
			}
			live = append(live, u)
			continue
		}
		fi, err := os.Stat(s)
		if err != nil {
			return fmt.Errorf("pull: %w", err)
		}
		if fi.IsDir() {
			mirrors = append(mirrors, s)
			continue
		}
		files = append(files, s)
	}
	log := opts.logger()
	run, err := startRun(opts, log)
	if err != nil {
		return err
	}

	// Every source of the run, merged into one record per post when there
	// are several (an export and the live site, or several routes).
	var (
		srcs         []source.Source
		routes, whys []string
		hosts        []string
		srcInfo      archive.Source
		out          = pullSummary{}
	)
	if len(files) == 1 && !isWXR(files[0]) {
		r, err := feed.Open(ctx, nil, files[0])
		if err != nil {
			return fmt.Errorf("pull %s: neither a WordPress export nor a feed: %w", files[0], err)
		}
		srcs, routes, whys = append(srcs, r), append(routes, "feed"), append(whys, "a feed file")
		srcInfo = archive.Source{Kind: "feed", URL: r.Site().URL, Files: []string{filepath.Base(files[0])}}
	} else if len(files) > 0 {
		r, err := wxr.Open(ctx, files...)
		if err != nil {
			return err
		}
		site := r.Site()
		log.Info("read export", "files", len(files), "items", r.Len(), "site", site.URL,
			"terms", len(site.Terms), "attachments", site.Media.Len())
		names := make([]string, len(files))
		for i, s := range files {
			names[i] = filepath.Base(s)
		}
		srcs, routes, whys = append(srcs, r), append(routes, "wxr"), append(whys, "export file")
		srcInfo = archive.Source{Kind: "wxr", URL: site.URL, Files: names}
	}
	if len(srcs) > 0 && len(mirrors) == 0 {
		if u, err := url.Parse(srcs[0].Site().URL); err == nil && u.Host != "" {
			hosts = append(hosts, u.Host)
		}
	}
	for _, u := range live {
		hosts = append(hosts, u.Host)
	}
	client := fetch.New(fetch.Options{
		UserAgent: userAgent(),
		Delay:     opts.Delay, Concurrency: opts.Concurrency, Retries: opts.Retries,
		MaxBytes: int64(opts.MaxSizeMB) << 20, IgnoreRobots: opts.IgnoreRobots, Hosts: append(hosts, opts.AllowHosts...),
		CacheDir: run.cacheDir, FreshAfter: run.freshAfter, Transport: opts.HTTP, Log: log,
	})
	var mediaClient *fetch.Client // the client media come through, when not the network's
	for _, dir := range mirrors {
		host, root := mirror.Host(dir)
		local := fetch.New(fetch.Options{Delay: -1, Retries: -1, Hosts: []string{host}, Transport: mirror.Transport{Root: root}, Log: log})
		mediaClient = local
		m, err := mappingFlag(opts)
		if err != nil {
			return err
		}
		r, err := crawl.Open(ctx, local, "https://"+host+"/", m)
		if err != nil {
			return fmt.Errorf("pull %s: %w", dir, err)
		}
		srcs, routes, whys = append(srcs, r), append(routes, "mirror"), append(whys, "a local copy of "+host+"; "+r.Why())
		if srcInfo.Kind == "" {
			srcInfo = archive.Source{Kind: "mirror", URL: "https://" + host, Files: []string{filepath.Base(dir)}}
		}
	}
	for _, u := range live {
		for _, via := range vias {
			s, route, why, err := openLive(ctx, opts, client, u, via)
			if err != nil {
				return err
			}
			srcs, routes, whys = append(srcs, s), append(routes, route), append(whys, why)
			if srcInfo.Kind == "" {
				srcInfo = archive.Source{Kind: route, URL: s.Site().URL}
			}
		}
	}
	src := srcs[0]
	if len(srcs) > 1 {
		src = merge.New(srcs...)
		srcInfo.Kind = strings.Join(routes, "+")
	}
	out.Route, out.Why = strings.Join(routes, "+"), strings.Join(whys, "; ")
	log.Info("route", "route", out.Route, "why", out.Why)
	online := len(live) > 0 || mode == assets.Download

	popts := pipeline.Options{
		Output: opts.Output, Layout: layout, Format: format,
		Drafts: opts.Drafts, IncludePrivate: opts.IncludePrivate, Permalink: opts.Permalink,
		Source: srcInfo, Version: version(), Log: log, Assets: mode,
	}
	if online {
		out.Politeness = client.Settings()
	}
	if mode == assets.Download {
		if mediaClient == nil {
			mediaClient = client
		}
		popts.Downloader = assets.New(mediaClient)
	}
	switch {
	case opts.Quiet:
	case isTerminal(opts.Err):
		bar := progressbar.NewOptions(-1,
			progressbar.OptionSetWriter(opts.Err),
			progressbar.OptionSetDescription("items"),
			progressbar.OptionShowCount(),
			progressbar.OptionClearOnFinish(),
		)
		defer bar.Finish()
		popts.Progress = func() { _ = bar.Add(1) }
	default: // a log, not a terminal: one line every ten seconds
		n, last := 0, time.Now()
		popts.Progress = func() {
			n++
			if time.Since(last) < 10*time.Second {
				return
			}
			last = time.Now()
			st := client.Stats()
			log.Info("progress", "items", n, "requests", st.Requests, "from_cache", st.CacheHits, "failed", st.Failed)
		}
	}
	sum, err := pipeline.Run(ctx, src, popts)
	if online {
		st := client.Stats()
		out.HTTP = &st
	}
	out.Summary = sum
	if sum != nil && (err == nil || errors.Is(err, pipeline.ErrPartial)) && opts.Redirects != "" {
		m, merr := archive.ReadManifest(opts.Output)
		if merr != nil {
			return merr
		}
		rep, rerr := renderRedirects(m, strings.Split(opts.Redirects, ","), filepath.Join(opts.Output, "redirects"), 301,
			redirects.RenderOptions{OldBase: m.Source.URL})
		if rerr != nil {
			return rerr
		}
		out.Redirects = rep
	}
	if sum != nil && (err == nil || errors.Is(err, pipeline.ErrPartial)) {
		run.finish()
		if perr := printSummary(opts, &out); perr != nil {
			return perr
		}
	}
	if errors.Is(err, pipeline.ErrPartial) {
		return errPartial{fmt.Errorf("pull: %d items failed", len(sum.Failed))}
	}
	return err
}

// openLive finds out what the address is and opens the best route.
func openLive(ctx context.Context, opts *PullOptions, client *fetch.Client, u *url.URL, via string) (source.Source, string, string, error) {
	d, err := discover.Discover(ctx, client, u.String())
	if err != nil {
		return nil, "", "", fmt.Errorf("pull %s: %w", u, err)
	}
	wopts := wpapi.Options{Drafts: opts.Drafts, IncludePrivate: opts.IncludePrivate, Credentials: credentials(opts)}
	route, why := via, "forced with --via"
	switch {
	case route != "":
	case d.IsFeed:
		route, why = "feed", "the address is a feed"
	case d.APIRoot != "":
		route, why = "rest", "the site advertises a WordPress REST API at "+d.APIRoot
	case d.WordPress:
		route, why = "crawl", "a WordPress site without an advertised REST API"
	default:
		route, why = "crawl", "no API: the pages hold the full posts (feeds often hold summaries or the latest few)"
	}
	if route == "rest" {
		root := d.APIRoot
		if root == "" {
			root = strings.TrimSuffix(d.URL, "/") + "/wp-json/"
		}
		r, err := wpapi.Open(ctx, client, root, wopts)
		if err == nil {
			return r, route, why, nil
		}
		if !errors.Is(err, wpapi.ErrNoAPI) || via == "rest" {
			return nil, "", "", fmt.Errorf("pull %s: %w", u, err)
		}
		route, why = "crawl", fmt.Sprintf("the REST API is closed (%v)", err)
	}
	if route == "feed" {
		feedURL := u.String()
		switch {
		case d.IsFeed:
		case len(d.Feeds) > 0:
			feedURL = d.Feeds[0]
		default:
			feedURL = strings.TrimSuffix(d.URL, "/") + "/feed/"
		}
		r, err := feed.Open(ctx, client, feedURL)
		if err != nil {
			return nil, "", "", fmt.Errorf("pull %s: %w", u, err)
		}
		return r, route, why, nil
	}
	m, err := mappingFlag(opts)
	if err != nil {
		return nil, "", "", err
	}
	if m == nil && d.WordPress {
		if m, err = extract.Builtin("wordpress"); err != nil {
			return nil, "", "", err
		}
	}
	r, err := crawl.Open(ctx, client, d.URL, m)
	if err != nil {
		return nil, "", "", fmt.Errorf("pull %s: %w", u, err)
	}
	return r, "crawl", why + "; pages read with " + r.Why(), nil
}

// mappingFlag loads --mapping, or returns nil to let the crawler choose.
func mappingFlag(opts *PullOptions) (*extract.Mapping, error) {
	if opts.Mapping == "" {
		return nil, nil
	}
	data, err := os.ReadFile(opts.Mapping)
	if err != nil {
		return nil, fmt.Errorf("pull: --mapping: %w", err)
	}
	m, err := extract.Parse(filepath.Base(opts.Mapping), data)
	if err != nil {
		return nil, errUsage{err}
	}
	return m, nil
}

// isWXR tells an export file from a feed file by its first kilobytes;
// anything unclear goes to the export reader, whose errors are precise.
func isWXR(name string) bool {
	f, err := os.Open(name)
	if err != nil {
		return true
	}
	defer f.Close()
	head := make([]byte, 4096)
	n, _ := f.Read(head)
	h := string(head[:n])
	if strings.Contains(h, "wordpress.org/export/") {
		return true
	}
	return !(strings.Contains(h, "<rss") || strings.Contains(h, "<feed") || strings.Contains(h, "<rdf:RDF") || strings.Contains(h, "jsonfeed.org"))
}

// credentials come from the environment only.
func credentials(opts *PullOptions) *wpapi.Credentials {
	getenv := opts.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	user, pass := getenv("BLOGPORT_WP_USER"), getenv("BLOGPORT_WP_APP_PASSWORD")
	if user == "" || pass == "" {
		return nil
	}
	return &wpapi.Credentials{User: user, Password: pass}
}

// runState is the journal that lets an interrupted pull resume: answers
// cached since the interrupted run started count as fresh.
type runState struct {
	cacheDir   string
	freshAfter time.Time
	journal    string
	started    time.Time
}

type journal struct {
	Started time.Time `json:"started"`
	Done    bool      `json:"done"`
}

func startRun(opts *PullOptions, log *slog.Logger) (*runState, error) {
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	r := &runState{started: now().UTC()}
	if opts.NoCache {
		return r, nil
	}
	dir := opts.CacheDir
	if dir == "" {
		base, err := os.UserCacheDir()
		if err != nil {
			log.Warn("no user cache directory; running without an HTTP cache", "err", err)
			return r, nil
		}
		dir = filepath.Join(base, "blogport")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		log.Warn("cache directory unusable; running without an HTTP cache", "dir", dir, "err", err)
		return r, nil
	}
	r.cacheDir = filepath.Join(dir, "http")
	abs, _ := filepath.Abs(opts.Output)
	key := sha256.Sum256([]byte(abs + "\x00" + strings.Join(opts.Sources, "\x00")))
	r.journal = filepath.Join(dir, "runs", hex.EncodeToString(key[:8])+".json")
	r.freshAfter = r.started.Add(-time.Second)
	if data, err := os.ReadFile(r.journal); err == nil {
		var j journal
		if json.Unmarshal(data, &j) == nil && !j.Done && !j.Started.IsZero() {
			r.started, r.freshAfter = j.Started, j.Started.Add(-time.Second)
			log.Info("resuming an interrupted pull", "started", j.Started.Format(time.RFC3339))
		}
	}
	r.write(false)
	return r, nil
}

func (r *runState) write(done bool) {
	if r.journal == "" {
		return
	}
	data, _ := json.Marshal(journal{Started: r.started, Done: done})
	_ = atomicfile.Write(r.journal, data) // without a journal the next run starts afresh, which is only slower
}

func (r *runState) finish() { r.write(true) }

func printSummary(opts *PullOptions, out *pullSummary) error {
	if opts.JSON {
		return writeJSON(opts.Out, out)
	}
	sum := out.Summary
	w := opts.Err
	fmt.Fprintf(w, "exported to %s (%s layout) via %s: %s\n", sum.Output, sum.Layout, out.Route, countLine(sum.Exported))
	fmt.Fprintf(w, "  files: %d written, %d unchanged, %d removed\n", len(sum.Written), sum.Unchanged, len(sum.Removed))
	if out.HTTP != nil {
		fmt.Fprintf(w, "  http: %d requests, %d from cache, %d revalidated, %d retries, %d failed (%s)\n",
			out.HTTP.Requests, out.HTTP.CacheHits, out.HTTP.Revalidated, out.HTTP.Retries, out.HTTP.Failed, out.Politeness)
	}
	if m := sum.Media; m.Downloaded+m.Kept+len(m.Failed) > 0 {
		fmt.Fprintf(w, "  media: %d downloaded, %d kept remote, %d failed\n", m.Downloaded, m.Kept, len(m.Failed))
	}
	if len(sum.Skipped) > 0 {
		var parts []string
		for why, n := range sum.Skipped {
			parts = append(parts, fmt.Sprintf("%d %s", n, why))
		}
		sort.Strings(parts)
		fmt.Fprintf(w, "  skipped: %s\n", strings.Join(parts, "; "))
	}
	for _, n := range sum.Failed {
		fmt.Fprintf(w, "  failed: %s\n", n)
	}
	for _, n := range sum.Media.Failed {
		fmt.Fprintf(w, "  media failed: %s\n", n)
	}
	for _, n := range sum.Notes {
		fmt.Fprintf(w, "  note: %s\n", n)
	}
	if out.Redirects != nil {
		return printRedirects(opts.Globals, false, out.Redirects)
	}
	return nil
}

func countLine(m map[string]map[string]int) string {
	var parts []string
	for typ, st := range m {
		for s, n := range st {
			parts = append(parts, fmt.Sprintf("%s/%s %d", typ, s, n))
		}
	}
	sort.Strings(parts)
	if len(parts) == 0 {
		return "nothing"
	}
	return strings.Join(parts, ", ")
}
