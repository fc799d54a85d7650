package archive

import (
	"bytes"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/token"
)

// benchFrontMatter is the front matter of a typical published post.
func benchFrontMatter(i int) FrontMatter {
	return FrontMatter{
		Title:       fmt.Sprintf("Soldering the bench lamp, part %d: flux & fire", i),
		Date:        time.Date(2024, 1, 1, 10, 0, 0, 0, time.FixedZone("", 3600)),
		Lastmod:     time.Date(2024, 2, 3, 11, 30, 0, 0, time.FixedZone("", 3600)),
		Slug:        fmt.Sprintf("soldering-the-bench-lamp-part-%d", i),
		Authors:     []string{"mark"},
		Categories:  []string{"Lab Notes", "Electronics"},
		Tags:        []string{"solder", "lamp", "bench", "2024"},
		Summary:     "The bench lamp clamps to the shelf and swings out of the way when the soldering starts.",
		Image:       "/posts/soldering/cat.jpg",
		Aliases:     []string{fmt.Sprintf("/2024/01/01/soldering-the-bench-lamp-part-%d/", i), fmt.Sprintf("/?p=%d", i)},
		SourceURL:   fmt.Sprintf("https://blog.example.com/2024/01/01/soldering-the-bench-lamp-part-%d/", i),
		WordPressID: int64(i),
	}
}

// BenchmarkFrontMatter renders the whole file of a typical post, front
// matter and a body of about 5 KB, in each format.
func BenchmarkFrontMatter(b *testing.B) {
	body := strings.Repeat("The bench lamp clamps to the shelf and swings *out of the way* when the [soldering](/posts/x/) starts.\n\n", 48)
	for _, f := range []Format{YAML, TOML} {
		b.Run(string(f), func(b *testing.B) {
			fms := make([]FrontMatter, 64)
			for i := range fms {
				fms[i] = benchFrontMatter(i + 1)
			}
			n := 0
			for b.Loop() {
				if _, err := f.render(fms[n%len(fms)], body); err != nil {
					b.Fatal(err)
				}
				n++
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "posts/s")
		})
	}
}

// trickyYAML are strings at the edges of go-yaml's quoting: reserved words
// of YAML 1.1 and 1.2, numbers of every base, timestamps of each layout it
// tries, indicators first and last, comments, escapes, spaces, line
// breaks and Unicode.
var trickyYAML = []string{
	"", " ", "-", "--", "- a", "a -", "a - b", "a: b", "a:b", "a:", ":a", "http://x.example/a", "https://x.example/a?b=c#d", "#", "a #b", "a#b",
	"yes", "Yes", "YES", "no", "on", "off", "y", "n", "true", "False", "null", "Null", "~", ".inf", "-.Inf", ".NaN", ".nan", "nan", "inf",
	"1", "-1", "+1", "1.5", "1e3", "1E3", "0x1F", "0o17", "0b101", "017", "08", "1_000", "_1", "+_1", "-_5", "99999999999999999999", "1e999",
	"0X1.8p3", "1.2.3", ".5", "5.", "+.5", "++1.5", "-+1.5", "12345678", "123abc", "abc123",
	"2024-01-01", "2024-01-01 10:00:00", "2024-01-01T10:00:00Z", "2024-01-01t10:00:00+01:00", "2024-01-01T10:00:00.5-07:00", "12:30", "1:5", "12:30 pm",
	"+123-01-02", "-123-01-02", "2024-13-01", "20240101", "10:00:00",
	"*a", "&a", "[a]", "{a}", "}", "]", ",a", "!a", "|a", ">a", "%a", "'a", "\"a", "@a", "`a", " a", "a ", "a\\b", "a'b", "a\"b", "a]b", "a}b", "a,b",
	"Don't ask: \"a\" post", "Lab Notes", "Soldering the bench lamp, part 3: flux & fire", "/2024/01/01/x/", "/?p=1", "C:/x", "a:/b", "a: /b",
	"Two\nlines", "trailing\n", "a\r\nb", "a\rb", "\n", "caf\u00e9", "\u2028", "a\u2028b", "\u00a0", "\u00a0lead", "emoji \U0001F389", "\xff\xfe",
	"\t", "a\tb", "\ttab lead", "longer than five", "_underscore lead", ".dot lead", "+plus lead", "0 lead digit", "a\x00b", "\x7f",
}

