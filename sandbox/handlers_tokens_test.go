package sandbox_test

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dirtylemon/api-sandbox/sandbox"
)

// TestConfirmationExpiry confirms with the right token at instants around
// the end of the window: confirmation_sent_at + TTL is already expired.
func TestConfirmationExpiry(t *testing.T) {
	tests := []struct {
		name    string
		ttl     time.Duration
		advance string
		status  int
	}{
		{name: "at once", advance: "0s", status: 200},
		{name: "one millisecond before expiry", advance: "4m59.999s", status: 200},
		{name: "at expiry", advance: "5m", status: 422},
		{name: "long after expiry", advance: "24h", status: 422},
		{name: "short TTL before expiry", ttl: time.Second, advance: "999ms", status: 200},
		{name: "short TTL at expiry", ttl: time.Second, advance: "1s", status: 422},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := startServer(t, sandbox.Options{ConfirmationTTL: tt.ttl}).client("")
			c.moveClock(t, `{"freeze": true}`)
			id := pendingCustomer(t, c)
			token := c.latestToken(t, id)
			c.moveClock(t, `{"advance": "`+tt.advance+`"}`)

			r := c.confirm(t, id, token)

			if tt.status == 200 {
				r.wantStatus(t, http.StatusOK)
				return
			}
			r.wantError(t, http.StatusUnprocessableEntity, "confirmation_token_expired", "confirmation_token")
			if cus := c.get(t, id); str(cus.ConfirmationToken) != token {
				t.Errorf("got confirmation_token %q after expiry, want the expired token %q still shown", str(cus.ConfirmationToken), token)
			}
		})
	}
}

// TestExpiredTriesDoNotCount makes four wrong tries, lets the token
// expire, tries more, and moves the clock back: the token must still work,
// so the tries on the expired token were not counted.
func TestExpiredTriesDoNotCount(t *testing.T) {
	c := startServer(t, sandbox.Options{}).client("")
	c.moveClock(t, `{"freeze": true}`)
	cus := c.create(t, "+12025550143", "US")
	token := c.latestToken(t, cus.ID)
	for range sandbox.DefaultMaxConfirmAttempts - 1 {
		c.confirm(t, cus.ID, wrongToken(token)).wantError(t, http.StatusUnprocessableEntity, "confirmation_token_invalid", "confirmation_token")
	}
	c.moveClock(t, `{"advance": "5m"}`)

	for i := range 3 {
		t.Run(fmt.Sprintf("expired try %d", i+1), func(t *testing.T) {
			c.confirm(t, cus.ID, wrongToken(token)).wantError(t, http.StatusUnprocessableEntity, "confirmation_token_expired", "confirmation_token")
		})
	}
	if got, want := c.failedAttempts(t, cus.ID), sandbox.DefaultMaxConfirmAttempts-1; got != want {
		t.Errorf("got %d failed attempts, want %d", got, want)
	}

	c.moveClock(t, `{"set": "`+str(cus.ConfirmationSentAt)+`"}`)
	c.confirm(t, cus.ID, token).wantStatus(t, http.StatusOK)
}

func TestAttemptLimit(t *testing.T) {
	tests := []struct {
		name string
		max  int
	}{
		{name: "default limit", max: 0},
		{name: "limit of two", max: 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := startServer(t, sandbox.Options{MaxConfirmAttempts: tt.max}).client("")
			limit := tt.max
			if limit == 0 {
				limit = sandbox.DefaultMaxConfirmAttempts
			}
			cus := c.create(t, "+12025550143", "US")
			token := c.latestToken(t, cus.ID)

			for i := 1; i <= limit; i++ {
				e := c.confirm(t, cus.ID, wrongToken(token)).wantError(t, http.StatusUnprocessableEntity, "confirmation_token_invalid", "confirmation_token")
				for _, want := range attemptsLeftMessage(limit-i, cus.ID) {
					if !strings.Contains(e.Message, want) {
						t.Errorf("try %d: got message %q, want it to contain %q", i, e.Message, want)
					}
				}
			}
			locked := c.get(t, cus.ID)
			if locked.ConfirmationToken != nil {
				t.Errorf("got confirmation_token %q after %d wrong tries, want null", *locked.ConfirmationToken, limit)
			}
			if str(locked.UpdatedAt) != str(cus.UpdatedAt) {
				t.Errorf("got updated_at %s, want wrong tries to leave it at %s", str(locked.UpdatedAt), str(cus.UpdatedAt))
			}

			before := c.snapshot(t)
			c.confirm(t, cus.ID, wrongToken(token)).wantError(t, http.StatusTooManyRequests, "too_many_attempts", "confirmation_token")
			c.confirm(t, cus.ID, token).wantError(t, http.StatusTooManyRequests, "too_many_attempts", "confirmation_token")
			c.wantUnchanged(t, before)

			c.regenerate(t, cus.ID).wantStatus(t, http.StatusCreated)
			c.confirm(t, cus.ID, c.latestToken(t, cus.ID)).wantStatus(t, http.StatusOK)
		})
	}
}

