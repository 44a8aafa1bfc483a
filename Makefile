# gongshi — two commands on a fresh Debian machine:  make run  and  make test.
SHELL := /bin/bash
SWIFT ?= swift
# The release build has a folder of its own, so that make test can build it beside the debug build and the tests
# (SwiftPM locks a build folder for the whole of a build).
RELEASE_DIR := .build-release
BIN := $(RELEASE_DIR)/release/gongshi
# Debian packages the build needs: cmark, SQLite, libsodium, OpenSSL (libcrypto), zlib and libxml2 headers, pkg-config to find them.
DEBS := libcmark-dev libsqlite3-dev libsodium-dev libssl-dev zlib1g-dev libxml2-dev pkg-config
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# The demo is shown as of a day in the 2025 results' notice period (公示); AS_OF=YYYY-MM-DD shows another day.
AS_OF ?= 2026-03-06

# What the tests need beyond the build: minisign to check signatures, LibreOffice to open the Excel and Word files
# (to PDF, read back with poppler's pdftotext, Chinese in the WenQuanYi font; the official documents' 宋体 and 仿宋
# drawn in AR PL UMing and UKai, Tests/Tools/fonts.conf), sshd and rsync for publishing, nginx
# and openssl for the workbench behind TLS, and (from PyPI) the open-data validators.
TEST_DEBS := minisign sqlite3 systemd libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils fonts-wqy-microhei openssh-server openssh-client rsync nginx-light openssl curl fonts-arphic-uming fonts-arphic-ukai
# The PyPI package whose source archive carries the toml-test suite the TOML parser is held to.
TOML_TEST_FROM := 0.15.2

.PHONY: run workbench test test-browser test-install deps test-deps build portable man docs install uninstall deb rpm bench bench-quick fuzz demo-data clean

