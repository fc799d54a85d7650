package redirects

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
)

// Platform limits (2025 documentation of each host).
const (
	cloudflarePagesStatic = 2000
	vercelRoutes          = 2048
)

// hasSpace reports white space or control characters, which end a field
// or a line in the line-based formats.
func hasSpace(s string) bool {
	for _, r := range s {
		if r <= ' ' || r == 0x7f || r == 0x85 || r == 0xa0 || r == 0x2028 || r == 0x2029 || unicode.IsSpace(r) {
			return true
		}
	}
	return false
}

// renderNetlify writes Netlify's _redirects: "301!" forces the redirect
// even when a file exists at the old path; query rows use Netlify's
// "name=value" condition. Netlify splits lines on white space, so paths
// holding it go in their percent-encoded form only.
func renderNetlify(t *Table, o RenderOptions) ([]File, []Problem) {
	var problems []Problem
	var b strings.Builder
	b.WriteString("# blogport redirects for Netlify\n")
	for _, r := range t.Rows {
		if hasSpace(r.From+r.To+r.Query) || strings.Contains(r.Query, "&") {
			problems = append(problems, Problem{"netlify", r, "white space or several query parameters cannot be written in _redirects"})
			continue
		}
		if r.Query != "" {
			fmt.Fprintf(&b, "%s  %s  %s  %d!\n", r.From, r.Query, r.To, r.Status)
			continue
		}
		fmt.Fprintf(&b, "%s  %s  %d!\n", r.From, r.To, r.Status)
	}
	return []File{{"netlify/_redirects", []byte(b.String())}}, problems
}

// renderCloudflarePages writes Cloudflare Pages' _redirects, which cannot
// match query strings and takes 2,000 static rules: the rest go to an
// overflow file, reported, for Bulk Redirects.
func renderCloudflarePages(t *Table, o RenderOptions) ([]File, []Problem) {
	var problems []Problem
	var b, over strings.Builder
	b.WriteString("# blogport redirects for Cloudflare Pages\n")
	n := 0
	for _, r := range t.Rows {
		switch {
		case r.Query != "":
			problems = append(problems, Problem{"cloudflare", r, "Cloudflare Pages _redirects cannot match query strings"})
			continue
		case hasSpace(r.From + r.To):
			problems = append(problems, Problem{"cloudflare", r, "white space cannot be written in _redirects"})
			continue
		}
		line := fmt.Sprintf("%s %s %d\n", r.From, r.To, r.Status)
		if n < cloudflarePagesStatic {
			b.WriteString(line)
		} else {
			over.WriteString(line)
			problems = append(problems, Problem{"cloudflare", r, "past Cloudflare Pages' limit of 2,000 static redirects; in _redirects.overflow (use cloudflare-bulk)"})
		}
		n++
	}
	files := []File{{"cloudflare/_redirects", []byte(b.String())}}
	if over.Len() > 0 {
		files = append(files, File{"cloudflare/_redirects.overflow", []byte(over.String())})
	}
	return files, problems
}

// renderCloudflareBulk writes a CSV for Cloudflare Bulk Redirects, which
// takes whole URLs and cannot match query strings.
func renderCloudflareBulk(t *Table, o RenderOptions) ([]File, []Problem) {
	var problems []Problem
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"source_url", "target_url", "status_code", "preserve_query_string", "include_subdomains", "subpath_matching", "preserve_path_suffix"})
	for _, r := range t.Rows {
		if r.Query != "" {
			problems = append(problems, Problem{"cloudflare-bulk", r, "Bulk Redirects cannot match query strings"})
			continue
		}
		if o.OldBase == "" {
			problems = append(problems, Problem{"cloudflare-bulk", r, "needs the old site's address (--old)"})
			continue
		}
		to := r.To
		if strings.HasPrefix(to, "/") {
			to = strings.TrimSuffix(o.NewBase, "/") + to
		}
		w.Write([]string{strings.TrimSuffix(o.OldBase, "/") + r.From, to, strconv.Itoa(r.Status), "false", "false", "false", "false"})
	}
	w.Flush()
	return []File{{"cloudflare-bulk-redirects.csv", buf.Bytes()}}, problems
}

var rePathToRegexp = regexp.MustCompile(`[:()*?+{}\[\]]`)

// renderVercel writes vercel.json's redirects (2,048 routes at most);
// query rows use "has", and path-to-regexp's special characters are
// escaped.
func renderVercel(t *Table, o RenderOptions) ([]File, []Problem) {
	type has struct {
		Type  string `json:"type"`
		Key   string `json:"key"`
		Value string `json:"value"`
	}
	type route struct {
		Source      string `json:"source"`
		Has         []has  `json:"has,omitempty"`
		Destination string `json:"destination"`
		StatusCode  int    `json:"statusCode"`
	}
	var problems []Problem
	var routes []route
	for _, r := range t.Rows {
		if len(routes) >= vercelRoutes {
			problems = append(problems, Problem{"vercel", r, "past Vercel's limit of 2,048 routes"})
			continue
		}
		rt := route{Source: rePathToRegexp.ReplaceAllStringFunc(r.From, func(s string) string { return `\` + s }), Destination: r.To, StatusCode: r.Status}
		if r.Query != "" {
			k, v, ok := strings.Cut(r.Query, "=")
			if !ok || strings.Contains(r.Query, "&") {
				problems = append(problems, Problem{"vercel", r, "only one name=value query parameter can be matched"})
				continue
			}
			rt.Has = []has{{"query", k, v}}
		}
		routes = append(routes, rt)
	}
	data, _ := json.MarshalIndent(struct {
		Redirects []route `json:"redirects"`
	}{routes}, "", "  ")
	return []File{{"vercel.json", append(data, '\n')}}, problems
}

// renderFrontMatter reports what redirects written into front matter by
// pull (Hugo's aliases, Jekyll's redirect_from) cannot serve: the rows
// with a query string, since those redirects are files.
func renderFrontMatter(format, what string) renderer {
	return func(t *Table, o RenderOptions) ([]File, []Problem) {
		var problems []Problem
		for _, r := range t.Rows {
			if r.Query != "" {
				problems = append(problems, Problem{format, r, what + " are files: they cannot match a query string"})
			}
		}
		return nil, problems
	}
}

func renderJSON(t *Table, o RenderOptions) ([]File, []Problem) {
	data, _ := json.MarshalIndent(t, "", "  ")
	return []File{{"redirects.json", append(data, '\n')}}, nil
}

func renderCSV(t *Table, o RenderOptions) ([]File, []Problem) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write([]string{"from", "query", "to", "status", "why"})
	for _, r := range t.Rows {
		w.Write([]string{r.From, r.Query, r.To, strconv.Itoa(r.Status), r.Why})
	}
	w.Flush()
	return []File{{"redirects.csv", buf.Bytes()}}, nil
}
