# returns -- returns management behind nginx. See README.md.
#   make run     the whole stack on http://127.0.0.1:$(PORT) with a demo account
#   make test    unit, HTTP (through nginx) and browser tests
#   make bench   requests/s and p99 through nginx (wrk)
#   make stop    stop a stack left running by make run

PREFIX	?= /usr/local
PORT	?= 8080
VAR	?= $(CURDIR)/var

CC	 = gcc
CXX	 = g++
CPPFLAGS = -Iinclude -D_FORTIFY_SOURCE=2 -D_GNU_SOURCE \
	   -DRETURNS_SHAREDIR='"$(CURDIR)/src"'
CFLAGS	?= -O2 -g
CFLAGS	+= -std=c11 -Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes \
	   -Wmissing-prototypes -Wpointer-arith -Wvla -Wno-format-nonliteral \
	   -fstack-protector-strong -fPIE
CXXFLAGS ?= -O2 -g
CXXFLAGS += -std=c++11 -Wall -Wextra -fstack-protector-strong -fPIE
LDFLAGS	+= -pie -Wl,-z,relro -Wl,-z,now
LDLIBS	 = -lfcgi -lsqlite3 -lcrypto -lcurl -lhpdf -lzint -lxlsxwriter -ljansson -lctemplate_nothreads -lstdc++

# Debian packages the project needs (build, run, test, bench).
DEBS	 = gcc g++ make pkg-config libfcgi-dev libsqlite3-dev sqlite3 \
	   libctemplate-dev libssl-dev libcmocka-dev nginx-light curl wrk \
	   chromium fonts-dejavu-core procps ca-certificates spawn-fcgi libfcgi-bin \
	   libzint-dev zbar-tools librsvg2-bin libhpdf-dev poppler-utils \
	   libjansson-dev libxlsxwriter-dev unzip tzdata openssl \
	   libcurl4-openssl-dev python3-aiosmtpd

LIB_OBJS = $(patsubst src/lib/%.c,build/lib/%.o,$(wildcard src/lib/*.c)) \
	   build/lib/tmpl.o
APPS	 = dashboard reports settings label tracking
FCGI	 = $(APPS:%=cgi-bin/%.fcgi)
TOOLS	 = build/bin/returnsctl build/bin/returns-notifier
UNIT	 = $(patsubst tests/unit/%.c,build/tests/%,$(wildcard tests/unit/test_*.c))
HEADERS	 = $(wildcard include/returns/*.h src/lib/*.h)

.PHONY: all deps run stop test unit bench clean
all: deps-check $(FCGI) $(TOOLS)

# Installs missing Debian packages (as root, or through sudo). Debian's
# nodejs and npm are added only when the machine has no node of its own.
deps:
	@missing=""; for p in $(DEBS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "ok installed" \
	    || missing="$$missing $$p"; done; \
	command -v node >/dev/null && command -v npm >/dev/null || missing="$$missing nodejs npm"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  $$SUDO apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q --no-install-recommends $$missing; \
	fi
	@touch build/.deps 2>/dev/null || (mkdir -p build && touch build/.deps)

deps-check:
	@[ -f build/.deps ] || $(MAKE) --no-print-directory deps

build/lib/%.o: src/lib/%.c $(HEADERS)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

build/lib/tmpl.o: src/lib/tmpl.cc $(HEADERS)
	@mkdir -p $(@D)
	$(CXX) $(CPPFLAGS) $(CXXFLAGS) -c -o $@ $<

build/libreturns.a: $(LIB_OBJS)
	ar rcs $@ $^

build/%.o: src/%.c $(HEADERS) $(wildcard src/*/*.h)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

define APP_RULE
cgi-bin/$(1).fcgi: $(patsubst src/%.c,build/%.o,$(wildcard src/$(1)/*.c)) build/libreturns.a
	@mkdir -p cgi-bin
	$$(CC) $$(LDFLAGS) -o $$@ $$^ $$(LDLIBS)
endef
$(foreach a,$(APPS),$(eval $(call APP_RULE,$(a))))

build/bin/returnsctl: build/returnsctl/main.o build/libreturns.a
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

build/bin/returns-notifier: build/notifier/main.o build/libreturns.a
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

build/tests/%: tests/unit/%.c build/libreturns.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -Isrc/lib $(LDFLAGS) -o $@ $< build/libreturns.a $(LDLIBS) -lcmocka

# ---- the developer's loop ----

run: deps all
	@mkdir -p $(VAR)
	@build/bin/returnsctl -d $(VAR)/returns.db demo
	@exec src/tools/stack run $(VAR) $(PORT)

stop:
	@src/tools/stack stop $(VAR)

unit: all $(UNIT)

test: deps all $(UNIT)
	@tests/run-all

build/bench/label_rate: tests/bench/label_rate.c build/libreturns.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -o $@ $< build/libreturns.a $(LDLIBS)

bench: deps all build/bench/label_rate
	@tests/bench/run

clean:
	rm -rf build cgi-bin/*.fcgi
