package redirects

import (
	"fmt"
	"regexp"
	"strings"
)

// renderApache writes an .htaccess of exact-match RewriteRules (mod_rewrite
// matches the decoded path, without its leading slash in this context), a
// RewriteCond on the query string for query rows.
func renderApache(t *Table, o RenderOptions) ([]File, []Problem) {
	var problems []Problem
	twins := decodedTwins(t)
	status := statusOf(t)
	var b strings.Builder
	b.WriteString("# blogport redirects for Apache 2.4 (mod_rewrite): the old site's .htaccess,\n# or inside its <Directory> with AllowOverride FileInfo.\nRewriteEngine On\n")
	for i, r := range t.Rows {
		switch {
		case twins[i]:
			continue
		case hasUnsafe(r.From) || hasUnsafe(r.To) || hasUnsafe(r.Query) || strings.ContainsAny(r.To+r.Query, " \t"):
			problems = append(problems, Problem{"apache", r, "characters mod_rewrite would not take literally"})
			continue
		case strings.Contains(r.From, "%"):
			problems = append(problems, Problem{"apache", r, "Apache matches decoded paths; this percent-encoded path has no decoded twin"})
			continue
		}
		pattern := "^" + regexp.QuoteMeta(strings.TrimPrefix(r.From, "/")) + "$"
		pattern = strings.ReplaceAll(pattern, " ", `\s`) // a bare space would end the pattern
		to := strings.ReplaceAll(r.To, "%", `\%`)        // %N would be a RewriteCond back-reference
		if r.Query != "" {
			fmt.Fprintf(&b, "RewriteCond %%{QUERY_STRING} (^|&)%s(&|$)\n", regexp.QuoteMeta(r.Query))
			fmt.Fprintf(&b, "RewriteRule %s %s [R=%d,L,NE,QSD]\n", pattern, to, status)
			continue
		}
		fmt.Fprintf(&b, "RewriteRule %s %s [R=%d,L,NE]\n", pattern, to, status)
	}
	return []File{{".htaccess", []byte(b.String())}}, problems
}
