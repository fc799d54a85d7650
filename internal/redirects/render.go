package redirects

import (
	"fmt"
	"sort"
	"strings"
)

// File is one rendered file, named relative to the output folder.
type File struct {
	Name string
	Data []byte
}

// Problem is a row a format cannot express, and why.
type Problem struct {
	Format string `json:"format"`
	Row    Row    `json:"row"`
	Why    string `json:"why"`
}

// RenderOptions carry what some formats need beyond the table.
type RenderOptions struct {
	OldBase string // https://old.example: for formats that take whole URLs
	NewBase string // https://new.example: likewise; defaults to OldBase
}

type renderer func(t *Table, o RenderOptions) ([]File, []Problem)

var renderers = map[string]renderer{
	"nginx":           renderNginx,
	"apache":          renderApache,
	"caddy":           renderCaddy,
	"netlify":         renderNetlify,
	"cloudflare":      renderCloudflarePages,
	"cloudflare-bulk": renderCloudflareBulk,
	"vercel":          renderVercel,
	"hugo":            renderFrontMatter("hugo", "Hugo aliases"),
	"jekyll":          renderFrontMatter("jekyll", "Jekyll's redirect_from"),
	"json":            renderJSON,
	"csv":             renderCSV,
}

// Formats lists the format names.
func Formats() []string {
	var out []string
	for k := range renderers {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// ParseFormats reads a comma-separated list of format names (spaces
// around a name allowed), refusing an unknown name by name.
func ParseFormats(list string) ([]string, error) {
	var out []string
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(f)
		if _, ok := renderers[f]; !ok {
			return nil, unknownFormat(f)
		}
		out = append(out, f)
	}
	return out, nil
}

func unknownFormat(f string) error {
	return fmt.Errorf("unknown redirect format %q (want %s)", f, strings.Join(Formats(), ", "))
}

// Render renders the table in one format.
func Render(t *Table, format string, o RenderOptions) ([]File, []Problem, error) {
	r, ok := renderers[format]
	if !ok {
		return nil, nil, unknownFormat(format)
	}
	if o.NewBase == "" {
		o.NewBase = o.OldBase
	}
	files, problems := r(t, o)
	return files, problems, nil
}

// unsafeChars are those no server syntax here takes literally without
// quoting rules of its own; rows holding them are reported, not risked.
func hasUnsafe(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f || strings.ContainsRune("\"'\\$`{};<>", r) {
			return true
		}
	}
	return false
}

// serverRows keeps the rows a server that decodes paths before matching
// can take: percent-encoded rows with a decoded twin are served by it, and
// rows the format cannot write (bad reports why) become problems.
func serverRows(t *Table, format, syntax string, bad func(Row) bool) ([]Row, []Problem) {
	var rows []Row
	var problems []Problem
	twins := decodedTwins(t)
	for i, r := range t.Rows {
		switch {
		case twins[i]:
		case hasUnsafe(r.From) || hasUnsafe(r.To) || hasUnsafe(r.Query) || bad(r):
			problems = append(problems, Problem{format, r, "characters " + syntax + " would not take literally"})
		case strings.Contains(r.From, "%"):
			problems = append(problems, Problem{format, r, syntax + " matches decoded paths; this percent-encoded path has no decoded twin"})
		default:
			rows = append(rows, r)
		}
	}
	return rows, problems
}

// decodedTwin reports a percent-encoded row whose decoded form is also a
// row: servers that decode paths before matching serve both with one rule.
func decodedTwins(t *Table) map[int]bool {
	have := map[string]bool{}
	for _, r := range t.Rows {
		if !strings.Contains(r.From, "%") {
			have[r.From+"?"+r.Query] = true
		}
	}
	twins := map[int]bool{}
	for i, r := range t.Rows {
		if strings.Contains(r.From, "%") {
			if d, err := unescape(r.From); err == nil && have[d+"?"+r.Query] {
				twins[i] = true
			}
		}
	}
	return twins
}
