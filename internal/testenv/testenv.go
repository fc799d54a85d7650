// Package testenv holds what tests share: finding the real software the
// end-to-end tests drive and a free port on 127.0.0.1 for it, fixture
// trees, reading a source whole, and text checks.
package testenv

import (
	"fmt"
	"io/fs"
	"iter"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Need skips the test when a program is missing, or fails it when
// BLOGPORT_E2E=require (as .ci/run sets), so that CI never passes by
// skipping.
func Need(t testing.TB, programs ...string) {
	t.Helper()
	for _, p := range programs {
		if _, err := exec.LookPath(p); err != nil {
			missing(t, p+" is not installed")
		}
	}
}

// NeedFile is Need for a file a package installs.
func NeedFile(t testing.TB, path, what string) {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		missing(t, what+" is not installed")
	}
}

func missing(t testing.TB, why string) {
	t.Helper()
	if os.Getenv("BLOGPORT_E2E") == "require" {
		t.Fatal(why)
	}
	t.Skip(why + " (set BLOGPORT_E2E=require to fail instead)")
}

// WriteFiles writes files (name relative to root → content), creating
// their folders.
func WriteFiles(t testing.TB, root string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// FreePort returns a TCP port free on 127.0.0.1 a moment ago.
func FreePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// Keep copies an archive a test wrote to $BLOGPORT_KEEP_ARCHIVES/<test>/<n>
// when that variable is set, so that two versions of blogport can be
// compared byte for byte on the end-to-end pulls (diff -r).
func Keep(t testing.TB, dir string) {
	t.Helper()
	root := os.Getenv("BLOGPORT_KEEP_ARCHIVES")
	if root == "" {
		return
	}
	base := filepath.Join(root, strings.ReplaceAll(t.Name(), "/", "_"))
	dst := base
	for n := 2; ; n++ {
		if _, err := os.Stat(dst); err != nil {
			break
		}
		dst = fmt.Sprintf("%s.%d", base, n)
	}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out := filepath.Join(dst, rel)
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		return os.WriteFile(out, data, 0o644)
	})
	if err != nil {
		t.Fatalf("keep %s: %v", dir, err)
	}
}

// Posts reads every item of a source's iterator, failing the test on an
// error.
func Posts[T any](t testing.TB, seq iter.Seq2[T, error]) []T {
	t.Helper()
	var out []T
	for p, err := range seq {
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	return out
}

// Contains requires every want and no notWant in got.
func Contains(t testing.TB, got string, want, notWant []string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(got, w) {
			t.Errorf("missing %q in\n%s", w, got)
		}
	}
	for _, w := range notWant {
		if strings.Contains(got, w) {
			t.Errorf("unexpected %q in\n%s", w, got)
		}
	}
}
