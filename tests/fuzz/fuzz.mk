# tests/fuzz/fuzz.mk -- libFuzzer drivers for the parsers and encoders
# that take outside input. Included by the Makefile; stands alone too:
#
#	make -f Makefile -f tests/fuzz/fuzz.mk fuzz-replay
#
#   make fuzz-build    the drivers, with ASan and UBSan, into build/fuzz/
#   make fuzz-replay   each driver once over its committed corpus
#                      (tests/fuzz/corpus/<driver>/); fails on any crash.
#                      Seconds: `make test` runs it.
#   make fuzz          each driver for FUZZ_SECONDS (default 60), one after
#                      the other (make -j2 fuzz: two at a time), starting
#                      from its corpus. New inputs go to a scratch copy in
#                      build/fuzz/corpus/<driver>/ (FUZZ_SAVE=1: into the
#                      committed corpus), crashes to build/fuzz/crashes/,
#                      the log to build/fuzz/log/<driver>.log.
#   make fuzz FUZZ_DRIVERS="urlenc mail_build"   only some drivers
#
# Then tests/fuzz/pick.py build/fuzz 5 DRIVER... copies a few of the new
# inputs that reach new code into the committed corpus (found-*), and
# tests/fuzz/seeds.py rewrites the hand-made seeds (seed-*).
#
# Needs clang with compiler-rt (Debian 12: clang-14 and libclang-rt-14-dev,
# which clang pulls in). Everything here is named FUZZ_* or fuzz-* so as
# not to collide with the Makefile; the library is compiled again with the
# sanitizers into build/fuzz/lib/ (src/lib/tmpl.cc and server.c, the
# FastCGI loop, are left out: no driver needs them).

FUZZ_GOAL_SAVED := $(.DEFAULT_GOAL)

FUZZ_CLANG	?= clang
FUZZ_SECONDS	?= 60
FUZZ_SAVE	?= 0
FUZZ_DIR	 = build/fuzz
FUZZ_SRC	 = tests/fuzz

# every driver: tests/fuzz/fuzz_<name>.c -> build/fuzz/<name>
FUZZ_ALL	 = urlenc cookie tracking_json tracking_verify tracking_csv \
		   ev_time cp1252 label_fit label_pdf export_csv export_xlsx \
		   mail_header mail_build valid canada card cp_xml cp_json \
		   multipart image
FUZZ_DRIVERS	?= $(FUZZ_ALL)

FUZZ_SAN	 = -fsanitize=address,undefined -fno-sanitize-recover=undefined
FUZZ_CPPFLAGS	 = -Iinclude -Isrc/lib -I/usr/include/libxml2 -D_GNU_SOURCE -DRETURNS_SHAREDIR='"$(CURDIR)/src"'
FUZZ_CFLAGS	 = -g -O1 -fno-omit-frame-pointer -std=c11 -Wall -Wextra \
		   -Wno-unused-parameter
