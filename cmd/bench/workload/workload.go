package workload

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/dirtylemon/api-sandbox/cmd/bench/loadgen"
)

// Names lists the workloads in report order.
var Names = []string{"get", "create", "patch", "confirm", "mix"}

// Descriptions lists the requests that one operation of each workload sends.
var Descriptions = map[string]string{
	"get":     "GET /v1/customers/{id} on a random pre-created customer",
	"create":  "POST /v1/customers with a new phone number",
	"patch":   "PATCH /v1/customers/{id} setting a new first_name on a random pre-created customer",
	"confirm": "POST /v1/customers, GET /_sandbox/sms/latest?customer_id=ID, POST .../confirm (3 requests)",
	"mix":     "80% get, 10% patch, 10% create",
}

// Target is the state the workloads share on one server: the client, the
// phone numbers handed out so far and the pre-created customers.
type Target struct {
	API    *API
	Phones *Phones
	Pool   []string // ids of pre-created customers, read by get, patch and mix

	names atomic.Uint64 // sequence for first_name values, so each PATCH changes the customer
}

// NewOp returns the per-client operation factory of the named workload.
func (t *Target) NewOp(name string) (loadgen.NewOp, error) {
	if len(t.Pool) == 0 && name != "create" && name != "confirm" {
		return nil, fmt.Errorf("workload %q needs pre-created customers: call Populate first", name)
	}
	switch name {
	case "get":
		return t.perClient(t.get), nil
	case "create":
		return t.perClient(t.create), nil
	case "patch":
		return t.perClient(t.patch), nil
	case "confirm":
		return t.perClient(t.confirm), nil
	case "mix":
		return t.perClient(t.mix), nil
	}
	return nil, fmt.Errorf("unknown workload %q: use one of %v", name, Names)
}

// perClient gives each client its own random source, seeded by its number.
func (t *Target) perClient(op func(ctx context.Context, rng *rand.Rand) error) loadgen.NewOp {
	return func(client int) loadgen.Op {
		rng := rand.New(rand.NewPCG(uint64(client), 0x5eed))
		return func(ctx context.Context) error { return op(ctx, rng) }
	}
}

func (t *Target) get(ctx context.Context, rng *rand.Rand) error {
	return t.API.GetCustomer(ctx, t.Pool[rng.IntN(len(t.Pool))])
}

func (t *Target) create(ctx context.Context, _ *rand.Rand) error {
	_, err := t.API.CreateCustomer(ctx, t.Phones.Next())
	return err
}

func (t *Target) patch(ctx context.Context, rng *rand.Rand) error {
	name := "Bench" + strconv.FormatUint(t.names.Add(1), 10)
	return t.API.UpdateFirstName(ctx, t.Pool[rng.IntN(len(t.Pool))], name)
}

// confirm runs the documented flow on a new customer, reading the token from
// the outbox as an SDK test would.
func (t *Target) confirm(ctx context.Context, _ *rand.Rand) error {
	id, err := t.API.CreateCustomer(ctx, t.Phones.Next())
	if err != nil {
		return err
	}
	token, err := t.API.LatestToken(ctx, id)
	if err != nil {
		return err
	}
	return t.API.Confirm(ctx, id, token)
}

func (t *Target) mix(ctx context.Context, rng *rand.Rand) error {
	switch n := rng.IntN(10); {
	case n < 8:
		return t.get(ctx, rng)
	case n < 9:
		return t.patch(ctx, rng)
	default:
		return t.create(ctx, rng)
	}
}

// Populate creates n customers with workers parallel requests and adds their
// ids to the pool. It stops at the first error.
func (t *Target) Populate(ctx context.Context, n, workers int) error {
	ids := make([]string, n)
	if err := t.createMany(ctx, n, workers, func(i int, id string) { ids[i] = id }); err != nil {
		return err
	}
	t.Pool = append(t.Pool, ids...)
	return nil
}

// CreateMany creates n customers with workers parallel requests without
// keeping their ids. It stops at the first error.
func (t *Target) CreateMany(ctx context.Context, n, workers int) error {
	return t.createMany(ctx, n, workers, nil)
}

// createMany creates n customers and passes each index and id to keep when
// keep is not nil.
func (t *Target) createMany(ctx context.Context, n, workers int, keep func(i int, id string)) error {
	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()

	var next atomic.Int64
	var once sync.Once
	var firstErr error
	var wg sync.WaitGroup
	for range max(workers, 1) {
		wg.Go(func() {
			for i := next.Add(1) - 1; i < int64(n) && runCtx.Err() == nil; i = next.Add(1) - 1 {
				id, err := t.API.CreateCustomer(runCtx, t.Phones.Next())
				if err != nil {
					once.Do(func() { firstErr = err; cancel() })
					return
				}
				if keep != nil {
					keep(int(i), id)
				}
			}
		})
	}
	wg.Wait()

	if firstErr != nil {
		return fmt.Errorf("create %d customers: %w", n, firstErr)
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("create %d customers: %w", n, err)
	}
	return nil
}
