package sandbox

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"
)

// params is a decoded request body: its top-level keys in the order sent,
// with each value still raw so type checks can name the offending key.
type params struct {
	keys   []string
	values map[string]json.RawMessage
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// readParams reads a request body that must be one JSON object. With
// optional set, a missing or empty body is an empty object.
func readParams(r *http.Request, limit int64, optional bool) (*params, error) {
	body, err := readBody(r, limit)
	if err != nil {
		return nil, err
	}
	if len(bytes.TrimSpace(body)) == 0 {
		if optional {
			return &params{values: map[string]json.RawMessage{}}, nil
		}
		return nil, newError(http.StatusBadRequest, codeBodyInvalid, "",
			"The request body is empty. Send a JSON object, for example {\"key\": \"value\"}.")
	}
	return parseObject(body)
}

// readBody enforces the size limit and media type and returns the body
// without a leading byte-order mark. The size is checked first, also for
// a chunked body whose size is only known once read, because an oversized
// body is 413 whatever its type.
func readBody(r *http.Request, limit int64) ([]byte, error) {
	if r.ContentLength > limit {
		return nil, errTooLarge(limit)
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if err != nil {
		return nil, newError(http.StatusBadRequest, codeBodyInvalid, "",
			"The request body could not be read. Send the whole body with a correct Content-Length.")
	}
	if int64(len(body)) > limit {
		return nil, errTooLarge(limit)
	}

	if err := checkMediaType(r.Header.Get("Content-Type")); err != nil {
		return nil, err
	}
	return bytes.TrimPrefix(body, utf8BOM), nil
}

func errTooLarge(limit int64) *apiError {
	return newError(http.StatusRequestEntityTooLarge, codeBodyTooLarge, "",
		"The request body is larger than the limit of %d bytes. Send a smaller body.", limit)
}

// checkMediaType accepts no Content-Type (read as JSON), and
// application/json whose charset, when given, is UTF-8. Other JSON-like
// types such as application/merge-patch+json are rejected: the API takes
// plain JSON only, and an SDK that sends something else should learn it
// here.
func checkMediaType(header string) error {
	if header == "" {
		return nil
	}
	mediaType, params, err := mime.ParseMediaType(header)
	charset, hasCharset := params["charset"]
	switch {
	case err != nil, mediaType != "application/json":
	case hasCharset && !strings.EqualFold(charset, "utf-8") && !strings.EqualFold(charset, "utf8"):
		return newError(http.StatusUnsupportedMediaType, codeUnsupportedMediaType, "",
			"The charset %q is not supported. Send the body as UTF-8 JSON, with Content-Type: application/json or application/json; charset=utf-8.", truncate(charset, 40))
	default:
		return nil
	}
	return newError(http.StatusUnsupportedMediaType, codeUnsupportedMediaType, "",
		"Unsupported Content-Type %q. Send the body as JSON with Content-Type: application/json.", truncate(header, 100))
}

// parseObject decodes body as exactly one JSON object with unique keys.
func parseObject(body []byte) (*params, error) {
	if !utf8.Valid(body) {
		return nil, newError(http.StatusBadRequest, codeBodyInvalid, "",
			"The request body is not valid UTF-8. Encode the JSON body as UTF-8.")
	}

	dec := json.NewDecoder(bytes.NewReader(body))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, syntaxError(err, "The request body must be a JSON object, such as {\"key\": \"value\"}.")
	}

	p := &params{values: map[string]json.RawMessage{}}
	for dec.More() {
		if err := p.readMember(dec); err != nil {
			return nil, err
		}
	}
	if _, err := dec.Token(); err != nil {
		return nil, syntaxError(err, "")
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, newError(http.StatusBadRequest, codeBodyInvalid, "",
			"The request body has data after the JSON object. Send exactly one JSON object.")
	}
	return p, nil
}

// readMember reads one key and its raw value.
func (p *params) readMember(dec *json.Decoder) error {
	tok, err := dec.Token()
	if err != nil {
		return syntaxError(err, "")
	}
	key, _ := tok.(string)
	if _, dup := p.values[key]; dup {
		return newError(http.StatusBadRequest, codeBodyInvalid, key,
			"The key %q appears more than once in the request body. Send each parameter once.", truncate(key, 100))
	}

	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return syntaxError(err, "")
	}
	p.keys = append(p.keys, key)
	p.values[key] = raw
	return nil
}

// syntaxError describes malformed JSON without leaking Go type names.
func syntaxError(err error, fallback string) error {
	var syn *json.SyntaxError
	switch {
	case errors.As(err, &syn):
		return newError(http.StatusBadRequest, codeBodyInvalid, "",
			"The request body is not valid JSON (%s at byte %d). Send one well-formed JSON object.", syn.Error(), syn.Offset)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return newError(http.StatusBadRequest, codeBodyInvalid, "",
			"The request body ends before the JSON object does. Send one complete JSON object.")
	case fallback != "":
		return newError(http.StatusBadRequest, codeBodyInvalid, "", "%s", fallback)
	default:
		return newError(http.StatusBadRequest, codeBodyInvalid, "",
			"The request body is not valid JSON. Send one well-formed JSON object.")
	}
}
