package cli

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/blogport/blogport/internal/assets"
	"github.com/blogport/blogport/internal/fetch"
	"github.com/blogport/blogport/internal/pipeline"
	"github.com/blogport/blogport/internal/route"
	"github.com/spf13/cobra"
)

// pullFlagTests are TestPullFlagsBecomeOptions' cases.
var pullFlagTests = []struct {
	name    string
	args    []string
	usage   string // a usage error containing this, or "" for none
	check   func(t *testing.T, ro route.Options, po pipeline.Options)
	sources []string
}{
	{name: "defaults", args: []string{"export.xml", "-o", "site"}, sources: []string{"export.xml"},
		check: func(t *testing.T, ro route.Options, po pipeline.Options) {
			if po.Output != "site" || po.Assets != assets.Download || po.Drafts || po.IncludePrivate || po.Permalink != "" {
				t.Errorf("pipeline options %+v", po)
			}
			if ro.Fetch.Delay != fetch.DefaultDelay || ro.Fetch.Concurrency != 1 || ro.Fetch.Retries != 3 || ro.Fetch.MaxBytes != 64<<20 || ro.Fetch.IgnoreRobots || ro.Via != nil {
				t.Errorf("route options %+v", ro)
			}
		}},
	{name: "politeness and routes", sources: []string{"https://blog.example.com"},
		args: []string{"https://blog.example.com", "-o", "s", "--delay", "250ms", "--concurrency", "2", "--retries", "1",
			"--max-size", "8", "--ignore-robots", "--allow-host", "cdn.example.com", "--via", "rest,feed", "--drafts", "--include-private"},
		check: func(t *testing.T, ro route.Options, po pipeline.Options) {
			f := ro.Fetch
			if f.Delay != 250*time.Millisecond || f.Concurrency != 2 || f.Retries != 1 || f.MaxBytes != 8<<20 || !f.IgnoreRobots ||
				len(f.Hosts) != 1 || f.Hosts[0] != "cdn.example.com" {
				t.Errorf("fetch options %+v", f)
			}
			if len(ro.Via) != 2 || ro.Via[0] != "rest" || ro.Via[1] != "feed" || !ro.Drafts || !ro.IncludePrivate || !po.Drafts || !po.IncludePrivate {
				t.Errorf("route options %+v, pipeline %+v", ro, po)
			}
		}},
	{name: "no pause", args: []string{"https://blog.example.com", "-o", "s", "--delay", "0", "--concurrency", "8", "--retries", "0"}, sources: []string{"https://blog.example.com"},
		check: func(t *testing.T, ro route.Options, po pipeline.Options) {
			if f := ro.Fetch; f.Delay != 0 || f.Concurrency != 8 || !strings.HasSuffix(fetch.New(f).Settings(), " 0 retries") {
				t.Errorf("fetch options %+v, want no delay, 8 connections, no retries", f)
			}
		}},
	{name: "archive shape", args: []string{"a.xml", "b.xml", "-o", "s", "--layout", "jekyll", "--front-matter", "TOML", "--assets", "keep", "--permalink", "/:year/:slug/"},
		sources: []string{"a.xml", "b.xml"},
		check: func(t *testing.T, ro route.Options, po pipeline.Options) {
			if string(po.Format) != "toml" || po.Assets != assets.Keep || po.Permalink != "/:year/:slug/" {
				t.Errorf("pipeline options %+v", po)
			}
		}},
	{name: "no output", args: []string{"a.xml"}, usage: "--output (-o) is required"},
	{name: "bad via", args: []string{"https://a.example", "-o", "s", "--via", "rest,spider"}, usage: `unknown route "spider"`},
	{name: "bad permalink", args: []string{"a.xml", "-o", "s", "--permalink", "/:year/"}, usage: "want keep, or a path with :slug or :id"},
	{name: "bad assets", args: []string{"a.xml", "-o", "s", "--assets", "fetch"}, usage: `unknown assets mode "fetch"`},
	{name: "bad delay", args: []string{"a.xml", "-o", "s", "--delay", "soon"}, usage: "invalid argument"},
	{name: "missing mapping", args: []string{"https://a.example", "-o", "s", "--mapping", "/no/such/mapping.yaml"}, usage: ""},
}

// TestPullFlagsBecomeOptions table-tests argv → the options of the route
// and the pipeline, through runF, without running a pull.
func TestPullFlagsBecomeOptions(t *testing.T) {
	for _, tc := range pullFlagTests {
		t.Run(tc.name, func(t *testing.T) {
			var got *PullOptions
			g := &Globals{Out: &bytes.Buffer{}, Err: &bytes.Buffer{}}
			cmd := newPullCmd(g, func(_ context.Context, o *PullOptions) error { got = o; return nil })
			cmd.SetArgs(tc.args)
			cmd.SetOut(g.Out)
			cmd.SetErr(g.Err)
			cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return errUsage{err} })
			err := cmd.ExecuteContext(context.Background())
			if err == nil {
				_, _, err = got.options()
			}
			var usage errUsage
			switch {
			case tc.usage != "":
				if !errors.As(err, &usage) || !bytes.Contains([]byte(err.Error()), []byte(tc.usage)) {
					t.Fatalf("err = %v, want a usage error with %q", err, tc.usage)
				}
				return
			case tc.check == nil:
				if err == nil || errors.As(err, &usage) {
					t.Fatalf("err = %v, want a plain error", err)
				}
				return
			case err != nil:
				t.Fatal(err)
			}
			if len(got.Sources) != len(tc.sources) || got.Sources[0] != tc.sources[0] {
				t.Errorf("sources %v, want %v", got.Sources, tc.sources)
			}
			ro, po, _ := got.options()
			tc.check(t, ro, po)
		})
	}
}
