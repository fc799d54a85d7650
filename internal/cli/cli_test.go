package cli

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"blogport": func() { os.Exit(Main(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr)) },
	})
}

// TestScript runs the CLI scripts in testdata/script. $SAMPLE is the
// bundled sample export.
func TestScript(t *testing.T) {
	sample, err := filepath.Abs("../../testdata/wxr/sample.xml")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: "../../testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("SAMPLE", sample)
			env.Setenv("PAGES", filepath.Join(filepath.Dir(sample), "..", "pages"))
			env.Setenv("XDG_CACHE_HOME", filepath.Join(env.WorkDir, ".cache"))
			for _, kv := range os.Environ() {
				if strings.HasPrefix(kv, "COLLY_") {
					env.Setenv(strings.SplitN(kv, "=", 2)[0], "")
				}
			}
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"exitcode": cmdExitCode,
			"nogrep":   cmdNoGrep,
		},
	})
}

// exitcode N command args... runs command and requires exit code N.
func cmdExitCode(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exitcode N command [args...]")
	}
	want, err := strconv.Atoi(args[0])
	if err != nil {
		ts.Fatalf("exitcode: %v", err)
	}
	err = ts.Exec(args[1], args[2:]...)
	got := 0
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		got = exit.ExitCode()
	case err != nil:
		ts.Fatalf("exitcode: %v", err)
	}
	if got != want {
		ts.Fatalf("exit code %d, want %d", got, want)
	}
}

// nogrep TEXT DIR fails if any file under DIR contains TEXT.
func cmdNoGrep(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: nogrep TEXT DIR")
	}
	root := ts.MkAbs(args[1])
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if strings.Contains(string(data), args[0]) {
			ts.Fatalf("%s contains %q", p, args[0])
		}
		return nil
	})
	if err != nil {
		ts.Fatalf("nogrep: %v", err)
	}
}

func TestInterruptedPullExits130AndWritesNoManifest(t *testing.T) {
	sample, _ := filepath.Abs("../../testdata/wxr/sample.xml")
	out := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var stdout, stderr strings.Builder
	code := Main(ctx, []string{"pull", sample, "-o", out}, strings.NewReader(""), &stdout, &stderr)
	if code != ExitInterrupted {
		t.Fatalf("exit code %d, want %d; stderr:\n%s", code, ExitInterrupted, stderr.String())
	}
	if !strings.Contains(stderr.String(), "interrupted") {
		t.Errorf("stderr does not say interrupted: %s", stderr.String())
	}
	if _, err := os.Stat(filepath.Join(out, "blogport.json")); !os.IsNotExist(err) {
		t.Errorf("manifest written by an interrupted run: %v", err)
	}
}
