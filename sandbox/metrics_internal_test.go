package sandbox

import (
	"testing"
	"time"
)

func TestMetricsObserveAllocations(t *testing.T) {
	s, err := New(Options{})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { s.Close() })

	cases := []struct {
		name   string
		method string
		status int
	}{
		{"known method", "POST", 201},
		{"other method", "BREW", 405},
		{"dropped", "GET", 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s.metrics.observe("/v1/customers", tc.method, tc.status, time.Millisecond)
			allocs := testing.AllocsPerRun(1000, func() {
				s.metrics.observe("/v1/customers", tc.method, tc.status, time.Millisecond)
			})
			if allocs != 0 {
				t.Errorf("got %v allocations per request once the series is cached, want 0", allocs)
			}
		})
	}
}

func BenchmarkMetricsObserve(b *testing.B) {
	s, err := New(Options{})
	if err != nil {
		b.Fatalf("New: %v", err)
	}
	b.Cleanup(func() { s.Close() })

	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			s.metrics.observe("/v1/customers/{id}", "GET", 200, time.Millisecond)
		}
	})
}
