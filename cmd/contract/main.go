// Command contract runs the contract suite of the customers API against a
// deployment, or against a sandbox it starts itself. The feature files and
// the JSON Schemas are built in, so the binary alone tests a target.
//
// Exit status: 0 when every scenario passed, 1 when one failed, 2 for a
// usage or connection error, with a one-line reason on stderr.
package main

import "os"

//go:generate sh -c "go run . --list-steps=markdown > ../../docs/steps.md"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
