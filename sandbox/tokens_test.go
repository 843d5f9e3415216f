package sandbox

import (
	"regexp"
	"testing"
)

var (
	idShape    = regexp.MustCompile(`^cus_[a-z0-9]{24}$`)
	tokenShape = regexp.MustCompile(`^[0-9]{6}$`)
)

func TestEntropyModes(t *testing.T) {
	tests := []struct {
		name string
		opts Options
	}{
		{"random", Options{TokenMode: TokenModeRandom}},
		{"fixed", Options{TokenMode: TokenModeFixed, FixedToken: "000042"}},
		{"seeded", Options{TokenMode: TokenModeSeeded, Seed: 7}},
		{"deterministic", Options{TokenMode: TokenModeSeeded, Deterministic: true, Seed: 7}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEntropy(&tt.opts, "key")
			for range 50 {
				if id := e.newID("cus_"); !idShape.MatchString(id) {
					t.Fatalf("id %q does not match %s", id, idShape)
				}
				if tok := e.newToken(); !tokenShape.MatchString(tok) {
					t.Fatalf("token %q does not match %s", tok, tokenShape)
				}
			}
		})
	}
}

func TestFixedTokenIsConstant(t *testing.T) {
	e := newEntropy(&Options{TokenMode: TokenModeFixed, FixedToken: "000042"}, "key")
	for range 3 {
		if got := e.newToken(); got != "000042" {
			t.Fatalf("token = %q, want 000042", got)
		}
	}
}

func TestSeededSequences(t *testing.T) {
	opts := &Options{TokenMode: TokenModeSeeded, Deterministic: true, Seed: 7}
	a, b := newEntropy(opts, "tenant-a"), newEntropy(opts, "tenant-a")
	other := newEntropy(opts, "tenant-b")

	sameAsOther := 0
	previous := ""
	for i := range 20 {
		ta, tb, to := a.newToken(), b.newToken(), other.newToken()
		if ta != tb {
			t.Fatalf("send %d: tokens %q and %q differ for the same seed and tenant", i, ta, tb)
		}
		if ta == to {
			sameAsOther++
		}
		if ta == previous {
			t.Errorf("send %d repeats the previous token %q", i, ta)
		}
		previous = ta
		if ia, ib := a.newID("cus_"), b.newID("cus_"); ia != ib {
			t.Fatalf("ids %q and %q differ for the same seed and tenant", ia, ib)
		}
	}
	if sameAsOther > 2 {
		t.Errorf("%d of 20 tokens equal another tenant's; sequences should be independent", sameAsOther)
	}
}

func TestRandomTokensSpread(t *testing.T) {
	e := newEntropy(&Options{TokenMode: TokenModeRandom}, "key")
	seen := map[string]bool{}
	for range 1000 {
		seen[e.newToken()] = true
	}
	// 1000 draws from a million values collide rarely; many repeats would
	// mean a broken source.
	if len(seen) < 990 {
		t.Errorf("%d distinct tokens in 1000 draws, want at least 990", len(seen))
	}
}

func TestTokensEqual(t *testing.T) {
	tests := []struct {
		submitted, pending string
		want               bool
	}{
		{"123456", "123456", true},
		{"123457", "123456", false},
		{"12345", "123456", false},
		{"1234567", "123456", false},
		{"", "123456", false},
		{"", "", false},
	}
	for _, tt := range tests {
		if got := tokensEqual(tt.submitted, tt.pending); got != tt.want {
			t.Errorf("tokensEqual(%q, %q) = %v, want %v", tt.submitted, tt.pending, got, tt.want)
		}
	}
}
