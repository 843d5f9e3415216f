package phone

import "testing"

func BenchmarkNormalize(b *testing.B) {
	inputs := []struct {
		name    string
		number  string
		country string
		level   Level
	}{
		{name: "US possible", number: "(202) 555-0143", country: "US", level: LevelPossible},
		{name: "GB valid", number: "020 7946 0018", country: "GB", level: LevelValid},
		{name: "AE Arabic-Indic", number: "٠٥٠ ١٢٣ ٤٥٦٧", country: "AE", level: LevelPossible},
		{name: "US loose", number: "333-333-333", country: "US", level: LevelLoose},
		{name: "CA with US rejected", number: "+1 416 555 0123", country: "US", level: LevelPossible},
		{name: "vanity rejected", number: "1-800-FLOWERS", country: "US", level: LevelPossible},
	}

	for _, input := range inputs {
		b.Run(input.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = Normalize(input.number, input.country, input.level)
			}
		})
	}
}
