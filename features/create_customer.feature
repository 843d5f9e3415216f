Feature: Create a customer
  POST /v1/customers creates an unconfirmed customer, creates a confirmation
  token and sends it to the phone number. It takes unconfirmed_phone_number
  (a unique phone number) and country_code (the number's ISO 3166 country
  code), both required, and answers 201 with the customer object.

  Scenario: Creating a customer answers 201 with an unconfirmed customer
    When I create a customer with a new phone number
    Then the response status is 201
    And the customer's "unconfirmed_phone_number" is the phone number
    And the customer's "phone_number" is null
    And the customer's "confirmed_at" is null
    And the customer's "country_code" is "{country}"
    And the customer's "created_at" is not null
    And the customer's "confirmation_sent_at" is not null

  Scenario: A new customer carries every documented attribute
    When I create a customer with a new phone number
    Then the response status is 201
    And the customer has the attributes "id, phone_number, unconfirmed_phone_number, country_code, email, first_name, last_name, confirmation_token, confirmed_at, confirmation_sent_at, created_at, updated_at"
    And the customer's "email" is null
    And the customer's "first_name" is null
    And the customer's "last_name" is null

  @token
  Scenario: Creating a customer sends a confirmation token to the phone number
    When I create a customer with a new phone number
    Then the response status is 201
    And a confirmation token is sent to the phone number

  Scenario: A phone number that another customer holds is rejected
    Given a customer with a new phone number
    When I create another customer with the same phone number
    Then the request is rejected

  @assumed
  Scenario: Creating a customer answers with its URL in the Location header
    When I create a customer with a new phone number
    Then the response status is 201
    And the Location header is the customer's URL

  @assumed
  Scenario: A new customer's timestamps come from one reading of the clock
    When I create a customer with a new phone number
    Then the customer's "updated_at" equals its "created_at"
    And the customer's "confirmation_sent_at" equals its "created_at"

  @assumed @token-in-response
  Scenario: A new customer shows its pending six-digit token
    When I create a customer with a new phone number
    Then the customer's "confirmation_token" matches "^[0-9]{6}$"

  @assumed @token-in-response @token
  Scenario: The token in the response is the token that was sent
    When I create a customer with a new phone number
    Then the customer's "confirmation_token" is the token that was sent

  @assumed @us-numbers
  Scenario Outline: Phone numbers are stored in E.164 form however they are written
    When I create a customer with a new phone number written as "<written>"
    Then the response status is 201
    And the customer's "unconfirmed_phone_number" is the phone number

    Examples:
      | written          |
      | (###) ###-####   |
      | ###-###-####     |
      | ###.###.####     |
      | +1 ### ### ####  |
      | 1 (###) ###-#### |

  @assumed
  Scenario Outline: Digits of other scripts are read as digits
    When I create a customer with a new phone number written in <script> digits
    Then the response status is 201
    And the customer's "unconfirmed_phone_number" is the phone number

    Examples:
      | script       |
      | Arabic-Indic |
      | fullwidth    |

  @assumed @us-numbers
  Scenario Outline: The country code is accepted in any case and stored in upper case
    When I create a customer with a new phone number and the country code "<sent>"
    Then the response status is 201
    And the customer's "country_code" is "US"

    Examples:
      | sent |
      | us   |
      | Us   |

  @assumed
  Scenario: A taken phone number answers 409 phone_number_taken
    Given a customer with a new phone number
    When I create another customer with the same phone number
    Then the request fails with status 409 and code "phone_number_taken"
    And the error param is "unconfirmed_phone_number"
    And the error type is "invalid_request_error"

  @assumed @us-numbers
  Scenario Outline: A phone number is taken however it is written
    Given a customer with a new phone number
    When I create another customer with the same phone number written as "<written>"
    Then the request fails with status 409 and code "phone_number_taken"

    Examples:
      | written         |
      | (###) ###-####  |
      | +1 ###.###.#### |

  @assumed @token
  Scenario: A confirmed customer's phone number is taken
    Given a confirmed customer
    When I create another customer with the same phone number
    Then the request fails with status 409 and code "phone_number_taken"

  @assumed
  Scenario Outline: A create request with missing parameters answers 400 parameter_missing
    When I send a POST request to "/v1/customers" with the body `<body>`
    Then the request fails with status 400 and code "parameter_missing"
    And the error param is "<param>"

    Examples:
      | body                                                           | param                    |
      | {"country_code":"{country}"}                                   | unconfirmed_phone_number |
      | {"unconfirmed_phone_number":"{new-phone}"}                     | country_code             |
      | {}                                                             | unconfirmed_phone_number |
      | {"unconfirmed_phone_number":null,"country_code":"{country}"}   | unconfirmed_phone_number |
      | {"unconfirmed_phone_number":"{new-phone}","country_code":null} | country_code             |

  @assumed
  Scenario Outline: A create request with an unknown parameter answers 400 parameter_unknown
    When I send a POST request to "/v1/customers" with the body `<body>`
    Then the request fails with status 400 and code "parameter_unknown"
    And the error param is "<param>"

    Examples:
      | body                                                                                    | param                    |
      | {"unconfirmed_phone_number":"{new-phone}","country_code":"{country}","email":"a@b.co"}  | email                    |
      | {"unconfirmed_phone_number":"{new-phone}","Country_Code":"US"}                          | Country_Code             |
      | {"UNCONFIRMED_PHONE_NUMBER":"{new-phone}","country_code":"{country}"}                   | UNCONFIRMED_PHONE_NUMBER |
      | {"unconfirmed_phone_number":"{new-phone}","country_code":"{country}","phone_number":""} | phone_number             |

  @assumed
  Scenario Outline: A create request with a parameter of the wrong JSON type answers 400 parameter_invalid_type
    When I send a POST request to "/v1/customers" with the body `<body>`
    Then the request fails with status 400 and code "parameter_invalid_type"
    And the error param is "<param>"

    Examples:
      | body                                                                    | param                    |
      | {"unconfirmed_phone_number":12025550143,"country_code":"US"}            | unconfirmed_phone_number |
      | {"unconfirmed_phone_number":"{new-phone}","country_code":1}             | country_code             |
      | {"unconfirmed_phone_number":["{new-phone}"],"country_code":"{country}"} | unconfirmed_phone_number |
      | {"unconfirmed_phone_number":"{new-phone}","country_code":true}          | country_code             |

  @assumed
  Scenario Outline: A create request whose body is not one JSON object answers 400 body_invalid
    When I send a POST request to "/v1/customers" with the body `<body>`
    Then the request fails with status 400 and code "body_invalid"

    Examples:
      | body                                                                     |
      | {"unconfirmed_phone_number":                                             |
      | []                                                                       |
      | "{new-phone}"                                                            |
      | {"unconfirmed_phone_number":"{new-phone}","country_code":"{country}"} {} |
      | {"unconfirmed_phone_number":"{new-phone}","country_code":"{country}"}x   |
      | {"unconfirmed_phone_number":"\xff","country_code":"US"}                  |
      |                                                                          |

  @assumed
  Scenario: A duplicate key answers 400 body_invalid naming the key
    When I send a POST request to "/v1/customers" with the body `{"country_code":"{country}","unconfirmed_phone_number":"{new-phone}","country_code":"{country}"}`
    Then the request fails with status 400 and code "body_invalid"
    And the error param is "country_code"

  @assumed
  Scenario Outline: A phone number or country code that is not acceptable answers 422 parameter_invalid
    When I create a customer with the phone number "<phone>" and the country code "<country>"
    Then the request fails with status 422 and code "parameter_invalid"
    And the error param is "<param>"

    Examples:
      | phone               | country | param                    |
      | 333-333-333         | US      | unconfirmed_phone_number |
      | 202-555-01ab        | US      | unconfirmed_phone_number |
      | 202-555-0143 ext. 7 | US      | unconfirmed_phone_number |
      |                     | US      | unconfirmed_phone_number |
      | +44 20 7946 0958    | US      | country_code             |
      | +1 416 555 0199     | US      | country_code             |
      | 202-555-0143        | XX      | country_code             |
      | 202-555-0143        | USA     | country_code             |
      | 202-555-0143        |         | country_code             |

  @assumed
  Scenario: The documentation's nine-digit example is rejected with a hint on US numbers
    When I create a customer with the phone number "333-333-333" and the country code "US"
    Then the request fails with status 422 and code "parameter_invalid"
    And the error message contains "US"

  @assumed @sandbox
  Scenario: A rejected create sends no SMS
    When I send a POST request to "/v1/customers" with the body `{"unconfirmed_phone_number":"{new-phone}","country_code":"XX"}`
    Then the request fails with status 422 and code "parameter_invalid"
    And the outbox holds 0 SMS for the phone number

  @assumed @sandbox
  Scenario: A rejected duplicate sends no second SMS
    Given a customer with a new phone number
    When I create another customer with the same phone number
    Then the request fails with status 409 and code "phone_number_taken"
    And the outbox holds 1 SMS for the phone number
