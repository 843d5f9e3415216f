package phone

import (
	"fmt"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// NormalizeCountry returns code in upper case when it is a two-letter
// ISO 3166-1 alpha-2 region that phonenumbers has metadata for, such as "us"
// or "GB". Any other value, "USA" and "" included, is an *Error on
// country_code.
func NormalizeCountry(code string) (string, error) {
	if code == "" {
		return "", countryError(
			"The country_code is empty. Send a two-letter ISO 3166-1 alpha-2 code such as %s.",
			countryExamples)
	}

	if len(code) != 2 || !isASCIILetter(code[0]) || !isASCIILetter(code[1]) {
		return "", countryError(
			"The country_code %q is not two letters. Send a two-letter ISO 3166-1 alpha-2 code such as %s.",
			code, countryExamples)
	}

	region := strings.ToUpper(code)
	if phonenumbers.GetCountryCodeForRegion(region) == 0 {
		return "", countryError(
			"The country_code %q is not an ISO 3166-1 alpha-2 region with a telephone numbering plan. Send a code such as %s.",
			code, countryExamples)
	}

	return region, nil
}

const countryExamples = `"US", "GB" or "FR"`

func isASCIILetter(c byte) bool {
	return ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
}

// exampleSentence returns a sentence that shows what a number of region
// looks like, from phonenumbers' example number for it: "A US number looks
// like (201) 555-0123 or +12015550123." For an empty or unknown region it
// shows the international form only.
func exampleSentence(region string) string {
	example := phonenumbers.GetExampleNumber(region)
	if region == "" || example == nil {
		return "A phone number in international form looks like +12015550123."
	}

	national := phonenumbers.Format(example, phonenumbers.NATIONAL)
	international := phonenumbers.Format(example, phonenumbers.E164)

	return fmt.Sprintf("%s %s number looks like %s or %s.",
		article(region), region, national, international)
}

// article returns "An" before a region code whose first letter is read
// with a leading vowel sound ("an FR number"), else "A" ("a US number").
func article(region string) string {
	if region != "" && strings.ContainsRune("AEFHILMNORSX", rune(region[0])) {
		return "An"
	}

	return "A"
}
