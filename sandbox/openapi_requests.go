package sandbox

// requestSchemas returns the schemas of the request bodies. The schemas
// package describes what the server sends; what it takes is described
// here, next to the handlers that decode it.
func requestSchemas() map[string]any {
	nullableName := map[string]any{
		"type": []any{"string", "null"}, "minLength": 1, "maxLength": 100,
		"description": "1 to 100 characters; null clears it",
	}

	return map[string]any{
		"customer_create_request": object(
			"Body of POST /v1/customers.",
			[]string{"unconfirmed_phone_number", "country_code"},
			map[string]any{
				"unconfirmed_phone_number": map[string]any{
					"type":        "string",
					"minLength":   1,
					"description": "phone number to confirm, in national or international form; spaces, dots, dashes and brackets are ignored, letters and extensions are rejected; stored in E.164 form",
					"examples":    []any{"202-555-0143", "+1 (202) 555-0143"},
				},
				"country_code": map[string]any{
					"type":        "string",
					"pattern":     "^[A-Za-z]{2}$",
					"description": "ISO 3166-1 alpha-2 country code of the number, in any case; stored in upper case",
					"examples":    []any{"US"},
				},
			}),
		"customer_update_request": object(
			"Body of PATCH /v1/customers/{id}. Every parameter is optional; {} changes nothing.",
			nil,
			map[string]any{
				"first_name": nullableName,
				"last_name":  nullableName,
				"email": map[string]any{
					"type": []any{"string", "null"}, "format": "email", "minLength": 3, "maxLength": 254,
					"description": "one address in addr-spec form (name@example.com, no display name); null clears it",
				},
			}),
		"customer_confirm_request": object(
			"Body of POST /v1/customers/{id}/confirm.",
			[]string{"confirmation_token"},
			map[string]any{
				"confirmation_token": map[string]any{
					"type":        "string",
					"description": "the token from the latest SMS; any other string is a wrong attempt",
					"examples":    []any{"123456"},
				},
			}),
		"empty_request": map[string]any{
			"description":          "A body with no parameters: send no body or {}.",
			"type":                 "object",
			"additionalProperties": false,
		},
		"clock_change_request": clockChangeSchema(),
	}
}

func clockChangeSchema() map[string]any {
	schema := object(
		"Body of POST /_sandbox/clock. Send at least one parameter that is not null. They apply in the order set, advance, freeze, and null is the same as leaving one out.",
		nil,
		map[string]any{
			"set": map[string]any{
				"type": []any{"string", "null"}, "format": "date-time",
				"description": "RFC 3339 time to move the clock to; may go back",
				"examples":    []any{"2026-12-04T15:27:45.120Z"},
			},
			"advance": map[string]any{
				"type":        []any{"string", "null"},
				"description": "non-negative Go duration to move the clock forward by, such as 90s or 5m",
				"examples":    []any{"5m"},
			},
			"freeze": map[string]any{
				"type":        []any{"boolean", "null"},
				"description": "true stops the clock at its current time; false lets it run again from there",
			},
		})
	schema["minProperties"] = 1
	return schema
}

// object returns a closed object schema, the form every request body has:
// a parameter that is not listed is rejected with parameter_unknown.
func object(description string, required []string, properties map[string]any) map[string]any {
	schema := map[string]any{
		"description":          description,
		"type":                 "object",
		"additionalProperties": false,
		"properties":           properties,
	}
	if len(required) > 0 {
		list := make([]any, len(required))
		for i, name := range required {
			list[i] = name
		}
		schema["required"] = list
	}
	return schema
}

// jsonBody returns a required JSON request body of the component schema
// called name, with named examples.
func jsonBody(description, name string, examples map[string]*example) *requestBody {
	return &requestBody{
		Description: description,
		Required:    true,
		Content: map[string]mediaType{"application/json": {
			Schema:   schemaRef(name),
			Examples: examples,
		}},
	}
}
