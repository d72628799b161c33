# SealDesk — targets a newcomer can guess. `make run` and `make test` set up a
# fresh Debian 12 machine themselves (packaging/install-deps.sh is idempotent).

SHELL   := /bin/bash
GO      ?= go
BIN     := bin
DEMO    ?= $(HOME)/.local/share/sealdesk/demo
export CGO_ENABLED := 1

.PHONY: all deps build run test bench lint screenshots package clean

all: build

deps:
	@bash packaging/install-deps.sh

# pdfiumcache compiles PDFium's WebAssembly module into bin/pdfium-cache, which
# the programs find beside themselves: no start ever compiles it (issue 18).
build: deps
	$(GO) build -o $(BIN)/sealdesk .
	$(GO) build -o $(BIN)/sealctl ./cmd/sealctl
	$(GO) run ./cmd/pdfiumcache $(BIN)/pdfium-cache

# Starts the desktop app on the demo workspace, creating it on first run.
run: build
	$(BIN)/sealdesk --home "$(DEMO)"

# Every test: unit, integration (SQLite, SoftHSM2, pdfsig, qpdf, PDFium, OpenSSL)
# and the Xvfb start-up smoke test; then every screen again with Fyne's software
# painter (-tags ci), each capture checked for cut-off text at 1280×800.
test: deps
	$(GO) vet ./...
	$(GO) test -count=1 -timeout 25m ./...
	$(GO) test -tags ci -count=1 -run Screenshot ./ui/

# Micro-benchmarks first; then the peer benchmarks of issue 18, each run once
# (they repeat inside and print medians), whose BENCHROW lines end as the
# table of README's "Speed" section. LEDGER_N / LEDGER_FULL_N size the
# generated ledgers (1 M, the target size of both; generating the --full
# one, every head signed, takes about a minute).
PEERS   := BenchmarkLedgerVerify|BenchmarkPreview|BenchmarkStartToWindow|BenchmarkVerifyVsPdfsig|BenchmarkStampOnePage|BenchmarkStampLarge
LEDGER_N      ?= 1000000
LEDGER_FULL_N ?= 1000000
bench: deps
	$(GO) test -run '^$$' -bench . -skip '$(PEERS)' -benchmem -benchtime 3x ./pdfsign/ ./app/ ./pdfview/ ./seal/
	set -o pipefail; SEALDESK_BENCH_LEDGER_N=$(LEDGER_N) SEALDESK_BENCH_LEDGER_FULL_N=$(LEDGER_FULL_N) \
		$(GO) test -run '^$$' -bench '$(PEERS)' -benchtime 1x -timeout 30m ./app/ ./pdfview/ ./pdfsign/ ./cmd/sealctl/ . 2>&1 | $(GO) run ./internal/benchtable

# staticcheck is pinned and run with `go run`, so nothing is installed globally;
# v0.8.x is the first line that reads Go 1.26 code.
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
lint: deps
	@test -z "$$(gofmt -l . | tee /dev/stderr)" || (echo "gofmt: files above need formatting" && exit 1)
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...

screenshots: deps
	$(GO) test -tags ci -run Screenshot -count=1 ./ui/ -args -screenshots

package: build
	@echo "packages are built from packaging/ (see packaging/README.md)"

clean:
	rm -rf $(BIN)
