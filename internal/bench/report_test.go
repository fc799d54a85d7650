package bench

import (
	"encoding/json"
	"strings"
	"testing"
)

func sampleReport() *Report {
	return &Report{Seed: 1, Runs: 2, Cores: 2,
		Sections: []Section{{Name: "crawl", Input: "a site", Checks: []Check{},
			Stats: []Stats{summarise("blogport crawl", secs(1, 2))}}},
		Skipped: []Skip{{What: "wget comparison", Why: "wget is not on PATH"}},
	}
}

func TestReportPrintsTablesAndWhatWasSkipped(t *testing.T) {
	var b strings.Builder
	if err := sampleReport().print(&b, false); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"== crawl: a site ==", "blogport crawl", "1.50  (1.00–2.00)", "skipped: wget comparison: wget is not on PATH"} {
		if !strings.Contains(b.String(), s) {
			t.Errorf("the report lacks %q:\n%s", s, b.String())
		}
	}
}

func TestReportJSONHasNoNullChecks(t *testing.T) {
	var b strings.Builder
	if err := sampleReport().print(&b, true); err != nil {
		t.Fatal(err)
	}
	var got struct {
		Sections []struct {
			Checks []Check `json:"checks"`
			Stats  []Stats `json:"stats"`
		} `json:"sections"`
		Skipped []Skip `json:"skipped"`
	}
	if err := json.Unmarshal([]byte(b.String()), &got); err != nil {
		t.Fatal(err)
	}
	if got.Sections[0].Checks == nil || got.Sections[0].Stats[0].WallS.Median != 1.5 || len(got.Skipped) != 1 {
		t.Errorf("decoded %+v from\n%s", got, b.String())
	}
}
