// Command blogport moves a blog into Markdown files its owner controls.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/blogport/blogport/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
