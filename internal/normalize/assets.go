package normalize

import (
	"fmt"
	"net/url"
	"path"
	"strings"

	"github.com/blogport/blogport/internal/post"
	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// image turns an emoji image back into its character, or points an image
// at its original upload and drops the attributes of responsive images.
func (c *cleaner) image(n *xhtml.Node) {
	if alt := attr(n, "alt"); isEmojiImage(n) && alt != "" {
		replaceWithText(n, alt)
		return
	}
	src := imageSource(n)
	if best := largestSrcset(attr(n, "srcset")); best != "" {
		// without the media library to name the original, the widest
		// candidate is the closest to it
		if _, known := c.site.Media.Original(c.abs(src), c.host); src == "" || !known {
			src = best
		}
	}
	src = c.asset(c.abs(src))
	setAttr(n, "src", src)
	for _, k := range []string{"srcset", "sizes", "data-src", "data-lazy-src", "data-orig-file", "loading", "decoding", "width", "height", "class", "style"} {
		delAttr(n, k)
	}
}

// imageSource is the first address an image names: the original file
// (Jetpack), the lazy-loaded source, then src.
func imageSource(n *xhtml.Node) string {
	for _, k := range []string{"data-orig-file", "data-src", "data-lazy-src", "src"} {
		if v := strings.TrimSpace(attr(n, k)); v != "" {
			return v
		}
	}
	return ""
}

// asset records a media reference and returns the URL the content should
// use: the original upload when raw is a resized variant.
func (c *cleaner) asset(raw string) string {
	if raw == "" || strings.HasPrefix(raw, "data:") {
		return raw
	}
	a := post.Asset{URL: raw}
	if orig, ok := c.site.Media.Original(raw, c.host); ok && orig != raw {
		a = post.Asset{URL: orig, From: raw}
	}
	if prev, ok := c.assets[a.URL]; !ok || prev.From == "" {
		c.assets[a.URL] = a
	}
	return a.URL
}

var mediaExt = map[string]bool{
	".jpg": true, ".jpeg": true, ".png": true, ".gif": true, ".webp": true, ".avif": true, ".svg": true,
	".mp3": true, ".m4a": true, ".ogg": true, ".wav": true, ".mp4": true, ".m4v": true, ".webm": true,
	".mov": true, ".pdf": true, ".zip": true,
}

func isMediaFile(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && mediaExt[strings.ToLower(path.Ext(u.Path))]
}

func isEmojiImage(n *xhtml.Node) bool {
	class := " " + attr(n, "class") + " "
	return strings.Contains(class, " emoji ") || strings.Contains(class, " wp-smiley ") ||
		strings.Contains(attr(n, "src"), "/images/core/emoji/")
}

// largestSrcset picks the widest candidate of a srcset attribute.
func largestSrcset(s string) string {
	best, bestW := "", -1.0
	for _, cand := range strings.Split(s, ",") {
		f := strings.Fields(cand)
		if len(f) == 0 {
			continue
		}
		w := 0.0
		if len(f) > 1 {
			fmt.Sscanf(strings.TrimRight(f[1], "wx"), "%g", &w)
		}
		if w > bestW {
			best, bestW = f[0], w
		}
	}
	return best
}

// unwrapSelfLinkedImage turns <a href=X><img src=X></a> into <img src=X>:
// once variants are resolved, the link only repeats the image.
func unwrapSelfLinkedImage(a *xhtml.Node) {
	var img *xhtml.Node
	for c := a.FirstChild; c != nil; c = c.NextSibling {
		switch {
		case c.Type == xhtml.ElementNode && c.DataAtom == atom.Img && img == nil:
			img = c
		case c.Type == xhtml.TextNode && strings.TrimSpace(c.Data) == "":
		default:
			return
		}
	}
	if img == nil || attr(img, "src") != attr(a, "href") {
		return
	}
	a.RemoveChild(img)
	a.Parent.InsertBefore(img, a)
	a.Parent.RemoveChild(a)
}
