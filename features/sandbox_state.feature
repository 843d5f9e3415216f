@sandbox
Feature: Sandbox state export and import
  GET /_sandbox/state exports the API key's customers, outbox and clock as
  JSON; PUT /_sandbox/state replaces them with an export, so a test can
  start from a known state.

  Scenario: An export can be imported back after a reset
    Given a customer with a new phone number
    And I export the sandbox state
    And I reset the sandbox
    When I import the exported state
    And I retrieve the customer
    Then the response status is 200
    And the customer is unchanged

  Scenario: An imported outbox still confirms the customer
    Given a customer with a new phone number
    And I export the sandbox state
    And I reset the sandbox
    And I import the exported state
    When I confirm the customer with the token that was sent
    Then the response status is 200

  @tenants
  Scenario: An export imported under another API key lands in that key's sandbox
    Given a customer with a new phone number
    And I export the sandbox state
    When I switch to another API key
    And I import the exported state
    And I retrieve the customer
    Then the response status is 200

  Scenario: An import that is not an export is rejected and changes nothing
    Given a customer with a new phone number
    When I send a PUT request to "/_sandbox/state" with the body `{"customers":"none"}`
    Then the request is rejected
    When I retrieve the customer
    Then the response status is 200
