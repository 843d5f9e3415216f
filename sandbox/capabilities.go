package sandbox

import (
	"net/http"
)

// capabilitiesJSON describes this server and the controls it serves, so a
// runner or an SDK test can skip what is not there.
type capabilitiesJSON struct {
	Name                  string    `json:"name"`
	Version               string    `json:"version"`
	TokenMode             string    `json:"token_mode"`
	Deterministic         bool      `json:"deterministic"`
	ConfirmationTTL       string    `json:"confirmation_ttl"`
	MaxConfirmAttempts    int       `json:"max_confirm_attempts"`
	MaxSends              int       `json:"max_sends"`
	SendWindow            string    `json:"send_window"`
	PhoneValidation       string    `json:"phone_validation"`
	HideConfirmationToken bool      `json:"hide_confirmation_token"`
	RequireAPIKey         bool      `json:"require_api_key"`
	MaxBodyBytes          int64     `json:"max_body_bytes"`
	JournalSize           int       `json:"journal_size"`
	JournalBodyBytes      int       `json:"journal_body_bytes"`
	Clock                 clockJSON `json:"clock"`
	Controls              []string  `json:"controls"`
}

// controls lists the control features this server serves.
var controls = []string{"outbox", "customers", "reset", "clock", "state", "journal", "faults"}

func (s *Server) capabilities(w http.ResponseWriter, r *http.Request) error {
	txn := s.db.Txn(false)
	defer txn.Abort()
	clock, err := s.clockIn(txn, requestInfoFrom(r.Context()).tenant)
	if err != nil {
		return err
	}

	return writeJSON(w, http.StatusOK, capabilitiesJSON{
		Name:                  "dirtylemon-api-sandbox",
		Version:               s.opts.Version,
		TokenMode:             s.opts.TokenMode,
		Deterministic:         s.opts.Deterministic,
		ConfirmationTTL:       s.opts.ConfirmationTTL.String(),
		MaxConfirmAttempts:    s.opts.MaxConfirmAttempts,
		MaxSends:              s.opts.MaxSends,
		SendWindow:            s.opts.SendWindow.String(),
		PhoneValidation:       string(s.level),
		HideConfirmationToken: s.opts.HideConfirmationToken,
		RequireAPIKey:         s.opts.RequireAPIKey || s.keys != nil,
		MaxBodyBytes:          s.opts.MaxBodyBytes,
		JournalSize:           s.opts.JournalSize,
		JournalBodyBytes:      JournalBodyBytes,
		Clock:                 s.clockJSON(clock),
		Controls:              controls,
	})
}
