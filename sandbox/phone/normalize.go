// Package phone parses and normalises the phone numbers that the sandbox
// stores, with github.com/nyaruka/phonenumbers (a Go port of Google's
// libphonenumber). Every accepted number comes back in E.164 form, such as
// "+12025550143", and every rejected one as an *Error that names the API
// parameter to blame.
package phone

import (
	"errors"

	"github.com/nyaruka/phonenumbers"
)

// Normalize returns number in E.164 form, read with country as the region
// for numbers written in national form, and checked at level ("" means
// LevelPossible). A rejected number or country is an *Error. The phone
// number is checked for characters and digit count before country, because
// unconfirmed_phone_number comes first in the API's parameter order. An
// unknown level is a plain error, because it is the caller's mistake.
func Normalize(number, country string, level Level) (string, error) {
	if level == "" {
		level = LevelPossible
	}

	if _, err := ParseLevel(string(level)); err != nil {
		return "", err
	}

	region, countryErr := NormalizeCountry(country)

	cleaned, err := cleanNumber(number, region)
	if err != nil {
		return "", err
	}

	if countryErr != nil {
		return "", countryErr
	}

	parsed, err := parseNumber(cleaned, number, region)
	if err != nil {
		return "", err
	}

	if err := checkRegion(parsed, number, region); err != nil {
		return "", err
	}

	return checkLevel(parsed, cleaned, number, region, level)
}

// NormalizeInternational returns number, written in international form
// (with a leading +), in E.164 form. It checks the characters, the digit
// count and the country calling code, but not the length for the region,
// so a search filter also finds numbers stored at LevelLoose. The *Error it
// returns names unconfirmed_phone_number, and a caller that reads the number
// from another parameter may put that name in Param instead.
func NormalizeInternational(number string) (string, error) {
	cleaned, err := cleanNumber(number, "")
	if err != nil {
		return "", err
	}

	if cleaned[0] != '+' {
		return "", numberError("The phone number %q is not in international form. Start it with + and the country calling code, for example +12015550123.",
			number)
	}

	parsed, err := parseNumber(cleaned, number, "")
	if err != nil {
		return "", err
	}

	return formatE164(parsed, number, "")
}

// parseNumber parses cleaned, the output of cleanNumber for number, with
// phonenumbers, which also strips a national trunk prefix ("020..." in GB)
// or an international dialling prefix ("00 44..." in FR).
func parseNumber(cleaned, number, region string) (*phonenumbers.PhoneNumber, error) {
	parsed, err := phonenumbers.Parse(cleaned, region)
	if err == nil {
		return parsed, nil
	}

	switch {
	case errors.Is(err, phonenumbers.ErrInvalidCountryCode):
		return nil, numberError("The phone number %q does not start with a known country calling code. %s",
			number, exampleSentence(region))
	case errors.Is(err, phonenumbers.ErrTooShortAfterIDD),
		errors.Is(err, phonenumbers.ErrTooShortNSN),
		errors.Is(err, phonenumbers.ErrNotANumber):
		// cleanNumber has let through only digits and a leading +, so
		// phonenumbers calls such input "not a number" only when it has
		// too few digits.
		return nil, numberError("The phone number %q is too short. %s", number, exampleSentence(region))
	}

	return nil, numberError("The phone number %q could not be parsed as a phone number. %s",
		number, exampleSentence(region))
}
