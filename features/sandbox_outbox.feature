@sandbox
Feature: Sandbox SMS outbox
  The sandbox keeps every SMS it would have sent, per API key. GET
  /_sandbox/sms lists them oldest first, filtered by to or customer_id;
  GET /_sandbox/sms/latest answers the newest match and can wait for one;
  DELETE /_sandbox/sms clears the outbox.

  Scenario: Creating a customer puts one SMS with its token in the outbox
    Given a customer with a new phone number
    When I fetch the latest SMS for the customer
    Then the response status is 200
    And the SMS is to the phone number
    And the SMS is for the customer
    And the SMS body contains its token

  Scenario: The SMS carries the token that confirms the customer
    Given a customer with a new phone number
    And I fetch the latest SMS for the customer
    When I confirm the customer with the token that was sent
    Then the response status is 200

  Scenario: The outbox lists the SMS oldest first
    Given a customer with a new phone number
    And I request a new confirmation token
    And I request a new confirmation token
    When I list the SMS outbox for the customer
    Then the response status is 200
    And the list holds 3 items
    And the list is oldest first
    And every SMS in the list is for the customer

  Scenario: The latest SMS carries the newest token
    Given a customer with a new phone number
    And I request a new confirmation token
    And I remember the token that was sent
    When I fetch the latest SMS for the customer
    Then the SMS carries the remembered token

  Scenario: The customer filter leaves out other customers' SMS
    Given a customer with a new phone number
    And a customer with a new phone number
    When I list the SMS outbox for the customer
    Then the list holds 1 item
    And every SMS in the list is for the customer

  Scenario: The outbox without filters lists every SMS of the API key
    Given a customer with a new phone number
    And a customer with a new phone number
    When I list the SMS outbox
    Then the list holds 2 items
    And the list is oldest first

  @us-numbers
  Scenario Outline: The to filter is normalised like the API's phone numbers
    Given a customer with a new phone number
    When I list the SMS outbox for the phone number written as "<written>"
    Then the list holds 1 item
    And every SMS in the list is to the phone number

    Examples:
      | written          |
      | +1 (###) ###-####|
      | +1 ###.###.####  |
      | +1##########     |

  Scenario: The latest SMS for a number nobody has answers 404 resource_missing
    When I send a GET request to "/_sandbox/sms/latest?to={new-phone}"
    Then the request fails with status 404 and code "resource_missing"

  Scenario: Waiting for an SMS that never comes answers 404 when the time runs out
    When I fetch the latest SMS for a new phone number waiting up to "500ms"
    Then the request fails with status 404 and code "resource_missing"
    And the response took at least "500ms"

  Scenario: Waiting answers at once when an SMS already matches
    Given a customer with a new phone number
    When I fetch the latest SMS for the customer waiting up to "10s"
    Then the response status is 200
    And the response took less than "5s"

  Scenario: Waiting answers as soon as a matching SMS arrives
    Given I start waiting up to "3s" for an SMS to a new phone number
    When I create a customer with the same phone number
    Then the response status is 201
    And the wait ends
    And the response status is 200
    And the SMS is to the phone number

  Scenario Outline: A wait that is not a duration from 0 to 30 s answers 422 parameter_invalid
    When I send a GET request to "/_sandbox/sms/latest?wait=<wait>"
    Then the request fails with status 422 and code "parameter_invalid"
    And the error param is "wait"

    Examples:
      | wait  |
      | soon  |
      | 31s   |
      | -1s   |

  Scenario: An unknown filter answers 400 parameter_unknown
    When I send a GET request to "/_sandbox/sms?phone={new-phone}"
    Then the request fails with status 400 and code "parameter_unknown"
    And the error param is "phone"

  Scenario: Clearing the outbox empties it
    Given a customer with a new phone number
    When I clear the SMS outbox
    And I list the SMS outbox
    Then the list is empty

  Scenario: A rejected confirm sends no SMS
    Given a customer with a new phone number
    When I confirm the customer with the token "not-the-token"
    Then the request is rejected
    And the outbox holds 1 SMS for the phone number

  @tenants
  Scenario: Another API key sees its own, empty outbox
    Given a customer with a new phone number
    When I switch to another API key
    And I list the SMS outbox
    Then the list is empty
