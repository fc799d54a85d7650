package redirects

import (
	"fmt"
	"strings"
)

// renderCaddy writes a Caddyfile snippet: a map from the (decoded) path to
// its target, and a query matcher per query row.
func renderCaddy(t *Table, o RenderOptions) ([]File, []Problem) {
	rows, problems := serverRows(t, "caddy", "a Caddyfile", func(r Row) bool { return strings.ContainsAny(r.From+r.To+r.Query, " \t#") })
	status := statusOf(t)
	var m, q strings.Builder
	n := 0
	for _, r := range rows {
		if r.Query == "" {
			fmt.Fprintf(&m, "\t\t%s %s\n", r.From, r.To)
			continue
		}
		n++
		fmt.Fprintf(&q, "\t@blogport_q%d {\n\t\tpath %s\n\t\tquery %s\n\t}\n\tredir @blogport_q%d %s %d\n", n, r.From, r.Query, n, r.To, status)
	}
	var b strings.Builder
	b.WriteString("# blogport redirects: import inside the old site's block (import blogport-redirects.caddy).\n")
	b.WriteString("route {\n\tmap {path} {blogport_to} {\n")
	b.WriteString(m.String())
	b.WriteString("\t\tdefault \"\"\n\t}\n")
	fmt.Fprintf(&b, "\t@blogport_path not vars {blogport_to} \"\"\n\tredir @blogport_path {blogport_to} %d\n", status)
	b.WriteString(q.String())
	b.WriteString("}\n")
	return []File{{"blogport-redirects.caddy", []byte(b.String())}}, problems
}