// attemptsLeftMessage returns what the message of a wrong token contains
// when left attempts remain for customer id.
func attemptsLeftMessage(left int, id string) []string {
	switch left {
	case 0:
		return []string{"the token is now destroyed", "POST /v1/customers/" + id + "/generate_confirmation"}
	case 1:
		return []string{"; 1 attempt left"}
	}
	return []string{fmt.Sprintf("; %d attempts left", left)}
}

// TestSendLimit uses up the five sends of the window and checks the 429,
// its Retry-After, and what does and does not lift the limit.
func TestSendLimit(t *testing.T) {
	ts := startServer(t, sandbox.Options{})
	c := ts.client("")
	id := sendLimitedCustomer(t, c) // five sends, the first 60s ago
	generate := "/v1/customers/" + id + "/generate_confirmation"

	steps := []struct {
		name       string
		do         func(t *testing.T)
		status     int
		retryAfter string
	}{
		{name: "sixth send", status: 429, retryAfter: "540"},
		{name: "after clearing the outbox", do: func(t *testing.T) {
			c.do(t, http.MethodDelete, "/_sandbox/sms", "").wantStatus(t, http.StatusNoContent)
		}, status: 429, retryAfter: "540"},
		{name: "half a second before the window ends", do: func(t *testing.T) {
			c.moveClock(t, `{"advance": "539.5s"}`)
		}, status: 429, retryAfter: "1"},
		{name: "when the oldest send leaves the window", do: func(t *testing.T) {
			c.moveClock(t, `{"advance": "500ms"}`)
		}, status: 201},
		{name: "full again until the second send leaves", status: 429, retryAfter: "60"},
	}
	for _, step := range steps {
		t.Run(step.name, func(t *testing.T) {
			if step.do != nil {
				step.do(t)
			}
			before := c.snapshot(t)

			r := c.do(t, http.MethodPost, generate, "")

			if step.status == 201 {
				r.wantStatus(t, http.StatusCreated)
				return
			}
			r.wantError(t, http.StatusTooManyRequests, "too_many_requests", "")
			if got := r.Header.Get("Retry-After"); got != step.retryAfter {
				t.Errorf("got Retry-After %q, want %q", got, step.retryAfter)
			}
			c.wantUnchanged(t, before)
		})
	}
}

// TestResetLiftsSendLimit checks that a reset forgets the customer and its
// sends, so the number can be created and sent to again.
func TestResetLiftsSendLimit(t *testing.T) {
	c := startServer(t, sandbox.Options{}).client("")
	id := sendLimitedCustomer(t, c)
	c.regenerate(t, id).wantError(t, http.StatusTooManyRequests, "too_many_requests", "")

	c.do(t, http.MethodPost, "/_sandbox/reset", "").wantStatus(t, http.StatusNoContent)

	c.do(t, http.MethodGet, "/v1/customers/"+id, "").wantError(t, http.StatusNotFound, "resource_missing", "id")
	again := c.create(t, "+12025550143", "US")
	for i := range sandbox.DefaultMaxSends - 1 {
		if r := c.regenerate(t, again.ID); r.Status != http.StatusCreated {
			t.Fatalf("send %d after reset: got status %d, want 201\nbody: %s", i+2, r.Status, r.Body)
		}
	}
}

// TestOldTokenStopsWorking sends several tokens in seeded mode: each is
// new, and only the latest confirms.
func TestOldTokenStopsWorking(t *testing.T) {
	c := startServer(t, sandbox.Options{TokenMode: sandbox.TokenModeSeeded, Seed: 7}).client("")
	id := pendingCustomer(t, c)
	seen := map[string]bool{c.latestToken(t, id): true}
	for range 3 {
		c.regenerate(t, id).wantStatus(t, http.StatusCreated)
		token := c.latestToken(t, id)
		if seen[token] {
			t.Fatalf("got token %s again, want a new token for each send", token)
		}
		seen[token] = true
	}
	latest := c.latestToken(t, id)

	for token := range seen {
		if token == latest {
			continue
		}
		t.Run("old token "+token, func(t *testing.T) {
			c.confirm(t, id, token).wantError(t, http.StatusUnprocessableEntity, "confirmation_token_invalid", "confirmation_token")
		})
	}
	c.confirm(t, id, latest).wantStatus(t, http.StatusOK)
}

