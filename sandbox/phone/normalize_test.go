package phone

import (
	"errors"
	"strings"
	"testing"
)

// normalizeCase is one call of Normalize and what it must return: want for
// an accepted number, else wantParam and pieces of the message.
type normalizeCase struct {
	name      string
	number    string
	country   string
	level     Level
	want      string
	wantParam string
	wantText  []string
}

func TestNormalizeAccepts(t *testing.T) {
	tests := []normalizeCase{
		{name: "US digits only", number: "2025550143", country: "US", want: "+12025550143"},
		{name: "US brackets and dash", number: "(202) 555-0143", country: "US", want: "+12025550143"},
		{name: "US dots", number: "202.555.0143", country: "US", want: "+12025550143"},
		{name: "US slash", number: "202/555-0143", country: "US", want: "+12025550143"},
		{name: "US international", number: "+1 202 555 0143", country: "US", want: "+12025550143"},
		{name: "US leading calling code", number: "1 202 555 0143", country: "US", want: "+12025550143"},
		{name: "US surrounding spaces", number: "  202 555 0143\t", country: "US", want: "+12025550143"},
		{name: "US lower-case country", number: "202-555-0143", country: "us", want: "+12025550143"},
		{name: "US no-break spaces", number: "202\u00a0555\u00a00143", country: "US", want: "+12025550143"},
		{name: "US thin and ideographic spaces", number: "202\u2009555\u30000143", country: "US", want: "+12025550143"},
		{name: "US en and em dashes", number: "202\u2013555\u20140143", country: "US", want: "+12025550143"},
		{name: "US minus sign and no-break hyphen", number: "202\u2212555\u20110143", country: "US", want: "+12025550143"},
		{name: "US fullwidth plus and digits", number: "＋１ ２０２ ５５５ ０１４３", country: "US", want: "+12025550143"},
		{name: "US fullwidth brackets", number: "（２０２）５５５－０１４３", country: "US", want: "+12025550143"},
		{name: "US mathematical digits", number: "𝟐𝟎𝟐 𝟓𝟓𝟓 𝟎𝟏𝟒𝟑", country: "US", want: "+12025550143"},
		{name: "US valid level", number: "(201) 555-0123", country: "US", level: LevelValid, want: "+12015550123"},
		{name: "US possible but invalid range", number: "+1 123 456 7890", country: "US", want: "+11234567890"},
		{name: "CA example", number: "(506) 234-5678", country: "CA", want: "+15062345678"},
		{name: "CA Toronto", number: "416 555 0123", country: "CA", level: LevelValid, want: "+14165550123"},
		{name: "GB trunk prefix", number: "020 7946 0018", country: "GB", want: "+442079460018"},
		{name: "GB international with (0)", number: "+44 (0)20 7946 0018", country: "GB", want: "+442079460018"},
		{name: "GB plus inside brackets", number: "(+44) 20 7946 0018", country: "GB", want: "+442079460018"},
		{name: "GB valid level", number: "0121 234 5678", country: "gb", level: LevelValid, want: "+441212345678"},
		{name: "FR trunk prefix", number: "06 12 34 56 78", country: "FR", want: "+33612345678"},
		{name: "FR dots", number: "06.12.34.56.78", country: "FR", level: LevelValid, want: "+33612345678"},
		{name: "FR international prefix 00", number: "00 33 6 12 34 56 78", country: "FR", want: "+33612345678"},
		{name: "DE Berlin", number: "030 123456", country: "DE", want: "+4930123456"},
		{name: "DE international", number: "+49 30 123456", country: "DE", level: LevelValid, want: "+4930123456"},
		{name: "IN mobile", number: "81234 56789", country: "IN", level: LevelValid, want: "+918123456789"},
		{name: "IN Devanagari digits", number: "८१२३४ ५६७८९", country: "IN", want: "+918123456789"},
		{name: "IN Bengali digits", number: "৮১২৩৪ ৫৬৭৮৯", country: "IN", want: "+918123456789"},
		{name: "AE mobile", number: "050 123 4567", country: "AE", level: LevelValid, want: "+971501234567"},
		{name: "AE Arabic-Indic digits", number: "٠٥٠ ١٢٣ ٤٥٦٧", country: "AE", want: "+971501234567"},
		{name: "AE Extended Arabic-Indic digits", number: "۰۵۰ ۱۲۳ ۴۵۶۷", country: "AE", want: "+971501234567"},
		{name: "AE Arabic-Indic international", number: "+٩٧١ ٥٠ ١٢٣ ٤٥٦٧", country: "AE", want: "+971501234567"},
		{name: "TH Thai digits", number: "๐๘๑ ๒๓๔ ๕๖๗๘", country: "TH", want: "+66812345678"},
		{name: "JE Jersey", number: "01534 456789", country: "JE", level: LevelValid, want: "+441534456789"},
		{name: "KZ", number: "8 (71234) 5 67 89", country: "KZ", want: "+77123456789"},
		{name: "loose documentation example", number: "333-333-333", country: "US", level: LevelLoose, want: "+1333333333"},
		{name: "loose four digits", number: "1234", country: "US", level: LevelLoose, want: "+11234"},
		{name: "loose strips trunk prefix", number: "020 7946 0018", country: "GB", level: LevelLoose, want: "+442079460018"},
		{name: "loose international", number: "+33 6 12 34 56 78", country: "FR", level: LevelLoose, want: "+33612345678"},
		{name: "loose AE Arabic-Indic digits", number: "٠٤ ٥٦٧ ٨٩٠١", country: "AE", level: LevelLoose, want: "+97145678901"},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Normalize(tt.number, tt.country, tt.level)
			if err != nil {
				t.Fatalf("Normalize(%q, %q, %q): %v", tt.number, tt.country, tt.level, err)
			}
			if got != tt.want {
				t.Errorf("Normalize(%q, %q, %q) = %q, want %q", tt.number, tt.country, tt.level, got, tt.want)
			}
		})
	}
}

