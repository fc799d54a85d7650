package bench

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fakePackage lays out the files of the package that the patch touches.
func fakePackage(t *testing.T, settings string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "node_modules", nodePackage)
	for name, body := range map[string]string{
		"package.json":    `{"name": "` + nodePackage + `", "version": "` + nodeVersion + `"}`,
		"index.js":        "require('./src/writer');\n",
		"src/settings.js": settings,
	} {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const settingsJS = "exports.image_file_request_delay = 500;\n\n// time in ms\nexports.markdown_file_write_delay = 25;\n"

func TestPatchNoDelaySetsTheWriteDelayToZeroInACopy(t *testing.T) {
	src := fakePackage(t, settingsJS)
	dst := filepath.Join(filepath.Dir(src), nodeNoDelay)
	if err := patchNoDelay(src, dst); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(filepath.Join(dst, "src", "settings.js"))
	want := strings.Replace(settingsJS, "delay = 25;", "delay = 0;", 1)
	if string(got) != want {
		t.Errorf("patched settings.js:\n%s\nwant\n%s", got, want)
	}
	if orig, _ := os.ReadFile(filepath.Join(src, "src", "settings.js")); string(orig) != settingsJS {
		t.Error("the original package was changed")
	}
	if v, err := packageVersion(dst); err != nil || v != nodeVersion {
		t.Errorf("copy's version = %q, %v", v, err)
	}
	if err := patchNoDelay(src, dst); err != nil { // a second bench run
		t.Errorf("patching again: %v", err)
	}
}

func TestPatchNoDelayRefusesAPackageWithoutTheDelay(t *testing.T) {
	src := fakePackage(t, "exports.image_file_request_delay = 500;\n")
	err := patchNoDelay(src, filepath.Join(filepath.Dir(src), nodeNoDelay))
	if err == nil || !strings.Contains(err.Error(), "0 times") {
		t.Errorf("err = %v, want the delay not found", err)
	}
}

func TestNodeToolsSaysWhyTheyAreSkipped(t *testing.T) {
	o := &Options{LookPath: func(string) (string, error) { return "", errors.New("not found") }}
	tools, skips := nodeTools(context.Background(), o, t.TempDir(), Export{})
	if len(tools) != 0 || len(skips) != 1 || skips[0].Why != "npm is not on PATH" {
		t.Errorf("tools %v, skips %+v", tools, skips)
	}
}

func TestNodeToolsUseAnInstalledPackageWithoutNPM(t *testing.T) {
	pkg := fakePackage(t, settingsJS)
	cache := filepath.Dir(filepath.Dir(pkg))
	o := &Options{Err: io.Discard, LookPath: func(name string) (string, error) { return "/usr/bin/" + name, nil }}
	tools, skips := nodeTools(context.Background(), o, cache, Export{Path: "/x/export.xml", Posts: 3, Pages: 1})
	if len(skips) != 0 || len(tools) != 2 {
		t.Fatalf("tools %d, skips %+v", len(tools), skips)
	}
	argv := strings.Join(tools[1].argv("/run"), " ")
	for _, s := range []string{"/usr/bin/node ", nodeNoDelay + "/index.js", "--wizard=false", "--input=/x/export.xml",
		"--output=/run/out", "--save-attached-images=false", "--save-scraped-images=false"} {
		if !strings.Contains(argv, s) {
			t.Errorf("argv %q lacks %q", argv, s)
		}
	}
	if tools[0].want != 4 {
		t.Errorf("want %d items, the posts and pages are 4", tools[0].want)
	}
}
