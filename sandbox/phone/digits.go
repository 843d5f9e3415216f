package phone

import "unicode"

// digitValue returns the value 0 to 9 of r when r is a decimal digit of any
// script (Unicode category Nd), such as '٣' (Arabic-Indic), '۳' (Extended
// Arabic-Indic), '３' (fullwidth) or '३' (Devanagari).
//
// phonenumbers v1.8.1 converts only the ASCII, Arabic-Indic, Extended
// Arabic-Indic and fullwidth digits and passes the other scripts through
// unchanged, so this package converts digits before parsing.
//
// Unicode encodes every Nd digit in a contiguous run of ten, from zero to
// nine, and the unicode.Nd table lists each range with stride 1 and a length
// that is a multiple of ten (checked by a test), so the value is the offset
// from the start of the range modulo ten. A range can hold several runs, as
// the mathematical digits do.
func digitValue(r rune) (int, bool) {
	if '0' <= r && r <= '9' {
		return int(r - '0'), true
	}

	if r < 0x80 {
		return 0, false
	}

	for _, digitRange := range unicode.Nd.R16 {
		if rune(digitRange.Lo) <= r && r <= rune(digitRange.Hi) {
			return int(r-rune(digitRange.Lo)) % 10, true
		}
	}

	for _, digitRange := range unicode.Nd.R32 {
		if rune(digitRange.Lo) <= r && r <= rune(digitRange.Hi) {
			return int(r-rune(digitRange.Lo)) % 10, true
		}
	}

	return 0, false
}