func TestNormalizeRejectsNumber(t *testing.T) {
	tests := []normalizeCase{
		{name: "documentation example at possible", number: "333-333-333", country: "US",
			wantText: []string{`"333-333-333"`, "9 digits in its national significant number", "a US number has 10.", "A US number looks like (201) 555-0123 or +12015550123."}},
		{name: "documentation example at valid", number: "333-333-333", country: "US", level: LevelValid,
			wantText: []string{"not a valid US number", "(201) 555-0123"}},
		{name: "invalid range at valid", number: "+1 123 456 7890", country: "US", level: LevelValid,
			wantText: []string{"not a valid US number"}},
		{name: "US local number", number: "555-0143", country: "US", wantText: []string{"local number", "area code"}},
		{name: "US too long", number: "202 555 0143 99", country: "US", wantText: []string{"12 digits"}},
		{name: "GB too short", number: "+44 207", country: "GB", wantText: []string{"a GB number has 7, 9 or 10.", "0121 234 5678"}},
		{name: "JE length of GB only", number: "1534 45678", country: "JE", wantText: []string{"a JE number has 10."}},
		{name: "FR too short", number: "06 12 34", country: "FR", wantText: []string{"An FR number looks like"}},
		{name: "DE invalid at valid", number: "+49 11 1234", country: "DE", level: LevelValid, wantText: []string{"not a valid DE number"}},
		{name: "IN too short", number: "81234 56", country: "IN", wantText: []string{"7 digits", "An IN number looks like"}},
		{name: "AE invalid at valid", number: "٠٩٩ ١٢٣ ٤٥٦٧", country: "AE", level: LevelValid, wantText: []string{"not a valid AE number"}},
		{name: "loose three digits", number: "123", country: "US", level: LevelLoose, wantText: []string{"3 digits", "at least 4"}},
		{name: "loose sixteen digits with calling code", number: "223456789012345", country: "US", level: LevelLoose,
			wantText: []string{"16 digits with its country calling code"}},
		{name: "vanity number", number: "1-800-FLOWERS", country: "US", wantText: []string{`letter 'F'`, "vanity"}},
		{name: "letter in any script", number: "202 555 014Б", country: "US", wantText: []string{`letter 'Б'`}},
		{name: "extension ext.", number: "202-555-0143 ext. 7", country: "US", wantText: []string{"extension (7)"}},
		{name: "extension x", number: "202-555-0143 x7", country: "US", wantText: []string{"extension (7)"}},
		{name: "extension RFC 3966", number: "+1-202-555-0143;ext=7", country: "US", wantText: []string{"extension (7)"}},
		{name: "extension hash", number: "202-555-0143#7", country: "US", wantText: []string{"extension (7)"}},
		{name: "tel URI", number: "tel:+12025550143", country: "US", wantText: []string{"letter 't'"}},
		{name: "asterisk", number: "202*555*0143", country: "US", wantText: []string{"U+002A"}},
		{name: "comma", number: "202,555,0143", country: "GB", wantText: []string{"U+002C", "A GB number looks like"}},
		{name: "extension after comma", number: "020 7946 0018,7", country: "GB", wantText: []string{"extension (7)"}},
		{name: "underscore", number: "202_555_0143", country: "US", wantText: []string{"U+005F"}},
		{name: "zero-width space", number: "202\u200b555\u200b0143", country: "US", wantText: []string{"U+200B"}},
		{name: "superscript digit", number: "²02 555 0143", country: "US", wantText: []string{"U+00B2"}},
		{name: "plus after a digit", number: "1+202 555 0143", country: "US", wantText: []string{"a + after its start"}},
		{name: "two pluses", number: "++1 202 555 0143", country: "US", wantText: []string{"a + after its start"}},
		{name: "invalid UTF-8", number: "202\xff555 0143", country: "US", wantText: []string{"not valid UTF-8"}},
		{name: "empty", number: "", country: "US", wantText: []string{"empty", "A US number looks like"}},
		{name: "spaces only", number: "   ", country: "US", wantText: []string{"empty"}},
		{name: "no-break spaces only", number: "\u00a0\u3000", country: "FR", wantText: []string{"empty"}},
		{name: "punctuation only", number: "(--)", country: "US", wantText: []string{"no digits"}},
		{name: "plus only", number: "+", country: "US", wantText: []string{"no digits"}},
		{name: "sixteen digits", number: "+1 202 555 0143 123 45", country: "US", wantText: []string{"16 digits", "at most 15"}},
		{name: "over 64 characters", number: strings.Repeat("1 ", 33), country: "US", wantText: []string{"66 characters", "maximum of 64"}},
		{name: "unknown calling code", number: "+999 123 4567", country: "US", wantText: []string{"known country calling code"}},
		{name: "only a calling code", number: "+44", country: "GB", wantText: []string{"too short"}},
		{name: "trunk prefix left after stripping", number: "0006998110", country: "GH",
			wantText: []string{"ambiguous", "+233006998110 reads back as +23306998110"}},
		{name: "BY trunk prefix left at loose", number: "0825075002003", country: "BY", level: LevelLoose,
			wantText: []string{"ambiguous"}},
		{name: "number checked before country", number: "abc", country: "XX", wantText: []string{"letter 'a'", "in international form looks like"}},
	}

	for _, tt := range tests {
		tt.wantParam = ParamNumber
		t.Run(tt.name, func(t *testing.T) {
			checkRejected(t, tt)
		})
	}
}

