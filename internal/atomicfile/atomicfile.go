// Package atomicfile writes files so that a reader, or a run killed midway,
// never sees half of one: a temporary file in the same folder, then renamed
// over the name. Write syncs each file before the rename; a Batch leaves
// durability to one Sync at the end of a run.
package atomicfile

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// The temporary file's name is tempPrefix, the digits os.CreateTemp puts
// for the "*", then tempSuffix: a leading dot keeps it out of listings and
// generators' inputs, and a run killed between create and rename leaves
// one behind, which IsTemp recognises.
const (
	tempPrefix  = ".blogport-"
	tempSuffix  = ".tmp"
	tempPattern = tempPrefix + "*" + tempSuffix
)

// IsTemp reports whether a file's base name is one this package gives its
// temporary files: a file so named that is not being written is what a
// killed run left, never a file of anyone else's (the digits are the
// random part os.CreateTemp gives).
func IsTemp(base string) bool {
	rest, ok := strings.CutPrefix(base, tempPrefix)
	if !ok {
		return false
	}
	digits, ok := strings.CutSuffix(rest, tempSuffix)
	return ok && digits != "" && strings.Trim(digits, "0123456789") == ""
}

// Remove removes name and syncs its folder, so that the removal survives
// a crash once Remove returns. A name already gone is not an error.
func Remove(name string) error {
	if err := os.Remove(name); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		return err
	}
	return syncDir(filepath.Dir(name))
}

// Write writes data to name (mode 0644), creating its folder if needed,
// and syncs the file and its folder, so that it survives a crash once
// Write returns.
func Write(name string, data []byte) error {
	if err := write(name, data, true); err != nil {
		return err
	}
	return syncDir(filepath.Dir(name))
}

// Replace writes data to name atomically, as Write does, but leaves
// durability to the system: a reader or a killed process never sees half
// of the file, a crash of the machine may lose it or leave it short. For
// files whose readers check them (a cache).
func Replace(name string, data []byte) error { return write(name, data, false) }

// ReplacePrivate is Replace for a file only its owner may read (mode
// 0600, in folders of mode 0700 it creates): what was fetched with
// credentials.
func ReplacePrivate(name string, data []byte) error {
	return writeFunc(name, fillWith(data), false, 0o600)
}

func write(name string, data []byte, sync bool) error {
	return writeFunc(name, fillWith(data), sync, 0o644)
}

// fillWith is the fill function that writes data.
func fillWith(data []byte) func(io.Writer) error {
	return func(w io.Writer) error { _, err := w.Write(data); return err }
}

// writeFunc is write for content that fill writes.
func writeFunc(name string, fill func(io.Writer) error, sync bool, perm os.FileMode) error {
	if err := os.MkdirAll(filepath.Dir(name), perm|(perm&0o444)>>2); err != nil { // rw- → rwx for folders
		return err
	}
	f, err := os.CreateTemp(filepath.Dir(name), tempPattern)
	if err != nil {
		return err
	}
	tmp := f.Name()
	err = fill(f)
	if err == nil && sync {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(tmp, perm)
	}
	if err == nil {
		err = os.Rename(tmp, name)
	}
	if err != nil {
		os.Remove(tmp)
	}
	return err
}

// Batch writes many files atomically (a reader or a killed run never sees
// half of one) without one fsync each: Sync makes them all durable at
// once. Write the file that says the batch is complete (a manifest) with
// Write, after Sync. A Batch is safe for concurrent use.
type Batch struct {
	mu    sync.Mutex
	files []string
	dirs  map[string]bool
}

// Write writes data to name as the package's Write does, but does not
// sync it.
func (b *Batch) Write(name string, data []byte) error {
	return b.WriteFunc(name, fillWith(data))
}

// WriteFunc is Write for content too big to hold at once: fill writes it
// to the temporary file.
func (b *Batch) WriteFunc(name string, fill func(io.Writer) error) error {
	if err := writeFunc(name, fill, false, 0o644); err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.dirs == nil {
		b.dirs = map[string]bool{}
	}
	b.files = append(b.files, name)
	b.dirs[filepath.Dir(name)] = true
	return nil
}

// Sync makes every file written since the last Sync durable, with their
// folders' entries: one file-system sync where the platform has it,
// otherwise an fsync of each file and folder.
func (b *Batch) Sync() error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.files) == 0 {
		return nil
	}
	err := syncAll(b.files, b.dirs)
	b.files, b.dirs = nil, nil
	return err
}

// fsyncEach is the portable Sync: every file, then every folder.
func fsyncEach(files []string, dirs map[string]bool) error {
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		err = f.Sync()
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
	}
	for d := range dirs {
		if err := syncDir(d); err != nil {
			return err
		}
	}
	return nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !isUnsupported(err) {
		return err
	}
	return nil
}
