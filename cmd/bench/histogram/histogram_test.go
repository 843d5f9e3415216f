package histogram

import (
	"testing"
	"time"
)

func TestBucketBoundsContainValue(t *testing.T) {
	values := []int64{0, 1, 127, 128, 129, 255, 256, 1000, 65_535, 1_000_000, 123_456_789, 1 << 44}
	for _, v := range values {
		i := bucketIndex(v)
		upper := bucketUpperBound(i)
		if upper < v {
			t.Errorf("value %d: bucket %d upper bound %d, want >= value", v, i, upper)
		}
		if i > 0 && bucketUpperBound(i-1) >= v {
			t.Errorf("value %d: previous bucket upper bound %d, want < value", v, bucketUpperBound(i-1))
		}
	}
}

func TestBucketRelativeError(t *testing.T) {
	for v := int64(1); v < 1<<40; v = v*3 + 7 {
		upper := bucketUpperBound(bucketIndex(v))
		if rel := float64(upper-v) / float64(v); rel > 1.0/subBucketCount {
			t.Errorf("value %d: upper bound %d, relative error %.4f, want <= %.4f", v, upper, rel, 1.0/subBucketCount)
		}
	}
}

func TestPercentile(t *testing.T) {
	uniform := New()
	for i := 1; i <= 1000; i++ {
		uniform.Record(time.Duration(i) * time.Microsecond)
	}

	tests := []struct {
		name string
		h    *Histogram
		p    float64
		want time.Duration
	}{
		{"empty", New(), 50, 0},
		{"uniform p50", uniform, 50, 500 * time.Microsecond},
		{"uniform p99", uniform, 99, 990 * time.Microsecond},
		{"uniform p100 is max", uniform, 100, 1000 * time.Microsecond},
		{"uniform p0 is min", uniform, 0, 1 * time.Microsecond},
		{"above 100 clamps", uniform, 150, 1000 * time.Microsecond},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.h.Percentile(tc.p)
			assertWithin(t, got, tc.want)
		})
	}
}

func TestPercentileSkewed(t *testing.T) {
	h := New()
	for range 990 {
		h.Record(100 * time.Microsecond)
	}
	for range 10 {
		h.Record(50 * time.Millisecond)
	}

	assertWithin(t, h.Percentile(50), 100*time.Microsecond)
	assertWithin(t, h.Percentile(99), 100*time.Microsecond)
	assertWithin(t, h.Percentile(99.9), 50*time.Millisecond)
}

func TestMergeAndSummary(t *testing.T) {
	a, b := New(), New()
	a.Record(2 * time.Millisecond)
	a.Record(4 * time.Millisecond)
	b.Record(1 * time.Millisecond)
	b.Record(9 * time.Millisecond)
	a.Merge(b)
	a.Merge(New())

	if got := a.Count(); got != 4 {
		t.Errorf("count: got %d, want 4", got)
	}
	if got := a.Min(); got != time.Millisecond {
		t.Errorf("min: got %v, want 1ms", got)
	}
	if got := a.Max(); got != 9*time.Millisecond {
		t.Errorf("max: got %v, want 9ms", got)
	}
	if got := a.Mean(); got != 4*time.Millisecond {
		t.Errorf("mean: got %v, want 4ms", got)
	}
}

func TestRecordClampsExtremes(t *testing.T) {
	h := New()
	h.Record(-time.Second)
	h.Record(100 * time.Hour)

	if got := h.Min(); got != 0 {
		t.Errorf("min: got %v, want 0", got)
	}
	if got := h.Percentile(100); got != 100*time.Hour {
		t.Errorf("p100: got %v, want 100h (capped at max)", got)
	}
}

// assertWithin fails unless got is in [want, want*(1+1/64)], the error bound
// of one bucket.
func assertWithin(t *testing.T, got, want time.Duration) {
	t.Helper()
	limit := want + want/subBucketCount
	if got < want || got > limit {
		t.Errorf("got %v, want between %v and %v", got, want, limit)
	}
}
