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

	indexID       = "id"
	indexTenant   = "tenant"
	indexPhone    = "phone"
	indexCustomer = "customer"
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

// tenantSeqIndex orders a tenant's rows by insertion, which is the order
// every list endpoint returns.
func tenantSeqIndex() *memdb.IndexSchema {
	return &memdb.IndexSchema{
		Name:   indexTenant,
		Unique: true,
		Indexer: &memdb.CompoundIndex{Indexes: []memdb.Indexer{
			&memdb.StringFieldIndex{Field: "Tenant"},
			&memdb.UintFieldIndex{Field: "Seq"},
		}},
	}
}

// tenantIDIndex finds a row by tenant and id; ids are only unique within a
// tenant because deterministic tenants draw them from their own sequences.
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
			indexID:     tenantIDIndex(),
			indexTenant: tenantSeqIndex(),
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
			indexID:     tenantIDIndex(),
			indexTenant: tenantSeqIndex(),
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
