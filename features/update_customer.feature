Feature: Update a customer
  PATCH /v1/customers/<ID> updates first_name, last_name and email, all
  optional, and answers 200 with the customer object.

  Scenario: Updating a customer sets its name and email
    Given a customer with a new phone number
    When I update the customer with `{"first_name":"Philippe","last_name":"Dionne","email":"phil@example.com"}`
    Then the response status is 200
    And the customer's "first_name" is "Philippe"
    And the customer's "last_name" is "Dionne"
    And the customer's "email" is "phil@example.com"

  Scenario: An update keeps the attributes it does not name
    Given a customer with a new phone number
    And I update the customer with `{"first_name":"Philippe","email":"phil@example.com"}`
    When I update the customer with `{"last_name":"Dionne"}`
    Then the response status is 200
    And the customer's "first_name" is "Philippe"
    And the customer's "email" is "phil@example.com"
    And the customer's "last_name" is "Dionne"
    And the customer's "unconfirmed_phone_number" is the phone number

  Scenario: A retrieved customer shows the update
    Given a customer with a new phone number
    And I update the customer with `{"first_name":"Philippe"}`
    When I retrieve the customer
    Then the response status is 200
    And the customer's "first_name" is "Philippe"

  @assumed
  Scenario: Sending null clears an attribute
    Given a customer with a new phone number
    And I update the customer with `{"first_name":"Philippe","email":"phil@example.com"}`
    When I update the customer with `{"first_name":null,"email":null}`
    Then the response status is 200
    And the customer's "first_name" is null
    And the customer's "email" is null

  @assumed @sandbox
  Scenario: An empty update changes nothing and leaves updated_at alone
    Given I freeze the clock
    And a customer with a new phone number
    And I advance the clock by "1m"
    When I update the customer with `{}`
    Then the response status is 200
    And the customer is unchanged

  @assumed @sandbox
  Scenario: An update that repeats the current values leaves updated_at alone
    Given a customer with a new phone number
    And I update the customer with `{"first_name":"Philippe"}`
    And I remember the customer
    And I freeze the clock
    And I advance the clock by "1m"
    When I update the customer with `{"first_name":"Philippe"}`
    Then the response status is 200
    And the customer's "updated_at" is unchanged

  @assumed @sandbox
  Scenario: An update that changes a value moves updated_at to the current time
    Given I freeze the clock
    And a customer with a new phone number
    And I advance the clock by "1m"
    When I update the customer with `{"first_name":"Philippe"}`
    Then the response status is 200
    And the customer's "updated_at" is "1m0s" after its "created_at"
    And the customer's "updated_at" is the clock time
    And the customer's "created_at" is unchanged

  @assumed @sandbox
  Scenario: A rejected update changes nothing
    Given I freeze the clock
    And a customer with a new phone number
    And I advance the clock by "1m"
    When I update the customer with `{"first_name":"Philippe","email":"not an address"}`
    Then the request fails with status 422 and code "parameter_invalid"
    When I retrieve the customer
    Then the customer is unchanged

  @assumed
  Scenario Outline: A value that is not acceptable answers 422 parameter_invalid
    Given a customer with a new phone number
    When I update the customer with `<body>`
    Then the request fails with status 422 and code "parameter_invalid"
    And the error param is "<param>"

    Examples:
      | body                                        | param      |
      | {"first_name":""}                           | first_name |
      | {"last_name":""}                            | last_name  |
      | {"email":""}                                | email      |
      | {"first_name":"{a*101}"}                    | first_name |
      | {"last_name":"{a*101}"}                     | last_name  |
      | {"email":"phil"}                            | email      |
      | {"email":"phil@"}                           | email      |
      | {"email":"Phil <phil@example.com>"}         | email      |
      | {"email":"phil@example.com, a@example.com"} | email      |
      | {"email":"a@"}                              | email      |
      | {"email":"{a*64}@{b*60}.{c*60}.{d*60}.example"} | email |

  @assumed
  Scenario Outline: Values at the length limits are accepted
    Given a customer with a new phone number
    When I update the customer with `<body>`
    Then the response status is 200

    Examples:
      | body                                  |
      | {"first_name":"P"}                    |
      | {"first_name":"{a*100}"}              |
      | {"last_name":"{a*100}"}               |
      | {"email":"a@b.co"}                    |
      | {"email":"{a*63}@{b*60}.{c*60}.{d*60}.example"} |

  @assumed
  Scenario: The first invalid parameter in the documentation's order is reported
    Given a customer with a new phone number
    When I update the customer with `{"email":"not an address","last_name":"","first_name":""}`
    Then the request fails with status 422 and code "parameter_invalid"
    And the error param is "first_name"

  @assumed
  Scenario Outline: An update with a parameter of the wrong JSON type answers 400 parameter_invalid_type
    Given a customer with a new phone number
    When I update the customer with `<body>`
    Then the request fails with status 400 and code "parameter_invalid_type"
    And the error param is "<param>"

    Examples:
      | body                      | param      |
      | {"first_name":5}          | first_name |
      | {"last_name":["Dionne"]}  | last_name  |
      | {"email":true}            | email      |
      | {"email":{"a":"b"}}       | email      |

  @assumed
  Scenario Outline: An update with a parameter it does not take answers 400 parameter_unknown
    Given a customer with a new phone number
    When I update the customer with `<body>`
    Then the request fails with status 400 and code "parameter_unknown"
    And the error param is "<param>"

    Examples:
      | body                                     | param                    |
      | {"phone_number":"{new-phone}"}           | phone_number             |
      | {"unconfirmed_phone_number":"{new-phone}"} | unconfirmed_phone_number |
      | {"First_Name":"Philippe"}                | First_Name               |
      | {"confirmed_at":null}                    | confirmed_at             |

  @assumed
  Scenario: Updating an unknown customer answers 404 resource_missing
    When I send a PATCH request to "/v1/customers/cus_doesnotexist" with the body `{"first_name":"Philippe"}`
    Then the request fails with status 404 and code "resource_missing"

  @assumed
  Scenario: Parameter values are checked before the customer is looked up
    When I send a PATCH request to "/v1/customers/cus_doesnotexist" with the body `{"email":"not an address"}`
    Then the request fails with status 422 and code "parameter_invalid"
