package testkit

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
)

// givenCustomer creates a customer with a fresh number and requires 201.
func (s *scenario) givenCustomer(ctx context.Context) error {
	if err := s.createWithNewPhone(ctx, s.cfg.Phones.Region(), identity); err != nil {
		return err
	}
	return s.expectStatus(http.StatusCreated)
}

// givenConfirmedCustomer creates a customer and confirms it with the token
// that was sent.
func (s *scenario) givenConfirmedCustomer(ctx context.Context) error {
	if err := s.givenCustomer(ctx); err != nil {
		return err
	}
	if err := s.confirmWithSentToken(ctx); err != nil {
		return err
	}
	return s.expectStatus(http.StatusOK)
}

func (s *scenario) createCustomer(ctx context.Context) error {
	return s.createWithNewPhone(ctx, s.cfg.Phones.Region(), identity)
}

func (s *scenario) createCustomerWithCountry(ctx context.Context, country string) error {
	return s.createWithNewPhone(ctx, country, identity)
}

func (s *scenario) createCustomerWrittenAs(ctx context.Context, pattern string) error {
	return s.createWithNewPhone(ctx, s.cfg.Phones.Region(), func(e164 string) (string, error) {
		return WritePhone(e164, pattern)
	})
}

func (s *scenario) createCustomerInScript(ctx context.Context, script string) error {
	return s.createWithNewPhone(ctx, s.cfg.Phones.Region(), func(e164 string) (string, error) {
		return WritePhoneInScript(e164, script)
	})
}

// createCustomerWith sends the given number and country as written, for
// values that must be rejected; a valid number may collide across runs.
func (s *scenario) createCustomerWith(ctx context.Context, phone, country string) error {
	return s.postCustomer(ctx, phone, country)
}

// createCustomerSamePhone creates a customer with the current number.
func (s *scenario) createCustomerSamePhone(ctx context.Context) error {
	phone, err := s.currentPhone()
	if err != nil {
		return err
	}
	return s.postCustomer(ctx, phone, s.cfg.Phones.Region())
}

func (s *scenario) createCustomerSamePhoneWrittenAs(ctx context.Context, pattern string) error {
	written, err := s.currentPhoneWrittenAs(pattern)
	if err != nil {
		return err
	}
	return s.postCustomer(ctx, written, s.cfg.Phones.Region())
}

func identity(e164 string) (string, error) { return e164, nil }

// createWithNewPhone creates a customer with fresh numbers, written by
// write, until one is not taken. A created customer becomes the current one
// and is remembered as it was created.
func (s *scenario) createWithNewPhone(ctx context.Context, country string, write func(string) (string, error)) error {
	return s.cfg.Phones.retryTaken(func() (bool, error) {
		phone, err := s.cfg.Phones.Next()
		if err != nil {
			return false, err
		}
		written, err := write(phone)
		if err != nil {
			return false, err
		}

		s.phone = phone
		if err := s.postCustomer(ctx, written, country); err != nil {
			return false, err
		}
		return isTaken(s.resp), nil
	})
}

// postCustomer sends POST /v1/customers and remembers a created customer.
func (s *scenario) postCustomer(ctx context.Context, phone, country string) error {
	body, err := json.Marshal(map[string]string{
		"unconfirmed_phone_number": phone,
		"country_code":             country,
	})
	if err != nil {
		return err
	}

	err = s.send(ctx, Request{Method: http.MethodPost, Path: "/v1/customers", Body: body})
	if s.resp != nil && s.resp.Status == http.StatusCreated {
		s.remembered = maps.Clone(s.customer)
	}
	return err
}

func (s *scenario) retrieveCustomer(ctx context.Context) error {
	id, err := s.customerID()
	if err != nil {
		return err
	}
	return s.send(ctx, Request{Method: http.MethodGet, Path: customerPath(id)})
}

func (s *scenario) retrieveCustomerByID(ctx context.Context, id string) error {
	return s.send(ctx, Request{Method: http.MethodGet, Path: customerPath(id)})
}

// updateCustomer sends PATCH with a JSON body written in the feature file.
func (s *scenario) updateCustomer(ctx context.Context, body string) error {
	id, err := s.customerID()
	if err != nil {
		return err
	}
	expanded, err := s.expand(body, false)
	if err != nil {
		return err
	}
	return s.send(ctx, Request{Method: http.MethodPatch, Path: customerPath(id), Body: []byte(expanded.text)})
}

// requestConfirmation sends POST generate_confirmation with no body.
func (s *scenario) requestConfirmation(ctx context.Context) error {
	id, err := s.customerID()
	if err != nil {
		return err
	}
	return s.send(ctx, Request{Method: http.MethodPost, Path: customerPath(id) + "/generate_confirmation"})
}

// requestedConfirmationTimes sends generate_confirmation n times and
// requires 201 each time.
func (s *scenario) requestedConfirmationTimes(ctx context.Context, n int) error {
	for i := range n {
		if err := s.requestConfirmation(ctx); err != nil {
			return err
		}
		if s.resp.Status != http.StatusCreated {
			return fmt.Errorf("request %d of %d: got status %d, want 201: %s", i+1, n, s.resp.Status, s.resp)
		}
	}
	return nil
}

// rememberCustomer keeps the current customer to compare with later.
func (s *scenario) rememberCustomer() error {
	if s.customer == nil {
		return fmt.Errorf("there is no customer to remember yet")
	}
	s.remembered = maps.Clone(s.customer)
	return nil
}
