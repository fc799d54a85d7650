package convert

import (
	"regexp"
	"strings"
)

var reHugoShortcode = regexp.MustCompile(`(?s)\{\{([<%])(.*?)([>%])\}\}`)

// escapeHugo neutralises text Hugo would run as a shortcode: {{< x >}}
// becomes {{</* x */>}}, Hugo's own escape, which renders as the original
// text in prose and code alike. An unclosed {{< gets a zero-width joiner
// between the braces, which Hugo does not read as a delimiter.
func escapeHugo(md string) string {
	if !strings.Contains(md, "{{") {
		return md // both steps below only act on "{{"
	}
	md = reHugoShortcode.ReplaceAllStringFunc(md, func(m string) string {
		g := reHugoShortcode.FindStringSubmatch(m)
		return "{{" + g[1] + "/*" + g[2] + "*/" + g[3] + "}}"
	})
	var b strings.Builder
	for i := 0; i < len(md); i++ {
		if strings.HasPrefix(md[i:], "{{<") || strings.HasPrefix(md[i:], "{{%") {
			if !strings.HasPrefix(md[i+3:], "/*") {
				b.WriteString("{\u200d{")
				i++
				continue
			}
		}
		b.WriteByte(md[i])
	}
	return b.String()
}

var reEndraw = regexp.MustCompile(`\{%-?\s*endraw\s*-?%\}`)

// escapeLiquid wraps Markdown that holds Liquid delimiters ({{ or {%) in
// {% raw %}, so Jekyll shows them as written. A literal {% endraw %} in the
// text is spliced out of the raw block and printed through a Liquid string.
func escapeLiquid(md string) string {
	if !strings.Contains(md, "{{") && !strings.Contains(md, "{%") {
		return md
	}
	md = reEndraw.ReplaceAllStringFunc(md, func(m string) string {
		return `{% endraw %}{{ "` + strings.TrimSuffix(m, "%}") + `" }}%}{% raw %}`
	})
	return "{% raw %}\n" + md + "\n{% endraw %}"
}