func yamlLibrary(t testing.TB, fm FrontMatter) string {
	t.Helper()
	out, err := yaml.MarshalWithOptions(fm, yaml.UseSingleQuote(false))
	if err != nil {
		t.Fatal(err)
	}
	return "---\n" + string(out) + "---\n"
}

// sameYAML holds the front matter to go-yaml's bytes, except the strings
// writeYAML deliberately quotes where go-yaml leaves them bare and they do
// not read back (see isDeliberate): the rest must still be go-yaml's bytes,
// and each of those must read back the same.
func sameYAML(t testing.TB, fm FrontMatter) {
	t.Helper()
	got, err := YAML.render(fm, "")
	if err != nil {
		t.Fatal(err)
	}
	rest, alone := splitDeliberate(fm)
	if len(alone) == 0 {
		if want := yamlLibrary(t, fm); string(got) != want {
			t.Fatalf("front matter %#v\n got %q\nwant %q", fm, got, want)
		}
		return
	}
	sameYAML(t, rest)
	for _, one := range alone {
		data, err := YAML.render(one, "")
		if err != nil {
			t.Fatal(err)
		}
		back, _, err := ReadFrontMatter(data)
		// YAML is Unicode: bytes that are not UTF-8 read back as other
		// runes, from go-yaml's writing as from ours
		if err != nil || allValid(one) && !reflect.DeepEqual(back, one) {
			t.Fatalf("written %q reads back %#v (%v), want %#v", data, back, err, one)
		}
	}
}

// isDeliberate: a string writeYAML quotes where go-yaml does not, a list
// item with ? [ or {, or a tab at either end.
func isDeliberate(x string, inList bool) bool {
	return tabEdge(x) || inList && strings.ContainsAny(x, "?[{")
}

// tabEdge: a tab at either end, which go-yaml leaves bare.
func tabEdge(x string) bool { return x != "" && (x[0] == '\t' || x[len(x)-1] == '\t') }

// splitDeliberate returns fm with each deliberately quoted string replaced
// by a plain word, and a front matter for each of them alone.
func splitDeliberate(fm FrontMatter) (rest FrontMatter, alone []FrontMatter) {
	v := reflect.ValueOf(&rest).Elem()
	v.Set(reflect.ValueOf(fm))
	for i := range v.NumField() {
		f := v.Field(i)
		single := func(set func(reflect.Value)) {
			var one FrontMatter
			set(reflect.ValueOf(&one).Elem().Field(i))
			alone = append(alone, one)
		}
		switch f.Kind() {
		case reflect.String:
			if x := f.String(); isDeliberate(x, false) {
				single(func(g reflect.Value) { g.SetString(x) })
				f.SetString("word")
			}
		case reflect.Slice:
			xs := append([]string{}, f.Interface().([]string)...)
			for k, x := range xs {
				if isDeliberate(x, true) {
					single(func(g reflect.Value) { g.Set(reflect.ValueOf([]string{x})) })
					xs[k] = "word"
				}
			}
			if f.Len() > 0 {
				f.Set(reflect.ValueOf(xs))
			}
		}
	}
	return rest, alone
}

func allValid(fm FrontMatter) bool {
	v := reflect.ValueOf(fm)
	for i := range v.NumField() {
		switch f := v.Field(i); f.Kind() {
		case reflect.String:
			if !utf8.ValidString(f.String()) {
				return false
			}
		case reflect.Slice:
			for _, x := range f.Interface().([]string) {
				if !utf8.ValidString(x) {
					return false
				}
			}
		}
	}
	return true
}

