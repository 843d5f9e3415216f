//go:build race

package phone

// raceEnabled is true under the race detector, which slows single-threaded
// table sweeps about tenfold without finding anything in them.
const raceEnabled = true
