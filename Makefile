# Two commands for a newcomer:  `make run`  and  `make test`.
DATA ?= ./data
HOST ?= 127.0.0.1
PORT ?= 8080

.PHONY: run test build deps format lint conformance clean-data

## Set up, build (release) and start the service on ./data with a demo history and the
## reference-guide examples in it (both idempotent: running again appends nothing).
run: deps
	swift build -c release --product cxstore
	./.build/release/cxstore demo --data $(DATA)
	./.build/release/cxstore import --data $(DATA) examples/messages.ndjson
	./.build/release/cxstore serve --data $(DATA) --host $(HOST) --port $(PORT)

## Run the whole test suite (unit, HTTP on loopback, SIGKILL/SIGTERM end to end), its
## report line by line even into a pipe (a CI log then shows where a run stands).
test: deps
	swift build --build-tests
	stdbuf -oL -eL swift test --skip-build

## The OpenAPI document against openapi-spec-validator and schemathesis (a real serve, demo data).
conformance: deps
	swift build --product cxstore
	scripts/api-conformance.sh .build/debug/cxstore

build: deps
	swift build

deps:
	@scripts/install-system-packages.sh

format:
	swift format -i -r Sources Tests Package.swift

lint:
	swift format lint --strict -r Sources Tests Package.swift

clean-data:
	rm -rf $(DATA)
