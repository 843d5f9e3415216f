package sandbox

import (
	"net/http"
)

// diagnosticOperations describes the request journal and fault injection.
func diagnosticOperations() []operationSpec {
	return []operationSpec{
		{
			method: http.MethodGet, path: "/_sandbox/requests", id: "listRequests", tag: tagSandbox,
			summary:     "List the request journal",
			description: "Returns the tenant's recent requests, oldest first, with credentials masked, so an SDK's author can see what it really sent. The journal keeps the newest --journal-size requests of each tenant.",
			params: []*parameter{
				{Name: "method", In: "query", Description: "Only requests with this method, in any case.", Schema: map[string]any{"type": "string"}, Example: "POST"},
				{Name: "path", In: "query", Description: "Only requests to this exact path, or to this API route template such as /v1/customers/{id}/confirm.", Schema: map[string]any{"type": "string"}, Example: "/v1/customers/{id}/confirm"},
				{Name: "status", In: "query", Description: "Only requests answered with this status, such as 422, or this class, such as 4xx.", Schema: map[string]any{"type": "string"}, Example: "4xx"},
			},
			responses: map[int]*openAPIResp{http.StatusOK: jsonResponse("The matching requests.", "requests_list")},
			errors:    []string{codeParameterUnknown, codeParameterInvalid},
		},
		{
			method: http.MethodDelete, path: "/_sandbox/requests", id: "clearRequests", tag: tagSandbox,
			summary:   "Clear the request journal",
			responses: map[int]*openAPIResp{http.StatusNoContent: emptyResponse("The journal is empty.")},
			errors:    []string{codeParameterUnknown},
		},
		{
			method: http.MethodGet, path: "/_sandbox/faults", id: "listFaults", tag: tagSandbox,
			summary:     "List the active faults",
			description: "Returns the tenant's faults that have not been used up, oldest first.",
			responses:   map[int]*openAPIResp{http.StatusOK: jsonResponse("The active faults.", "faults_list")},
			errors:      []string{codeParameterUnknown},
		},
		{
			method: http.MethodPost, path: "/_sandbox/faults", id: "addFault", tag: tagSandbox,
			summary:     "Inject a fault",
			description: "Makes the next count requests to an API route fail (an error status, a delay or a dropped connection), or makes the tenant's next count SMS late, dropped or doubled.",
			body: jsonBody("The fault: an HTTP fault names a path, an SMS fault names sms.", "fault_request", map[string]*example{
				"unavailable": {Summary: "answer the next create with 503", Value: map[string]any{"method": "POST", "path": "/v1/customers", "status": 503, "retry_after": 2}},
				"slow":        {Summary: "delay the next two confirms", Value: map[string]any{"path": "/v1/customers/{id}/confirm", "delay": "2s", "count": 2}},
				"late_sms":    {Summary: "deliver the next SMS 30 seconds late", Value: map[string]any{"sms": "late", "delay": "30s"}},
			}),
			responses: map[int]*openAPIResp{http.StatusCreated: faultCreated()},
			errors:    append(append([]string{codeParameterMissing}, bodyErrors...), codeParameterInvalid),
			schemas:   map[string]any{"fault_request": faultRequestSchema()},
		},
		{
			method: http.MethodDelete, path: "/_sandbox/faults", id: "clearFaults", tag: tagSandbox,
			summary:   "Remove every fault",
			responses: map[int]*openAPIResp{http.StatusNoContent: emptyResponse("No fault is active.")},
			errors:    []string{codeParameterUnknown},
		},
		{
			method: http.MethodDelete, path: "/_sandbox/faults/{id}", id: "deleteFault", tag: tagSandbox,
			summary: "Remove one fault",
			params: []*parameter{{
				Name: "id", In: "path", Required: true, Description: "The fault's id, from its Location header or GET /_sandbox/faults.",
				Schema: map[string]any{"type": "string"}, Example: "flt_1",
			}},
			responses: map[int]*openAPIResp{http.StatusNoContent: emptyResponse("The fault is removed.")},
			errors:    []string{codeResourceMissing},
		},
	}
}

func faultCreated() *openAPIResp {
	resp := jsonResponse("The fault is active.", "fault")
	resp.Headers["Location"] = &header{
		Description: "Path of the fault, for DELETE.",
		Required:    true,
		Schema:      map[string]any{"type": "string"},
		Example:     "/_sandbox/faults/flt_1",
	}
	return resp
}

func faultRequestSchema() map[string]any {
	return object("Body of POST /_sandbox/faults. An HTTP fault needs path and one of status, delay or action; an SMS fault needs sms and takes only count and, for late, delay.",
		nil,
		map[string]any{
			"method":      map[string]any{"type": []any{"string", "null"}, "description": "a method the route serves; leave out to match them all"},
			"path":        map[string]any{"type": []any{"string", "null"}, "description": "an API route template such as /v1/customers/{id}/confirm, or an exact path"},
			"sms":         map[string]any{"type": []any{"string", "null"}, "enum": []any{"late", "drop", "double", nil}},
			"count":       map[string]any{"type": []any{"integer", "null"}, "minimum": 1, "maximum": maxFaultCount, "description": "how many requests or messages; default 1"},
			"status":      map[string]any{"type": []any{"integer", "null"}, "minimum": 400, "maximum": 599},
			"retry_after": map[string]any{"type": []any{"integer", "null"}, "minimum": 1, "maximum": maxFaultRetryAfter, "description": "Retry-After header of an error fault, in seconds"},
			"delay":       map[string]any{"type": []any{"string", "null"}, "description": "Go duration above 0 and at most 5m, such as 2s"},
			"action":      map[string]any{"type": []any{"string", "null"}, "enum": []any{"drop", nil}},
			"error": map[string]any{
				"type": []any{"object", "null"}, "additionalProperties": false,
				"description": "the error envelope's code, message and param; default code fault_injected",
				"properties": map[string]any{
					"code":    map[string]any{"type": []any{"string", "null"}, "pattern": "^[a-z]+(_[a-z]+)*$", "maxLength": maxFaultCode},
					"message": map[string]any{"type": []any{"string", "null"}, "maxLength": maxFaultMessage},
					"param":   map[string]any{"type": []any{"string", "null"}, "maxLength": maxFaultParam},
				},
			},
		})
}
