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
	Build   bool
	New     string
	Old     string
	JSON    bool
}

const verifyExitCodes = `Exit codes:
  0    ok: every check passed
  1    error: the archive could not be read, the generator is missing or
       the build failed
  2    usage error (also --build of a plain archive)
  3    verify ran and found problems (listed)
  130  interrupted`

func newVerifyCmd(g *Globals) *cobra.Command {
	opts := &VerifyOptions{Globals: g}
	cmd := &cobra.Command{
		Use:   "verify -a <archive> [--build] [--new URL [--old URL]] [flags]",
		Short: "Check an archive, its build, and that every old URL lands on the new site",
		Long: `Check an archive: every manifest item has its file and a front matter that
parses, and its comments file when it has one; every downloaded media file is
there with its hash; every link between posts points at a page of the archive;
and a pull killed midway left nothing behind (temporary files, removals it did
not finish): the next pull cleans those up.

With --build, the archive is built with its layout's generator (hugo or
jekyll, as installed) into a temporary folder, which is removed after; nothing
is written into the archive. Every item's new URL, every alias of its front
matter and every target of the redirect table must be a page of the built
site; the build's warnings are listed too. Drafts are not checked. A plain
archive has no generator to build it.

With --new, every old address of the redirect table is requested from the new
site: each must answer one 301 or 308 to the expected page, which must answer
200; and every item's new URL must answer 200. --old names the old site, whose
host is then sent with each request (the new server answering for the old
name).

` + verifyExitCodes,
		Example: `  $ blogport verify -a site
  $ blogport verify -a site --build
  $ blogport verify -a site --new http://127.0.0.1:8080`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return runVerify(cmd.Context(), opts) },
	}
	f := cmd.Flags()
	f.StringVarP(&opts.Archive, "archive", "a", "", "archive directory (with blogport.json)")
	f.BoolVar(&opts.Build, "build", false, "build the archive with its generator and check the built pages")
	f.StringVar(&opts.New, "new", "", "the new site's address, to check the redirects and pages against")
	f.StringVar(&opts.Old, "old", "", "the old site's address (its host is sent as Host)")
	f.BoolVar(&opts.JSON, "json", false, "print the report as JSON on stdout")
	return cmd
}

func runVerify(ctx context.Context, opts *VerifyOptions) error {
	if opts.Archive == "" {
		return errUsage{errors.New("verify: --archive (-a) is required")}
	}
	host, err := oldHost(opts.Old)
	if err != nil {
		return err
	}
	rep, m, err := verify.Archive(opts.Archive)
	if err != nil {
		return err
	}
	table := redirects.Build(m, redirects.Options{})
	if opts.Build {
		if err := rep.CheckBuild(ctx, opts.Archive, m, table); errors.Is(err, verify.ErrNoGenerator) {
			return errUsage{fmt.Errorf("verify --build: %w", err)}
		} else if err != nil {
			return fmt.Errorf("verify --build: %w", err)
		}
	}
	if opts.New != "" {
		rep.CheckRedirects(ctx, table, opts.New, host, nil)
		rep.CheckPages(ctx, m, opts.New, host, nil)
	}
	if err := printVerify(opts, rep); err != nil {
		return err
	}
	if len(rep.Problems) > 0 {
		return errPartial{fmt.Errorf("verify: %d problems", len(rep.Problems))}
	}
	return nil
}

// oldHost is the host of --old, sent with every request to the new site.
func oldHost(old string) (string, error) {
	if old == "" {
		return "", nil
	}
	u, err := url.Parse(old)
	if err != nil || u.Host == "" {
		return "", errUsage{fmt.Errorf("verify: --old %q is not an address", old)}
	}
	return u.Host, nil
}

func printVerify(opts *VerifyOptions, rep *verify.Report) error {
	if opts.JSON {
		return writeJSON(opts.Out, rep)
	}
	fmt.Fprintf(opts.Err, "verify: %d items, %d files, %d links, %d built URLs, %d redirects, %d pages checked: %d problems\n",
		rep.Items, rep.Files, rep.Links, rep.Built, rep.Redirects, rep.Pages, len(rep.Problems))
	for _, p := range rep.Problems {
		fmt.Fprintf(opts.Err, "  %s: %s\n", p.Where, p.What)
	}
	return nil
}
