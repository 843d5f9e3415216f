package testkit

import (
	"crypto/rand"
	"fmt"
	"math/big"
	"strings"
	"sync"

	"github.com/nyaruka/phonenumbers"
)

// DefaultPhoneTemplate is a fictitious US range: 202-555-0100 to 0199 is
// reserved for fiction, and the rest of 555 is not assigned to subscribers.
const DefaultPhoneTemplate = "+1202555####"

// maxPlaceholders bounds the number of # in a template so the counter fits
// in an int64 and the range check stays exact.
const maxPlaceholders = 15

// PhoneGenerator hands out phone numbers from a template such as
// "+1202555####", where each # is a digit. It starts at a random point of
// the range and counts up, wrapping around, so numbers are unique within a
// run and reruns against a deployment that never deletes rarely collide.
// It is safe for concurrent use.
type PhoneGenerator struct {
	template string
	slots    int
	size     int64
	region   string
	mu       sync.Mutex
	next     int64
	used     int64
}

// NewPhoneGenerator parses the template: a leading +, the country's calling
// code, digits and at least one #.
func NewPhoneGenerator(template string) (*PhoneGenerator, error) {
	slots := strings.Count(template, "#")
	if err := checkPhoneTemplate(template, slots); err != nil {
		return nil, err
	}

	sample := strings.ReplaceAll(template, "#", "0")
	num, err := phonenumbers.Parse(sample, "")
	if err != nil {
		return nil, fmt.Errorf("phone template %q: the calling code is not recognised: %v", template, err)
	}
	region := phonenumbers.GetRegionCodeForCountryCode(int(num.GetCountryCode()))

	size := int64(1)
	for range slots {
		size *= 10
	}
	start, err := rand.Int(rand.Reader, big.NewInt(size))
	if err != nil {
		return nil, fmt.Errorf("picking a random start for phone template %q failed: %w", template, err)
	}

	g := &PhoneGenerator{template: template, slots: slots, size: size, region: region, next: start.Int64()}
	return g, nil
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

// Next returns a number in E.164 form not handed out before by this
// generator. It fails once the whole range has been used.
func (g *PhoneGenerator) Next() (string, error) {
	g.mu.Lock()
	defer g.mu.Unlock()

	if g.used >= g.size {
		return "", fmt.Errorf("phone template %q: all %d numbers are used; add a # to the template", g.template, g.size)
	}
	n := g.next
	g.next = (g.next + 1) % g.size
	g.used++

	return fillHashes(g.template, fmt.Sprintf("%0*d", g.slots, n)), nil
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
