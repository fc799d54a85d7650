package archive

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/blogport/blogport/internal/atomicfile"
)

// A run that drops items must remove their files, and a kill may come at
// any instant. The manifest must never name a file that is gone, so the
// new manifest (which no longer names them) is written before any of them
// is removed; and so that a kill after the manifest does not leave them
// behind for good, the removals are first written to a journal at the
// archive's root, removed once they are done. Open finishes the removals
// a killed run journaled. A journal is simpler than removing in several
// steps with a manifest for each, and costs nothing when nothing goes.

// RemovalsName is the journal of removals a run has still to make, at
// the archive's root while they are under way (see Open): one left
// behind means a run was killed during them.
const RemovalsName = ".blogport-remove.json"

type removals struct {
	Paths []string `json:"paths"` // archive-relative, slash-separated
}

// journalRemovals writes the removals to come, durably: it returns once
// the journal survives a crash, before the manifest that no longer names
// the files is written.
func (w *Writer) journalRemovals(paths []string) error {
	data, err := encodeJSON(removals{Paths: paths})
	if err != nil {
		return err
	}
	if err := atomicfile.Write(filepath.Join(w.dir, RemovalsName), data); err != nil {
		return fmt.Errorf("archive: journal of removals: %w", err)
	}
	return nil
}

// removeJournaled removes the files listed (each archive-relative), and
// the folders left empty, then the journal that listed them.
func (w *Writer) removeJournaled(paths []string) error {
	if err := w.removeFiles(paths); err != nil {
		return err // the journal stays: the next run tries again
	}
	if err := atomicfile.Remove(filepath.Join(w.dir, RemovalsName)); err != nil {
		return fmt.Errorf("archive: journal of removals: %w", err)
	}
	return nil
}

// recoverInterrupted cleans up after a run that was killed: it finishes
// the removals it journaled and removes the temporary files it left.
func (w *Writer) recoverInterrupted() error {
	if err := w.finishRemovals(); err != nil {
		return err
	}
	return w.removeTemps()
}

// finishRemovals makes the removals of a journal a killed run left. A
// path the manifest names is not removed: the run was killed before it
// replaced the manifest, which then still lists those files, and this
// run decides again what goes. A journal that does not parse (it is
// written whole, so someone edited it) removes nothing.
func (w *Writer) finishRemovals() error {
	data, err := os.ReadFile(filepath.Join(w.dir, RemovalsName))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return fmt.Errorf("archive: journal of removals: %w", err)
	}
	var j removals
	if json.Unmarshal(data, &j) != nil {
		j.Paths = nil
		w.stats.Cleaned = append(w.stats.Cleaned, RemovalsName)
	}
	named := w.prev.paths()
	j.Paths = slices.DeleteFunc(j.Paths, func(rel string) bool { return named[rel] })
	return w.removeJournaled(j.Paths)
}

// processStart is when this process began: a temporary file older than
// that is none of its writes.
var processStart = time.Now()

// removeTemps removes the temporary files a killed run left in the
// archive. This run has written nothing yet; one older than the process
// cannot be a write of something else in it either (a --cache inside the
// archive, a bulk run's other sites).
func (w *Writer) removeTemps() error {
	temps, err := TempFiles(w.dir)
	if err != nil {
		return err
	}
	for _, rel := range temps {
		full := filepath.Join(w.dir, filepath.FromSlash(rel))
		if fi, err := os.Lstat(full); err != nil || !fi.ModTime().Before(processStart) {
			continue
		}
		if err := os.Remove(full); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("archive: removing %s, left by an interrupted run: %w", rel, err)
		}
		w.stats.Cleaned = append(w.stats.Cleaned, rel)
	}
	return nil
}

// TempFiles lists the temporary files of atomic writes in the archive at
// dir (archive-relative, slash-separated): when no run is writing, what a
// killed run left. Only regular files with exactly atomicfile's name
// pattern count; symbolic links are not followed.
func TempFiles(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(full string, d fs.DirEntry, err error) error {
		switch {
		case err != nil && full == dir:
			return err
		case err != nil:
			return nil // a folder we cannot read holds nothing we wrote
		case d.IsDir() && d.Name() == ".git" && full != dir:
			return filepath.SkipDir // nothing of ours; a repository's objects are many
		case !d.Type().IsRegular() || !atomicfile.IsTemp(d.Name()):
			return nil
		}
		rel, err := filepath.Rel(dir, full)
		out = append(out, filepath.ToSlash(rel))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("archive %s: looking for temporary files: %w", dir, err)
	}
	return out, nil
}
