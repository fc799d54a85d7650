package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/blogport/blogport/internal/extract"
	"github.com/blogport/blogport/internal/fetch"
	"github.com/blogport/blogport/mappings"
	"github.com/spf13/cobra"
)

func newMappingsCmd(g *Globals) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "mappings <list|show|test>",
		Short: "List, show and test the site mappings the crawler uses",
		Long: `A mapping tells the crawler how to recognise a blog engine's pages and where
a post's fields are on them. blogport has built-in mappings, chosen from a
site's generator tag and markup; for a site they do not know, write a YAML
file (see mappings/README.md), try it on one page with "mappings test", and
pull with --mapping.

` + exitCodeHelp,
		Example: `  $ blogport mappings list
  $ blogport mappings show jekyll
  $ blogport mappings test https://blog.example.com/2024/03/12/a-post/ --mapping my-site.yaml`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	var file string
	var asJSON bool
	list := &cobra.Command{
		Use: "list", Short: "List the built-in mappings", Args: cobra.NoArgs,
		Example: "  $ blogport mappings list",
		RunE: func(cmd *cobra.Command, _ []string) error {
			for _, n := range extract.Names() {
				m, err := extract.Builtin(n)
				if err != nil {
					return err
				}
				fmt.Fprintf(g.Out, "%-10s %s\n", n, m.Description)
			}
			fmt.Fprintf(g.Out, "%-10s %s\n", "generic", extract.Generic().Description)
			return nil
		},
	}
	show := &cobra.Command{
		Use: "show <name>", Short: "Print a built-in mapping", Args: cobra.ExactArgs(1),
		Example: "  $ blogport mappings show wordpress",
		RunE: func(cmd *cobra.Command, args []string) error {
			data, err := fs.ReadFile(mappings.FS, args[0]+".yaml")
			if err != nil {
				return errUsage{fmt.Errorf("mappings: no built-in mapping %q (see blogport mappings list)", args[0])}
			}
			_, err = g.Out.Write(data)
			return err
		},
	}
	test := &cobra.Command{
		Use: "test <url> [--mapping FILE]", Short: "Show what a mapping extracts from one page", Args: cobra.ExactArgs(1),
		Example: "  $ blogport mappings test https://blog.example.com/a-post/ --mapping my-site.yaml",
		RunE: func(cmd *cobra.Command, args []string) error {
			return runMappingsTest(cmd.Context(), g, args[0], file, asJSON)
		},
	}
	test.Flags().StringVar(&file, "mapping", "", "a mapping file to test instead of the built-in choice")
	test.Flags().BoolVar(&asJSON, "json", false, "print the result as JSON on stdout")
	cmd.AddCommand(list, show, test)
	return cmd
}

type mappingTest struct {
	Mapping    string   `json:"mapping"`
	Why        string   `json:"why"`
	Kind       string   `json:"kind"`
	ID         int64    `json:"id,omitempty"`
	Title      string   `json:"title"`
	Date       string   `json:"date,omitempty"`
	Modified   string   `json:"modified,omitempty"`
	Authors    []string `json:"authors"`
	Categories []string `json:"categories"`
	Tags       []string `json:"tags"`
	Cover      string   `json:"cover,omitempty"`
	Content    string   `json:"content"` // its text, shortened
	Follow     []string `json:"follow"`  // listing pages the crawler walks from here
	Links      int      `json:"links"`   // other pages of the site linked here
}

func runMappingsTest(ctx context.Context, g *Globals, raw, file string, asJSON bool) error {
	page, base, err := loadTestPage(ctx, g, raw)
	if err != nil {
		return err
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(page))
	if err != nil {
		return err
	}
	var m *extract.Mapping
	why := "as asked"
	if file != "" {
		data, err := os.ReadFile(file)
		if err != nil {
			return err
		}
		if m, err = extract.Parse(filepath.Base(file), data); err != nil {
			return errUsage{err}
		}
	} else {
		gen, _ := doc.Find(`meta[name="generator"]`).First().Attr("content")
		m, why = extract.Choose(page, gen)
	}
	out := testMapping(m, why, doc, base)
	if asJSON {
		return writeJSON(g.Out, out)
	}
	printMappingTest(g.Out, out)
	if out.Kind == "" {
		return errors.New("mappings test: the mapping does not take this page for a post or page")
	}
	return nil
}

