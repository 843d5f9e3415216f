package sandbox

import (
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// restartServer starts a sandbox on stateFile, runs use against it, closes
// it so that it writes the file, and returns a fresh sandbox restored
// from the file.
func restartServer(t *testing.T, opts Options, use func(h *hostileServer)) *hostileServer {
	t.Helper()

	first := startHostile(t, opts)
	use(first)
	first.ts.Close()
	if err := first.sb.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	return startHostile(t, opts)
}

// TestStateFileRestoresEveryTenant writes customers in three states,
// outboxes and moved clocks in two tenants, restarts, and compares each
// tenant's export before and after.
func TestStateFileRestoresEveryTenant(t *testing.T) {
	opts := Options{StateFile: filepath.Join(t.TempDir(), "state.json"), TokenMode: TokenModeFixed}
	exports := map[string]string{}

	second := restartServer(t, opts, func(h *hostileServer) {
		for _, key := range []string{keyAlice, ""} {
			pending := h.create(t, key, "+12025550143")
			h.post(t, key, "/v1/customers/"+pending.ID+"/confirm", `{"confirmation_token": "000000"}`)
			confirmed := h.create(t, key, "+12025550144")
			h.post(t, key, "/v1/customers/"+confirmed.ID+"/confirm", `{"confirmation_token": "123456"}`)
			h.patch(t, key, "/v1/customers/"+confirmed.ID, `{"first_name": "Zoë", "email": "zoe@example.com"}`)
			h.post(t, key, "/v1/customers/"+pending.ID+"/generate_confirmation", "")
		}
		h.post(t, keyAlice, "/_sandbox/clock", `{"set": "2031-05-06T07:08:09.010Z", "freeze": true}`)
		exports[keyAlice] = string(h.get(t, keyAlice, "/_sandbox/state").body)
		exports[""] = h.storedData(t, "")
	})

	if got := string(second.get(t, keyAlice, "/_sandbox/state").body); got != exports[keyAlice] {
		t.Errorf("Alice's state after restart:\ngot  %s\nwant %s", got, exports[keyAlice])
	}
	if got := second.storedData(t, ""); got != exports[""] {
		t.Errorf("default tenant after restart:\ngot  %s\nwant %s", got, exports[""])
	}
}

// TestStateFileWrittenAtomically checks that Close replaces the state
// file by renaming a new file over it: a hard link to the old file keeps
// the old bytes, and no temporary file is left behind.
func TestStateFileWrittenAtomically(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state.json")
	opts := Options{StateFile: path}

	restartServer(t, opts, func(h *hostileServer) { h.create(t, "", "+12025550143") })
	old, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "old-state.json")
	if err := os.Link(path, link); err != nil {
		t.Fatal(err)
	}

	restartServer(t, opts, func(h *hostileServer) { h.create(t, "", "+12025550144") })
	linked, err := os.ReadFile(link)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(linked, old) {
		t.Errorf("the old file was rewritten in place, want a new file renamed over it")
	}
	current, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(current, []byte("+12025550144")) {
		t.Errorf("state file lacks the second customer:\n%s", current)
	}

	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("state file mode: got %o, want 600, because it holds API keys and tokens", perm)
	}

	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("files in the state folder: got %v, want only state.json and the test's link", names)
	}
}

// TestBadStateFileStopsStart checks that a state file that cannot be used
// stops New with an error naming the file, and leaves the file as it was.
func TestBadStateFileStopsStart(t *testing.T) {
	good := `{"tenants": [{"tenant": "default", "clock": {"now": "2026-01-01T00:00:00.000Z", "frozen": true, "offset": "0s"}, "customers": [], "sms": []}]}`
	cases := []struct {
		name string
		data string
	}{
		{"empty", ""},
		{"garbage", "not json at all"},
		{"truncated", good[:len(good)/2]},
		{"trailing data", good + "x"},
		{"binary", "\x00\x01\x02\xff"},
		{"array", "[]"},
		{"wrong type", `{"tenants": "default"}`},
		{"unknown key", `{"tenants": [], "version": 2}`},
		{"tenant without name", `{"tenants": [{"clock": {}, "customers": [], "sms": []}]}`},
		{"bad customer id", strings.Replace(good, `"customers": []`, `"customers": [{"id": "../etc", "country_code": "US", "unconfirmed_phone_number": "+12025550143", "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z", "confirmation_sent_at": "2026-01-01T00:00:00Z"}]`, 1)},
		{"bad clock", strings.Replace(good, `"now": "2026-01-01T00:00:00.000Z"`, `"now": "yesterday"`, 1)},
	}

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "state.json")
			if err := os.WriteFile(path, []byte(tc.data), 0o600); err != nil {
				t.Fatal(err)
			}

			sb, err := New(Options{StateFile: path})
			if err == nil {
				sb.Close()
				t.Fatalf("New accepted the state file %q", truncate(tc.data, 80))
			}
			if !strings.Contains(err.Error(), path) {
				t.Errorf("error %q does not name the file %s", err, path)
			}
			message := strings.ReplaceAll(err.Error(), path, "FILE")
			checkNoGoNames(t, message)
			for _, http := range []string{"request body", "body_invalid", "parameter_invalid", "400", "422"} {
				if strings.Contains(message, http) {
					t.Errorf("error %q speaks of an HTTP request (%q), want it to describe the file", message, http)
				}
			}
			if got, _ := os.ReadFile(path); string(got) != tc.data {
				t.Errorf("state file changed: got %q, want %q", truncate(string(got), 80), truncate(tc.data, 80))
			}
		})
	}
}

