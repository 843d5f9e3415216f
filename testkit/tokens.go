package testkit

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"
)

// TokenRequest names the customer whose pending confirmation token a
// TokenSource is asked for. Client acts as the scenario's tenant.
type TokenRequest struct {
	Client      *Client
	CustomerID  string
	PhoneNumber string
}

// TokenSource finds the confirmation token that was sent to a customer.
type TokenSource interface {
	// Token returns the newest token sent to the customer.
	Token(ctx context.Context, req TokenRequest) (string, error)

	// Name returns the source as written on the command line, for
	// example "outbox" or "fixed:123456".
	Name() string
}

// outboxWait is how long the outbox source waits for an SMS to arrive.
const outboxWait = 2 * time.Second

// execTimeout bounds a token command.
const execTimeout = 30 * time.Second

// ParseTokenSource builds a token source from its command-line form.
// "outbox" reads the sandbox outbox and "response" the customer's
// confirmation_token attribute. "fixed:CODE" is for a deployment that
// sends CODE to every number of its test range. "exec:CMD" runs a shell
// command that prints the token, with CUSTOMER_ID and PHONE_NUMBER in its
// environment.
func ParseTokenSource(spec string) (TokenSource, error) {
	kind, arg, _ := strings.Cut(spec, ":")
	switch {
	case spec == "outbox":
		return OutboxTokens{}, nil
	case spec == "response":
		return ResponseTokens{}, nil
	case kind == "fixed" && arg != "":
		return FixedToken(arg), nil
	case kind == "exec" && arg != "":
		return ExecTokens(arg), nil
	}
	return nil, fmt.Errorf("unknown token source %q, want outbox, response, fixed:CODE or exec:CMD", spec)
}

// OutboxTokens reads the token of the newest SMS the sandbox sent to the
// customer, waiting up to two seconds for one to arrive.
type OutboxTokens struct{}

// Name returns "outbox".
func (OutboxTokens) Name() string { return "outbox" }

// Token returns the token field of the customer's newest SMS.
func (OutboxTokens) Token(ctx context.Context, req TokenRequest) (string, error) {
	sms, err := req.Client.LatestSMS(ctx, SMSFilter{CustomerID: req.CustomerID}, outboxWait)
	if err != nil {
		return "", fmt.Errorf("reading the token of customer %s from the outbox failed: %w", req.CustomerID, err)
	}
	return sms.Token, nil
}

// ResponseTokens reads the customer's confirmation_token attribute, for
// deployments that return the pending token.
type ResponseTokens struct{}

// Name returns "response".
func (ResponseTokens) Name() string { return "response" }

// Token retrieves the customer and returns its confirmation_token.
func (ResponseTokens) Token(ctx context.Context, req TokenRequest) (string, error) {
	cus, err := req.Client.RetrieveCustomer(ctx, req.CustomerID)
	if err != nil {
		return "", fmt.Errorf("retrieving customer %s for its token failed: %w", req.CustomerID, err)
	}
	if cus.ConfirmationToken == nil {
		return "", fmt.Errorf("customer %s has confirmation_token null; use another --token-source", req.CustomerID)
	}
	return *cus.ConfirmationToken, nil
}

// FixedToken is the code a deployment sends to every number of its test
// range. Its tokens never differ between sends.
type FixedToken string

// Name returns "fixed:CODE".
func (f FixedToken) Name() string { return "fixed:" + string(f) }

// Token returns the code.
func (f FixedToken) Token(context.Context, TokenRequest) (string, error) {
	return string(f), nil
}

// ExecTokens is a shell command that prints the token. It runs with
// CUSTOMER_ID and PHONE_NUMBER added to the environment and must finish
// within 30 seconds.
type ExecTokens string

// Name returns "exec:CMD".
func (e ExecTokens) Name() string { return "exec:" + string(e) }

// Token runs the command and returns its output with spaces trimmed.
func (e ExecTokens) Token(ctx context.Context, req TokenRequest) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, execTimeout)
	defer cancel()

	cmd := exec.CommandContext(ctx, "sh", "-c", string(e))
	cmd.Env = append(os.Environ(), "CUSTOMER_ID="+req.CustomerID, "PHONE_NUMBER="+req.PhoneNumber)
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	cmd.Stderr = &stderr

	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("token command %q failed for customer %s: %w: %s",
			string(e), req.CustomerID, err, firstLine(stderr.String()))
	}
	token := strings.TrimSpace(stdout.String())
	if token == "" {
		return "", fmt.Errorf("token command %q printed nothing for customer %s", string(e), req.CustomerID)
	}
	return token, nil
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return line
}
