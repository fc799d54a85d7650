package archive

import (
	"bytes"
	"fmt"
	"time"

	"github.com/goccy/go-yaml"
	"github.com/pelletier/go-toml/v2"
)

// FrontMatter is written through a real encoder from this struct, so key
// order is stable: the keys of the archive contract, in its order.
type FrontMatter struct {
	Title      string    `yaml:"title" toml:"title"`
	Date       time.Time `yaml:"date,omitempty" toml:"date,omitempty"`
	Lastmod    time.Time `yaml:"lastmod,omitempty" toml:"lastmod,omitempty"`
	Slug       string    `yaml:"slug,omitempty" toml:"slug,omitempty"`
	Authors    []string  `yaml:"authors,omitempty,flow" toml:"authors,omitempty"`
	Categories []string  `yaml:"categories,omitempty,flow" toml:"categories,omitempty"`
	Tags       []string  `yaml:"tags,omitempty,flow" toml:"tags,omitempty"`
	Summary    string    `yaml:"summary,omitempty" toml:"summary,omitempty"`
	Image      string    `yaml:"image,omitempty" toml:"image,omitempty"`
	Aliases    []string  `yaml:"aliases,omitempty,flow" toml:"aliases,omitempty"`
	// RedirectFrom repeats Aliases for the jekyll layout (jekyll-redirect-from).
	RedirectFrom []string `yaml:"redirect_from,omitempty,flow" toml:"redirect_from,omitempty"`
	SourceURL    string   `yaml:"source_url,omitempty" toml:"source_url,omitempty"`
	WordPressID  int64    `yaml:"wordpress_id,omitempty" toml:"wordpress_id,omitempty"`
	Draft        bool     `yaml:"draft,omitempty" toml:"draft,omitempty"`
	URL          string   `yaml:"url,omitempty" toml:"url,omitempty"`             // hugo and plain, with --permalink
	Permalink    string   `yaml:"permalink,omitempty" toml:"permalink,omitempty"` // jekyll, with --permalink
}

// Format is the front matter syntax.
type Format string

const (
	YAML Format = "yaml"
	TOML Format = "toml"
)

// render returns the whole Markdown file: front matter, blank line, body.
func (f Format) render(fm FrontMatter, body string) ([]byte, error) {
	var b bytes.Buffer
	switch f {
	case TOML:
		out, err := toml.Marshal(fm)
		if err != nil {
			return nil, fmt.Errorf("front matter: %w", err)
		}
		b.WriteString("+++\n")
		b.Write(out)
		b.WriteString("+++\n")
	default:
		out, err := yaml.MarshalWithOptions(fm, yaml.UseSingleQuote(false))
		if err != nil {
			return nil, fmt.Errorf("front matter: %w", err)
		}
		b.WriteString("---\n")
		b.Write(out)
		b.WriteString("---\n")
	}
	if body != "" {
		b.WriteString("\n")
		b.WriteString(body)
	}
	return b.Bytes(), nil
}

// ReadFrontMatter reads back a file written by render and returns its
// front matter and body; verify uses it to prove every front matter parses.
func ReadFrontMatter(data []byte) (FrontMatter, string, error) {
	var fm FrontMatter
	var unmarshal func([]byte, any) error
	switch {
	case bytes.HasPrefix(data, []byte("---\n")):
		unmarshal = yaml.Unmarshal
	case bytes.HasPrefix(data, []byte("+++\n")):
		unmarshal = toml.Unmarshal
	default:
		return fm, "", fmt.Errorf("front matter: none")
	}
	fence := data[:3]
	end := bytes.Index(data[4:], append(append([]byte{'\n'}, fence...), '\n'))
	if end < 0 {
		return fm, "", fmt.Errorf("front matter: no closing %s", fence)
	}
	if err := unmarshal(data[4:4+end+1], &fm); err != nil {
		return fm, "", err
	}
	return fm, string(data[4+end+5:]), nil
}
