package cli

import (
	"fmt"
	"runtime"

	"github.com/spf13/cobra"
)

func newVersionCmd(g *Globals) *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print blogport's version",
		Long:    "Print blogport's version and the Go version it was built with.\n\n" + exitCodeHelp,
		Example: "  $ blogport version",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, err := fmt.Fprintf(g.Out, "blogport %s (%s)\n", version(), runtime.Version())
			return err
		},
	}
}
