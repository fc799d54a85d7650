//go:build !linux

package bench

import (
	"errors"
	"os"
	"time"
)

// usage is only implemented on Linux, where Maxrss has a known unit.
func usage(*os.ProcessState) (time.Duration, int64, error) {
	return 0, 0, errors.New("peak RSS is read from Linux rusage; run the bench on Linux")
}
