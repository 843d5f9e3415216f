package testkit

import (
	"strings"
	"testing"
)

func TestExpandPlaceholders(t *testing.T) {
	phones, err := NewPhoneGenerator("+1202555####")
	if err != nil {
		t.Fatal(err)
	}
	s := &scenario{
		cfg:      Config{Phones: phones},
		phone:    "+12025550143",
		customer: map[string]any{"id": "cus_a/b"},
	}

	cases := []struct {
		title  string
		text   string
		inPath bool
		want   string
	}{
		{"id in a path", "/v1/customers/{id}", true, "/v1/customers/cus_a%2Fb"},
		{"phone in a query", "/_sandbox/sms?to={phone}", true, "/_sandbox/sms?to=%2B12025550143"},
		{"phone in a body", `{"to":"{phone}"}`, false, `{"to":"+12025550143"}`},
		{"country", `{"country_code":"{country}"}`, false, `{"country_code":"US"}`},
		{"repeat", `{"first_name":"{a*5}"}`, false, `{"first_name":"aaaaa"}`},
		{"raw byte", `\xff`, false, "\xff"},
		{"plain JSON", `{"a":{}}`, false, `{"a":{}}`},
	}
	for _, tc := range cases {
		t.Run(tc.title, func(t *testing.T) {
			got, err := s.expand(tc.text, tc.inPath)
			if err != nil {
				t.Fatal(err)
			}
			if got.text != tc.want {
				t.Errorf("got %q, want %q", got.text, tc.want)
			}
		})
	}
}

func TestExpandNewPhoneOncePerRequest(t *testing.T) {
	phones, err := NewPhoneGenerator("+1202555####")
	if err != nil {
		t.Fatal(err)
	}
	s := &scenario{cfg: Config{Phones: phones}}

	got, err := s.expand(`{"a":"{new-phone}","b":"{new-phone}"}`, false)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"a":"` + got.newPhone + `","b":"` + got.newPhone + `"}`
	if got.text != want || !strings.HasPrefix(got.newPhone, "+1202555") {
		t.Errorf("got %q with number %q, want one fresh number twice", got.text, got.newPhone)
	}
}

func TestExpandErrors(t *testing.T) {
	s := &scenario{cfg: Config{}}
	for _, text := range []string{"{id}", "{phone}", "{nickname}", "{a*99999999}"} {
		t.Run(text, func(t *testing.T) {
			if got, err := s.expand(text, false); err == nil {
				t.Errorf("got %q, want an error", got.text)
			}
		})
	}
}

func TestWrongToken(t *testing.T) {
	cases := map[string]string{"123456": "123457", "123459": "123450", "": "000000", "abc": "ab0"}
	for token, want := range cases {
		if got := wrongToken(token); got != want {
			t.Errorf("wrongToken(%q): got %q, want %q", token, got, want)
		}
	}
}
