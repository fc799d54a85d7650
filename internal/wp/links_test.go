package wp

import (
	"slices"
	"strings"
	"testing"

	"github.com/blogport/blogport/internal/post"
)

func TestOldLinks(t *testing.T) {
	p := &post.Post{ID: 14, Type: "post", Status: "publish", GUID: "https://blog.example.com/?p=14",
		Link:     "https://blog.example.com/2024/05/09/%d0%bf%d1%80%d0%b8/",
		OldSlugs: []string{"old one"}}
	urls, paths := OldLinks(p, "https://blog.example.com")
	wantURLs := []string{
		"https://blog.example.com/2024/05/09/%D0%BF%D1%80%D0%B8/",
		"https://blog.example.com/2024/05/09/%d0%bf%d1%80%d0%b8/",
		"https://blog.example.com/2024/05/09/old one/",
		"https://blog.example.com/2024/05/09/old%20one/",
		"https://blog.example.com/2024/05/09/при/",
		"https://blog.example.com/?p=14",
	}
	if strings.Join(urls, "\n") != strings.Join(wantURLs, "\n") {
		t.Errorf("urls:\n%s\nwant:\n%s", strings.Join(urls, "\n"), strings.Join(wantURLs, "\n"))
	}
	if strings.Join(paths, " ") != "/2024/05/09/old one/ /2024/05/09/при/" {
		t.Errorf("paths = %q", paths)
	}
	draft := &post.Post{ID: 16, Type: "page", Status: "draft", Link: "https://blog.example.com/?page_id=16"}
	urls, paths = OldLinks(draft, "https://blog.example.com/")
	// WordPress answers ?p=ID for a page as it does ?page_id=ID
	if len(paths) != 0 || strings.Join(urls, " ") != "https://blog.example.com/?p=16 https://blog.example.com/?page_id=16" {
		t.Errorf("draft page: urls %v paths %v", urls, paths)
	}
}

// A GUID that is the site's home (WordPress's theme unit test data has
// one) is no old address of the item, and the home is never an alias.
func TestOldLinksNeverClaimTheHome(t *testing.T) {
	p := &post.Post{ID: 501, Type: "page", Status: "publish", GUID: "https://blog.example.com/",
		Link: "https://blog.example.com/about/clearing-floats/"}
	urls, paths := OldLinks(p, "https://blog.example.com")
	for _, u := range urls {
		if u == "https://blog.example.com/" || u == "https://blog.example.com" {
			t.Errorf("the home %s is an old URL of the page", u)
		}
	}
	if strings.Join(paths, " ") != "/about/clearing-floats/" {
		t.Errorf("paths = %q", paths)
	}
	front := &post.Post{ID: 2, Type: "page", Status: "publish", Link: "https://blog.example.com/"}
	if _, paths := OldLinks(front, "https://blog.example.com"); len(paths) != 0 {
		t.Errorf("the front page's aliases: %q", paths)
	}
}

// WordPress wrote some permalinks with a double slash; servers merge
// slashes, so the alias is the merged path.
func TestOldLinksMergeSlashes(t *testing.T) {
	p := &post.Post{ID: 7, Type: "page", Status: "publish", Link: "https://blog.example.com//greek/level-2/"}
	urls, paths := OldLinks(p, "https://blog.example.com")
	if strings.Join(paths, " ") != "/greek/level-2/" {
		t.Errorf("paths = %q", paths)
	}
	if !slices.Contains(urls, "https://blog.example.com//greek/level-2/") {
		t.Errorf("the link as written is not among the old URLs: %q", urls)
	}
}
