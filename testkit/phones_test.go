package testkit_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/dirtylemon/api-sandbox/testkit"
)

func TestPhoneGeneratorUniqueNumbers(t *testing.T) {
	g, err := testkit.NewPhoneGenerator("+1202555###")
	if err != nil {
		t.Fatal(err)
	}

	var mu sync.Mutex
	seen := map[string]bool{}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 250 {
				n, err := g.Next()
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				if seen[n] {
					t.Errorf("number %s handed out twice", n)
				}
				seen[n] = true
				mu.Unlock()
			}
		})
	}
	wg.Wait()

	if len(seen) != 1000 {
		t.Errorf("got %d distinct numbers, want 1000", len(seen))
	}
	if _, err := g.Next(); err == nil {
		t.Error("got a number after the range was used up, want an error")
	}
}

func TestPhoneGeneratorFillsTemplate(t *testing.T) {
	g, err := testkit.NewPhoneGenerator(testkit.DefaultPhoneTemplate)
	if err != nil {
		t.Fatal(err)
	}
	n, err := g.Next()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(n, "+1202555") || len(n) != len("+12025550143") {
		t.Errorf("got %q, want +1202555 and four digits", n)
	}
	if got := g.Region(); got != "US" {
		t.Errorf("got region %q, want US", got)
	}
}

func TestPhoneGeneratorRegion(t *testing.T) {
	cases := []struct {
		title    string
		template string
		want     string
	}{
		{"United States", "+1202555####", "US"},
		{"Canada shares +1", "+1416555####", "CA"},
		{"United Kingdom", "+44207946####", "GB"},
		{"France", "+3317####", "FR"},
	}
	for _, tc := range cases {
		t.Run(tc.title, func(t *testing.T) {
			g, err := testkit.NewPhoneGenerator(tc.template)
			if err != nil {
				t.Fatal(err)
			}
			if got := g.Region(); got != tc.want {
				t.Errorf("got region %q, want %q", got, tc.want)
			}
		})
	}
}

func TestPhoneGeneratorRandomStart(t *testing.T) {
	first := map[string]bool{}
	for range 5 {
		g, err := testkit.NewPhoneGenerator(testkit.DefaultPhoneTemplate)
		if err != nil {
			t.Fatal(err)
		}
		n, _ := g.Next()
		first[n] = true
	}
	if len(first) < 2 {
		t.Errorf("five generators all started at %v, want random starts", first)
	}
}

// TestPhoneGeneratorDrawsFromWholeRange checks that one run's numbers are
// spread over the range instead of forming a block: a block left by an
// earlier run would otherwise catch a later run's numbers.
func TestPhoneGeneratorDrawsFromWholeRange(t *testing.T) {
	g, err := testkit.NewPhoneGenerator("+1202555####")
	if err != nil {
		t.Fatal(err)
	}

	thousands := map[byte]bool{}
	for range 200 {
		n, err := g.Next()
		if err != nil {
			t.Fatal(err)
		}
		thousands[n[len("+1202555")]] = true
	}

	// 200 numbers in one block span at most two of the ten thousands. Drawn
	// at random, they miss one of the ten with a probability of about 1e-8.
	if len(thousands) < 10 {
		t.Errorf("200 numbers fall in %d of the 10 thousands of the range, want all 10", len(thousands))
	}
}

func TestPhoneGeneratorRejectsBadTemplates(t *testing.T) {
	cases := []struct {
		title    string
		template string
	}{
		{"no plus", "1202555####"},
		{"no placeholder", "+12025550143"},
		{"letters", "+1202555abcd"},
		{"spaces", "+1 202 555 ####"},
		{"too many placeholders", "+1################"},
		{"unknown calling code", "+999####"},
		{"calling code of no country", "+800123####"},
	}
	for _, tc := range cases {
		t.Run(tc.title, func(t *testing.T) {
			if _, err := testkit.NewPhoneGenerator(tc.template); err == nil {
				t.Errorf("template %q was accepted, want an error", tc.template)
			}
		})
	}
}

func TestWritePhone(t *testing.T) {
	cases := []struct {
		title   string
		pattern string
		want    string
	}{
		{"punctuation", "(###) ###-####", "(202) 555-0143"},
		{"dots", "###.###.####", "202.555.0143"},
		{"international", "+1 ### ### ####", "+1 202 555 0143"},
	}
	for _, tc := range cases {
		t.Run(tc.title, func(t *testing.T) {
			got, err := testkit.WritePhone("+12025550143", tc.pattern)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}

	if _, err := testkit.WritePhone("+12025550143", "###-####"); err == nil {
		t.Error("a pattern with too few # was accepted, want an error")
	}
}

func TestWritePhoneInScript(t *testing.T) {
	cases := []struct {
		script string
		want   string
	}{
		{"Arabic-Indic", "+١٢٠٢٥٥٥٠١٤٣"},
		{"fullwidth", "+１２０２５５５０１４３"},
	}
	for _, tc := range cases {
		t.Run(tc.script, func(t *testing.T) {
			got, err := testkit.WritePhoneInScript("+12025550143", tc.script)
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}
