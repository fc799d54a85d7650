package bench

// Check is a measured value, mostly a paired ratio, with the issue's
// target for it when there is one.
type Check struct {
	Name   string  `json:"name"`
	Value  Spread  `json:"value"`
	Unit   string  `json:"unit"`
	Op     string  `json:"op,omitempty"` // "≤" or "≥"; none: no target
	Target float64 `json:"target,omitempty"`
	OK     bool    `json:"met"`
}

// Met reports whether the median meets the target; a value without a
// target meets it.
func (c Check) Met() bool {
	switch c.Op {
	case "≤":
		return c.Value.Median <= c.Target
	case "≥":
		return c.Value.Median >= c.Target
	}
	return true
}

// check makes a Check and fills in OK.
func check(name string, v Spread, unit, op string, target float64) Check {
	c := Check{Name: name, Value: v, Unit: unit, Op: op, Target: target}
	c.OK = c.Met()
	return c
}
