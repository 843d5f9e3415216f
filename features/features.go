// Package features holds the Gherkin feature files of the contract suite,
// embedded so the runner binary carries them.
package features

import "embed"

// FS holds every *.feature file of this directory at its root.
//
//go:embed *.feature
var FS embed.FS
