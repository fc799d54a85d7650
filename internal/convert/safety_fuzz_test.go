package convert

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	gmhtml "github.com/yuin/goldmark/renderer/html"
	xhtml "golang.org/x/net/html"

	"github.com/blogport/blogport/internal/normalize"
	"github.com/blogport/blogport/internal/post"
)

// liveScript finds, in the page a Markdown renderer makes of md (goldmark,
// as Hugo, with raw HTML passed through), an address that would run a
// script: an href, src, action, formaction or xlink:href that is
// javascript: or vbscript: as a browser reads it (tabs and newlines
// dropped, leading blanks and controls trimmed, any case).
func liveScript(t *testing.T, md string) string {
	var page bytes.Buffer
	if err := goldmark.New(goldmark.WithRendererOptions(gmhtml.WithUnsafe())).Convert([]byte(md), &page); err != nil {
		t.Fatal(err)
	}
	doc, err := xhtml.Parse(&page)
	if err != nil {
		t.Fatal(err)
	}
	for n := range doc.Descendants() {
		for _, a := range n.Attr {
			switch a.Key {
			case "href", "src", "action", "formaction", "xlink:href", "data":
			default:
				continue
			}
			v := strings.ToLower(strings.TrimLeft(strings.Map(func(r rune) rune {
				if r == '\t' || r == '\n' || r == '\r' {
					return -1
				}
				return r
			}, a.Val), "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "))
			if strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "vbscript:") {
				return a.Key + "=" + a.Val
			}
		}
	}
	return ""
}

// FuzzCleanAndConvert: any HTML a post holds goes through the clean-up
// and the converter of every target without a panic or an error, comes
// out as UTF-8 when it went in as UTF-8, and never as a live script link.
func FuzzCleanAndConvert(f *testing.F) {
	for _, s := range []string{
		`<p>Hello <a href="https://blog.example/a/">a</a> <img src="/wp-content/uploads/x.png" alt="x"></p>`,
		`<a href="javascript:alert(1)">x</a><a href=" JaVaScRiPt:alert(1)">y</a><a href="vbscript:msgbox">z</a>`,
		`<a href="java&#09;script:alert(1)">tab</a><img src="data:image/png;base64,iVBORw0KGgo=" onerror="alert(1)">`,
		`<p>[x](javascript:alert(1)) and <code>javascript:void(0)</code></p>`,
		`<table><tr><td>a|b</td></tr></table><pre><code class="language-go">fmt.Println("{{< x >}}")</code></pre>`,
		`<figure><img src="a.jpg"><figcaption>Cap <em>tion</em></figcaption></figure><iframe src="https://www.youtube.com/embed/abc"></iframe>`,
		`<p>$5 and $10, {% raw %} {{ liquid }}</p><blockquote><ul><li><ol><li>deep</li></ol></li></ul></blockquote>`,
		"<p>\xff\xfe broken \x00 bytes</p>", `<svg><a xlink:href="javascript:alert(1)">s</a></svg><form action="javascript:x"><button formaction="javascript:y">b</button></form>`,
	} {
		f.Add(s)
	}
	convs := map[string]*Converter{}
	for name, tg := range map[string]Target{"hugo": Hugo, "jekyll": Jekyll, "plain": Plain} {
		c, err := New(tg)
		if err != nil {
			f.Fatal(err)
		}
		convs[name] = c
	}
	site := &post.Site{URL: "https://blog.example"}
	f.Fuzz(func(t *testing.T, in string) {
		p := &post.Post{Link: "https://blog.example/2024/01/x/", Title: "x"}
		prep := normalize.Clean(p, site, normalize.Content{HTML: in}, nil)
		for name, c := range convs {
			md, err := c.Convert(context.Background(), prep.HTML)
			if err != nil {
				t.Fatalf("%s: %v\nin: %q", name, err, in)
			}
			if utf8.ValidString(in) && !utf8.ValidString(md) {
				t.Fatalf("%s: UTF-8 in, not out: %q", name, md)
			}
			if live := liveScript(t, md); live != "" {
				t.Fatalf("%s: a live script link %q\nin: %q\nout: %q", name, live, in, md)
			}
		}
	})
}

// TestLiveScriptFindsScriptLinks: the fuzzer's check finds what it must.
func TestLiveScriptFindsScriptLinks(t *testing.T) {
	for md, live := range map[string]bool{
		"[x](javascript:alert(1))":            true,
		"[x]( JaVaScRiPt:alert(1))":           true,
		"![i](vbscript:x)":                    true,
		`<a href="java	script:x">t</a>`:       true,
		`<form action="javascript:x"></form>`: true,
		`\[x](javascript:alert(1))`:           false,
		"`[x](javascript:a)`":                 false,
		"[x](https://a.example/javascript:)":  false,
		"javascript: alert(1) as text":        false,
	} {
		if got := liveScript(t, md) != ""; got != live {
			t.Errorf("liveScript(%q) = %v, want %v", md, got, live)
		}
	}
}