// TestStateFileWinsOverFixtures checks the start-up order: the state file
// when it exists, else the fixtures.
func TestStateFileWinsOverFixtures(t *testing.T) {
	dir := t.TempDir()
	fixtures := filepath.Join(dir, "fixtures.json")
	state := filepath.Join(dir, "state.json")
	export := func(number string) []byte {
		data, err := json.Marshal(stateFile{Tenants: []tenantState{{
			Tenant:    DefaultTenant,
			Clock:     clockJSON{Now: "2026-01-01T00:00:00.000Z", Offset: "0s"},
			Customers: []stateCustomer{{customerJSON: customerJSON{ID: "cus_fixture", UnconfirmedPhoneNumber: &number, CountryCode: ptr("US"), ConfirmationToken: ptr("123456"), ConfirmationSentAt: ptr("2026-01-01T00:00:00.000Z"), CreatedAt: ptr("2026-01-01T00:00:00.000Z"), UpdatedAt: ptr("2026-01-01T00:00:00.000Z")}, Sends: []string{}}},
			SMS:       []SMS{},
		}}})
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	if err := os.WriteFile(fixtures, export("+12025550100"), 0o600); err != nil {
		t.Fatal(err)
	}

	h := startHostile(t, Options{FixturesFile: fixtures, StateFile: state})
	if got := h.storedData(t, ""); !strings.Contains(got, "+12025550100") {
		t.Errorf("without a state file: got %s, want the fixture's customer", got)
	}

	if err := os.WriteFile(state, export("+12025550199"), 0o600); err != nil {
		t.Fatal(err)
	}
	h = startHostile(t, Options{FixturesFile: fixtures, StateFile: state})
	if got := h.storedData(t, ""); !strings.Contains(got, "+12025550199") || strings.Contains(got, "+12025550100") {
		t.Errorf("with a state file: got %s, want only the state file's customer", got)
	}
}

func ptr(s string) *string { return &s }

// TestDeterministicIDsAfterRestore restores a deterministic tenant, whose
// id sequence starts again from the seed, and creates more customers: the
// new ones must not take the restored ones' ids and overwrite them.
func TestDeterministicIDsAfterRestore(t *testing.T) {
	opts := Options{StateFile: filepath.Join(t.TempDir(), "state.json"), Deterministic: true}
	var first customerJSON
	second := restartServer(t, opts, func(h *hostileServer) {
		first = h.create(t, "", "+12025550143")
	})

	next := second.create(t, "", "+12025550144")
	if next.ID == first.ID {
		t.Errorf("new customer reuses the restored id %s", first.ID)
	}
	resp := second.get(t, "", "/v1/customers/"+first.ID)
	if resp.status != http.StatusOK {
		t.Fatalf("restored customer: got status %d, want 200", resp.status)
	}
	var got customerJSON
	decodeJSON(t, resp.body, &got)
	if orNull(got.UnconfirmedPhoneNumber) != "+12025550143" {
		t.Errorf("restored customer's number: got %s, want +12025550143", orNull(got.UnconfirmedPhoneNumber))
	}
	if n := len(second.sb.Outbox("")); n != 2 {
		t.Errorf("outbox: got %d SMS, want 2, so a new SMS replaced a restored one", n)
	}
}

// TestDeterministicIDsAfterImport is the same hazard without a restart:
// export, reset (which restarts the sequences), import, create.
func TestDeterministicIDsAfterImport(t *testing.T) {
	h := startHostile(t, Options{Deterministic: true})
	first := h.create(t, "", "+12025550143")
	export := h.get(t, "", "/_sandbox/state").body
	h.post(t, "", "/_sandbox/reset", "")
	if resp := h.do(t, hostileRequest{method: http.MethodPut, path: "/_sandbox/state", body: string(export)}); resp.status != http.StatusOK {
		t.Fatalf("import: got status %d, want 200; body %s", resp.status, resp.body)
	}

	next := h.create(t, "", "+12025550144")
	if next.ID == first.ID {
		t.Errorf("new customer reuses the imported id %s", first.ID)
	}
	var customers list[customerJSON]
	decodeJSON(t, h.get(t, "", "/_sandbox/customers").body, &customers)
	if len(customers.Data) != 2 {
		t.Errorf("customers: got %d, want 2", len(customers.Data))
	}
}

// TestStateFileWriteFailure replaces the state file's folder with a file
// before Close, so the write fails for any user, root included: Close must
// report the error with the file's name.
func TestStateFileWriteFailure(t *testing.T) {
	folder := filepath.Join(t.TempDir(), "state")
	if err := os.Mkdir(folder, 0o700); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(folder, "state.json")
	h := startHostile(t, Options{StateFile: path})
	h.create(t, "", "+12025550143")

	if err := os.Remove(folder); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(folder, []byte("not a folder"), 0o600); err != nil {
		t.Fatal(err)
	}

	err := h.sb.Close()
	if err == nil || !strings.Contains(err.Error(), path) {
		t.Errorf("Close: got error %v, want one naming %s", err, path)
	}
}

// TestStateFileFolderChecked checks that New stops when the state file's
// folder cannot take the file, instead of losing the state at shutdown.
// Root can write to read-only folders, so the cases use paths that fail
// for any user.
func TestStateFileFolderChecked(t *testing.T) {
	dir := t.TempDir()
	notFolder := filepath.Join(dir, "plain-file")
	if err := os.WriteFile(notFolder, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		path string
	}{
		{"missing folder", filepath.Join(dir, "missing", "state.json")},
		{"folder is a file", filepath.Join(notFolder, "state.json")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sb, err := New(Options{StateFile: tc.path})

			if err == nil {
				sb.Close()
				t.Fatalf("New accepted the state file %s", tc.path)
			}
			if !strings.Contains(err.Error(), tc.path) {
				t.Errorf("got error %q, want it to name %s", err, tc.path)
			}
		})
	}
}

