package testkit

import "encoding/json"

// Optional is one attribute of a PATCH: left out, set to a string, or
// cleared with null. The zero value leaves the attribute alone.
type Optional struct {
	value *string
	set   bool
}

// Value returns an Optional that sets the attribute to s.
func Value(s string) Optional {
	return Optional{value: &s, set: true}
}

// Null returns an Optional that clears the attribute.
func Null() Optional {
	return Optional{set: true}
}

// UpdateCustomerParams are the arguments of PATCH /v1/customers/{id}.
type UpdateCustomerParams struct {
	FirstName Optional
	LastName  Optional
	Email     Optional
}

// MarshalJSON writes only the attributes that are set, with null for the
// cleared ones, so the server can tell "leave alone" from "clear".
func (p UpdateCustomerParams) MarshalJSON() ([]byte, error) {
	body := map[string]*string{}
	fields := []struct {
		name string
		opt  Optional
	}{
		{"first_name", p.FirstName},
		{"last_name", p.LastName},
		{"email", p.Email},
	}
	for _, f := range fields {
		if f.opt.set {
			body[f.name] = f.opt.value
		}
	}
	return json.Marshal(body)
}
