package sandbox

import (
	"fmt"
	"net/http"
	"regexp"
	"testing"
)

// TestRandomModeUsesCryptoRand checks the code path: in random mode, seed
// or not, tokens and ids come from crypto/rand, not from a seeded stream.
func TestRandomModeUsesCryptoRand(t *testing.T) {
	cases := []struct {
		name string
		opts Options
	}{
		{"defaults", Options{}},
		{"random with a seed", Options{TokenMode: TokenModeRandom, Seed: 42}},
		{"seeded tokens only", Options{TokenMode: TokenModeSeeded, Seed: 42}},
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			opts, err := tc.opts.withDefaults()
			if err != nil {
				t.Fatal(err)
			}
			e := newEntropy(&opts, "tenant")
			if e.ids != nil || e.reqs != nil {
				t.Errorf("ids come from a seeded stream, want crypto/rand without --deterministic")
			}
			wantCrypto := opts.TokenMode == TokenModeRandom
			if gotCrypto := e.tokens == nil && e.fixed == ""; gotCrypto != wantCrypto {
				t.Errorf("tokens from crypto/rand: got %v, want %v", gotCrypto, wantCrypto)
			}
		})
	}
}

// TestRandomTokensDifferAcrossServers checks that two servers started with
// the same seed in random mode do not send the same tokens.
func TestRandomTokensDifferAcrossServers(t *testing.T) {
	draw := func() string {
		opts, err := Options{Seed: 7}.withDefaults()
		if err != nil {
			t.Fatal(err)
		}
		e := newEntropy(&opts, DefaultTenant)
		var out string
		for range 10 {
			out += e.newToken()
		}
		return out
	}
	if a, b := draw(), draw(); a == b {
		t.Errorf("two random-mode servers with seed 7 drew the same 10 tokens %s", a)
	}
}

// TestRandomTokenDistribution is a statistical sanity check on 30,000
// random tokens. Each must be six digits, with every digit equally likely
// in every position: chi-squared with 9 degrees of freedom stays below 45,
// which a fair source exceeds with probability 9e-7 per position. Repeats
// must be near the 450 that a uniform draw from a million values gives.
func TestRandomTokenDistribution(t *testing.T) {
	const n = 30_000
	opts, err := Options{}.withDefaults()
	if err != nil {
		t.Fatal(err)
	}
	e := newEntropy(&opts, DefaultTenant)
	sixDigits := regexp.MustCompile(`^[0-9]{6}$`)

	var counts [tokenDigits][10]int
	seen := map[string]bool{}
	for range n {
		token := e.newToken()
		if !sixDigits.MatchString(token) {
			t.Fatalf("token %q is not six digits", token)
		}
		seen[token] = true
		for pos, r := range token {
			counts[pos][r-'0']++
		}
	}

	for pos, digits := range counts {
		expected := float64(n) / 10
		chi2 := 0.0
		for _, c := range digits {
			d := float64(c) - expected
			chi2 += d * d / expected
		}
		if chi2 > 45 {
			t.Errorf("position %d: chi-squared %.1f over 45, digit counts %v", pos, chi2, digits)
		}
	}
	if repeats := n - len(seen); repeats < 300 || repeats > 600 {
		t.Errorf("repeated tokens: got %d, want about 450 (300 to 600)", repeats)
	}
}

// TestWrongTokenAttemptsLimited walks the attempt limit: each wrong token
// is a 422 with fewer attempts left, then 429 even for the right token,
// until a new token is sent.
func TestWrongTokenAttemptsLimited(t *testing.T) {
	h := startHostile(t, Options{TokenMode: TokenModeFixed})
	c := h.create(t, "", "+12025550143")
	confirm := "/v1/customers/" + c.ID + "/confirm"

	for i := range DefaultMaxConfirmAttempts {
		resp := h.post(t, "", confirm, `{"confirmation_token": "000000"}`)
		e := wantError(t, resp, http.StatusUnprocessableEntity, codeConfirmationTokenInvalid, "confirmation_token")
		want := fmt.Sprintf("%d attempts left", DefaultMaxConfirmAttempts-1-i)
		switch DefaultMaxConfirmAttempts - 1 - i {
		case 0:
			want = "the token is now destroyed"
		case 1:
			want = "1 attempt left"
		}
		if !regexp.MustCompile(want).MatchString(e.Message) {
			t.Errorf("attempt %d: message %q, want it to say %q", i+1, e.Message, want)
		}
	}
	for _, token := range []string{"000000", "123456"} {
		resp := h.post(t, "", confirm, `{"confirmation_token": "`+token+`"}`)
		wantError(t, resp, http.StatusTooManyRequests, codeTooManyAttempts, "confirmation_token")
	}

	var got customerJSON
	decodeJSON(t, h.get(t, "", "/v1/customers/"+c.ID).body, &got)
	if got.ConfirmationToken != nil {
		t.Errorf("confirmation_token after the limit: got %s, want null", *got.ConfirmationToken)
	}

	if resp := h.post(t, "", "/v1/customers/"+c.ID+"/generate_confirmation", ""); resp.status != http.StatusCreated {
		t.Fatalf("generate_confirmation: got status %d, want 201", resp.status)
	}
	if resp := h.post(t, "", confirm, `{"confirmation_token": "123456"}`); resp.status != http.StatusOK {
		t.Errorf("confirm with the new token: got status %d, want 200; body %s", resp.status, resp.body)
	}
}
