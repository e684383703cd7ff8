# s50 -- every error status the product answers (from the application and
# from nginx itself), every route of the route tables, HEAD and odd
# methods: the security headers exactly once and no nginx version on every
# response of the whole suite; cookies HttpOnly and SameSite=Lax. Ends
# with nginx's 502 (the tracking executable stopped, then started again).

# ---- every route of the route tables, as an anonymous visitor and as a
# merchant (objects of X, the XSS merchant) ----
obj_for() {
	case $1 in
	/account/payment/cards/*) echo "${1//\{\}/$(sql "SELECT id FROM cards WHERE merchant_id = $MX LIMIT 1")}" ;;
	/policies/*) echo "${1//\{\}/$PX}" ;;
	/returns/{}) echo "/returns/$TRKX" ;;
	/settings/notifications/*) echo "${1//\{\}/$(sql "SELECT id FROM recipients WHERE merchant_id = $MX LIMIT 1")}" ;;
	/r/t/{}*) echo "${1//\{\}/$DLA}" ;;
	/r/{}) echo "/r/$LINKA" ;;
	*) echo "$1" ;;
	esac
}
nroutes=0
while read -r m pat flags; do
	p=$(obj_for "$pat")
	case $m in
	GET) req x GET "$p"; req nobody GET "$p"; req x HEAD "$p" ;;
	POST) case $p in
		*/delete | */remove | /account/logout | */deactivate) ;;	# keep X's things
		*) req x POST "$p" -d "csrf=$(tok_of x /help)" ;;
		esac
		req nobody POST "$p" -d x=1 ;;
	esac
	nroutes=$((nroutes + 1))
done < <(routes)
ok "every route of the route tables requested ($nroutes), logged in, logged out and HEAD"

# ---- each error status, on purpose ----
raw GET '/account/login?x=%zz'
expect "400 (the application: bad percent-encoding)" 400 "badly encoded"
raw GET /healthz -H 'Host;'
[ "$S" = 400 ] && ok "400 (nginx: no Host)" || ko "400 (nginx: no Host)" "$S"
raw GET /healthz -H "X-Big: $(head -c 9000 /dev/zero | tr '\0' a)"
[ "$S" = 400 ] && ok "400 (nginx: a header too large)" || ko "400 (nginx: a header too large)" "$S"
raw GET "/healthz?$(head -c 9000 /dev/zero | tr '\0' a)"
[ "$S" = 414 ] && ok "414 (nginx: a request line too long)" || ko "414 (nginx: a request line too long)" "$S"
S=$("${CURL[@]}" --path-as-is -o "$T/b" -D "$T/h" -w '%{http_code}' "$BASE/../../etc/passwd"); note_response "GET /../../etc/passwd"
[ "$S" = 400 ] && ok "400 (nginx: a path above the root)" || ko "400 (nginx: a path above the root)" "$S"
raw POST /api/tracking/events -H 'Content-Type: application/json' --data-binary '[]'
[ "$S" = 401 ] && ok "401 (the unsigned tracking feed)" || ko "401 (the unsigned tracking feed)" "$S"
raw POST /account/login -d "email=x@example.com&password=y"
expect "403 (no CSRF token)" 403
raw GET /no/such/page
expect "404 (the application)" 404
raw GET /static/no-such-file.css
[ "$S" = 404 ] && ok "404 (nginx: a static file that does not exist)" || ko "404 (nginx: a static file that does not exist)" "$S"
raw GET /account/logout
expect "405 (a GET on a POST route)" 405
raw DELETE /policies/
expect "405 (DELETE)" 405
raw OPTIONS /account/login
[ "$S" = 405 ] && ok "405 (OPTIONS)" || ko "405 (OPTIONS)" "$S"
new_policy x "Doomed"
DOOMED=$LINKTOK
t=$(tok_of x "/policies/$PN/delete")
req x POST "/policies/$PN/delete" -d "csrf=$t"
req cd GET "/r/$DOOMED"
expect "410 (a deleted policy's link)" 410
raw GET "/r/t/$DLX/label.pdf"
expect "410 (a label the carrier has)" 410
head -c 100000 /dev/zero | tr '\0' a > "$T/big"
raw POST /account/login --data-binary "@$T/big" -H 'Content-Type: application/x-www-form-urlencoded'
expect "413 (nginx: a body over 64 KB)" 413
raw POST "/r/$LINKA" --data-binary "@$T/big" -H 'Content-Type: application/x-www-form-urlencoded'
expect "413 (nginx: on a customer's page)" 413
# nginx's log-in limit, from an address of its own
codes=""
for i in $(seq 1 40); do
	S=$(curl -s --max-time 10 --interface 127.0.0.22 -o "$T/b" -D "$T/h" -w '%{http_code}' -d x=1 "$BASE/account/login")
	note_response "POST /account/login (flood)"
	codes="$codes $S"
	[ "$S" = 429 ] && break
