package testkit_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/dirtylemon/api-sandbox/sandbox"
	"github.com/dirtylemon/api-sandbox/testkit"
)

func TestProbeFindsWhatTheTargetSupports(t *testing.T) {
	cases := []struct {
		title   string
		opts    sandbox.Options
		apiKey  string
		want    testkit.Target
		wantCap bool
	}{
		{
			title: "sandbox requiring a key",
			opts:  sandbox.Options{RequireAPIKey: true},
			want:  testkit.Target{Controls: true, KeysRequired: true, PerScenarioKeys: true, TokenInResponse: true, TokenMode: "random"},
		},
		{
			title: "like a deployment",
			opts:  sandbox.Options{NoAdmin: true, HideConfirmationToken: true},
			want:  testkit.Target{PerScenarioKeys: true},
		},
		{
			title:  "sandbox with a list of keys",
			opts:   sandbox.Options{APIKeys: []string{"ci-key"}, TokenMode: "fixed"},
			apiKey: "ci-key",
			want:   testkit.Target{Controls: true, KeysRequired: true, UnknownKeysRejected: true, TokenInResponse: true, TokenMode: "fixed"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.title, func(t *testing.T) {
			url := testkit.StartSandbox(t, tc.opts).BaseURL()

			got := probe(t, url, tc.apiKey)

			checks := []struct {
				name      string
				got, want any
			}{
				{"Controls", got.Controls, tc.want.Controls},
				{"KeysRequired", got.KeysRequired, tc.want.KeysRequired},
				{"PerScenarioKeys", got.PerScenarioKeys, tc.want.PerScenarioKeys},
				{"TokenInResponse", got.TokenInResponse, tc.want.TokenInResponse},
				{"TokenMode", got.TokenMode, tc.want.TokenMode},
				{"UnknownKeysRejected", got.UnknownKeysRejected, tc.want.UnknownKeysRejected},
			}
			for _, c := range checks {
				if c.got != c.want {
					t.Errorf("got %s %v, want %v", c.name, c.got, c.want)
				}
			}
			if !strings.HasPrefix(got.UnknownKeysNote, "POST /v1/customers with a made-up API key answered ") {
				t.Errorf("got UnknownKeysNote %q, want the status a made-up key got", got.UnknownKeysNote)
			}
		})
	}
}

func TestProbeErrors(t *testing.T) {
	broken := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusServiceUnavailable)
	}))
	defer broken.Close()
	strict := testkit.StartSandbox(t, sandbox.Options{APIKeys: []string{"right"}}).BaseURL()

	cases := []struct {
		title  string
		url    string
		apiKey string
	}{
		{"server error", broken.URL, ""},
		{"nothing listening", closedPort(t), ""},
		{"wrong key", strict, "wrong"},
	}
	for _, tc := range cases {
		t.Run(tc.title, func(t *testing.T) {
			phones, _ := testkit.NewPhoneGenerator(testkit.DefaultPhoneTemplate)
			_, err := testkit.Probe(context.Background(), testkit.ProbeOptions{BaseURL: tc.url, APIKey: tc.apiKey, Phones: phones})

			var probeErr *testkit.ProbeError
			if !errors.As(err, &probeErr) {
				t.Fatalf("got error %v, want a *ProbeError", err)
			}
		})
	}
}

func probe(t *testing.T, url, apiKey string) *testkit.Target {
	t.Helper()
	phones, err := testkit.NewPhoneGenerator(testkit.DefaultPhoneTemplate)
	if err != nil {
		t.Fatal(err)
	}
	target, err := testkit.Probe(context.Background(), testkit.ProbeOptions{BaseURL: url, APIKey: apiKey, Phones: phones})
	if err != nil {
		t.Fatalf("probe failed: %v", err)
	}
	return target
}

// closedPort returns the URL of a loopback port nothing listens on.
func closedPort(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + l.Addr().String()
	l.Close()
	return url
}
