package sandbox

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"net/http"
	"strconv"
	"sync"

	"github.com/gorilla/mux"
)

// webFS contains the outbox page: its HTML, CSS and JavaScript, inlined into
// one document when served, so the page needs no other request and no
// build step.
//
//go:embed web/index.html web/page.css web/page.js
var webFS embed.FS

// renderedPage is the outbox page ready to serve, with the Content
// Security Policy that allows exactly its inline style and script.
type renderedPage struct {
	body []byte
	csp  string
}

// pageRoutes registers the outbox page and its event stream. The page is
// served at both /_sandbox and /_sandbox/, without a redirect.
func (s *Server) pageRoutes(r *mux.Router) {
	page := s.outboxPage()
	s.route(r, "/_sandbox", methods{http.MethodGet: page})
	s.route(r, "/_sandbox/", methods{http.MethodGet: page})
	s.route(r, "/_sandbox/events", methods{http.MethodGet: s.outboxEvents})
}

// outboxPage returns the handler of the page. The page is rendered on
// the first request and kept.
func (s *Server) outboxPage() handlerFunc {
	var (
		once sync.Once
		page renderedPage
		err  error
	)
	return func(w http.ResponseWriter, r *http.Request) error {
		once.Do(func() { page, err = renderPage(s.opts.Version) })
		if err != nil {
			return fmt.Errorf("render the outbox page: %w", err)
		}

		h := w.Header()
		h.Set("Content-Type", "text/html; charset=utf-8")
		h.Set("Content-Length", strconv.Itoa(len(page.body)))
		h.Set("Content-Security-Policy", page.csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cache-Control", "no-store")
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(page.body)
		return nil
	}
}

// renderPage inlines the style and script into the HTML and builds a
// policy that allows only those two, by hash, plus requests to this
// origin. Injected markup can then run no script and load nothing.
func renderPage(version string) (renderedPage, error) {
	files := map[string][]byte{}
	for _, name := range []string{"index.html", "page.css", "page.js"} {
		data, err := webFS.ReadFile("web/" + name)
		if err != nil {
			return renderedPage{}, fmt.Errorf("read embedded %s: %w", name, err)
		}
		files[name] = data
	}

	tmpl, err := template.New("page").Parse(string(files["index.html"]))
	if err != nil {
		return renderedPage{}, fmt.Errorf("parse the page template: %w", err)
	}
	var body bytes.Buffer
	err = tmpl.Execute(&body, map[string]any{
		"Version": version,
		"Style":   template.CSS(files["page.css"]),
		"Script":  template.JS(files["page.js"]),
	})
	if err != nil {
		return renderedPage{}, fmt.Errorf("render the page template: %w", err)
	}

	csp := fmt.Sprintf("default-src 'none'; script-src '%s'; style-src '%s'; connect-src 'self'; img-src data:; "+
		"base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
		cspHash(files["page.js"]), cspHash(files["page.css"]))
	return renderedPage{body: body.Bytes(), csp: csp}, nil
}

// cspHash returns the Content Security Policy source that allows an inline
// element with exactly this content.
func cspHash(content []byte) string {
	sum := sha256.Sum256(content)
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
}
