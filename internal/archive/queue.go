package archive

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"runtime"
	"sync"

	"github.com/blogport/blogport/internal/atomicfile"
)

// queue writes the archive's files on a few goroutines, so that the
// system calls of one file (compare, create, write, rename) run beside
// the work on the next item instead of after it. What is written where is
// decided before a file is queued, so the archive does not depend on the
// order the writes finish in; the first error is returned by the next
// put or by wait.
type queue struct {
	slots chan struct{} // one per write in flight: the bytes held are bounded
	wg    sync.WaitGroup
	batch atomicfile.Batch

	mu        sync.Mutex
	inFlight  map[string]chan struct{} // closed when the write of that file is done
	err       error
	written   []string
	unchanged int
}

func newQueue() *queue {
	return &queue{slots: make(chan struct{}, 2*runtime.GOMAXPROCS(0)), inFlight: map[string]chan struct{}{}}
}

// put writes data to full (rel in the archive) atomically, unless the file
// already holds it. A file queued again while its first write is in
// flight is written in order: the second write waits for the first.
func (q *queue) put(full, rel string, data []byte) error {
	if err := q.failed(); err != nil {
		return err
	}
	q.slots <- struct{}{}
	q.mu.Lock()
	before, done := q.inFlight[rel], make(chan struct{})
	q.inFlight[rel] = done
	q.mu.Unlock()
	q.wg.Go(func() {
		defer func() { <-q.slots }()
		if before != nil {
			<-before
		}
		wrote, err := q.write(full, data)
		q.record(rel, wrote, err)
		q.mu.Lock()
		if q.inFlight[rel] == done {
			delete(q.inFlight, rel)
		}
		q.mu.Unlock()
		close(done)
	})
	return nil
}

// write reports whether it wrote (false: the file was unchanged).
func (q *queue) write(full string, data []byte) (bool, error) {
	if old, err := os.ReadFile(full); err == nil && bytes.Equal(old, data) {
		return false, nil
	}
	return true, q.batch.Write(full, data)
}

func (q *queue) record(rel string, wrote bool, err error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	switch {
	case err != nil:
		if q.err == nil {
			q.err = err
		}
	case wrote:
		q.written = append(q.written, rel)
	default:
		q.unchanged++
	}
}

func (q *queue) failed() error {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.err
}

// wait returns once every queued write is done, with the first error.
func (q *queue) wait() error {
	q.wg.Wait()
	return q.failed()
}

// sync waits for the writes and makes them durable.
func (q *queue) sync() error {
	if err := q.wait(); err != nil {
		return err
	}
	return q.batch.Sync()
}

// putFunc writes what fill writes to full (rel in the archive), at once
// and atomically, unless the file already holds exactly that: for a file
// too big to hold in memory (the manifest), compared as it is produced.
func (q *queue) putFunc(full, rel string, fill func(io.Writer) error) error {
	same, err := holds(full, fill)
	if err == nil && !same {
		err = q.batch.WriteFunc(full, fill)
	}
	q.record(rel, !same, err)
	return err
}

// errDiffers stops a comparison at the first byte that differs.
var errDiffers = errors.New("differs")

// holds reports whether the file full holds exactly what fill writes.
func holds(full string, fill func(io.Writer) error) (bool, error) {
	f, err := os.Open(full)
	if err != nil {
		return false, nil // no file to keep: written anew
	}
	defer f.Close()
	c := &comparer{old: bufio.NewReaderSize(f, 1<<16)}
	switch err := fill(c); {
	case errors.Is(err, errDiffers):
		return false, nil
	case err != nil:
		return false, err
	}
	_, err = c.old.ReadByte()
	return err == io.EOF, nil // the old file must end here too
}

// comparer is a writer that checks what it is given against old.
type comparer struct {
	old *bufio.Reader
	buf []byte
}

func (c *comparer) Write(p []byte) (int, error) {
	if cap(c.buf) < len(p) {
		c.buf = make([]byte, len(p))
	}
	b := c.buf[:len(p)]
	if _, err := io.ReadFull(c.old, b); err != nil || !bytes.Equal(b, p) {
		return 0, errDiffers
	}
	return len(p), nil
}
