package main

import (
	"io"
	"sync"
	"time"
)

// maxPendingLog is the maximum number of bytes of log lines that wait for
// the writer goroutine. A caller that would pass it waits, so a stalled stderr slows
// the server down as it did without the goroutine, instead of growing the
// buffer without end.
const maxPendingLog = 1 << 20

// logBatchDelay is how long the writer goroutine waits after the first
// queued line before it writes, so that the lines of requests served
// meanwhile share the write system call. A line reaches out this much
// later than without the wait, or a little more when time.Sleep oversleeps.
const logBatchDelay = time.Millisecond

// logWriter passes log lines to out from one goroutine. Each request logs
// one line, and writing it to out directly costs the request a write
// system call before its response is flushed. The goroutine writes the
// lines queued within logBatchDelay of the first one, and those that
// arrive during a write, together, so under load many lines share one
// system call. Lines keep their order. Close writes
// what is pending; after it, writes go straight to out.
//
// NOTE: a fatal runtime error ends the process without Close, and the
// lines still queued at that moment are lost.
type logWriter struct {
	out io.Writer

	mu       sync.Mutex
	changed  sync.Cond // broadcast when pending grows or drains, and on Close
	pending  []byte
	writing  bool // the goroutine is writing a batch outside mu
	closing  bool // Close was called; the goroutine writes the rest and ends
	finished bool // the goroutine has ended
	done     chan struct{}
}

func newLogWriter(out io.Writer) *logWriter {
	w := &logWriter{out: out, done: make(chan struct{})}
	w.changed.L = &w.mu
	go w.run()
	return w
}

// Write queues p and returns at once, unless maxPendingLog bytes are
// already waiting. Errors of out are dropped, as log/slog drops the
// errors of its handlers.
func (w *logWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()

	if w.finished {
		_, _ = w.out.Write(p)
		return len(p), nil
	}
	for len(w.pending) > 0 && len(w.pending)+len(p) > maxPendingLog {
		w.changed.Wait()
	}
	w.pending = append(w.pending, p...)
	w.changed.Broadcast()
	return len(p), nil
}

// Flush waits until every line queued so far is written.
func (w *logWriter) Flush() {
	w.mu.Lock()
	defer w.mu.Unlock()
	for (len(w.pending) > 0 || w.writing) && !w.finished {
		w.changed.Wait()
	}
}

// Close writes the pending lines and stops the goroutine.
func (w *logWriter) Close() {
	w.mu.Lock()
	w.closing = true
	w.changed.Broadcast()
	w.mu.Unlock()
	<-w.done
}

// run writes one batch of pending lines at a time until Close, then the
// rest.
func (w *logWriter) run() {
	defer close(w.done)
	var batch []byte
	w.mu.Lock()
	defer w.mu.Unlock()
	for {
		for len(w.pending) == 0 && !w.closing {
			w.changed.Wait()
		}
		if len(w.pending) == 0 {
			w.finished = true
			w.changed.Broadcast()
			return
		}
		if !w.closing && len(w.pending) < maxPendingLog/2 {
			// Let the lines of concurrent requests join this batch.
			w.mu.Unlock()
			time.Sleep(logBatchDelay)
			w.mu.Lock()
		}
		batch, w.pending = w.pending, batch[:0]
		w.writing = true
		w.mu.Unlock()

		_, _ = w.out.Write(batch)

		w.mu.Lock()
		w.writing = false
		w.changed.Broadcast()
	}
}
