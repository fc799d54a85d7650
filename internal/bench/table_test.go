package bench

import (
	"strings"
	"testing"
)

func TestAlignedPadsNamesLeftAndNumbersRight(t *testing.T) {
	var b strings.Builder
	aligned(&b, [][]string{{"tool", "wall s", "items/s"}, {"blogport", "1.5", "3333"}, {"floor", "12.25", "9"}})
	want := "tool      wall s  items/s\n" +
		"blogport     1.5     3333\n" +
		"floor      12.25        9\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
}

func TestAlignedCountsRunesNotBytes(t *testing.T) {
	var b strings.Builder
	aligned(&b, [][]string{{"a", "(1–2)"}, {"b", "(10–20)"}})
	if want := "a    (1–2)\nb  (10–20)\n"; b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}

func TestCheckMet(t *testing.T) {
	tests := []struct {
		name string
		c    Check
		want bool
		row  string
	}{
		{"at most, under", check("a", Spread{Median: 1.2}, "×", "≤", 1.5), true, "yes"},
		{"at most, equal", check("a", Spread{Median: 1.5}, "×", "≤", 1.5), true, "yes"},
		{"at most, over", check("a", Spread{Median: 1.6}, "×", "≤", 1.5), false, "no"},
		{"at least, over", check("a", Spread{Median: 31}, "×", "≥", 30), true, "yes"},
		{"at least, under", check("a", Spread{Median: 2}, "×", "≥", 3), false, "no"},
		{"no target", check("a", Spread{Median: 2}, "×", "", 0), true, "—"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.c.Met() != tc.want || tc.c.OK != tc.want {
				t.Errorf("Met = %v, OK = %v, want %v", tc.c.Met(), tc.c.OK, tc.want)
			}
			row := checkRows([]Check{tc.c})[1]
			if got := row[len(row)-1]; got != tc.row {
				t.Errorf("met column = %q, want %q", got, tc.row)
			}
		})
	}
}

func TestNumKeepsAboutThreeDigits(t *testing.T) {
	for x, want := range map[float64]string{0.1234: "0.12", 1.5: "1.50", 12.34: "12.3", 123.4: "123", 4567.8: "4568"} {
		if got := num(x); got != want {
			t.Errorf("num(%v) = %q, want %q", x, got, want)
		}
	}
}
