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
# where templates and i18n are found when the configuration names no
# share_dir: this tree for the developer's loop; the package's build
# (src/debian/rules) sets /usr/share/returns
BUILTIN_SHAREDIR ?= $(CURDIR)/src
CPPFLAGS = -Iinclude -I/usr/include/libxml2 -D_FORTIFY_SOURCE=2 -D_GNU_SOURCE \
	   -DRETURNS_SHAREDIR='"$(BUILTIN_SHAREDIR)"'
CFLAGS	?= -O2 -g
CFLAGS	+= -std=c11 -Wall -Wextra -Wformat=2 -Wshadow -Wstrict-prototypes \
	   -Wmissing-prototypes -Wpointer-arith -Wvla -Wno-format-nonliteral \
	   -fstack-protector-strong -fPIE
CXXFLAGS ?= -O2 -g
CXXFLAGS += -std=c++11 -Wall -Wextra -fstack-protector-strong -fPIE
LDFLAGS	+= -pie -Wl,-z,relro -Wl,-z,now
LDLIBS	 = -lfcgi -lsqlite3 -lhpdf -lzint -lxlsxwriter -ljansson -lxml2 -lzxcvbn -licui18n -licuuc -lctemplate_nothreads -lsodium -lm -lstdc++

# Debian packages the project needs (build, run, test, bench).
DEBS	 = gcc g++ make pkg-config libfcgi-dev libsqlite3-dev sqlite3 \
	   libctemplate-dev libssl-dev libcmocka-dev nginx-light curl wrk \
	   chromium fonts-dejavu-core procps ca-certificates spawn-fcgi libfcgi-bin \
	   libzint-dev zbar-tools librsvg2-bin libhpdf-dev poppler-utils \
	   libjansson-dev libxlsxwriter-dev unzip tzdata openssl \
	   libcurl4-openssl-dev libxml2-dev libzxcvbn-dev libicu-dev libgd-dev libsodium-dev python3-aiosmtpd systemd clang libclang-rt-14-dev \
	   build-essential debhelper dpkg-dev lintian systemd-container debootstrap

