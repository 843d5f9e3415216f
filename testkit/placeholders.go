package testkit

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// maxRepeat bounds {x*N} so a typo cannot build a huge body.
const maxRepeat = 1 << 20

// placeholderPattern finds the placeholders a feature file may put in a
// path or a body: {id}, {phone}, {new-phone}, {country}, {x*N} and \xHH.
var placeholderPattern = regexp.MustCompile(`\{([a-z-]+)\}|\{(.)\*(\d+)\}|\\x([0-9A-Fa-f]{2})`)

// expansion is a path or body with its placeholders replaced.
type expansion struct {
	text string

	// newPhone is the number {new-phone} stood for, empty when unused.
	newPhone string
}

// expand replaces the placeholders in text:
//
//	{id}         the current customer's id
//	{phone}      the current phone number in E.164 form
//	{new-phone}  a fresh number from the phone template (one per request)
//	{country}    the phone template's country code, for example US
//	{x*N}        the character x repeated N times
//	\xHH         the byte with hex value HH, for invalid UTF-8
//
// In a path, ids and numbers are percent-encoded.
func (s *scenario) expand(text string, inPath bool) (expansion, error) {
	var out expansion
	var firstErr error

	replaced := placeholderPattern.ReplaceAllStringFunc(text, func(m string) string {
		value, err := s.placeholderValue(m, inPath, &out)
		if err != nil && firstErr == nil {
			firstErr = err
		}
		return value
	})
	out.text = replaced
	return out, firstErr
}

func (s *scenario) placeholderValue(m string, inPath bool, out *expansion) (string, error) {
	parts := placeholderPattern.FindStringSubmatch(m)
	switch {
	case parts[4] != "":
		b, _ := strconv.ParseUint(parts[4], 16, 8)
		return string([]byte{byte(b)}), nil
	case parts[2] != "":
		n, err := strconv.Atoi(parts[3])
		if err != nil || n > maxRepeat {
			return "", fmt.Errorf("placeholder %s: the count must be at most %d", m, maxRepeat)
		}
		return strings.Repeat(parts[2], n), nil
	}
	return s.namedValue(parts[1], inPath, out)
}

func (s *scenario) namedValue(name string, inPath bool, out *expansion) (string, error) {
	escape := func(v string) string { return v }
	if inPath {
		escape = url.QueryEscape
	}

	switch name {
	case "id":
		id, err := s.customerID()
		return escape(id), err
	case "phone":
		phone, err := s.currentPhone()
		return escape(phone), err
	case "new-phone":
		if out.newPhone == "" {
			phone, err := s.cfg.Phones.Next()
			if err != nil {
				return "", err
			}
			out.newPhone = phone
		}
		return escape(out.newPhone), nil
	case "country":
		return s.cfg.Phones.Region(), nil
	}
	return "", fmt.Errorf("unknown placeholder {%s}; use {id}, {phone}, {new-phone}, {country}, {x*N} or \\xHH", name)
}