func TestTokenModes(t *testing.T) {
	tests := []struct {
		name string
		opts sandbox.Options
		want []string // the tokens of the first three sends; nil checks only the form
	}{
		{name: "fixed default", opts: sandbox.Options{TokenMode: sandbox.TokenModeFixed}, want: []string{"123456", "123456", "123456"}},
		{name: "fixed with leading zeros", opts: sandbox.Options{TokenMode: sandbox.TokenModeFixed, FixedToken: "000042"},
			want: []string{"000042", "000042", "000042"}},
		{name: "deterministic keeps fixed", opts: sandbox.Options{TokenMode: sandbox.TokenModeFixed, Deterministic: true},
			want: []string{"123456", "123456", "123456"}},
		{name: "seeded", opts: sandbox.Options{TokenMode: sandbox.TokenModeSeeded, Seed: 1}},
		{name: "random", opts: sandbox.Options{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := startServer(t, tt.opts).client("")
			id := pendingCustomer(t, c)
			var got []string
			for i := range 3 {
				if i > 0 {
					c.regenerate(t, id).wantStatus(t, http.StatusCreated)
				}
				got = append(got, c.latestToken(t, id))
			}

			for i, token := range got {
				if !tokenPattern.MatchString(token) {
					t.Errorf("send %d: got token %q, want six digits", i+1, token)
				}
				if tt.want != nil && token != tt.want[i] {
					t.Errorf("send %d: got token %q, want %q", i+1, token, tt.want[i])
				}
			}
			c.confirm(t, id, got[2]).wantStatus(t, http.StatusOK)
		})
	}
}

// TestSeededTokensRepeat checks that a seed gives the same tokens on every
// server and another seed gives others.
func TestSeededTokensRepeat(t *testing.T) {
	tokens := func(seed int64) []string {
		c := startServer(t, sandbox.Options{TokenMode: sandbox.TokenModeSeeded, Seed: seed}).client("tenant")
		var out []string
		for i := range 4 {
			cus := c.create(t, fmt.Sprintf("+1202555014%d", i), "US")
			out = append(out, c.latestToken(t, cus.ID))
		}
		return out
	}

	first, second, other := tokens(42), tokens(42), tokens(43)

	if strings.Join(first, ",") != strings.Join(second, ",") {
		t.Errorf("got tokens %v and %v with seed 42, want the same", first, second)
	}
	if strings.Join(first, ",") == strings.Join(other, ",") {
		t.Errorf("got tokens %v with seeds 42 and 43, want different", first)
	}
}

// TestWrongTokenShapes sends strings of every length and form that are not
// the pending token: each is confirmation_token_invalid and counts once.
func TestWrongTokenShapes(t *testing.T) {
	c := startServer(t, sandbox.Options{MaxConfirmAttempts: 100}).client("")
	id := pendingCustomer(t, c)
	token := c.latestToken(t, id)

	wrong := map[string]string{
		"empty":            "",
		"prefix":           token[:5],
		"one digit more":   token + "0",
		"leading space":    " " + token,
		"trailing newline": token + "\n",
		"fullwidth digits": toFullwidth(token),
		"letter":           token[:5] + "x",
		"other six digits": wrongToken(token),
		"long":             strings.Repeat(token, 200),
		"NUL":              token[:5] + "\x00",
	}
	for n := 1; n <= 12; n++ {
		if n != len(token) {
			wrong[fmt.Sprintf("%d digits", n)] = strings.Repeat("7", n)
		}
	}

	count := 0
	for name, value := range wrong {
		t.Run(name, func(t *testing.T) {
			c.confirm(t, id, value).wantError(t, http.StatusUnprocessableEntity, "confirmation_token_invalid", "confirmation_token")
		})
		count++
	}
	if got := c.failedAttempts(t, id); got != count {
		t.Errorf("got %d failed attempts, want %d", got, count)
	}
	c.confirm(t, id, token).wantStatus(t, http.StatusOK)
}

// toFullwidth writes ASCII digits as fullwidth digits.
func toFullwidth(s string) string {
	var b strings.Builder
	for _, r := range s {
		b.WriteRune(r - '0' + '０')
	}
	return b.String()
}

// TestSendLimitAfterClockMovedBack moves the clock years back after the
// create's send: that send counts as sent at the new time, so Retry-After
// stays within the send window and the send leaves the window with the
// others.
func TestSendLimitAfterClockMovedBack(t *testing.T) {
	tests := []struct {
		name  string
		clock string
	}{
		{name: "frozen clock", clock: `{"set": "2020-01-01T00:00:00Z", "freeze": true}`},
		{name: "running clock", clock: `{"set": "2020-01-01T00:00:00Z"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := startServer(t, sandbox.Options{}).client("")
			id := pendingCustomer(t, c)
			c.moveClock(t, tt.clock)
			for i := 2; i <= sandbox.DefaultMaxSends; i++ {
				c.regenerate(t, id).wantStatus(t, http.StatusCreated)
			}

			r := c.regenerate(t, id)

			r.wantError(t, http.StatusTooManyRequests, "too_many_requests", "")
			retry, err := strconv.Atoi(r.Header.Get("Retry-After"))
			window := int(sandbox.DefaultSendWindow / time.Second)
			if err != nil || retry < window-5 || retry > window {
				t.Errorf("got Retry-After %q, want about %d and at most %d", r.Header.Get("Retry-After"), window, window)
			}

			// Once the window has passed, every send has left it.
			c.moveClock(t, `{"advance": "`+sandbox.DefaultSendWindow.String()+`"}`)
			for i := 1; i <= sandbox.DefaultMaxSends; i++ {
				if r := c.regenerate(t, id); r.Status != http.StatusCreated {
					t.Fatalf("send %d after the window: got status %d, want 201\nbody: %s", i, r.Status, r.Body)
				}
			}
		})
	}
}
