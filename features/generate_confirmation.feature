Feature: Generate a confirmation token
  POST /v1/customers/<ID>/generate_confirmation generates a confirmation
  token and sends it to the phone number, for a customer who did not
  confirm in time. It answers 201 with no body.

  Scenario: Requesting a new token answers 201 with an empty body
    Given a customer with a new phone number
    When I request a new confirmation token
    Then the response status is 201
    And the response body is empty

  @token
  Scenario: The new token confirms the customer
    Given a customer with a new phone number
    When I request a new confirmation token
    Then a confirmation token is sent to the phone number
    When I confirm the customer with the token that was sent
    Then the response status is 200
    And the customer's "phone_number" is the phone number

  @token @sandbox
  Scenario: A customer who missed the window confirms with a new token
    Given a customer with a new phone number
    And I advance the clock by "6m"
    When I request a new confirmation token
    Then the response status is 201
    When I confirm the customer with the token that was sent
    Then the response status is 200

  @assumed @token @distinct-tokens
  Scenario: The new token replaces the old one
    Given a customer with a new phone number
    And I remember the token that was sent
    When I request a new confirmation token
    Then the token that was sent differs from the remembered token
    When I confirm the customer with the remembered token
    Then the request fails with status 422 and code "confirmation_token_invalid"

  @assumed @sandbox
  Scenario: A new token resets confirmation_sent_at and moves updated_at
    Given I freeze the clock
    And a customer with a new phone number
    And I advance the clock by "3m"
    When I request a new confirmation token
    And I retrieve the customer
    Then the customer's "confirmation_sent_at" is "3m0s" after its "created_at"
    And the customer's "updated_at" equals its "confirmation_sent_at"

  @assumed @token @sandbox
  Scenario: A new token gets a full five minutes of its own
    Given I freeze the clock
    And a customer with a new phone number
    And I advance the clock by "4m"
    And I request a new confirmation token
    And I advance the clock by "4m"
    When I confirm the customer with the token that was sent
    Then the response status is 200

  @assumed @sandbox
  Scenario: Each request sends one more SMS to the phone number
    Given a customer with a new phone number
    When I request a new confirmation token
    Then the outbox holds 2 SMS for the phone number

  @assumed
  Scenario: An empty JSON object is accepted as the body
    Given a customer with a new phone number
    When I send a POST request to "/v1/customers/{id}/generate_confirmation" with the body `{}`
    Then the response status is 201

  @assumed
  Scenario Outline: A body with parameters or not an object answers 400
    Given a customer with a new phone number
    When I send a POST request to "/v1/customers/{id}/generate_confirmation" with the body `<body>`
    Then the request fails with status 400 and code "<code>"

    Examples:
      | body                      | code              |
      | {"phone_number":"x"}      | parameter_unknown |
      | {"confirmation_token":""} | parameter_unknown |
      | []                        | body_invalid      |
      | {                         | body_invalid      |

  @assumed @token
  Scenario: Requesting a token for a confirmed customer answers 409 already_confirmed
    Given a confirmed customer
    When I request a new confirmation token
    Then the request fails with status 409 and code "already_confirmed"

  @assumed
  Scenario: Requesting a token for an unknown customer answers 404 resource_missing
    When I send a POST request to "/v1/customers/cus_doesnotexist/generate_confirmation"
    Then the request fails with status 404 and code "resource_missing"

  @assumed
  Scenario: A sixth SMS within ten minutes answers 429 too_many_requests with Retry-After
    Given a customer with a new phone number
    And I have requested a new confirmation token 4 times
    When I request a new confirmation token
    Then the request fails with status 429 and code "too_many_requests"
    And the error type is "rate_limit_error"
    And the header "Retry-After" is a number of seconds from 1 to 600

  @assumed @sandbox
  Scenario: The send limit frees up once the oldest send leaves the window
    Given I freeze the clock
    And a customer with a new phone number
    And I have requested a new confirmation token 4 times
    And I advance the clock by "10m"
    When I request a new confirmation token
    Then the response status is 201

  @assumed @sandbox
  Scenario: Retry-After counts down to the end of the window
    Given I freeze the clock
    And a customer with a new phone number
    And I have requested a new confirmation token 4 times
    And I advance the clock by "7m"
    When I request a new confirmation token
    Then the request fails with status 429 and code "too_many_requests"
    And the header "Retry-After" is "180"

  @assumed @sandbox
  Scenario: Clearing the outbox does not reset the send limit
    Given a customer with a new phone number
    And I have requested a new confirmation token 4 times
    And I clear the SMS outbox
    When I request a new confirmation token
    Then the request fails with status 429 and code "too_many_requests"

  @assumed @sandbox
  Scenario: A refused request sends no SMS
    Given a customer with a new phone number
    And I have requested a new confirmation token 4 times
    When I request a new confirmation token
    Then the request fails with status 429 and code "too_many_requests"
    And the outbox holds 5 SMS for the phone number

  @assumed @token
  Scenario: A confirmed customer gets 409 before the send limit's 429
    Given a customer with a new phone number
    And I have requested a new confirmation token 4 times
    And I confirm the customer with the token that was sent
    When I request a new confirmation token
    Then the request fails with status 409 and code "already_confirmed"
