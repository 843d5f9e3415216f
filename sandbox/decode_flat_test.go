package sandbox

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestParseFlatObjectAcceptsCommonBodies(t *testing.T) {
	tests := []struct {
		name string
		body string
	}{
		{name: "create", body: `{"unconfirmed_phone_number": "+12025550143", "country_code": "US"}`},
		{name: "compact", body: `{"first_name":"Ann","last_name":null}`},
		{name: "empty object", body: `{}`},
		{name: "whitespace around", body: " \t\r\n{ \"a\" :\n\"b\" }\n"},
		{name: "unicode value", body: `{"first_name": "Zoë 名前 🍋"}`},
		{name: "html characters", body: `{"email": "<a&b>@example.com"}`},
		{name: "empty key and value", body: `{"": ""}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, ok := parseFlatObject([]byte(tt.body)); !ok {
				t.Fatalf("parseFlatObject(%q): not accepted, want accepted", tt.body)
			}
			assertFlatMatchesDecoder(t, []byte(tt.body))
		})
	}
}

func TestParseFlatObjectLeavesOthersToDecoder(t *testing.T) {
	tests := []struct {
		name string
		body string
	}{
		{name: "escape in value", body: `{"a": "b\"c"}`},
		{name: "unicode escape in key", body: `{"\u0061": "b"}`},
		{name: "duplicate key", body: `{"a": "b", "a": "c"}`},
		{name: "number value", body: `{"a": 1}`},
		{name: "boolean value", body: `{"a": true}`},
		{name: "nested object", body: `{"a": {"b": "c"}}`},
		{name: "array value", body: `{"a": ["b"]}`},
		{name: "trailing comma", body: `{"a": "b",}`},
		{name: "missing colon", body: `{"a" "b"}`},
		{name: "data after object", body: `{"a": "b"} x`},
		{name: "second object", body: `{"a": "b"}{}`},
		{name: "unterminated", body: `{"a": "b"`},
		{name: "array", body: `["a"]`},
		{name: "raw tab in string", body: "{\"a\": \"b\tc\"}"},
		{name: "nul instead of null", body: `{"a": nul}`},
		{name: "null with suffix", body: `{"a": nullx}`},
		{name: "non-JSON space", body: "{\u00a0\"a\": \"b\"}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if p, ok := parseFlatObject([]byte(tt.body)); ok {
				t.Errorf("parseFlatObject(%q) = %+v, want it left to json.Decoder", tt.body, p)
			}
		})
	}
}

func TestParseFlatObjectRandomBodies(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	accepted := 0
	for range 20000 {
		body := randomBody(rng)
		if !utf8.Valid(body) {
			continue
		}
		if _, ok := parseFlatObject(body); ok {
			accepted++
		}
		assertFlatMatchesDecoder(t, body)
	}
	if accepted < 1000 {
		t.Errorf("only %d of 20000 random bodies took the flat path, want at least 1000 to compare", accepted)
	}
}

// randomBody returns a flat object with a few members, then changes one
// byte in a third of the bodies, so both valid and broken bodies occur.
func randomBody(rng *rand.Rand) []byte {
	tokens := []string{`"a"`, `"b"`, `"first_name"`, `""`, `"x y"`, `"é"`, `null`, `"\n"`, `"q\"q"`, `1`, `true`, `{}`}
	spaces := []string{"", " ", "\n", "\t", "  "}
	var b strings.Builder
	b.WriteString(spaces[rng.IntN(len(spaces))] + "{")
	for i := range rng.IntN(4) {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(spaces[rng.IntN(len(spaces))])
		b.WriteString(tokens[rng.IntN(6)] + spaces[rng.IntN(len(spaces))] + ":" + spaces[rng.IntN(len(spaces))])
		b.WriteString(tokens[rng.IntN(len(tokens))] + spaces[rng.IntN(len(spaces))])
	}
	b.WriteString("}" + spaces[rng.IntN(len(spaces))])

	body := []byte(b.String())
	if rng.IntN(3) == 0 {
		body[rng.IntN(len(body))] = "{}[],:\" \\nx0"[rng.IntN(12)]
	}
	return body
}

// assertFlatMatchesDecoder checks that when parseFlatObject accepts body,
// json.Decoder reads the same params from it without an error.
func assertFlatMatchesDecoder(t *testing.T, body []byte) {
	t.Helper()
	flat, ok := parseFlatObject(body)
	if !ok {
		return
	}
	decoded, err := decodeObject(body)
	if err != nil {
		t.Fatalf("body %q: flat path accepted it, json.Decoder rejected it: %v", body, err)
	}
	if !reflect.DeepEqual(flat.keys, decoded.keys) {
		t.Fatalf("body %q: flat keys %q, json.Decoder keys %q", body, flat.keys, decoded.keys)
	}
	for key, raw := range decoded.values {
		if string(flat.values[key]) != string(raw) {
			t.Fatalf("body %q, key %q: flat value %q, json.Decoder value %q", body, key, flat.values[key], raw)
		}
	}
	if len(flat.values) != len(decoded.values) {
		t.Fatalf("body %q: flat has %d values, json.Decoder %d", body, len(flat.values), len(decoded.values))
	}
}

func TestPlainStringValueMatchesUnmarshal(t *testing.T) {
	values := []string{`""`, `"abc"`, `"Zoë 🍋"`, `"<&>"`, `"a b"`, `"a\"b"`, `"\u00e9"`, `"\\"`, `null`, `12`, `{}`}
	for _, raw := range values {
		got, ok := plainStringValue(json.RawMessage(raw))
		if !ok {
			continue
		}
		var want string
		if err := json.Unmarshal([]byte(raw), &want); err != nil {
			t.Fatalf("plainStringValue accepted %s, which json.Unmarshal rejects: %v", raw, err)
		}
		if got != want {
			t.Errorf("plainStringValue(%s) = %q, json.Unmarshal gives %q", raw, got, want)
		}
	}
	for _, raw := range []string{`"a\"b"`, `"\u00e9"`, `null`, `12`} {
		if _, ok := plainStringValue(json.RawMessage(raw)); ok {
			t.Errorf("plainStringValue(%s): accepted, want it left to json.Unmarshal", raw)
		}
	}
}
