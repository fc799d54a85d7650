package bench

import (
	"context"
	"errors"
	"os/exec"
	"strings"
	"testing"
)

func shTool(t *testing.T, script string, want int) tool {
	t.Helper()
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	return tool{name: "sh", want: want, argv: func(string) []string { return []string{sh, "-c", script} }}
}

func TestRunOnceMeasuresAndCountsTheOutput(t *testing.T) {
	tl := shTool(t, "mkdir -p out/a && echo x > out/a/1.md && echo y > out/2.md && echo z > out/3.txt", 2)
	s, err := runOnce(context.Background(), t.TempDir(), tl, 0)
	if err != nil {
		t.Fatal(err)
	}
	if s.Items != 2 || s.Wall <= 0 || s.PeakKiB <= 0 {
		t.Errorf("sample %+v", s)
	}
}

func TestRunOnceFailsOnMissingItems(t *testing.T) {
	tl := shTool(t, "mkdir -p out && echo x > out/1.md", 3)
	_, err := runOnce(context.Background(), t.TempDir(), tl, 0)
	if err == nil || !strings.Contains(err.Error(), "wrote 1 items, want 3") {
		t.Errorf("err = %v", err)
	}
}

func TestRunOnceShowsTheEndOfAFailedChildsOutput(t *testing.T) {
	tl := shTool(t, "echo first; echo 'the reason' >&2; exit 3", 0)
	_, err := runOnce(context.Background(), t.TempDir(), tl, 0)
	var ce *childError
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), "exit status 3") || !strings.Contains(err.Error(), "the reason") {
		t.Errorf("err = %v", err)
	}
}

func TestTailKeepsTheLastWholeLines(t *testing.T) {
	var tl tail
	for range 2000 {
		tl.Write([]byte("0123456789\n"))
	}
	tl.Write([]byte("last line\n"))
	s := tl.String()
	if len(s) > tailSize || !strings.HasSuffix(s, "last line") || !strings.HasPrefix(s, "0123456789") {
		t.Errorf("tail of %d bytes: %.30q … %q", len(s), s, s[len(s)-20:])
	}
}
