# lib.sh -- helpers of the security suite (sourced by tests/security/run
# after tests/http/lib.sh, whose ok/ko/expect/csrf/hval/security_headers
# it reuses). Every request goes through req(), which also checks the
# response's security headers and cookies and collects the secret tokens
# the pages show, for the checks at the end.

# ---- requests ----
# SRC: the client address (loopback) the suite's requests come from; a
# fresh one so that rate limits left by other suites do not get in the way
SRC=${SRC:-127.0.0.21}
CURL=(curl -s --max-time 20 --interface "$SRC")
lposts=0

# req JAR METHOD PATH [curl args...] -> $S status, $T/h headers, $T/b body
req() {
	local jar=$1 method=$2 path=$3 src=$SRC
	shift 3
	# label POSTs: a new client address every ten, below nginx's
	# per-address limit (20 a minute, a burst of 20) whoever ran before
	case $method$path in POST/r/*) lposts=$((lposts + 1)); src=127.0.1.$((lposts / 10 + 1)) ;; esac
	if [ "$method" = HEAD ]; then
		S=$("${CURL[@]}" -I -o "$T/h" -w '%{http_code}' \
		    -b "$T/$jar.jar" -c "$T/$jar.jar" "$@" "$BASE$path")
		: > "$T/b"
	else
		S=$("${CURL[@]}" --interface "$src" -o "$T/b" -D "$T/h" -w '%{http_code}' -X "$method" \
		    -b "$T/$jar.jar" -c "$T/$jar.jar" "$@" "$BASE$path")
	fi
	note_response "$method $path"; [ -n "${TRACE:-}" ] && echo "T $(date +%s.%N | cut -c7-14) $S $method $path" >&2
}
# raw METHOD PATH [curl args...]: no cookie jar (for headers set by hand)
raw() {
	local method=$1 path=$2
	shift 2
	S=$("${CURL[@]}" -o "$T/b" -D "$T/h" -w '%{http_code}' -X "$method" "$@" "$BASE$path")
	note_response "$method $path"; [ -n "${TRACE:-}" ] && echo "T $(date +%s.%N | cut -c7-14) $S $method $path" >&2
}

# After every response: each security header exactly once, no nginx
# version, every cookie HttpOnly and SameSite=Lax; remember the status
# (the headers section checks that every error status was seen), keep
# text bodies for the scans, collect link and download tokens.
note_response() {
	local what=$1 h n ct line
	echo "$S" >> "$T/statuses"
	nresp=$((nresp + 1))
	for h in $SEC_HEADERS; do
		n=$(grep -ci "^$h:" "$T/h")
		[ "$n" = 1 ] || echo "$S $what: $h appears $n times" >> "$T/hdr-bad"
	done
	grep -qi '^Server: *nginx/' "$T/h" && echo "$S $what: $(grep -i '^Server:' "$T/h" | tr -d '\r')" >> "$T/hdr-bad"
	while IFS= read -r line; do
		ncookies=$((ncookies + 1))
		case "$line" in
		*HttpOnly*SameSite=Lax* | *SameSite=Lax*HttpOnly*) ;;
		*) echo "$S $what: $line" >> "$T/cookie-bad" ;;
		esac
	done < <(grep -i '^Set-Cookie:' "$T/h" | tr -d '\r')
	ct=$(grep -i '^Content-Type:' "$T/h" | head -1)
	case "$ct" in
	*text/* | *json* | *svg* | "") cat "$T/b" >> "$T/all-pages" ;;
	esac
	grep -ohE '/r/(t/)?[0-9a-f]{40}' "$T/b" "$T/h" 2>/dev/null >> "$T/tokens"
	return 0
}

# ---- the application's route tables (src/*/main.c) ----
# "METHOD PATH FLAGS" per route, e.g. "POST /policies/{}/edit ROUTE_AUTH"
routes() {
	local f
	for f in "$TOP"/src/*/main.c; do
		tr '\n\t' '  ' < "$f" | grep -o '{ *M_[A-Z]*, *"[^"]*"[^}]*}' |
		    sed -E 's/\{ *M_([A-Z]+), *"([^"]*)", *[a-z_0-9]+,? *([^}]*)\}/\1 \2 \3/;s/ +$//;s/ +/ /g'
	done
}

# ---- the database ----
# snap FILE: every row of every table, less what a request may touch
# without changing anything (a session's last-seen time; the outbox's
# delivery state, which a running notifier moves on its own)
snap() {
	if [ -z "${SNAP_SQL:-}" ]; then
		local t
		SNAP_SQL=".timeout 5000
.mode quote"
		for t in $(sqlite3 "$DB" "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"); do
			case $t in
			sessions) SNAP_SQL="$SNAP_SQL
SELECT 'sessions', idhash, user_id, csrf, created_at FROM sessions ORDER BY idhash;" ;;
			outbox) SNAP_SQL="$SNAP_SQL
SELECT 'outbox', id, merchant_id, kind, ref, to_addr, lang, recipient_id, event, day, created_at FROM outbox ORDER BY id;" ;;
			*) SNAP_SQL="$SNAP_SQL
SELECT '$t', * FROM \"$t\";" ;;
			esac
		done
	fi
	printf '%s\n' "$SNAP_SQL" | sqlite3 "$DB" | LC_ALL=C sort > "$1"
}
# unchanged NAME BEFORE: the database is as in BEFORE
unchanged() {
	snap "$T/snap-after"
	if diff -q "$2" "$T/snap-after" >/dev/null; then
		ok "$1"
	else
		ko "$1" "$(diff "$2" "$T/snap-after" | grep '^[<>]' | head -4 | tr '\n' ' ')"
	fi
}

# ---- forms of the product (as in tests/http/t20 and t30) ----
tok_of() { req "$1" GET "$2"; csrf; }
# policy_data [field=value...]: the --data-urlencode arguments of a good
# policy form, in $PDATA
policy_data() {
	local kv k
	declare -A f=([name]="${PNAME:-Main returns}" [channel]=both [service]=regular
	    [company]=Shop [contact]=Ann [line1]="1 Main St" [city]=Ottawa [province]=ON
	    [postal]=k1a0b1 [label_format]=letter [instructions_en]="Pack it well")
	for kv in "$@"; do f[${kv%%=*}]=${kv#*=}; done
	PDATA=()
	for k in "${!f[@]}"; do PDATA+=(--data-urlencode "$k=${f[$k]}"); done
}
new_policy() {	# JAR NAME [field=value...] -> $PN number, $LINKTOK token
	local jar=$1 name=$2 t
	shift 2
	PNAME=$name policy_data "$@"
	t=$(tok_of "$jar" /policies/new)
	req "$jar" POST /policies/new -d "csrf=$t" "${PDATA[@]}"
	PN=$(hval Location | sed -n 's|^/policies/\(PR[0-9]*\)?created=1$|\1|p')
	req "$jar" GET "/policies/$PN"
	LINKTOK=$(sed -n 's|.*id="link" class="mono" readonly value="[^"]*/r/\([0-9a-f]*\)".*|\1|p' "$T/b")
}
# ret_data [field=value...]: a customer's good form in $RDATA
ret_data() {
	local kv k
	declare -A f=([name]="Émilie Côté" [line1]="12 rue des Érables" [city]="Québec"
	    [province]=QC [postal]="G1R 4P5" [email]="sec$$@example.com" [weight]="1,5"
	    [method]=label)
	for kv in "$@"; do f[${kv%%=*}]=${kv#*=}; done
	RDATA=()
	for k in "${!f[@]}"; do [ -n "${f[$k]}" ] && RDATA+=(--data-urlencode "$k=${f[$k]}"); done
}
ret_form() {	# JAR TOKEN [field=value...] -> $DLTOK on success
	local jar=$1 tok=$2
	shift 2
	ret_data "$@"
	req "$jar" GET "/r/$tok"
	req "$jar" POST "/r/$tok" -d "csrf=$(csrf)" "${RDATA[@]}"
	DLTOK=$(hval Location | sed -n 's|.*/r/t/\([0-9a-f]\{40\}\)$|\1|p')
}
add_card() {	# JAR NUMBER
	local t
	t=$(tok_of "$1" /account/payment)
	req "$1" POST /account/payment/card -d "csrf=$t" -d "number=$2" -d exp_month=12 -d exp_year=2031 -d cvv=123
}
# the carrier feed, signed with the stack's key (as in tests/http/t40)
KEYHEX=""
sign() {	# BODY [TIME] -> the X-Signature header value
	local t=${2:-$(date +%s)}
	printf 't=%s,v1=%s' "$t" "$(printf '%s.%s' "$t" "$1" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$KEYHEX" | sed 's/^.*= //')"
}
feed() {	# BODY [SIGNATURE]
	raw POST /api/tracking/events -H 'Content-Type: application/json' \
	    -H "X-Signature: ${2-$(sign "$1")}" --data-binary "$1"
}
iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }
luhn16() {	# 15 digits -> the 16-digit number with its check digit
	printf %s "$1" | awk '{ s = 0; for (i = 15; i >= 1; i--) { d = substr($0, i, 1) + 0;
	    if ((16 - i) % 2 == 1) { d *= 2; if (d > 9) d -= 9 } s += d }
	    printf "%s%d\n", $0, (10 - s % 10) % 10 }'
}
# strip FILE: a page without what differs between two requests of the
# same user for reasons other than the object (the language switch link,
# which repeats the path; the CSRF token)
strip_page() { grep -v 'class="lang"' "$1" | sed -E 's/name="csrf" value="[0-9a-f]*"/name="csrf" value=""/g'; }

