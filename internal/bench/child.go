package bench

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"time"
)

// Sample is one measured run of a child process.
type Sample struct {
	Wall    time.Duration `json:"wall_ns"`
	CPU     time.Duration `json:"cpu_ns"` // user + system
	PeakKiB int64         `json:"peak_kib"`
	Items   int           `json:"items"` // what it wrote: posts and pages
}

// childError is a child that failed: its exit and the end of its output.
type childError struct {
	name string
	err  error
	tail string
}

func (e *childError) Error() string {
	return fmt.Sprintf("%s: %v\n--- the end of its output ---\n%s", e.name, e.err, e.tail)
}

func (e *childError) Unwrap() error { return e.err }

// measure runs argv in dir and reads its wall time, CPU time and peak RSS.
func measure(ctx context.Context, name, dir string, argv []string) (Sample, error) {
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Dir = dir
	var out tail
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return Sample{}, &childError{name: name, err: err, tail: out.String()}
	}
	cpu, peak, err := usage(cmd.ProcessState)
	if err != nil {
		return Sample{}, fmt.Errorf("%s: %w", name, err)
	}
	return Sample{Wall: wall, CPU: cpu, PeakKiB: peak}, nil
}

// tailSize is how much of a child's output is kept for its error.
const tailSize = 4 << 10

// tail keeps the last tailSize bytes written to it.
type tail struct{ buf []byte }

func (t *tail) Write(p []byte) (int, error) {
	t.buf = append(t.buf, p...)
	if len(t.buf) > 4*tailSize {
		t.buf = append(t.buf[:0], t.buf[len(t.buf)-tailSize:]...)
	}
	return len(p), nil
}

// String is the kept output from the first whole line on.
func (t *tail) String() string {
	b := t.buf
	if len(b) > tailSize {
		b = b[len(b)-tailSize:]
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			b = b[i+1:]
		}
	}
	return string(bytes.TrimRight(b, "\n"))
}
