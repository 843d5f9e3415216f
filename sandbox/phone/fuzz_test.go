package phone

import (
	"errors"
	"math/rand/v2"
	"regexp"
	"testing"

	"github.com/nyaruka/phonenumbers"
)

// e164Pattern is the form of every number that Normalize accepts.
var e164Pattern = regexp.MustCompile(`^\+[1-9][0-9]{3,14}$`)

var allLevels = []Level{LevelPossible, LevelValid, LevelLoose}

// FuzzNormalize checks, for any input, the properties that checkNormalized
// lists.
func FuzzNormalize(f *testing.F) {
	f.Add("333-333-333", "US", uint8(0))
	f.Add("+44 (0)20 7946 0018", "gb", uint8(1))
	f.Add("٠٥٠ ١٢٣ ٤٥٦٧", "AE", uint8(2))
	f.Add("1-800-FLOWERS", "US", uint8(0))

	f.Fuzz(func(t *testing.T, number, country string, levelIndex uint8) {
		level := allLevels[int(levelIndex)%len(allLevels)]
		checkNormalized(t, number, country, level)
	})
}

// TestNormalizeRandomDigits runs checkNormalized on random digit strings
// in every region. Numbers made of digits reach the parsing and length
// checks far more often than the fuzzer's random bytes do. The seed is
// fixed, so a failure repeats.
func TestNormalizeRandomDigits(t *testing.T) {
	random := rand.New(rand.NewPCG(1, 2))
	perRegion := 25
	if raceEnabled {
		perRegion = 4
	}

	for region := range phonenumbers.GetSupportedRegions() {
		for range perRegion {
			number := randomDigits(random)
			for _, level := range allLevels {
				checkNormalized(t, number, region, level)
			}
		}
	}
}

// randomDigits returns 2 to 15 digits, a third of them zeros to reach trunk
// and international prefixes, led by "+" one time in three.
func randomDigits(random *rand.Rand) string {
	count := 2 + random.IntN(14)
	number := make([]byte, 0, count+1)

	if random.IntN(3) == 0 {
		number = append(number, '+')
	}

	for range count {
		digit := byte('0' + random.IntN(10))
		if random.IntN(3) == 0 {
			digit = '0'
		}
		number = append(number, digit)
	}

	return string(number)
}

// checkNormalized checks that Normalize does not panic, that a rejection
// is an *Error on a known parameter, and that an accepted number is in
// E.164 form and comes back unchanged from Normalize with the same country
// and level and from NormalizeInternational.
func checkNormalized(t *testing.T, number, country string, level Level) {
	t.Helper()

	got, err := Normalize(number, country, level)
	if err != nil {
		checkPhoneError(t, err)
		return
	}

	if !e164Pattern.MatchString(got) {
		t.Fatalf("Normalize(%q, %q, %q) = %q, want a match of %s", number, country, level, got, e164Pattern)
	}

	again, err := Normalize(got, country, level)
	if err != nil {
		t.Fatalf("Normalize(%q, %q, %q) = %q, but normalising that again: %v", number, country, level, got, err)
	}
	if again != got {
		t.Fatalf("Normalize(%q, %q, %q) = %q, normalised again = %q", number, country, level, got, again)
	}

	international, err := NormalizeInternational(got)
	if err != nil {
		t.Fatalf("NormalizeInternational(%q): %v", got, err)
	}
	if international != got {
		t.Fatalf("NormalizeInternational(%q) = %q, want it unchanged", got, international)
	}
}

// checkPhoneError checks that err is an *Error with a known Param and a
// message in sentence form.
func checkPhoneError(t *testing.T, err error) {
	t.Helper()

	var phoneErr *Error
	if !errors.As(err, &phoneErr) {
		t.Fatalf("got error %v of type %T, want *Error", err, err)
	}

	if phoneErr.Param != ParamNumber && phoneErr.Param != ParamCountry {
		t.Fatalf("Param = %q, want %q or %q", phoneErr.Param, ParamNumber, ParamCountry)
	}

	checkMessageForm(t, phoneErr.Message)
}
