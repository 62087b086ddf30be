# veille — build, test, demo, bench, install.
# `make test` and `make demo` install what is missing (make deps) first.

VERSION = 0.1.0
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
# veille finds its shared files (the taxonomy) in ../share/veille from its
# own binary: keep DATADIR there.
DATADIR = $(PREFIX)/share/veille
DOCDIR ?= $(PREFIX)/share/doc/veille
SYSCONFDIR ?= /etc/veille
SYSTEMDDIR ?= $(PREFIX)/lib/systemd/system
DESTDIR ?=

PKGS = libcurl libxml-2.0 sqlite3 libpcre2-8 zlib
MODULES = util parser classify index fetcher digest report crawl cli

CC ?= cc
ifeq ($(origin CC),default)
CC = cc
endif
PKG_CONFIG ?= pkg-config

WARN = -Wall -Wextra -Wpedantic -Wshadow -Wformat=2 -Wstrict-prototypes \
       -Wmissing-prototypes -Wold-style-definition -Wpointer-arith \
       -Wwrite-strings -Wvla -Wundef -Wcast-align -Wnull-dereference
ifneq ($(DEVELOPER)$(CI),)
WARN += -Werror
endif

OPT ?= -O2 -g
SANITIZE ?=
ifeq ($(SANITIZE),)
BUILD = build/plain
SANFLAGS =
else
BUILD = build/san
SANFLAGS = -fsanitize=$(SANITIZE) -fno-sanitize-recover=all -fno-omit-frame-pointer
OPT = -O1 -g
endif

PKG_CFLAGS = $(shell $(PKG_CONFIG) --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null)

ALL_CFLAGS = -std=c11 -pthread -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	     -DVEILLE_VERSION='"$(VERSION)"' \
	     $(WARN) $(OPT) $(SANFLAGS) \
	     $(PKG_CFLAGS) $(CFLAGS) -MMD -MP
ALL_LDFLAGS = -pthread $(SANFLAGS) $(LDFLAGS)
# libstemmer (Snowball) has no pkg-config file in Debian
LIBS = $(PKG_LIBS) -lstemmer -lm

