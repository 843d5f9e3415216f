package phone

import "fmt"

// API parameters that an Error can blame.
const (
	ParamNumber  = "unconfirmed_phone_number"
	ParamCountry = "country_code"
)

// Error is a rejected value. Param is the API parameter to blame, either
// ParamNumber or ParamCountry. Message is a full sentence for the client
// that says what is wrong and what a valid value looks like.
type Error struct {
	Param   string
	Message string
}

// Error returns the parameter and the message.
func (e *Error) Error() string {
	return e.Param + ": " + e.Message
}

// numberError returns an Error on the phone number parameter.
func numberError(format string, args ...any) *Error {
	return &Error{Param: ParamNumber, Message: fmt.Sprintf(format, args...)}
}

// countryError returns an Error on the country code parameter.
func countryError(format string, args ...any) *Error {
	return &Error{Param: ParamCountry, Message: fmt.Sprintf(format, args...)}
}
