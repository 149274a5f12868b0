# kvreport - build, setup, tests.
#   make            build build/kvreport
#   make report     install missing Debian packages, build, run on input/ into output/
#   make test       install missing Debian packages, build, run every test
#   make lint       formatting and static analysis
#   make fuzz       run the fuzz targets for FUZZ_SECONDS each
#   make input      regenerate the synthetic default dataset in input/

VERSION := 0.1.0
CC      ?= cc
CLANG   ?= clang
PYTHON  := /usr/bin/python3

BUILD_PKGS := gcc make pkg-config zlib1g-dev libhpdf-dev libcairo2-dev libxlsxwriter-dev \
              libminizip-dev libdeflate-dev libfreetype-dev libharfbuzz-dev fonts-noto-core colord-data
TEST_PKGS  := libcmocka-dev clang libclang-rt-14-dev valgrind python3 python3-openpyxl \
              poppler-utils qpdf ghostscript librsvg2-bin clang-format clang-tidy cppcheck libreoffice-calc-nogui \
              python3-pikepdf nodejs

CFLAGS_BASE = -std=c11 -D_GNU_SOURCE -DKV_VERSION='"$(VERSION)"' -Wall -Wextra -Werror \
              -Wshadow -Wstrict-prototypes -Wmissing-prototypes -Wformat=2 -Wvla $(PKG_CFLAGS)
CFLAGS  ?= -O2 -g
PKGS    := cairo freetype2 harfbuzz-subset xlsxwriter libdeflate
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   = $(shell pkg-config --libs $(PKGS) 2>/dev/null)
LIBS     = -lhpdf $(PKG_LIBS) -ldeflate -lz -lm
SAN     := -fsanitize=address,undefined,float-cast-overflow -fno-omit-frame-pointer -fno-sanitize-recover=all

