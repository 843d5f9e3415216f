package workload

import (
	"context"
	"encoding/json"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/dirtylemon/api-sandbox/sandbox"
)

func TestStateBuilderShape(t *testing.T) {
	b := &StateBuilder{Phones: &Phones{}}
	var st struct {
		Customers []map[string]any `json:"customers"`
		SMS       []map[string]any `json:"sms"`
	}
	if err := json.Unmarshal(b.Build(3, time.Now()), &st); err != nil {
		t.Fatalf("state is not valid JSON: %v", err)
	}

	if len(st.Customers) != 3 || len(st.SMS) != 3 {
		t.Fatalf("got %d customers and %d SMS, want 3 of each", len(st.Customers), len(st.SMS))
	}
	for i, c := range st.Customers {
		id, _ := c["id"].(string)
		if len(id) != len("cus_")+idLength {
			t.Errorf("customer %d id %q: got length %d, want %d", i, id, len(id), len("cus_")+idLength)
		}
		if st.SMS[i]["customer_id"] != id {
			t.Errorf("sms %d customer_id: got %v, want %q", i, st.SMS[i]["customer_id"], id)
		}
		if st.SMS[i]["token"] != c["confirmation_token"] {
			t.Errorf("sms %d token: got %v, want the customer's %v", i, st.SMS[i]["token"], c["confirmation_token"])
		}
	}
}

// TestStateImportIntoSandbox checks that the sandbox accepts a built state,
// so the memory figures measure imported customers and not an error.
func TestStateImportIntoSandbox(t *testing.T) {
	s, err := sandbox.New(sandbox.Options{})
	if err != nil {
		t.Fatalf("new sandbox: %v", err)
	}
	t.Cleanup(func() { _ = s.Close() })
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	api := NewAPI(srv.URL, 1)
	t.Cleanup(api.Close)

	b := &StateBuilder{Phones: &Phones{}}
	ctx := context.Background()
	for _, key := range []string{"tenant-a", "tenant-b"} {
		if err := api.ImportState(ctx, key, b.Build(20, time.Now())); err != nil {
			t.Fatalf("import into %s: %v", key, err)
		}
	}

	id := paddedID("cus_", 21)
	if err := api.doWithKey(ctx, "GET", "/v1/customers/"+id, "tenant-b", nil, nil); err != nil {
		t.Errorf("get imported customer %s: %v", id, err)
	}
}
