package sandbox

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// latencyBuckets are the upper bounds, in seconds, of the request latency
// histogram. The sandbox serves most requests in well under a millisecond,
// and injected delays reach minutes, so the range is wider than the
// client library's default of 5 ms to 10 s.
var latencyBuckets = []float64{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300}

// metricMethods are the methods counted under their own name; any other
// method is counted as "other", so clients cannot grow the label set.
var metricMethods = []string{
	http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut,
	http.MethodPatch, http.MethodDelete, http.MethodOptions,
}

// serverMetrics are one server's Prometheus metrics, in a registry of its
// own so that several servers in one process do not collide.
type serverMetrics struct {
	registry  *prometheus.Registry
	handler   http.Handler
	requests  *prometheus.CounterVec
	latency   *prometheus.HistogramVec
	smsSent   prometheus.Counter
	faults    *prometheus.CounterVec
	customers *prometheus.Desc

	// series caches the children of requests and latency by label values,
	// so counting a request does not hash labels or allocate.
	mu     sync.RWMutex
	series map[seriesKey]requestSeries
}

type seriesKey struct {
	route  string
	method string
	status int
}

type requestSeries struct {
	count   prometheus.Counter
	latency prometheus.Observer
}

func newServerMetrics(s *Server) *serverMetrics {
	m := &serverMetrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sandbox_http_requests_total",
			Help: "HTTP requests served, by route template, method and status; status \"dropped\" is a connection closed by a drop fault.",
		}, []string{"route", "method", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "sandbox_http_request_duration_seconds",
			Help:    "Time from receiving a request to finishing its response, by route template and method.",
			Buckets: latencyBuckets,
		}, []string{"route", "method"}),
		smsSent: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "sandbox_sms_sent_total",
			Help: "Confirmation messages put in an outbox; a late message counts when it arrives.",
		}),
		faults: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "sandbox_faults_injected_total",
			Help: "Requests and messages changed by a fault of POST /_sandbox/faults, by kind.",
		}, []string{"kind"}),
		customers: prometheus.NewDesc("sandbox_customers",
			"Customers stored, by tenant; the label is a short SHA-256 hash of the API key, never the key.",
			[]string{"tenant"}, nil),
		series: map[seriesKey]requestSeries{},
	}
	m.registry.MustRegister(
		m.requests, m.latency, m.smsSent, m.faults,
		customersCollector{s: s, desc: m.customers},
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
	)
	m.handler = promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{ErrorLog: slogAdapter{s}})
	return m
}

// observe counts one finished request. status 0 is a dropped connection.
func (m *serverMetrics) observe(route, method string, status int, d time.Duration) {
	method = metricMethod(method)
	key := seriesKey{route: route, method: method, status: status}

	m.mu.RLock()
	series, ok := m.series[key]
	m.mu.RUnlock()
	if !ok {
		series = m.addSeries(key)
	}

	series.count.Inc()
	series.latency.Observe(d.Seconds())
}

// addSeries resolves and caches the metric children of key.
func (m *serverMetrics) addSeries(key seriesKey) requestSeries {
	statusLabel := "dropped"
	if key.status != 0 {
		statusLabel = strconv.Itoa(key.status)
	}
	series := requestSeries{
		count:   m.requests.WithLabelValues(key.route, key.method, statusLabel),
		latency: m.latency.WithLabelValues(key.route, key.method),
	}

	m.mu.Lock()
	defer m.mu.Unlock()
	m.series[key] = series
	return series
}

func metricMethod(method string) string {
	for _, known := range metricMethods {
		if method == known {
			return known
		}
	}
	return "other"
}

// faultInjected counts one use of a fault.
func (m *serverMetrics) faultInjected(kind string) {
	m.faults.WithLabelValues(kind).Inc()
}

// customersCollector counts each tenant's customers when Prometheus
// scrapes, so the gauge never drifts from the database.
type customersCollector struct {
	s    *Server
	desc *prometheus.Desc
}

func (c customersCollector) Describe(ch chan<- *prometheus.Desc) { ch <- c.desc }

// Collect reads every customer in one snapshot and sums them per tenant
// hash. Two keys whose hashes collide share one series, because a
// registry rejects a scrape that repeats a label set.
func (c customersCollector) Collect(ch chan<- prometheus.Metric) {
	txn := c.s.db.Txn(false)
	defer txn.Abort()

	it, err := txn.Get(tableCustomers, indexID)
	if err != nil {
		c.s.log.Error("count customers for metrics", "error", err)
		return
	}
	counts := map[string]float64{}
	hashes := map[string]string{}
	for raw := it.Next(); raw != nil; raw = it.Next() {
		tenant := raw.(*customer).Tenant
		hash, ok := hashes[tenant]
		if !ok {
			hash = tenantHash(tenant)
			hashes[tenant] = hash
		}
		counts[hash]++
	}
	for hash, n := range counts {
		ch <- prometheus.MustNewConstMetric(c.desc, prometheus.GaugeValue, n, hash)
	}
}

// serveMetrics serves GET /metrics in the Prometheus text format.
func (s *Server) serveMetrics(w http.ResponseWriter, r *http.Request) error {
	s.metrics.handler.ServeHTTP(w, r)
	return nil
}

// slogAdapter sends the errors of the metrics handler to the server's log.
type slogAdapter struct{ s *Server }

func (a slogAdapter) Println(v ...any) {
	a.s.log.Error("serve metrics", "error", v)
}
