package phone

import (
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestDigitValueScripts(t *testing.T) {
	scripts := []struct {
		name   string
		digits string
	}{
		{name: "ASCII", digits: "0123456789"},
		{name: "Arabic-Indic", digits: "٠١٢٣٤٥٦٧٨٩"},
		{name: "Extended Arabic-Indic", digits: "۰۱۲۳۴۵۶۷۸۹"},
		{name: "fullwidth", digits: "０１２３４５６７８９"},
		{name: "Devanagari", digits: "०१२३४५६७८९"},
		{name: "Bengali", digits: "০১২৩৪৫৬৭৮৯"},
		{name: "Thai", digits: "๐๑๒๓๔๕๖๗๘๙"},
		{name: "Tamil", digits: "௦௧௨௩௪௫௬௭௮௯"},
		{name: "Myanmar", digits: "၀၁၂၃၄၅၆၇၈၉"},
		{name: "NKo", digits: "߀߁߂߃߄߅߆߇߈߉"},
		{name: "mathematical bold", digits: "𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗"},
		{name: "mathematical monospace", digits: "𝟶𝟷𝟸𝟹𝟺𝟻𝟼𝟽𝟾𝟿"},
		{name: "Adlam", digits: "𞥐𞥑𞥒𞥓𞥔𞥕𞥖𞥗𞥘𞥙"},
	}

	for _, script := range scripts {
		t.Run(script.name, func(t *testing.T) {
			want := 0
			for _, r := range script.digits {
				got, ok := digitValue(r)
				if !ok {
					t.Fatalf("digitValue(%q) is not a digit, want %d", r, want)
				}
				if got != want {
					t.Errorf("digitValue(%q) = %d, want %d", r, got, want)
				}
				want++
			}

			if want != 10 {
				t.Fatalf("test data has %d digits, want 10", want)
			}
		})
	}
}

// TestDigitValueTable checks the layout that digitValue relies on: every
// range of unicode.Nd has stride 1 and whole runs of ten.
func TestDigitValueTable(t *testing.T) {
	check := func(lo, hi, stride uint32) {
		t.Helper()
		if stride != 1 || (hi-lo+1)%10 != 0 {
			t.Errorf("unicode.Nd range %#x-%#x stride %d, want stride 1 and a multiple of 10 runes", lo, hi, stride)
		}
	}

	for _, digitRange := range unicode.Nd.R16 {
		check(uint32(digitRange.Lo), uint32(digitRange.Hi), uint32(digitRange.Stride))
	}
	for _, digitRange := range unicode.Nd.R32 {
		check(digitRange.Lo, digitRange.Hi, digitRange.Stride)
	}

	count := 0
	for r := rune(0); r <= unicode.MaxRune; r++ {
		got, ok := digitValue(r)
		if ok != unicode.Is(unicode.Nd, r) {
			t.Fatalf("digitValue(%U) ok = %v, want %v", r, ok, !ok)
		}
		if ok {
			count++
		}
		if ok && (got < 0 || got > 9) {
			t.Fatalf("digitValue(%U) = %d, want 0 to 9", r, got)
		}
	}

	if count%10 != 0 {
		t.Errorf("got %d Nd digits, want a multiple of 10", count)
	}
}

func TestDigitValueNonDigits(t *testing.T) {
	for _, r := range []rune{'a', '+', ' ', '²', '½', 'Ⅷ', '①', '〇', '\u00a0', utf8.RuneError} {
		if got, ok := digitValue(r); ok {
			t.Errorf("digitValue(%q) = %d, want not a digit", r, got)
		}
	}
}
