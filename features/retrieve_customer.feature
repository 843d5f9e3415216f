Feature: Retrieve a customer
  GET /v1/customers/<ID> answers 200 with the customer object.

  Scenario: Retrieving a customer answers 200 with the customer as it was created
    Given a customer with a new phone number
    When I retrieve the customer
    Then the response status is 200
    And the customer is unchanged

  @assumed
  Scenario: An unknown id answers 404 resource_missing
    When I retrieve the customer with the id "cus_doesnotexist"
    Then the request fails with status 404 and code "resource_missing"
    And the error param is "id"
    And the error type is "invalid_request_error"

  @assumed
  Scenario: Every response carries a Request-Id header that the error body repeats
    When I retrieve the customer with the id "cus_doesnotexist"
    Then the response has a Request-Id header
    And the error request id is the Request-Id header

  @assumed
  Scenario: A successful response carries a Request-Id header too
    Given a customer with a new phone number
    When I retrieve the customer
    Then the response status is 200
    And the response has a Request-Id header

  @assumed
  Scenario: HEAD works where GET does and sends no body
    Given a customer with a new phone number
    When I send a HEAD request to "/v1/customers/{id}"
    Then the response status is 200
    And the response body is empty

  @assumed @tenants
  Scenario: A customer is invisible under another API key
    Given a customer with a new phone number
    When I switch to another API key
    And I retrieve the customer
    Then the request fails with status 404 and code "resource_missing"

  @assumed @tenants
  Scenario: A customer is visible again under the key that created it
    Given a customer with a new phone number
    When I switch to another API key
    And I switch back to the first API key
    And I retrieve the customer
    Then the response status is 200

  @assumed @tenants
  Scenario: Another API key cannot update, confirm or resend for a customer
    Given a customer with a new phone number
    When I switch to another API key
    And I update the customer with `{"first_name":"Mallory"}`
    Then the request fails with status 404 and code "resource_missing"
    When I confirm the customer with the token "123456"
    Then the request fails with status 404 and code "resource_missing"
    When I request a new confirmation token
    Then the request fails with status 404 and code "resource_missing"

  @assumed @tenants
  Scenario: A phone number taken under one API key is free under another
    Given a customer with a new phone number
    When I switch to another API key
    And I create a customer with the same phone number
    Then the response status is 201
