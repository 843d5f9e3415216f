package sandbox

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

// openAPIFile is the committed copy of the document, for readers and
// tools that do not run the server.
const openAPIFile = "../docs/openapi.json"

var updateOpenAPI = flag.Bool("update-openapi", false, "rewrite docs/openapi.json from what the server serves")

// TestOpenAPIFile checks that the committed document is exactly what a
// server with default options serves at /openapi.json.
func TestOpenAPIFile(t *testing.T) {
	_, url := openAPIServer(t, Options{})
	served := fetchOpenAPI(t, url)

	if *updateOpenAPI {
		if err := os.MkdirAll(filepath.Dir(openAPIFile), 0o755); err != nil {
			t.Fatalf("create the docs directory: %v", err)
		}
		if err := os.WriteFile(openAPIFile, served, 0o644); err != nil {
			t.Fatalf("write %s: %v", openAPIFile, err)
		}
		t.Logf("wrote %s (%d bytes)", openAPIFile, len(served))
		return
	}

	committed, err := os.ReadFile(openAPIFile)
	if err != nil {
		t.Fatalf("read %s: %v; create it with: go generate ./sandbox", openAPIFile, err)
	}
	if !bytes.Equal(committed, served) {
		t.Errorf("docs/openapi.json differs from the document the server builds (%d bytes committed, %d served); "+
			"regenerate it with: go generate ./sandbox (runs go test -run TestOpenAPIFile -update-openapi)",
			len(committed), len(served))
	}
}
