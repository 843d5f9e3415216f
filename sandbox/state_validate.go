package sandbox

import (
	"errors"
	"fmt"
	"regexp"
	"time"

	"github.com/dirtylemon/api-sandbox/sandbox/phone"
)

var (
	customerIDPattern = regexp.MustCompile(`^cus_[a-z0-9]{1,64}$`)
	smsIDPattern      = regexp.MustCompile(`^sms_[a-z0-9]{1,64}$`)
	tokenPattern      = regexp.MustCompile(`^[0-9]{6}$`)
)

// customersFromState validates exported customers and turns them into
// rows: ids and numbers unique, every value as the API itself would store.
func (s *Server) customersFromState(tenant string, in []stateCustomer) ([]*customer, error) {
	ids := map[string]bool{}
	numbers := map[string]bool{}
	out := make([]*customer, 0, len(in))
	for i, sc := range in {
		c, err := s.customerFromState(tenant, sc)
		if err != nil {
			return nil, prefixParam(fmt.Sprintf("customers[%d].", i), err)
		}
		if ids[c.ID] {
			return nil, errInvalid(fmt.Sprintf("customers[%d].id", i), "Duplicate customer id %q in the state.", c.ID)
		}
		ids[c.ID] = true
		for _, n := range []string{c.PhoneNumber, c.UnconfirmedPhoneNumber} {
			if n != "" && numbers[n] {
				return nil, errInvalid(fmt.Sprintf("customers[%d]", i), "The phone number %s is held by two customers in the state; numbers are unique per tenant.", n)
			}
			numbers[n] = true
		}
		out = append(out, c)
	}
	return out, nil
}

func (s *Server) customerFromState(tenant string, sc stateCustomer) (*customer, error) {
	if !customerIDPattern.MatchString(sc.ID) {
		return nil, errInvalid("id", "Invalid customer id %q: ids are cus_ followed by lowercase letters and digits.", truncate(sc.ID, 80))
	}
	if sc.FailedConfirmAttempts < 0 || sc.FailedConfirmAttempts > s.opts.MaxConfirmAttempts {
		// A negative count would allow more wrong tokens than the limit,
		// and the API stops counting at the limit.
		return nil, errInvalid("failed_confirm_attempts", "Invalid failed_confirm_attempts %d: send 0 to %d, the attempt limit.",
			sc.FailedConfirmAttempts, s.opts.MaxConfirmAttempts)
	}

	c := &customer{Tenant: tenant, ID: sc.ID, Seq: s.seq.Add(1), FailedAttempts: sc.FailedConfirmAttempts}
	var err error
	c.PhoneNumber, err = stateNumber("phone_number", sc.PhoneNumber)
	if err == nil {
		c.UnconfirmedPhoneNumber, err = stateNumber("unconfirmed_phone_number", sc.UnconfirmedPhoneNumber)
	}
	if err == nil {
		err = stateProfile(c, sc.customerJSON)
	}
	if err == nil {
		err = s.checkStoredNumbers(c)
	}
	if err == nil {
		err = stateTimes(c, sc)
	}
	if err == nil {
		err = s.checkConfirmationState(c)
	}
	if err != nil {
		return nil, err
	}

	return c, nil
}

// checkStoredNumbers checks that each number is what the API stores for
// the customer's country_code, so that no import holds a number that a
// create would reject or store in another form.
func (s *Server) checkStoredNumbers(c *customer) error {
	for _, n := range []struct{ param, value string }{
		{"phone_number", c.PhoneNumber},
		{"unconfirmed_phone_number", c.UnconfirmedPhoneNumber},
	} {
		if n.value == "" {
			continue
		}
		stored, err := phone.Normalize(n.value, c.CountryCode, s.level)
		var pe *phone.Error
		if errors.As(err, &pe) {
			param := n.param
			if pe.Param == phone.ParamCountry {
				param = "country_code"
			}
			return errInvalid(param, "The API would not store %s for country_code %s: %s", n.value, c.CountryCode, pe.Message)
		}
		if err != nil {
			return err
		}
		if stored != n.value {
			return errInvalid(n.param, "The API stores %s for country_code %s as %s. Send that form.", n.value, c.CountryCode, stored)
		}
	}
	return nil
}

