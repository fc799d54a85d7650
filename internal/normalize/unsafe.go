package normalize

import (
	"strings"

	xhtml "golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// urlAttrs are the attributes that hold an address a browser follows or
// loads.
var urlAttrs = map[string]bool{"href": true, "src": true, "xlink:href": true, "action": true, "formaction": true, "poster": true, "background": true, "data": true}

// disarm removes what would run in the new site from an element the
// archive may keep as HTML (an <svg>, <details>, a link): event handler
// attributes (onload=…) and addresses of the javascript:, vbscript: and
// data: schemes (an <img>'s data:image/ source excepted). It counts what
// it removed for the post's note.
func (c *cleaner) disarm(n *xhtml.Node) {
	kept := n.Attr[:0]
	for _, a := range n.Attr {
		key := strings.ToLower(a.Key)
		if a.Namespace != "" {
			key = a.Namespace + ":" + key
		}
		switch {
		case strings.HasPrefix(key, "on"):
			c.disarmed++
			continue
		case urlAttrs[key] && scriptURL(a.Val, n.DataAtom == atom.Img || n.DataAtom == atom.Source):
			c.disarmed++
			continue
		}
		kept = append(kept, a)
	}
	n.Attr = kept
}

// scriptURL reports an address that runs code rather than naming a page:
// its scheme, read as a browser does (blanks and control characters
// ignored, any case), is javascript:, vbscript: or data: (an image's
// data:image/ excepted).
func scriptURL(v string, image bool) bool {
	var b strings.Builder
	for _, r := range v {
		if r > ' ' {
			b.WriteRune(r)
		}
		if b.Len() > 16 {
			break
		}
	}
	s := strings.ToLower(b.String())
	switch {
	case strings.HasPrefix(s, "javascript:"), strings.HasPrefix(s, "vbscript:"):
		return true
	case strings.HasPrefix(s, "data:"):
		return !image || !strings.HasPrefix(s, "data:image/")
	}
	return false
}
