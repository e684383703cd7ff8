# s70 -- what a stranger with a browser could do (issue 16), each closed:
# formulas smuggled through ';' into the CSV downloads, other
# applications' cookies breaking every page, links pointing off-site
# through the raw path or the Host header, files at rest readable by
# others.

# ---- the daily cap: per merchant, one mailbox whatever its aliases ----
add_card b 4111111111111111
new_policy b "B returns"
LINKB=$LINKTOK
vic="victim-$U@example.org"
codes=""
# another=1: a stranger confirms "make another label" for the address
for i in $(seq 10); do ret_form cust1 "$LINKA" "email=$vic" ra_number=RA-1 order_answer=X another=1; codes="$codes $S"; done
for alias in "Victim-$U+1@example.org" "v.ictim-$U@Example.org" "victim-$U+x@EXAMPLE.ORG"; do
	ret_form cust1 "$LINKA" "email=$alias" ra_number=RA-1 order_answer=X another=1
	codes="$codes $S"
done
case "$codes" in *"303 303 303 303 303 303 303 303 303 303 429 429 429") ok "after ten labels, the address's +tag and dotted aliases are refused too";;
	*) ko "after ten labels, the address's +tag and dotted aliases are refused too" "$codes";; esac
ret_form cust1 "$LINKB" "email=$vic"
[ "$S" = 303 ] && ok "the cap is per merchant: another shop still gives this customer a label" || ko "the cap is per merchant" "$S"

# ---- anyone can claim any contract ----
CN=88$(printf %08d $(( $$ % 100000000 )))
t=$(tok_of b /account/payment)
req b POST /account/payment/contract -d "csrf=$t" -d customer_number=7654321 -d "contract_number=$CN"
MB=$(sql "SELECT merchant_id FROM users WHERE email = '$EB'")
[ "$S" = 303 ] && [ "$(sql "SELECT good_standing || verified FROM contracts WHERE merchant_id = $MB")" = 00 ] &&
    ok "a contract typed on the payment page is pending, not in good standing" || ko "a contract typed on the payment page is pending" "$S $(sql "SELECT good_standing, verified FROM contracts WHERE merchant_id = $MB")"
req b GET /policies/new
[ "$S" = 303 ] && ok "a pending contract cannot back a policy" || ko "a pending contract cannot back a policy" "$S"
"$TOP/build/bin/returnsctl" -d "$DB" billing standing --merchant "$EB" --good >/dev/null
t=$(tok_of a /account/payment)
req a POST /account/payment/contract -d "csrf=$t" -d customer_number=7654321 -d "contract_number=$CN"
[ "$S" = 400 ] && body_has "already used by another account" && [ "$(sql "SELECT count(*) FROM contracts WHERE contract_number = '$CN'")" = 1 ] &&
    ok "a contract number belongs to one merchant: another's claim is refused" || ko "a contract number belongs to one merchant" "$S"
t=$(tok_of b /account/payment)
req b POST /account/payment/contract -d "csrf=$t" -d customer_number=7654321 -d "contract_number=${CN%?}$(( (${CN: -1} + 1) % 10 ))"
[ "$(sql "SELECT good_standing || verified FROM contracts WHERE merchant_id = $MB")" = 00 ] &&
    ok "changing a verified contract's number makes it pending again" || ko "changing a verified contract's number makes it pending again" "$(sql "SELECT good_standing, verified FROM contracts WHERE merchant_id = $MB")"

# ---- formula injection through ';' (French-Canadian Excel splits on it) ----
name='Bob;=1+2;@SUM(1)'
ret_form cust1 "$LINKA" "name=$name" "email=semi-$U@example.com" ra_number=RA-7 order_answer=Y
[ -n "$DLTOK" ] && ok "a customer named '$name' makes a return" || ko "a customer named '$name' makes a return" "$S"
req a GET "/returns/list.csv?q=Bob"
if grep -qF "\"Bob;'=1+2;'@SUM(1)\"" "$T/b" && ! grep -qE '(^|[,;])[=+@-]' "$T/b"; then
	ok "CSV: a field holding ';' is quoted and no piece after a separator starts a formula"
