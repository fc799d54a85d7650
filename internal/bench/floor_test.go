package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFloorWritesOneMarkdownFilePerPostAndPage(t *testing.T) {
	e, _ := generated(t, 30, 1)
	out := filepath.Join(t.TempDir(), "out")
	n, err := Floor(context.Background(), e.Path, out)
	if err != nil {
		t.Fatal(err)
	}
	if n != e.Items() {
		t.Errorf("Floor wrote %d files, want %d", n, e.Items())
	}
	for i := range e.Posts {
		b, err := os.ReadFile(filepath.Join(out, "post", fmt.Sprintf("%d.md", postID(i))))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(b), "---\ntitle: ") || len(b) < 1000 {
			t.Errorf("post %d: %d bytes, starting %.40q", postID(i), len(b), b)
		}
		if strings.Contains(string(b), "<p>") {
			t.Errorf("post %d: HTML left in the Markdown", postID(i))
		}
	}
	if got, _ := countMarkdown(out); got != e.Items() {
		t.Errorf("%d .md files, want %d", got, e.Items())
	}
}

func TestFloorSubcommandConverts(t *testing.T) {
	e, _ := generated(t, 12, 3)
	out := filepath.Join(t.TempDir(), "out")
	var stdout, stderr strings.Builder
	if code := Main(context.Background(), []string{"floor", e.Path, out}, &stdout, &stderr); code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if want := fmt.Sprintf("wrote %d files\n", e.Items()); stdout.String() != want {
		t.Errorf("stdout %q, want %q", stdout.String(), want)
	}
	if got, _ := countMarkdown(out); got != e.Items() {
		t.Errorf("%d .md files, want %d", got, e.Items())
	}
}

func TestFloorNamesTheLineOfBrokenXML(t *testing.T) {
	p := filepath.Join(t.TempDir(), "broken.xml")
	os.WriteFile(p, []byte("<rss>\n<channel>\n<item><title>x</title></itme>\n"), 0o644)
	_, err := Floor(context.Background(), p, t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "broken.xml") || !strings.Contains(err.Error(), "line 3") {
		t.Errorf("err = %v, want the file and line 3", err)
	}
}
