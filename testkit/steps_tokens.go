package testkit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// errNoTokenSource is the failure of a token step when the run has no way
// to learn tokens. The runner leaves out @token scenarios in that case.
var errNoTokenSource = errors.New("this step needs a confirmation token but no token source is set; " +
	"tag the scenario @token and pass --token-source outbox, response, fixed:CODE or exec:CMD")

// fetchSentToken fetches the customer's newest token from the token source.
func (s *scenario) fetchSentToken(ctx context.Context) (string, error) {
	if s.cfg.TokenSource == nil {
		return "", errNoTokenSource
	}
	id, err := s.customerID()
	if err != nil {
		return "", err
	}

	token, err := s.cfg.TokenSource.Token(ctx, TokenRequest{Client: s.client, CustomerID: id, PhoneNumber: s.phone})
	if err != nil {
		return "", err
	}
	s.sentToken = token
	return token, nil
}

// confirm sends POST confirm with the token as a JSON string.
func (s *scenario) confirm(ctx context.Context, token string) error {
	id, err := s.customerID()
	if err != nil {
		return err
	}
	body, err := json.Marshal(map[string]string{"confirmation_token": token})
	if err != nil {
		return err
	}
	return s.send(ctx, Request{Method: http.MethodPost, Path: customerPath(id) + "/confirm", Body: body})
}

func (s *scenario) confirmWithSentToken(ctx context.Context) error {
	token, err := s.fetchSentToken(ctx)
	if err != nil {
		return err
	}
	return s.confirm(ctx, token)
}

func (s *scenario) confirmWithToken(ctx context.Context, token string) error {
	return s.confirm(ctx, token)
}

func (s *scenario) confirmWithRememberedToken(ctx context.Context) error {
	if s.rememberedToken == "" {
		return errors.New(`no token was remembered; add "I remember the token that was sent" first`)
	}
	return s.confirm(ctx, s.rememberedToken)
}

// confirmWithWrongToken sends a token that differs from the pending one in
// its last digit, so it has the right form and is still wrong.
func (s *scenario) confirmWithWrongToken(ctx context.Context) error {
	token, err := s.fetchSentToken(ctx)
	if err != nil {
		return err
	}
	return s.confirm(ctx, wrongToken(token))
}

func (s *scenario) confirmWithWrongTokenTimes(ctx context.Context, n int) error {
	token, err := s.fetchSentToken(ctx)
	if err != nil {
		return err
	}
	for range n {
		if err := s.confirm(ctx, wrongToken(token)); err != nil {
			return err
		}
	}
	return nil
}

// wrongToken returns a token that differs from token in its last character.
func wrongToken(token string) string {
	if token == "" {
		return "000000"
	}
	last := token[len(token)-1]
	next := byte('0')
	if last >= '0' && last <= '8' {
		next = last + 1
	}
	return token[:len(token)-1] + string(next)
}

func (s *scenario) rememberSentToken(ctx context.Context) error {
	token, err := s.fetchSentToken(ctx)
	if err != nil {
		return err
	}
	s.rememberedToken = token
	return nil
}

// tokenIsSent checks that the token source has a token for the customer.
// With the outbox it also checks that the SMS went to the customer's number
// and that its body contains the token.
func (s *scenario) tokenIsSent(ctx context.Context) error {
	token, err := s.fetchSentToken(ctx)
	if err != nil {
		return err
	}
	if token == "" {
		return errors.New("the token source returned an empty token")
	}
	if _, ok := s.cfg.TokenSource.(OutboxTokens); !ok {
		return nil
	}

	id, _ := s.customerID()
	sms, err := s.client.LatestSMS(ctx, SMSFilter{CustomerID: id}, 0)
	if err != nil {
		return err
	}
	if sms.To != s.phone {
		return fmt.Errorf("the SMS went to %q, want %q", sms.To, s.phone)
	}
	if !strings.Contains(sms.Body, token) {
		return fmt.Errorf("the SMS body %q does not contain its token %q", sms.Body, token)
	}
	return nil
}

// sentTokenDiffers checks that the newest token is not the remembered one.
func (s *scenario) sentTokenDiffers(ctx context.Context) error {
	token, err := s.fetchSentToken(ctx)
	if err != nil {
		return err
	}
	if token == s.rememberedToken {
		return fmt.Errorf("the new token %q is the remembered one, want a different token", token)
	}
	return nil
}

// customerHasSentToken checks an attribute against the newest sent token.
func (s *scenario) customerHasSentToken(ctx context.Context, name string) error {
	token, err := s.fetchSentToken(ctx)
	if err != nil {
		return err
	}
	return s.customerAttributeIs(name, token)
}
