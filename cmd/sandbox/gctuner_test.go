package main

import (
	"runtime"
	"runtime/debug"
	"testing"
)

func TestGCPercentFor(t *testing.T) {
	const mb = 1 << 20
	tests := []struct {
		name     string
		live     uint64
		headroom uint64
		want     int
	}{
		{name: "small heap gets the headroom", live: 8 * mb, headroom: 64 * mb, want: 800},
		{name: "fresh heap", live: 3 * mb, headroom: 64 * mb, want: 2133},
		{name: "heap as large as the headroom", live: 64 * mb, headroom: 64 * mb, want: defaultGCPercent},
		{name: "large heap keeps the default", live: 2048 * mb, headroom: 64 * mb, want: defaultGCPercent},
		{name: "no live heap reading", live: 0, headroom: 64 * mb, want: defaultGCPercent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := gcPercentFor(tt.live, tt.headroom); got != tt.want {
				t.Errorf("gcPercentFor(%d, %d) = %d, want %d", tt.live, tt.headroom, got, tt.want)
			}
		})
	}
}

func TestGCTunerAdjustsAfterCollections(t *testing.T) {
	tuner := &gcTuner{headroom: gcHeadroom}
	tuner.arm()
	defer tuner.stop()

	// The finalizer that adjusts GOGC runs on the runtime's finalizer
	// goroutine some time after a collection, so collect until it has run
	// twice, which also shows that it arms itself again.
	for i := 0; i < 1000 && tuner.adjusted.Load() < 2; i++ {
		runtime.GC()
		runtime.Gosched()
	}
	if got := tuner.adjusted.Load(); got < 2 {
		t.Fatalf("tuner adjusted GOGC after %d collections, want at least 2", got)
	}
}

func TestGCTunerStopRestoresDefault(t *testing.T) {
	tuner := &gcTuner{headroom: gcHeadroom}
	debug.SetGCPercent(defaultGCPercent * 5)
	tuner.stop()

	// SetGCPercent returns the setting it replaces.
	if got := debug.SetGCPercent(defaultGCPercent); got != defaultGCPercent {
		t.Errorf("after stop: got GOGC %d, want %d", got, defaultGCPercent)
	}
}

func TestStartGCTunerLeavesSetGOGCAlone(t *testing.T) {
	t.Setenv("GOGC", "150")
	previous := debug.SetGCPercent(150)
	defer debug.SetGCPercent(previous)

	stop := startGCTuner()
	runtime.GC()
	stop()

	if got := debug.SetGCPercent(previous); got != 150 {
		t.Errorf("with GOGC=150 set: got GOGC %d after the tuner, want 150", got)
	}
}
