package testkit

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
)

// CreateCustomer creates an unconfirmed customer; the API sends it a
// confirmation token.
func (c *Client) CreateCustomer(ctx context.Context, p CreateCustomerParams) (*Customer, error) {
	var cus Customer
	err := c.call(ctx, http.MethodPost, "/v1/customers", p, http.StatusCreated, &cus)
	return &cus, err
}

// RetrieveCustomer returns the customer with the given id.
func (c *Client) RetrieveCustomer(ctx context.Context, id string) (*Customer, error) {
	var cus Customer
	err := c.call(ctx, http.MethodGet, customerPath(id), nil, http.StatusOK, &cus)
	return &cus, err
}

// UpdateCustomer sets or clears first_name, last_name and email.
func (c *Client) UpdateCustomer(ctx context.Context, id string, p UpdateCustomerParams) (*Customer, error) {
	var cus Customer
	err := c.call(ctx, http.MethodPatch, customerPath(id), p, http.StatusOK, &cus)
	return &cus, err
}

// ConfirmCustomer confirms the pending phone number with the token that was
// sent to it.
func (c *Client) ConfirmCustomer(ctx context.Context, id, token string) (*Customer, error) {
	var cus Customer
	body := map[string]string{"confirmation_token": token}
	err := c.call(ctx, http.MethodPost, customerPath(id)+"/confirm", body, http.StatusOK, &cus)
	return &cus, err
}

// GenerateConfirmation replaces the pending token with a new one and sends
// it to the unconfirmed phone number.
func (c *Client) GenerateConfirmation(ctx context.Context, id string) error {
	return c.call(ctx, http.MethodPost, customerPath(id)+"/generate_confirmation", nil, http.StatusCreated, nil)
}

func customerPath(id string) string {
	return "/v1/customers/" + url.PathEscape(id)
}

// call sends in as the JSON body (none when nil), expects the status want
// and decodes the body into out (skipped when nil). An error status gives an
// *APIError; a body that breaks its schema gives a *SchemaError.
func (c *Client) call(ctx context.Context, method, path string, in any, want int, out any) error {
	req := Request{Method: method, Path: path}
	if in != nil {
		body, err := json.Marshal(in)
		if err != nil {
			return fmt.Errorf("encoding the %s %s body failed: %w", method, path, err)
		}
		req.Body = body
	}

	resp, err := c.Do(ctx, req)
	if err != nil {
		return err
	}
	if resp.Status >= 400 {
		return newAPIError(resp)
	}
	if resp.Status != want {
		return fmt.Errorf("got status %d, want %d: %s", resp.Status, want, resp)
	}
	if out == nil {
		return nil
	}
	return resp.Decode(out)
}
