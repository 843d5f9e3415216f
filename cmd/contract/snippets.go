package main

import (
	"bytes"
	"io"
	"sync"
)

// snippetHeading starts godog's closing advice on undefined steps: Go
// functions to paste into step definitions. The runner prints the file,
// line and closest defined step instead, for QA engineers who write no Go.
var snippetHeading = []byte("You can implement step definitions for undefined steps")

// snippetFilter passes godog's output through until the snippet heading,
// then drops the heading and everything after it, which godog writes last.
// godog's colourless writer sends one character per call, so the filter
// holds back only the bytes that could start the heading.
type snippetFilter struct {
	mu       sync.Mutex
	w        io.Writer
	held     []byte // a possible start of the heading, not written yet
	dropping bool
}

func newSnippetFilter(w io.Writer) *snippetFilter {
	return &snippetFilter{w: w}
}

// Write passes p on, except a possible start of the heading, which it
// holds until the next bytes show whether the heading follows.
func (f *snippetFilter) Write(p []byte) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()

	if f.dropping {
		return len(p), nil
	}
	f.held = append(f.held, p...)
	if bytes.Contains(f.held, snippetHeading) {
		f.dropping = true
		f.held = nil
		return len(p), nil
	}

	keep := partialHeading(f.held)
	out := f.held[:len(f.held)-keep]
	if _, err := f.w.Write(out); err != nil {
		return 0, err
	}
	f.held = append(f.held[:0], f.held[len(out):]...)
	return len(p), nil
}

// partialHeading returns the length of the longest end of b that is a
// start of the heading.
func partialHeading(b []byte) int {
	for n := min(len(b), len(snippetHeading)-1); n > 0; n-- {
		if bytes.HasPrefix(snippetHeading, b[len(b)-n:]) {
			return n
		}
	}
	return 0
}

// flush writes the bytes held back as a possible start of the heading.
func (f *snippetFilter) flush() error {
	f.mu.Lock()
	defer f.mu.Unlock()

	if f.dropping || len(f.held) == 0 {
		return nil
	}
	_, err := f.w.Write(f.held)
	f.held = nil
	return err
}
