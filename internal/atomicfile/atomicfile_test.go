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

func TestBatchWritesWholeFilesAndSyncsOnce(t *testing.T) {
	dir := t.TempDir()
	var b Batch
	for i, name := range []string{"a/one.md", "a/two.md", "b/c/three.md", "a/one.md"} {
		if err := b.Write(filepath.Join(dir, name), []byte{byte('0' + i)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Sync(); err != nil {
		t.Fatal(err)
	}
	if len(b.files) != 0 || len(b.dirs) != 0 {
		t.Error("Sync kept the names it synced")
	}
	if got, _ := os.ReadFile(filepath.Join(dir, "a/one.md")); string(got) != "3" {
		t.Errorf("a/one.md holds %q, want the last write", got)
	}
	if err := fsyncEach([]string{filepath.Join(dir, "a/two.md")}, map[string]bool{filepath.Join(dir, "a"): true}); err != nil {
		t.Errorf("the portable sync: %v", err)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "a"))
	if len(entries) != 2 {
		t.Errorf("a/ holds %d entries, want the two files and no temporaries", len(entries))
	}
	if err := b.Write(filepath.Join(dir, "a/one.md", "below-a-file"), nil); err == nil {
		t.Error("writing below a file did not fail")
	}
	if err := b.Sync(); err != nil {
		t.Errorf("an empty Sync: %v", err)
	}
}

// BenchmarkWrite compares syncing every file with one Sync for the batch
// (100 small files per op, as a post and its comments are).
func BenchmarkWrite(b *testing.B) {
	data := make([]byte, 4<<10)
	for _, mode := range []string{"fsync-each", "batch"} {
		b.Run(mode, func(b *testing.B) {
			dir := b.TempDir()
			for b.Loop() {
				var batch Batch
				for i := range 100 {
					name := filepath.Join(dir, "posts", string(rune('a'+i%26)), "index.md")
					var err error
					if mode == "batch" {
						err = batch.Write(name, data)
					} else {
						err = Write(name, data)
					}
					if err != nil {
						b.Fatal(err)
					}
				}
				if err := batch.Sync(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func TestIsTempRecognisesOnlyOurTemporaryNames(t *testing.T) {
	made, err := os.CreateTemp(t.TempDir(), tempPattern) // what writeFunc names them, whatever os.CreateTemp puts for "*"
	if err != nil {
		t.Fatal(err)
	}
	made.Close()
	tests := []struct {
		name string
		want bool
	}{
		{filepath.Base(made.Name()), true},
		{".blogport-123.tmp", true},
		{".blogport-.tmp", false},
		{".blogport-notes.tmp", false},
		{".blogport-12a.tmp", false},
		{"blogport-123.tmp", false},
		{".blogport-123.tmp.md", false},
		{".blogport-remove.json", false},
		{"index.md", false},
	}
	for _, tc := range tests {
		if got := IsTemp(tc.name); got != tc.want {
			t.Errorf("IsTemp(%q) = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestRemoveIsQuietAboutWhatIsGone(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "f")
	if err := os.WriteFile(name, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for range 2 { // the second finds nothing to remove
		if err := Remove(name); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat(name); !os.IsNotExist(err) {
		t.Errorf("the file is still there: %v", err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "sub", "g"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := Remove(filepath.Join(dir, "sub")); err == nil {
		t.Error("removing a folder that is not empty gave no error")
	}
}
