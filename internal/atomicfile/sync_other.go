//go:build !linux

package atomicfile

func syncAll(files []string, dirs map[string]bool) error { return fsyncEach(files, dirs) }

// isUnsupported: some platforms refuse to sync a folder; the rename is
// then as durable as it gets.
func isUnsupported(err error) bool { return err != nil }
