package cli

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/blogport/blogport/internal/archive"
	"github.com/blogport/blogport/internal/redirects"
	"github.com/spf13/cobra"
)

// RedirectsOptions are the flags of `blogport redirects`.
type RedirectsOptions struct {
	*Globals
	Archive string
	Formats string
	Output  string
	Status  int
	Old     string
	New     string
	JSON    bool
}

func newRedirectsCmd(g *Globals) *cobra.Command {
	opts := &RedirectsOptions{Globals: g}
	cmd := &cobra.Command{
		Use:   "redirects -a <archive> --format <formats> [flags]",
		Short: "Render redirect maps that send every old URL to its new page",
		Long: `Render redirect maps from an archive's manifest, offline: every address the
old site answered to (permalinks with and without the trailing slash, decoded
and percent-encoded, ?p=ID, ?page_id=ID, ?attachment_id=ID, old slugs,
attachment pages, feeds, category, tag, author and date archives and their
pages, comment pages, AMP) goes in one permanent redirect to its new page.

Formats: ` + strings.Join(redirects.Formats(), ", ") + `.
A row a format cannot express is reported with the reason.

` + exitCodeHelp,
		Example: `  $ blogport redirects -a site --format nginx,netlify -o site/redirects
  $ blogport redirects -a site --format cloudflare-bulk --old https://blog.example.com --new https://example.com`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runRedirects(cmd.Context(), opts) },
	}
	f := cmd.Flags()
	f.StringVarP(&opts.Archive, "archive", "a", "", "archive directory (with blogport.json)")
	f.StringVar(&opts.Formats, "format", "", "formats, comma-separated: "+strings.Join(redirects.Formats(), ", "))
	f.StringVarP(&opts.Output, "output", "o", "", "where to write the maps (default <archive>/redirects)")
	f.IntVar(&opts.Status, "status", 301, "301 or 308")
	f.StringVar(&opts.Old, "old", "", "the old site's address, for formats that take whole URLs")
	f.StringVar(&opts.New, "new", "", "the new site's address (default: the old one)")
	f.BoolVar(&opts.JSON, "json", false, "print the report as JSON on stdout")
	return cmd
}

type redirectsReport struct {
	Rows     int                 `json:"rows"`
	Files    []string            `json:"files"`
	Problems []redirects.Problem `json:"problems"`
}

func runRedirects(_ context.Context, opts *RedirectsOptions) error {
	if opts.Archive == "" {
		return errUsage{errors.New("redirects: --archive (-a) is required")}
	}
	if opts.Formats == "" {
		return errUsage{errors.New("redirects: --format is required")}
	}
	if opts.Status != 301 && opts.Status != 308 {
		return errUsage{fmt.Errorf("redirects: --status %d: want 301 or 308", opts.Status)}
	}
	formats, err := redirects.ParseFormats(opts.Formats)
	if err != nil {
		return errUsage{fmt.Errorf("redirects: %w", err)}
	}
	m, err := archive.ReadManifest(opts.Archive)
	if err != nil {
		return err
	}
	out := opts.Output
	if out == "" {
		out = filepath.Join(opts.Archive, "redirects")
	}
	old := opts.Old
	if old == "" {
		old = m.Source.URL
	}
	rep, err := renderRedirects(m, formats, out, opts.Status, redirects.RenderOptions{OldBase: old, NewBase: opts.New})
	if err != nil {
		return err
	}
	return printRedirects(opts.Globals, opts.JSON, rep)
}

func renderRedirects(m *archive.Manifest, formats []string, out string, status int, ro redirects.RenderOptions) (*redirectsReport, error) {
	t := redirects.Build(m, redirects.Options{Status: status})
	rep := &redirectsReport{Rows: len(t.Rows), Files: []string{}, Problems: []redirects.Problem{}}
	for _, f := range formats {
		files, problems, err := redirects.Render(t, f, ro)
		if err != nil {
			return nil, errUsage{fmt.Errorf("redirects: %w", err)}
		}
		for _, file := range files {
			if err := archive.WriteFile(out, file.Name, file.Data); err != nil {
				return nil, err
			}
			rep.Files = append(rep.Files, filepath.Join(out, file.Name))
		}
		rep.Problems = append(rep.Problems, problems...)
	}
	return rep, nil
}

func printRedirects(g *Globals, asJSON bool, rep *redirectsReport) error {
	if asJSON {
		return writeJSON(g.Out, rep)
	}
	fmt.Fprintf(g.Err, "redirects: %d rows; wrote %s\n", rep.Rows, strings.Join(rep.Files, ", "))
	for _, p := range rep.Problems {
		q := ""
		if p.Row.Query != "" {
			q = "?" + p.Row.Query
		}
		fmt.Fprintf(g.Err, "  %s cannot express %s%s -> %s: %s\n", p.Format, p.Row.From, q, p.Row.To, p.Why)
	}
	return nil
}
