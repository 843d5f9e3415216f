Feature: Confirm a customer
  POST /v1/customers/<ID>/confirm confirms the customer's phone number with
  confirmation_token (required), the token sent to the number. The customer
  has a short window, about 5 minutes, to confirm. It answers 200 with the
  customer object.

  @token
  Scenario: Confirming with the token that was sent confirms the phone number
    Given a customer with a new phone number
    When I confirm the customer with the token that was sent
    Then the response status is 200
    And the customer's "phone_number" is the phone number
    And the customer's "unconfirmed_phone_number" is null
    And the customer's "confirmed_at" is not null

  @token
  Scenario: A retrieved customer shows the confirmation
    Given a confirmed customer
    When I retrieve the customer
    Then the response status is 200
    And the customer's "phone_number" is the phone number
    And the customer's "confirmed_at" is not null

  @token @sandbox
  Scenario: The token still works four minutes after it was sent
    Given a customer with a new phone number
    And I advance the clock by "4m"
    When I confirm the customer with the token that was sent
    Then the response status is 200

  @token @sandbox
  Scenario: The token no longer works six minutes after it was sent
    Given a customer with a new phone number
    And I advance the clock by "6m"
    When I confirm the customer with the token that was sent
    Then the request is rejected

  @assumed @token @token-in-response
  Scenario: A confirmed customer has no pending token
    Given a customer with a new phone number
    When I confirm the customer with the token that was sent
    Then the response status is 200
    And the customer's "confirmation_token" is null

  @assumed @token @sandbox
  Scenario: Confirming sets confirmed_at and updated_at to the current time
    Given I freeze the clock
    And a customer with a new phone number
    And I advance the clock by "2m"
    When I confirm the customer with the token that was sent
    Then the response status is 200
    And the customer's "confirmed_at" is the clock time
    And the customer's "updated_at" equals its "confirmed_at"
    And the customer's "confirmed_at" is "2m0s" after its "created_at"

  @assumed @token @sandbox
  Scenario: The token works until the last millisecond of its five minutes
    Given I freeze the clock
    And a customer with a new phone number
    And I advance the clock by "4m59.999s"
    When I confirm the customer with the token that was sent
    Then the response status is 200

  @assumed @token @sandbox
  Scenario: The token expires exactly five minutes after it was sent
    Given I freeze the clock
    And a customer with a new phone number
    And I advance the clock by "5m"
    When I confirm the customer with the token that was sent
    Then the request fails with status 422 and code "confirmation_token_expired"
    And the error param is "confirmation_token"

  @assumed @token @sandbox
  Scenario: An expired token is reported before a wrong one
    Given a customer with a new phone number
    And I advance the clock by "6m"
    When I confirm the customer with a wrong token
    Then the request fails with status 422 and code "confirmation_token_expired"

  @assumed @token @sandbox
  Scenario: Tries on an expired token do not count towards the attempt limit
    Given a customer with a new phone number
    And I advance the clock by "6m"
    And I confirm the customer with a wrong token 6 times
    Then the request fails with status 422 and code "confirmation_token_expired"
    When I request a new confirmation token
    And I confirm the customer with the token that was sent
    Then the response status is 200

  @assumed @sandbox @token-in-response
  Scenario: An expired token stays visible until it is replaced
    Given a customer with a new phone number
    And I advance the clock by "6m"
    When I retrieve the customer
    Then the customer's "confirmation_token" matches "^[0-9]{6}$"

  @assumed @token
  Scenario: A wrong token answers 422 confirmation_token_invalid
    Given a customer with a new phone number
    When I confirm the customer with a wrong token
    Then the request fails with status 422 and code "confirmation_token_invalid"
    And the error param is "confirmation_token"
    And the error type is "invalid_request_error"

  @assumed @token
  Scenario: A wrong token leaves the customer unconfirmed and the right one still works
    Given a customer with a new phone number
    And I confirm the customer with a wrong token
    When I retrieve the customer
    Then the customer's "confirmed_at" is null
    And the customer's "unconfirmed_phone_number" is the phone number
    When I confirm the customer with the token that was sent
    Then the response status is 200

  @assumed
  Scenario Outline: Any string that is not the pending token is a wrong token
    Given a customer with a new phone number
    When I confirm the customer with the token "<token>"
    Then the request fails with status 422 and code "confirmation_token_invalid"

    Examples:
      | token      |
      | 12345      |
      | 1234567    |
      | abcdef     |
      |            |
      | 12345６    |

  @assumed @token @sandbox
  Scenario: A wrong token does not move updated_at
    Given I freeze the clock
    And a customer with a new phone number
    And I advance the clock by "1m"
    And I confirm the customer with a wrong token
    When I retrieve the customer
    Then the customer is unchanged

  @assumed @token
  Scenario: Five wrong tokens lock the pending token, even against the right one
    Given a customer with a new phone number
    And I remember the token that was sent
    And I confirm the customer with a wrong token 5 times
    When I confirm the customer with the remembered token
    Then the request fails with status 429 and code "too_many_attempts"
    And the error type is "rate_limit_error"

  @assumed @token
  Scenario: The fifth wrong token is still answered as wrong
    Given a customer with a new phone number
    When I confirm the customer with a wrong token 5 times
    Then the request fails with status 422 and code "confirmation_token_invalid"

  @assumed @token @token-in-response
  Scenario: The attempt limit destroys the pending token
    Given a customer with a new phone number
    And I confirm the customer with a wrong token 5 times
    When I retrieve the customer
    Then the customer's "confirmation_token" is null

  @assumed @token
  Scenario: A new token lifts the attempt lock
    Given a customer with a new phone number
    And I confirm the customer with a wrong token 5 times
    When I request a new confirmation token
    Then the response status is 201
    When I confirm the customer with the token that was sent
    Then the response status is 200

  @assumed @token
  Scenario: A new token resets the count of failed attempts
    Given a customer with a new phone number
    And I confirm the customer with a wrong token 4 times
    And I request a new confirmation token
    And I confirm the customer with a wrong token 4 times
    When I confirm the customer with the token that was sent
    Then the response status is 200

  @assumed @token
  Scenario: Confirming a confirmed customer answers 409 already_confirmed
    Given a confirmed customer
    When I confirm the customer with the token "123456"
    Then the request fails with status 409 and code "already_confirmed"

  @assumed
  Scenario Outline: A confirm request with a missing or mistyped token answers 400
    Given a customer with a new phone number
    When I send a POST request to "/v1/customers/{id}/confirm" with the body `<body>`
    Then the request fails with status 400 and code "<code>"
    And the error param is "<param>"

    Examples:
      | body                                    | code                   | param              |
      | {}                                      | parameter_missing      | confirmation_token |
      | {"confirmation_token":null}             | parameter_missing      | confirmation_token |
      | {"confirmation_token":123456}           | parameter_invalid_type | confirmation_token |
      | {"confirmation_token":["123456"]}       | parameter_invalid_type | confirmation_token |
      | {"confirmation_token":"1","extra":true} | parameter_unknown      | extra              |
      | {"Confirmation_Token":"123456"}         | parameter_unknown      | Confirmation_Token |

  @assumed
  Scenario: A confirm request with no body answers 400 body_invalid
    Given a customer with a new phone number
    When I send a POST request to "/v1/customers/{id}/confirm"
    Then the request fails with status 400 and code "body_invalid"

  @assumed
  Scenario: Confirming an unknown customer answers 404 resource_missing
    When I send a POST request to "/v1/customers/cus_doesnotexist/confirm" with the body `{"confirmation_token":"123456"}`
    Then the request fails with status 404 and code "resource_missing"

  @assumed
  Scenario: The token's type is checked before the customer is looked up
    When I send a POST request to "/v1/customers/cus_doesnotexist/confirm" with the body `{"confirmation_token":123456}`
    Then the request fails with status 400 and code "parameter_invalid_type"