// TestStateFileFolderProbeLeavesNothing checks that the start-up check of
// a writable folder leaves no file behind.
func TestStateFileFolderProbeLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	sb, err := New(Options{StateFile: filepath.Join(dir, "state.json")})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	defer sb.Close()

	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 0 {
		t.Errorf("got %d files in the state folder after start, want 0", len(entries))
	}
}

// TestDuplicateTenantStopsStart loads a fixtures file that lists the same
// tenant twice: the start stops with the indexes of both, instead of
// keeping one of them, and without printing the tenant's API key.
func TestDuplicateTenantStopsStart(t *testing.T) {
	tenant := `{"tenant": "alpha-secret-key", "clock": {"now": "2026-01-01T00:00:00.000Z", "frozen": true, "offset": "0s"}, "customers": [], "sms": []}`
	empty := `{"tenant": "beta", "clock": {"now": "2026-01-01T00:00:00.000Z", "frozen": true, "offset": "0s"}, "customers": [], "sms": []}`
	path := filepath.Join(t.TempDir(), "fixtures.json")
	data := `{"tenants": [` + tenant + `, ` + empty + `, ` + tenant + `]}`
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}

	sb, err := New(Options{FixturesFile: path})

	if err == nil {
		sb.Close()
		t.Fatal("New accepted a fixtures file that lists one tenant twice")
	}
	for _, want := range []string{path, "tenant 2", "tenant 0"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("got error %q, want it to contain %q", err, want)
		}
	}
	if strings.Contains(err.Error(), "alpha-secret-key") {
		t.Errorf("got error %q, want it not to print the tenant's key", err)
	}
}

// TestStateFileNeedsEveryKey checks that a tenant's state in a file needs
// its clock, customers and sms, like PUT /_sandbox/state.
func TestStateFileNeedsEveryKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "fixtures.json")
	data := `{"tenants": [{"tenant": "alpha", "clock": {"now": "2026-01-01T00:00:00.000Z", "frozen": true, "offset": "0s"}, "customers": []}]}`
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}

	sb, err := New(Options{FixturesFile: path})

	if err == nil {
		sb.Close()
		t.Fatal("New accepted a tenant without sms")
	}
	if want := "tenant 0: sms: Missing"; !strings.Contains(err.Error(), want) {
		t.Errorf("got error %q, want it to contain %q", err, want)
	}
}