LIB_OBJS = $(patsubst src/lib/%.c,build/lib/%.o,$(wildcard src/lib/*.c)) \
	   build/lib/tmpl.o
APPS	 = dashboard reports settings label tracking
FCGI	 = $(APPS:%=cgi-bin/%.fcgi)
TOOLS	 = build/bin/returnsctl build/bin/returns-notifier
UNIT	 = $(patsubst tests/unit/%.c,build/tests/%,$(wildcard tests/unit/test_*.c))
HEADERS	 = $(wildcard include/returns/*.h src/lib/*.h)

.PHONY: all deps run stop test unit bench memcheck attack scan clean
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
	@[ -n "$(NO_DEPS)" ] || [ -f build/.deps ] || $(MAKE) --no-print-directory deps

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
	$(CC) $(CPPFLAGS) $(CFLAGS) -Isrc/lib $(LDFLAGS) -o $@ $< build/libreturns.a $(LDLIBS) -lcmocka -lcrypto

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

# sqlmap against every form, the customer's page and the tracking feed
# (slow: minutes; not part of make test)
attack: deps all
	@command -v sqlmap >/dev/null || { echo "installing sqlmap"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q sqlmap; }
	@tests/security/attack

# the clang static analyzer over every C file: exits non-zero on any report
# (HTML reports under build/scan/)
scan: deps
	@command -v scan-build >/dev/null || { echo "installing clang-tools"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi; \
	  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -q clang-tools; }
	@scan-build -o build/scan --status-bugs sh -c '$(MAKE) -B -s all CC="$$CC"'

# every unit test under valgrind: no memory error, no definite leak
memcheck: all $(UNIT)
	@command -v valgrind >/dev/null || { echo "memcheck needs valgrind (Debian package valgrind)"; exit 1; }
	@fail=0; for t in $(UNIT); do \
	  if RETURNS_MEMCHECK=1 valgrind -q --error-exitcode=9 --leak-check=full \
	      --errors-for-leak-kinds=definite $$t >build/memcheck.log 2>&1; \
	  then echo "memcheck: $$t clean"; \
	  else echo "memcheck: $$t FAILED"; tail -20 build/memcheck.log; fail=1; fi; \
	done; exit $$fail

clean:
	rm -rf build cgi-bin/*.fcgi

# ---- installing: make install, make uninstall, make deb ----
# PREFIX (default /usr/local) and DESTDIR are honoured; DESTDIR needs no
# root. Nothing is rebuilt for the install: the executables find their
# templates through share_dir in /etc/returns/returns.conf, which the
# example configuration sets to $(SHAREDIR). The units, sysusers.d and
# tmpfiles.d files go under $(PREFIX)/lib (systemd reads /usr/local/lib
# too), except that PREFIX=/usr puts the units in /lib/systemd/system,
# Debian 12's place. See README "Deploying on an existing nginx host".
BINDIR	    ?= $(PREFIX)/bin
SBINDIR	    ?= $(PREFIX)/sbin
FCGIDIR	    ?= $(PREFIX)/lib/returns/cgi-bin
SHAREDIR    ?= $(PREFIX)/share/returns
DOCDIR	    ?= $(PREFIX)/share/doc/returns
MANDIR	    ?= $(PREFIX)/share/man
SYSCONFDIR  ?= /etc
ETCDIR	    ?= $(SYSCONFDIR)/returns
NGINXDIR    ?= $(ETCDIR)/nginx
UNITDIR	    ?= $(if $(filter /usr,$(PREFIX)),/lib/systemd/system,$(PREFIX)/lib/systemd/system)
SYSUSERSDIR ?= $(PREFIX)/lib/sysusers.d
TMPFILESDIR ?= $(PREFIX)/lib/tmpfiles.d
RUNDIR	    ?= /run/returns
SOCKET_GROUP ?= www-data
LABEL_LIMITS ?= limit_req zone=returns_label_addr burst=20 nodelay; limit_req zone=returns_label_link burst=60 nodelay; limit_req_status 429;
NGINX_ERROR_LOG ?= /var/log/nginx/error.log

SYSTEMD_UNITS = $(foreach a,$(APPS),returns-$(a).socket returns-$(a).service) \
	   returns-notifier.service returns-billing.service returns-billing.timer \
	   returns-poll.service returns-poll.timer returns-backup.service returns-backup.timer
# the executables that call the carrier get the network; the others only
# their unix socket
NET_APPS     = label dashboard
NET_YES      = RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6
NET_NO       = RestrictAddressFamilies=AF_UNIX\nIPAddressDeny=any
HTDOCS_FILES = $(shell cd htdocs && find . -type f | sed 's|^\./||')
INSTALL_SUBST = sed -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@SBINDIR@|$(SBINDIR)|g' \
	   -e 's|@FCGIDIR@|$(FCGIDIR)|g' -e 's|@SHAREDIR@|$(SHAREDIR)|g' \
	   -e 's|@DOCDIR@|$(DOCDIR)|g' -e 's|@ETCDIR@|$(ETCDIR)|g' \
	   -e 's|@RUNDIR@|$(RUNDIR)|g' -e 's|@SOCKET_GROUP@|$(SOCKET_GROUP)|g' \
	   -e 's|@CONFDIR@|$(NGINXDIR)|g' -e 's|@HTDOCS@|$(SHAREDIR)/htdocs|g' \
	   -e 's|@LABEL_LIMITS@|$(LABEL_LIMITS)|g' \
	   -e 's|@ERROR_LOG@|$(NGINX_ERROR_LOG)|g'

.PHONY: install uninstall deb
install: $(FCGI) $(TOOLS)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SBINDIR) $(DESTDIR)$(FCGIDIR) \
	    $(DESTDIR)$(SHAREDIR)/templates $(DESTDIR)$(SHAREDIR)/i18n $(DESTDIR)$(NGINXDIR) \
	    $(DESTDIR)$(DOCDIR) $(DESTDIR)$(UNITDIR) $(DESTDIR)$(SYSUSERSDIR) $(DESTDIR)$(TMPFILESDIR) \
	    $(DESTDIR)$(ETCDIR) $(DESTDIR)$(MANDIR)/man8
	install -m 0644 src/man/returnsctl.8 src/man/returns-notifier.8 $(DESTDIR)$(MANDIR)/man8/
	install -m 0755 build/bin/returnsctl $(DESTDIR)$(BINDIR)/
	install -m 0755 build/bin/returns-notifier $(DESTDIR)$(SBINDIR)/
	install -m 0755 $(FCGI) $(DESTDIR)$(FCGIDIR)/
	install -m 0644 src/templates/*.tpl $(DESTDIR)$(SHAREDIR)/templates/
	install -m 0644 src/i18n/*.txt $(DESTDIR)$(SHAREDIR)/i18n/
	for f in $(HTDOCS_FILES); do \
	  install -D -m 0644 htdocs/$$f $(DESTDIR)$(SHAREDIR)/htdocs/$$f || exit 1; done
	install -m 0644 nginx/security-headers.conf nginx/fastcgi.conf $(DESTDIR)$(NGINXDIR)/
	for f in returns returns-http; do \
	  $(INSTALL_SUBST) nginx/$$f.conf.in > $(DESTDIR)$(NGINXDIR)/$$f.conf && \
	  chmod 0644 $(DESTDIR)$(NGINXDIR)/$$f.conf || exit 1; done
	# the prefix layout: a template the administrator fills (README)
	install -d $(DESTDIR)$(SHAREDIR)/nginx
	$(INSTALL_SUBST) nginx/returns-prefix.conf.in > $(DESTDIR)$(SHAREDIR)/nginx/returns-prefix.conf.in
	chmod 0644 $(DESTDIR)$(SHAREDIR)/nginx/returns-prefix.conf.in
	$(INSTALL_SUBST) nginx/returns-site.conf.in > $(DESTDIR)$(NGINXDIR)/returns-site.conf.example
	chmod 0644 $(DESTDIR)$(NGINXDIR)/returns-site.conf.example
	@if [ -e $(DESTDIR)$(NGINXDIR)/returns-site.conf ]; then \
	  echo "kept $(DESTDIR)$(NGINXDIR)/returns-site.conf"; \
	else install -m 0644 $(DESTDIR)$(NGINXDIR)/returns-site.conf.example $(DESTDIR)$(NGINXDIR)/returns-site.conf; fi
	install -m 0644 README.md $(DESTDIR)$(DOCDIR)/
	for a in $(APPS); do for t in socket service; do \
	  case " $(NET_APPS) " in *" $$a "*) net='$(NET_YES)';; *) net='$(NET_NO)';; esac; \
	  $(INSTALL_SUBST) -e "s|@APP@|$$a|g" -e "s|^@NETWORK@$$|$$net|" src/systemd/returns-app.$$t.in \
	    > $(DESTDIR)$(UNITDIR)/returns-$$a.$$t || exit 1; done; done
	for u in returns-notifier.service returns-billing.service returns-billing.timer \
	    returns-poll.service returns-poll.timer returns-backup.service returns-backup.timer; do \
	  $(INSTALL_SUBST) src/systemd/$$u.in > $(DESTDIR)$(UNITDIR)/$$u || exit 1; done
	cd $(DESTDIR)$(UNITDIR) && chmod 0644 $(SYSTEMD_UNITS)
	install -m 0644 src/systemd/sysusers.conf $(DESTDIR)$(SYSUSERSDIR)/returns.conf
	install -m 0644 src/systemd/tmpfiles.conf $(DESTDIR)$(TMPFILESDIR)/returns.conf
	$(INSTALL_SUBST) src/systemd/returns.conf.example.in > $(DESTDIR)$(ETCDIR)/returns.conf.example
	chmod 0644 $(DESTDIR)$(ETCDIR)/returns.conf.example
	@if [ -e $(DESTDIR)$(ETCDIR)/returns.conf ]; then \
	  echo "kept $(DESTDIR)$(ETCDIR)/returns.conf (compare with returns.conf.example)"; \
	else install -m 0644 $(DESTDIR)$(ETCDIR)/returns.conf.example $(DESTDIR)$(ETCDIR)/returns.conf; fi
	@[ -n "$(DESTDIR)" ] || printf '%s\n' "next (as root): systemd-sysusers;" \
	  "  systemd-tmpfiles --create $(TMPFILESDIR)/returns.conf; systemctl daemon-reload;" \
	  "  runuser -u returns -- $(BINDIR)/returnsctl init; then README" \
	  "  \"Deploying on an existing nginx host\" (nginx, units to enable)"

# Removes what install put; keeps $(ETCDIR)/returns.conf when it differs
# from the example (the administrator's) and never touches /var/lib/returns.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/returnsctl $(DESTDIR)$(SBINDIR)/returns-notifier
	rm -f $(DESTDIR)$(MANDIR)/man8/returnsctl.8 $(DESTDIR)$(MANDIR)/man8/returns-notifier.8
	rm -f $(APPS:%=$(DESTDIR)$(FCGIDIR)/%.fcgi)
	rmdir $(DESTDIR)$(FCGIDIR) $(DESTDIR)$(dir $(FCGIDIR)) 2>/dev/null || true
	rm -f $(addprefix $(DESTDIR)$(SHAREDIR)/templates/,$(notdir $(wildcard src/templates/*.tpl)))
	rm -f $(addprefix $(DESTDIR)$(SHAREDIR)/i18n/,$(notdir $(wildcard src/i18n/*.txt)))
	rm -f $(addprefix $(DESTDIR)$(SHAREDIR)/htdocs/,$(HTDOCS_FILES))
	rm -f $(DESTDIR)$(SHAREDIR)/nginx/returns-prefix.conf.in
	rmdir $(DESTDIR)$(SHAREDIR)/nginx 2>/dev/null || true
	rm -f $(addprefix $(DESTDIR)$(NGINXDIR)/,security-headers.conf fastcgi.conf returns.conf returns-http.conf)
	@if [ -e $(DESTDIR)$(NGINXDIR)/returns-site.conf ] && \
	  ! cmp -s $(DESTDIR)$(NGINXDIR)/returns-site.conf $(DESTDIR)$(NGINXDIR)/returns-site.conf.example; then \
	  echo "kept $(DESTDIR)$(NGINXDIR)/returns-site.conf (changed)"; \
	else rm -f $(DESTDIR)$(NGINXDIR)/returns-site.conf; fi
	rm -f $(DESTDIR)$(NGINXDIR)/returns-site.conf.example
	rmdir $(DESTDIR)$(NGINXDIR) 2>/dev/null || true
	cd htdocs && for d in $$(find . -depth -mindepth 1 -type d); do \
	  rmdir $(DESTDIR)$(SHAREDIR)/htdocs/$$d 2>/dev/null || true; done
	rmdir $(DESTDIR)$(SHAREDIR)/templates $(DESTDIR)$(SHAREDIR)/i18n $(DESTDIR)$(SHAREDIR)/htdocs \
	  $(DESTDIR)$(SHAREDIR) 2>/dev/null || true
	rm -f $(DESTDIR)$(DOCDIR)/README.md
	rmdir $(DESTDIR)$(DOCDIR) 2>/dev/null || true
	rm -f $(addprefix $(DESTDIR)$(UNITDIR)/,$(SYSTEMD_UNITS))
	rm -f $(DESTDIR)$(SYSUSERSDIR)/returns.conf $(DESTDIR)$(TMPFILESDIR)/returns.conf
	@if [ -e $(DESTDIR)$(ETCDIR)/returns.conf ] && \
	  ! cmp -s $(DESTDIR)$(ETCDIR)/returns.conf $(DESTDIR)$(ETCDIR)/returns.conf.example; then \
	  echo "kept $(DESTDIR)$(ETCDIR)/returns.conf (changed)"; \
	else rm -f $(DESTDIR)$(ETCDIR)/returns.conf; fi
	rm -f $(DESTDIR)$(ETCDIR)/returns.conf.example
	rmdir $(DESTDIR)$(ETCDIR) 2>/dev/null || true

# build/returns_<version>_<arch>.deb with debhelper, from a copy of the
# tree with src/debian as debian/ (the version is src/debian/changelog's)
DEB_VERSION ?= $(shell dpkg-parsechangelog -l src/debian/changelog -SVersion)
DEB_ARCH = $(shell dpkg --print-architecture)
deb: deps-check
	rm -rf build/pkg
	mkdir -p build/pkg/returns-$(DEB_VERSION)/tests/fuzz
	cp -a Makefile README.md include src htdocs nginx build/pkg/returns-$(DEB_VERSION)/
	cp -a tests/fuzz/fuzz.mk build/pkg/returns-$(DEB_VERSION)/tests/fuzz/
	cp -a src/debian build/pkg/returns-$(DEB_VERSION)/debian
	@# make deb DEB_VERSION=X (tests of upgrades): a changelog entry for X
	cd build/pkg/returns-$(DEB_VERSION)/debian && \
	  if [ "$$(dpkg-parsechangelog -l changelog -SVersion)" != "$(DEB_VERSION)" ]; then \
	    { printf 'returns (%s) unstable; urgency=medium\n\n  * Local build.\n\n -- %s  %s\n\n' \
	      "$(DEB_VERSION)" "$$(dpkg-parsechangelog -l changelog -SMaintainer)" "$$(date -R)"; cat changelog; } >changelog.new && \
	    mv changelog.new changelog; fi
	cd build/pkg/returns-$(DEB_VERSION) && dpkg-buildpackage -b -us -uc >../build.log 2>&1 \
	  || { tail -30 ../build.log; exit 1; }
	cp build/pkg/returns_$(DEB_VERSION)_$(DEB_ARCH).deb build/
	@echo build/returns_$(DEB_VERSION)_$(DEB_ARCH).deb
include tests/fuzz/fuzz.mk

# the package's life under a real systemd (needs root; minutes): see
# tests/systemd/run
.PHONY: test-systemd
test-systemd: deps
	@tests/systemd/run
