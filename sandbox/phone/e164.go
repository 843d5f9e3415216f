package phone

import "github.com/nyaruka/phonenumbers"

// minDigits is the fewest digits an accepted number has, the country
// calling code included. LevelLoose accepts 4 digits as typed.
const minDigits = 4

// formatE164 returns parsed, read from number, in E.164 form. It rejects a
// result with fewer than 4 or more than 15 digits, which a national number
// plus the calling code can reach, so that every output matches
// ^\+[1-9][0-9]{3,14}$. It also rejects a result that phonenumbers reads
// back as another number, so that normalising an output again returns it
// unchanged.
func formatE164(parsed *phonenumbers.PhoneNumber, number, region string) (string, error) {
	formatted := phonenumbers.Format(parsed, phonenumbers.E164)

	digits := len(formatted) - 1
	if digits > maxDigits {
		return "", numberError("The phone number %q has %d digits with its country calling code, but E.164 allows at most %d. %s",
			number, digits, maxDigits, exampleSentence(region))
	}

	if digits < minDigits || formatted[0] != '+' || formatted[1] == '0' {
		return "", numberError("The phone number %q is too short. %s", number, exampleSentence(region))
	}

	if readBack := readBackE164(formatted); readBack != formatted {
		return "", numberError("The phone number %q is ambiguous, because its international form %s reads back as %s. Remove extra leading zeros or trunk prefix digits. %s",
			number, formatted, readBack, exampleSentence(region))
	}

	return formatted, nil
}

// readBackE164 parses formatted, an E.164 number, and formats it again.
// phonenumbers strips a national trunk prefix from an international number
// too, so a national significant number that still starts with one, such
// as "0006998110" in GH becoming +233006998110, reads back shorter.
func readBackE164(formatted string) string {
	parsed, err := phonenumbers.Parse(formatted, "")
	if err != nil {
		return "an invalid number"
	}

	return phonenumbers.Format(parsed, phonenumbers.E164)
}
