//go:build !linux

package main

import "os/exec"

// setParentDeathSignal does nothing outside Linux, where the parent-death
// signal does not exist; servers are still stopped on every normal exit.
func setParentDeathSignal(*exec.Cmd) {}
