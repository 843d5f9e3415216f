package schemas

import (
	"errors"
	"strings"
	"testing"
)

func TestValidateRejectsInvalidJSON(t *testing.T) {
	t.Parallel()

	cases := []struct {
		title string
		body  string
		want  string
	}{
		{"empty body", ``, "EOF"},
		{"truncated object", `{"status": "ok"`, "EOF"},
		{"trailing data", `{"status": "ok"} {}`, "data follows the first value"},
		{"trailing comma", `{"status": "ok",}`, "invalid character"},
		{"byte-order mark", "\ufeff{\"status\": \"ok\"}", "invalid character"},
		{"invalid UTF-8", "{\"status\": \"ok\xff\"}", "invalid UTF-8"},
		{"duplicate key", `{"status": "ok", "status": "ok"}`, "key /status appears twice"},
		{"duplicate nested key", `{"error": {"code": "a", "type": "b", "code": "c"}}`, "key /error/code appears twice"},
		{"duplicate key in array item", `{"data": [{"id": 1}, {"id": 2, "x": [], "id": 3}]}`, "key /data/1/id appears twice"},
		{"duplicate escaped key", `{"a/b": 1, "a\/b": 2}`, "key /a~1b appears twice"},
	}

	for _, tc := range cases {
		t.Run(tc.title, func(t *testing.T) {
			t.Parallel()

			err := Validate("health", []byte(tc.body))

			if !errors.Is(err, ErrInvalidJSON) {
				t.Fatalf("got %v, want ErrInvalidJSON", err)
			}

			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %q, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestFindDuplicateKeyAllowsRepeatsAcrossObjects(t *testing.T) {
	t.Parallel()

	cases := []struct {
		title string
		body  string
	}{
		{"same key in sibling objects", `{"data": [{"id": 1}, {"id": 2}]}`},
		{"same key at two depths", `{"id": {"id": {"id": 1}}}`},
		{"key after nested object closes", `{"a": {"b": 1}, "b": 2}`},
		{"key after nested array closes", `{"a": [{"b": 1}, [2]], "b": [{"a": 3}]}`},
		{"string values equal to keys", `{"a": "a", "b": "a"}`},
		{"scalar document", `"status"`},
	}

	for _, tc := range cases {
		t.Run(tc.title, func(t *testing.T) {
			t.Parallel()

			if pointer, found := findDuplicateKey([]byte(tc.body)); found {
				t.Errorf("got duplicate at %q, want none", pointer)
			}
		})
	}
}
