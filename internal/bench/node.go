package bench

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
)

// The Node.js converter blogport is compared with.
const (
	nodePackage = "wordpress-export-to-markdown"
	nodeVersion = "2.2.2"
	// nodeNoDelay is the patched copy, installed beside the original so
	// that it resolves the same dependencies.
	nodeNoDelay = nodePackage + "-nodelay"
)

// writeDelay is the one constant the patched copy changes. In 2.2.2,
// src/settings.js has "exports.markdown_file_write_delay = 25;" and
// src/writer.js schedules file i with setTimeout(…, i × that delay), a
// fixed 25 ms per file (125 s for 5000 posts) that measures the delay, not
// the conversion. The patched copy sets it to 0.
var writeDelay = regexp.MustCompile(`(exports\.markdown_file_write_delay\s*=\s*)\d+`)

// nodeTools installs the converter in cache (once) and returns it as
// shipped and with the write delay set to 0; or why it cannot run.
func nodeTools(ctx context.Context, o *Options, cache string, e Export) ([]tool, []Skip) {
	const what = "wordpress-export-to-markdown comparison"
	npm, err := o.LookPath("npm")
	if err != nil {
		return nil, []Skip{{What: what, Why: "npm is not on PATH"}}
	}
	node, err := o.LookPath("node")
	if err != nil {
		return nil, []Skip{{What: what, Why: "node is not on PATH"}}
	}
	if err := installNode(ctx, npm, cache); err != nil {
		return nil, []Skip{{What: what, Why: err.Error()}}
	}
	fmt.Fprintf(o.Err, "using %s@%s installed in %s\n", nodePackage, nodeVersion, cache)
	tools := []tool{nodeTool(toolNode, node, filepath.Join(cache, "node_modules", nodePackage), e)}
	nodelay := filepath.Join(cache, "node_modules", nodeNoDelay)
	if err := patchNoDelay(filepath.Join(cache, "node_modules", nodePackage), nodelay); err != nil {
		return tools, []Skip{{What: "wordpress-export-to-markdown without its write delay", Why: err.Error()}}
	}
	return append(tools, nodeTool(toolNoDelay, node, nodelay, e)), nil
}

// nodeTool runs the converter with its wizard and image downloads off,
// posts and pages (other types) on, one folder per post.
func nodeTool(name, node, pkg string, e Export) tool {
	return tool{name: name, want: e.Items(), argv: func(run string) []string {
		return []string{node, filepath.Join(pkg, "index.js"), "--wizard=false",
			"--input=" + e.Path, "--output=" + filepath.Join(run, "out"),
			"--save-attached-images=false", "--save-scraped-images=false", "--include-other-types=true"}
	}}
}

// installNode runs npm install into cache unless the version is there.
func installNode(ctx context.Context, npm, cache string) error {
	pkg := filepath.Join(cache, "node_modules", nodePackage)
	if v, err := packageVersion(pkg); err == nil && v == nodeVersion {
		return nil
	}
	if err := os.MkdirAll(cache, 0o755); err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, npm, "install", "--prefix", cache, "--no-audit", "--no-fund", nodePackage+"@"+nodeVersion)
	var out tail
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("npm install %s@%s into %s: %w: %s", nodePackage, nodeVersion, cache, err, out.String())
	}
	v, err := packageVersion(pkg)
	if err != nil {
		return fmt.Errorf("npm install %s@%s: %w", nodePackage, nodeVersion, err)
	}
	if v != nodeVersion {
		return fmt.Errorf("npm install %s@%s installed version %s", nodePackage, nodeVersion, v)
	}
	return nil
}

func packageVersion(dir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, "package.json"))
	if err != nil {
		return "", err
	}
	var p struct{ Version string }
	if err := json.Unmarshal(b, &p); err != nil {
		return "", fmt.Errorf("%s: %w", filepath.Join(dir, "package.json"), err)
	}
	return p.Version, nil
}

// patchNoDelay copies the package from src to dst, anew each time, and
// sets its write delay to 0 in dst/src/settings.js.
func patchNoDelay(src, dst string) error {
	if err := os.RemoveAll(dst); err != nil {
		return err
	}
	if err := copyTree(src, dst); err != nil {
		return err
	}
	settings := filepath.Join(dst, "src", "settings.js")
	b, err := os.ReadFile(settings)
	if err != nil {
		return err
	}
	if n := len(writeDelay.FindAllIndex(b, -1)); n != 1 {
		return fmt.Errorf("%s: found the write delay (exports.markdown_file_write_delay) %d times, want once; not version %s?", settings, n, nodeVersion)
	}
	return os.WriteFile(settings, writeDelay.ReplaceAll(b, []byte("${1}0")), 0o644)
}

// copyTree copies the directories, regular files and symbolic links
// under src to dst.
func copyTree(src, dst string) error {
	return filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		to := filepath.Join(dst, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(to, 0o755)
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			return os.Symlink(target, to)
		case d.Type().IsRegular():
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(to, b, 0o644)
		}
		return errors.New(p + ": not a file, folder or link")
	})
}
