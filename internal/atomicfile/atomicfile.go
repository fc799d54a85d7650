// Package atomicfile writes files so that a reader, or a run killed midway,
// never sees half of one: a temporary file in the same folder, synced, then
// renamed over the name.
package atomicfile

import (
	"os"
	"path/filepath"
)

// Write writes data to name (mode 0644), creating its folder if needed.
func Write(name string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(name), ".blogport-*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, 0o644)
	}
	if err == nil {
		err = os.Rename(tmp, name)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}
