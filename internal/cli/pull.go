package cli

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
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
	"github.com/blogport/blogport/internal/route"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
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
	BaseURL        string
	SiteFiles      string
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

Beside the posts, the archive gets what its generator needs to build it as
written: for hugo, hugo.toml and a small theme in themes/blogport; for
jekyll, _config.yml (the minima theme) and a Gemfile. A site file you
changed, or a configuration of your own already in the folder, is never
written over; --site-files none writes the posts only.

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
	pullFlags(cmd.Flags(), opts)
	return cmd
}

// pullFlags declares pull's flags.
func pullFlags(f *pflag.FlagSet, opts *PullOptions) {
	f.StringVarP(&opts.Output, "output", "o", "", "archive directory to write (required)")
	f.StringVar(&opts.Layout, "layout", "hugo", "file layout: hugo, jekyll or plain")
	f.StringVar(&opts.FrontMatter, "front-matter", "yaml", "front matter format: yaml or toml")
	f.BoolVar(&opts.Drafts, "drafts", false, "also export drafts, pending and scheduled items (marked draft: true)")
	f.BoolVar(&opts.IncludePrivate, "include-private", false, "also export private and password-protected items (marked draft: true)")
	f.BoolVar(&opts.JSON, "json", false, "print the run summary as JSON on stdout")
	f.StringVar(&opts.Via, "via", "", "for a live site, force a route: "+strings.Join(route.Routes(), ", ")+"; several, comma-separated, are merged")
	f.StringVar(&opts.Assets, "assets", "download", "media: download (store beside the posts), keep (remote URLs) or skip")
	f.DurationVar(&opts.Delay, "delay", fetch.DefaultDelay, "pause between requests to one host (plus up to 50% jitter); 0 means no pause")
	f.IntVar(&opts.Concurrency, "concurrency", 1, "connections per host: how many requests to one host are in flight at once")
	f.IntVar(&opts.Retries, "retries", 3, "retries on 429, 5xx and network errors; 0 means none")
	f.IntVar(&opts.MaxSizeMB, "max-size", 64, "size cap per download, in MiB")
	f.BoolVar(&opts.IgnoreRobots, "ignore-robots", false, "do not obey robots.txt (named in the run summary)")
	f.StringVar(&opts.CacheDir, "cache", "", "HTTP cache directory (default: the user cache directory)")
	f.BoolVar(&opts.NoCache, "no-cache", false, "do not cache HTTP answers (no revalidation, no resume)")
	f.StringVar(&opts.Mapping, "mapping", "", "a mapping file (YAML) for crawling a site no built-in mapping knows; see blogport mappings")
	f.StringVar(&opts.Permalink, "permalink", "", "new URLs of posts: keep (the old paths) or a pattern of :year :month :day :slug :id (default: the layout's, /posts/:slug/ for hugo)")
	f.StringVar(&opts.Redirects, "redirects", "", "also render redirect maps into <output>/redirects: formats, comma-separated ("+strings.Join(redirects.Formats(), ", ")+")")
	f.StringVar(&opts.BaseURL, "base-url", "", "the new site's address, for the site files (default: the old site's scheme and host)")
	f.StringVar(&opts.SiteFiles, "site-files", "all", "the generator's configuration and theme: all, or none (the posts only)")
	f.StringSliceVar(&opts.AllowHosts, "allow-host", nil, "also fetch from this host (a media CDN, say); requests never leave the site's host otherwise")
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
	ropts, popts, err := opts.options()
	if err != nil {
		return err
	}
	log := opts.logger()
	run, err := startRun(opts, log)
	if err != nil {
		return err
	}
	ropts.Log, popts.Log, popts.Spool = log, log, run.spool
	ropts.Fetch.CacheDir, ropts.Fetch.FreshAfter = run.cacheDir, run.freshAfter
	in, err := route.Open(ctx, opts.Sources, ropts)
	var usage *route.UsageError
	if errors.As(err, &usage) {
		return errUsage{fmt.Errorf("pull: %w", err)}
	}
	if err != nil {
		return fmt.Errorf("pull: %w", err)
	}
	log.Info("route", "route", in.Route, "why", in.Why)
	popts.Source = in.Record
	if popts.Assets == assets.Download {
		popts.Downloader = assets.New(in.Media)
	}
	defer startProgress(opts, log, in.Net, &popts)()
	sum, err := pipeline.Run(ctx, in.Source, popts)
	out := pullSummary{Route: in.Route, Why: in.Why, Summary: sum}
	if in.Live || popts.Assets == assets.Download {
		st := in.Net.Stats()
		out.Politeness, out.HTTP = in.Net.Settings(), &st
	}
	if errors.Is(err, pipeline.ErrNothing) {
		if perr := printSummary(opts, &out); perr != nil {
			return perr
		}
		return fmt.Errorf("pull: %w", err)
	}
	if sum == nil || err != nil && !errors.Is(err, pipeline.ErrPartial) {
		return err
	}
	if opts.Redirects != "" {
		if out.Redirects, err = pullRedirects(opts); err != nil {
			return err
		}
	}
	run.finish()
	if err := printSummary(opts, &out); err != nil {
		return err
	}
	if len(sum.Failed) > 0 || len(sum.Media.Failed) > 0 {
		return errPartial{fmt.Errorf("pull: %d failed (items or pages of a listing) and %d media files failed, listed in the summary", len(sum.Failed), len(sum.Media.Failed))}
	}
	return nil
}

