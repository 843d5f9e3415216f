@sandbox
Feature: Sandbox clock
  Each API key has its own clock. GET /_sandbox/clock reads it; POST
  /_sandbox/clock takes advance (a non-negative Go duration), set (an RFC
  3339 time, past or future) or freeze (true or false) and answers the new
  clock. Timestamps and token expiry follow it.

  @real-time-clock
  Scenario: A new API key's clock runs at real time
    When I read the clock
    Then the clock is running
    And the clock offset is "0s"
    And the clock reads real time plus "0s"

  Scenario: Advancing the clock moves it forward
    Given I unfreeze the clock
    And I read the clock
    When I advance the clock by "5m"
    Then the response status is 200
    And the clock offset is "5m0s" more than the offset I read
    And the clock reads real time plus its offset

  Scenario: A frozen clock can be set to an exact time in the past
    Given I freeze the clock
    When I set the clock to "2001-02-03T04:05:06Z"
    Then the clock reads "2001-02-03T04:05:06Z"
    And the clock is frozen

  Scenario: Setting a running clock in the past gives a negative offset
    Given I unfreeze the clock
    When I set the clock to "2001-02-03T04:05:06Z"
    Then the clock is running
    And the clock offset is negative

  Scenario: A frozen clock does not move
    Given I freeze the clock
    When I read the clock
    And I wait "20ms"
    Then the clock still reads the time I read
    And the clock is frozen

  Scenario: An unfrozen clock runs again
    Given I freeze the clock
    When I unfreeze the clock
    Then the clock is running

  Scenario: New customers take their timestamps from the clock
    Given I freeze the clock
    And I set the clock to "2030-01-01T00:00:00Z"
    When I create a customer with a new phone number
    Then the response status is 201
    And the customer's "created_at" is "2030-01-01T00:00:00.000Z"
    And the customer's "created_at" is the clock time

  Scenario: Timestamps are truncated to the millisecond
    Given I freeze the clock
    And I set the clock to "2030-01-01T00:00:00.123456789Z"
    When I create a customer with a new phone number
    Then the customer's "created_at" is "2030-01-01T00:00:00.123Z"

  Scenario Outline: A clock change that is not acceptable is rejected
    When I send a POST request to "/_sandbox/clock" with the body `<body>`
    Then the request fails with status <status> and code "<code>"
    And the error param is "<param>"

    Examples:
      | body                  | status | code                   | param   |
      | {"advance":"-5m"}     | 422    | parameter_invalid      | advance |
      | {"advance":"soon"}    | 422    | parameter_invalid      | advance |
      | {"set":"yesterday"}   | 422    | parameter_invalid      | set     |
      | {"freeze":"yes"}      | 400    | parameter_invalid_type | freeze  |
      | {"advance":300}       | 400    | parameter_invalid_type | advance |
      | {"rewind":"5m"}       | 400    | parameter_unknown      | rewind  |

  Scenario: A rejected clock change leaves the clock alone
    When I send a POST request to "/_sandbox/clock" with the body `{"advance":"-5m"}`
    Then the request is rejected
    And the clock offset is "0s"

  @tenants
  Scenario: Moving one API key's clock leaves another's alone
    Given I advance the clock by "1h"
    When I switch to another API key
    Then the clock offset is "0s"
