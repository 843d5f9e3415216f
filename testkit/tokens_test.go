package testkit_test

import (
	"context"
	"testing"

	"github.com/dirtylemon/api-sandbox/sandbox"
	"github.com/dirtylemon/api-sandbox/testkit"
)

func TestParseTokenSource(t *testing.T) {
	cases := []struct {
		spec     string
		wantName string
		wantErr  bool
	}{
		{"outbox", "outbox", false},
		{"response", "response", false},
		{"fixed:123456", "fixed:123456", false},
		{"exec:echo 1", "exec:echo 1", false},
		{"fixed:", "", true},
		{"exec:", "", true},
		{"sms", "", true},
		{"", "", true},
	}
	for _, tc := range cases {
		t.Run(tc.spec, func(t *testing.T) {
			source, err := testkit.ParseTokenSource(tc.spec)
			if tc.wantErr {
				if err == nil {
					t.Errorf("got source %v, want an error", source)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := source.Name(); got != tc.wantName {
				t.Errorf("got name %q, want %q", got, tc.wantName)
			}
		})
	}
}

// TestTokenSourcesAgree creates a customer and reads its token from each
// source; all must give the token that confirms it.
func TestTokenSourcesAgree(t *testing.T) {
	ctx := context.Background()
	client := testkit.StartSandbox(t, sandbox.Options{TokenMode: "fixed", FixedToken: "424242"}).WithKey("tokens")
	cus, err := client.CreateCustomer(ctx, testkit.CreateCustomerParams{UnconfirmedPhoneNumber: "+12025550143", CountryCode: "US"})
	if err != nil {
		t.Fatal(err)
	}
	req := testkit.TokenRequest{Client: client, CustomerID: cus.ID, PhoneNumber: "+12025550143"}

	sources := []testkit.TokenSource{
		testkit.OutboxTokens{},
		testkit.ResponseTokens{},
		testkit.FixedToken("424242"),
		testkit.ExecTokens(`test "$CUSTOMER_ID" = "` + cus.ID + `" && test "$PHONE_NUMBER" = "+12025550143" && echo " 424242 "`),
	}
	for _, source := range sources {
		t.Run(source.Name(), func(t *testing.T) {
			got, err := source.Token(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			if got != "424242" {
				t.Errorf("got token %q, want 424242", got)
			}
		})
	}
}

func TestExecTokensFailures(t *testing.T) {
	req := testkit.TokenRequest{CustomerID: "cus_x", PhoneNumber: "+12025550143"}
	cases := []struct {
		title   string
		command string
	}{
		{"command fails", "echo broken >&2; exit 3"},
		{"command prints nothing", "true"},
	}
	for _, tc := range cases {
		t.Run(tc.title, func(t *testing.T) {
			if token, err := testkit.ExecTokens(tc.command).Token(context.Background(), req); err == nil {
				t.Errorf("got token %q, want an error", token)
			}
		})
	}
}

func TestResponseTokensHiddenToken(t *testing.T) {
	ctx := context.Background()
	client := testkit.StartSandbox(t, sandbox.Options{HideConfirmationToken: true})
	cus, err := client.CreateCustomer(ctx, testkit.CreateCustomerParams{UnconfirmedPhoneNumber: "+12025550143", CountryCode: "US"})
	if err != nil {
		t.Fatal(err)
	}
	req := testkit.TokenRequest{Client: client, CustomerID: cus.ID}
	if token, err := (testkit.ResponseTokens{}).Token(ctx, req); err == nil {
		t.Errorf("got token %q from a hidden confirmation_token, want an error", token)
	}
}
