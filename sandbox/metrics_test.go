package sandbox_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"testing"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/dirtylemon/api-sandbox/sandbox"
)

// scrape reads /metrics without an API key and parses the text format.
func scrape(t *testing.T, ts *testServer) (map[string]*dto.MetricFamily, string) {
	t.Helper()
	r := ts.client("").sendControl(t, http.MethodGet, "/metrics", "", bodyNotJSON)
	r.wantStatus(t, http.StatusOK)
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("got Content-Type %q, want the Prometheus text format", ct)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(bytes.NewReader(r.Body))
	if err != nil {
		t.Fatalf("parse /metrics: %v\n%s", err, r.Body)
	}
	return families, string(r.Body)
}

// metricValue returns the value of the series of family whose labels
// include all of labels, or -1 when there is none.
func metricValue(families map[string]*dto.MetricFamily, family string, labels map[string]string) float64 {
	f := families[family]
	if f == nil {
		return -1
	}
	for _, m := range f.GetMetric() {
		if !hasLabels(m, labels) {
			continue
		}
		switch {
		case m.GetCounter() != nil:
			return m.GetCounter().GetValue()
		case m.GetGauge() != nil:
			return m.GetGauge().GetValue()
		case m.GetHistogram() != nil:
			return float64(m.GetHistogram().GetSampleCount())
		}
	}
	return -1
}

func hasLabels(m *dto.Metric, want map[string]string) bool {
	found := 0
	for _, l := range m.GetLabel() {
		if v, ok := want[l.GetName()]; ok && v == l.GetValue() {
			found++
		}
	}
	return found == len(want)
}

// hashOf is the tenant label of an API key: the first four bytes of its
// SHA-256, in hex.
func hashOf(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:4])
}

func TestMetricsExposition(t *testing.T) {
	t.Parallel()
	ts := startServer(t, sandbox.Options{RequireAPIKey: true})
	a, b := ts.client("sk_metrics_secret_a"), ts.client("sk_metrics_secret_b")

	a.create(t, "+12025550143", "US")
	a.create(t, "+12025550144", "US")
	b.create(t, "+12025550143", "US")
	a.do(t, http.MethodGet, "/v1/customers/cus_missing", "").wantStatus(t, http.StatusNotFound)
	a.do(t, http.MethodGet, "/v1/customers/cus_other", "").wantStatus(t, http.StatusNotFound)
	a.do(t, "BREW", "/v1/customers", "").wantStatus(t, http.StatusMethodNotAllowed)
	a.addFault(t, `{"path": "/v1/customers/{id}", "action": "drop"}`)
	dropped, err := http.NewRequest(http.MethodGet, ts.URL+"/v1/customers/cus_x", nil)
	if err != nil {
		t.Fatal(err)
	}
	dropped.Header.Set("Authorization", "Bearer sk_metrics_secret_a")
	if res, err := (&http.Client{Transport: &http.Transport{DisableKeepAlives: true}}).Do(dropped); err == nil {
		res.Body.Close()
		t.Fatalf("got status %d, want the connection dropped", res.StatusCode)
	}

	families, text := scrape(t, ts)
	cases := []struct {
		name   string
		family string
		labels map[string]string
		want   float64
	}{
		{"creates", "sandbox_http_requests_total", map[string]string{"route": "/v1/customers", "method": "POST", "status": "201"}, 3},
		{"not found by template", "sandbox_http_requests_total", map[string]string{"route": "/v1/customers/{id}", "method": "GET", "status": "404"}, 2},
		{"unknown method", "sandbox_http_requests_total", map[string]string{"route": "/v1/customers", "method": "other", "status": "405"}, 1},
		{"dropped", "sandbox_http_requests_total", map[string]string{"route": "/v1/customers/{id}", "method": "GET", "status": "dropped"}, 1},
		{"latency samples", "sandbox_http_request_duration_seconds", map[string]string{"route": "/v1/customers", "method": "POST"}, 3},
		{"sms sent", "sandbox_sms_sent_total", nil, 3},
		{"faults injected", "sandbox_faults_injected_total", map[string]string{"kind": "drop"}, 1},
		{"customers of a", "sandbox_customers", map[string]string{"tenant": hashOf("sk_metrics_secret_a")}, 2},
		{"customers of b", "sandbox_customers", map[string]string{"tenant": hashOf("sk_metrics_secret_b")}, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := metricValue(families, tc.family, tc.labels); got != tc.want {
				t.Errorf("got %s%v = %v, want %v", tc.family, tc.labels, got, tc.want)
			}
		})
	}
	if strings.Contains(text, "sk_metrics_secret") {
		t.Errorf("/metrics shows an API key in clear")
	}
	if families["go_goroutines"] == nil {
		t.Errorf("got no go_goroutines, want the Go runtime metrics")
	}
}

func TestMetricsPerServer(t *testing.T) {
	t.Parallel()
	first := startServer(t, sandbox.Options{})
	second := startServer(t, sandbox.Options{})

	first.client("").create(t, "+12025550143", "US")

	labels := map[string]string{"route": "/v1/customers", "method": "POST", "status": "201"}
	firstFamilies, _ := scrape(t, first)
	secondFamilies, _ := scrape(t, second)
	if got := metricValue(firstFamilies, "sandbox_http_requests_total", labels); got != 1 {
		t.Errorf("first server: got %v creates, want 1", got)
	}
	if got := metricValue(secondFamilies, "sandbox_http_requests_total", labels); got != -1 {
		t.Errorf("second server: got %v creates, want none of the first server's", got)
	}
}