// options checks the flags and turns them into the options of the route
// and of the pipeline.
func (opts *PullOptions) options() (route.Options, pipeline.Options, error) {
	var ro route.Options
	var po pipeline.Options
	if opts.Output == "" {
		return ro, po, errUsage{errors.New("pull: --output (-o) is required")}
	}
	layout, err := archive.LayoutNamed(opts.Layout)
	if err != nil {
		return ro, po, errUsage{fmt.Errorf("pull: --layout: %w", err)}
	}
	format := archive.Format(strings.ToLower(opts.FrontMatter))
	if format != archive.YAML && format != archive.TOML {
		return ro, po, errUsage{fmt.Errorf("pull: --front-matter: unknown format %q (want yaml or toml)", opts.FrontMatter)}
	}
	if p := opts.Permalink; p != "" && p != "keep" && (!strings.HasPrefix(p, "/") || !strings.Contains(p, ":slug") && !strings.Contains(p, ":id")) {
		return ro, po, errUsage{fmt.Errorf("pull: --permalink %q: want keep, or a path with :slug or :id, such as /:year/:month/:slug/", p)}
	}
	if opts.SiteFiles != "all" && opts.SiteFiles != "none" {
		return ro, po, errUsage{fmt.Errorf("pull: --site-files %q: want all or none", opts.SiteFiles)}
	}
	if u, err := url.Parse(opts.BaseURL); opts.BaseURL != "" && (err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https")) {
		return ro, po, errUsage{fmt.Errorf("pull: --base-url %q: want the new site's address, such as https://blog.example.com/", opts.BaseURL)}
	}
	if opts.Redirects != "" { // before any network or disk work, not after the pull
		if _, err := redirects.ParseFormats(opts.Redirects); err != nil {
			return ro, po, errUsage{fmt.Errorf("pull: --redirects: %w", err)}
		}
	}
	mode, err := assets.ParseMode(opts.Assets)
	if err != nil {
		return ro, po, errUsage{fmt.Errorf("pull: --assets: %w", err)}
	}
	m, err := mappingFlag(opts)
	if err != nil {
		return ro, po, err
	}
	ro = route.Options{
		Mapping: m, Drafts: opts.Drafts, IncludePrivate: opts.IncludePrivate, Credentials: route.CredentialsFromEnv(os.Getenv),
		Fetch: fetch.Options{
			UserAgent: userAgent(), Delay: opts.Delay, Concurrency: opts.Concurrency, Retries: noneIfZero(opts.Retries),
			MaxBytes: int64(opts.MaxSizeMB) << 20, IgnoreRobots: opts.IgnoreRobots, Hosts: opts.AllowHosts,
		},
	}
	if opts.Via != "" {
		ro.Via = strings.Split(opts.Via, ",")
	}
	if err := route.CheckVia(ro.Via); err != nil {
		return ro, po, errUsage{fmt.Errorf("pull: %w", err)}
	}
	po = pipeline.Options{
		Output: opts.Output, Layout: layout, Format: format, Assets: mode,
		Drafts: opts.Drafts, IncludePrivate: opts.IncludePrivate, Permalink: opts.Permalink, Version: version(),
		BaseURL: baseURL(opts.BaseURL), NoSiteFiles: opts.SiteFiles == "none",
	}
	return ro, po, nil
}

// baseURL is the --base-url address as the site files want it: ending in
// a slash.
func baseURL(s string) string {
	if s == "" || strings.HasSuffix(s, "/") {
		return s
	}
	return s + "/"
}

// startProgress shows progress while the pipeline runs: a bar on a
// terminal, a log line every ten seconds otherwise. The returned func
// stops it.
func startProgress(opts *PullOptions, log *slog.Logger, client *fetch.Client, popts *pipeline.Options) func() {
	switch {
	case opts.Quiet:
	case isTerminal(opts.Err):
		bar := progressbar.NewOptions(-1,
			progressbar.OptionSetWriter(opts.Err),
			progressbar.OptionSetDescription("items"),
			progressbar.OptionShowCount(),
			progressbar.OptionClearOnFinish(),
		)
		popts.Progress = func() { _ = bar.Add(1) }
		return func() { _ = bar.Finish() }
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
	return func() {}
}

// pullRedirects renders the maps --redirects asks for from the manifest
// just written.
func pullRedirects(opts *PullOptions) (*redirectsReport, error) {
	m, err := archive.ReadManifest(opts.Output)
	if err != nil {
		return nil, err
	}
	formats, err := redirects.ParseFormats(opts.Redirects) // checked by options
	if err != nil {
		return nil, err
	}
	return renderRedirects(m, formats, filepath.Join(opts.Output, "redirects"), 301,
		redirects.RenderOptions{OldBase: m.Source.URL})
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

// runState is the journal that lets an interrupted pull resume: answers
// cached since the interrupted run started count as fresh.
type runState struct {
	cacheDir   string
	freshAfter time.Time
	journal    string
	spool      string // where the pipeline spools pass 1, beside the journal
	started    time.Time
}

type journal struct {
	Started time.Time `json:"started"`
	Done    bool      `json:"done"`
}

func startRun(opts *PullOptions, log *slog.Logger) (*runState, error) {
	r := &runState{started: time.Now().UTC()}
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
	r.spool = strings.TrimSuffix(r.journal, ".json") + ".spool"
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
	fmt.Fprintf(w, "  files: %d written, %d unchanged, %d removed; %d items unchanged since the last run, not converted again\n",
		len(sum.Written), sum.Unchanged, len(sum.Removed), sum.Reused)
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

// noneIfZero is a count flag for fetch.Options, where 0 asks for the
// default and a negative number for none: --retries 0 means none.
func noneIfZero(n int) int {
	if n == 0 {
		return -1
	}
	return n
}
