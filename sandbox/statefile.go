package sandbox

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// loadStartupState restores the state file when it exists, else loads the
// fixtures file. A file that cannot be read or parsed stops the start: it
// is reported with its name and never overwritten. So does a state file
// whose folder cannot be written, which would lose the state at shutdown.
func (s *Server) loadStartupState() error {
	if s.opts.StateFile != "" {
		if err := checkStateFolder(s.opts.StateFile); err != nil {
			return err
		}
		loaded, err := s.loadFile(s.opts.StateFile, true)
		if err != nil || loaded {
			return err
		}
	}
	if s.opts.FixturesFile != "" {
		_, err := s.loadFile(s.opts.FixturesFile, false)
		return err
	}
	return nil
}

// checkStateFolder creates and removes a temporary file beside path, the
// way writeStateFile does at shutdown, so a missing or read-only folder
// stops the start instead of losing the state when the server stops.
func checkStateFolder(path string) error {
	probe, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("state file %s cannot be written at shutdown: %w; create its folder or choose another state file", path, err)
	}
	probe.Close()
	if err := os.Remove(probe.Name()); err != nil {
		return fmt.Errorf("state file %s: remove the test file %s: %w", path, probe.Name(), err)
	}
	return nil
}

// loadFile loads an export of one tenant or a {"tenants": [...]} file. It
// reports false when missingOK is set and the file does not exist.
func (s *Server) loadFile(path string, missingOK bool) (bool, error) {
	data, err := os.ReadFile(path)
	if missingOK && errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("read state %s: %w", path, err)
	}

	tenants, err := splitStateFile(data)
	if err != nil {
		return false, fmt.Errorf("load state %s: %s; fix or remove the file", path, fileMessage(err))
	}
	seen := map[string]int{}
	for i, raw := range tenants {
		if err := s.loadTenant(raw, seen, i); err != nil {
			return false, fmt.Errorf("load state %s: tenant %d: %s; fix or remove the file", path, i, fileMessage(err))
		}
	}
	s.log.Info("state loaded", "file", path, "tenants", len(tenants))
	return true, nil
}

// loadTenant decodes the state of the tenant at index and stores it. seen
// maps the tenants already loaded to their index, because a second state
// for the same tenant would silently replace the first.
func (s *Server) loadTenant(raw []byte, seen map[string]int, index int) error {
	st, err := decodeTenantState(raw)
	if err != nil {
		return err
	}
	if st.Tenant == "" {
		return errors.New("it has no \"tenant\" name")
	}
	if first, dup := seen[st.Tenant]; dup {
		return fmt.Errorf("it names the same tenant as tenant %d; keep one state per tenant", first)
	}
	seen[st.Tenant] = index
	return s.replaceTenant(st.Tenant, st)
}

// fileMessage rewords an error for a file. An *apiError is phrased for an
// HTTP client, so its status and code are dropped, "request body" becomes
// "file", and the parameter it blames leads the message.
func fileMessage(err error) string {
	var apiErr *apiError
	if !errors.As(err, &apiErr) {
		return strings.TrimSuffix(err.Error(), ".")
	}
	message := strings.ReplaceAll(apiErr.Message, "request body", "file")
	message = strings.ReplaceAll(message, "JSON body", "file")
	message = strings.TrimSuffix(message, ".")
	if apiErr.Param != "" {
		message = apiErr.Param + ": " + message
	}
	return message
}

// splitStateFile returns the tenant states of a file: the one export it
// contains, or each element of its "tenants" list.
func splitStateFile(data []byte) ([]json.RawMessage, error) {
	p, err := parseObject(data)
	if err != nil {
		return nil, err
	}
	if _, multi := p.values["tenants"]; !multi {
		return []json.RawMessage{data}, nil
	}
	var f struct {
		Tenants []json.RawMessage `json:"tenants"`
	}
	if err := decodeStrict(data, &f); err != nil {
		return nil, err
	}
	return f.Tenants, nil
}

// writeStateFile writes every tenant to path atomically: a temporary file
// in the same folder, synced, then renamed over the old one.
func (s *Server) writeStateFile(path string) error {
	var f stateFile
	for _, tenant := range s.tenantNames() {
		st, err := s.exportTenant(tenant)
		if err != nil {
			return err
		}
		f.Tenants = append(f.Tenants, st)
	}
	data, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}

	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write state %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return fmt.Errorf("write state %s: %w", path, err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("sync state %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("close state %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("replace state %s: %w", path, err)
	}
	s.log.Info("state written", "file", path, "tenants", len(f.Tenants))
	return nil
}

// tenantNames lists every tenant that has data or a moved clock.
func (s *Server) tenantNames() []string {
	txn := s.db.Txn(false)
	defer txn.Abort()

	seen := map[string]bool{}
	for _, table := range []string{tableCustomers, tableSMS, tableTenants} {
		it, err := txn.Get(table, indexID)
		if err != nil {
			continue
		}
		for raw := it.Next(); raw != nil; raw = it.Next() {
			switch row := raw.(type) {
			case *customer:
				seen[row.Tenant] = true
			case *smsRow:
				seen[row.Tenant] = true
			case *tenantRow:
				seen[row.Name] = true
			}
		}
	}
	names := make([]string, 0, len(seen))
	for name := range seen {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}
