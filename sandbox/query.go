package sandbox

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// Query parameters of the controls that take any. Every other operation,
// the whole API included, takes none, because the API reads parameters
// from the JSON body only.
var (
	smsFilters    = []string{"to", "country_code", "customer_id"}
	latestFilters = []string{"to", "country_code", "customer_id", "wait"}
)

// queryParams lists the query parameters of each operation that takes
// any, by method and path template.
var queryParams = map[string][]string{
	http.MethodGet + " /_sandbox/sms":        smsFilters,
	http.MethodGet + " /_sandbox/sms/latest": latestFilters,
	http.MethodGet + " /_sandbox/requests":   journalFilters,
}

// queryParamsOf returns the query parameters that method takes on the
// path template; HEAD takes what GET does.
func queryParamsOf(method, path string) []string {
	if method == http.MethodHead {
		method = http.MethodGet
	}
	return queryParams[method+" "+path]
}

// withQueryCheck wraps h so that a request whose query string the
// operation does not take is rejected before h runs. A request with a
// body gets its size and media type checked first, because those checks
// come before parameter checks.
func (s *Server) withQueryCheck(path string, h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		err := checkQuery(r.URL.RawQuery, queryParamsOf(r.Method, path), hasBody(r.Method))
		if err == nil {
			return h(w, r)
		}
		if hasBody(r.Method) {
			if _, bodyErr := readBody(r, s.bodyLimit(path)); bodyErr != nil {
				return bodyErr
			}
		}
		return err
	}
}

// hasBody reports whether requests with method carry a JSON body here.
func hasBody(method string) bool {
	return method == http.MethodPost || method == http.MethodPut || method == http.MethodPatch
}

// bodyLimit returns the body size limit of a path template.
func (s *Server) bodyLimit(path string) int64 {
	if path == "/_sandbox/state" {
		return s.opts.MaxStateBytes
	}
	return s.opts.MaxBodyBytes
}

// queryPair is one name=value pair of a query string, decoded.
type queryPair struct {
	name     string
	value    string
	badValue bool // the value is not valid percent-encoding
}

// checkQuery checks a raw query string against the parameters allowed.
// An unknown parameter is 400 parameter_unknown and a repeated one 400
// parameter_invalid_type, in the order sent. An empty value is then 422
// parameter_invalid, because a filter such as customer_id= would
// otherwise match everything.
func checkQuery(raw string, allowed []string, withBody bool) error {
	pairs, err := splitQuery(raw)
	if err != nil {
		return err
	}

	seen := map[string]bool{}
	for _, p := range pairs {
		if !slices.Contains(allowed, p.name) {
			return errUnknownQuery(p.name, allowed, withBody)
		}
		if seen[p.name] {
			return newError(http.StatusBadRequest, codeParameterInvalidType, p.name,
				"The query parameter %q is sent more than once. Send it once.", truncate(p.name, 100))
		}
		seen[p.name] = true
	}
	for _, p := range pairs {
		switch {
		case p.badValue:
			return errInvalid(p.name, "The value of the query parameter %q is not valid percent-encoding. Encode it with %%XX escapes.", p.name)
		case p.value == "":
			return errInvalid(p.name, "The query parameter %q is empty. Send a value, or leave the parameter out; a filter that is left out matches everything.", p.name)
		}
	}
	return nil
}

// splitQuery decodes a raw query string into its pairs in the order sent.
// url.ParseQuery would lose the order and drop a pair that is not valid
// percent-encoding, which would turn a broken filter into no filter.
func splitQuery(raw string) ([]queryPair, error) {
	var pairs []queryPair
	for _, part := range strings.Split(raw, "&") {
		if part == "" {
			continue
		}
		rawName, rawValue, _ := strings.Cut(part, "=")
		name, err := url.QueryUnescape(rawName)
		if err != nil {
			return nil, newError(http.StatusBadRequest, codeParameterUnknown, rawName,
				"The query parameter name %q is not valid percent-encoding. Encode it with %%XX escapes, or leave it out.", truncate(rawName, 100))
		}
		value, err := url.QueryUnescape(rawValue)
		pairs = append(pairs, queryPair{name: name, value: value, badValue: err != nil})
	}
	return pairs, nil
}

// errUnknownQuery returns the 400 for a query parameter the operation does
// not take.
func errUnknownQuery(name string, allowed []string, withBody bool) error {
	switch {
	case len(allowed) > 0:
		return newError(http.StatusBadRequest, codeParameterUnknown, name,
			"Unknown query parameter %q. This endpoint accepts: %s.", truncate(name, 100), quoteList(allowed))
	case withBody:
		return newError(http.StatusBadRequest, codeParameterUnknown, name,
			"Unknown query parameter %q. This endpoint takes no query parameters: send parameters in the JSON body.", truncate(name, 100))
	}
	return newError(http.StatusBadRequest, codeParameterUnknown, name,
		"Unknown query parameter %q. This endpoint takes no query parameters.", truncate(name, 100))
}
