package verify

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/blogport/blogport/internal/archive"
)

// ErrNoGenerator is the outcome of asking to build an archive whose layout
// no generator reads (plain).
var ErrNoGenerator = errors.New("no generator to build")

// builder is how one layout's generator builds an archive and what verify
// reads of it: one entry per layout in builders.
type builder struct {
	program string // the generator's command, and the Debian package that installs it
	out     string // the folder it builds into, inside the temporary folder
	// args and env build the archive at src into tmp/out, keeping the
	// generator's caches and locks in tmp: nothing is written to src.
	args func(src, tmp string) []string
	env  func(tmp string) []string
	// leftovers are what a build may still leave in src despite args and
	// env; any of them it made is removed.
	leftovers []string
	// aliases are the old paths the generator serves for an item, from its
	// front matter.
	aliases func(fm archive.FrontMatter) []string
	// warnings are the warnings in one of the generator's output streams.
	warnings func(stream []byte) []string
	// omitted, when set, is what the generator writes into a page in place
	// of content it left out.
	omitted string
}

// builders is every layout a generator builds, by layout name. Flags are
// those of hugo 0.111 and jekyll 4.3; neither is run with --quiet, which
// hides their warnings.
var builders = map[string]builder{
	"hugo": {
		program: "hugo",
		out:     "public",
		args: func(src, tmp string) []string {
			return []string{"--source", src, "--destination", filepath.Join(tmp, "public"),
				"--cacheDir", filepath.Join(tmp, "cache"), "--noBuildLock", "--printPathWarnings"}
		},
		env:       func(tmp string) []string { return []string{"HUGO_RESOURCEDIR=" + filepath.Join(tmp, "resources")} },
		leftovers: []string{".hugo_build.lock", "resources"},
		aliases:   func(fm archive.FrontMatter) []string { return fm.Aliases },
		warnings:  hugoWarnings,
		omitted:   "<!-- raw HTML omitted -->",
	},
	"jekyll": {
		program: "jekyll",
		out:     "_site",
		args: func(src, tmp string) []string {
			return []string{"build", "--source", src, "--destination", filepath.Join(tmp, "_site"), "--disable-disk-cache"}
		},
		env:       func(string) []string { return nil },
		leftovers: []string{".jekyll-cache", ".jekyll-metadata", ".sass-cache"},
		aliases:   func(fm archive.FrontMatter) []string { return fm.RedirectFrom }, // jekyll-redirect-from
		warnings:  jekyllWarnings,
	},
}

// generatorFor is the builder of the archive's layout.
func generatorFor(l archive.Layout) (builder, error) {
	b, ok := builders[l.String()]
	if !ok {
		return builder{}, fmt.Errorf("the %s layout has %w; use --layout hugo or jekyll", l, ErrNoGenerator)
	}
	return b, nil
}

// tailLines is how much of a failed build's output its error shows.
const tailLines = 20

// build runs the generator on the archive at src into tmp. It returns the
// folder of the built site and the build's warnings.
func (b builder) build(ctx context.Context, src, tmp string) (string, []string, error) {
	if _, err := exec.LookPath(b.program); err != nil {
		return "", nil, fmt.Errorf("%s is not installed (on Debian: apt-get install %s): %w", b.program, b.program, err)
	}
	made := b.watchLeftovers(src)
	defer made()
	var stdout, stderr bytes.Buffer
	all := &lockedBuffer{}
	cmd := exec.CommandContext(ctx, b.program, b.args(src, tmp)...)
	cmd.Dir = tmp // no Gemfile of the caller's folder, no lock file in it
	cmd.Env = append(os.Environ(), b.env(tmp)...)
	cmd.Stdout = io.MultiWriter(&stdout, all)
	cmd.Stderr = io.MultiWriter(&stderr, all)
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return "", nil, ctx.Err()
		}
		return "", nil, fmt.Errorf("%s build of %s: %w\n%s", b.program, src, err, tail(all.Bytes(), tailLines))
	}
	return filepath.Join(tmp, b.out), append(b.warnings(stdout.Bytes()), b.warnings(stderr.Bytes())...), nil
}

// watchLeftovers notes which of the generator's leftovers src holds, and
// returns the function that removes those the build made.
func (b builder) watchLeftovers(src string) func() {
	had := map[string]bool{}
	for _, name := range b.leftovers {
		_, err := os.Lstat(filepath.Join(src, name))
		had[name] = err == nil
	}
	return func() {
		for _, name := range b.leftovers {
			if _, err := os.Lstat(filepath.Join(src, name)); err == nil && !had[name] {
				os.RemoveAll(filepath.Join(src, name))
			}
		}
	}
}

var (
	reANSI      = regexp.MustCompile(`\x1b\[[0-9;]*[A-Za-z]`)
	reHugoTime  = regexp.MustCompile(`^(WARN|ERROR)\s+\d{4}/\d\d/\d\d \d\d:\d\d:\d\d\s+`)
	reRubyFrame = regexp.MustCompile(`^\s+from \S+:\d+:in `)
)

// lines splits output into lines without colours or trailing spaces.
func lines(stream []byte) []string {
	var out []string
	for _, l := range strings.Split(reANSI.ReplaceAllString(string(stream), ""), "\n") {
		out = append(out, strings.TrimRight(l, " \t\r"))
	}
	return out
}

// hugoWarnings are hugo's WARN and (not fatal) ERROR lines, without their
// time stamp.
func hugoWarnings(stream []byte) []string {
	var out []string
	for _, l := range lines(stream) {
		if strings.HasPrefix(l, "WARN") || strings.HasPrefix(l, "ERROR") {
			out = append(out, reHugoTime.ReplaceAllString(l, "$1 "))
		}
	}
	return out
}

// jekyllTopic is the width of the topic column of jekyll's log: a message
// goes on over lines whose topic is blank.
const jekyllTopic = 20

// jekyllWarnings are jekyll's messages whose topic says Warning,
// Deprecation or Conflict (two files at one URL), each joined into one
// line. Ruby's own warnings ("warning:") are not the archive's.
func jekyllWarnings(stream []byte) []string {
	var out []string
	in := false // inside a warning
	for _, l := range lines(stream) {
		topic := l
		if len(topic) > jekyllTopic {
			topic = topic[:jekyllTopic]
		}
		switch {
		case strings.TrimSpace(topic) == "" && strings.TrimSpace(l) != "":
			if in {
				out[len(out)-1] += " " + strings.TrimSpace(l)
			}
		case strings.Contains(topic, "Warning") || strings.Contains(topic, "Deprecation") || strings.Contains(topic, "Conflict"):
			out = append(out, strings.TrimSpace(l))
			in = true
		default:
			in = false
		}
	}
	return out
}

// tail is the last n lines of output, leaving out the frames of a Ruby
// backtrace (jekyll's error is the line above them).
func tail(output []byte, n int) string {
	var ls []string
	for _, l := range lines(bytes.TrimRight(output, "\n")) {
		if !reRubyFrame.MatchString(l) {
			ls = append(ls, l)
		}
	}
	if len(ls) > n {
		ls = ls[len(ls)-n:]
	}
	return strings.Join(ls, "\n")
}

// lockedBuffer is a buffer two streams write to at once, in the order
// their writes come.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) Bytes() []byte {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Bytes()
}
