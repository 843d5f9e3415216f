package main

import (
	"bytes"
	"testing"
)

func TestSnippetFilter(t *testing.T) {
	cases := []struct {
		title string
		in    string
		want  string
	}{
		{"plain output", "3 scenarios (3 passed)\n", "3 scenarios (3 passed)\n"},
		{"snippets dropped", "1 scenarios (1 undefined)\n\nYou can implement step definitions for undefined steps with these snippets:\nfunc a() error {\n", "1 scenarios (1 undefined)\n\n"},
		{"text like the heading kept", "You can read the report.\n", "You can read the report.\n"},
		{"start of the heading at the end", "done\nYou can", "done\nYou can"},
	}
	for _, tc := range cases {
		t.Run(tc.title, func(t *testing.T) {
			var out bytes.Buffer
			f := newSnippetFilter(&out)

			// godog's colourless writer sends one character per call.
			for i := range len(tc.in) {
				if _, err := f.Write([]byte{tc.in[i]}); err != nil {
					t.Fatal(err)
				}
			}
			if err := f.flush(); err != nil {
				t.Fatal(err)
			}

			if got := out.String(); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
