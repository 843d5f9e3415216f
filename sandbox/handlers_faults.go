package sandbox

import (
	"net/http"

	"github.com/gorilla/mux"
)

// faultJSON is the wire form of a fault rule. Fields that do not apply to
// its kind are null.
type faultJSON struct {
	ID         string          `json:"id"`
	Method     *string         `json:"method"`
	Path       *string         `json:"path"`
	SMS        *string         `json:"sms"`
	Status     *int            `json:"status"`
	Error      *faultErrorJSON `json:"error"`
	RetryAfter *int            `json:"retry_after"`
	Delay      *string         `json:"delay"`
	Action     *string         `json:"action"`
	Count      int             `json:"count"`
	Remaining  int             `json:"remaining"`
}

// faultErrorJSON is the error envelope content of an error fault.
type faultErrorJSON struct {
	Code    string  `json:"code"`
	Message string  `json:"message"`
	Param   *string `json:"param"`
}

func (f fault) toJSON() faultJSON {
	out := faultJSON{ID: f.ID, Count: f.Count, Remaining: f.Remaining}
	if f.Method != "" {
		out.Method = &f.Method
	}
	if f.Path != "" {
		out.Path = &f.Path
	}
	if f.SMS != "" {
		out.SMS = &f.SMS
	}
	if f.Status != 0 {
		out.Status = &f.Status
		out.Error = &faultErrorJSON{Code: f.Error.Code, Message: f.Error.Message}
		if f.Error.Param != "" {
			out.Error.Param = &f.Error.Param
		}
	}
	if f.Retry != 0 {
		out.RetryAfter = &f.Retry
	}
	if f.Delay != 0 {
		delay := f.Delay.String()
		out.Delay = &delay
	}
	if f.Drop {
		action := faultDrop
		out.Action = &action
	}
	return out
}

func (s *Server) addFault(w http.ResponseWriter, r *http.Request) error {
	f, err := s.readFault(r)
	if err != nil {
		return err
	}

	info := requestInfoFrom(r.Context())
	f = s.faults.add(info.tenant, f)
	s.log.Info("fault added", "fault", f.ID, "kind", f.kind(), "count", f.Count,
		"request_id", info.id, "tenant", tenantHash(info.tenant))

	w.Header().Set("Location", "/_sandbox/faults/"+f.ID)
	return writeJSON(w, http.StatusCreated, f.toJSON())
}

func (s *Server) listFaults(w http.ResponseWriter, r *http.Request) error {
	faults := s.faults.list(requestInfoFrom(r.Context()).tenant)
	out := list[faultJSON]{Data: make([]faultJSON, len(faults))}
	for i, f := range faults {
		out.Data[i] = f.toJSON()
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) clearFaults(w http.ResponseWriter, r *http.Request) error {
	s.faults.clear(requestInfoFrom(r.Context()).tenant)
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) deleteFault(w http.ResponseWriter, r *http.Request) error {
	id := mux.Vars(r)["id"]
	if !s.faults.remove(requestInfoFrom(r.Context()).tenant, id) {
		return newError(http.StatusNotFound, codeResourceMissing, "id",
			"No such fault: %q. It may have been used up; GET /_sandbox/faults lists the active ones.", truncate(id, 80))
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
