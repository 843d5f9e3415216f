package main

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// lockedBuffer is a bytes.Buffer that is safe for concurrent use and
// counts the Write calls it gets.
type lockedBuffer struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	writes int
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.writes++
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestLogWriterKeepsEveryLineInOrder(t *testing.T) {
	out := &lockedBuffer{}
	w := newLogWriter(out)

	const writers, lines = 8, 500
	var wg sync.WaitGroup
	for g := range writers {
		wg.Go(func() {
			for i := range lines {
				fmt.Fprintf(w, "writer=%d line=%d\n", g, i)
			}
		})
	}
	wg.Wait()
	w.Close()

	next := make([]int, writers)
	got := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(got) != writers*lines {
		t.Fatalf("got %d lines, want %d", len(got), writers*lines)
	}
	for _, line := range got {
		var g, i int
		if _, err := fmt.Sscanf(line, "writer=%d line=%d", &g, &i); err != nil {
			t.Fatalf("line %q is not one whole line: %v", line, err)
		}
		if i != next[g] {
			t.Fatalf("writer %d: got line %d, want line %d", g, i, next[g])
		}
		next[g]++
	}
}

func TestLogWriterFlushWritesQueuedLines(t *testing.T) {
	out := &lockedBuffer{}
	w := newLogWriter(out)
	defer w.Close()

	for i := range 100 {
		fmt.Fprintf(w, "line %d\n", i)
	}
	w.Flush()

	if got := strings.Count(out.String(), "\n"); got != 100 {
		t.Errorf("after Flush: got %d lines written, want 100", got)
	}
}

func TestLogWriterWritesThroughAfterClose(t *testing.T) {
	out := &lockedBuffer{}
	w := newLogWriter(out)

	fmt.Fprint(w, "before\n")
	w.Close()
	if got := out.String(); got != "before\n" {
		t.Fatalf("after Close: got %q, want %q", got, "before\n")
	}

	fmt.Fprint(w, "after\n")
	w.Flush()
	w.Close()
	if got := out.String(); got != "before\nafter\n" {
		t.Errorf("write after Close: got %q, want %q", got, "before\nafter\n")
	}
}

// blockingWriter holds every Write until release is closed.
type blockingWriter struct {
	lockedBuffer
	started chan struct{} // closed by the first Write
	once    sync.Once
	release chan struct{}
}

func (b *blockingWriter) Write(p []byte) (int, error) {
	b.once.Do(func() { close(b.started) })
	<-b.release
	return b.lockedBuffer.Write(p)
}

func TestLogWriterBatchesLinesDuringAWrite(t *testing.T) {
	out := &blockingWriter{started: make(chan struct{}), release: make(chan struct{})}
	w := newLogWriter(out)

	fmt.Fprint(w, "first\n")
	<-out.started
	for i := range 50 {
		fmt.Fprintf(w, "queued %d\n", i)
	}
	close(out.release)
	w.Close()

	if got := strings.Count(out.String(), "\n"); got != 51 {
		t.Errorf("got %d lines, want 51", got)
	}
	if out.writes != 2 {
		t.Errorf("got %d writes, want 2: the first line, then the 50 queued during it", out.writes)
	}
}

func TestLogWriterBoundsPendingBytes(t *testing.T) {
	out := &blockingWriter{started: make(chan struct{}), release: make(chan struct{})}
	w := newLogWriter(out)
	defer w.Close()
	defer close(out.release)

	line := strings.Repeat("x", 1023) + "\n"
	total := 3 * maxPendingLog / len(line)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range total {
			fmt.Fprint(w, line)
		}
	}()
	<-out.started

	// While out is blocked, the queue fills up to the limit and the
	// writing goroutine then waits: it cannot finish, and the queue never
	// passes the limit.
	for range 10_000_000 {
		select {
		case <-done:
			t.Fatalf("all %d lines were queued while out was blocked, want the writer held at %d bytes", total, maxPendingLog)
		default:
		}
		w.mu.Lock()
		pending := len(w.pending)
		w.mu.Unlock()
		if pending > maxPendingLog {
			t.Fatalf("got %d bytes pending, want at most %d", pending, maxPendingLog)
		}
		if pending+len(line) > maxPendingLog {
			return
		}
		runtime.Gosched()
	}
	t.Fatal("the queue did not fill up while out was blocked")
}
