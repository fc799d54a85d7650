package convert

import (
	"context"
	"strings"
	"testing"
)

// TestZeroTargetIsHugo converts every golden case with the zero Target and
// with Hugo's: the same Markdown.
func TestZeroTargetIsHugo(t *testing.T) {
	zero, err := New(Target{})
	if err != nil {
		t.Fatal(err)
	}
	hugo, err := New(Hugo)
	if err != nil {
		t.Fatal(err)
	}
	eachPlainCase(t, func(t *testing.T, _ *Converter, in string) {
		a, err := zero.Convert(context.Background(), in)
		if err != nil {
			t.Fatal(err)
		}
		b, err := hugo.Convert(context.Background(), in)
		if err != nil {
			t.Fatal(err)
		}
		if a != b {
			t.Errorf("zero target differs from Hugo's\n--- zero\n%s\n--- hugo\n%s", a, b)
		}
	})
}

func TestNewRefusesUnknownTargets(t *testing.T) {
	tests := []struct {
		name   string
		target Target
		err    string
	}{
		{"embeds", Target{Embeds: "oembed"}, `unknown embeds "oembed"`},
		{"escaping", Target{Escape: "jinja"}, `unknown escaping "jinja"`},
		{"math", Target{Math: "mathml"}, `unknown math "mathml"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := New(tc.target); err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("New(%+v): err = %v, want %s", tc.target, err, tc.err)
			}
		})
	}
}
