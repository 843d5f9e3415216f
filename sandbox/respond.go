package sandbox

import (
	"encoding/json"
	"net/http"
	"strconv"
)

// writeJSON writes v as the JSON body with status.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	body, err := json.Marshal(v)
	if err != nil {
		return err
	}
	body = append(body, '\n')
	writeBody(w, status, body)
	return nil
}

// writeBody writes body, which is JSON, with status.
func writeBody(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// list is the envelope of every list response.
type list[T any] struct {
	Data []T `json:"data"`
}

func itoa(n int) string { return strconv.Itoa(n) }
