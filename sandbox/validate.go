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
	maxEmailLength = 254 // the maximum address length that fits an SMTP path

	// maxLocalPartBytes is the longest part before the @ that SMTP can
	// carry. The email format check of the JSON Schema validator applies
	// it and maxEmailLength in bytes, so they are checked in bytes here.
	maxLocalPartBytes = 64
)

// validateName checks first_name or last_name. Its length is counted in
// Unicode code points, as the maxLength of the customer JSON Schema counts
// it, so an accent sent decomposed (e and U+0301) counts as two.
//
// NOTE: counting after NFC normalisation would let a decomposed accent
// count as one. The value is stored as sent, so it could then exceed the
// schema's maxLength, which has to change first.
func validateName(param, value string) error {
	n := utf8.RuneCountInString(value)
	switch {
	case n == 0:
		return errInvalid(param, "%q must not be empty. Send 1 to %d characters, or null to clear it.", param, maxNameLength)
	case n > maxNameLength:
		return errInvalid(param, "%q is %d characters (Unicode code points) long; the maximum is %d. A decomposed accent, such as e followed by U+0301, counts as two: send it composed (é).",
			param, n, maxNameLength)
	case strings.TrimFunc(value, unicode.IsSpace) == "":
		return errInvalid(param, "%q contains only whitespace. Send a name with a visible character, or null to clear it.", param)
	case hasInvisibleControl(value):
		return errInvalid(param, "%q must not contain control or invisible formatting characters, such as newlines, tabs, zero-width spaces or bidirectional overrides.", param)
	}
	return nil
}

// hasInvisibleControl reports whether a name contains a control character
// (Unicode category Cc), a line or paragraph separator, or a format
// character (Cf). Format characters such as a zero-width space, a soft
// hyphen or a bidirectional override can hide or reorder what a person
// reads. The zero-width non-joiner and joiner are allowed between two
// letters, because scripts such as Persian and Hindi need them in names.
func hasInvisibleControl(value string) bool {
	runes := []rune(value)
	for i, r := range runes {
		switch {
		case unicode.IsControl(r), unicode.In(r, unicode.Zl, unicode.Zp):
			return true
		case !unicode.Is(unicode.Cf, r):
			continue
		case (r == zeroWidthNonJoiner || r == zeroWidthJoiner) && i > 0 && i < len(runes)-1 &&
			isLetterOrMark(runes[i-1]) && isLetterOrMark(runes[i+1]):
			continue
		}
		return true
	}
	return false
}

const (
	zeroWidthNonJoiner = '\u200c'
	zeroWidthJoiner    = '\u200d'
)

func isLetterOrMark(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsMark(r)
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
