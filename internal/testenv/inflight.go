package testenv

import (
	"sync"
	"time"
)

// InFlight counts the requests a test server is answering, and the most
// at once. Wait holds a request until Want are in flight together (once;
// a second long at most), so that a pool of Want workers shows as Want.
type InFlight struct {
	mu        sync.Mutex
	now, most int
	want      int
	full      chan struct{}
}

// NewInFlight counts for a pool expected to be want wide.
func NewInFlight(want int) *InFlight { return &InFlight{want: want, full: make(chan struct{})} }

// Wait is called as a request arrives; the function it returns, as it is
// answered.
func (f *InFlight) Wait() func() {
	f.mu.Lock()
	f.now++
	f.most = max(f.most, f.now)
	if f.now == f.want {
		select {
		case <-f.full:
		default:
			close(f.full)
		}
	}
	f.mu.Unlock()
	select {
	case <-f.full:
	case <-time.After(time.Second):
	}
	time.Sleep(5 * time.Millisecond) // room for a request more than the pool allows to arrive
	return func() {
		f.mu.Lock()
		f.now--
		f.mu.Unlock()
	}
}

// Most is the most requests answered at once so far.
func (f *InFlight) Most() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.most
}
