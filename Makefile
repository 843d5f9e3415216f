# The one test command is `make test`; see README.md.
GO ?= go
ARGS ?=
BASE_URL ?=
FUZZTIME ?= 10s
BENCH_QUICK ?=

.PHONY: run build test lint fuzz bench contract

## run: start the sandbox on 127.0.0.1:8080 (pass flags with ARGS="--token-mode fixed")
run:
	$(GO) run ./cmd/sandbox $(ARGS)

## build: build the binaries into bin/
build:
	$(GO) build -o bin/ ./cmd/...

## lint: gofmt check and go vet
lint:
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

## test: lint, every test under the race detector, then short fuzz runs
test: lint
	$(GO) test -race -count=1 ./...
	$(MAKE) fuzz

## contract: run the contract suite; BASE_URL=https://... tests a deployment,
## else an in-process sandbox (more flags in ARGS)
contract:
	$(GO) run ./cmd/contract $(if $(BASE_URL),--base-url $(BASE_URL)) $(ARGS)

## bench: measure the sandbox against a reference server (under 3 minutes
## on 2 cores); BENCH_QUICK=1 for the quick mode (under 30 seconds)
bench:
	$(GO) build -o bin/sandbox ./cmd/sandbox
	$(GO) build -o bin/contract ./cmd/contract
	$(GO) build -o bin/bench ./cmd/bench
	bin/bench --sandbox bin/sandbox --contract bin/contract --json bin/bench.json $(if $(filter 1,$(BENCH_QUICK)),--quick)

## fuzz: run each fuzz target for FUZZTIME (default 10s); minimising is
## capped because slow inputs otherwise stall a short run
fuzz:
	$(GO) test -run='^$$' -fuzz='^FuzzNormalize$$' -fuzztime=$(FUZZTIME) ./sandbox/phone/
	$(GO) test -run='^$$' -fuzz='^FuzzDecodeBody$$' -fuzztime=$(FUZZTIME) -fuzzminimizetime=200x ./sandbox/
