// Package testenv holds what the end-to-end tests share: finding the real
// software they drive, and a free port on 127.0.0.1 for it.
package testenv

import (
	"net"
	"os"
	"os/exec"
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
