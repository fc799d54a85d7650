package bench

import (
	"context"
	"io"
	"reflect"
	"strings"
	"testing"
)

func TestFlagsBecomeOptions(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want Options
	}{
		{"defaults", nil, Options{Posts: 5000, Runs: 5, Seed: 1}},
		{"compare", []string{"--posts", "500", "--runs", "3", "--compare"}, Options{Posts: 500, Runs: 3, Seed: 1, Compare: true}},
		{"everything", []string{"--scale", "--crawl", "--json", "--keep", "--seed", "9", "--work", "w", "--blogport", "b", "--npm-cache", "c"},
			Options{Posts: 5000, Runs: 5, Seed: 9, Scale: true, Crawl: true, JSON: true, Keep: true, Work: "w", Blogport: "b", NPMCache: "c"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got *Options
			cmd := newRoot(&Options{Out: io.Discard, Err: io.Discard}, func(_ context.Context, o *Options) error {
				got = o
				return nil
			})
			cmd.SetArgs(tc.args)
			if err := cmd.Execute(); err != nil {
				t.Fatal(err)
			}
			got.Out, got.Err, got.LookPath = nil, nil, nil
			if !reflect.DeepEqual(*got, tc.want) {
				t.Errorf("options %+v, want %+v", *got, tc.want)
			}
		})
	}
}

func TestUsageErrorsExitTwo(t *testing.T) {
	for _, args := range [][]string{{"--posts", "0"}, {"--runs", "-1"}, {"--nope"}, {"extra"}, {"floor", "only-one"}} {
		var stderr strings.Builder
		if code := Main(context.Background(), args, io.Discard, &stderr); code != ExitUsage {
			t.Errorf("%v: exit %d, want %d (%s)", args, code, ExitUsage, stderr.String())
		}
	}
}
