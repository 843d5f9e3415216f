package schemas

import (
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// remove is a value for edit that deletes the member instead of setting it.
var remove = &struct{ name string }{"remove"}

// edit is one change to a valid document: the value at pointer becomes
// value, or is deleted when value is remove.
type edit struct {
	pointer string
	value   any
}

// set returns an edit that sets the value at pointer.
func set(pointer string, value any) edit { return edit{pointer, value} }

// del returns an edit that deletes the member at pointer.
func del(pointer string) edit { return edit{pointer, remove} }

// applyEdits changes doc in place. The parent of each pointer must exist.
func applyEdits(t *testing.T, doc any, edits []edit) {
	t.Helper()

	for _, e := range edits {
		tokens := splitPointer(e.pointer)
		if len(tokens) == 0 {
			t.Fatalf("edit %q: cannot replace the whole document", e.pointer)
		}

		parent, ok := resolvePointer(doc, tokens[:len(tokens)-1])
		if !ok {
			t.Fatalf("edit %q: parent not found", e.pointer)
		}

		last := tokens[len(tokens)-1]
		switch node := parent.(type) {
		case map[string]any:
			if e.value == remove {
				delete(node, last)
			} else {
				node[last] = e.value
			}
		case []any:
			i, err := strconv.Atoi(last)
			if err != nil || i >= len(node) {
				t.Fatalf("edit %q: no element %q", e.pointer, last)
			}

			node[i] = e.value
		default:
			t.Fatalf("edit %q: parent is %T, not an object or array", e.pointer, parent)
		}
	}
}

// mustJSON encodes v or fails the test.
func mustJSON(t *testing.T, v any) []byte {
	t.Helper()

	body, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("encode %v: %v", v, err)
	}

	return body
}

// requireFailure checks that err is a *ValidationError with a failure at
// pointer for keyword, that every failure is at that pointer (so the edit
// broke only what the case meant to), and that Error() names both.
func requireFailure(t *testing.T, err error, pointer, keyword string) {
	t.Helper()

	var verr *ValidationError
	if !errors.As(err, &verr) {
		t.Fatalf("got error %v (%T), want *ValidationError", err, err)
	}

	found := slices.ContainsFunc(verr.Failures, func(f Failure) bool {
		return f.Pointer == pointer && f.Keyword == keyword
	})
	if !found {
		t.Errorf("got failures %q, want one at %q for keyword %q", verr.Failures, pointer, keyword)
	}

	for _, f := range verr.Failures {
		if f.Pointer != pointer {
			t.Errorf("got extra failure %q, want only failures at %q", f, pointer)
		}
	}

	if msg := verr.Error(); !strings.Contains(msg, displayPointer(pointer)+": ") {
		t.Errorf("got message %q, want it to contain the pointer %q", msg, pointer)
	}
}

// customerDoc returns a valid pending customer, and confirmedCustomerDoc
// returns a valid confirmed one.
func customerDoc() map[string]any {
	return map[string]any{
		"id":                       "cus_7k2m9x4q1v8n3b6c5z0w2r4t",
		"phone_number":             nil,
		"unconfirmed_phone_number": "+12025550143",
		"country_code":             "US",
		"email":                    nil,
		"first_name":               nil,
		"last_name":                nil,
		"confirmation_token":       "123456",
		"confirmed_at":             nil,
		"confirmation_sent_at":     "2026-12-04T15:27:45.120Z",
		"created_at":               "2026-12-04T15:27:45.120Z",
		"updated_at":               "2026-12-04T15:27:45.120Z",
	}
}

func confirmedCustomerDoc() map[string]any {
	doc := customerDoc()
	doc["phone_number"] = "+12025550143"
	doc["unconfirmed_phone_number"] = nil
	doc["confirmation_token"] = nil
	doc["confirmed_at"] = "2026-12-04T15:29:02.007Z"
	doc["updated_at"] = "2026-12-04T15:29:02.007Z"
	doc["email"] = "phil@example.com"
	doc["first_name"] = "Philippe"
	doc["last_name"] = "Dionne"

	return doc
}

func smsDoc() map[string]any {
	return map[string]any{
		"id":          "sms_3n6b5c0w2r4t7k2m9x4q1v8z",
		"customer_id": "cus_7k2m9x4q1v8n3b6c5z0w2r4t",
		"to":          "+12025550143",
		"body":        "Your Dirty Lemon confirmation code is 123456",
		"token":       "123456",
		"sent_at":     "2026-12-04T15:27:45.120Z",
	}
}

func errorDoc() map[string]any {
	return map[string]any{
		"error": map[string]any{
			"type":       "invalid_request_error",
			"code":       "parameter_missing",
			"param":      "country_code",
			"message":    "Missing required parameter \"country_code\".",
			"request_id": "req_4f8k2m9x7q1v3n6b",
		},
	}
}

func clockDoc() map[string]any {
	return map[string]any{"now": "2026-12-04T15:32:45.120Z", "frozen": false, "offset": "5m0s"}
}

func stateDoc() map[string]any {
	record := customerDoc()
	record["failed_confirm_attempts"] = 0
	record["sends"] = []any{"2026-12-04T15:27:45.120Z"}

	return map[string]any{
		"tenant":    "default",
		"clock":     clockDoc(),
		"customers": []any{record},
		"sms":       []any{smsDoc()},
	}
}
