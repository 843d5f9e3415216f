package phone

import (
	"sync"
	"testing"

	"github.com/nyaruka/phonenumbers"
)

// TestNormalizeExampleNumbers runs every region's example number from
// phonenumbers, written in national and in international form, through
// every level.
func TestNormalizeExampleNumbers(t *testing.T) {
	regions := phonenumbers.GetSupportedRegions()
	if len(regions) < 200 {
		t.Fatalf("got %d supported regions, want over 200", len(regions))
	}

	for region := range regions {
		example := phonenumbers.GetExampleNumber(region)
		if example == nil {
			t.Errorf("region %s has no example number", region)
			continue
		}

		want := phonenumbers.Format(example, phonenumbers.E164)
		forms := []string{
			phonenumbers.Format(example, phonenumbers.NATIONAL),
			phonenumbers.Format(example, phonenumbers.INTERNATIONAL),
		}

		for _, form := range forms {
			for _, level := range []Level{LevelPossible, LevelValid, LevelLoose} {
				got, err := Normalize(form, region, level)
				if err != nil {
					t.Errorf("Normalize(%q, %q, %q): %v", form, region, level, err)
					continue
				}
				if got != want {
					t.Errorf("Normalize(%q, %q, %q) = %q, want %q", form, region, level, got, want)
				}
			}
		}
	}
}

// TestNormalizeConcurrent calls Normalize from several goroutines, for the
// race detector.
func TestNormalizeConcurrent(t *testing.T) {
	inputs := []struct{ number, country string }{
		{"(202) 555-0143", "US"},
		{"020 7946 0018", "GB"},
		{"+1 416 555 0123", "US"},
		{"٠٥٠ ١٢٣ ٤٥٦٧", "AE"},
		{"333-333-333", "US"},
	}

	var wg sync.WaitGroup
	for worker := range 8 {
		wg.Go(func() {
			for i := range 50 {
				input := inputs[(worker+i)%len(inputs)]
				first, firstErr := Normalize(input.number, input.country, LevelPossible)
				second, secondErr := Normalize(input.number, input.country, LevelPossible)
				if first != second || (firstErr == nil) != (secondErr == nil) {
					t.Errorf("Normalize(%q, %q) gave %q, %v then %q, %v",
						input.number, input.country, first, firstErr, second, secondErr)
				}
			}
		})
	}
	wg.Wait()
}
