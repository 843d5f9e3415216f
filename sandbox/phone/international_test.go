package phone

import "testing"

func TestNormalizeInternational(t *testing.T) {
	tests := []struct {
		name     string
		number   string
		want     string
		wantText string
	}{
		{name: "US", number: "+1 (202) 555-0143", want: "+12025550143"},
		{name: "GB with (0)", number: "+44 (0)20 7946 0018", want: "+442079460018"},
		{name: "AE Arabic-Indic digits", number: "+٩٧١ ٥٠ ١٢٣ ٤٥٦٧", want: "+971501234567"},
		{name: "fullwidth", number: "＋３３ ６ １２ ３４ ５６ ７８", want: "+33612345678"},
		{name: "number stored at loose", number: "+1333333333", want: "+1333333333"},
		{name: "national form", number: "(202) 555-0143", wantText: "not in international form"},
		{name: "international prefix 00", number: "00 44 20 7946 0018", wantText: "not in international form"},
		{name: "letters", number: "+1-800-FLOWERS", wantText: "letter 'F'"},
		{name: "extension", number: "+1 202 555 0143 ext. 7", wantText: "extension (7)"},
		{name: "empty", number: "", wantText: "empty"},
		{name: "unknown calling code", number: "+999 123 4567", wantText: "known country calling code"},
		{name: "sixteen digits", number: "+1 202 555 0143 123 45", wantText: "16 digits"},
		{name: "too short", number: "+1 2", wantText: "too short"},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NormalizeInternational(tt.number)
			if tt.wantText == "" {
				if err != nil {
					t.Fatalf("NormalizeInternational(%q): %v", tt.number, err)
				}
				if got != tt.want {
					t.Errorf("NormalizeInternational(%q) = %q, want %q", tt.number, got, tt.want)
				}
				return
			}

			if err == nil {
				t.Fatalf("NormalizeInternational(%q) = %q, want an error", tt.number, got)
			}
			checkError(t, err, ParamNumber, tt.wantText)
		})
	}
}
