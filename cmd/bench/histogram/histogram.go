// Package histogram records latencies in a log-linear histogram: exact below
// 128 ns, then 64 linear buckets per power of two, so a reported percentile is
// at most 1/64 (about 1.6%) above the true value.
package histogram

import (
	"math"
	"math/bits"
	"time"
)

const (
	subBucketBits  = 6
	subBucketCount = 1 << subBucketBits // linear buckets per power of two
	exactLimit     = 2 * subBucketCount // values below this get a bucket each

	// maxShift bounds the buckets at 2^45 ns (about 9.8 hours); larger
	// values are counted in the last bucket.
	maxShift    = 38
	bucketCount = exactLimit + maxShift*subBucketCount
)

// Histogram counts durations in nanoseconds. The zero value is empty and ready
// to use. It is not safe for concurrent use: give each goroutine its own and
// Merge them at the end.
type Histogram struct {
	counts [bucketCount]uint64
	total  uint64
	sum    float64
	min    int64
	max    int64
}

// New returns an empty histogram.
func New() *Histogram {
	return &Histogram{}
}

// Record adds one duration. Negative durations count as zero.
func (h *Histogram) Record(d time.Duration) {
	v := max(int64(d), 0)
	h.counts[bucketIndex(v)]++
	if h.total == 0 || v < h.min {
		h.min = v
	}
	if v > h.max {
		h.max = v
	}
	h.total++
	h.sum += float64(v)
}

// Merge adds every count of other into h.
func (h *Histogram) Merge(other *Histogram) {
	if other.total == 0 {
		return
	}
	for i, c := range other.counts {
		h.counts[i] += c
	}
	if h.total == 0 || other.min < h.min {
		h.min = other.min
	}
	h.max = max(h.max, other.max)
	h.total += other.total
	h.sum += other.sum
}

// Count returns the number of recorded durations.
func (h *Histogram) Count() uint64 {
	return h.total
}

// Min returns the smallest recorded duration, or 0 when empty.
func (h *Histogram) Min() time.Duration {
	return time.Duration(h.min)
}

// Max returns the largest recorded duration, or 0 when empty.
func (h *Histogram) Max() time.Duration {
	return time.Duration(h.max)
}

// Mean returns the arithmetic mean of the recorded durations, or 0 when empty.
func (h *Histogram) Mean() time.Duration {
	if h.total == 0 {
		return 0
	}
	return time.Duration(h.sum / float64(h.total))
}

// Percentile returns the smallest bucket upper bound at or below which p
// percent of the recorded durations fall, capped at Max. p is clamped to
// [0, 100]; an empty histogram returns 0.
func (h *Histogram) Percentile(p float64) time.Duration {
	if h.total == 0 {
		return 0
	}
	p = math.Min(math.Max(p, 0), 100)

	rank := uint64(math.Ceil(p / 100 * float64(h.total)))
	rank = max(rank, 1)

	var seen uint64
	for i, c := range h.counts {
		seen += c
		if seen >= rank && i == bucketCount-1 {
			return time.Duration(h.max) // the last bucket has no upper bound
		}
		if seen >= rank {
			return time.Duration(min(bucketUpperBound(i), h.max))
		}
	}
	return time.Duration(h.max)
}

// bucketIndex maps a non-negative value to its bucket.
func bucketIndex(v int64) int {
	if v < exactLimit {
		return int(v)
	}

	// shift makes v>>shift fall in [subBucketCount, 2*subBucketCount).
	shift := bits.Len64(uint64(v)) - (subBucketBits + 1)
	if shift > maxShift {
		return bucketCount - 1
	}
	return exactLimit + (shift-1)*subBucketCount + int(v>>shift) - subBucketCount
}

// bucketUpperBound returns the largest value that maps to bucket i.
func bucketUpperBound(i int) int64 {
	if i < exactLimit {
		return int64(i)
	}

	shift := (i-exactLimit)/subBucketCount + 1
	sub := int64((i-exactLimit)%subBucketCount + subBucketCount)
	return (sub+1)<<shift - 1
}
