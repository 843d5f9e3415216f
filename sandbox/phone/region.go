package phone

import (
	"fmt"

	"github.com/nyaruka/phonenumbers"
)

// checkRegion rejects, on country_code, a number that belongs to another
// region than region: one whose country calling code differs ("+44..." with
// "US"), or one that phonenumbers finds valid for another region sharing the
// calling code ("+1 416..." is valid for CA, not US).
func checkRegion(parsed *phonenumbers.PhoneNumber, number, region string) error {
	callingCode := int(parsed.GetCountryCode())
	regionCode := phonenumbers.GetCountryCodeForRegion(region)

	if callingCode != regionCode {
		return countryError("The phone number %q has the country calling code +%d%s, but country_code %q uses +%d. Send the country_code that matches the number, or the number without its calling code.",
			number, callingCode, regionSuffix(parsed), region, regionCode)
	}

	if len(phonenumbers.GetRegionCodesForCountryCode(callingCode)) < 2 {
		return nil
	}

	if phonenumbers.IsValidNumberForRegion(parsed, region) {
		return nil
	}

	other := phonenumbers.GetRegionCodeForNumber(parsed)
	if other == "" || other == region || !phonenumbers.IsValidNumberForRegion(parsed, other) {
		return nil
	}

	return countryError("The phone number %q is a valid %s number, but country_code is %q. Send country_code %q with this number.",
		number, other, region, other)
}

// regionSuffix returns " (GB)", the region that parsed belongs to, for an error
// message, or "" for a non-geographic calling code such as +800.
func regionSuffix(parsed *phonenumbers.PhoneNumber) string {
	region := phonenumbers.GetRegionCodeForNumber(parsed)
	if region == "" {
		region = phonenumbers.GetRegionCodeForCountryCode(int(parsed.GetCountryCode()))
	}

	if phonenumbers.GetCountryCodeForRegion(region) == 0 {
		return ""
	}

	return fmt.Sprintf(" (%s)", region)
}
