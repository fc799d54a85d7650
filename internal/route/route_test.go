package route

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const fixtures = "../../testdata/route/"

// TestSniffRecognisesEachKind reads one fixture per kind of file and
// folder (and what discovery found, for addresses); every kind of the
// table must have a case, so a new kind cannot land without one.
func TestSniffRecognisesEachKind(t *testing.T) {
	tests := []struct {
		name  string
		in    *input // for addresses; files and folders are read from name
		kind  string
		class class
	}{
		{name: "wxr-http.xml", kind: "wxr", class: file},
		{name: "wxr-https.xml", kind: "wxr", class: file},
		{name: "rss.xml", kind: "feed", class: file},
		{name: "atom.xml", kind: "feed", class: file},
		{name: "rdf.xml", kind: "feed", class: file},
		{name: "feed-1.1.json", kind: "feed", class: file},
		{name: "feed-1.1-php.json", kind: "feed", class: file}, // version last, slashes escaped, as PHP writes it
		{name: "mirror-wget", kind: "mirror", class: folder},
		{name: "mirror-httrack", kind: "mirror", class: folder},
		{name: "mirror-generator", kind: "mirror", class: folder},
		{name: "a feed address", in: &input{class: address, site: &Site{IsFeed: true}}, kind: "feed", class: address},
		{name: "a WordPress with its API", in: &input{class: address, site: &Site{APIRoot: "https://x.example/wp-json/", WordPress: true}}, kind: "rest", class: address},
		{name: "a WordPress without", in: &input{class: address, site: &Site{WordPress: true}}, kind: "crawl", class: address},
		{name: "any other site", in: &input{class: address, site: &Site{Generator: "Hugo 0.111"}}, kind: "crawl", class: address},
	}
	covered := map[string]bool{}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := tc.in
			if in == nil {
				ins, err := classify([]string{fixtures + tc.name})
				if err != nil {
					t.Fatal(err)
				}
				in = ins[0]
			}
			if in.class != tc.class {
				t.Fatalf("class %v, want %v", in.class, tc.class)
			}
			k, why := sniff(in)
			if k == nil || k.name != tc.kind || why == "" {
				t.Fatalf("sniffed %v (%q), want %s", k, why, tc.kind)
			}
			covered[tc.class.String()+"/"+k.name] = true
		})
	}
	for _, k := range kinds {
		if !covered[k.class.String()+"/"+k.name] {
			t.Errorf("kind %s (%s) has no sniff case", k.name, k.class)
		}
	}
}

// TestUnknownInputSaysWhatItLooksLike: an input no kind recognises gets
// an error naming the input, what it looks like and what blogport reads.
func TestUnknownInputSaysWhatItLooksLike(t *testing.T) {
	zip := filepath.Join(t.TempDir(), "blog.zip")
	if err := os.WriteFile(zip, []byte("PK\x03\x04\x14\x00\x00\x00"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, looks string }{
		{fixtures + "page.html", "an HTML page"},
		{fixtures + "notes.txt", "plain text"},
		{fixtures + "empty.txt", "an empty file"},
		{fixtures + "data.json", "JSON, but not a JSON Feed"},
		{fixtures + "sitemap.xml", "XML with root <urlset>, but neither a WordPress export nor a feed"},
		{fixtures + "not-a-site", "a folder without an index.html"},
		{zip, "a ZIP archive"},
	}
	for _, tc := range tests {
		t.Run(filepath.Base(tc.name), func(t *testing.T) {
			_, err := Open(context.Background(), []string{tc.name}, Options{})
			if err == nil {
				t.Fatal("opened")
			}
			msg := err.Error()
			for _, want := range []string{tc.name + ": not something blogport reads", "it looks like " + tc.looks, "a WordPress export file (WXR)", "a feed file"} {
				if !strings.Contains(msg, want) {
					t.Errorf("error %q lacks %q", msg, want)
				}
			}
		})
	}
}

func TestOpenNamesBadInputs(t *testing.T) {
	_, err := Open(context.Background(), []string{"https://a.example"}, Options{Via: []string{"scrape"}})
	var usage *UsageError
	if !errors.As(err, &usage) || !strings.Contains(err.Error(), `unknown route "scrape" (want feed, rest, crawl`) {
		t.Errorf("err = %v", err)
	}
	if _, err := Open(context.Background(), []string{"https://"}, Options{}); !errors.As(err, &usage) {
		t.Errorf("an address without a host: %v", err)
	}
	if _, err := Open(context.Background(), []string{fixtures + "no-such-file.xml"}, Options{}); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a missing file: %v", err)
	}
}

// TestOpenGroupsASplitExportAndRecordsIt: every export file of a run is
// one source, recorded with all file names; a feed file beside it is
// merged.
func TestOpenGroupsASplitExportAndRecordsIt(t *testing.T) {
	o, err := Open(context.Background(), []string{fixtures + "wxr-http.xml", fixtures + "rss.xml", fixtures + "wxr-part-2.xml"}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if o.Route != "wxr+feed" || o.Record.Kind != "wxr+feed" || strings.Join(o.Record.Files, ",") != "wxr-http.xml,wxr-part-2.xml" ||
		o.Record.URL != "https://sniff.example" || o.Live {
		t.Errorf("opened %+v", o)
	}
	if o.Net == nil || o.Media != o.Net {
		t.Error("an export's media come through the network client")
	}
}

// An address is read by its scheme in any case; file:// and other schemes
// are refused by name, before any file is looked for.
func TestClassifyReadsSchemes(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"https://blog.example/a/", "address https://blog.example/a/"},
		{"HTTPS://blog.example/a/", "address https://blog.example/a/"},
		{"Http://blog.example", "address http://blog.example"},
		{"https://", `https://: not a usable address`},
		{"ftp://blog.example/export.xml", `ftp://blog.example/export.xml: unsupported scheme "ftp": blogport reads http:// and https:// addresses, files and folders`},
		{"FILE:///tmp/export.xml", "FILE:///tmp/export.xml: file:// addresses are not read: give the path itself (/tmp/export.xml)"},
	} {
		ins, err := classify([]string{tc.in})
		got := fmt.Sprint(err)
		if err == nil {
			got = fmt.Sprintf("%v %s", ins[0].class, ins[0].url)
		}
		var ue *UsageError
		if got != tc.want || err != nil && !errors.As(err, &ue) {
			t.Errorf("classify(%q) = %s (%T), want %s", tc.in, got, err, tc.want)
		}
	}
}
