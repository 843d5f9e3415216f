package testkit_test

import (
	"context"
	"testing"
	"time"

	"github.com/dirtylemon/api-sandbox/sandbox"
	"github.com/dirtylemon/api-sandbox/testkit"
)

func TestSignupConfirmsThePhone(t *testing.T) {
	ctx := context.Background()
	c := testkit.StartSandbox(t, sandbox.Options{TokenMode: sandbox.TokenModeFixed}).WithKey("signup-test")

	cus, err := c.CreateCustomer(ctx, testkit.CreateCustomerParams{
		UnconfirmedPhoneNumber: "+12025550143", CountryCode: "US"})
	if err != nil {
		t.Fatal(err)
	}
	sms, err := c.LatestSMS(ctx, testkit.SMSFilter{CustomerID: cus.ID}, 2*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	confirmed, err := c.ConfirmCustomer(ctx, cus.ID, sms.Token)
	if err != nil {
		t.Fatal(err)
	}
	if confirmed.PhoneNumber == nil || *confirmed.PhoneNumber != "+12025550143" {
		t.Errorf("got phone_number %v, want +12025550143", confirmed.PhoneNumber)
	}
}