// loadTestPage reads the page to test: an address, or a saved page.
func loadTestPage(ctx context.Context, g *Globals, raw string) (string, *url.URL, error) {
	u, err := url.Parse(raw)
	var page string
	var base *url.URL
	switch {
	case err == nil && (u.Scheme == "http" || u.Scheme == "https"):
		c := fetch.New(fetch.Options{UserAgent: userAgent(), Hosts: []string{u.Host}, Log: g.logger()})
		resp, err := c.Get(ctx, raw)
		if err != nil {
			return "", nil, err
		}
		page, err = resp.Text()
		if err != nil {
			return "", nil, err
		}
		base = resp.URL
	default: // a saved page
		data, err := os.ReadFile(raw)
		if err != nil {
			return "", nil, err
		}
		page, _, _ = fetch.Text(data, "")
		base = &url.URL{Scheme: "file", Path: filepath.ToSlash(raw)}
	}
	return page, base, nil
}

// testMapping is what the mapping reads from the page.
func testMapping(m *extract.Mapping, why string, doc *goquery.Document, base *url.URL) mappingTest {
	f := m.Extract(doc)
	out := mappingTest{Mapping: m.Name, Why: why, Kind: f.Kind, ID: f.ID, Title: f.Title, Authors: nonNilS(f.Authors),
		Categories: nonNilS(f.Categories), Tags: nonNilS(f.Tags), Cover: f.Cover, Follow: []string{}}
	if !f.Date.IsZero() {
		out.Date = f.Date.Format(time.RFC3339)
	}
	if !f.Modified.IsZero() {
		out.Modified = f.Modified.Format(time.RFC3339)
	}
	cd, _ := goquery.NewDocumentFromReader(strings.NewReader(f.Content))
	text := strings.Join(strings.Fields(cd.Text()), " ")
	if len([]rune(text)) > 300 {
		text = string([]rune(text)[:300]) + "…"
	}
	out.Content = text
	seen := map[string]bool{}
	doc.Find("a[href]").Each(func(_ int, s *goquery.Selection) {
		href, _ := s.Attr("href")
		l, err := base.Parse(strings.TrimSpace(href))
		if err != nil || l.Host != base.Host || seen[l.String()] {
			return
		}
		seen[l.String()] = true
		if m.Follows(l.String()) {
			out.Follow = append(out.Follow, l.String())
		} else {
			out.Links++
		}
	})
	sort.Strings(out.Follow)
	return out
}

func printMappingTest(w io.Writer, out mappingTest) {
	fmt.Fprintf(w, "mapping:    %s (%s)\nkind:       %s\n", out.Mapping, out.Why, orDash(out.Kind))
	if out.ID != 0 {
		fmt.Fprintf(w, "id:         %d\n", out.ID)
	}
	fmt.Fprintf(w, "title:      %s\ndate:       %s\nmodified:   %s\nauthors:    %s\ncategories: %s\ntags:       %s\ncover:      %s\ncontent:    %s\n",
		orDash(out.Title), orDash(out.Date), orDash(out.Modified), orDash(strings.Join(out.Authors, ", ")),
		orDash(strings.Join(out.Categories, ", ")), orDash(strings.Join(out.Tags, ", ")), orDash(out.Cover), orDash(out.Content))
	fmt.Fprintf(w, "follows:    %d listing pages, and %d other links of the site\n", len(out.Follow), out.Links)
	for _, l := range out.Follow {
		fmt.Fprintf(w, "  %s\n", l)
	}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func nonNilS(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}
