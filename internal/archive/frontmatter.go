package archive

import (
	"bytes"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/blogport/blogport/internal/convert"
	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/token"
	"github.com/pelletier/go-toml/v2"
)

// FrontMatter is written through a real encoder from this struct, so key
// order is stable: the keys of the archive contract, in its order.
type FrontMatter struct {
	Title   string    `yaml:"title" toml:"title"`
	Date    time.Time `yaml:"date,omitempty" toml:"date,omitempty"`
	Lastmod time.Time `yaml:"lastmod,omitempty" toml:"lastmod,omitempty"`
	Slug    string    `yaml:"slug,omitempty" toml:"slug,omitempty"`
	Authors []string  `yaml:"authors,omitempty,flow" toml:"authors,omitempty"`
	// Author repeats Authors, joined, for the jekyll layout: minima,
	// jekyll-feed and jekyll-seo-tag read author.
	Author     string   `yaml:"author,omitempty" toml:"author,omitempty"`
	Categories []string `yaml:"categories,omitempty,flow" toml:"categories,omitempty"`
	Tags       []string `yaml:"tags,omitempty,flow" toml:"tags,omitempty"`
	Summary    string   `yaml:"summary,omitempty" toml:"summary,omitempty"`
	// Excerpt repeats Summary for the jekyll layout, which reads excerpt.
	Excerpt string   `yaml:"excerpt,omitempty" toml:"excerpt,omitempty"`
	Image   string   `yaml:"image,omitempty" toml:"image,omitempty"`
	Aliases []string `yaml:"aliases,omitempty,flow" toml:"aliases,omitempty"`
	// RedirectFrom repeats Aliases for the jekyll layout (jekyll-redirect-from).
	RedirectFrom []string `yaml:"redirect_from,omitempty,flow" toml:"redirect_from,omitempty"`
	SourceURL    string   `yaml:"source_url,omitempty" toml:"source_url,omitempty"`
	WordPressID  int64    `yaml:"wordpress_id,omitempty" toml:"wordpress_id,omitempty"`
	Draft        bool     `yaml:"draft,omitempty" toml:"draft,omitempty"`
	// Math: the body holds TeX formulas; the site files' themes load
	// MathJax on such pages only. render sets it from the body.
	Math      bool   `yaml:"math,omitempty" toml:"math,omitempty"`
	URL       string `yaml:"url,omitempty" toml:"url,omitempty"`             // hugo and plain, with --permalink
	Permalink string `yaml:"permalink,omitempty" toml:"permalink,omitempty"` // jekyll, with --permalink

	// day: Date is a day alone (its source gave no time of day), written
	// as a date: 2025-07-14 in YAML, a local date in TOML.
	day bool
}

// Format is the front matter syntax.
type Format string

const (
	YAML Format = "yaml"
	TOML Format = "toml"
)

// render returns the whole Markdown file: front matter, blank line, body.
func (f Format) render(fm FrontMatter, body string) ([]byte, error) {
	fm.Math = fm.Math || convert.HasMath(body)
	var b bytes.Buffer
	b.Grow(1024 + len(body)) // front matter is well under 1 KB: one allocation
	switch f {
	case TOML:
		out, err := toml.Marshal(fm)
		if err != nil {
			return nil, fmt.Errorf("front matter: %w", err)
		}
		b.WriteString("+++\n")
		b.Write(out)
		b.WriteString("+++\n")
	default:
		b.WriteString("---\n")
		if !writeYAML(&b, fm) {
			out, err := yaml.MarshalWithOptions(fm, yaml.UseSingleQuote(false))
			if err != nil {
				return nil, fmt.Errorf("front matter: %w", err)
			}
			b.Write(out)
		}
		b.WriteString("---\n")
	}
	if fm.day {
		dayAlone(&b, fm.Date, f)
	}
	if body != "" {
		b.WriteString("\n")
		b.WriteString(body)
	}
	return b.Bytes(), nil
}