FUZZ_LIB_SRCS	 = $(filter-out src/lib/server.c,$(wildcard src/lib/*.c))
FUZZ_LIB_OBJS	 = $(FUZZ_LIB_SRCS:src/lib/%.c=$(FUZZ_DIR)/lib/%.o)
FUZZ_LIB	 = $(FUZZ_DIR)/libreturns-fuzz.a
FUZZ_HEADERS	 = $(wildcard include/returns/*.h src/lib/*.h)
FUZZ_BINS	 = $(FUZZ_ALL:%=$(FUZZ_DIR)/%)

# what each driver links besides the library (what its objects pull in)
FUZZ_LIBS_urlenc	  = -lfcgi
FUZZ_LIBS_cookie	  = -lfcgi
FUZZ_LIBS_tracking_json	  = -ljansson -lsqlite3 -lcrypto -lsodium
FUZZ_LIBS_tracking_verify = -ljansson -lsqlite3 -lcrypto -lsodium
FUZZ_LIBS_tracking_csv	  = -ljansson -lsqlite3 -lcrypto -lsodium
FUZZ_LIBS_ev_time	  = -ljansson -lsqlite3 -lcrypto -lsodium
FUZZ_LIBS_cp1252	  = -lhpdf -lzint -licui18n -licuuc
FUZZ_LIBS_label_fit	  = -lhpdf -lzint -licui18n -licuuc -lm
FUZZ_LIBS_label_pdf	  = -lhpdf -lzint -licui18n -licuuc
FUZZ_LIBS_export_csv	  = -lxlsxwriter
FUZZ_LIBS_export_xlsx	  = -lxlsxwriter
FUZZ_LIBS_mail_header	  = -lcurl -lcrypto -lsodium
FUZZ_LIBS_mail_build	  = -lcurl -lcrypto -lsodium
FUZZ_LIBS_valid		  =
FUZZ_LIBS_canada	  =
FUZZ_LIBS_card		  = -lcrypto -lsodium
FUZZ_LIBS_cp_xml	  = -lxml2 -ljansson -lcurl -lsqlite3 -lcrypto -lsodium
FUZZ_LIBS_cp_json	  = -lxml2 -ljansson -lcurl -lsqlite3 -lcrypto -lsodium
FUZZ_LIBS_multipart	  = -lfcgi
FUZZ_LIBS_image		  = -lgd -lm

# libFuzzer options for `make fuzz` (the PDF driver is slow: short inputs)
FUZZ_OPTS		  = -max_len=4096
FUZZ_OPTS_label_pdf	  = -max_len=1024
FUZZ_OPTS_export_xlsx	  = -max_len=1024
FUZZ_OPTS_tracking_csv	  = -max_len=8192
FUZZ_OPTS_tracking_json	  = -max_len=8192
FUZZ_OPTS_image		  = -max_len=16384

.PHONY: fuzz-build fuzz fuzz-replay fuzz-clean fuzz-check-clang

fuzz-check-clang:
	@command -v $(FUZZ_CLANG) >/dev/null || { echo "fuzz: $(FUZZ_CLANG)" \
	  "not found (Debian: apt-get install clang libclang-rt-14-dev)"; \
	  exit 1; }

fuzz-build: fuzz-check-clang $(FUZZ_BINS)

$(FUZZ_DIR)/lib/%.o: src/lib/%.c $(FUZZ_HEADERS) | fuzz-check-clang
	@mkdir -p $(@D)
	$(FUZZ_CLANG) $(FUZZ_CPPFLAGS) $(FUZZ_CFLAGS) \
	  -fsanitize=fuzzer-no-link $(FUZZ_SAN) -c -o $@ $<

$(FUZZ_LIB): $(FUZZ_LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(FUZZ_BINS): $(FUZZ_DIR)/%: $(FUZZ_SRC)/fuzz_%.c \
    $(wildcard $(FUZZ_SRC)/*.h) $(FUZZ_LIB) $(FUZZ_HEADERS)
	@mkdir -p $(@D)
	$(FUZZ_CLANG) $(FUZZ_CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer \
	  $(FUZZ_SAN) -o $@ $< $(FUZZ_LIB) $(FUZZ_LIBS_$*)

fuzz-replay: fuzz-build
	@$(FUZZ_SRC)/replay.sh $(FUZZ_DIR) $(FUZZ_DRIVERS)

fuzz: fuzz-build $(FUZZ_DRIVERS:%=fuzz-run-%)
	@$(FUZZ_SRC)/run.sh summary $(FUZZ_DIR) $(FUZZ_DRIVERS)

fuzz-run-%: fuzz-build
	@FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_SAVE=$(FUZZ_SAVE) \
	  FUZZ_OPTS="$(FUZZ_OPTS) $(FUZZ_OPTS_$*)" \
	  $(FUZZ_SRC)/run.sh run $(FUZZ_DIR) $*

fuzz-clean:
	rm -rf $(FUZZ_DIR)

# including this file leaves the Makefile's default goal alone
.DEFAULT_GOAL := $(FUZZ_GOAL_SAVED)
