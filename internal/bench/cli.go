// Package bench is blogport-bench: it generates a WordPress export (and,
// for --crawl, a static blog), runs blogport on it as a child process and
// measures wall time, CPU time and peak RSS, next to a library floor,
// wordpress-export-to-markdown and wget when asked.
package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"

	"github.com/spf13/cobra"
)

// Exit codes of blogport-bench. A missed target is not an error: the
// bench measures, the tables say what was met.
const (
	ExitOK          = 0
	ExitError       = 1
	ExitUsage       = 2
	ExitInterrupted = 130
)

const exitCodeHelp = `Exit codes:
  0    ok (whether or not the targets were met)
  1    error (a child failed or wrote fewer items than expected)
  2    usage error
  130  interrupted`

// errUsage marks errors in how the command was called.
type errUsage struct{ error }

// Options are the flags of a bench run and its dependencies.
type Options struct {
	Posts    int
	Runs     int
	Seed     uint64
	Work     string
	Keep     bool
	Blogport string
	Compare  bool
	Scale    bool
	Crawl    bool
	JSON     bool
	NPMCache string

	Out, Err io.Writer
	LookPath func(string) (string, error)
}

// Main runs blogport-bench with args (without the program name) and
// returns the exit code.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	root := newRoot(&Options{Out: stdout, Err: stderr, LookPath: exec.LookPath}, nil)
	root.SetArgs(args)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	var usage errUsage
	switch {
	case err == nil:
		return ExitOK
	case ctx.Err() != nil:
		fmt.Fprintln(stderr, "blogport-bench: interrupted")
		return ExitInterrupted
	case errors.As(err, &usage):
		fmt.Fprintln(stderr, "blogport-bench:", err)
		return ExitUsage
	}
	fmt.Fprintln(stderr, "blogport-bench:", err)
	return ExitError
}

// newRoot builds the command; runF replaces the run in tests.
func newRoot(o *Options, runF func(context.Context, *Options) error) *cobra.Command {
	if runF == nil {
		runF = run
	}
	cmd := &cobra.Command{
		Use:   "blogport-bench [flags]",
		Short: "Measure blogport on a generated blog",
		Long: `blogport-bench generates a WordPress export of --posts posts (seeded, so
every run sees the same bytes), builds blogport, runs "blogport pull
<export> --assets keep" --runs times, each into a fresh directory, and prints
the median, lowest and highest wall time, CPU time, cores used, peak RSS and
items per second. Run it from the repository root, or give --blogport.

--compare also runs, interleaved with blogport (run i of each back to back,
so that their paired ratios share the machine's noise), the library floor
(encoding/xml and html-to-markdown on every core, one file per post) and,
when npm is on PATH, wordpress-export-to-markdown 2.2.2 as shipped and with
its per-file write delay set to 0. --scale adds blogport on 10× the posts.
--crawl serves a generated Jekyll (minima) site of --posts posts on
127.0.0.1 and crawls it with blogport and, when it is on PATH, wget --mirror.

` + exitCodeHelp,
		Example: "  $ blogport-bench --posts 5000 --runs 3 --compare\n" +
			"  $ blogport-bench --scale --runs 1\n" +
			"  $ blogport-bench --crawl --posts 5000 --runs 1 --json",
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 0 {
				return errUsage{fmt.Errorf("unexpected argument %q; see blogport-bench --help", args[0])}
			}
			return nil
		},
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if o.Posts < 1 || o.Runs < 1 {
				return errUsage{errors.New("--posts and --runs must be at least 1")}
			}
			return runF(cmd.Context(), o)
		},
	}
	f := cmd.Flags()
	f.IntVar(&o.Posts, "posts", 5000, "posts in the generated export (and pages of the --crawl site)")
	f.IntVar(&o.Runs, "runs", 5, "runs of each tool")
	f.Uint64Var(&o.Seed, "seed", 1, "seed of the generator")
	f.StringVar(&o.Work, "work", "", "work directory (default: a temporary one, removed at the end unless --keep)")
	f.BoolVar(&o.Keep, "keep", false, "keep the work directory")
	f.StringVar(&o.Blogport, "blogport", "", "blogport binary to measure (default: go build ./cmd/blogport)")
	f.BoolVar(&o.Compare, "compare", false, "also run the library floor and wordpress-export-to-markdown")
	f.BoolVar(&o.Scale, "scale", false, "also run blogport on 10× the posts")
	f.BoolVar(&o.Crawl, "crawl", false, "also crawl a generated site with blogport and wget")
	f.BoolVar(&o.JSON, "json", false, "print the results as JSON on stdout")
	f.StringVar(&o.NPMCache, "npm-cache", "", "where wordpress-export-to-markdown is installed (default: $XDG_CACHE_HOME/blogport-bench)")
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return errUsage{err} })
	cmd.AddCommand(newFloorCmd(o))
	return cmd
}

// newFloorCmd is the hidden subcommand the bench re-executes itself
// with, so that the floor is measured as a process of its own.
func newFloorCmd(o *Options) *cobra.Command {
	return &cobra.Command{
		Use:    "floor <export.xml> <outdir>",
		Short:  "Convert an export the simplest fast way (the library floor)",
		Hidden: true,
		Args: func(cmd *cobra.Command, args []string) error {
			if err := cobra.ExactArgs(2)(cmd, args); err != nil {
				return errUsage{err}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			n, err := Floor(cmd.Context(), args[0], args[1])
			if err != nil {
				return err
			}
			fmt.Fprintf(o.Out, "wrote %d files\n", n)
			return nil
		},
	}
}