SRCS    := $(wildcard generator/*.c)
LIBSRCS := $(filter-out generator/main.c,$(SRCS))
HDRS    := $(wildcard generator/*.h)
TESTS   := $(patsubst tests/%.c,%,$(wildcard tests/test_*.c))
FUZZERS := $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_SECONDS ?= 60
FUZZ_RUNS := $(addprefix fuzz.,$(FUZZERS))

OBJS      := $(patsubst generator/%.c,build/obj/%.o,$(SRCS))
LIBOBJS   := $(patsubst generator/%.c,build/obj/%.o,$(LIBSRCS))
ASANOBJS  := $(patsubst generator/%.c,build/asan/obj/%.o,$(SRCS))
ASANLIB   := $(patsubst generator/%.c,build/asan/obj/%.o,$(LIBSRCS))

.PHONY: all deps report test unit unit-asan e2e valgrind lint fuzz fuzz-smoke input clean install bench

PREFIX  ?= /usr/local
DESTDIR ?=

all: build/kvreport

build/obj/%.o: generator/%.c $(HDRS) | build/obj
	$(CC) $(CFLAGS_BASE) $(CFLAGS) -c $< -o $@

build/asan/obj/%.o: generator/%.c $(HDRS) | build/asan/obj
	$(CC) $(CFLAGS_BASE) -O1 -g $(SAN) -c $< -o $@

build/kvreport: $(OBJS)
	$(CC) $(CFLAGS) $^ -o $@ $(LIBS)

build/asan/kvreport: $(ASANOBJS)
	$(CC) $(SAN) $^ -o $@ $(LIBS)

build/obj build/asan/obj build/tests build/asan/tests build/fuzz:
	mkdir -p $@

# ---- setup: install missing Debian packages (idempotent) -------------------
deps:
	@missing=""; \
	for p in $(BUILD_PKGS) $(TEST_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' \
	    || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" != 0 ]; then \
	  echo "Fehlende Debian-Pakete:$$missing" >&2; \
	  echo "Bitte als root 'make deps' ausführen oder: sudo apt-get install$$missing" >&2; \
	  exit 1; \
	fi; \
	echo "Installiere:$$missing"; \
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	  apt-get install -y -qq --no-install-recommends $$missing

# ---- the main job -----------------------------------------------------------
report: deps
	$(MAKE) build/kvreport
	build/kvreport -i input -o output

# ---- tests --------------------------------------------------------------------
build/tests/%: tests/%.c $(LIBOBJS) $(wildcard tests/*.h) | build/tests
	$(CC) $(CFLAGS_BASE) -Wno-missing-prototypes $(CFLAGS) -Igenerator $< $(LIBOBJS) -o $@ -lcmocka $(LIBS)

build/asan/tests/%: tests/%.c $(ASANLIB) $(wildcard tests/*.h) | build/asan/tests
	$(CC) $(CFLAGS_BASE) -Wno-missing-prototypes -O1 -g $(SAN) -Igenerator $< $(ASANLIB) -o $@ -lcmocka $(LIBS)

unit: $(addprefix build/tests/,$(TESTS))
	@set -e; for t in $^; do echo "== $$t"; (cd tests && ../$$t); done

unit-asan: $(addprefix build/asan/tests/,$(TESTS))
	@set -e; for t in $^; do echo "== $$t (ASan/UBSan)"; (cd tests && ../$$t); done

# test-only: kills a run in the middle of publishing (tests/test_batch.py)
build/tests/fault_rename.so: tests/fault_rename.c | build/tests
	$(CC) -shared -fPIC -O2 -Wall -Wextra -Werror $< -o $@ -ldl

# the second workbook reader (exceljs, from the committed lock file)
NODE_DIR := build/node
$(NODE_DIR)/node_modules/.package-lock.json: tests/reader/package.json tests/reader/package-lock.json
	mkdir -p $(NODE_DIR)
	cp tests/reader/package.json tests/reader/package-lock.json $(NODE_DIR)/
	cd $(NODE_DIR) && npm ci --no-audit --no-fund --loglevel=error

# pdf.js for tests/test_tagging.py (from the committed lock file; only
# when the lock changes)
PDFJS_DIR := build/pdfjs
$(PDFJS_DIR)/node_modules/.package-lock.json: tests/pdfjs/package.json tests/pdfjs/package-lock.json
	mkdir -p $(PDFJS_DIR)
	cp tests/pdfjs/package.json tests/pdfjs/package-lock.json $(PDFJS_DIR)/
	cd $(PDFJS_DIR) && npm ci --omit=optional --no-audit --no-fund --loglevel=error

# The end-to-end scripts, the slowest first (make starts them in this
# order, TEST_JOBS at a time); each is a target of its own, e2e.NAME runs
# tests/test_NAME.py with build/kvreport, e2e-asan.NAME with the ASan build.
E2E      := layout_report tagging rings participant pages libreoffice batch compact pdf reader \
            xlsx e2e changes mail texts whole
E2E_ASAN := whole e2e
E2E_RUNS := $(addprefix e2e.,$(E2E)) $(addprefix e2e-asan.,$(E2E_ASAN))
TEST_JOBS ?= $(shell nproc 2>/dev/null || echo 2)
.PHONY: $(E2E_RUNS) check-runs

e2e.reader: $(NODE_DIR)/node_modules/.package-lock.json
e2e.tagging e2e.participant: $(PDFJS_DIR)/node_modules/.package-lock.json
e2e.batch: build/tests/fault_rename.so
$(addprefix e2e.,$(E2E)): build/kvreport
	KVREPORT=build/kvreport $(PYTHON) tests/test_$(@:e2e.%=%).py
$(addprefix e2e-asan.,$(E2E_ASAN)): build/asan/kvreport
	KVREPORT=build/asan/kvreport $(PYTHON) tests/test_$(@:e2e-asan.%=%).py \
	  $(if $(filter e2e-asan.e2e,$@),--quick)

# every end-to-end script, TEST_JOBS at a time, the output of each kept
# together (-O)
e2e:
	$(MAKE) --no-print-directory -O -j$(TEST_JOBS) $(E2E_RUNS)

valgrind: build/kvreport
	rm -rf build/valgrind-out
	valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
	  build/kvreport -q -i input -o build/valgrind-out -l tests/fast.layout
	# a rerun with mails: the change report and the office's message
	valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
	  build/kvreport -q -i input -o build/valgrind-out -l tests/fast.layout --mail --city HB
	# the compact format with a key-figure selection, as a draft with its change page
	$(PYTHON) tests/gendata.py build/valgrind-in --default --monitoring 12
	valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
	  build/kvreport -q -i build/valgrind-in -o build/valgrind-out -l tests/compact.layout --draft

# The parts of make test are independent of each other: after the
# static checks they run TEST_JOBS at a time (the builds they need too),
# each part's output kept together; after a failure no new part starts.
# The longest first (test_layout_report about 700 s alone, seconds
# measured on 2 cores), the short ones fill in.
check-runs: FUZZ_SECONDS = 5
check-runs: e2e.layout_report e2e.tagging unit-asan $(FUZZ_RUNS) $(E2E_RUNS) unit valgrind

test: deps
	$(MAKE) build/kvreport
	$(MAKE) lint
	$(MAKE) --no-print-directory -O -j$(TEST_JOBS) check-runs
	@echo "Alle Tests bestanden."

# ---- static checks ----------------------------------------------------------
lint:
	clang-format --dry-run --Werror generator/*.c generator/*.h tests/*.c tests/*.h tests/fuzz/*.c tests/fuzz/*.h
	cppcheck --quiet --error-exitcode=1 --enable=warning,performance,portability \
	  --std=c11 --inline-suppr -D_GNU_SOURCE generator/
	@mkdir -p build
	clang-tidy --quiet --warnings-as-errors='*' -checks='$(TIDY_CHECKS)' generator/*.c \
	  -- -std=c11 -D_GNU_SOURCE -DKV_VERSION='"0"' -Igenerator $(PKG_CFLAGS) > build/tidy.log 2>&1 \
	  || { grep -v 'generated\.$$' build/tidy.log; exit 1; }

# bugprone and performance checks; the clang static analyzer is left out
# (false positives on the formula stack and the cube indexing).
TIDY_CHECKS := -*,bugprone-*,-bugprone-easily-swappable-parameters,-bugprone-reserved-identifier,cert-err34-c,misc-redundant-expression,performance-*

# ---- fuzzing (libFuzzer) ----------------------------------------------------
# Every module but main.c, compiled once with coverage and the sanitizers
# (undefined behaviour aborts, so the fuzzer counts it), linked into each
# target: the loader and the layout parser pull in most of the program.
# FUZZ_KNOWN: UB classes only reported, not counted, while a known defect
# of that class waits for its fix (none now).
FUZZ_SRCS  := $(LIBSRCS)
FUZZ_OBJS  := $(patsubst generator/%.c,build/fuzz/obj/%.o,$(FUZZ_SRCS))
FUZZ_KNOWN :=
FUZZ_FLAGS := -std=c11 -D_GNU_SOURCE -DKV_VERSION='"fuzz"' -g -O1 \
              -fsanitize=address,undefined -fno-sanitize-recover=all \
              $(if $(FUZZ_KNOWN),-fsanitize-recover=$(FUZZ_KNOWN)) $(PKG_CFLAGS)

build/fuzz/obj:
	mkdir -p $@

.SECONDARY: $(FUZZ_OBJS)

build/fuzz/obj/%.o: generator/%.c $(HDRS) | build/fuzz/obj
	$(CLANG) $(FUZZ_FLAGS) -fsanitize=fuzzer-no-link -c $< -o $@

build/fuzz/%: tests/fuzz/%.c $(FUZZ_OBJS) $(HDRS) $(wildcard tests/fuzz/*.h) | build/fuzz
	$(CLANG) $(FUZZ_FLAGS) -fsanitize=fuzzer -Igenerator $< $(FUZZ_OBJS) -o $@ $(LIBS)

# fuzz.NAME runs one target (FUZZ_RUNS; in parallel with make -j, each
# keeping its output together with -O)
.PHONY: $(FUZZ_RUNS)
fuzz: $(FUZZ_RUNS)
$(FUZZ_RUNS): fuzz.%: build/fuzz/%
	@mkdir -p build/fuzz/corpus-$*
	@echo "== $* ($(FUZZ_SECONDS) s)"
	@build/fuzz/$* -max_total_time=$(FUZZ_SECONDS) -max_len=65536 \
	  -artifact_prefix=build/fuzz/$*- build/fuzz/corpus-$* tests/fuzz/corpus/$(*:fuzz_%=%) \
	  > build/fuzz/$*.log 2>&1 || { cat build/fuzz/$*.log; exit 1; }
	@grep -E '^Done|^#[0-9]+.*DONE' build/fuzz/$*.log | tail -1

# A short run inside make test: the seeds plus a few seconds of mutation.
fuzz-smoke:
	$(MAKE) fuzz FUZZ_SECONDS=5

# ---- speed (not part of make test) ------------------------------------------------
bench: deps
	$(MAKE) build/kvreport
	$(PYTHON) tests/bench.py

# ---- data ---------------------------------------------------------------------
input:
	$(PYTHON) tests/gendata.py --default input

# ---- installation -------------------------------------------------------------
# The binary finds PREFIX/share/kvreport/layouts relative to itself, so the
# tree can also be relocated (DESTDIR) and still run.
install: build/kvreport
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/kvreport/layouts \
	  $(DESTDIR)$(PREFIX)/share/kvreport/fonts $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 755 build/kvreport $(DESTDIR)$(PREFIX)/bin/kvreport
	install -m 644 layouts/standard.layout $(DESTDIR)$(PREFIX)/share/kvreport/layouts/
	install -m 644 fonts/README.md $(DESTDIR)$(PREFIX)/share/kvreport/fonts/
	install -m 644 generator/kvreport.1 $(DESTDIR)$(PREFIX)/share/man/man1/kvreport.1

clean:
	rm -rf build
