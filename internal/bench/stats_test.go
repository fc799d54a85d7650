package bench

import (
	"testing"
	"time"
)

func TestSpread(t *testing.T) {
	tests := []struct {
		name string
		xs   []float64
		want Spread
	}{
		{"none", nil, Spread{}},
		{"one", []float64{3}, Spread{3, 3, 3}},
		{"odd count takes the middle", []float64{5, 1, 3}, Spread{3, 1, 5}},
		{"even count takes the mean of the middle two", []float64{4, 1, 2, 10}, Spread{3, 1, 10}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := spread(tc.xs); got != tc.want {
				t.Errorf("spread(%v) = %+v, want %+v", tc.xs, got, tc.want)
			}
		})
	}
}

func TestSpreadLeavesItsInputUnsorted(t *testing.T) {
	xs := []float64{3, 1, 2}
	spread(xs)
	if xs[0] != 3 || xs[1] != 1 {
		t.Errorf("spread sorted its input: %v", xs)
	}
}

func secs(s ...float64) []Sample {
	ss := make([]Sample, len(s))
	for i, x := range s {
		ss[i] = Sample{Wall: time.Duration(x * float64(time.Second))}
	}
	return ss
}

func TestPairedDividesRunByRun(t *testing.T) {
	// Run 2 was slow for both tools: a quotient of medians would be 2,
	// the paired quotients are 2, 2 and 2.5.
	a, b := secs(2, 10, 5), secs(1, 5, 2)
	if got, want := paired(a, b, wallOf), (Spread{Median: 2, Min: 2, Max: 2.5}); got != want {
		t.Errorf("paired = %+v, want %+v", got, want)
	}
}

func TestPairedSkipsZeroDivisorsAndUnpairedRuns(t *testing.T) {
	got := paired(secs(4, 4, 9), secs(0, 2), wallOf)
	if want := (Spread{2, 2, 2}); got != want {
		t.Errorf("paired = %+v, want %+v", got, want)
	}
}

func TestSummarise(t *testing.T) {
	ss := []Sample{
		{Wall: 2 * time.Second, CPU: 3 * time.Second, PeakKiB: 10240, Items: 100},
		{Wall: 4 * time.Second, CPU: 4 * time.Second, PeakKiB: 20480, Items: 100},
		{Wall: 1 * time.Second, CPU: 2 * time.Second, PeakKiB: 30720, Items: 100},
	}
	st := summarise("x", ss)
	if st.WallS != (Spread{2, 1, 4}) {
		t.Errorf("wall = %+v", st.WallS)
	}
	if st.Cores != (Spread{1.5, 1, 2}) {
		t.Errorf("cores = %+v", st.Cores)
	}
	if st.PeakMB != (Spread{20, 10, 30}) {
		t.Errorf("peak = %+v", st.PeakMB)
	}
	if st.ItemsPS != (Spread{50, 25, 100}) {
		t.Errorf("items/s = %+v", st.ItemsPS)
	}
	if st.Runs != 3 || st.Items != 100 {
		t.Errorf("runs, items = %d, %d", st.Runs, st.Items)
	}
}
