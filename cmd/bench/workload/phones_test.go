package workload

import (
	"testing"

	"github.com/nyaruka/phonenumbers"
)

func TestPhonesValidForUS(t *testing.T) {
	var phones Phones
	seen := map[string]bool{}
	invalid := 0
	for i := 0; i < phoneCapacity; i += 997 {
		phones.next.Store(uint64(i))
		number := phones.Next()
		if seen[number] {
			t.Fatalf("number %s returned twice", number)
		}
		seen[number] = true

		parsed, err := phonenumbers.Parse(number, "US")
		if err != nil {
			t.Fatalf("parse %s: %v", number, err)
		}
		if !phonenumbers.IsValidNumberForRegion(parsed, "US") {
			invalid++
			if invalid < 20 {
				t.Errorf("number %s: not valid for US", number)
			}
		}
	}
}
