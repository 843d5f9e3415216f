package schemas

import (
	"net/url"
	"strconv"
	"strings"
)

// JSON pointers (RFC 6901) locate values in bodies and schemas. The
// validator percent-encodes pointer tokens as URI fragments do, but the
// functions here work on the plain RFC 6901 form.

// escapePointerToken escapes one object key for use in a JSON pointer.
func escapePointerToken(key string) string {
	key = strings.ReplaceAll(key, "~", "~0")
	return strings.ReplaceAll(key, "/", "~1")
}

// splitPointer returns the unescaped tokens of pointer, which may be
// percent-encoded. The whole document, "", has no tokens.
func splitPointer(pointer string) []string {
	if pointer == "" {
		return nil
	}

	parts := strings.Split(strings.TrimPrefix(pointer, "/"), "/")
	tokens := make([]string, len(parts))

	for i, part := range parts {
		if unescaped, err := url.PathUnescape(part); err == nil {
			part = unescaped
		}

		part = strings.ReplaceAll(part, "~1", "/")
		tokens[i] = strings.ReplaceAll(part, "~0", "~")
	}

	return tokens
}

// joinPointer builds a JSON pointer from unescaped tokens.
func joinPointer(tokens []string) string {
	var b strings.Builder
	for _, token := range tokens {
		b.WriteString("/")
		b.WriteString(escapePointerToken(token))
	}

	return b.String()
}

// resolvePointer returns the value at the unescaped tokens in doc, a decoded
// JSON document.
func resolvePointer(doc any, tokens []string) (any, bool) {
	for _, token := range tokens {
		switch node := doc.(type) {
		case map[string]any:
			value, ok := node[token]
			if !ok {
				return nil, false
			}

			doc = value
		case []any:
			i, err := strconv.Atoi(token)
			if err != nil || i < 0 || i >= len(node) {
				return nil, false
			}

			doc = node[i]
		default:
			return nil, false
		}
	}

	return doc, true
}

// displayPointer returns pointer for a message, with the empty pointer of
// the whole document spelled out.
func displayPointer(pointer string) string {
	if pointer == "" {
		return "(root)"
	}

	return pointer
}
