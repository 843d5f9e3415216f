package sandbox

import (
	"net/mail"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Length limits of the profile attributes, in characters.
const (
	maxNameLength  = 100
	minEmailLength = 3
	maxEmailLength = 254 // the longest address SMTP can carry

	// maxLocalPartBytes is the longest part before the @ that SMTP can
	// carry. The email format check of the JSON Schema validator applies
	// it and maxEmailLength in bytes, so they are checked in bytes here.
	maxLocalPartBytes = 64
)

// validateName checks first_name or last_name.
func validateName(param, value string) error {
	n := utf8.RuneCountInString(value)
	switch {
	case n == 0:
		return errInvalid(param, "%q must not be empty. Send 1 to %d characters, or null to clear it.", param, maxNameLength)
	case n > maxNameLength:
		return errInvalid(param, "%q is %d characters long; the maximum is %d.", param, n, maxNameLength)
	case strings.IndexFunc(value, unicode.IsControl) >= 0:
		return errInvalid(param, "%q must not contain control characters such as newlines or tabs.", param)
	}
	return nil
}

// validateEmail checks that value is one bare address (addr-spec), such
// as name@example.com, without a display name or angle brackets.
func validateEmail(value string) error {
	const param = "email"
	n := utf8.RuneCountInString(value)
	switch {
	case n == 0:
		return errInvalid(param, "\"email\" must not be empty. Send an address such as name@example.com, or null to clear it.")
	case n < minEmailLength || n > maxEmailLength:
		return errInvalid(param, "\"email\" is %d characters long; it must be %d to %d.", n, minEmailLength, maxEmailLength)
	}

	addr, err := mail.ParseAddress(value)
	if err != nil || addr.Name != "" || addr.Address != value || !plausibleDomain(value) {
		return errInvalid(param, "%q is not a valid email address. Send one bare address such as name@example.com, without a display name.", truncate(value, 100))
	}

	local := value[:strings.LastIndexByte(value, '@')]
	switch {
	case len(local) > maxLocalPartBytes:
		return errInvalid(param, "The part of \"email\" before the @ is %d bytes long; the maximum is %d.", len(local), maxLocalPartBytes)
	case len(value) > maxEmailLength:
		return errInvalid(param, "\"email\" is %d bytes long in UTF-8; the maximum is %d.", len(value), maxEmailLength)
	}
	return nil
}

// domainPattern is a host name in ASCII: dot-separated labels of letters,
// digits and inner hyphens. Internationalised domains must be sent in their
// punycode form (xn--...), which is what the email JSON Schema format allows.
var domainPattern = regexp.MustCompile(`^([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$`)

// plausibleDomain reports whether the domain of address is an ASCII host
// name. A dotless one such as a@b is accepted: it is a valid addr-spec,
// and the documented minimum length of 3 counts it.
func plausibleDomain(address string) bool {
	return domainPattern.MatchString(address[strings.LastIndexByte(address, '@')+1:])
}
