@sandbox
Feature: Sandbox reset and customer list
  POST /_sandbox/reset empties the API key's sandbox: customers, outbox,
  limits and clock. GET /_sandbox/customers lists its customers oldest
  first.

  Scenario: The customer list shows every customer oldest first
    Given a customer with a new phone number
    And a customer with a new phone number
    When I list the sandbox customers
    Then the response status is 200
    And the list holds 2 items
    And the list is oldest first

  Scenario: A reset removes the customers
    Given a customer with a new phone number
    When I reset the sandbox
    And I retrieve the customer
    Then the request is rejected
    When I list the sandbox customers
    Then the list is empty

  Scenario: A reset empties the outbox
    Given a customer with a new phone number
    When I reset the sandbox
    And I list the SMS outbox
    Then the list is empty

  Scenario: A reset puts the clock back to how a new API key's starts
    Given I read the clock
    And I advance the clock by "1h"
    And I freeze the clock
    When I reset the sandbox
    Then the clock is back to the state I read

  Scenario: A phone number is free again after a reset
    Given a customer with a new phone number
    When I reset the sandbox
    And I create a customer with the same phone number
    Then the response status is 201

  @tenants
  Scenario: A reset leaves other API keys alone
    Given a customer with a new phone number
    When I switch to another API key
    And I reset the sandbox
    And I switch back to the first API key
    And I retrieve the customer
    Then the response status is 200
