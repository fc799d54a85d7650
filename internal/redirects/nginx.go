package redirects

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
)

func unescape(s string) (string, error) { return url.PathUnescape(s) }

// renderNginx writes a map for the http block and the snippet that uses it
// in the server block. nginx matches $uri, which it has already decoded,
// so percent-encoded rows are served by their decoded twins; query rows go
// through one map per parameter, keyed by path and value.
func renderNginx(t *Table, o RenderOptions) ([]File, []Problem) {
	rows, problems := serverRows(t, "nginx", "an nginx map", func(Row) bool { return false })
	var paths []Row
	byKey := map[string][]Row{}
	longest := 0
	for _, r := range rows {
		if r.Query == "" {
			paths = append(paths, r)
			longest = max(longest, len(r.From))
			continue
		}
		k, _, ok := strings.Cut(r.Query, "=")
		if !ok || strings.Contains(r.Query, "&") || !isName(k) {
			problems = append(problems, Problem{"nginx", r, "only one name=value query parameter can be matched"})
			continue
		}
		byKey[k] = append(byKey[k], r)
		longest = max(longest, len(r.From)+len(r.Query)+1)
	}
	var m strings.Builder
	m.WriteString("# blogport redirect maps: include in the http block, before the server.\n")
	fmt.Fprintf(&m, "map_hash_bucket_size %d;\nmap_hash_max_size %d;\n\n", pow2(max(64, longest+32)), pow2(max(2048, 4*len(t.Rows))))
	fmt.Fprintf(&m, "map $uri $blogport_redirect {\n\tdefault \"\";\n")
	for _, r := range paths {
		fmt.Fprintf(&m, "\t%q %q;\n", r.From, r.To)
	}
	m.WriteString("}\n")
	keys := sortedKeys(byKey)
	for _, k := range keys {
		fmt.Fprintf(&m, "\nmap \"$uri|$arg_%s\" $blogport_%s {\n\tdefault \"\";\n", k, k)
		for _, r := range byKey[k] {
			_, v, _ := strings.Cut(r.Query, "=")
			fmt.Fprintf(&m, "\t%q %q;\n", r.From+"|"+v, r.To)
		}
		m.WriteString("}\n")
	}
	status := statusOf(t)
	var s strings.Builder
	s.WriteString("# blogport redirects: include in the server block of the old site's address.\n")
	fmt.Fprintf(&s, "if ($blogport_redirect) {\n\treturn %d $blogport_redirect;\n}\n", status)
	for _, k := range keys {
		fmt.Fprintf(&s, "if ($blogport_%s) {\n\treturn %d $blogport_%s;\n}\n", k, status, k)
	}
	return []File{{"nginx-map.conf", []byte(m.String())}, {"nginx-server.conf", []byte(s.String())}}, problems
}

func isName(k string) bool {
	for _, r := range k {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return k != ""
}

func pow2(n int) int {
	p := 1
	for p < n {
		p <<= 1
	}
	return p
}

func statusOf(t *Table) int {
	if len(t.Rows) > 0 && t.Rows[0].Status != 0 {
		return t.Rows[0].Status
	}
	return 301
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
