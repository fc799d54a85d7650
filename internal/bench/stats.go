package bench

import (
	"slices"
	"time"
)

// Spread is the median of some runs, with the lowest and highest value.
type Spread struct {
	Median float64 `json:"median"`
	Min    float64 `json:"min"`
	Max    float64 `json:"max"`
}

// spread summarises xs; the median of an even count is the mean of the
// two middle values. No values give the zero Spread.
func spread(xs []float64) Spread {
	if len(xs) == 0 {
		return Spread{}
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	m := s[len(s)/2]
	if len(s)%2 == 0 {
		m = (s[len(s)/2-1] + m) / 2
	}
	return Spread{Median: m, Min: s[0], Max: s[len(s)-1]}
}

// Stats summarises one tool's runs.
type Stats struct {
	Tool    string   `json:"tool"`
	Runs    int      `json:"runs"`
	Items   int      `json:"items"`
	WallS   Spread   `json:"wall_s"`
	CPUS    Spread   `json:"cpu_s"`
	Cores   Spread   `json:"cores"` // CPU / wall
	PeakMB  Spread   `json:"peak_mb"`
	ItemsPS Spread   `json:"items_per_s"`
	Samples []Sample `json:"samples"`
	Command string   `json:"command"`
}

func summarise(tool string, ss []Sample) Stats {
	st := Stats{Tool: tool, Runs: len(ss), Samples: ss}
	st.WallS = spread(each(ss, func(s Sample) float64 { return s.Wall.Seconds() }))
	st.CPUS = spread(each(ss, func(s Sample) float64 { return s.CPU.Seconds() }))
	st.Cores = spread(each(ss, func(s Sample) float64 { return ratio(s.CPU, s.Wall) }))
	st.PeakMB = spread(each(ss, func(s Sample) float64 { return float64(s.PeakKiB) / 1024 }))
	st.ItemsPS = spread(each(ss, func(s Sample) float64 { return float64(s.Items) / s.Wall.Seconds() }))
	if len(ss) > 0 {
		st.Items = ss[0].Items
	}
	return st
}

func each(ss []Sample, f func(Sample) float64) []float64 {
	xs := make([]float64, len(ss))
	for i, s := range ss {
		xs[i] = f(s)
	}
	return xs
}

func ratio(a, b time.Duration) float64 {
	if b <= 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// paired divides run i of a by run i of b and summarises the quotients:
// runs made back to back share the machine's noise, so their quotient
// is steadier than a quotient of medians.
func paired(a, b []Sample, f func(Sample) float64) Spread {
	n := min(len(a), len(b))
	qs := make([]float64, 0, n)
	for i := range n {
		if d := f(b[i]); d > 0 {
			qs = append(qs, f(a[i])/d)
		}
	}
	return spread(qs)
}

func wallOf(s Sample) float64 { return s.Wall.Seconds() }
func cpuOf(s Sample) float64  { return s.CPU.Seconds() }
func peakOf(s Sample) float64 { return float64(s.PeakKiB) }
