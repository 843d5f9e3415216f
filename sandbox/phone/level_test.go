package phone

import (
	"strings"
	"testing"
)

func TestParseLevel(t *testing.T) {
	tests := []struct {
		name    string
		input   string
		want    Level
		wantErr bool
	}{
		{name: "empty is possible", input: "", want: LevelPossible},
		{name: "possible", input: "possible", want: LevelPossible},
		{name: "valid", input: "valid", want: LevelValid},
		{name: "loose", input: "loose", want: LevelLoose},
		{name: "unknown", input: "strict", wantErr: true},
		{name: "other case", input: "Valid", wantErr: true},
	}

	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseLevel(tt.input)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("ParseLevel(%q) = %q, want an error", tt.input, got)
				}
				for _, level := range []string{"possible", "valid", "loose"} {
					if !strings.Contains(err.Error(), level) {
						t.Errorf("error %q does not name level %q", err, level)
					}
				}
				return
			}

			if err != nil {
				t.Fatalf("ParseLevel(%q): %v", tt.input, err)
			}
			if got != tt.want {
				t.Errorf("ParseLevel(%q) = %q, want %q", tt.input, got, tt.want)
			}
		})
	}
}

func TestNormalizeUnknownLevel(t *testing.T) {
	_, err := Normalize("2025550143", "US", Level("strict"))
	if err == nil {
		t.Fatal("got no error, want one for an unknown level")
	}

	if _, ok := err.(*Error); ok {
		t.Errorf("got *Error %v, want a plain error, because the level is the caller's mistake", err)
	}
}
