package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync/atomic"
)

// gcHeadroom is the minimum heap growth between two collections that the
// tuner keeps. With the default GOGC of 100 the next collection starts
// when the heap has grown by its live size, which for a fresh sandbox of a
// few MB means a collection every few hundred creates. Each collection
// also has a cost that does not shrink with the heap. Keeping at least
// gcHeadroom of growth makes collections of a small heap rarer, for up to
// gcHeadroom more resident memory. A heap whose live size is over
// gcHeadroom is collected with GOGC 100, as without the tuner.
const gcHeadroom = 64 << 20

// defaultGCPercent is the GOGC the tuner never goes below.
const defaultGCPercent = 100

// liveHeapMetric is the heap marked live by the last collection.
const liveHeapMetric = "/gc/heap/live:bytes"

// gcTuner sets GOGC after each collection so that the next one starts no
// sooner than gcHeadroom of heap growth.
type gcTuner struct {
	headroom uint64
	stopped  atomic.Bool
	adjusted atomic.Int64 // collections seen, for tests
}

// startGCTuner starts a tuner unless the GOGC environment variable is set,
// which then stays in charge. The returned function stops the tuner.
func startGCTuner() (stop func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	t := &gcTuner{headroom: gcHeadroom}
	t.arm()
	return t.stop
}

func (t *gcTuner) stop() {
	t.stopped.Store(true)
	debug.SetGCPercent(defaultGCPercent)
}

// arm allocates an object that only its finalizer refers to, so the
// finalizer runs after the next collection. The finalizer adjusts GOGC
// and arms again. The object holds a pointer, so the runtime never packs
// it with other small objects into one allocation, which would delay its
// finalizer.
func (t *gcTuner) arm() {
	sentinel := &struct{ tuner *gcTuner }{tuner: t}
	runtime.SetFinalizer(sentinel, func(s *struct{ tuner *gcTuner }) {
		if s.tuner.stopped.Load() {
			return
		}
		s.tuner.adjust()
		s.tuner.arm()
	})
}

// adjust sets GOGC for the live heap of the collection that just ended.
func (t *gcTuner) adjust() {
	sample := []metrics.Sample{{Name: liveHeapMetric}}
	metrics.Read(sample)
	if sample[0].Value.Kind() != metrics.KindUint64 {
		return // the runtime does not have the metric; leave GOGC alone
	}
	debug.SetGCPercent(gcPercentFor(sample[0].Value.Uint64(), t.headroom))
	t.adjusted.Add(1)
}

// gcPercentFor returns the GOGC at which a heap of live bytes may grow by
// headroom bytes before the next collection, and never less than
// defaultGCPercent.
func gcPercentFor(live, headroom uint64) int {
	if live == 0 || live*defaultGCPercent/100 >= headroom {
		return defaultGCPercent
	}
	return int(headroom * 100 / live)
}
