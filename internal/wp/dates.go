package wp

import (
	"strings"
	"time"
)

// ParseTime reads WordPress's DATETIME forms: "2006-01-02 15:04:05" (exports)
// and "2006-01-02T15:04:05" (REST API). The zero date "0000-00-00 ..." and
// empty strings are not times.
func ParseTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasPrefix(s, "0000-00-00") {
		return time.Time{}, false
	}
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02T15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// Offset is local minus GMT in seconds, rounded to the quarter hour that
// all real time zones use; false when the pair is implausible.
func Offset(local, gmt time.Time) (int, bool) {
	d := local.Sub(gmt).Round(15 * time.Minute)
	if d > 14*time.Hour || d < -14*time.Hour {
		return 0, false
	}
	return int(d.Seconds()), true
}

// InZone gives a wall-clock time its UTC offset.
func InZone(local time.Time, off int) time.Time {
	loc := time.UTC
	if off != 0 {
		loc = time.FixedZone("", off)
	}
	return time.Date(local.Year(), local.Month(), local.Day(), local.Hour(), local.Minute(), local.Second(), 0, loc)
}

// PostTime is the post's own time from a local/GMT pair; fallback gives an
// offset when GMT is missing (drafts). Only GMT known: UTC.
func PostTime(local, gmt string, fallback func(time.Time) int) time.Time {
	l, ok := ParseTime(local)
	g, gok := ParseTime(gmt)
	switch {
	case !ok && gok:
		return g.UTC()
	case !ok:
		return time.Time{}
	case gok:
		if off, ok := Offset(l, g); ok {
			return InZone(l, off)
		}
	}
	off := 0
	if fallback != nil {
		off = fallback(l)
	}
	return InZone(l, off)
}
