package bench

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"
)

// run is the bench: the export section, then the crawl section, then the
// report.
func run(ctx context.Context, o *Options) (err error) {
	bin, err := givenBlogport(o)
	if err != nil {
		return err
	}
	work, done, err := workDir(o)
	if err != nil {
		return err
	}
	defer func() { done(err) }()
	if bin == "" {
		if bin, err = buildBlogport(ctx, o, work); err != nil {
			return err
		}
	}
	rep := newReport(o)
	sec, err := exportSection(ctx, o, work, bin, rep)
	if err != nil {
		return err
	}
	rep.Sections = append(rep.Sections, sec)
	if o.Crawl {
		sec, err := crawlSection(ctx, o, work, bin, rep)
		if err != nil {
			return err
		}
		rep.Sections = append(rep.Sections, sec)
	}
	rep.LoadEnd = loadAverage()
	return rep.print(o.Out, o.JSON)
}

// workDir makes the work directory and returns what to do with it at
// the end: a temporary one is removed after a good run unless --keep,
// and kept (and named) after a failed one.
func workDir(o *Options) (string, func(error), error) {
	if o.Work != "" {
		dir, err := filepath.Abs(o.Work)
		if err != nil {
			return "", nil, err
		}
		return dir, func(error) {}, os.MkdirAll(dir, 0o755)
	}
	dir, err := os.MkdirTemp("", "blogport-bench-")
	if err != nil {
		return "", nil, err
	}
	return dir, func(err error) {
		switch {
		case err != nil:
			fmt.Fprintf(o.Err, "blogport-bench: the work directory is kept for a look: %s\n", dir)
		case o.Keep:
			fmt.Fprintf(o.Err, "blogport-bench: work directory kept: %s\n", dir)
		default:
			os.RemoveAll(dir)
		}
	}, nil
}

// givenBlogport is the --blogport binary, or "" when blogport is to be
// built from ./cmd/blogport, which must then be there.
func givenBlogport(o *Options) (string, error) {
	if o.Blogport == "" {
		if _, err := os.Stat(filepath.Join("cmd", "blogport", "main.go")); err != nil {
			return "", errUsage{errors.New("there is no ./cmd/blogport here: run blogport-bench from the repository root, or give --blogport")}
		}
		return "", nil
	}
	bin, err := filepath.Abs(o.Blogport)
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(bin); err != nil {
		return "", errUsage{fmt.Errorf("--blogport: %w", err)}
	}
	return bin, nil
}

// buildBlogport builds ./cmd/blogport into work.
func buildBlogport(ctx context.Context, o *Options, work string) (string, error) {
	gobin, err := o.LookPath("go")
	if err != nil {
		return "", fmt.Errorf("building blogport: %w", err)
	}
	bin := filepath.Join(work, "blogport")
	fmt.Fprintf(o.Err, "building %s\n", bin)
	cmd := exec.CommandContext(ctx, gobin, "build", "-o", bin, "./cmd/blogport")
	var out tail
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return "", &childError{name: "go build ./cmd/blogport", err: err, tail: out.String()}
	}
	return bin, nil
}

// generate writes the export of n posts into work, once per size.
func generate(o *Options, work string, n int) (Export, error) {
	path := filepath.Join(work, fmt.Sprintf("export-%d-seed%d.xml", n, o.Seed))
	start := time.Now()
	e, err := Generate(path, n, o.Seed)
	if err != nil {
		return Export{}, err
	}
	fmt.Fprintf(o.Err, "generated %s (%s) in %.1fs\n", path, e.describe(), time.Since(start).Seconds())
	return e, nil
}

// npmCache is --npm-cache or the user's cache directory.
func npmCache(o *Options) (string, error) {
	if o.NPMCache != "" {
		return filepath.Abs(o.NPMCache)
	}
	dir, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no cache directory for npm (give --npm-cache): %w", err)
	}
	return filepath.Join(dir, "blogport-bench"), nil
}
