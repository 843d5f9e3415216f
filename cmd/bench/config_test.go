package main

import (
	"io"
	"slices"
	"testing"
	"time"
)

func TestQuickDefaultsYieldToFlags(t *testing.T) {
	cfg, err := parseConfig([]string{"--sandbox", "sb", "--quick", "--rounds", "2"}, io.Discard)
	if err != nil {
		t.Fatalf("parse: %v", err)
	}

	if cfg.rounds != 2 {
		t.Errorf("rounds: got %d, want 2 (given on the command line)", cfg.rounds)
	}
	if cfg.duration != 250*time.Millisecond {
		t.Errorf("duration: got %v, want the quick 250ms", cfg.duration)
	}
	if !slices.Equal(cfg.memoryCounts, []int{20_000}) {
		t.Errorf("memory: got %v, want the quick [20000]", cfg.memoryCounts)
	}
}

func TestFullDefaults(t *testing.T) {
	cfg, err := parseConfig([]string{"--sandbox", "sb"}, io.Discard)
	if err != nil {
		t.Fatalf("parse: %v", err)
	}

	if !slices.Equal(cfg.clients, []int{1, 8, 32}) {
		t.Errorf("clients: got %v, want [1 8 32]", cfg.clients)
	}
	if !slices.Equal(cfg.memoryCounts, []int{100_000, 1_000_000}) {
		t.Errorf("memory: got %v, want [100000 1000000]", cfg.memoryCounts)
	}
	if cfg.rounds != 3 {
		t.Errorf("rounds: got %d, want 3", cfg.rounds)
	}
}

func TestParseCounts(t *testing.T) {
	tests := []struct {
		name    string
		list    string
		want    []int
		wantErr bool
	}{
		{"empty", "", nil, false},
		{"spaces and blanks", " 1, ,8 ,32", []int{1, 8, 32}, false},
		{"not a number", "1,x", nil, true},
		{"below minimum", "0", nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := parseCounts("clients", tc.list, 1)
			if (err != nil) != tc.wantErr {
				t.Fatalf("error: got %v, want error %v", err, tc.wantErr)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}
