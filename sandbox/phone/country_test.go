package phone

import "testing"

func TestNormalizeCountry(t *testing.T) {
	tests := []struct {
		name    string
		input   string
		want    string
		wantErr bool
	}{
		{name: "upper case", input: "US", want: "US"},
		{name: "lower case", input: "us", want: "US"},
		{name: "mixed case", input: "gB", want: "GB"},
		{name: "AE", input: "ae", want: "AE"},
		{name: "unknown region", input: "XX", wantErr: true},
		{name: "alpha-3", input: "USA", wantErr: true},
		{name: "empty", input: "", wantErr: true},
		{name: "one letter", input: "U", wantErr: true},
		{name: "digits", input: "12", wantErr: true},
		{name: "non-geographic 001", input: "001", wantErr: true},
		{name: "unknown ZZ", input: "ZZ", wantErr: true},
		{name: "surrounding space", input: " US", wantErr: true},
		{name: "non-ASCII letters", input: "ÜS", wantErr: true},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := NormalizeCountry(tt.input)
			if !tt.wantErr {
				if err != nil {
					t.Fatalf("NormalizeCountry(%q): %v", tt.input, err)
				}
				if got != tt.want {
					t.Errorf("NormalizeCountry(%q) = %q, want %q", tt.input, got, tt.want)
				}
				return
			}

			if err == nil {
				t.Fatalf("NormalizeCountry(%q) = %q, want an error", tt.input, got)
			}

			wantText := []string{`"US"`}
			if tt.input != "" {
				wantText = append(wantText, `"`+tt.input+`"`)
			}
			checkError(t, err, ParamCountry, wantText...)
		})
	}
}

func TestExampleSentence(t *testing.T) {
	tests := []struct {
		region string
		want   string
	}{
		{region: "US", want: "A US number looks like (201) 555-0123 or +12015550123."},
		{region: "FR", want: "An FR number looks like 01 23 45 67 89 or +33123456789."},
		{region: "AE", want: "An AE number looks like 02 234 5678 or +97122345678."},
		{region: "", want: "A phone number in international form looks like +12015550123."},
	}

	for _, tt := range tests {
		t.Run(tt.region, func(t *testing.T) {
			if got := exampleSentence(tt.region); got != tt.want {
				t.Errorf("exampleSentence(%q) = %q, want %q", tt.region, got, tt.want)
			}
		})
	}
}

func TestErrorString(t *testing.T) {
	err := &Error{Param: ParamCountry, Message: "The country_code is empty."}

	want := "country_code: The country_code is empty."
	if got := err.Error(); got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}
