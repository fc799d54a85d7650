// Package extract finds a post's fields on a page: the mapping-driven
// selectors of a site mapping, applied with goquery.
package extract

import (
	"bytes"
	"fmt"
	"io/fs"
	"regexp"
	"sort"
	"strings"

	"github.com/andybalholm/cascadia"
	"github.com/blogport/blogport/mappings"
	"github.com/goccy/go-yaml"
)

// Mapping says how to recognise a site and where its posts' fields are.
type Mapping struct {
	Name        string            `yaml:"name"`
	Description string            `yaml:"description"`
	Detect      Detect            `yaml:"detect"`
	Start       Start             `yaml:"start"`
	Follow      []string          `yaml:"follow"`    // URL patterns of the listing pages whose links the crawler walks
	Kinds       map[string]string `yaml:"kinds"`     // item type → selector that matches on its pages
	IDs         string            `yaml:"ids"`       // regexp over the body class that captures the item ID
	Protected   string            `yaml:"protected"` // selector that matches on password-protected pages
	// TrustKinds says the kinds are the engine's own marks of a single
	// post or page (WordPress's body classes): a page's structure (lists
	// of links, summaries) never makes such a page a listing
	TrustKinds bool     `yaml:"trust_kinds"`
	Select     Select   `yaml:"select"`
	Remove     []string `yaml:"remove"` // removed from the content

	follow  []*regexp.Regexp
	ids     *regexp.Regexp
	generic bool // the heuristic fallback
}

// Detect recognises a site.
type Detect struct {
	Generator string   `yaml:"generator"` // regexp over <meta name="generator">
	Markers   []string `yaml:"markers"`   // strings found in the page source
}

// Start says where discovery begins.
type Start struct {
	Sitemaps []string `yaml:"sitemaps"`
	Feeds    []string `yaml:"feeds"`
	URLs     []string `yaml:"urls"`
}

// Select holds the field selectors.
type Select struct {
	Title      string `yaml:"title"`
	Date       Field  `yaml:"date"`
	Modified   Field  `yaml:"modified"`
	Author     string `yaml:"author"`
	Categories string `yaml:"categories"`
	Tags       string `yaml:"tags"`
	Content    string `yaml:"content"`
	Cover      string `yaml:"cover"`
}

// Field is a selector and the attributes to read, in order; text when none.
type Field struct {
	Selector string `yaml:"selector"`
	Attr     string `yaml:"attr"`
}

// Builtin loads a built-in mapping by name.
func Builtin(name string) (*Mapping, error) {
	data, err := fs.ReadFile(mappings.FS, name+".yaml")
	if err != nil {
		return nil, fmt.Errorf("no built-in mapping %q", name)
	}
	return Parse(name+".yaml", data)
}

// Names lists the built-in mappings.
func Names() []string {
	files, _ := fs.Glob(mappings.FS, "*.yaml")
	for i, f := range files {
		files[i] = strings.TrimSuffix(f, ".yaml")
	}
	sort.Strings(files)
	return files
}

// Parse reads and validates a mapping: unknown keys, bad selectors and bad
// regular expressions are errors naming the file, line and key.
func Parse(file string, data []byte) (*Mapping, error) {
	var m Mapping
	dec := yaml.NewDecoder(bytes.NewReader(data), yaml.DisallowUnknownField())
	if err := dec.Decode(&m); err != nil {
		return nil, fmt.Errorf("mapping %s: %s", file, strings.TrimSpace(yaml.FormatError(err, false, true)))
	}
	bad := func(key string, err error) error {
		return fmt.Errorf("mapping %s: line %d: %s: %w", file, lineOf(data, key), key, err)
	}
	for _, s := range []struct{ key, sel string }{
		{"title", m.Select.Title}, {"date", m.Select.Date.Selector}, {"modified", m.Select.Modified.Selector},
		{"author", m.Select.Author}, {"categories", m.Select.Categories}, {"tags", m.Select.Tags},
		{"content", m.Select.Content}, {"cover", m.Select.Cover},
	} {
		if s.sel == "" {
			continue
		}
		if _, err := cascadia.ParseGroup(s.sel); err != nil {
			return nil, bad(s.key, fmt.Errorf("bad selector %q: %v", s.sel, err))
		}
	}
	if m.Protected != "" {
		if _, err := cascadia.ParseGroup(m.Protected); err != nil {
			return nil, bad("protected", fmt.Errorf("bad selector %q: %v", m.Protected, err))
		}
	}
	for kind, sel := range m.Kinds {
		if _, err := cascadia.ParseGroup(sel); err != nil {
			return nil, bad(kind, fmt.Errorf("bad selector %q: %v", sel, err))
		}
	}
	for _, sel := range m.Remove {
		if _, err := cascadia.ParseGroup(sel); err != nil {
			return nil, bad("remove", fmt.Errorf("bad selector %q: %v", sel, err))
		}
	}
	for _, f := range m.Follow {
		re, err := regexp.Compile(f)
		if err != nil {
			return nil, bad("follow", err)
		}
		m.follow = append(m.follow, re)
	}
	if m.IDs != "" {
		re, err := regexp.Compile(m.IDs)
		if err != nil {
			return nil, bad("ids", err)
		}
		m.ids = re
	}
	if m.Detect.Generator != "" {
		if _, err := regexp.Compile(m.Detect.Generator); err != nil {
			return nil, bad("generator", err)
		}
	}
	if m.Select.Content == "" || m.Select.Title == "" {
		return nil, fmt.Errorf("mapping %s: select.title and select.content are required", file)
	}
	return &m, nil
}

func lineOf(data []byte, key string) int {
	for i, l := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), key+":") {
			return i + 1
		}
	}
	return 0
}

// Choose picks the built-in mapping for a page from its generator meta
// tag, then from the markers in its source; the generic heuristics when
// none matches. It says why.
func Choose(page, generator string) (*Mapping, string) {
	var all []*Mapping
	for _, name := range Names() {
		if m, err := Builtin(name); err == nil {
			all = append(all, m)
		}
	}
	for _, m := range all {
		if g := m.Detect.Generator; g != "" && generator != "" && regexp.MustCompile(g).MatchString(generator) {
			return m, fmt.Sprintf("the %s mapping, from the generator %q", m.Name, generator)
		}
	}
	for _, m := range all {
		for _, mk := range m.Detect.Markers {
			if strings.Contains(page, mk) {
				return m, fmt.Sprintf("the %s mapping, from %q in the page", m.Name, mk)
			}
		}
	}
	return Generic(), "no mapping recognised the site: main content found by heuristics"
}

// Follows reports whether the crawler walks a listing page's links: one
// of the mapping's follow patterns matches its URL. Start pages, posts and
// pages are walked whatever their URL (see mappings/README.md).
// A folder's index file (/tags/go/index.html, as wget --convert-links and
// HTTrack write links) is matched as the folder (/tags/go/).
func (m *Mapping) Follows(u string) bool {
	folder := reIndexFile.ReplaceAllString(u, "/$1")
	for _, re := range m.follow {
		if re.MatchString(u) || re.MatchString(folder) {
			return true
		}
	}
	return false
}

var reIndexFile = regexp.MustCompile(`/index\.html?(\?|$)`)
