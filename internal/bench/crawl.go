package bench

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"time"
)

const (
	toolCrawl = "blogport crawl"
	toolWget  = "wget --mirror"
)

// crawlSection serves a generated site on 127.0.0.1 and crawls it with
// blogport and, when it is on PATH, wget --mirror, interleaved.
func crawlSection(ctx context.Context, o *Options, work, bin string, rep *Report) (Section, error) {
	site := NewSite(o.Posts, o.Seed)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return Section{}, fmt.Errorf("serving the crawl site: %w", err)
	}
	srv := &http.Server{Handler: site, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	url := "http://" + ln.Addr().String() + "/"
	fmt.Fprintf(o.Err, "serving a site of %d posts at %s\n", site.Posts(), url)
	tools := []tool{crawlTool(bin, url, site.Posts())}
	if wget, err := o.LookPath("wget"); err == nil {
		tools = append(tools, wgetTool(wget, url, site.Posts()))
	} else {
		s := Skip{What: "wget comparison", Why: "wget is not on PATH"}
		fmt.Fprintf(o.Err, "skipped: %s: %s\n", s.What, s.Why)
		rep.Skipped = append(rep.Skipped, s)
	}
	samples, err := runAll(ctx, work, tools, o.Runs, o.Err)
	if err != nil {
		return Section{}, err
	}
	sec := Section{Name: "crawl", Checks: []Check{}, Input: fmt.Sprintf("a Jekyll (minima) site of %d posts, %d per listing page, on 127.0.0.1",
		site.Posts(), perListing)}
	sec.Stats = summariseAll(tools, samples)
	if len(samples) > 1 {
		sec.Checks = append(sec.Checks, check("wget / blogport, wall", paired(samples[1], samples[0], wallOf), "×", "≥", 5))
	}
	return sec, nil
}

// crawlTool crawls the site with eight connections, no delay and a
// fresh HTTP cache per run, so that no run is served from an earlier one.
func crawlTool(bin, url string, posts int) tool {
	return tool{name: toolCrawl, want: posts, argv: func(run string) []string {
		return []string{bin, "pull", url, "-o", filepath.Join(run, "out"), "--via", "crawl",
			"--concurrency", "8", "--delay", "0", "--assets", "keep", "--cache", filepath.Join(run, "cache")}
	}}
}

// wgetTool mirrors the site; its items are the posts' pages it saved.
func wgetTool(wget, url string, posts int) tool {
	return tool{name: toolWget, want: posts,
		argv: func(run string) []string {
			return []string{wget, "--mirror", "--no-verbose", "-P", filepath.Join(run, "out"), url}
		},
		count: func(out string) (int, error) {
			return countFiles(out, func(name string) bool {
				return strings.HasSuffix(name, ".html") && name != "index.html"
			})
		},
	}
}
