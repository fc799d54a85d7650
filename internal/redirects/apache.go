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
	rows, problems := serverRows(t, "apache", "mod_rewrite", func(r Row) bool { return strings.ContainsAny(r.To+r.Query, " \t") })
	status := statusOf(t)
	var b strings.Builder
	b.WriteString("# blogport redirects for Apache 2.4 (mod_rewrite): the old site's .htaccess,\n# or inside its <Directory> with AllowOverride FileInfo.\nRewriteEngine On\n")
	for _, r := range rows {
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
