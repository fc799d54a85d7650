package atomicfile

import (
	"os"
	"path/filepath"
	"testing"
)

func TestWriteReplacesWholeFilesAndLeavesNoTemporaries(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "a", "b", "file.txt")
	for _, content := range []string{"first", "second, longer"} {
		if err := Write(name, []byte(content)); err != nil {
			t.Fatal(err)
		}
		if got, _ := os.ReadFile(name); string(got) != content {
			t.Fatalf("file holds %q, want %q", got, content)
		}
	}
	entries, _ := os.ReadDir(filepath.Dir(name))
	if len(entries) != 1 {
		t.Errorf("folder holds %d entries, want only the file", len(entries))
	}
	if fi, _ := os.Stat(name); fi.Mode().Perm() != 0o644 {
		t.Errorf("mode %v, want 0644", fi.Mode().Perm())
	}
	if err := Write(filepath.Join(name, "under-a-file"), nil); err == nil {
		t.Error("writing below a file did not fail")
	}
}
