# gongshi — two commands on a fresh Debian machine:  make run  and  make test.
SHELL := /bin/bash
SWIFT ?= swift
BIN := .build/release/gongshi
# Debian packages the build needs: cmark and SQLite headers, pkg-config to find them.
DEBS := libcmark-dev libsqlite3-dev pkg-config
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# The demo is shown as of a day in the 2025 results' notice period (公示); AS_OF=YYYY-MM-DD shows another day.
AS_OF ?= 2026-03-06

.PHONY: run test deps build build-debug demo-data clean

## Install the Debian packages the build needs, if any is missing.
deps:
	@missing=$$(for p in $(DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing:" $$missing; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build -c release --product gongshi

## Build gongshi, import the demo registry and build the demo site into public/.
run: build
	$(BIN) check --site content --quiet
	$(BIN) import --site content --quiet
	$(BIN) build --site content --output public --as-of $(AS_OF)

## Run the whole test suite (unit, integration on the real binary, demo build).
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

## Regenerate content/data/*.csv (deterministic).
demo-data:
	python3 scripts/make-demo-data.py

clean:
	rm -rf .build public content/public content/registry.sqlite content/registry.sqlite-*
