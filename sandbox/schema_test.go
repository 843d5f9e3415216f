package sandbox

import (
	"testing"
)

func TestPhoneIndexerKeys(t *testing.T) {
	tests := []struct {
		name string
		c    *customer
		want []string
	}{
		{name: "pending", c: &customer{Tenant: "t", UnconfirmedPhoneNumber: "+12025550143"}, want: []string{"t\x00+12025550143\x00"}},
		{name: "confirmed", c: &customer{Tenant: "t", PhoneNumber: "+12025550143"}, want: []string{"t\x00+12025550143\x00"}},
		{name: "confirmed with a new one pending", c: &customer{Tenant: "t", PhoneNumber: "+1", UnconfirmedPhoneNumber: "+2"}, want: []string{"t\x00+1\x00", "t\x00+2\x00"}},
		{name: "no number", c: &customer{Tenant: "t"}, want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, keys, err := phoneIndexer{}.FromObject(tt.c)
			if err != nil {
				t.Fatalf("FromObject: %v", err)
			}
			if ok != (len(tt.want) > 0) {
				t.Errorf("got ok %v, want %v", ok, len(tt.want) > 0)
			}
			if len(keys) != len(tt.want) {
				t.Fatalf("got %d keys %q, want %q", len(keys), keys, tt.want)
			}
			for i, key := range keys {
				if string(key) != tt.want[i] {
					t.Errorf("key %d: got %q, want %q", i, key, tt.want[i])
				}
			}
		})
	}
}

func TestPhoneIndexerArgsMatchObjectKeys(t *testing.T) {
	c := &customer{Tenant: "tenant", UnconfirmedPhoneNumber: "+442079460018"}
	_, keys, err := phoneIndexer{}.FromObject(c)
	if err != nil || len(keys) != 1 {
		t.Fatalf("FromObject: got %q, %v; want one key", keys, err)
	}
	arg, err := phoneIndexer{}.FromArgs(phoneKey(c.Tenant, c.UnconfirmedPhoneNumber))
	if err != nil {
		t.Fatalf("FromArgs: %v", err)
	}
	if string(arg) != string(keys[0]) {
		t.Errorf("FromArgs gives %q, FromObject %q; a lookup would miss the row", arg, keys[0])
	}
}

func TestPhoneIndexerRejectsWrongTypes(t *testing.T) {
	if _, _, err := (phoneIndexer{}).FromObject(&smsRow{}); err == nil {
		t.Error("FromObject(*smsRow): got no error, want one")
	}
	if _, err := (phoneIndexer{}).FromArgs(42); err == nil {
		t.Error("FromArgs(42): got no error, want one")
	}
	if _, err := (phoneIndexer{}).FromArgs("a", "b"); err == nil {
		t.Error("FromArgs with two arguments: got no error, want one")
	}
}
