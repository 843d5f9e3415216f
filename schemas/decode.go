package schemas

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"
)

// ErrInvalidJSON is wrapped by Validate when the body is not exactly one
// well-formed JSON value.
var ErrInvalidJSON = errors.New("body is not valid JSON")

// decodeJSON decodes body into the generic form the validator takes, with
// numbers kept as json.Number so large integers stay exact. It is stricter
// than encoding/json on purpose: a response that another client would read
// differently is a contract failure too. So it rejects invalid UTF-8 (which
// encoding/json silently replaces), data after the first value, and a key
// repeated within one object (where clients disagree on which copy wins).
func decodeJSON(body []byte) (any, error) {
	if !utf8.Valid(body) {
		return nil, fmt.Errorf("%w: it contains invalid UTF-8", ErrInvalidJSON)
	}

	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()

	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrInvalidJSON, err)
	}

	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("%w: data follows the first value at byte %d", ErrInvalidJSON, dec.InputOffset())
	}

	if pointer, ok := findDuplicateKey(body); ok {
		return nil, fmt.Errorf("%w: key %s appears twice in one object", ErrInvalidJSON, displayPointer(pointer))
	}

	return doc, nil
}

// marshalJSON encodes v without escaping <, > and &, so strings reach the
// validator as the API would send them.
func marshalJSON(v any) ([]byte, error) {
	var buf bytes.Buffer

	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)

	if err := enc.Encode(v); err != nil {
		return nil, err
	}

	return buf.Bytes(), nil
}

// container is one open object or array while findDuplicateKey walks the
// tokens.
type container struct {
	pointer string              // JSON pointer of the container itself
	keys    map[string]struct{} // keys seen so far, nil for an array
	wantKey bool                // in an object, the next token is a key
	next    int                 // in an array, the index of the next element
	lastKey string              // in an object, the key of the current member
}

// findDuplicateKey returns the JSON pointer of the first key that appears
// twice in one object of body, which must be valid JSON.
func findDuplicateKey(body []byte) (string, bool) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()

	var stack []*container

	for {
		tok, err := dec.Token()
		if err != nil {
			return "", false
		}

		var top *container
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}

		// A closing bracket: the parent's current member is complete.
		if tok == json.Delim('}') || tok == json.Delim(']') {
			stack = stack[:len(stack)-1]
			completeMember(stack)

			continue
		}

		// A key: check it against the others in the same object.
		if key, ok := tok.(string); ok && top != nil && top.keys != nil && top.wantKey {
			if _, seen := top.keys[key]; seen {
				return top.pointer + "/" + escapePointerToken(key), true
			}

			top.keys[key] = struct{}{}
			top.lastKey = key
			top.wantKey = false

			continue
		}

		// A value: an opening bracket starts a container, a scalar
		// completes the current member.
		pointer := memberPointer(top)
		switch tok {
		case json.Delim('{'):
			stack = append(stack, &container{pointer: pointer, keys: map[string]struct{}{}, wantKey: true})
		case json.Delim('['):
			stack = append(stack, &container{pointer: pointer})
		default:
			completeMember(stack)
		}
	}
}

// memberPointer returns the JSON pointer of the value about to be read in
// top, or "" for the whole document.
func memberPointer(top *container) string {
	if top == nil {
		return ""
	}

	if top.keys != nil {
		return top.pointer + "/" + escapePointerToken(top.lastKey)
	}

	return top.pointer + "/" + strconv.Itoa(top.next)
}

// completeMember records that the innermost container's current value has
// been read: an object expects a key next, an array its next index.
func completeMember(stack []*container) {
	if len(stack) == 0 {
		return
	}

	top := stack[len(stack)-1]
	if top.keys != nil {
		top.wantKey = true
	} else {
		top.next++
	}
}
