package atomicfile

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// syncAll flushes the file systems the files live on with syncfs(2):
// one call however many files were written.
func syncAll(files []string, dirs map[string]bool) error {
	done := map[uint64]bool{} // by device
	for d := range dirs {
		var st unix.Stat_t
		if err := unix.Stat(d, &st); err != nil {
			return err
		}
		if done[st.Dev] {
			continue
		}
		f, err := os.Open(d)
		if err != nil {
			return err
		}
		err = unix.Syncfs(int(f.Fd()))
		f.Close()
		if errors.Is(err, unix.ENOSYS) {
			return fsyncEach(files, dirs)
		}
		if err != nil {
			return err
		}
		done[st.Dev] = true
	}
	return nil
}

func isUnsupported(err error) bool {
	return errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOTSUP)
}