// checkConfirmationState accepts only the two states the API produces. A
// confirmed customer has phone_number and confirmed_at, and no pending
// number, token or failed attempts. A pending one has an unconfirmed
// number, confirmation_sent_at, and a token until the attempt limit
// destroys it.
func (s *Server) checkConfirmationState(c *customer) error {
	switch {
	case c.PhoneNumber != "" && c.UnconfirmedPhoneNumber != "":
		return errInvalid("unconfirmed_phone_number", "A customer has either a phone_number (confirmed) or an unconfirmed_phone_number (pending), not both.")
	case c.PhoneNumber == "" && c.UnconfirmedPhoneNumber == "":
		return errInvalid("unconfirmed_phone_number", "A customer needs a phone_number or an unconfirmed_phone_number.")
	case c.PhoneNumber != "":
		return checkConfirmed(c)
	}
	return s.checkPending(c)
}

func checkConfirmed(c *customer) error {
	switch {
	case c.ConfirmedAt.IsZero():
		return errInvalid("confirmed_at", "A customer with a phone_number is confirmed and needs confirmed_at.")
	case c.ConfirmationToken != "":
		return errInvalid("confirmation_token", "A confirmed customer has no pending token: send null.")
	case c.FailedAttempts != 0:
		return errInvalid("failed_confirm_attempts", "A confirmed customer has no failed attempts: send 0.")
	}
	return nil
}

func (s *Server) checkPending(c *customer) error {
	destroyed := c.FailedAttempts >= s.opts.MaxConfirmAttempts
	switch {
	case !c.ConfirmedAt.IsZero():
		return errInvalid("confirmed_at", "A pending customer has no confirmed_at: send null, or move the number to phone_number.")
	case c.ConfirmationSentAt.IsZero():
		return errInvalid("confirmation_sent_at", "A customer with a pending number needs confirmation_sent_at.")
	case c.ConfirmationToken == "" && !destroyed:
		return errInvalid("confirmation_token", "A pending customer with %d failed attempts has a token: send six digits. It is null only once failed_confirm_attempts reaches the limit of %d.",
			c.FailedAttempts, s.opts.MaxConfirmAttempts)
	case c.ConfirmationToken != "" && destroyed:
		return errInvalid("confirmation_token", "The token is destroyed at the limit of %d failed attempts: send null.", s.opts.MaxConfirmAttempts)
	}
	return nil
}

func stateNumber(param string, v *string) (string, error) {
	if v == nil {
		return "", nil
	}
	e164, err := phone.NormalizeInternational(*v)
	if err != nil || e164 != *v {
		return "", errInvalid(param, "Invalid %s %q: send E.164, such as +12025550143.", param, truncate(*v, 50))
	}
	return e164, nil
}

// stateProfile copies and checks the country, profile and token fields.
func stateProfile(c *customer, in customerJSON) error {
	if in.CountryCode == nil {
		return errInvalid("country_code", "Missing country_code: send an ISO 3166 code such as \"US\".")
	}
	country, err := phone.NormalizeCountry(*in.CountryCode)
	if err != nil || country != *in.CountryCode {
		return errInvalid("country_code", "Invalid country_code %q: send an upper-case ISO 3166 code such as \"US\".", truncate(*in.CountryCode, 20))
	}
	c.CountryCode = country
	for _, f := range []struct {
		name   string
		value  *string
		target *string
	}{{"first_name", in.FirstName, &c.FirstName}, {"last_name", in.LastName, &c.LastName}, {"email", in.Email, &c.Email}} {
		if f.value == nil {
			continue
		}
		if err := validateField(field{Name: f.name, Present: true, Value: *f.value}); err != nil {
			return err
		}
		*f.target = *f.value
	}
	if in.ConfirmationToken != nil {
		if !tokenPattern.MatchString(*in.ConfirmationToken) {
			return errInvalid("confirmation_token", "Invalid confirmation_token: send six digits or null.")
		}
		c.ConfirmationToken = *in.ConfirmationToken
	}
	return nil
}