// ReadFrontMatter reads back a file written by render and returns its
// front matter and body; verify uses it to prove every front matter parses.
func ReadFrontMatter(data []byte) (FrontMatter, string, error) {
	var fm FrontMatter
	var unmarshal func([]byte, any) error
	switch {
	case bytes.HasPrefix(data, []byte("---\n")):
		unmarshal = yaml.Unmarshal
	case bytes.HasPrefix(data, []byte("+++\n")):
		unmarshal = toml.Unmarshal
	default:
		return fm, "", fmt.Errorf("front matter: none")
	}
	fence := data[:3]
	end := bytes.Index(data[4:], append(append([]byte{'\n'}, fence...), '\n'))
	if end < 0 {
		return fm, "", fmt.Errorf("front matter: no closing %s", fence)
	}
	if err := unmarshal(data[4:4+end+1], &fm); err != nil {
		return fm, "", err
	}
	return fm, string(data[4+end+5:]), nil
}

// dayAlone rewrites the date line of the front matter in b, which every
// encoder writes as an RFC 3339 time on a line of its own, as the day.
func dayAlone(b *bytes.Buffer, d time.Time, f Format) {
	sep := ": "
	if f == TOML {
		sep = " = "
	}
	line := []byte("\ndate" + sep + d.Format(time.RFC3339Nano) + "\n")
	out := bytes.Replace(b.Bytes(), line, []byte("\ndate"+sep+d.Format(time.DateOnly)+"\n"), 1)
	b.Reset()
	b.Write(out)
}

// The YAML front matter is written here, byte for byte as
// yaml.MarshalWithOptions(fm, yaml.UseSingleQuote(false)) writes it,
// because go-yaml's encoder costs more than converting the post: it
// builds and prints a syntax tree and tries five time.Parse layouts on
// every string to decide its quoting. Whatever this writer does not know
// to be identical (a multi-line string, a field of another kind or tag)
// goes to go-yaml itself; TestYAMLFrontMatterMatchesLibrary holds the two
// together. Two deliberate differences, where go-yaml's output does not
// read back: list items holding ? [ or { are quoted (Hugo refuses them
// bare), and so is a string with a tab at either end.

// yamlField is how one field of FrontMatter is written.
type yamlField struct {
	index     int
	key       string // as printed
	omitEmpty bool
	flow      bool
	kind      reflect.Kind // String, Bool, Int64, Slice of string, or Struct for time.Time
}

// yamlFields is FrontMatter's plan, nil when a field is of a kind or has a
// tag option writeYAML does not write.
var yamlFields = planYAML(reflect.TypeFor[FrontMatter]())

func planYAML(t reflect.Type) []yamlField {
	var plan []yamlField
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() { // neither go-yaml nor go-toml write it
			continue
		}
		opts := strings.Split(f.Tag.Get("yaml"), ",")
		if opts[0] == "" || opts[0] == "-" {
			return nil
		}
		var key bytes.Buffer
		if !writeYAMLScalar(&key, opts[0], false) {
			return nil
		}
		yf := yamlField{index: i, key: key.String(), kind: f.Type.Kind()}
		for _, o := range opts[1:] {
			switch o {
			case "omitempty":
				yf.omitEmpty = true
			case "flow":
				yf.flow = true
			default:
				return nil
			}
		}
		// Exact types only: a named type could marshal itself.
		switch f.Type {
		case reflect.TypeFor[time.Time](), reflect.TypeFor[string](), reflect.TypeFor[bool](), reflect.TypeFor[int64]():
		case reflect.TypeFor[[]string]():
			if !yf.flow || !yf.omitEmpty { // a nil list would be null
				return nil
			}
		default:
			return nil
		}
		plan = append(plan, yf)
	}
	return plan
}

