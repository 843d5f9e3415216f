package sandbox

import (
	"net/http"
	"sync"
	"testing"
)

// parallelism is how many requests the race tests send at once.
const parallelism = 40

// inParallel sends the request built by build from parallelism goroutines
// released together, and counts the statuses.
func (h *hostileServer) inParallel(t *testing.T, build func(i int) hostileRequest) map[int]int {
	t.Helper()

	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		counts  = map[int]int{}
		release = make(chan struct{})
	)
	for i := range parallelism {
		wg.Go(func() {
			<-release
			resp, err := h.roundTrip(build(i))
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			counts[resp.status]++
			mu.Unlock()
		})
	}
	close(release)
	wg.Wait()
	return counts
}

func TestParallelCreatesSameNumber(t *testing.T) {
	h := startHostile(t, Options{})
	// The goroutines write the number differently; all are one number.
	var bodies []string
	for _, number := range []string{"+12025550143", "(202) 555-0143", "202.555.0143", "1 202 555 0143"} {
		bodies = append(bodies, createBodyFor(t, number, "US"))
	}
	counts := h.inParallel(t, func(i int) hostileRequest {
		return hostileRequest{method: http.MethodPost, path: "/v1/customers", body: bodies[i%len(bodies)]}
	})

	if counts[http.StatusCreated] != 1 {
		t.Errorf("201s: got %d, want exactly 1 (statuses %v)", counts[http.StatusCreated], counts)
	}
	if counts[http.StatusConflict] != parallelism-1 {
		t.Errorf("409s: got %d, want %d (statuses %v)", counts[http.StatusConflict], parallelism-1, counts)
	}
	if n := len(h.sb.Outbox("")); n != 1 {
		t.Errorf("SMS sent: got %d, want 1", n)
	}
}

func TestParallelConfirmsRightToken(t *testing.T) {
	h := startHostile(t, Options{TokenMode: TokenModeFixed})
	c := h.create(t, "", "+12025550143")
	counts := h.inParallel(t, func(int) hostileRequest {
		return hostileRequest{method: http.MethodPost, path: "/v1/customers/" + c.ID + "/confirm",
			body: `{"confirmation_token": "123456"}`}
	})

	if counts[http.StatusOK] != 1 {
		t.Errorf("200s: got %d, want exactly 1 (statuses %v)", counts[http.StatusOK], counts)
	}
	if counts[http.StatusConflict] != parallelism-1 {
		t.Errorf("409s: got %d, want %d (statuses %v)", counts[http.StatusConflict], parallelism-1, counts)
	}

	var got customerJSON
	decodeJSON(t, h.get(t, "", "/v1/customers/"+c.ID).body, &got)
	if got.PhoneNumber == nil || *got.PhoneNumber != "+12025550143" || got.UnconfirmedPhoneNumber != nil {
		t.Errorf("after confirm: phone_number %s, unconfirmed_phone_number %s; want +12025550143 and null",
			orNull(got.PhoneNumber), orNull(got.UnconfirmedPhoneNumber))
	}
}

// TestParallelWrongTokens checks that wrong tokens sent at once cannot
// slip past the attempt limit: at most MaxConfirmAttempts are judged, the
// rest get 429, and the token is destroyed.
func TestParallelWrongTokens(t *testing.T) {
	h := startHostile(t, Options{TokenMode: TokenModeFixed})
	c := h.create(t, "", "+12025550143")
	counts := h.inParallel(t, func(int) hostileRequest {
		return hostileRequest{method: http.MethodPost, path: "/v1/customers/" + c.ID + "/confirm",
			body: `{"confirmation_token": "000000"}`}
	})

	if counts[http.StatusUnprocessableEntity] > DefaultMaxConfirmAttempts {
		t.Errorf("422s: got %d, want at most %d (statuses %v)", counts[http.StatusUnprocessableEntity], DefaultMaxConfirmAttempts, counts)
	}
	if counts[http.StatusUnprocessableEntity]+counts[http.StatusTooManyRequests] != parallelism {
		t.Errorf("statuses: got %v, want only 422 and 429", counts)
	}

	resp := h.post(t, "", "/v1/customers/"+c.ID+"/confirm", `{"confirmation_token": "123456"}`)
	wantError(t, resp, http.StatusTooManyRequests, codeTooManyAttempts, "confirmation_token")
}

// TestParallelGenerateConfirmation checks that the send limit holds when
// new tokens are requested at once.
func TestParallelGenerateConfirmation(t *testing.T) {
	h := startHostile(t, Options{})
	c := h.create(t, "", "+12025550143")
	counts := h.inParallel(t, func(int) hostileRequest {
		return hostileRequest{method: http.MethodPost, path: "/v1/customers/" + c.ID + "/generate_confirmation"}
	})

	if counts[http.StatusCreated] != DefaultMaxSends-1 {
		t.Errorf("201s: got %d, want %d, the sends left after the create (statuses %v)", counts[http.StatusCreated], DefaultMaxSends-1, counts)
	}
	if n := len(h.sb.Outbox("")); n != DefaultMaxSends {
		t.Errorf("SMS sent: got %d, want %d", n, DefaultMaxSends)
	}
}