SRCS = $(foreach m,$(MODULES),$(wildcard $(m)/*.c))
OBJS = $(SRCS:%.c=$(BUILD)/%.o)
LIB_OBJS = $(filter-out $(BUILD)/cli/main.o,$(OBJS))
UNIT_SRCS = $(wildcard tests/unit/test_*.c)
UNIT_BINS = $(UNIT_SRCS:tests/unit/%.c=$(BUILD)/tests/%)
TEST_OBJS = $(BUILD)/tests/tap.o
# Small programs the end-to-end tests use (fixtures, drivers): tests/tools/*.c
TOOL_SRCS = $(wildcard tests/tools/*.c)
TOOL_BINS = $(TOOL_SRCS:tests/tools/%.c=$(BUILD)/tests/tools/%)

# Fuzz targets fuzz/fuzz_*.c: linked with libFuzzer by `make fuzz`, and with
# fuzz/replay.c by `make test`, which replays regressions and seeds.
FUZZ_SRCS = $(wildcard fuzz/fuzz_*.c)
FUZZ_REPLAY_BINS = $(FUZZ_SRCS:fuzz/%.c=$(BUILD)/fuzz/%)
FUZZ_SECONDS ?= 60

BIN = $(BUILD)/veille

.PHONY: all deps deps-build deps-bench deps-fuzz test unit e2e demo bench lint fuzz \
	install uninstall clean man check-man

all: veille

# The plain build is ./veille; a sanitizer build lives in build/san/veille.
veille: $(BIN)
ifeq ($(SANITIZE),)
	@cp $(BIN) veille
endif

$(BIN): $(OBJS)
	@echo "  LD      $@"
	@$(CC) $(ALL_LDFLAGS) -o $@ $(OBJS) $(LIBS)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tests/tap.o: tests/unit/tap.c
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tests/test_%: tests/unit/test_%.c $(LIB_OBJS) $(TEST_OBJS)
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LIB_OBJS) $(TEST_OBJS) $(LIBS)

$(BUILD)/tests/tools/%: tests/tools/%.c $(LIB_OBJS)
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< $(LIB_OBJS) $(LIBS)

$(BUILD)/fuzz/fuzz_%: fuzz/fuzz_%.c fuzz/replay.c $(LIB_OBJS)
	@mkdir -p $(dir $@)
	@echo "  LD      $@"
	@$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $< fuzz/replay.c $(LIB_OBJS) $(LIBS)

# The demo needs only what builds veille; the tests need their servers and
# browser too.
deps:
	@sh mk/deps.sh build test

deps-build:
	@sh mk/deps.sh build

deps-bench:
	@sh mk/deps.sh build bench

deps-fuzz:
	@sh mk/deps.sh build fuzz

# Every test, unit and end-to-end; the last line is "N passed, N failed".
test: deps
	@$(MAKE) --no-print-directory veille $(UNIT_BINS) $(TOOL_BINS) $(FUZZ_REPLAY_BINS)
	@VEILLE=$(abspath $(BIN)) BUILD=$(BUILD) SANITIZE=$(SANITIZE) \
		TOOLS=$(abspath $(BUILD)/tests/tools) \
		FUZZ_BIN=$(abspath $(BUILD)/fuzz) \
		sh tests/run.sh $(UNIT_BINS)

demo: deps-build
	@$(MAKE) --no-print-directory veille
	@sh mk/demo.sh

bench: deps-bench veille
	@sh bench/run.sh

# Each fuzz target runs FUZZ_SECONDS under libFuzzer with ASan+UBSan (clang);
# a crash is saved in fuzz/regressions/TARGET/, which `make test` replays.
fuzz: deps-fuzz
	@FUZZ_CFLAGS="$(PKG_CFLAGS)" FUZZ_LIBS="$(LIBS)" \
		sh mk/fuzz.sh $(FUZZ_SECONDS) $(FUZZ_SRCS)

lint:
	@sh mk/lint.sh

man: veille
	sh mk/man.sh ./veille veille.1 > doc/veille.1.tmp && mv doc/veille.1.tmp doc/veille.1
	sh mk/man.sh ./veille feeds.conf.5 > doc/feeds.conf.5.tmp && mv doc/feeds.conf.5.tmp doc/feeds.conf.5

# The binary, its pages, the taxonomy the example configuration includes,
# the example itself (and as $(SYSCONFDIR)/feeds.conf when there is none),
# the systemd units (enabled by hand) and the cron file (an example: copy it
# to /etc/cron.d to use cron instead of the timers). Units and cron file
# name the binary where it is installed.
SED_PATHS = sed -e 's|/usr/local/bin/veille|$(BINDIR)/veille|g' \
	-e 's|^PATH=/usr/local/bin:|PATH=$(BINDIR):|' \
	-e 's|/etc/veille/|$(SYSCONFDIR)/|g'
CONTRIB_UNITS = veille-fetch.service veille-fetch.timer \
	veille-digest.service veille-digest.timer
install: $(BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(DATADIR)/conf \
		$(DESTDIR)$(DOCDIR) $(DESTDIR)$(SYSCONFDIR) $(DESTDIR)$(SYSTEMDDIR)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/veille
	install -m 644 doc/veille.1 $(DESTDIR)$(MANDIR)/man1/veille.1
	install -m 644 doc/feeds.conf.5 $(DESTDIR)$(MANDIR)/man5/feeds.conf.5
	install -m 644 conf/taxonomy.conf $(DESTDIR)$(DATADIR)/conf/taxonomy.conf
	install -m 644 conf/synonyms.conf $(DESTDIR)$(DATADIR)/conf/synonyms.conf
	install -m 644 conf/regions.conf $(DESTDIR)$(DATADIR)/conf/regions.conf
	install -m 644 feeds.conf $(DESTDIR)$(DOCDIR)/feeds.conf
	test -e $(DESTDIR)$(SYSCONFDIR)/feeds.conf || \
		install -m 644 feeds.conf $(DESTDIR)$(SYSCONFDIR)/feeds.conf
	for f in $(CONTRIB_UNITS); do \
		$(SED_PATHS) contrib/$$f >$(DESTDIR)$(SYSTEMDDIR)/$$f || exit 1; \
		chmod 644 $(DESTDIR)$(SYSTEMDDIR)/$$f; \
	done
	$(SED_PATHS) contrib/veille.cron >$(DESTDIR)$(DOCDIR)/veille.cron
	chmod 644 $(DESTDIR)$(DOCDIR)/veille.cron

# $(SYSCONFDIR)/feeds.conf is the operator's: it stays.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/veille $(DESTDIR)$(MANDIR)/man1/veille.1 \
		$(DESTDIR)$(MANDIR)/man5/feeds.conf.5 \
		$(DESTDIR)$(DATADIR)/conf/taxonomy.conf \
		$(DESTDIR)$(DATADIR)/conf/synonyms.conf \
		$(DESTDIR)$(DATADIR)/conf/regions.conf \
		$(DESTDIR)$(DOCDIR)/feeds.conf $(DESTDIR)$(DOCDIR)/veille.cron \
		$(addprefix $(DESTDIR)$(SYSTEMDDIR)/,$(CONTRIB_UNITS))
	-rmdir $(DESTDIR)$(DATADIR)/conf $(DESTDIR)$(DATADIR) $(DESTDIR)$(DOCDIR)

clean:
	rm -rf build veille

-include $(OBJS:.o=.d) $(UNIT_BINS:=.d) $(TOOL_BINS:=.d) $(FUZZ_REPLAY_BINS:=.d)