// stateTimes parses the timestamps; created_at and updated_at are required.
func stateTimes(c *customer, sc stateCustomer) error {
	targets := []struct {
		name     string
		value    *string
		target   *time.Time
		required bool
	}{
		{"confirmed_at", sc.ConfirmedAt, &c.ConfirmedAt, false},
		{"confirmation_sent_at", sc.ConfirmationSentAt, &c.ConfirmationSentAt, false},
		{"created_at", sc.CreatedAt, &c.CreatedAt, true},
		{"updated_at", sc.UpdatedAt, &c.UpdatedAt, true},
	}
	for _, t := range targets {
		if t.value == nil {
			if t.required {
				return errInvalid(t.name, "Missing %s: send an RFC 3339 time.", t.name)
			}
			continue
		}
		parsed, err := parseStateTime(t.name, *t.value)
		if err != nil {
			return err
		}
		*t.target = parsed
	}
	for _, v := range sc.Sends {
		parsed, err := parseStateTime("sends", v)
		if err != nil {
			return err
		}
		c.Sends = append(c.Sends, parsed)
	}
	return nil
}

func parseStateTime(param, v string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339Nano, v)
	if err != nil {
		return time.Time{}, errInvalid(param, "Invalid %s %q: send an RFC 3339 time such as \"2026-12-04T15:27:45.120Z\".", param, truncate(v, 50))
	}
	return t.UTC().Truncate(time.Millisecond), nil
}

// smsFromState validates exported outbox messages: each is sent to a
// customer of the same import, with a body and a six-digit token.
func (s *Server) smsFromState(tenant string, in []SMS, customers []*customer) ([]*smsRow, error) {
	known := map[string]bool{}
	for _, c := range customers {
		known[c.ID] = true
	}
	out := make([]*smsRow, 0, len(in))
	ids := map[string]bool{}
	for i, m := range in {
		param := fmt.Sprintf("sms[%d]", i)
		if !smsIDPattern.MatchString(m.ID) || ids[m.ID] {
			return nil, errInvalid(param+".id", "Invalid or duplicate SMS id %q: ids are sms_ followed by lowercase letters and digits.", truncate(m.ID, 80))
		}
		ids[m.ID] = true
		if err := checkStateSMS(m, known); err != nil {
			return nil, prefixParam(param+".", err)
		}
		to, err := stateNumber("to", &m.To)
		if err != nil {
			return nil, prefixParam(param+".", err)
		}
		sent, err := parseStateTime("sent_at", m.SentAt)
		if err != nil {
			return nil, prefixParam(param+".", err)
		}
		out = append(out, &smsRow{Tenant: tenant, ID: m.ID, Seq: s.seq.Add(1), CustomerID: m.CustomerID,
			To: to, Body: m.Body, Token: m.Token, SentAt: sent})
	}
	return out, nil
}

// checkStateSMS checks the fields of an SMS that the API always fills.
func checkStateSMS(m SMS, customers map[string]bool) error {
	switch {
	case !customers[m.CustomerID]:
		return errInvalid("customer_id", "The SMS is for customer %q, which is not in the state's customers.", truncate(m.CustomerID, 80))
	case m.Body == "":
		return errInvalid("body", "The SMS has an empty body: send the text of the message, which contains the token.")
	case !tokenPattern.MatchString(m.Token):
		return errInvalid("token", "Invalid SMS token %q: send the six digits that the message sent.", truncate(m.Token, 20))
	}
	return nil
}

// prefixParam qualifies the param of an *apiError with its place in a list.
func prefixParam(prefix string, err error) error {
	var apiErr *apiError
	if errors.As(err, &apiErr) && apiErr.Param != "" {
		apiErr.Param = prefix + apiErr.Param
	}
	return err
}
