package sandbox

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// oddStrings are values that exercise every escaping rule of
// encoding/json: quotes, backslashes, control characters, HTML
// characters, DEL, invalid UTF-8, the JavaScript line separators and
// characters outside the Basic Multilingual Plane.
var oddStrings = []string{
	"",
	"plain",
	`quote " inside`,
	`back\slash`,
	"tab\tnewline\ncarriage\rreturn",
	"backspace\b formfeed\f",
	"\x00\x01\x1f",
	"\x7f delete",
	"<script>&amp;</script>",
	"bad \xff\xfe utf-8",
	"cut \xe2\x82",
	"line\u2028paragraph\u2029",
	"Zoë Ñúñez 名前",
	"emoji 🍋 and e\u0301",
	"zero\u200bwidth",
	strings.Repeat("a", 300),
}

// oddTimes are times in several locations, with and without fractions,
// near the ends of the formattable range, and the zero time (null).
var oddTimes = []time.Time{
	{},
	time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
	time.Date(2026, 3, 29, 1, 59, 59, 999_999_999, time.FixedZone("CEST", 2*3600)),
	time.Date(1, 1, 1, 0, 0, 0, 1_000_000, time.UTC),
	time.Date(9999, 12, 31, 23, 59, 59, 0, time.FixedZone("west", -11*3600)),
	time.Date(12345, 6, 7, 8, 9, 10, 0, time.UTC),
	time.Unix(0, 0),
}

func TestCustomerAppendJSONMatchesEncodingJSON(t *testing.T) {
	tests := []struct {
		name string
		c    customer
	}{
		{name: "pending", c: customer{
			ID: "cus_abc", UnconfirmedPhoneNumber: "+12025550143", CountryCode: "US",
			ConfirmationToken: "123456", ConfirmationSentAt: oddTimes[1], CreatedAt: oddTimes[1], UpdatedAt: oddTimes[1],
		}},
		{name: "confirmed with profile", c: customer{
			ID: "cus_def", PhoneNumber: "+442079460018", CountryCode: "GB", Email: "a@example.com",
			FirstName: "Zoë", LastName: "O'Brien", ConfirmedAt: oddTimes[2], ConfirmationSentAt: oddTimes[2],
			CreatedAt: oddTimes[3], UpdatedAt: oddTimes[4],
		}},
		{name: "all null", c: customer{}},
	}
	for i, s := range oddStrings {
		tests = append(tests, struct {
			name string
			c    customer
		}{name: fmt.Sprintf("odd string %d", i), c: customer{
			ID: s, PhoneNumber: s, UnconfirmedPhoneNumber: s, CountryCode: s, Email: s,
			FirstName: s, LastName: s, ConfirmationToken: s,
			ConfirmedAt: oddTimes[i%len(oddTimes)], UpdatedAt: oddTimes[(i+1)%len(oddTimes)],
		}})
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, hide := range []bool{false, true} {
				assertSameJSON(t, &tt.c, hide)
			}
		})
	}
}

func TestCustomerAppendJSONRandomCustomers(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pick := func() string {
		if rng.IntN(3) == 0 {
			return oddStrings[rng.IntN(len(oddStrings))]
		}
		return randomString(rng)
	}
	for range 2000 {
		c := customer{
			ID: pick(), PhoneNumber: pick(), UnconfirmedPhoneNumber: pick(), CountryCode: pick(),
			Email: pick(), FirstName: pick(), LastName: pick(), ConfirmationToken: pick(),
			ConfirmedAt:        oddTimes[rng.IntN(len(oddTimes))],
			ConfirmationSentAt: oddTimes[rng.IntN(len(oddTimes))],
			CreatedAt:          time.UnixMilli(rng.Int64N(1 << 45)),
			UpdatedAt:          time.UnixMilli(rng.Int64N(1 << 45)),
		}
		assertSameJSON(t, &c, rng.IntN(2) == 0)
	}
}

// randomString returns up to 12 bytes drawn from every byte value, so
// invalid UTF-8 and escapes turn up as often as plain characters.
func randomString(rng *rand.Rand) string {
	b := make([]byte, rng.IntN(13))
	for i := range b {
		b[i] = byte(rng.IntN(256))
	}
	return string(b)
}

// assertSameJSON checks that appendJSON writes what encoding/json writes
// for the customer's wire struct.
func assertSameJSON(t *testing.T, c *customer, hideToken bool) {
	t.Helper()
	want, err := json.Marshal(c.toJSON(hideToken))
	if err != nil {
		t.Fatalf("json.Marshal: %v", err)
	}
	got := c.appendJSON(nil, hideToken)
	if string(got) != string(want) {
		t.Errorf("appendJSON(hideToken=%v) of %+v:\ngot  %s\nwant %s", hideToken, *c, got, want)
	}
}

func TestWriteCustomerMatchesWriteJSON(t *testing.T) {
	c := &customer{ID: "cus_1", UnconfirmedPhoneNumber: "+12025550143", CountryCode: "US", CreatedAt: oddTimes[1]}

	want := httptest.NewRecorder()
	if err := writeJSON(want, 201, c.toJSON(false)); err != nil {
		t.Fatal(err)
	}
	// Twice, so the second call reuses a pooled buffer.
	for i := range 2 {
		got := httptest.NewRecorder()
		if err := writeCustomer(got, 201, c, false); err != nil {
			t.Fatal(err)
		}
		if got.Code != want.Code {
			t.Errorf("call %d: got status %d, want %d", i, got.Code, want.Code)
		}
		if got.Body.String() != want.Body.String() {
			t.Errorf("call %d: got body %q, want %q", i, got.Body, want.Body)
		}
		for _, name := range []string{"Content-Type", "Content-Length"} {
			if g, w := got.Header().Get(name), want.Header().Get(name); g != w {
				t.Errorf("call %d: got %s %q, want %q", i, name, g, w)
			}
		}
	}
}