# ---- email, through a real SMTP server on loopback ----
# deliver: sends the outbox now (returns-notifier --once) through a
# throwaway SMTP server into the Maildir $T/mbox (s40 and s60 read it)
deliver() {
	local box=$T/mbox port pid i
	mkdir -p "$box/tmp" "$box/new" "$box/cur"
	port=$("$TOP/tests/free-port" 0)
	/usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$port" -c aiosmtpd.handlers.Mailbox "$box" >>"$T/deliver.log" 2>&1 &
	pid=$!
	for i in $(seq 150); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
	RETURNS_SMTP_URL="smtp://127.0.0.1:$port" RETURNS_BASE_URL="$BASE" timeout 60 \
	    "$TOP/build/bin/returns-notifier" -d "$DB" -R "$TOP/src" --once >>"$T/deliver.log" 2>&1
	kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
}
# mail_links TO PATH-PREFIX: "subject|path" for each link to PATH-PREFIX<token>
# in the text of the emails to TO (delivered ones, oldest first)
mail_links() {
	/usr/bin/python3 - "$T/mbox/new" ${VAR:+"$VAR/mail/new"} "$1" "$2" <<'PYEOF'
import email, email.policy, os, re, sys
*dirs, to, prefix = sys.argv[1:]
for d in dirs:
    if not os.path.isdir(d):
        continue
    for f in sorted(os.listdir(d)):
        m = email.message_from_binary_file(open(os.path.join(d, f), "rb"), policy=email.policy.default)
        if str(m["To"]) != to:
            continue
        text = m.get_body(("plain",)).get_content()
        for link in re.findall(r"https?://[^/\s]+(" + re.escape(prefix) + r"[0-9a-f-]+)", text):
            print(str(m["Subject"]) + "|" + link)
PYEOF
}
# confirm_rcpt JAR EMAIL: a notification recipient confirms its address
# (the link of its first email, then the page's button) -> $S
confirm_rcpt() {
	local link
	deliver
	link=$(mail_links "$2" /settings/confirm/ | tail -1 | cut -d'|' -f2)
	req "$1" GET "$link"
	req "$1" POST "$link" -d "csrf=$(csrf)"
}
