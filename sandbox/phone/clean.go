package phone

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nyaruka/phonenumbers"
)

const (
	// maxNumberChars is the longest phone number string accepted, in
	// characters. A formatted 15-digit number with a country calling code
	// and generous punctuation stays well under it.
	maxNumberChars = 64

	// maxDigits is the most digits E.164 allows in a number, the country
	// calling code included.
	maxDigits = 15
)

// cleanNumber checks the characters of number and returns its digits in
// ASCII, led by "+" when number is written in international form, for
// example "+12025550143" or "2025550143". Digits of any script count, the
// separators that isSeparator lists are dropped, and anything else is an
// *Error. region (may be "") only chooses the example in the error message.
func cleanNumber(number, region string) (string, error) {
	if len(number) > maxNumberChars*utf8.UTFMax || utf8.RuneCountInString(number) > maxNumberChars {
		return "", numberError("The phone number is %d characters long, over the maximum of %d. %s",
			utf8.RuneCountInString(number), maxNumberChars, exampleSentence(region))
	}

	if !utf8.ValidString(number) {
		return "", numberError("The phone number %q is not valid UTF-8. %s", number, exampleSentence(region))
	}

	if strings.TrimFunc(number, unicode.IsSpace) == "" {
		return "", numberError("The phone number is empty. %s", exampleSentence(region))
	}

	return collectDigits(number, region)
}

// collectDigits does the character by character work of cleanNumber.
func collectDigits(number, region string) (string, error) {
	var cleaned strings.Builder
	cleaned.Grow(maxDigits + 1)

	digits := 0
	for _, r := range number {
		if value, ok := digitValue(r); ok {
			cleaned.WriteByte(byte('0' + value))
			digits++
			continue
		}

		if isPlus(r) && cleaned.Len() == 0 {
			cleaned.WriteByte('+')
			continue
		}

		if !isSeparator(r) {
			return "", characterError(number, r, region)
		}
	}

	if digits == 0 {
		return "", numberError("The phone number %q contains no digits. %s", number, exampleSentence(region))
	}

	if digits > maxDigits {
		return "", numberError("The phone number %q has %d digits, but E.164 allows at most %d. %s",
			number, digits, maxDigits, exampleSentence(region))
	}

	return cleaned.String(), nil
}

// isPlus reports whether r is a plus sign, ASCII or fullwidth.
func isPlus(r rune) bool {
	return r == '+' || r == '＋'
}

// isSeparator reports whether r is punctuation that people put between
// groups of digits: any Unicode space, any dash (category Pd, plus the minus
// sign U+2212), and . ( ) / in ASCII or fullwidth form.
func isSeparator(r rune) bool {
	switch r {
	case '.', '(', ')', '/', '．', '（', '）', '／', '\u2212':
		return true
	}

	return unicode.IsSpace(r) || unicode.Is(unicode.Pd, r)
}

// characterError explains why r, found in number, is not accepted.
func characterError(number string, r rune, region string) *Error {
	if extension := extensionOf(number); extension != "" {
		return numberError("The phone number %q has an extension (%s). Extensions are not accepted, so send the number without it. %s",
			number, extension, exampleSentence(region))
	}

	if isPlus(r) {
		return numberError("The phone number %q has a + after its start. A + may appear once, before the first digit, to mark a number in international form. %s",
			number, exampleSentence(region))
	}

	if unicode.IsLetter(r) {
		return numberError("The phone number %q contains the letter %q. Letters, as in vanity numbers such as 1-800-FLOWERS, are not accepted, so send digits only. %s",
			number, r, exampleSentence(region))
	}

	return numberError("The phone number %q contains %q (U+%04X), which is not a digit, a space or one of - . ( ) /. %s",
		number, r, r, exampleSentence(region))
}

// extensionOf returns the extension of number ("7" for "ext. 7", "x7",
// ";ext=7", "#7" or ",7"), as phonenumbers finds it, when the part before it
// contains no other stray characters, else "".
func extensionOf(number string) string {
	rest, extension := phonenumbers.MaybeSeparateExtensionFromPhone(number)
	if extension == "" {
		return ""
	}

	for _, r := range rest {
		if _, ok := digitValue(r); !ok && !isPlus(r) && !isSeparator(r) {
			return ""
		}
	}

	return extension
}
