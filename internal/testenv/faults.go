package testenv

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"sync"
	"time"
)

// Fault is one way a server misbehaves on a request.
type Fault string

// The faults a Faults handler injects. Each answers in place of the site.
const (
	Status500   Fault = "500"              // 500 Internal Server Error
	Status503   Fault = "503"              // 503 with Retry-After: 1 (seconds)
	TooMany     Fault = "429"              // 429 with Retry-After: 1 (seconds)
	TooManyDate Fault = "429-date"         // 429 with Retry-After as an HTTP date, 1 s ahead
	Reset       Fault = "reset"            // the connection closed before any answer
	ShortBody   Fault = "short-body"       // Content-Length promises more than is sent
	Stall       Fault = "stall"            // the answer waits Faults.Stall before its headers
	GzipBomb    Fault = "gzip-bomb"        // gzip that inflates to Faults.BombBytes
	WrongType   Fault = "image/png"        // the site's answer, served as image/png
	Oversize    Fault = "oversize"         // the site's answer padded to Faults.BombBytes
	Loop        Fault = "redirect-loop"    // a redirect to itself
	Chain       Fault = "redirect-chain"   // 30 redirects before the page
	Missing     Fault = "404"              // 404 Not Found
	Empty       Fault = "empty-json-array" // 200 with [] (a listing page that lies)
)

// Transient faults, as Schedule picks them, go away after a request or
// two: a client that retries gets the page.
var transient = []Fault{Status500, Status503, TooMany, TooManyDate, Reset, ShortBody, Stall}

// Plan is the faults of a Faults handler: for each path, the fault and on
// how many requests it is served (0: every request).
type Plan map[string]Planned

// Planned is one path's fault.
type Planned struct {
	Fault Fault
	Times int // transient faults: the first Times requests; 0: always
}

// Schedule picks, from a seeded generator, a fault for about one path in
// every, transient ones (served once or twice) from transient and the
// rest from permanent; the same seed gives the same plan.
func Schedule(seed uint64, paths []string, every int, permanent []Fault) Plan {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	plan := Plan{}
	for _, p := range paths {
		if r.IntN(every) != 0 {
			continue
		}
		kinds := append(slices.Clone(transient), permanent...)
		k := r.IntN(len(kinds))
		plan[p] = Planned{Fault: kinds[k]}
		if k < len(transient) {
			plan[p] = Planned{Fault: kinds[k], Times: 1 + r.IntN(2)}
		}
	}
	return plan
}

// Faults serves Next, except on the requests its Plan names (by Key, the
// path unless set). It counts the requests of every key, so that a test
// can bound what a client asked.
type Faults struct {
	Next      http.Handler
	Plan      Plan
	Key       func(*http.Request) string // which plan entry a request is; default its path
	Stall     time.Duration              // default 1.5 s
	BombBytes int64                      // default 256 MiB

	mu    sync.Mutex
	count map[string]int
}

// SetPlan changes the faults, between two runs of a client.
func (f *Faults) SetPlan(p Plan) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.Plan = p
}

// Requests returns how many requests key got, and all keys together.
func (f *Faults) Requests(key string) (one, all int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, n := range f.count {
		all += n
	}
	return f.count[key], all
}

func (f *Faults) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	key := r.URL.Path
	if f.Key != nil {
		key = f.Key(r)
	}
	f.mu.Lock()
	if f.count == nil {
		f.count = map[string]int{}
	}
	f.count[key]++
	n := f.count[key]
	p, ok := f.Plan[key]
	f.mu.Unlock()
	if !ok || (p.Times > 0 && n > p.Times) {
		f.Next.ServeHTTP(w, r)
		return
	}
	f.serve(p.Fault, w, r)
}

func (f *Faults) serve(fault Fault, w http.ResponseWriter, r *http.Request) {
	switch fault {
	case Status500, Missing:
		code, _ := strconv.Atoi(string(fault))
		http.Error(w, "injected "+string(fault), code)
	case Status503, TooMany, TooManyDate:
		code := map[Fault]int{Status503: 503, TooMany: 429, TooManyDate: 429}[fault]
		after := "1"
		if fault == TooManyDate {
			after = time.Now().Add(1500 * time.Millisecond).UTC().Format(http.TimeFormat)
		}
		w.Header().Set("Retry-After", after)
		http.Error(w, "slow down", code)
	case Reset:
		hijack(w, nil)
	case ShortBody:
		hijack(w, []byte("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 5000\r\n\r\n<html><body><p>cut"))
	case Stall:
		time.Sleep(cmp.Or(f.Stall, 1500*time.Millisecond))
		f.Next.ServeHTTP(w, r)
	case GzipBomb:
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(bomb(cmp.Or(f.BombBytes, 256<<20)))
	case WrongType, Oversize:
		f.rewrite(fault, w, r)
	case Loop:
		http.Redirect(w, r, r.URL.Path, http.StatusFound)
	case Chain:
		hop, _ := strconv.Atoi(r.URL.Query().Get("hop"))
		if hop < 30 {
			http.Redirect(w, r, fmt.Sprintf("%s?hop=%d", r.URL.Path, hop+1), http.StatusMovedPermanently)
			return
		}
		f.Next.ServeHTTP(w, r)
	case Empty:
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte("[]"))
	default:
		panic("testenv: unknown fault " + fault)
	}
}

// rewrite serves the site's own answer, as image/png or padded past the
// size cap.
func (f *Faults) rewrite(fault Fault, w http.ResponseWriter, r *http.Request) {
	rec := httptest.NewRecorder()
	f.Next.ServeHTTP(rec, r)
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.Header().Del("Content-Length")
	if fault == WrongType {
		w.Header().Set("Content-Type", "image/png")
		w.WriteHeader(rec.Code)
		w.Write(rec.Body.Bytes())
		return
	}
	w.WriteHeader(rec.Code)
	w.Write(rec.Body.Bytes())
	pad := bytes.Repeat([]byte("<!-- padding -->\n"), 4096)
	for sent := int64(rec.Body.Len()); sent < cmp.Or(f.BombBytes, 256<<20); sent += int64(len(pad)) {
		if _, err := w.Write(pad); err != nil {
			return // the client gave up at its cap, as it should
		}
	}
}

// hijack writes raw (if any) on the bare connection and closes it.
func hijack(w http.ResponseWriter, raw []byte) {
	conn, buf, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(err)
	}
	if raw != nil {
		buf.Write(raw)
		buf.Flush()
	}
	conn.Close()
}

var (
	bombMu   sync.Mutex
	bombs    = map[int64][]byte{}
	zeroPage = make([]byte, 1<<20)
)

// bomb is gzip that inflates to n zero bytes (about n/1000 compressed).
func bomb(n int64) []byte {
	bombMu.Lock()
	defer bombMu.Unlock()
	if b, ok := bombs[n]; ok {
		return b
	}
	var out bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&out, gzip.BestCompression)
	for left := n; left > 0; left -= int64(len(zeroPage)) {
		zw.Write(zeroPage[:min(left, int64(len(zeroPage)))])
	}
	zw.Close()
	bombs[n] = out.Bytes()
	return bombs[n]
}