done
[ "$S" = 429 ] && ok "429 (nginx: log-in POSTs from one address)" || ko "429 (nginx: log-in POSTs from one address)" "$codes"
# the application's lock after failures for one email
req lock GET /account/login
t=$(csrf)
for i in 1 2 3 4 5 6; do
	PASSWORDS+=("Sec-guess-$U-$i")
	S=$("${CURL[@]}" --interface 127.0.0.23 -o "$T/b" -D "$T/h" -w '%{http_code}' -b "$T/lock.jar" -c "$T/lock.jar" \
	    -d "csrf=$t" --data-urlencode "email=locked-$U@example.com" --data-urlencode "password=Sec-guess-$U-$i" "$BASE/account/login")
	note_response "POST /account/login (guess $i)"
done
expect "429 (the application: an email locked after failures)" 429 "Too many attempts"
# nginx's label limit (absent when the stack runs with RETURNS_BENCH=1)
codes=""
for i in $(seq 1 30); do
	S=$(curl -s --max-time 10 --interface 127.0.0.24 -o "$T/b" -D "$T/h" -w '%{http_code}' -d x=1 "$BASE/r/$LINKA")
	note_response "POST /r/... (flood)"
	codes="$codes $S"
	[ "$S" = 429 ] && break
done
if grep -q 'no label rate limits' "$VAR/nginx/returns.conf" 2>/dev/null; then
	ok "429 (nginx: label POSTs) not tried: the stack runs without label limits (RETURNS_BENCH=1)"
else
	[ "$S" = 429 ] && ok "429 (nginx: label POSTs from one address)" || ko "429 (nginx: label POSTs from one address)" "$codes"
fi
# 503: the database locked by another writer for longer than the busy timeout
req busy GET /account/login
t=$(csrf)
(echo "BEGIN IMMEDIATE;"; sleep 6.3; echo "COMMIT;") | sqlite3 "$DB" &
lockpid=$!
sleep 0.3
req busy POST /account/login -d "csrf=$t" -d "email=busy-$U@example.com" -d "password=Sec-busy-$U-pw"
PASSWORDS+=("Sec-busy-$U-pw")
expect "503 (the database locked by another writer)" 503
wait $lockpid

# ---- 502: an executable stopped; then started again as the stack does ----
tpid=$(cat "$VAR/run/tracking.pid" 2>/dev/null)
if [ -n "$tpid" ] && kill -TERM "$tpid" 2>/dev/null; then
	for i in $(seq 50); do kill -0 "$tpid" 2>/dev/null || break; sleep 0.1; done
	raw POST /api/tracking/events -H 'Content-Type: application/json' -H "X-Signature: $(sign '[]')" --data-binary '[]'
	expect "502 (nginx: the tracking executable stopped)" 502 "Service non disponible"
	setsid "$TOP/cgi-bin/tracking.fcgi" -s "$VAR/run/tracking.sock" -w "${WORKERS:-2}" -d "$DB" -R "$TOP/src" \
	    2>>"$VAR/log/tracking.log" < /dev/null &
	echo $! > "$VAR/run/tracking.pid"
	for i in $(seq 50); do [ -S "$VAR/run/tracking.sock" ] && break; sleep 0.1; done
	sleep 0.2
	feed '[]'
	[ "$S" = 200 ] && ok "the tracking executable runs again" || ko "the tracking executable runs again" "$S"
else
	ko "502 (nginx: the tracking executable stopped)" "no tracking.pid in $VAR/run"
fi

# ---- the verdicts over every response of the suite ----
want="400 401 403 404 405 410 413 414 429 502 503"
seen=$(sort -n "$T/statuses" | uniq -c | awk '{printf "%s×%s ", $2, $1}')
missing=""
for s in $want; do grep -qx "$s" "$T/statuses" || missing="$missing $s"; done
[ -z "$missing" ] && ok "every error status was produced ($seen)" || ko "every error status was produced" "missing:$missing (seen: $seen)"
if [ -s "$T/hdr-bad" ]; then
	ko "all $nresp responses carry each security header once and no nginx version" "$(wc -l < "$T/hdr-bad") bad: $(sort -u "$T/hdr-bad" | head -5 | tr '\n' ';')"
else
	ok "all $nresp responses carry each security header once and no nginx version"
fi
if [ -s "$T/cookie-bad" ]; then
	ko "all $ncookies cookies are HttpOnly and SameSite=Lax" "$(sort -u "$T/cookie-bad" | head -3 | tr '\n' ';')"
elif [ "$ncookies" -lt 5 ]; then
	ko "all cookies are HttpOnly and SameSite=Lax" "only $ncookies cookies seen"
else
	ok "all $ncookies cookies are HttpOnly and SameSite=Lax"
fi
