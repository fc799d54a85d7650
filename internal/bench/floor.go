package bench

import (
	"bufio"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/base"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/commonmark"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/table"
)

// floorItem is what the floor reads of an export's item.
type floorItem struct {
	Title   string `xml:"title"`
	ID      int64  `xml:"http://wordpress.org/export/1.2/ post_id"`
	Date    string `xml:"http://wordpress.org/export/1.2/ post_date"`
	Type    string `xml:"http://wordpress.org/export/1.2/ post_type"`
	Status  string `xml:"http://wordpress.org/export/1.2/ status"`
	Content string `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
}

// Floor is the library floor blogport is compared against: it
// stream-decodes the export with encoding/xml, converts the content of
// every published post and page with html-to-markdown on GOMAXPROCS
// workers (one converter each) and writes one file per item, without
// fsync. It returns how many files it wrote.
func Floor(ctx context.Context, export, out string) (int, error) {
	f, err := os.Open(export)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	for _, kind := range []string{"post", "page"} {
		if err := os.MkdirAll(filepath.Join(out, kind), 0o755); err != nil {
			return 0, err
		}
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan floorItem, 64)
	errs := make([]error, runtime.GOMAXPROCS(0))
	var written atomic.Int64
	var wg sync.WaitGroup
	for i := range errs {
		wg.Go(func() {
			if errs[i] = floorWorker(ctx, jobs, out, &written); errs[i] != nil {
				cancel()
			}
		})
	}
	err = readItems(ctx, f, jobs)
	close(jobs)
	wg.Wait()
	if err != nil {
		return int(written.Load()), fmt.Errorf("floor %s: %w", export, err)
	}
	return int(written.Load()), errors.Join(errs...)
}

// readItems sends every published post and page of the export to jobs.
func readItems(ctx context.Context, r io.Reader, jobs chan<- floorItem) error {
	d := xml.NewDecoder(bufio.NewReaderSize(r, 1<<20))
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			line, _ := d.InputPos()
			return fmt.Errorf("line %d: %w", line, err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "item" {
			continue
		}
		var it floorItem
		if err := d.DecodeElement(&it, &se); err != nil {
			return err
		}
		if it.Status != "publish" || it.Type != "post" && it.Type != "page" {
			continue
		}
		select {
		case jobs <- it:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// floorWorker converts and writes items until jobs is closed.
func floorWorker(ctx context.Context, jobs <-chan floorItem, out string, written *atomic.Int64) error {
	conv := converter.NewConverter(converter.WithPlugins(
		base.NewBasePlugin(), commonmark.NewCommonmarkPlugin(), table.NewTablePlugin()))
	var err error
	for it := range jobs {
		if err != nil {
			continue // drain, so that the reader is never stuck
		}
		var md string
		md, err = conv.ConvertString(it.Content, converter.WithContext(ctx))
		if err != nil {
			err = fmt.Errorf("item %d: %w", it.ID, err)
			continue
		}
		doc := fmt.Sprintf("---\ntitle: %q\ndate: %q\n---\n\n%s\n", it.Title, it.Date, md)
		name := filepath.Join(out, it.Type, fmt.Sprintf("%d.md", it.ID))
		if err = os.WriteFile(name, []byte(doc), 0o644); err == nil {
			written.Add(1)
		}
	}
	return err
}
