package bench

import (
	"os"
	"strings"
)

// loadAverage is the machine's 1, 5 and 15 minute load average, or ""
// where /proc/loadavg is not there. Other work on the machine shows in
// every timing, so the report names it.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return ""
	}
	return strings.Join(f[:3], " ")
}
