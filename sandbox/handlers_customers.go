package sandbox

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/gorilla/mux"

	"github.com/dirtylemon/api-sandbox/sandbox/phone"
)

// Parameters of each endpoint, in the documentation's order, which is the
// order validation reports them in.
var (
	createParams  = []string{"unconfirmed_phone_number", "country_code"}
	updateParams  = []string{"first_name", "last_name", "email"}
	confirmParams = []string{"confirmation_token"}
)

func (s *Server) createCustomer(w http.ResponseWriter, r *http.Request) error {
	info := requestInfoFrom(r.Context())
	in, err := s.readCreate(r)
	if err != nil {
		return err
	}

	c, err := s.insertCustomer(info, in)
	if err != nil {
		return err
	}

	w.Header().Set("Location", "/v1/customers/"+c.ID)
	return writeCustomer(w, http.StatusCreated, c, s.opts.HideConfirmationToken)
}

// createInput is a validated create request.
type createInput struct {
	Number  string // E.164
	Country string // upper case
}

// readCreate decodes and validates a create request: syntax and types
// first (400), then values (422).
func (s *Server) readCreate(r *http.Request) (createInput, error) {
	p, err := readParams(r, s.opts.MaxBodyBytes, false)
	if err != nil {
		return createInput{}, err
	}
	if err := p.rejectUnknown(createParams...); err != nil {
		return createInput{}, err
	}
	number, err := p.requiredString("unconfirmed_phone_number")
	if err != nil {
		return createInput{}, err
	}
	country, err := p.requiredString("country_code")
	if err != nil {
		return createInput{}, err
	}

	e164, err := phone.Normalize(number, clipCountry(country), s.level)
	if err != nil {
		return createInput{}, phoneError(err)
	}
	country, _ = phone.NormalizeCountry(country)
	return createInput{Number: e164, Country: country}, nil
}

// clipCountry shortens a country code that is far too long to be valid,
// so the 422 that quotes it stays small. The clipped value is still too
// long to be a two-letter code, so the outcome does not change.
func clipCountry(country string) string {
	return truncate(country, 20)
}

// pathID returns the {id} path variable percent-decoded. The router
// matches the encoded path, so that %2F cannot split a segment, and so
// leaves the variable encoded: cus%5Fabc is the id cus_abc.
func pathID(r *http.Request) string {
	raw := mux.Vars(r)["id"]
	id, err := url.PathUnescape(raw)
	if err != nil {
		return raw
	}
	return id
}

// phoneError turns a rejected number or country into a 422.
func phoneError(err error) error {
	var pe *phone.Error
	if errors.As(err, &pe) {
		return errInvalid(pe.Param, "%s", pe.Message)
	}
	return err
}

func (s *Server) getCustomer(w http.ResponseWriter, r *http.Request) error {
	info := requestInfoFrom(r.Context())
	id := pathID(r)

	txn := s.db.Txn(false)
	defer txn.Abort()
	c, err := findCustomer(txn, info.tenant, id)
	if err != nil {
		return err
	}
	if c == nil {
		return errCustomerMissing(id)
	}
	return writeCustomer(w, http.StatusOK, c, s.opts.HideConfirmationToken)
}

func (s *Server) updateCustomer(w http.ResponseWriter, r *http.Request) error {
	info := requestInfoFrom(r.Context())
	changes, err := s.readUpdate(r)
	if err != nil {
		return err
	}

	c, err := s.applyUpdate(info.tenant, pathID(r), changes)
	if err != nil {
		return err
	}
	return writeCustomer(w, http.StatusOK, c, s.opts.HideConfirmationToken)
}

// readUpdate decodes and validates a PATCH body into the fields it sets.
func (s *Server) readUpdate(r *http.Request) ([]field, error) {
	p, err := readParams(r, s.opts.MaxBodyBytes, false)
	if err != nil {
		return nil, err
	}
	if err := p.rejectUnknown(updateParams...); err != nil {
		return nil, err
	}

	var changes []field
	for _, name := range updateParams {
		f, err := p.stringField(name)
		if err != nil {
			return nil, err
		}
		if f.Present {
			changes = append(changes, f)
		}
	}
	for _, f := range changes {
		if err := validateField(f); err != nil {
			return nil, err
		}
	}
	return changes, nil
}

func validateField(f field) error {
	switch {
	case f.Null:
		return nil
	case f.Name == "email":
		return validateEmail(f.Value)
	default:
		return validateName(f.Name, f.Value)
	}
}

func (s *Server) confirmCustomer(w http.ResponseWriter, r *http.Request) error {
	info := requestInfoFrom(r.Context())
	p, err := readParams(r, s.opts.MaxBodyBytes, false)
	if err != nil {
		return err
	}
	if err := p.rejectUnknown(confirmParams...); err != nil {
		return err
	}
	token, err := p.requiredString("confirmation_token")
	if err != nil {
		return err
	}

	c, err := s.confirm(info.tenant, pathID(r), token)
	if err != nil {
		return err
	}
	return writeCustomer(w, http.StatusOK, c, s.opts.HideConfirmationToken)
}

func (s *Server) generateConfirmation(w http.ResponseWriter, r *http.Request) error {
	info := requestInfoFrom(r.Context())
	p, err := readParams(r, s.opts.MaxBodyBytes, true)
	if err != nil {
		return err
	}
	if err := p.rejectUnknown(); err != nil {
		return err
	}

	if err := s.regenerate(info, pathID(r)); err != nil {
		return err
	}
	w.Header().Set("Content-Length", "0")
	w.WriteHeader(http.StatusCreated)
	return nil
}
