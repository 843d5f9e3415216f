package sandbox

import (
	"fmt"
	"net/http"
)

func sandboxOperations() []operationSpec {
	var specs []operationSpec
	specs = append(specs, outboxOperations()...)
	specs = append(specs, tenantOperations()...)
	specs = append(specs, diagnosticOperations()...)
	return specs
}

func outboxOperations() []operationSpec {
	return []operationSpec{
		{
			method: http.MethodGet, path: "/_sandbox/sms", id: "listSMS", tag: tagSandbox,
			summary:     "List the SMS outbox",
			description: "Returns the tenant's sent messages, oldest first. Each message carries its confirmation token.",
			params:      []*parameter{paramRef("sms_to"), paramRef("sms_country_code"), paramRef("sms_customer_id")},
			responses:   map[int]*openAPIResp{http.StatusOK: jsonResponse("The matching messages.", "sms_list")},
			errors:      []string{codeParameterUnknown, codeParameterInvalid},
		},
		{
			method: http.MethodDelete, path: "/_sandbox/sms", id: "clearSMS", tag: tagSandbox,
			summary:     "Clear the SMS outbox",
			description: "Deletes the tenant's messages. The send limit still counts them.",
			responses:   map[int]*openAPIResp{http.StatusNoContent: emptyResponse("The outbox is empty.")},
		},
		{
			method: http.MethodGet, path: "/_sandbox/sms/latest", id: "latestSMS", tag: tagSandbox,
			summary:     "Get the newest SMS",
			description: "Returns the newest matching message. With wait, a request that finds none holds until one arrives or the time runs out.",
			params:      []*parameter{paramRef("sms_to"), paramRef("sms_country_code"), paramRef("sms_customer_id"), paramRef("sms_wait")},
			responses:   map[int]*openAPIResp{http.StatusOK: jsonResponse("The newest matching message.", "sms")},
			errors:      []string{codeParameterUnknown, codeResourceMissing, codeParameterInvalid},
		},
		{
			method: http.MethodGet, path: "/_sandbox/customers", id: "listCustomers", tag: tagSandbox,
			summary:     "List the customers",
			description: "Returns the tenant's customers, oldest first.",
			responses:   map[int]*openAPIResp{http.StatusOK: jsonResponse("The customers.", "customer_list")},
		},
	}
}

func tenantOperations() []operationSpec {
	return []operationSpec{
		{
			method: http.MethodPost, path: "/_sandbox/reset", id: "resetTenant", tag: tagSandbox,
			summary:     "Reset the tenant",
			description: "Deletes the tenant's customers, outbox, request journal, faults and limits, and puts its clock back to real time. Other tenants are not touched.",
			responses:   map[int]*openAPIResp{http.StatusNoContent: emptyResponse("The tenant is empty.")},
		},
		{
			method: http.MethodGet, path: "/_sandbox/clock", id: "getClock", tag: tagSandbox,
			summary:     "Read the clock",
			description: "Returns the tenant's clock, which confirmation expiry and the send limit use.",
			responses:   map[int]*openAPIResp{http.StatusOK: jsonResponse("The clock.", "clock")},
		},
		{
			method: http.MethodPost, path: "/_sandbox/clock", id: "moveClock", tag: tagSandbox,
			summary:     "Move, set or freeze the clock",
			description: "Changes the tenant's clock: set moves it to a time (also back), advance moves it forward, freeze stops or restarts it.",
			body: jsonBody("How to change the clock.", "clock_change_request", map[string]*example{
				"advance": {Summary: "expire a token", Value: map[string]any{"advance": "5m"}},
				"set":     {Summary: "set and freeze", Value: map[string]any{"set": "2026-12-04T15:27:45.120Z", "freeze": true}},
			}),
			responses: map[int]*openAPIResp{http.StatusOK: jsonResponse("The clock after the change.", "clock")},
			errors:    append(append([]string{codeParameterMissing}, bodyErrors...), codeParameterInvalid),
			schemas:   map[string]any{"clock_change_request": requestSchemas()["clock_change_request"]},
		},
		{
			method: http.MethodGet, path: "/_sandbox/state", id: "exportState", tag: tagSandbox,
			summary:     "Export the tenant",
			description: "Returns the tenant's customers with their counters, outbox and clock, in the form PUT /_sandbox/state, --fixtures and --state-file read.",
			responses:   map[int]*openAPIResp{http.StatusOK: jsonResponse("The tenant's state.", "state")},
		},
		{
			method: http.MethodPut, path: "/_sandbox/state", id: "importState", tag: tagSandbox,
			summary:     "Import the tenant",
			description: "Replaces the tenant's data with the body, in one step: invalid state changes nothing. The body's tenant field is ignored, because the API key decides the tenant. Its size limit is --max-state-bytes (16 MiB), not the API's.",
			body:        jsonBody("An export, as GET /_sandbox/state returns it.", "state", nil),
			responses:   map[int]*openAPIResp{http.StatusOK: jsonResponse("The tenant's state after the import.", "state")},
			errors:      []string{codeBodyInvalid, codeBodyTooLarge, codeUnsupportedMediaType, codeParameterInvalid},
		},
		{
			method: http.MethodGet, path: "/_sandbox/capabilities", id: "capabilities", tag: tagSandbox,
			summary:     "Describe this server",
			description: "Returns the version, token mode, limits, clock and the controls this server has, so a test runner can leave out what is not there.",
			responses:   map[int]*openAPIResp{http.StatusOK: jsonResponse("What this server is and has.", "capabilities")},
		},
	}
}

func pageOperations() []operationSpec {
	page := func(path, id string) operationSpec {
		return operationSpec{
			method: http.MethodGet, path: path, id: id, tag: tagPage, public: true,
			summary:     "Open the outbox page",
			description: "An HTML page for people that shows a tenant's customers and SMS, newest first, updating live. It asks for the API key itself and sends it only in the Authorization header of its own requests, so loading the page needs no key. Served at both /_sandbox and /_sandbox/, without a redirect.",
			responses: map[int]*openAPIResp{http.StatusOK: {
				Description: "The page.",
				Headers:     requestIDHeader(),
				Content:     map[string]mediaType{"text/html": {Schema: map[string]any{"type": "string"}}},
			}},
		}
	}

	return []operationSpec{
		page("/_sandbox", "outboxPage"),
		page("/_sandbox/", "outboxPageSlash"),
		{
			method: http.MethodGet, path: "/_sandbox/events", id: "outboxEvents", tag: tagPage,
			summary: "Stream the tenant's customers and outbox",
			description: fmt.Sprintf("A server-sent event stream, read with the API key in the Authorization header. "+
				"Each \"snapshot\" event carries the tenant's customers and SMS as JSON (the outbox_snapshot schema), newest first, at most %d of each: "+
				"one when the stream opens and one after every change. A comment line every %s keeps the connection alive. "+
				"The stream ends when the client disconnects, when the server closes, or after %s, and the page then reconnects.",
				snapshotLimit, streamHeartbeat, streamLifetime),
			responses: map[int]*openAPIResp{http.StatusOK: {
				Description: "The event stream.",
				Headers:     requestIDHeader(),
				Content: map[string]mediaType{"text/event-stream": {
					Schema:  map[string]any{"type": "string"},
					Example: "event: snapshot\ndata: {\"customers\":[],\"customers_total\":0,\"sms\":[],\"sms_total\":0}\n\n",
				}},
			}},
			schemas: map[string]any{"outbox_snapshot": outboxSnapshotSchema()},
		},
	}
}
