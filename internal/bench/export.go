package bench

import (
	"context"
	"fmt"
	"os"
)

// The names of the export section's tools, which its checks look up.
const (
	toolBlogport = "blogport"
	toolFloor    = "floor"
	toolNode     = "node as shipped"
	toolNoDelay  = "node without delay"
	scaleFactor  = 10
)

var toolScaled = fmt.Sprintf("blogport %d×", scaleFactor)

// exportSection runs blogport on the generated export and, as asked,
// the floor, the Node converter and blogport on a 10× export, interleaved.
func exportSection(ctx context.Context, o *Options, work, bin string, rep *Report) (Section, error) {
	e, err := generate(o, work, o.Posts)
	if err != nil {
		return Section{}, err
	}
	rep.Exports = append(rep.Exports, e)
	sec := Section{Name: "export", Input: e.describe()}
	tools := []tool{blogportTool(toolBlogport, bin, e)}
	if o.Compare {
		more, err := compareTools(ctx, o, e, rep)
		if err != nil {
			return Section{}, err
		}
		tools = append(tools, more...)
	}
	if o.Scale {
		big, err := generate(o, work, scaleFactor*o.Posts)
		if err != nil {
			return Section{}, err
		}
		rep.Exports = append(rep.Exports, big)
		sec.Input += fmt.Sprintf("; %s: %s", toolScaled, big.describe())
		tools = append(tools, blogportTool(toolScaled, bin, big))
	}
	samples, err := runAll(ctx, work, tools, o.Runs, o.Err)
	if err != nil {
		return Section{}, err
	}
	by := map[string][]Sample{}
	sec.Stats = summariseAll(tools, samples)
	for k, t := range tools {
		by[t.name] = samples[k]
	}
	sec.Checks = exportChecks(by)
	return sec, nil
}

// compareTools are the floor and, when they can run, the Node converter
// as shipped and without its write delay. What cannot run is said at
// once and in the report.
func compareTools(ctx context.Context, o *Options, e Export, rep *Report) ([]tool, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("the floor re-runs the bench itself: %w", err)
	}
	tools := []tool{floorTool(self, e)}
	cache, err := npmCache(o)
	var node []tool
	var skips []Skip
	if err != nil {
		skips = []Skip{{What: "wordpress-export-to-markdown comparison", Why: err.Error()}}
	} else {
		node, skips = nodeTools(ctx, o, cache, e)
	}
	for _, s := range skips {
		fmt.Fprintf(o.Err, "skipped: %s: %s\n", s.What, s.Why)
	}
	rep.Skipped = append(rep.Skipped, skips...)
	return append(tools, node...), nil
}

// exportChecks are the targets for what ran.
func exportChecks(by map[string][]Sample) []Check {
	bp := by[toolBlogport]
	peakMB := func(s Sample) float64 { return float64(s.PeakKiB) / 1024 }
	cores := func(s Sample) float64 { return ratio(s.CPU, s.Wall) }
	cs := []Check{
		check("blogport peak RSS", spread(each(bp, peakMB)), " MB", "≤", 64),
		check("blogport cores used", spread(each(bp, cores)), "", "≥", 1.6),
	}
	if fl, ok := by[toolFloor]; ok {
		cs = append(cs,
			check("blogport / floor, wall", paired(bp, fl, wallOf), "×", "≤", 1.5),
			check("blogport / floor, CPU", paired(bp, fl, cpuOf), "×", "", 0))
	}
	if n, ok := by[toolNode]; ok {
		cs = append(cs, check("node as shipped / blogport, wall", paired(n, bp, wallOf), "×", "≥", 30))
	}
	if n, ok := by[toolNoDelay]; ok {
		cs = append(cs, check("node without delay / blogport, wall", paired(n, bp, wallOf), "×", "≥", 3))
	}
	if big, ok := by[toolScaled]; ok {
		cs = append(cs,
			check(toolScaled+" / 1×, peak RSS", paired(big, bp, peakOf), "×", "≤", 1.5),
			check(toolScaled+" / 1×, wall", paired(big, bp, wallOf), "×", "≤", scaleFactor+1))
	}
	return cs
}
