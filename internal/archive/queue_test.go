package archive

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// Writes of one file queued back to back land in the order queued, and
// the in-flight bookkeeping is empty once they are done.
func TestQueueWritesOneFileInOrder(t *testing.T) {
	dir := t.TempDir()
	q := newQueue()
	full := filepath.Join(dir, "a", "f.md")
	for i := range 50 {
		if err := q.put(full, "a/f.md", []byte(fmt.Sprint("version ", i))); err != nil {
			t.Fatal(err)
		}
		other := fmt.Sprintf("b/%d.md", i)
		if err := q.put(filepath.Join(dir, other), other, []byte("x")); err != nil {
			t.Fatal(err)
		}
	}
	if err := q.sync(); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(full); string(got) != "version 49" {
		t.Errorf("a/f.md holds %q, want the last version queued", got)
	}
	if len(q.inFlight) != 0 {
		t.Errorf("%d writes still counted in flight", len(q.inFlight))
	}
	if len(q.written)+q.unchanged != 100 {
		t.Errorf("%d written + %d unchanged, want 100 writes", len(q.written), q.unchanged)
	}
}