else
	ko "CSV: a field holding ';' is quoted and neutralised" "$(grep -F Bob "$T/b" | head -1)"
fi

# ---- cookies from a sibling application ----
many=$(for i in $(seq 60); do printf 'c%d=v%d; ' "$i" "$i"; done)
for c in 'prefs={"a":1}' 'theme=dark mode' "$many" 'x="unterminated; lang=fr'; do
	raw GET "/r/$LINKA" -H "Cookie: $c"
	s1=$S
	raw GET /account/login -H "Cookie: $c"
	if [ "$s1" = 200 ] && [ "$S" = 200 ]; then
		ok "a cookie we cannot read (${c:0:24}...) is skipped: the customer's page and the log-in page answer 200"
	else
		ko "a cookie we cannot read (${c:0:24}...) is skipped" "$s1 $S"
	fi
done
raw GET /account/login -H 'Cookie: prefs={"a":1}; lang=fr'
[ "$S" = 200 ] && grep -q 'lang="fr"' "$T/b" && ok "the readable cookies beside it still count (lang=fr)" || ko "the readable cookies beside it still count" "$S"

# ---- links built from the raw path ----
for p in '//evil.example/account/login' '/\evil.example/x' '//evil.example/r/x'; do
	raw GET "$p"
	if [ "$S" = 404 ] && ! grep -q 'evil\.example' "$T/b"; then
		ok "GET $p: a 404 with no link to evil.example"
	else
		ko "GET $p: a 404 with no link to evil.example" "$S $(grep -o '[^"]*evil\.example[^"]*' "$T/b" | head -1)"
	fi
done

# ---- links from the Host header ----
# (curl picks cookies by the Host header it sends: the session goes by hand)
sid=$(awk '$6 == "sid" {print $7}' "$T/a.jar")
raw GET "/policies/$PA1" -H "Cookie: sid=$sid" -H 'Host: evil.example' -H 'X-Forwarded-Host: evil.example'
if [ "$S" = 200 ] && ! grep -q 'evil\.example' "$T/b" && grep -q "value=\"$BASE/r/$LINKA\"" "$T/b"; then
	ok "the direct return link comes from base_url, not from the Host header"
else
	ko "the direct return link comes from base_url" "$S $(grep -o 'id="link"[^>]*' "$T/b" | head -1)"
fi
raw GET "/policies/$PA1/qr.svg" -H "Cookie: sid=$sid" -H 'Host: evil.example'
if [ "$S" = 200 ] && command -v rsvg-convert >/dev/null && command -v zbarimg >/dev/null; then
	rsvg-convert -w 400 "$T/b" -o "$T/qr.png" 2>/dev/null
	qr=$(zbarimg -q --raw "$T/qr.png" 2>/dev/null)
	[ "$qr" = "$BASE/r/$LINKA" ] && ok "the packing-slip QR code holds the base_url link" || ko "the packing-slip QR code holds the base_url link" "'$qr'"
fi

# ---- files at rest ----
B=$(mktemp -d /tmp/returns-sec-bk.XXXXXX)
(umask 022; "$TOP/build/bin/returnsctl" -d "$B/r.db" init >/dev/null 2>&1;
    "$TOP/build/bin/returnsctl" -d "$B/r.db" backup "$B/backup.db" >/dev/null 2>&1)
m1=$(stat -c %a "$B/r.db" 2>/dev/null)
m2=$(stat -c %a "$B/backup.db" 2>/dev/null)
[ "$m1" = 600 ] && [ "$m2" = 600 ] && ok "under umask 022 a new database and a backup are 0600" || ko "under umask 022 a new database and a backup are 0600" "db $m1, backup $m2"
rm -rf "$B"

# ---- a leaked link cannot make labels without end: the policy's own
# daily ceiling, the merchant told once, the customer told plainly ----
t=$(tok_of a /policies/new)
PNAME="Ceiling" policy_data daily_limit=abc
req a POST /policies/new -d "csrf=$t" "${PDATA[@]}"
[ "$S" = 400 ] && grep -q 'id="daily_limit-err"' "$T/b" && grep -q 'value="abc"' "$T/b" &&
    ok "a daily limit that is not a number is refused beside its field, the input kept" || ko "a daily limit that is not a number is refused beside its field" "$S"
new_policy a "Ceiling" daily_limit=3
PCEIL=$PN; LINKC=$LINKTOK
req a GET "/policies/$PCEIL?lang=en"
body_has "3 a day" && ok "the policy page shows its daily limit" || ko "the policy page shows its daily limit" "$PCEIL"
codes=""
for i in 1 2 3 4 5; do ret_form cust1 "$LINKC" "email=ceiling-$i-$U@example.org"; codes="$codes $S"; done
[ "$codes" = " 303 303 303 429 429" ] && ok "past the policy's 3 labels a day the form answers 429" || ko "past the policy's 3 labels a day the form answers 429" "$codes"
req cust1 GET "/r/$LINKC?lang=en"
ret_data "email=ceiling-6-$U@example.org" "name=Kept Name"
req cust1 POST "/r/$LINKC" -d "csrf=$(csrf)" "${RDATA[@]}"
[ "$S" = 429 ] && body_has "has given all the return labels it offers today" && body_has 'value="Kept Name"' && [ -n "$(hval Retry-After)" ] &&
    ok "the customer is told plainly, the form kept, Retry-After set" || ko "the customer is told plainly" "$S"
[ "$(sql "SELECT count(*) FROM outbox WHERE kind = 'limit' AND event = '$PCEIL' AND to_addr = '$EA'")" = 1 ] &&
    ok "the merchant gets one email that the limit was reached, not one per refusal" || ko "the merchant gets one email that the limit was reached" "$(sql "SELECT count(*) FROM outbox WHERE kind = 'limit' AND event = '$PCEIL'")"
[ "$(sql "SELECT count(*) FROM shipments s JOIN policies p ON p.id = s.policy_id WHERE p.number = '$PCEIL'")" = 3 ] &&
    ok "no label was made past the limit" || ko "no label was made past the limit" "$(sql "SELECT count(*) FROM shipments s JOIN policies p ON p.id = s.policy_id WHERE p.number = '$PCEIL'")"


# ---- sessions: 30 minutes idle, 12 hours in all, gone with the browser ----
req sx GET /account/login
req sx POST /account/login -d "csrf=$(csrf)" --data-urlencode "email=$EA" --data-urlencode "password=$PW_A"
sc=$(grep -i '^Set-Cookie: \(__Host-\)\?sid=' "$T/h" | tr -d '\r')
[ "$S" = 303 ] && [ -n "$sc" ] && ! echo "$sc" | grep -qi 'Max-Age\|Expires' && ok "the session cookie ends with the browser (no Max-Age)" || ko "the session cookie ends with the browser" "$S $sc"
sidx=$(awk '$6 == "sid" {print $7}' "$T/sx.jar")
hx=$(printf '%s' "$sidx" | sha256sum | cut -d' ' -f1)
sql "UPDATE sessions SET seen_at = seen_at - 29 * 60 WHERE idhash = '$hx'"
req sx GET /policies/
[ "$S" = 200 ] && ok "29 minutes idle: still logged in" || ko "29 minutes idle: still logged in" "$S"
sql "UPDATE sessions SET seen_at = seen_at - 31 * 60 WHERE idhash = '$hx'"
req sx GET /policies/
[ "$S" = 303 ] && ok "31 minutes idle: logged out" || ko "31 minutes idle: logged out" "$S"
req sy GET /account/login
req sy POST /account/login -d "csrf=$(csrf)" --data-urlencode "email=$EA" --data-urlencode "password=$PW_A"
hy=$(printf '%s' "$(awk '$6 == "sid" {print $7}' "$T/sy.jar")" | sha256sum | cut -d' ' -f1)
sql "UPDATE sessions SET created_at = created_at - 12 * 3600 - 60 WHERE idhash = '$hy'"
req sy GET /policies/
[ "$S" = 303 ] && ok "12 hours after log-in, even while active: logged out" || ko "12 hours after log-in: logged out" "$S"
