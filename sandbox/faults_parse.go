package sandbox

import (
	"bytes"
	"encoding/json"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Limits of a fault rule. maxFaultDelay is longer than the request
// timeouts SDKs usually set and than the default confirmation TTL, and
// short enough that a forgotten fault does not hold connections for long.
const (
	maxFaultCount      = 10000
	maxFaultDelay      = 5 * time.Minute
	maxFaultRetryAfter = 3600 // seconds
	maxFaultMessage    = 500  // characters
	maxFaultCode       = 100  // bytes, like maxFaultParam
	maxFaultParam      = 100
)

// Defaults of an error fault that sends no "error" object.
const (
	defaultFaultCode    = "fault_injected"
	defaultFaultMessage = "This error was injected with POST /_sandbox/faults."
)

// faultParams are the keys a fault rule takes.
var faultParams = []string{"method", "path", "sms", "count", "status", "error", "retry_after", "delay", "action"}

// httpOnlyParams are the keys an SMS fault must not have.
var httpOnlyParams = []string{"method", "path", "status", "error", "retry_after", "action"}

// errorCodePattern is the shape of every error code: snake_case letters.
var errorCodePattern = regexp.MustCompile(`^[a-z]+(_[a-z]+)*$`)

// readFault decodes and validates a POST /_sandbox/faults body: syntax,
// unknown keys and types first (400), then values (422).
func (s *Server) readFault(r *http.Request) (fault, error) {
	p, err := readParams(r, s.opts.MaxBodyBytes, false)
	if err != nil {
		return fault{}, err
	}
	if err := p.rejectUnknown(faultParams...); err != nil {
		return fault{}, err
	}

	f := fault{Count: 1}
	if err := p.readCount(&f); err != nil {
		return f, err
	}
	sms, err := p.stringField("sms")
	if err != nil {
		return f, err
	}
	if sms.Present && !sms.Null {
		return f, p.readSMSFault(&f, sms.Value)
	}
	return f, s.readHTTPFault(p, &f)
}

func (p *params) readCount(f *fault) error {
	n, ok, err := p.intField("count")
	if err != nil || !ok {
		return err
	}
	if n < 1 || n > maxFaultCount {
		return errInvalid("count", "Invalid count %d. Send how many requests or messages the fault applies to, from 1 to %d.", n, maxFaultCount)
	}
	f.Count = n
	return nil
}

// readSMSFault reads a fault on the tenant's SMS sends.
func (p *params) readSMSFault(f *fault, mode string) error {
	if !slices.Contains([]string{smsLate, smsDrop, smsDouble}, mode) {
		return errInvalid("sms", "Invalid sms %q. Send \"late\" (with a delay), \"drop\" or \"double\".", truncate(mode, 50))
	}
	for _, key := range httpOnlyParams {
		if p.has(key) {
			return errInvalid(key, "%q does not apply to an SMS fault, which acts on every message the tenant sends. Remove it, or send a separate HTTP fault.", key)
		}
	}
	f.SMS = mode

	delay, err := p.readDelay()
	if err != nil {
		return err
	}
	switch {
	case mode == smsLate && delay == 0:
		return newError(http.StatusBadRequest, codeParameterMissing, "delay",
			"A late SMS fault needs \"delay\": how long after the send the message reaches the outbox, such as \"30s\".")
	case mode != smsLate && delay != 0:
		return errInvalid("delay", "\"delay\" applies only to sms \"late\"; remove it from a %q fault.", mode)
	}
	f.Delay = delay
	return nil
}

// readHTTPFault reads a fault on the requests to one API route.
func (s *Server) readHTTPFault(p *params, f *fault) error {
	if err := s.readFaultTarget(p, f); err != nil {
		return err
	}
	if err := p.readFaultStatus(f); err != nil {
		return err
	}
	delay, err := p.readDelay()
	if err != nil {
		return err
	}
	f.Delay = delay
	if err := p.readAction(f); err != nil {
		return err
	}
	if f.Status == 0 && f.Delay == 0 && !f.Drop {
		return newError(http.StatusBadRequest, codeParameterMissing, "status",
			"Say what the fault does: send \"status\" (an error status such as 503), \"delay\" (such as \"2s\") or \"action\": \"drop\".")
	}
	return nil
}

// readFaultTarget reads method and path, which must name an API route and
// a method it serves.
func (s *Server) readFaultTarget(p *params, f *fault) error {
	method, err := p.stringField("method")
	if err != nil {
		return err
	}
	path, err := p.stringField("path")
	if err != nil {
		return err
	}
	if !path.Present || path.Null {
		return newError(http.StatusBadRequest, codeParameterMissing, "path",
			"Missing \"path\". Send an API route such as \"/v1/customers/{id}/confirm\" or an exact path, or send \"sms\" for an SMS fault.")
	}

	route, ok := s.findAPIRoute(path.Value)
	if !ok {
		return errInvalid("path", "No API route matches %q. Use one of %s, or an exact path such as /v1/customers/cus_123.", truncate(path.Value, 100), s.apiTemplates())
	}
	f.Path = path.Value
	f.Template = route.Template == path.Value

	if method.Present && !method.Null {
		f.Method = strings.ToUpper(method.Value)
		if !slices.Contains(route.Methods, f.Method) {
			return errInvalid("method", "%s does not serve %q. Send one of %s, or leave method out to match them all.", route.Template, truncate(method.Value, 20), quoteList(route.Methods))
		}
	}
	return nil
}

// readFaultStatus reads status and the parts of the error response.
func (p *params) readFaultStatus(f *fault) error {
	status, ok, err := p.intField("status")
	if err != nil {
		return err
	}
	if ok && (status < 400 || status > 599) {
		return errInvalid("status", "Invalid status %d. Send an error status from 400 to 599, such as 503.", status)
	}
	if !ok {
		for _, key := range []string{"error", "retry_after"} {
			if p.has(key) {
				return errInvalid(key, "%q needs \"status\": send the error status to answer with, such as 503.", key)
			}
		}
		return nil
	}
	f.Status = status

	if err := p.readFaultError(f); err != nil {
		return err
	}
	retry, ok, err := p.intField("retry_after")
	if err != nil {
		return err
	}
	if ok && (retry < 1 || retry > maxFaultRetryAfter) {
		return errInvalid("retry_after", "Invalid retry_after %d. Send the Retry-After header value in seconds, from 1 to %d.", retry, maxFaultRetryAfter)
	}
	f.Retry = retry
	return nil
}

// readFaultError reads the optional "error" object: code, message, param.
func (p *params) readFaultError(f *fault) error {
	f.Error = faultErrorBody{Code: defaultFaultCode, Message: defaultFaultMessage}
	raw, ok := p.values["error"]
	if !ok || string(raw) == "null" {
		return nil
	}
	if raw[0] != '{' {
		return newError(http.StatusBadRequest, codeParameterInvalidType, "error",
			"Invalid type for \"error\": expected an object, got %s. Send {\"code\": \"...\", \"message\": \"...\"}.", jsonKind(raw))
	}

	obj, err := parseObject(raw)
	if err != nil {
		return err
	}
	for _, key := range obj.keys {
		if !slices.Contains([]string{"code", "message", "param"}, key) {
			return newError(http.StatusBadRequest, codeParameterUnknown, "error."+key,
				"Unknown parameter \"error.%s\". The error object takes \"code\", \"message\" and \"param\".", truncate(key, 100))
		}
	}
	return obj.readErrorFields(&f.Error)
}

// readErrorFields reads the members of the "error" object into e. Each
// is optional and keeps its default when absent or null.
func (p *params) readErrorFields(e *faultErrorBody) error {
	for _, name := range []string{"code", "message", "param"} {
		raw, ok := p.values[name]
		if !ok || string(raw) == "null" {
			continue
		}
		var value string
		if err := json.Unmarshal(raw, &value); err != nil {
			return newError(http.StatusBadRequest, codeParameterInvalidType, "error."+name,
				"Invalid type for \"error.%s\": expected a string, got %s.", name, jsonKind(raw))
		}
		if err := checkErrorField(name, value); err != nil {
			return err
		}
		switch name {
		case "code":
			e.Code = value
		case "message":
			e.Message = value
		case "param":
			e.Param = value
		}
	}
	return nil
}

func checkErrorField(name, value string) error {
	param := "error." + name
	switch {
	case name == "code" && (len(value) > maxFaultCode || !errorCodePattern.MatchString(value)):
		return errInvalid(param, "Invalid error code %q. Send snake_case letters of at most %d bytes, such as \"service_unavailable\".", truncate(value, 100), maxFaultCode)
	case name == "message" && (value == "" || utf8.RuneCountInString(value) > maxFaultMessage):
		return errInvalid(param, "Invalid error message: send 1 to %d characters.", maxFaultMessage)
	case name == "param" && (value == "" || len(value) > maxFaultParam):
		return errInvalid(param, "Invalid error param: send the name of a request parameter, 1 to %d bytes.", maxFaultParam)
	}
	return nil
}

// readDelay reads the optional delay, a Go duration above zero.
func (p *params) readDelay() (time.Duration, error) {
	field, err := p.stringField("delay")
	if err != nil || !field.Present || field.Null {
		return 0, err
	}
	d, err := time.ParseDuration(field.Value)
	if err != nil || d <= 0 || d > maxFaultDelay {
		return 0, errInvalid("delay", "Invalid delay %q. Send a Go duration above 0 and at most %s, such as \"2s\" or \"500ms\".", truncate(field.Value, 50), maxFaultDelay)
	}
	return d, nil
}

// readAction reads the optional action; "drop" is the only one.
func (p *params) readAction(f *fault) error {
	field, err := p.stringField("action")
	if err != nil || !field.Present || field.Null {
		return err
	}
	if field.Value != "drop" {
		return errInvalid("action", "Invalid action %q. The only action is \"drop\", which closes the connection without a response.", truncate(field.Value, 50))
	}
	if f.Status != 0 {
		return errInvalid("action", "A fault either answers with \"status\" or drops the connection; remove one of them.")
	}
	f.Drop = true
	return nil
}

// has reports whether the body sets key to something other than null.
func (p *params) has(key string) bool {
	raw, ok := p.values[key]
	return ok && string(raw) != "null"
}

// intField reads an optional integer parameter. A JSON value of another
// type is 400; a number that is not a whole one is 422.
func (p *params) intField(name string) (int, bool, error) {
	raw, ok := p.values[name]
	if !ok || string(raw) == "null" {
		return 0, false, nil
	}
	if jsonKind(raw) != "a number" {
		return 0, false, newError(http.StatusBadRequest, codeParameterInvalidType, name,
			"Invalid type for %q: expected an integer, got %s.", name, jsonKind(raw))
	}

	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var n json.Number
	if err := dec.Decode(&n); err != nil {
		return 0, false, errInvalid(name, "Invalid %s %s. Send a whole number.", name, truncate(string(raw), 30))
	}
	v, err := n.Int64()
	if err != nil || v < -1<<31 || v > 1<<31-1 {
		return 0, false, errInvalid(name, "Invalid %s %s. Send a whole number.", name, truncate(string(raw), 30))
	}
	return int(v), true, nil
}
