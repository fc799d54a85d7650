package verify

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/blogport/blogport/internal/archive"
	"github.com/blogport/blogport/internal/redirects"
)

// CheckBuild builds the archive at dir with its layout's generator into a
// temporary folder (removed after), leaving nothing in dir, and checks the
// built site: every item's new URL, every alias of the front matter
// Archive read, and every target of t is a page of it. The build's
// warnings are problems too. Drafts, which the generators do not publish,
// are not checked. It fails when the layout has no generator
// (ErrNoGenerator), the generator is not installed or the build fails.
func (r *Report) CheckBuild(ctx context.Context, dir string, m *archive.Manifest, t *redirects.Table) error {
	b, err := generatorFor(m.Layout)
	if err != nil {
		return err
	}
	src, err := filepath.Abs(dir)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "blogport-verify-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	site, warnings, err := b.build(ctx, src, tmp)
	if err != nil {
		return err
	}
	for _, w := range warnings {
		r.add(b.program, w)
	}
	r.checkBuilt(site, b, m, t)
	return nil
}

// checkBuilt looks up the new URLs, aliases and redirect targets in the
// site b built.
func (r *Report) checkBuilt(site string, b builder, m *archive.Manifest, t *redirects.Table) {
	by := " not built by " + b.program
	for _, it := range m.Items {
		fm := r.front[it.Path]
		if it.NewURL == "" || fm.Draft {
			continue
		}
		r.Built++
		f, ok := builtFile(site, mustUnescape(it.NewURL))
		switch {
		case !ok:
			r.add(it.NewURL, "new URL of "+it.Path+by)
		case b.omitted != "" && fileHolds(f, b.omitted):
			r.add(it.NewURL, fmt.Sprintf("%s left raw HTML of %s out of the page (%s)", b.program, it.Path, b.omitted))
		}
		for _, a := range b.aliases(fm) {
			r.Built++
			if _, ok := builtFile(site, mustUnescape(a)); !ok {
				r.add(a, "alias of "+it.Path+by)
			}
		}
	}
	var order []string
	from := map[string][]string{} // the rows to each target
	for _, row := range t.Rows {
		if _, seen := from[row.To]; !seen {
			order = append(order, row.To)
		}
		old := row.From
		if row.Query != "" {
			old += "?" + row.Query
		}
		from[row.To] = append(from[row.To], old)
	}
	for _, to := range order {
		r.Built++
		if _, ok := builtFile(site, targetPath(to)); !ok {
			r.add(to, fmt.Sprintf("target of %d redirects (such as %s)%s", len(from[to]), from[to][0], by))
		}
	}
}

// builtFile is the file a site built for the URL path p (decoded): p
// ending in / is the folder's index.html; any other p the file itself, or
// the index.html of the folder of that name, or p.html.
func builtFile(site, p string) (string, bool) {
	name := filepath.Join(site, filepath.FromSlash(strings.TrimPrefix(path.Clean("/"+p), "/")))
	candidates := []string{filepath.Join(name, "index.html")}
	if !strings.HasSuffix(p, "/") {
		candidates = []string{name, filepath.Join(name, "index.html"), name + ".html"}
	}
	for _, f := range candidates {
		if fi, err := os.Stat(f); err == nil && fi.Mode().IsRegular() {
			return f, true
		}
	}
	return "", false
}

// targetPath is the decoded path of a redirect target, without its query.
func targetPath(to string) string {
	if u, err := url.Parse(to); err == nil {
		return u.Path
	}
	to, _, _ = strings.Cut(to, "?")
	return mustUnescape(to)
}

func fileHolds(name, text string) bool {
	data, err := os.ReadFile(name)
	return err == nil && bytes.Contains(data, []byte(text))
}
