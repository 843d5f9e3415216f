package sandbox

import (
	"encoding/json"
	"net/http"
	"sync"
	"time"
)

// appendJSON appends the wire form of c to dst: the same bytes that
// json.Marshal(c.toJSON(hideToken)) returns, without reflection or the
// twelve intermediate allocations of customerJSON. Every API response
// with a customer body is written by it.
func (c *customer) appendJSON(dst []byte, hideToken bool) []byte {
	token := c.ConfirmationToken
	if hideToken {
		token = ""
	}

	dst = append(dst, `{"id":`...)
	dst = appendJSONString(dst, c.ID)
	dst = appendNullString(dst, `,"phone_number":`, c.PhoneNumber)
	dst = appendNullString(dst, `,"unconfirmed_phone_number":`, c.UnconfirmedPhoneNumber)
	dst = appendNullString(dst, `,"country_code":`, c.CountryCode)
	dst = appendNullString(dst, `,"email":`, c.Email)
	dst = appendNullString(dst, `,"first_name":`, c.FirstName)
	dst = appendNullString(dst, `,"last_name":`, c.LastName)
	dst = appendNullString(dst, `,"confirmation_token":`, token)
	dst = appendNullTime(dst, `,"confirmed_at":`, c.ConfirmedAt)
	dst = appendNullTime(dst, `,"confirmation_sent_at":`, c.ConfirmationSentAt)
	dst = appendNullTime(dst, `,"created_at":`, c.CreatedAt)
	dst = appendNullTime(dst, `,"updated_at":`, c.UpdatedAt)
	return append(dst, '}')
}

// appendNullString appends key and s as a JSON string, or null when s is
// empty, the way nullString and encoding/json render it.
func appendNullString(dst []byte, key, s string) []byte {
	dst = append(dst, key...)
	if s == "" {
		return append(dst, "null"...)
	}
	return appendJSONString(dst, s)
}

// appendNullTime appends key and t in the wire format, or null for the
// zero time. The wire format writes only digits, '-', ':', '.', 'T' and
// 'Z', which JSON strings carry unescaped.
func appendNullTime(dst []byte, key string, t time.Time) []byte {
	dst = append(dst, key...)
	if t.IsZero() {
		return append(dst, "null"...)
	}
	dst = append(dst, '"')
	dst = appendTime(dst, t)
	return append(dst, '"')
}

// appendJSONString appends s as a JSON string. Printable ASCII other than
// the characters encoding/json escapes (quote, backslash, and <, > and &
// for HTML safety) is copied as is. Any other string is encoded by
// encoding/json itself, so both paths give its exact bytes.
func appendJSONString(dst []byte, s string) []byte {
	if !plainJSONString(s) {
		encoded, _ := json.Marshal(s) // a string always encodes
		return append(dst, encoded...)
	}
	dst = append(dst, '"')
	dst = append(dst, s...)
	return append(dst, '"')
}

// plainJSONString reports whether encoding/json writes s between quotes
// unchanged.
func plainJSONString(s string) bool {
	for i := 0; i < len(s); i++ {
		switch b := s[i]; {
		case b < 0x20, b >= 0x7f:
			return false
		case b == '"', b == '\\', b == '<', b == '>', b == '&':
			return false
		}
	}
	return true
}

// customerBuffers recycles the response buffers of writeCustomer.
var customerBuffers = sync.Pool{New: func() any { return new([]byte) }}

// writeCustomer writes c as the JSON body with status, followed by a
// newline as writeJSON does.
func writeCustomer(w http.ResponseWriter, status int, c *customer, hideToken bool) error {
	buf := customerBuffers.Get().(*[]byte)
	defer customerBuffers.Put(buf)

	body := c.appendJSON((*buf)[:0], hideToken)
	body = append(body, '\n')
	*buf = body
	writeBody(w, status, body)
	return nil
}
