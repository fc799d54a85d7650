package bench

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// tool is one program the bench runs and measures.
type tool struct {
	name  string
	argv  func(run string) []string // run is a fresh directory; the output goes to run/out
	count func(out string) (int, error)
	want  int // the items it must write
}

// runAll runs every tool runs times, interleaved: run i of each tool back
// to back, so that what disturbs the machine disturbs them alike. It
// returns the samples of each tool, in the order of tools.
func runAll(ctx context.Context, work string, tools []tool, runs int, log io.Writer) ([][]Sample, error) {
	res := make([][]Sample, len(tools))
	for i := range runs {
		for k, t := range tools {
			s, err := runOnce(ctx, work, t, i)
			if err != nil {
				return nil, err
			}
			fmt.Fprintf(log, "run %d/%d  %-22s wall %7.2fs  cpu %7.2fs  peak %6.1f MB  %d items\n",
				i+1, runs, t.name, s.Wall.Seconds(), s.CPU.Seconds(), float64(s.PeakKiB)/1024, s.Items)
			res[k] = append(res[k], s)
		}
	}
	return res, nil
}

// runOnce makes a fresh directory for one run of t, measures it and
// checks what it wrote. The directory is removed after a good run.
func runOnce(ctx context.Context, work string, t tool, i int) (Sample, error) {
	run := filepath.Join(work, "runs", fmt.Sprintf("%s-%d", strings.ReplaceAll(t.name, " ", "-"), i+1))
	if err := os.RemoveAll(run); err != nil {
		return Sample{}, err
	}
	if err := os.MkdirAll(run, 0o755); err != nil {
		return Sample{}, err
	}
	s, err := measure(ctx, t.name, run, t.argv(run))
	if err != nil {
		return Sample{}, err
	}
	count := t.count
	if count == nil {
		count = countMarkdown
	}
	out := filepath.Join(run, "out")
	if s.Items, err = count(out); err != nil {
		return Sample{}, fmt.Errorf("%s: counting its output: %w", t.name, err)
	}
	if s.Items != t.want {
		return Sample{}, fmt.Errorf("%s wrote %d items, want %d; its output is in %s", t.name, s.Items, t.want, out)
	}
	return s, os.RemoveAll(run)
}

// summariseAll summarises the samples of each tool, naming its command
// with RUN for the run's directory.
func summariseAll(tools []tool, samples [][]Sample) []Stats {
	sts := make([]Stats, len(tools))
	for k, t := range tools {
		sts[k] = summarise(t.name, samples[k])
		sts[k].Command = strings.Join(t.argv("RUN"), " ")
	}
	return sts
}

// countMarkdown counts the .md files under dir.
func countMarkdown(dir string) (int, error) {
	return countFiles(dir, func(name string) bool { return strings.HasSuffix(name, ".md") })
}

func countFiles(dir string, match func(name string) bool) (int, error) {
	n := 0
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() && match(d.Name()) {
			n++
		}
		return nil
	})
	return n, err
}

// blogportTool pulls an export with media left remote.
func blogportTool(name, bin string, e Export) tool {
	return tool{name: name, want: e.Items(), argv: func(run string) []string {
		return []string{bin, "pull", e.Path, "-o", filepath.Join(run, "out"), "--assets", "keep"}
	}}
}

// floorTool runs the bench's own floor subcommand, as its own process.
func floorTool(self string, e Export) tool {
	return tool{name: "floor", want: e.Items(), argv: func(run string) []string {
		return []string{self, "floor", e.Path, filepath.Join(run, "out")}
	}}
}
