package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/blogport/blogport/internal/archive"
	"github.com/blogport/blogport/internal/pipeline"
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
}

func newPullCmd(g *Globals, runF func(context.Context, *PullOptions) error) *cobra.Command {
	opts := &PullOptions{Globals: g}
	cmd := &cobra.Command{
		Use:   "pull <source>... [flags]",
		Short: "Migrate a blog into a Markdown archive",
		Long: `Migrate a blog into a Markdown archive in the output directory.

A source is a WordPress export file (Tools → Export, or wp export). Give every
file of a split export in one run. Only published posts and pages are
exported unless --drafts or --include-private say otherwise; revisions,
menus, templates and other internal items never are.

Re-running on the same input changes nothing; re-running after the export
changed rewrites only the changed posts and lists them.

` + exitCodeHelp,
		Example: `  $ blogport pull export.xml -o site
  $ blogport pull part-1.xml part-2.xml -o site --layout jekyll
  $ blogport pull export.xml -o site --drafts --front-matter toml --json`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return errUsage{errors.New("pull: name at least one source (a WordPress export file)")}
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
	return cmd
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
	for _, s := range opts.Sources {
		if strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") {
			return errUsage{fmt.Errorf("pull %s: pulling a live site is not supported yet; export the site (Tools → Export) and pull the file", s)}
		}
		fi, err := os.Stat(s)
		if err != nil {
			return fmt.Errorf("pull: %w", err)
		}
		if fi.IsDir() {
			return errUsage{fmt.Errorf("pull %s: is a directory; reading mirrors is not supported yet", s)}
		}
	}
	log := opts.logger()

	src, err := wxr.Open(ctx, opts.Sources...)
	if err != nil {
		return err
	}
	site := src.Site()
	log.Info("read export", "files", len(opts.Sources), "items", src.Len(), "site", site.URL,
		"terms", len(site.Terms), "attachments", site.Media.Len())

	files := make([]string, len(opts.Sources))
	for i, s := range opts.Sources {
		files[i] = filepath.Base(s)
	}
	popts := pipeline.Options{
		Output: opts.Output, Layout: layout, Format: format,
		Drafts: opts.Drafts, IncludePrivate: opts.IncludePrivate,
		Source:  archive.Source{Kind: "wxr", URL: site.URL, Files: files},
		Version: version(), Log: log,
	}
	if isTerminal(opts.Err) && !opts.Quiet {
		bar := progressbar.NewOptions(src.Len(),
			progressbar.OptionSetWriter(opts.Err),
			progressbar.OptionSetDescription("items"),
			progressbar.OptionShowCount(),
			progressbar.OptionClearOnFinish(),
		)
		defer bar.Finish()
		popts.Progress = func() { _ = bar.Add(1) }
	}
	sum, err := pipeline.Run(ctx, src, popts)
	if sum != nil && (err == nil || errors.Is(err, pipeline.ErrPartial)) {
		if perr := printSummary(opts, sum); perr != nil {
			return perr
		}
	}
	if errors.Is(err, pipeline.ErrPartial) {
		return errPartial{fmt.Errorf("pull: %d items failed", len(sum.Failed))}
	}
	return err
}

func printSummary(opts *PullOptions, sum *pipeline.Summary) error {
	if opts.JSON {
		enc := json.NewEncoder(opts.Out)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(sum)
	}
	w := opts.Err
	fmt.Fprintf(w, "exported to %s (%s layout): %s\n", sum.Output, sum.Layout, countLine(sum.Exported))
	fmt.Fprintf(w, "  files: %d written, %d unchanged, %d removed\n", len(sum.Written), sum.Unchanged, len(sum.Removed))
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
	for _, n := range sum.Notes {
		fmt.Fprintf(w, "  note: %s\n", n)
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
