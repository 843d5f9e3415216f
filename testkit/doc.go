// Package testkit is what a test of the Dirty Lemon customers API needs: a
// typed client for the API and the sandbox controls, a helper that starts the
// sandbox in-process, the godog step definitions of the contract suite, the
// token sources and the phone-number generator.
//
// Go tests use the client directly:
//
//	c := testkit.StartSandbox(t, sandbox.Options{TokenMode: "fixed"})
//	cus, err := c.CreateCustomer(ctx, testkit.CreateCustomerParams{
//		UnconfirmedPhoneNumber: "+12025550143", CountryCode: "US"})
//
// Other repositories reuse the steps with their own feature files by calling
// RegisterSteps from a godog scenario initializer.
package testkit
