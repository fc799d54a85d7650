package bench

import (
	"encoding/json"
	"fmt"
	"io"
	"runtime"
)

// Report is everything a bench run measured.
type Report struct {
	Seed  uint64 `json:"seed"`
	Runs  int    `json:"runs"`
	Cores int    `json:"cores"` // GOMAXPROCS of the bench
	// LoadStart and LoadEnd are the load average (1, 5, 15 min) before
	// and after the runs: other work on the machine shows in every timing.
	LoadStart string    `json:"load_start,omitempty"`
	LoadEnd   string    `json:"load_end,omitempty"`
	Exports   []Export  `json:"exports"`
	Sections  []Section `json:"sections"`
	Skipped   []Skip    `json:"skipped,omitempty"`
}

// Section is one table: the tools run against each other and the checks
// made from their runs.
type Section struct {
	Name   string  `json:"name"`
	Input  string  `json:"input"`
	Stats  []Stats `json:"stats"`
	Checks []Check `json:"checks"` // never null
}

// Skip is a part of the bench that did not run, and why.
type Skip struct {
	What string `json:"what"`
	Why  string `json:"why"`
}

func newReport(o *Options) *Report {
	return &Report{Seed: o.Seed, Runs: o.Runs, Cores: runtime.GOMAXPROCS(0), LoadStart: loadAverage()}
}

// print writes the report as text, or as JSON when asked.
func (r *Report) print(w io.Writer, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(r)
	}
	fmt.Fprintf(w, "blogport-bench: seed %d, %d runs per tool, %d cores\n", r.Seed, r.Runs, r.Cores)
	if r.LoadStart != "" {
		fmt.Fprintf(w, "load average (1 5 15 min): %s before, %s after\n", r.LoadStart, r.LoadEnd)
	}
	for _, s := range r.Sections {
		fmt.Fprintf(w, "\n== %s: %s ==\n\n", s.Name, s.Input)
		aligned(w, statsRows(s.Stats))
		if len(s.Checks) > 0 {
			fmt.Fprintln(w)
			aligned(w, checkRows(s.Checks))
		}
	}
	for _, s := range r.Skipped {
		fmt.Fprintf(w, "\nskipped: %s: %s\n", s.What, s.Why)
	}
	return nil
}

// describe names an export in a section's heading.
func (e Export) describe() string {
	return fmt.Sprintf("%d posts, %d pages, %d attachments, %d comments, %.1f MB",
		e.Posts, e.Pages, e.Attachments, e.Comments, float64(e.Bytes)/(1<<20))
}
