package phone

import (
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/nyaruka/phonenumbers"
)

// checkLevel applies the checks of level to parsed, read from number with
// region, and returns its E.164 form. cleaned is the output of cleanNumber.
func checkLevel(parsed *phonenumbers.PhoneNumber, cleaned, number, region string, level Level) (string, error) {
	switch level {
	case LevelLoose:
		return checkLoose(parsed, cleaned, number, region)
	case LevelValid:
		if !phonenumbers.IsValidNumberForRegion(parsed, region) {
			return "", numberError("The phone number %q is not a valid %s number. %s",
				number, region, exampleSentence(region))
		}
	default:
		if err := checkPossible(parsed, number, region); err != nil {
			return "", err
		}
	}

	return formatE164(parsed, number, region)
}

// checkLoose accepts 4 to 15 digits as typed, whatever their length or
// ranges. The stored form is "+", the calling code and the national
// significant number (trunk prefix removed), so "333-333-333" in US becomes
// "+1333333333".
func checkLoose(parsed *phonenumbers.PhoneNumber, cleaned, number, region string) (string, error) {
	digits := len(strings.TrimPrefix(cleaned, "+"))
	if digits < minDigits {
		return "", numberError("The phone number %q has %d digits, but at least %d are needed. %s",
			number, digits, minDigits, exampleSentence(region))
	}

	return formatE164(parsed, number, region)
}

// checkPossible accepts a number whose national significant number has a
// length that phonenumbers lists as possible both for the calling code
// (IsPossibleNumberWithReason, which reads the main region's metadata, US
// for +1) and for region itself. A length that is possible only for local
// dialling, such as 7 digits in US, is rejected, because it lacks the area
// code and so is not a full E.164 number.
func checkPossible(parsed *phonenumbers.PhoneNumber, number, region string) error {
	reason := phonenumbers.IsPossibleNumberWithReason(parsed)
	national := len(phonenumbers.GetNationalSignificantNumber(parsed))
	lengths := regionLengths()[region]

	if reason == phonenumbers.IS_POSSIBLE && (len(lengths) == 0 || slices.Contains(lengths, int32(national))) {
		return nil
	}

	if reason == phonenumbers.IS_POSSIBLE_LOCAL_ONLY {
		return numberError("The phone number %q has %d digits in its national significant number, which makes it a local number without its area code. Add the area code. %s",
			number, national, exampleSentence(region))
	}

	return numberError("The phone number %q has %d digits in its national significant number (the digits after the country calling code or trunk prefix), but %s %s number has %s. %s",
		number, national, strings.ToLower(article(region)), region, joinLengths(lengths), exampleSentence(region))
}

// regionLengths returns, for each region code, the possible lengths of its
// national significant numbers, from phonenumbers' metadata. It is built once
// and then only read.
var regionLengths = sync.OnceValue(func() map[string][]int32 {
	lengths := make(map[string][]int32)

	collection, err := phonenumbers.MetadataCollection()
	if err != nil {
		return lengths
	}

	for _, metadata := range collection.GetMetadata() {
		possible := metadata.GetGeneralDesc().GetPossibleLength()
		if len(possible) > 0 && possible[0] > 0 {
			lengths[metadata.GetId()] = possible
		}
	}

	return lengths
})

// joinLengths returns lengths as "10", "9 or 10" or "7, 9 or 10".
func joinLengths(lengths []int32) string {
	if len(lengths) == 0 {
		return "a different length"
	}

	words := make([]string, len(lengths))
	for i, length := range lengths {
		words[i] = strconv.Itoa(int(length))
	}

	last := len(words) - 1
	if last == 0 {
		return words[0]
	}

	return strings.Join(words[:last], ", ") + " or " + words[last]
}
