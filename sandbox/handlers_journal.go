package sandbox

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// journalFilters are the query parameters GET /_sandbox/requests takes.
var journalFilters = []string{"method", "path", "status"}

// journalFilter selects journal entries; zero fields match everything.
type journalFilter struct {
	method      string
	path        string
	template    bool // path is a route template, compared with the entry's route
	status      int
	statusClass int // 4 for "4xx"
}

func (f journalFilter) match(e *journalEntry) bool {
	switch {
	case f.method != "" && e.Method != f.method:
		return false
	case f.path != "" && f.template && (e.Route == nil || *e.Route != f.path):
		return false
	case f.path != "" && !f.template && e.Path != f.path:
		return false
	case f.status != 0 && (e.Status == nil || *e.Status != f.status):
		return false
	case f.statusClass != 0 && (e.Status == nil || *e.Status/100 != f.statusClass):
		return false
	}
	return true
}

func (s *Server) listRequests(w http.ResponseWriter, r *http.Request) error {
	f, err := s.readJournalFilter(r.URL.Query())
	if err != nil {
		return err
	}

	out := list[*journalEntry]{Data: []*journalEntry{}}
	for _, e := range s.journal.list(requestInfoFrom(r.Context()).tenant) {
		if f.match(e) {
			out.Data = append(out.Data, e)
		}
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) clearRequests(w http.ResponseWriter, r *http.Request) error {
	s.journal.clear(requestInfoFrom(r.Context()).tenant)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// readJournalFilter reads the journal filters, which withQueryCheck has
// already checked, so a misspelt filter cannot silently match every entry.
func (s *Server) readJournalFilter(q url.Values) (journalFilter, error) {
	f := journalFilter{method: strings.ToUpper(q.Get("method"))}
	if path := q.Get("path"); path != "" {
		if err := s.setPathFilter(&f, path); err != nil {
			return f, err
		}
	}
	if status := q.Get("status"); status != "" {
		if err := setStatusFilter(&f, status); err != nil {
			return f, err
		}
	}
	return f, nil
}

// setPathFilter takes an exact path or one of the API route templates.
func (s *Server) setPathFilter(f *journalFilter, path string) error {
	if !strings.HasPrefix(path, "/") {
		return errInvalid("path", "Invalid path filter %q. Send a path that starts with /, such as /v1/customers.", truncate(path, 100))
	}
	f.path = path
	if !strings.Contains(path, "{") {
		return nil
	}
	if route, ok := s.findAPIRoute(path); !ok || route.Template != path {
		return errInvalid("path", "Unknown route template %q. Use one of %s, or an exact path.", truncate(path, 100), s.apiTemplates())
	}
	f.template = true
	return nil
}

// setStatusFilter takes a status code such as 404 or a class such as 4xx.
func setStatusFilter(f *journalFilter, status string) error {
	if len(status) == 3 && strings.EqualFold(status[1:], "xx") && status[0] >= '1' && status[0] <= '5' {
		f.statusClass = int(status[0] - '0')
		return nil
	}
	code, err := strconv.Atoi(status)
	if err != nil || code < 100 || code > 599 {
		return errInvalid("status", "Invalid status filter %q. Send a status code from 100 to 599, such as 404, or a class such as 4xx.", truncate(status, 50))
	}
	f.status = code
	return nil
}