func TestNormalizeRejectsCountry(t *testing.T) {
	tests := []normalizeCase{
		{name: "GB number with US", number: "+44 20 7946 0018", country: "US", wantText: []string{"+44 (GB)", `"US" uses +1`}},
		{name: "US number with GB", number: "+1 202 555 0143", country: "gb", wantText: []string{"+1 (US)", `"GB" uses +44`}},
		{name: "FR number by 00 prefix with DE", number: "00 33 6 12 34 56 78", country: "DE", wantText: []string{"+33 (FR)", "+49"}},
		{name: "non-geographic calling code", number: "+800 1234 5678", country: "US", wantText: []string{"+800,"}},
		{name: "CA number with US", number: "+1 416 555 0123", country: "US", wantText: []string{"valid CA number", `country_code "CA"`}},
		{name: "CA number in national form with US", number: "(416) 555-0123", country: "US", wantText: []string{"valid CA number"}},
		{name: "CA number with US at loose", number: "+1 416 555 0123", country: "US", level: LevelLoose, wantText: []string{"valid CA number"}},
		{name: "CA number with US at valid", number: "+1 506 234 5678", country: "US", level: LevelValid, wantText: []string{"valid CA number"}},
		{name: "US number with CA", number: "+1 202 555 0143", country: "CA", wantText: []string{"valid US number"}},
		{name: "Jersey number with GB", number: "01534 456789", country: "GB", wantText: []string{"valid JE number"}},
		{name: "KZ number with RU", number: "+7 71234 56789", country: "RU", wantText: []string{"valid KZ number"}},
		{name: "unknown region", number: "2025550143", country: "XX", wantText: []string{`"XX"`}},
		{name: "alpha-3 code", number: "2025550143", country: "USA", wantText: []string{`"USA"`}},
		{name: "empty country", number: "2025550143", country: "", wantText: []string{"empty"}},
	}

	for _, tt := range tests {
		tt.wantParam = ParamCountry
		t.Run(tt.name, func(t *testing.T) {
			checkRejected(t, tt)
		})
	}
}

// checkRejected calls Normalize and checks that it returns an *Error with
// the case's Param and message text.
func checkRejected(t *testing.T, tt normalizeCase) {
	t.Helper()

	got, err := Normalize(tt.number, tt.country, tt.level)
	if err == nil {
		t.Fatalf("Normalize(%q, %q, %q) = %q, want an error", tt.number, tt.country, tt.level, got)
	}

	checkError(t, err, tt.wantParam, tt.wantText...)
}

// checkError checks that err is an *Error on wantParam whose message
// contains each of wantText and reads as sentences.
func checkError(t *testing.T, err error, wantParam string, wantText ...string) {
	t.Helper()

	var phoneErr *Error
	if !errors.As(err, &phoneErr) {
		t.Fatalf("got error %v of type %T, want *Error", err, err)
	}

	if phoneErr.Param != wantParam {
		t.Errorf("Param = %q, want %q (message %q)", phoneErr.Param, wantParam, phoneErr.Message)
	}

	for _, text := range wantText {
		if !strings.Contains(phoneErr.Message, text) {
			t.Errorf("message %q does not contain %q", phoneErr.Message, text)
		}
	}

	checkMessageForm(t, phoneErr.Message)
}

// checkMessageForm checks that message reads as sentences for a client.
func checkMessageForm(t *testing.T, message string) {
	t.Helper()

	if message == "" || message[0] < 'A' || message[0] > 'Z' {
		t.Errorf("message %q does not start with a capital letter", message)
	}

	if !strings.HasSuffix(message, ".") {
		t.Errorf("message %q does not end with a full stop", message)
	}
}
