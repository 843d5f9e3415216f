package testkit

import (
	"fmt"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// digitScripts maps a script name to its zero digit; the other nine digits
// follow it in Unicode.
var digitScripts = map[string]rune{
	"Arabic-Indic": '\u0660',
	"fullwidth":    '\uFF10',
}

// WritePhone writes an E.164 number in the layout of pattern, where each #
// takes the next digit of the national number: "(###) ###-####" turns
// "+12025550143" into "(202) 555-0143". The pattern needs exactly as many #
// as the national number has digits.
func WritePhone(e164, pattern string) (string, error) {
	num, err := phonenumbers.Parse(e164, "")
	if err != nil {
		return "", fmt.Errorf("phone number %q is not in E.164 form: %v", e164, err)
	}
	national := phonenumbers.GetNationalSignificantNumber(num)

	if n := strings.Count(pattern, "#"); n != len(national) {
		return "", fmt.Errorf("pattern %q has %d #, want %d for the national number %s of %s",
			pattern, n, len(national), national, e164)
	}

	return fillHashes(pattern, national), nil
}

// fillHashes replaces each # of pattern with the next byte of digits; the
// caller makes sure there are as many digits as #.
func fillHashes(pattern, digits string) string {
	var b strings.Builder
	i := 0
	for _, r := range pattern {
		if r == '#' {
			b.WriteByte(digits[i])
			i++
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// WritePhoneInScript writes an E.164 number with the digits of another
// script, "Arabic-Indic" or "fullwidth"; the + stays.
func WritePhoneInScript(e164, script string) (string, error) {
	zero, ok := digitScripts[script]
	if !ok {
		return "", fmt.Errorf("unknown digit script %q, want Arabic-Indic or fullwidth", script)
	}

	var b strings.Builder
	for _, r := range e164 {
		if r >= '0' && r <= '9' {
			b.WriteRune(zero + (r - '0'))
			continue
		}
		b.WriteRune(r)
	}
	return b.String(), nil
}
