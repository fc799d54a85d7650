// Package cli holds blogport's commands, one file each, and the exit codes.
package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/debug"

	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// Exit codes, the same for every command.
const (
	ExitOK          = 0
	ExitError       = 1
	ExitUsage       = 2
	ExitPartial     = 3
	ExitInterrupted = 130
)

const exitCodeHelp = `Exit codes:
  0    ok
  1    error
  2    usage error
  3    partial: finished, but some items or media files failed (see the summary)
  130  interrupted`

// errUsage marks errors in how the command was called.
type errUsage struct{ error }

// errPartial marks a run that finished with failed items.
type errPartial struct{ error }

// Globals are the dependencies every command shares.
type Globals struct {
	Out, Err io.Writer
	Verbose  bool
	Quiet    bool
}

func (g *Globals) logger() *slog.Logger {
	level := slog.LevelInfo
	switch {
	case g.Verbose:
		level = slog.LevelDebug
	case g.Quiet:
		level = slog.LevelWarn
	}
	return slog.New(slog.NewTextHandler(g.Err, &slog.HandlerOptions{Level: level}))
}

// Main runs blogport with args (without the program name) and returns the
// process exit code.
func Main(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	g := &Globals{Out: stdout, Err: stderr}
	root := newRoot(g)
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return ExitOK
	}
	var partial errPartial
	switch {
	case errors.Is(err, context.Canceled) || ctx.Err() != nil:
		fmt.Fprintln(stderr, "blogport: interrupted")
		return ExitInterrupted
	case errors.As(err, &partial):
		fmt.Fprintln(stderr, "blogport:", err)
		return ExitPartial
	}
	fmt.Fprintln(stderr, "blogport:", err)
	var usage errUsage
	if errors.As(err, &usage) {
		return ExitUsage
	}
	return ExitError
}

func newRoot(g *Globals) *cobra.Command {
	root := &cobra.Command{
		Use:   "blogport",
		Short: "Move a blog into Markdown files you control",
		Long: `blogport moves a blog out of where it lives (a WordPress export file, a live
WordPress site, a feed, any other blog's pages, or a local copy of a site)
into files its owner controls: Markdown with front matter, a manifest of
where everything came from (blogport.json), and the redirect maps that keep
every old address alive.

` + exitCodeHelp,
		Example:       "  $ blogport pull export.xml -o site\n  $ blogport pull https://blog.example.com -o site\n  $ blogport redirects -a site --format nginx\n  $ blogport version",
		SilenceUsage:  true,
		SilenceErrors: true,
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 0 {
				return errUsage{fmt.Errorf("unknown command %q; see blogport --help", args[0])}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	root.PersistentFlags().BoolVarP(&g.Verbose, "verbose", "v", false, "log every step")
	root.PersistentFlags().BoolVarP(&g.Quiet, "quiet", "q", false, "log only warnings and errors")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return errUsage{err} })
	root.AddCommand(newPullCmd(g, nil), newRedirectsCmd(g), newVerifyCmd(g), newMappingsCmd(g), newVersionCmd(g))
	return root
}

// Version is set at build time with -ldflags "-X .../cli.Version=v1.2.3";
// otherwise it comes from the module's build information.
var Version = ""

func version() string {
	if Version != "" {
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}

// userAgent is the honest User-Agent of every request: name, version, and
// where to read about it.
func userAgent() string { return "blogport/" + version() + " (+https://github.com/blogport/blogport)" }

// writeJSON prints v as indented JSON, the --json output of every command.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}
