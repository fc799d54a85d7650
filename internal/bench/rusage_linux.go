package bench

import (
	"errors"
	"os"
	"syscall"
	"time"
)

// usage reads a finished child's CPU time (user + system) and peak RSS
// in KiB (Maxrss is in KiB on Linux).
func usage(ps *os.ProcessState) (time.Duration, int64, error) {
	ru, ok := ps.SysUsage().(*syscall.Rusage)
	if !ok {
		return 0, 0, errors.New("no resource usage for the process")
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), ru.Maxrss, nil
}
