package testkit

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"

	"github.com/nyaruka/phonenumbers"
)

// DefaultPhoneTemplate is the 10,000 numbers of the 555 exchange of area
// code 202. Only 555-0100 to 0199 is reserved for fiction, and 555-1212 is
// directory assistance in many areas, so a target that really sends SMS
// needs a range of its own: a full run uses more than 100 numbers.
const DefaultPhoneTemplate = "+1202555####"

// maxPlaceholders bounds the number of # in a template so the counter fits
// in an int64 and the range check stays exact.
const maxPlaceholders = 15

// PhoneGenerator hands out phone numbers from a template such as
// "+1202555####", where each # is a digit. Each number is drawn at random
// from the whole range, never twice in one run, so numbers are unique
// within a run and reruns against a deployment that never deletes find
// free numbers until the range is nearly full. It is safe for concurrent
// use.
type PhoneGenerator struct {
	template string
	slots    int
	size     int64
	region   string

	mu sync.Mutex

	// drawn counts the numbers handed out. The draw is a Fisher-Yates
	// shuffle done lazily: moved holds the swapped positions only, so
	// memory grows with the numbers drawn, not with the range.
	drawn int64
	moved map[int64]int64

	// taken counts the numbers the target reported as taken in this run.
	taken int
}

// NewPhoneGenerator parses the template: a leading +, the country's calling
// code, digits and at least one #.
func NewPhoneGenerator(template string) (*PhoneGenerator, error) {
	slots := strings.Count(template, "#")
	if err := checkPhoneTemplate(template, slots); err != nil {
		return nil, err
	}

	region, err := templateRegion(template)
	if err != nil {
		return nil, err
	}

	size := int64(1)
	for range slots {
		size *= 10
	}
	g := &PhoneGenerator{template: template, slots: slots, size: size, region: region, moved: map[int64]int64{}}
	return g, nil
}

// templateRegion returns the ISO 3166 code of the country the template's
// numbers belong to. The calling code alone is not enough, because the US,
// Canada and others share +1. So the region comes from the range's first
// number, or from the calling code when that number is not valid.
func templateRegion(template string) (string, error) {
	sample := strings.ReplaceAll(template, "#", "0")
	num, err := phonenumbers.Parse(sample, "")
	if err != nil {
		return "", fmt.Errorf("phone template %q: the calling code is not recognised: %v", template, err)
	}

	region := phonenumbers.GetRegionCodeForNumber(num)
	if region == "" {
		region = phonenumbers.GetRegionCodeForCountryCode(int(num.GetCountryCode()))
	}
	if len(region) != 2 || region == "ZZ" {
		return "", fmt.Errorf("phone template %q: the calling code +%d belongs to no country, so no country_code fits its numbers; use a country's range like %q",
			template, num.GetCountryCode(), DefaultPhoneTemplate)
	}
	return region, nil
}

func checkPhoneTemplate(template string, slots int) error {
	if !strings.HasPrefix(template, "+") {
		return fmt.Errorf("phone template %q must start with + and the calling code, like %q", template, DefaultPhoneTemplate)
	}
	for _, r := range template[1:] {
		if r != '#' && (r < '0' || r > '9') {
			return fmt.Errorf("phone template %q may hold only digits and #, found %q", template, r)
		}
	}
	if slots == 0 || slots > maxPlaceholders {
		return fmt.Errorf("phone template %q needs 1 to %d # for the varying digits, like %q", template, maxPlaceholders, DefaultPhoneTemplate)
	}
	return nil
}

// Next returns a number in E.164 form, drawn at random from the numbers of
// the range this generator has not handed out yet. It fails once the whole
// range has been used.
func (g *PhoneGenerator) Next() (string, error) {
	g.mu.Lock()
	defer g.mu.Unlock()

	left := g.size - g.drawn
	if left == 0 {
		return "", fmt.Errorf("phone template %q: this run has used all %d of its numbers; "+
			"use a range with more numbers, or split the run with --tags", g.template, g.size)
	}

	// Swap a random position of the unused part with its last position,
	// then shrink the unused part by one.
	pick := rand.Int64N(left)
	n := g.at(pick)
	g.moved[pick] = g.at(left - 1)
	delete(g.moved, left-1)
	g.drawn++

	return fillHashes(g.template, fmt.Sprintf("%0*d", g.slots, n)), nil
}

// at returns the number at position i of the lazy shuffle.
func (g *PhoneGenerator) at(i int64) int64 {
	if n, ok := g.moved[i]; ok {
		return n
	}
	return i
}

// Region returns the ISO 3166 code of the template's country, the
// country_code sent with its numbers, for example "US".
func (g *PhoneGenerator) Region() string {
	return g.region
}

// Template returns the template the generator was built from.
func (g *PhoneGenerator) Template() string {
	return g.template
}
