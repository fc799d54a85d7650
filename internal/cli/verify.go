package cli

import (
	"context"
	"errors"
	"fmt"
	"net/url"

	"github.com/blogport/blogport/internal/redirects"
	"github.com/blogport/blogport/internal/verify"
	"github.com/spf13/cobra"
)

// VerifyOptions are the flags of `blogport verify`.
type VerifyOptions struct {
	*Globals
	Archive string
	New     string
	Old     string
	JSON    bool
}

func newVerifyCmd(g *Globals) *cobra.Command {
	opts := &VerifyOptions{Globals: g}
	cmd := &cobra.Command{
		Use:   "verify -a <archive> [--new URL [--old URL]] [flags]",
		Short: "Check an archive, and that every old URL lands on the new site",
		Long: `Check an archive: every manifest item has its file and a front matter that
parses, every downloaded media file is there with its hash, every link between
posts points at a page of the archive.

With --new, every old address of the redirect table is requested from the new
site: each must answer one 301 or 308 to the expected page, which must answer
200. --old names the old site, whose host is then sent with each request (the
new server answering for the old name). Exit code 1 when anything fails.

` + exitCodeHelp,
		Example: `  $ blogport verify -a site
  $ blogport verify -a site --new http://127.0.0.1:8080`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runVerify(cmd.Context(), opts) },
	}
	f := cmd.Flags()
	f.StringVarP(&opts.Archive, "archive", "a", "", "archive directory (with blogport.json)")
	f.StringVar(&opts.New, "new", "", "the new site's address, to check the redirects against")
	f.StringVar(&opts.Old, "old", "", "the old site's address (its host is sent as Host)")
	f.BoolVar(&opts.JSON, "json", false, "print the report as JSON on stdout")
	return cmd
}

func runVerify(ctx context.Context, opts *VerifyOptions) error {
	if opts.Archive == "" {
		return errUsage{errors.New("verify: --archive (-a) is required")}
	}
	rep, m, err := verify.Archive(opts.Archive)
	if err != nil {
		return err
	}
	if opts.New != "" {
		host := ""
		if opts.Old != "" {
			u, err := url.Parse(opts.Old)
			if err != nil || u.Host == "" {
				return errUsage{fmt.Errorf("verify: --old %q is not an address", opts.Old)}
			}
			host = u.Host
		}
		rep.CheckRedirects(ctx, redirects.Build(m, redirects.Options{}), opts.New, host, nil)
	}
	if opts.JSON {
		if err := writeJSON(opts.Out, rep); err != nil {
			return err
		}
	} else {
		fmt.Fprintf(opts.Err, "verify: %d items, %d files, %d links, %d redirects checked: %d problems\n",
			rep.Items, rep.Files, rep.Links, rep.Redirects, len(rep.Problems))
		for _, p := range rep.Problems {
			fmt.Fprintf(opts.Err, "  %s: %s\n", p.Where, p.What)
		}
	}
	if len(rep.Problems) > 0 {
		return fmt.Errorf("verify: %d problems", len(rep.Problems))
	}
	return nil
}