## Install the Debian packages the build needs, if any is missing.
deps:
	@missing=$$(for p in $(DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing:" $$missing; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

# The release binary carries the Swift runtime (static) and the default theme: copied alone, it runs every command.
# Paths of this checkout are mapped to "." so that the same commit gives the same bytes wherever it is built.
RELEASE_FLAGS := -c release --static-swift-stdlib -Xswiftc -file-prefix-map -Xswiftc $(CURDIR)=. -Xcc -ffile-prefix-map=$(CURDIR)=.

build: deps
	$(SWIFT) build --scratch-path $(RELEASE_DIR) $(RELEASE_FLAGS) --product gongshi

# The packages' binary: the release build linked again against glibc 2.28's symbols with zig's linker (from PyPI),
# libstdc++, cmark, libsodium, libcrypto and SQLite inside; it runs on Kylin V10, UOS 20, Debian 10 and RHEL 8.
ZIG_VERSION := 0.17.1
ZIG := .build/zig/ziglang/zig
PORTABLE := $(RELEASE_DIR)/portable/gongshi

$(ZIG):
	python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --no-deps --target .build/zig ziglang==$(ZIG_VERSION)

portable: build $(ZIG)
	python3 scripts/link-portable.py $(ZIG) $(PORTABLE)

VERSION := $(shell cat VERSION)
# The commit's date, not the clock: the manual, the package and its files are dated by the source.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
export SOURCE_DATE_EPOCH
SOURCE_DAY := $(shell date -u -d @$(SOURCE_DATE_EPOCH) +%Y-%m-%d)
PREFIX ?= /usr/local
DESTDIR ?=
MAN := .build/man

## The manual page, Chinese (man1/) and English (en/man1/), from the command definitions: the binary's
## --experimental-dump-help through scripts/make-manual.py (swift-argument-parser's generate-manual drops
## every non-ASCII character, so it cannot write the Chinese page).
man: build
	rm -rf $(MAN) && mkdir -p $(MAN)/zh $(MAN)/en
	LANG=C.UTF-8 LC_ALL= LC_MESSAGES= $(BIN) --experimental-dump-help | python3 scripts/make-manual.py --lang zh --date $(SOURCE_DAY) --version $(VERSION) > $(MAN)/zh/gongshi.1
	LANG=en_US.UTF-8 LC_ALL= LC_MESSAGES= $(BIN) --experimental-dump-help | python3 scripts/make-manual.py --lang en --date $(SOURCE_DAY) --version $(VERSION) > $(MAN)/en/gongshi.1

## The data-format reference in both languages, as the binary prints it (a test holds these files equal to it).
docs: build
	LANG=C.UTF-8 LC_ALL= LC_MESSAGES= $(BIN) help data-format > docs/data-format.zh.md
	$(BIN) help data-format --lang en > docs/data-format.md

## Install the binary, its manual, bash/zsh/fish completions and the documentation under PREFIX (DESTDIR for a package).
install: build man
	install -D -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/gongshi
	install -D -m 644 $(MAN)/zh/gongshi.1 $(DESTDIR)$(PREFIX)/share/man/man1/gongshi.1
	install -D -m 644 $(MAN)/en/gongshi.1 $(DESTDIR)$(PREFIX)/share/man/en/man1/gongshi.1
	mkdir -p $(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/vendor-completions \
	  $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	$(BIN) --generate-completion-script bash > $(DESTDIR)$(PREFIX)/share/bash-completion/completions/gongshi
	$(BIN) --generate-completion-script zsh > $(DESTDIR)$(PREFIX)/share/zsh/vendor-completions/_gongshi
	$(BIN) --generate-completion-script fish > $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/gongshi.fish
	@# The daily rebuild (a site's content changes with the calendar), a service and timer per site, and the workbench.
	for unit in gongshi-rebuild@.service gongshi-rebuild@.timer gongshi-workbench@.service; do \
	  mkdir -p $(DESTDIR)$(PREFIX)/lib/systemd/system; \
	  sed 's|@BIN@|$(PREFIX)/bin/gongshi|' packaging/systemd/$$unit > $(DESTDIR)$(PREFIX)/lib/systemd/system/$$unit; \
	  chmod 644 $(DESTDIR)$(PREFIX)/lib/systemd/system/$$unit; done
	install -D -m 644 README.md $(DESTDIR)$(PREFIX)/share/doc/gongshi/README.md
	install -D -m 644 docs/data-format.md $(DESTDIR)$(PREFIX)/share/doc/gongshi/data-format.md
	install -D -m 644 docs/data-format.zh.md $(DESTDIR)$(PREFIX)/share/doc/gongshi/data-format.zh.md
	@# The default theme as a reference to copy overrides from (the binary carries its own; share/gongshi/site-templates
	@# would replace it).
	cd site-templates && find . -type f ! -name '.*' | sort | while read -r f; do \
	  install -D -m 644 "$$f" "$(DESTDIR)$(PREFIX)/share/doc/gongshi/site-templates/$$f"; done

## Remove what make install put under PREFIX.
uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/gongshi $(DESTDIR)$(PREFIX)/share/man/man1/gongshi.1 $(DESTDIR)$(PREFIX)/share/man/en/man1/gongshi.1 \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions/gongshi $(DESTDIR)$(PREFIX)/share/zsh/vendor-completions/_gongshi \
	  $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/gongshi.fish \
	  $(DESTDIR)$(PREFIX)/lib/systemd/system/gongshi-rebuild@.service $(DESTDIR)$(PREFIX)/lib/systemd/system/gongshi-rebuild@.timer \
	  $(DESTDIR)$(PREFIX)/lib/systemd/system/gongshi-workbench@.service
	rm -rf $(DESTDIR)$(PREFIX)/share/doc/gongshi

## A Debian package for amd64 (dpkg-deb) with the portable binary; it makes the user gongshi and /var/lib/gongshi.
DEB := .build/gongshi_$(VERSION)_amd64.deb
deb: deps portable
	@dpkg -s dpkg-dev >/dev/null 2>&1 || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq dpkg-dev; }
	scripts/make-deb.sh $(VERSION) $(DEB) $(PORTABLE)

## An RPM for x86_64 (rpmbuild, Debian's rpm) with the same files and scripts' effects as the .deb.
RPM := .build/gongshi-$(VERSION)-1.x86_64.rpm
rpm: deps portable
	@command -v rpmbuild >/dev/null || { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq rpm; }
	scripts/make-rpm.sh $(VERSION) $(RPM) $(PORTABLE)

# The demo signs its SHA256SUMS with a throwaway key kept outside the tree (a real site uses its own key).
DEMO_KEY ?= $(HOME)/.cache/gongshi-demo/minisign.key

## Build gongshi, import the demo registry and build the demo site into public/.
run: build
	$(BIN) check --site content --quiet
	$(BIN) import --site content --quiet
	@[ -f "$(DEMO_KEY)" ] || $(BIN) keygen --output "$(DEMO_KEY)"
	$(BIN) build --site content --output public --as-of $(AS_OF) --secret-key "$(DEMO_KEY)"

## The workbench on a copy of the demo (.build/demo-site/, made once; delete it to start again), on
## http://127.0.0.1:8080/ — what the clerk sees in a browser. Ctrl-C stops it.
WORKBENCH_SITE := .build/demo-site
workbench: build
	@[ -d "$(WORKBENCH_SITE)" ] || { mkdir -p $(WORKBENCH_SITE) && cp -r content/config.toml content/data content/pages content/notices $(WORKBENCH_SITE)/ \
	  && $(BIN) import --site $(WORKBENCH_SITE) --quiet; }
	$(BIN) workbench --site $(WORKBENCH_SITE)

test-deps: deps
	@missing=$$(for p in $(TEST_DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing:" $$missing; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
	@python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -r Tests/Tools/requirements.txt
	@# The toml-test suite (TOML 1.0 conformance, MIT), as it ships inside tomlkit's source archive on PyPI.
	@[ -f .build/toml-test/tests/files-toml-1.0.0 ] || { rm -rf .build/toml-test && mkdir -p .build/toml-test && \
	  python3 -m pip download --quiet --disable-pip-version-check --no-deps --no-binary :all: tomlkit==$(TOML_TEST_FROM) -d .build/toml-test && \
	  tar -xzf .build/toml-test/tomlkit-$(TOML_TEST_FROM).tar.gz -C .build/toml-test --strip-components=3 tomlkit-$(TOML_TEST_FROM)/tests/toml-test/tests; }

## Run the whole test suite (unit, integration on the real binary, demo build, outside validators,
## then the browser tests, then the package installed into a fresh Debian).
# The tests make hundreds of temporary sites; each run gets its own TMPDIR (readable by all: linkchecker
# run as root drops to nobody), removed afterwards, pass or fail.
test: test-deps
	@$(SWIFT) package resolve >/dev/null
	@# The package's static release build (for test-install) runs beside the tests: half the cores sit idle while
	@# they run, and it is a third of the whole. Its output goes to $(RELEASE_DIR)/build.log, shown if it fails.
	@mkdir -p $(RELEASE_DIR); rm -f $(RELEASE_DIR)/build.status; \
	( $(MAKE) --no-print-directory build > $(RELEASE_DIR)/build.log 2>&1; echo $$? > $(RELEASE_DIR)/build.status ) & \
	status=0; \
	$(SWIFT) build --build-tests || status=$$?; \
	if [ $$status = 0 ]; then \
	  tmp=$$(mktemp -d -t gongshi-tests.XXXXXX); chmod 755 "$$tmp"; TMPDIR=$$tmp $(SWIFT) test --skip-build || status=$$?; rm -rf "$$tmp"; \
	fi; \
	if [ $$status = 0 ]; then $(MAKE) --no-print-directory test-browser || status=$$?; fi; \
	wait; \
	[ $$status = 0 ] || exit $$status; \
	[ "$$(cat $(RELEASE_DIR)/build.status 2>/dev/null)" = 0 ] || { echo "the release build failed:"; tail -40 $(RELEASE_DIR)/build.log; exit 1; }
	$(MAKE) test-install

# Headless Chromium, its driver and a CJK font (or every Chinese character is a box).
BROWSER_DEBS := chromium chromium-driver fonts-wqy-microhei

## The site in a real browser (Selenium, axe-core), vnu on every page and stylesheet, linkchecker, screenshots
## in test-artifacts/screenshots/. Needs the debug build that make test makes.
test-browser:
	@missing=$$(for p in $(BROWSER_DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	command -v java >/dev/null 2>&1 || missing="$$missing default-jre-headless"; \
	if [ -n "$$missing" ]; then \
	  echo "installing:" $$missing; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
	@python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -r Tests/Browser/requirements.txt
	[ -x .build/debug/gongshi ] || $(SWIFT) build --product gongshi
	@tmp=$$(mktemp -d -t gongshi-browser-tests.XXXXXX); chmod 755 "$$tmp"; \
	cd Tests/Browser && TMPDIR=$$tmp SE_OFFLINE=true python3 -m pytest -q -p no:cacheprovider .; status=$$?; rm -rf "$$tmp"; exit $$status

# What the benchmark needs: Hugo to compare with, hyperfine to time, GNU time for peak memory.
BENCH_DEBS := hugo hyperfine time

## The benchmark (not part of make test; about 40 minutes here): synthetic registries of 500 to 100,000
## agencies and 10 million report numbers, timed against Hugo and the I/O floor, into bench/RESULTS.md.
## BENCH_ARGS="--sizes 500,1000 --index-numbers 0" for a quick run; then the search index in Chromium
## (bench/search.py into bench/SEARCH.md; SEARCH_BENCH_ARGS="--sizes 500" for a quick one).
bench: build
	@missing=$$(for p in $(BENCH_DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing:" $$missing; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
	python3 bench/bench.py $(BENCH_ARGS)
	@missing=$$(for p in $(BROWSER_DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
	@python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -r Tests/Browser/requirements.txt
	python3 bench/search.py $(SEARCH_BENCH_ARGS)

## The benchmark at 500 and 10,000 agencies only, no report-number index (under 10 minutes here): into
## .build/bench/QUICK.md, not RESULTS.md, which holds the whole run.
bench-quick: build
	@missing=$$(for p in $(BENCH_DEBS); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing:" $$missing; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
	mkdir -p .build/bench
	python3 bench/bench.py --sizes 500,10000 --index-numbers 0 --results .build/bench/QUICK.md

## Fuzz with libFuzzer (not part of make test), FUZZ_SECONDS each: the CSV reader and the importer, then
## verify-bundle over real bundles and whatever the fuzzer makes of them, then config.toml and front matter
## (each input bounded by -timeout), then the workbook reader over sheet, string, style and workbook XML.
## Crashes land in .build-fuzz/crashes/; replay one with .build/debug/gongshi-fuzz FILE (a .zip replays
## through verify-bundle), then make it a fixture.
FUZZ_SECONDS ?= 300
fuzz: deps
	$(SWIFT) build --scratch-path .build-fuzz -c release --product gongshi-fuzz \
	  -Xswiftc -sanitize=fuzzer,address -Xswiftc -DFUZZING
	$(SWIFT) build --product gongshi
	rm -rf .build-fuzz/corpus-bundle
	python3 scripts/fuzz-corpus.py .build-fuzz/corpus .build-fuzz/corpus-bundle
	mkdir -p .build-fuzz/crashes
	.build-fuzz/release/gongshi-fuzz .build-fuzz/corpus -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=10 \
	  -artifact_prefix=.build-fuzz/crashes/ -print_final_stats=1
	GONGSHI_FUZZ=bundle GONGSHI_FUZZ_PUBLIC_KEY="$$(sed -n 2p .build-fuzz/bundle-key.pub)" \
	  .build-fuzz/release/gongshi-fuzz .build-fuzz/corpus-bundle -max_total_time=$(FUZZ_SECONDS) -max_len=262144 -timeout=10 \
	  -artifact_prefix=.build-fuzz/crashes/bundle- -print_final_stats=1
	mkdir -p .build-fuzz/corpus-config
	for f in content/config.toml Tests/Fixtures/*/config.toml content/pages/*.md content/notices/*.md; do \
	  cp "$$f" ".build-fuzz/corpus-config/$$(echo "$$f" | tr / _)"; done
	@# Depth- and length-seeking seeds: nesting at the bound and one past it, long dotted keys and long lines.
	python3 -c 'import sys; d=sys.argv[1]; \
	  s={"deep-arrays":"x = "+"["*100+"]"*100, "deep-arrays-over":"x = "+"["*101+"]"*101, "deep-inline":"x = "+"{a = "*100+"1"+"}"*100, \
	     "dotted":".".join("k%d"%i for i in range(100))+" = 1", "header":"["+".".join("k%d"%i for i in range(101))+"]", \
	     "long-array":"x = ["+",".join(["1"]*5000)+"]", "long-inline":"x = {"+", ".join("k%d = 1"%i for i in range(2000))+"}"}; \
	  [open(d+"/seek-"+k+".toml","w").write(v+"\n") for k,v in s.items()]' .build-fuzz/corpus-config
	GONGSHI_FUZZ=config .build-fuzz/release/gongshi-fuzz .build-fuzz/corpus-config -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=10 \
	  -artifact_prefix=.build-fuzz/crashes/config- -print_final_stats=1
	python3 scripts/fuzz-corpus.py --workbook-parts .build-fuzz/corpus-xlsx
	GONGSHI_FUZZ=xlsx .build-fuzz/release/gongshi-fuzz .build-fuzz/corpus-xlsx -max_total_time=$(FUZZ_SECONDS) -max_len=131072 -timeout=10 \
	  -artifact_prefix=.build-fuzz/crashes/xlsx- -print_final_stats=1

## Regenerate content/data/*.csv (deterministic).
demo-data:
	python3 scripts/make-demo-data.py

## Install the package into a fresh Debian (debootstrap, no Swift, no source tree), run init, check, import and
## build there, and compare with this checkout's output byte for byte; then the manual and the completions.
test-install:
	$(SUDO) scripts/test-install.sh $(DEB) $(RPM)

clean:
	rm -rf .build $(RELEASE_DIR) public content/public content/registry.sqlite content/registry.sqlite-*
