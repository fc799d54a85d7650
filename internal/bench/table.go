package bench

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// aligned prints rows in aligned columns: the first left-aligned, the
// others right-aligned, two spaces apart.
func aligned(w io.Writer, rows [][]string) {
	var width []int
	for _, r := range rows {
		for i, c := range r {
			if i >= len(width) {
				width = append(width, 0)
			}
			width[i] = max(width[i], utf8.RuneCountInString(c))
		}
	}
	for _, r := range rows {
		var b strings.Builder
		for i, c := range r {
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(c))
			switch {
			case i == 0:
				b.WriteString(c + pad)
			default:
				b.WriteString("  " + pad + c)
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

// statsRows are the rows of the tools table.
func statsRows(sts []Stats) [][]string {
	rows := [][]string{{"tool", "runs", "items", "wall s", "(min–max)", "CPU s", "(min–max)", "cores", "peak MB", "(min–max)", "items/s"}}
	for _, s := range sts {
		rows = append(rows, []string{
			s.Tool, fmt.Sprint(s.Runs), fmt.Sprint(s.Items),
			num(s.WallS.Median), span(s.WallS),
			num(s.CPUS.Median), span(s.CPUS),
			fmt.Sprintf("%.2f", s.Cores.Median),
			fmt.Sprintf("%.1f", s.PeakMB.Median), fmt.Sprintf("(%.1f–%.1f)", s.PeakMB.Min, s.PeakMB.Max),
			fmt.Sprintf("%.0f", s.ItemsPS.Median),
		})
	}
	return rows
}

// checkRows are the rows of the ratios and targets table.
func checkRows(cs []Check) [][]string {
	rows := [][]string{{"check", "value", "(min–max)", "target", "met"}}
	for _, c := range cs {
		target, met := "—", "—"
		if c.Op != "" {
			target = fmt.Sprintf("%s %s%s", c.Op, num(c.Target), c.Unit)
			met = "no"
			if c.Met() {
				met = "yes"
			}
		}
		rows = append(rows, []string{c.Name, num(c.Value.Median) + c.Unit, span(c.Value), target, met})
	}
	return rows
}

// num prints a value with three significant digits or so.
func num(x float64) string {
	switch {
	case x >= 100:
		return fmt.Sprintf("%.0f", x)
	case x >= 10:
		return fmt.Sprintf("%.1f", x)
	}
	return fmt.Sprintf("%.2f", x)
}

func span(s Spread) string { return "(" + num(s.Min) + "–" + num(s.Max) + ")" }
