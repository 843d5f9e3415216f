package phone

import "fmt"

// Level is the strictness of the checks that Normalize applies to a number.
// The server sets it from its --phone-validation flag.
type Level string

const (
	// LevelPossible accepts a number whose length is possible for the
	// region. It is the default.
	LevelPossible Level = "possible"

	// LevelValid accepts a number that libphonenumber's full validation
	// accepts for the region: length and number ranges.
	LevelValid Level = "valid"

	// LevelLoose accepts 4 to 15 digits after punctuation is stripped, so
	// made-up numbers such as 333-333-333 pass.
	LevelLoose Level = "loose"
)

// ParseLevel returns the Level named by s. The empty string selects
// LevelPossible.
func ParseLevel(s string) (Level, error) {
	switch Level(s) {
	case "":
		return LevelPossible, nil
	case LevelPossible, LevelValid, LevelLoose:
		return Level(s), nil
	}

	return "", fmt.Errorf("invalid phone validation level %q (use %q, %q or %q)",
		s, LevelPossible, LevelValid, LevelLoose)
}
