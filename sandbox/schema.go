package sandbox

import (
	"github.com/hashicorp/go-memdb"
)

// Table and index names, used both as map keys and as Name fields because
// go-memdb requires the two to match.
const (
	tableCustomers = "customers"
	tableSMS       = "sms"
	tableTenants   = "tenants"

	indexID    = "id"
	indexPhone = "phone"
)

// dbSchema returns the database schema; memdb.NewMemDB validates it.
func dbSchema() *memdb.DBSchema {
	return &memdb.DBSchema{
		Tables: map[string]*memdb.TableSchema{
			tableCustomers: customersTableSchema(),
			tableSMS:       smsTableSchema(),
			tableTenants:   tenantsTableSchema(),
		},
	}
}

// tenantIDIndex finds a row by tenant and id; ids are only unique within a
// tenant because deterministic tenants draw them from their own sequences.
// A prefix scan on the tenant alone lists the tenant's rows. There is no
// separate index by insertion order: every index entry costs several
// hundred bytes of radix-tree nodes per row, so lists sort by Seq instead.
func tenantIDIndex() *memdb.IndexSchema {
	return &memdb.IndexSchema{
		Name:   indexID,
		Unique: true,
		Indexer: &memdb.CompoundIndex{Indexes: []memdb.Indexer{
			&memdb.StringFieldIndex{Field: "Tenant"},
			&memdb.StringFieldIndex{Field: "ID"},
		}},
	}
}

// customersTableSchema returns the schema of the customers table.
func customersTableSchema() *memdb.TableSchema {
	return &memdb.TableSchema{
		Name: tableCustomers,
		Indexes: map[string]*memdb.IndexSchema{
			indexID: tenantIDIndex(),
			// phone serves the uniqueness check: every number a customer
			// holds, pending or confirmed, keyed by tenant. Unique is not set
			// because memdb would silently replace the entry instead of
			// rejecting a duplicate; the create path checks it instead.
			indexPhone: {
				Name:         indexPhone,
				AllowMissing: true,
				Indexer:      &memdb.StringSliceFieldIndex{Field: "PhoneKeys"},
			},
		},
	}
}

// smsTableSchema returns the schema of the outbox.
func smsTableSchema() *memdb.TableSchema {
	return &memdb.TableSchema{
		Name: tableSMS,
		Indexes: map[string]*memdb.IndexSchema{
			indexID: tenantIDIndex(),
		},
	}
}

// tenantsTableSchema returns the schema of the per-tenant settings: the
// clock and the sequence counters.
func tenantsTableSchema() *memdb.TableSchema {
	return &memdb.TableSchema{
		Name: tableTenants,
		Indexes: map[string]*memdb.IndexSchema{
			indexID: {
				Name:    indexID,
				Unique:  true,
				Indexer: &memdb.StringFieldIndex{Field: "Name"},
			},
		},
	}
}
