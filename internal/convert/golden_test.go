package convert

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/blogport/blogport/internal/normalize"
	"github.com/blogport/blogport/internal/post"
	"github.com/blogport/blogport/internal/wp"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	xhtml "golang.org/x/net/html"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/convert")

// goldenSite is the site every golden case is prepared against.
func goldenSite() *post.Site {
	s := &post.Site{URL: "https://blog.example.com"}
	s.Media.Add(post.Attachment{ID: 7, URL: "https://blog.example.com/wp-content/uploads/2024/01/cat.jpg", Alt: "A cat", Caption: "The cat",
		Variants: []string{"cat-300x200.jpg", "cat-scaled.jpg"}})
	s.Media.Add(post.Attachment{ID: 8, URL: "https://blog.example.com/wp-content/uploads/2024/01/dog.png", Alt: "A dog"})
	return s
}

func prepared(t *testing.T, file string) string {
	t.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	p := &post.Post{ID: 1, Content: string(src), Link: "https://blog.example.com/2024/01/02/golden/", Origin: filepath.Base(file)}
	site := goldenSite()
	return normalize.Clean(p, site, wp.Render(p, site), nil).HTML
}

// TestGolden converts testdata/convert/<case>.html, read as WordPress post
// content, for each target: <case>.md (plain), <case>.hugo.md and
// <case>.jekyll.md. Run with -update to rewrite them.
func TestGolden(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/convert/*.html")
	if len(files) == 0 {
		t.Fatal("no golden cases")
	}
	targets := map[Target]string{Plain: ".md", Hugo: ".hugo.md", Jekyll: ".jekyll.md"}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".html")
		t.Run(name, func(t *testing.T) {
			in := prepared(t, file)
			for target, ext := range targets {
				c, err := New(target)
				if err != nil {
					t.Fatal(err)
				}
				got, err := c.Convert(context.Background(), in)
				if err != nil {
					t.Fatal(err)
				}
				golden := strings.TrimSuffix(file, ".html") + ext
				if *update {
					if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				want, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run go test -update)", err)
				}
				if got != string(want) {
					t.Errorf("%s: output differs from %s\n--- got\n%s\n--- want\n%s", target, filepath.Base(golden), got, want)
				}
			}
		})
	}
}

var md = goldmark.New(
	goldmark.WithExtensions(extension.GFM, extension.Footnote),
	goldmark.WithRendererOptions(html.WithUnsafe()),
)

// TestConvertIsIdempotent renders each plain golden back to HTML with
// goldmark and converts it again: the Markdown must not change.
func TestConvertIsIdempotent(t *testing.T) {
	eachPlainCase(t, func(t *testing.T, c *Converter, in string) {
		first, err := c.Convert(context.Background(), in)
		if err != nil {
			t.Fatal(err)
		}
		if HasMath(first) {
			t.Skip("goldmark here renders TeX as Markdown (no passthrough); the generators take it raw")
		}
		var rendered bytes.Buffer
		if err := md.Convert([]byte(first), &rendered); err != nil {
			t.Fatal(err)
		}
		second, err := c.Convert(context.Background(), rendered.String())
		if err != nil {
			t.Fatal(err)
		}
		if second != first {
			t.Errorf("not idempotent\n--- first\n%s\n--- second\n%s", first, second)
		}
	})
}

// eachPlainCase runs fn on every golden case, prepared, with a plain
// converter.
func eachPlainCase(t *testing.T, fn func(t *testing.T, c *Converter, in string)) {
	c, err := New(Plain)
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("../../testdata/convert/*.html")
	if len(files) == 0 {
		t.Fatal("no golden cases")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) { fn(t, c, prepared(t, file)) })
	}
}

// TestMarkdownKeepsLinksAndImages parses the plain output with goldmark: as
// many images as the prepared HTML has, a link for every link and embed,
// and no raw HTML but the <!--more--> mark and the elements kept as HTML
// (whose images and links count too).
func TestMarkdownKeepsLinksAndImages(t *testing.T) {
	eachPlainCase(t, func(t *testing.T, c *Converter, in string) {
		wantImages, wantLinks := countHTML(in)
		out, err := c.Convert(context.Background(), in)
		if err != nil {
			t.Fatal(err)
		}
		src := []byte(out)
		doc := md.Parser().Parse(text.NewReader(src))
		images, links, inSVG := 0, 0, false
		_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if !entering {
				return ast.WalkContinue, nil
			}
			switch n := n.(type) {
			case *ast.Image:
				images++
			case *ast.Link:
				if !strings.HasPrefix(string(n.Destination), "#") {
					links++
				}
			case *ast.HTMLBlock:
				var b strings.Builder
				for i := 0; i < n.Lines().Len(); i++ {
					seg := n.Lines().At(i)
					b.Write(seg.Value(src))
				}
				raw := strings.TrimSpace(b.String())
				if raw != "<!--more-->" && !keptTag(raw) {
					t.Errorf("raw HTML block in output: %q", raw)
				}
				i, l := countHTML(raw)
				images, links = images+i, links+l
			case *ast.RawHTML:
				seg := n.Segments.At(0)
				raw := string(seg.Value(src))
				inSVG = inSVG || strings.HasPrefix(raw, "<svg")
				_, inCell := n.Parent().(*extast.TableCell)
				if !inSVG && !keptTag(raw) && (!inCell || raw != "<br />") {
					t.Errorf("inline raw HTML in output: %q", raw)
				}
				inSVG = inSVG && raw != "</svg>"
			}
			return ast.WalkContinue, nil
		})
		if images != wantImages || links != wantLinks {
			t.Errorf("images %d links %d, want %d and %d\n%s", images, links, wantImages, wantLinks, out)
		}
	})
}

// keptTag says whether raw HTML starts with a tag of an element the
// converter keeps as HTML.
func keptTag(raw string) bool {
	name := strings.TrimLeft(raw, "</")
	if i := strings.IndexAny(name, " />\n"); i >= 0 {
		name = name[:i]
	}
	return slices.Contains(append([]string{"figure", "details", "summary", "svg", "ol", "dl"}, inlineKept...), name)
}

// countHTML counts images, and links plus embeds (which plain Markdown
// writes as links), leaving out footnote references.
func countHTML(s string) (images, links int) {
	doc, err := xhtml.Parse(strings.NewReader(s))
	if err != nil {
		return 0, 0
	}
	var walk func(*xhtml.Node)
	walk = func(n *xhtml.Node) {
		if n.Type == xhtml.ElementNode {
			switch n.Data {
			case "img":
				images++
			case "a":
				if !strings.HasPrefix(attr(n, "href"), "#") {
					links++
				}
			case "iframe", "audio", "video":
				links++
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return images, links
}
