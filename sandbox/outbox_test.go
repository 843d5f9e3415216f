package sandbox

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestSMSBodyFollowsTokenLifetime(t *testing.T) {
	tests := []struct {
		name string
		ttl  time.Duration
		want string
	}{
		{name: "default", ttl: 0, want: "Your Dirty Lemon confirmation code is 123456. It expires in 5 minutes."},
		{name: "one hour", ttl: time.Hour, want: "Your Dirty Lemon confirmation code is 123456. It expires in 1 hour."},
		{name: "seconds", ttl: 90 * time.Second, want: "Your Dirty Lemon confirmation code is 123456. It expires in 90 seconds."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := New(Options{TokenMode: TokenModeFixed, ConfirmationTTL: tt.ttl})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()

			w := httptest.NewRecorder()
			body := `{"unconfirmed_phone_number": "+12025550143", "country_code": "US"}`
			s.ServeHTTP(w, httptest.NewRequest(http.MethodPost, "/v1/customers", strings.NewReader(body)))
			if w.Code != http.StatusCreated {
				t.Fatalf("create: got status %d, want 201: %s", w.Code, w.Body)
			}

			outbox := s.Outbox("")
			if len(outbox) != 1 {
				t.Fatalf("got %d messages, want 1", len(outbox))
			}
			if outbox[0].Body != tt.want {
				t.Errorf("got body %q, want %q", outbox[0].Body, tt.want)
			}
		})
	}
}

func TestSMSJSONKeepsStoredBody(t *testing.T) {
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	row := &smsRow{ID: "sms_1", Token: "654321", Body: "Imported text 654321"}
	if got := s.smsJSON(row).Body; got != row.Body {
		t.Errorf("got body %q, want the stored %q", got, row.Body)
	}
}
