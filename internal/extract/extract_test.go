package extract

import (
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
)

func page(t *testing.T, name string) *goquery.Document {
	t.Helper()
	f, err := os.Open("../../testdata/pages/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := goquery.NewDocumentFromReader(f)
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func TestWordPressMappingOnClassicAndBlockThemes(t *testing.T) {
	m, err := Builtin("wordpress")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		file      string
		want      Fields
		body      string
		furniture []string
	}{
		{"wordpress-classic.html", Fields{Kind: "post", ID: 7, Title: "Clamp lamp, second try", Authors: []string{"Marta Lindqvist"},
			Categories: []string{"Lamps"}, Tags: []string{"go", "solder"}}, "Every bench needs a lamp.",
			[]string{"Share on a network", "Related", "Leave a Reply", "Previous post", "Proudly powered"}},
		{"wordpress-block.html", Fields{Kind: "post", ID: 4, Title: "Harbour morning",
			Categories: []string{"Travel"}, Tags: []string{"sea"}}, "The harbour at six in the morning.",
			[]string{"Leave a Reply", "Olá, café", "Proudly powered", "About us"}},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			f := m.Extract(page(t, tc.file))
			if f.Kind != tc.want.Kind || f.ID != tc.want.ID || f.Title != tc.want.Title ||
				!reflect.DeepEqual(f.Authors, tc.want.Authors) || !reflect.DeepEqual(f.Categories, tc.want.Categories) || !reflect.DeepEqual(f.Tags, tc.want.Tags) {
				t.Errorf("got %+v", f)
			}
			if _, off := f.Date.Zone(); f.Date.IsZero() || off == 0 {
				t.Errorf("date %v lost its offset", f.Date)
			}
			if !strings.Contains(f.Content, tc.body) {
				t.Errorf("content lacks %q: %s", tc.body, f.Content)
			}
			for _, junk := range tc.furniture {
				if strings.Contains(f.Content, junk) {
					t.Errorf("content carries %q", junk)
				}
			}
		})
	}
	f := m.Extract(page(t, "wordpress-classic.html"))
	if f.Date.Format(time.RFC3339) != "2024-03-12T09:30:00+01:00" {
		t.Errorf("date = %v", f.Date)
	}
}

func TestParseRejectsBadMappings(t *testing.T) {
	base := "name: x\nselect:\n  title: h1\n  content: .c\n"
	tests := []struct{ name, yaml, want string }{
		{"unknown key", base + "colour: blue\n", "colour"},
		{"bad selector", "name: x\nselect:\n  title: 'h1[['\n  content: .c\n", "line 3: title: bad selector"},
		{"bad regexp", base + "follow: ['/page/(\\d+']\n", "line 5: follow"},
		{"missing content", "name: x\nselect:\n  title: h1\n", "select.title and select.content are required"},
	}
	for _, tc := range tests {
		_, err := Parse("my.yaml", []byte(tc.yaml))
		if err == nil || !strings.Contains(err.Error(), "my.yaml") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want one naming my.yaml and %q", tc.name, err, tc.want)
		}
	}
}

func TestBuiltinsLoad(t *testing.T) {
	names := Names()
	if len(names) == 0 {
		t.Fatal("no built-in mappings")
	}
	for _, n := range names {
		if _, err := Builtin(n); err != nil {
			t.Errorf("%s: %v", n, err)
		}
	}
}
