Feature: Request handling
  Rules every endpoint shares: bodies are exactly one JSON object sent as
  JSON, paths are matched as sent and never redirected, errors share one
  envelope, and browsers may call the API.

  @assumed
  Scenario Outline: A path the API does not define answers 404 route_missing, never a redirect
    Given a customer with a new phone number
    When I send a GET request to "<path>"
    Then the request fails with status 404 and code "route_missing"
    And the header "Location" is ""

    Examples:
      | path                     |
      | /v1/customer             |
      | /v1/customers/{id}/      |
      | /v1//customers/{id}      |
      | /v1/customers%2F{id}     |
      | /v2/customers/{id}       |
      | /V1/customers/{id}       |
      | /v1/customers/{id}/phone |

  @assumed
  Scenario Outline: A known path with another method answers 405 method_not_allowed with Allow
    Given a customer with a new phone number
    When I send a <method> request to "<path>"
    Then the request fails with status 405 and code "method_not_allowed"
    And the header "Allow" lists "<allow>"

    Examples:
      | method | path                                     | allow      |
      | DELETE | /v1/customers/{id}                       | GET, PATCH |
      | PUT    | /v1/customers/{id}                       | GET, PATCH |
      | POST   | /v1/customers/{id}                       | GET, PATCH |
      | GET    | /v1/customers                            | POST       |
      | GET    | /v1/customers/{id}/confirm               | POST       |
      | GET    | /v1/customers/{id}/generate_confirmation | POST       |

  @assumed
  Scenario Outline: A body over 64 KiB answers 413 body_too_large
    Given a customer with a new phone number
    When I send a <method> request to "<path>" with a body of 65 KiB
    Then the request fails with status 413 and code "body_too_large"

    Examples:
      | method | path                       |
      | POST   | /v1/customers              |
      | PATCH  | /v1/customers/{id}         |
      | POST   | /v1/customers/{id}/confirm |

  @assumed
  Scenario: A body just under 64 KiB is read
    Given a customer with a new phone number
    When I send a PATCH request to "/v1/customers/{id}" with a body of 63 KiB
    Then the response status is 200

  @assumed
  Scenario: The size limit is checked before the JSON syntax
    When I send a POST request to "/v1/customers" with the body `{{x*70000}`
    Then the request fails with status 413 and code "body_too_large"

  @assumed
  Scenario Outline: A body that is not JSON answers 415 unsupported_media_type
    When I send a POST request to "/v1/customers" with the content type "<type>" and the body `<body>`
    Then the request fails with status 415 and code "unsupported_media_type"
    And the error message contains "application/json"

    Examples:
      | type                              | body                                                                  |
      | application/x-www-form-urlencoded | unconfirmed_phone_number=%2B12025550143&country_code=US               |
      | text/plain                        | {"unconfirmed_phone_number":"{new-phone}","country_code":"{country}"} |
      | multipart/form-data; boundary=x   | --x--                                                                 |
      | application/xml                   | <customer/>                                                           |

  @assumed
  Scenario: The size limit is checked before the media type
    When I send a POST request to "/v1/customers" with the content type "text/plain" and the body `{x*70000}`
    Then the request fails with status 413 and code "body_too_large"

  @assumed
  Scenario: The media type is checked before the JSON syntax
    When I send a POST request to "/v1/customers" with the content type "text/plain" and the body `{`
    Then the request fails with status 415 and code "unsupported_media_type"

  @assumed
  Scenario Outline: JSON with a charset parameter or no Content-Type at all is read as JSON
    When I send a POST request to "/v1/customers" with the content type "<type>" and the body `{"unconfirmed_phone_number":"{new-phone}","country_code":"{country}"}`
    Then the response status is 201
    And the customer's "unconfirmed_phone_number" is the phone number

    Examples:
      | type                            |
      | application/json; charset=utf-8 |
      | application/json;charset=UTF-8  |

  @assumed
  Scenario: A body with no Content-Type is read as JSON
    When I send a POST request to "/v1/customers" without a content type and with the body `{"unconfirmed_phone_number":"{new-phone}","country_code":"{country}"}`
    Then the response status is 201

  @assumed
  Scenario: A leading UTF-8 byte-order mark is ignored
    When I send a POST request to "/v1/customers" with the body `\xEF\xBB\xBF{"unconfirmed_phone_number":"{new-phone}","country_code":"{country}"}`
    Then the response status is 201
    And the customer's "unconfirmed_phone_number" is the phone number

  @assumed
  Scenario: Syntax and types are checked before values
    When I send a POST request to "/v1/customers" with the body `{"unconfirmed_phone_number":"not a number"}`
    Then the request fails with status 400 and code "parameter_missing"
    And the error param is "country_code"

  @assumed
  Scenario: Errors carry the type invalid_request_error and a request id
    When I send a POST request to "/v1/customers" with the body `{}`
    Then the request fails with status 400 and code "parameter_missing"
    And the error type is "invalid_request_error"
    And the error request id is the Request-Id header

  @assumed
  Scenario: Errors without a parameter send param null
    When I send a GET request to "/v1/nowhere"
    Then the request fails with status 404 and code "route_missing"
    And the error param is null

  @assumed
  Scenario: A CORS preflight answers 204 without an API key
    Given a customer with a new phone number
    When I send a CORS preflight request for PATCH "/v1/customers/{id}" from the origin "https://shop.example"
    Then the response status is 204
    And the header "Access-Control-Allow-Origin" is "*"
    And the header "Access-Control-Allow-Methods" lists "PATCH"
    And the header "Access-Control-Allow-Headers" lists "Authorization, Content-Type"

  @assumed
  Scenario: Browsers may read the Request-Id, Location and Retry-After headers
    Given a customer with a new phone number
    When I send a GET request to "/v1/customers/{id}" from the origin "https://shop.example"
    Then the response status is 200
    And the header "Access-Control-Allow-Origin" is "*"
    And the header "Access-Control-Expose-Headers" lists "Request-Id, Location, Retry-After"

  @assumed @api-key-required
  Scenario: A request without an API key answers 401 api_key_invalid
    Given a customer with a new phone number
    When I send a GET request to "/v1/customers/{id}" without an API key
    Then the request fails with status 401 and code "api_key_invalid"
    And the error type is "authentication_error"
    And the error request id is the Request-Id header

  @assumed @api-key-list
  Scenario: An API key the target did not issue answers 401 api_key_invalid
    When I send a GET request to "/v1/customers/cus_doesnotexist" with the API key "not-a-real-key"
    Then the request fails with status 401 and code "api_key_invalid"
    And the error type is "authentication_error"

  @assumed @api-key-required
  Scenario: The API key is checked before the route
    When I send a GET request to "/v1/nowhere" without an API key
    Then the request fails with status 401 and code "api_key_invalid"

  @assumed
  Scenario: The health check answers 200 without an API key
    When I send a GET request to "/healthz" without an API key
    Then the response status is 200
    And the response field "status" is "ok"