// fillStrings sets every string and every list of FrontMatter to s.
func fillStrings(fm *FrontMatter, s string) {
	v := reflect.ValueOf(fm).Elem()
	for i := range v.NumField() {
		switch f := v.Field(i); f.Kind() {
		case reflect.String:
			f.SetString(s)
		case reflect.Slice:
			f.Set(reflect.ValueOf([]string{s, "b", s}))
		}
	}
}

func TestYAMLFrontMatterMatchesLibrary(t *testing.T) {
	if yamlFields == nil {
		t.Fatal("FrontMatter has a field writeYAML does not write: every front matter goes to go-yaml")
	}
	for _, tricky := range trickyYAML {
		// longer than a reserved word, for the rules writeYAML applies itself
		for _, s := range []string{tricky, tricky + "tail text", "lead text" + tricky} {
			if got, want := yamlNeedsQuote(s, false), token.IsNeedQuoted(s) || tabEdge(s); got != want {
				t.Errorf("yamlNeedsQuote(%q) = %v, go-yaml says %v", s, got, want)
			}
			fm := benchFrontMatter(1)
			fillStrings(&fm, s)
			sameYAML(t, fm)
			sameYAML(t, FrontMatter{Title: s, Tags: []string{s}})
		}
	}
	var b bytes.Buffer
	if !writeYAML(&b, benchFrontMatter(1)) {
		t.Error("a typical front matter went to go-yaml")
	}
	zones := []*time.Location{time.UTC, time.FixedZone("", 0), time.FixedZone("", -7*3600-30*60), time.FixedZone("X", 14*3600)}
	for _, z := range zones {
		for _, d := range []time.Time{{}, time.Date(2024, 2, 29, 23, 59, 59, 123456789, z), time.Date(1, 1, 1, 0, 0, 0, 0, z), time.Date(-5, 1, 1, 0, 0, 0, 0, z), time.Time{}.In(z)} {
			sameYAML(t, FrontMatter{Title: "t", Date: d, Lastmod: d})
		}
	}
	sameYAML(t, FrontMatter{})
	sameYAML(t, FrontMatter{Draft: true, Math: true, WordPressID: -9, Authors: []string{}, Tags: []string{""}})
	fm := benchFrontMatter(7)
	sameYAML(t, fm)
}

func FuzzYAMLFrontMatterMatchesLibrary(f *testing.F) {
	for _, s := range trickyYAML {
		f.Add(s, s, int64(len(s)), true)
	}
	f.Fuzz(func(t *testing.T, a, b string, n int64, draft bool) {
		if got, want := yamlNeedsQuote(a, false), token.IsNeedQuoted(a) || tabEdge(a); got != want {
			t.Fatalf("yamlNeedsQuote(%q) = %v, go-yaml says %v", a, got, want)
		}
		fm := FrontMatter{Title: a, Slug: b, Summary: a + b, Tags: []string{a, b}, Aliases: []string{b}, WordPressID: n, Draft: draft, Math: !draft,
			Date: time.Unix(n, n%1e9).In(time.FixedZone("", int(n%50000)))}
		sameYAML(t, fm)
		fillStrings(&fm, b)
		sameYAML(t, fm)
	})
}

// TestFrontMatterSaysMathWhenTheBodyHasIt: math: true tells the themes to
// load MathJax, on the pages whose body holds formulas only.
func TestFrontMatterSaysMathWhenTheBodyHasIt(t *testing.T) {
	tests := []struct {
		name, body string
		want       bool
	}{
		{"inline", "Euler: $e^{i\\pi}+1=0$.\n", true},
		{"display", "$$\\sum_k k$$\n", true},
		{"prices", "From $5 to $10.\n", false},
		{"code", "```sh\necho $a $b$\n```\n", false},
		{"none", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, f := range []Format{YAML, TOML} {
				data, err := f.render(FrontMatter{Title: "t"}, tc.body)
				if err != nil {
					t.Fatal(err)
				}
				back, _, err := ReadFrontMatter(data)
				if err != nil || back.Math != tc.want {
					t.Errorf("%s: math %v (%v), want %v\n%s", f, back.Math, err, tc.want, data)
				}
			}
		})
	}
}