// writeYAML writes fm's YAML to b and reports true, or writes nothing and
// reports false when go-yaml must write it.
func writeYAML(b *bytes.Buffer, fm FrontMatter) bool {
	if yamlFields == nil {
		return false
	}
	start := b.Len()
	v := reflect.ValueOf(&fm).Elem()
	for _, f := range yamlFields {
		fv := v.Field(f.index)
		if f.omitEmpty && isEmptyYAML(fv, f.kind) {
			continue
		}
		b.WriteString(f.key)
		b.WriteString(": ")
		ok := true
		switch f.kind {
		case reflect.String:
			ok = writeYAMLScalar(b, fv.String(), false)
		case reflect.Bool:
			b.WriteString(strconv.FormatBool(fv.Bool()))
		case reflect.Int64:
			b.WriteString(strconv.FormatInt(fv.Int(), 10))
		case reflect.Slice:
			ok = writeYAMLFlowList(b, *fv.Addr().Interface().(*[]string))
		default: // time.Time
			b.WriteString(fv.Addr().Interface().(*time.Time).Format(time.RFC3339Nano))
		}
		if !ok {
			b.Truncate(start)
			return false
		}
		b.WriteByte('\n')
	}
	if b.Len() == start { // go-yaml writes {}
		return false
	}
	return true
}

// isEmptyYAML is go-yaml's omitempty test for the kinds writeYAML writes.
func isEmptyYAML(fv reflect.Value, kind reflect.Kind) bool {
	switch kind {
	case reflect.String, reflect.Slice:
		return fv.Len() == 0
	case reflect.Bool:
		return !fv.Bool()
	case reflect.Int64:
		return fv.Int() == 0
	default: // time.Time, by its IsZero
		return fv.Addr().Interface().(*time.Time).IsZero()
	}
}

// writeYAMLFlowList writes a list in flow style, "[a, b]", or reports
// false for go-yaml.
func writeYAMLFlowList(b *bytes.Buffer, xs []string) bool {
	b.WriteByte('[')
	for i, x := range xs {
		if i > 0 {
			b.WriteString(", ")
		}
		if !writeYAMLScalar(b, x, true) {
			return false
		}
	}
	b.WriteByte(']')
	return true
}

// writeYAMLScalar writes a string as go-yaml prints it, or reports false
// where go-yaml would write a literal block (a line break in a plain
// string).
func writeYAMLScalar(b *bytes.Buffer, v string, flow bool) bool {
	switch {
	case yamlNeedsQuote(v, flow):
		b.WriteString(strconv.Quote(v))
	case strings.ContainsAny(v, "\r\n"):
		return false
	case v[0] == '{' || v[0] == '[': // go-yaml quotes these before; kept in step with it
		b.WriteString("'" + v + "'")
	default:
		b.WriteString(v)
	}
	return true
}

// yamlNeedsQuote is go-yaml's quoting decision (Encoder.isNeedQuoted,
// token.IsNeedQuoted). token.IsNeedQuoted tries reserved words, numbers
// and timestamps before the rest; a string longer than any reserved word
// (5 bytes) whose first byte is none of "0123456789+-_." can be none of
// them, as every number and timestamp layout it tries begins with a sign,
// a digit, '_' or '.'. Only then are the remaining rules applied here;
// any other string is asked of go-yaml.
func yamlNeedsQuote(v string, flow bool) bool {
	// In a flow list go-yaml leaves ? [ { unquoted, which the YAML readers
	// of the generators (Hugo's) refuse, or read as a mapping: quoted here.
	if flow && (strings.ContainsAny(v, `]},'"?[{`) || hasColonNotBeforeSlash(v)) {
		return true
	}
	// go-yaml leaves a tab at either end bare, and it reads back cut off
	if v != "" && (v[0] == '\t' || v[len(v)-1] == '\t') {
		return true
	}
	if len(v) <= 5 || strings.IndexByte("0123456789+-_.", v[0]) >= 0 {
		return token.IsNeedQuoted(v)
	}
	switch v[0] {
	case '*', '&', '[', '{', '}', ']', ',', '!', '|', '>', '%', '\'', '"', '@', ' ', '`':
		return true
	}
	switch v[len(v)-1] {
	case ':', ' ':
		return true
	}
	for i := 0; i < len(v); i++ {
		switch v[i] {
		case '#', '\\':
			return true
		case ':', '-':
			if i+1 < len(v) && v[i+1] == ' ' {
				return true
			}
		}
	}
	return false
}

func hasColonNotBeforeSlash(v string) bool {
	for i := 0; i < len(v); i++ {
		if v[i] == ':' && (i+1 == len(v) || v[i+1] != '/') {
			return true
		}
	}
	return false
}
