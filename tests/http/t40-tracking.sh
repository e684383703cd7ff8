# t40 -- the carrier feed (signed events, idempotent, any order), the CLI
# import, and the Returns tab: forecast, history, list, downloads, and
# another merchant's view of none of it.
KEYHEX=$(od -An -tx1 -v "$VAR/tracking.key" 2>/dev/null | tr -d ' \n')
sign() {	# BODY [TIME] -> the X-Signature header value
	local t=${2:-$(date +%s)}
	printf 't=%s,v1=%s' "$t" "$(printf '%s.%s' "$t" "$1" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$KEYHEX" | sed 's/^.*= //')"
}
feed() {	# BODY [SIGNATURE] -> $S, $T/b
	S=$(curl -s -o "$T/b" -D "$T/h" -w '%{http_code}' -H 'Content-Type: application/json' \
	    -H "X-Signature: ${2-$(sign "$1")}" --data-binary "$1" "$BASE/api/tracking/events")
}
iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }

[ ${#KEYHEX} = 64 ] && ok "the feed's HMAC key is a file of its own" || ko "the feed's HMAC key is a file of its own" "no key"
sign_up rt "rt$$@example.com" "Retours Tracking"
t=$(tok_of rt /account/payment)
req rt POST /account/payment/card -d "csrf=$t" -d "number=4111111111111111" -d exp_month=12 -d exp_year=2031 -d cvv=123
new_policy rt "Tracked" "service=xpresspost"
TPN=$PN
for who in "Ann Lee" "=HYPERLINK(\"http://x\")" "Bob Roy"; do
	ret_form rtc "$LINKTOK" "name=$who" "email=c$RANDOM@example.com" province=ON postal="K1A 0B1"
done
mapfile -t TRKS < <(sql "SELECT s.tracking FROM shipments s JOIN policies p ON p.id = s.policy_id WHERE p.number = '$TPN' ORDER BY s.id")
[ ${#TRKS[@]} = 3 ] && ok "three returns to track" || ko "three returns to track" "${#TRKS[@]}"
A=${TRKS[0]}; B2=${TRKS[1]}; C=${TRKS[2]}
now=$(date +%s)

# ---- signatures: checked before anything is parsed ----
body="[{\"event_id\":\"E$$-1\",\"tracking\":\"$A\",\"type\":\"accepted\",\"time\":\"$(iso $((now - 7200)))\",\"location\":\"OTTAWA ON\"}]"
feed "$body" ""
[ "$S" = 401 ] && ok "no signature is a 401" || ko "no signature is a 401" "$S"
feed "$body" "t=$now,v1=$(printf '0%.0s' $(seq 64))"
[ "$S" = 401 ] && ok "a wrong signature is a 401" || ko "a wrong signature is a 401" "$S"
feed "$body" "$(sign "$body" $((now - 400)))"
[ "$S" = 401 ] && ok "a signature older than 5 minutes is a 401" || ko "a signature older than 5 minutes is a 401" "$S"
feed "$body" "$(sign "$body" $((now + 400)))"
[ "$S" = 401 ] && ok "a signature from the future is a 401" || ko "a signature from the future is a 401" "$S"
feed "$body" "$(sign "${body} ")"
[ "$S" = 401 ] && ok "a signature over another body is a 401" || ko "a signature over another body is a 401" "$S"
feed "not json"
[ "$S" = 400 ] && body_has "not JSON" && ok "a signed body that is not JSON is a 400 that says so" || ko "a signed body that is not JSON is a 400 that says so" "$S"
feed "[{\"event_id\":\"x\",\"tracking\":\"$A\",\"type\":\"teleported\",\"time\":\"$(iso $now)\"}]"
[ "$S" = 400 ] && body_has '\"type\"' && ok "an unknown event type is named in the 400" || ko "an unknown event type is named in the 400" "$S $(cat "$T/b")"
[ "$(sql "SELECT count(*) FROM tracking_events WHERE event_id LIKE 'E$$-%'")" = 0 ] && ok "refused batches store nothing" || ko "refused batches store nothing" "stored"

# ---- applying ----
feed "$body"
[ "$S" = 200 ] && body_has '"applied": 1' && ok "a signed event is applied" || ko "a signed event is applied" "$S $(cat "$T/b")"
[ "$(sql "SELECT status FROM shipments WHERE tracking = '$A'")" = accepted ] && ok "the return is accepted" || ko "the return is accepted" "$(sql "SELECT status FROM shipments WHERE tracking = '$A'")"
feed "$body"
body_has '"applied": 0' && body_has '"duplicates": 1' && ok "the same event twice changes nothing" || ko "the same event twice changes nothing" "$(cat "$T/b")"
[ "$(sql "SELECT count(*) FROM tracking_events WHERE event_id = 'E$$-1'")" = 1 ] && ok "one row per event id" || ko "one row per event id" "dup"
unk=7023210099999990
until luhn_ok "$unk"; do unk=$((unk + 1)); done
feed "[{\"event_id\":\"E$$-u\",\"tracking\":\"$unk\",\"type\":\"accepted\",\"time\":\"$(iso $now)\"}]"
body_has "\"unknown\": [\"$unk\"]" && ok "unknown tracking numbers are listed" || ko "unknown tracking numbers are listed" "$(cat "$T/b")"
[ "$(sql "SELECT count(*) FROM shipments WHERE tracking = '$unk'")" = 0 ] && ok "unknown tracking numbers are not stored as returns" || ko "unknown tracking numbers are not stored as returns" "stored"

# delivered first, then a late "in transit" with a later time: stays delivered
feed "[{\"event_id\":\"E$$-2\",\"tracking\":\"$A\",\"type\":\"delivered\",\"time\":\"$(iso $((now - 60)))\",\"location\":\"MONTREAL QC\"},
 {\"event_id\":\"E$$-3\",\"tracking\":\"$B2\",\"type\":\"in_transit\",\"time\":\"$(iso $((now - 3600)))\"}]"
feed "[{\"event_id\":\"E$$-4\",\"tracking\":\"$A\",\"type\":\"in_transit\",\"time\":\"$(iso $((now - 30)))\"}]"
[ "$(sql "SELECT status FROM shipments WHERE tracking = '$A'")" = delivered ] && ok "a late in-transit never takes a delivered return back" || ko "a late in-transit never takes a delivered return back" "$(sql "SELECT status FROM shipments WHERE tracking = '$A'")"
# in transit arrives before its accepted event: the accepted time is still set
feed "[{\"event_id\":\"E$$-5\",\"tracking\":\"$B2\",\"type\":\"accepted\",\"time\":\"$(iso $((now - 90000)))\"}]"
row=$(sql "SELECT status||'|'||accepted_at FROM shipments WHERE tracking = '$B2'")
[ "$row" = "in_transit|$((now - 90000))" ] && ok "events out of order give the right state and dates" || ko "events out of order give the right state and dates" "$row"

# ---- the CLI import ----
printf 'event_id,tracking,type,time,location\nE%s-6,%s,accepted,%s,"GATINEAU, QC"\nE%s-7,%s,exception,%s,\n' \
    $$ "$C" "$(iso $((now - 5000)))" $$ "$C" "$(iso $((now - 4000)))" > "$T/ev.csv"
out=$("$TOP/build/bin/returnsctl" -d "$DB" tracking import "$T/ev.csv" 2>&1)
case "$out" in "2 events: 2 applied"*) ok "returnsctl imports a CSV of events";; *) ko "returnsctl imports a CSV of events" "$out";; esac
out=$("$TOP/build/bin/returnsctl" -d "$DB" tracking import "$T/ev.csv" 2>&1)
case "$out" in *"0 applied, 2 already applied"*) ok "importing the same file again changes nothing";; *) ko "importing the same file again changes nothing" "$out";; esac
[ "$(sql "SELECT status FROM shipments WHERE tracking = '$C'")" = exception ] && ok "the exception shows" || ko "the exception shows" "$(sql "SELECT status FROM shipments WHERE tracking = '$C'")"
printf '[{"event_id":"bad","tracking":"123","type":"accepted","time":"x"}]' > "$T/bad.json"
out=$("$TOP/build/bin/returnsctl" -d "$DB" tracking import "$T/bad.json" 2>&1)
case "$out" in *"event 0"*tracking*) ok "a bad import says which event and field";; *) ko "a bad import says which event and field" "$out";; esac
# a JSON file has no batch limit; the feed takes EV_BATCH_MAX (500) a POST
many() {	# N: a JSON array of N events for a tracking number nobody has
	awk -v n="$1" -v t="$(iso $((now - 6000)))" 'BEGIN {
		s = "708888800000001"; sum = 0; dbl = 1
		for (j = 15; j >= 1; j--) { d = substr(s, j, 1) + 0
			if (dbl) { d *= 2; if (d > 9) d -= 9 } sum += d; dbl = !dbl }
		trk = s ((10 - sum % 10) % 10)
		printf "["
		for (i = 0; i < n; i++)
			printf "%s{\"event_id\":\"M%d\",\"tracking\":\"%s\",\"type\":\"in_transit\",\"time\":\"%s\"}", (i ? "," : ""), i, trk, t
		printf "]" }'
}
many 1200 > "$T/many.json"
out=$("$TOP/build/bin/returnsctl" -d "$DB" tracking import "$T/many.json" 2>&1)
case "$out" in *"1200 events: 0 applied, 0 already applied, 1200 unknown"*) ok "returnsctl imports a JSON file of 1,200 events (no batch limit)";; *) ko "returnsctl imports a JSON file of 1,200 events (no batch limit)" "$(printf '%s' "$out" | tail -1)";; esac
feed "$(many 500)"
[ "$S" = 200 ] && ok "the feed takes 500 events in one POST" || ko "the feed takes 500 events in one POST" "$S $(head -c 200 "$T/b")"
feed "$(many 501)"
[ "$S" = 400 ] && body_has "at most 500 events" && ok "501 events in one POST: a 400 that says the limit" || ko "501 events in one POST: a 400 that says the limit" "$S $(head -c 200 "$T/b")"

# ---- the customer follows the return ----
req rt GET "/returns/$A"
expect "the merchant's return page" 200 "$A"
body_has "MONTREAL QC" && body_has "Delivered" && ok "the return page shows its events" || ko "the return page shows its events" "missing"
AEMAIL=$(sql "SELECT email FROM shipments WHERE tracking = '$A'")
body_has "href=\"mailto:$AEMAIL\"" && body_has "12 rue des Érables<br>Québec ON&nbsp;&nbsp;K1A 0B1" \
    && ok "the return page shows the customer's email and address to the merchant" || ko "the return page shows the customer's email and address to the merchant" "$(grep -A2 'mailto' "$T/b")"
req rt GET "/returns/list?q=$AEMAIL"
body_has "href=\"/returns/$A\"" && ! body_has "href=\"/returns/$C\"" && ok "search by the customer's email" || ko "search by the customer's email" "wrong rows"

# ---- the Returns tab ----
req rt GET /returns/
expect "the Returns tab" 200 "Next five business days"
req rt GET /returns/forecast
expect "the forecast page" 200 "Xpresspost"
body_has "The figures are estimates based on the latest tracking data" && ok "the forecast says it is an estimate" || ko "the forecast says it is an estimate" "missing"
for by in month week day; do
	req rt GET "/returns/history?by=$by"
	expect "history by $by" 200 "Returns received: <strong>1</strong>"
done
for by in month week day; do
	curl -s -b "$T/rt.jar" -o "$T/h-$by.csv" "$BASE/returns/history.csv?by=$by"
done
tots=$(for by in month week day; do awk -F, 'NR > 1 {s += $NF} END {print s + 0}' "$T/h-$by.csv"; done | sort -u | tr '\n' ' ')
[ "$tots" = "1 " ] && head -1 "$T/h-month.csv" | grep -q "Period,First day,Returns received$(printf "\r")\?$" && grep -q '^"Week of ' "$T/h-week.csv" \
    && ok "one window: the three views' downloads count the same, periods in words" || ko "one window: the three views' downloads count the same" "$tots $(sed -n 2p "$T/h-week.csv")"
req rt GET "/returns/history?by=year"
expect "an unknown history view is a 400 page" 400
S=$(curl -s -o "$T/c.svg" -w '%{http_code}' -b "$T/rt.jar" "$BASE/returns/history.svg?by=week")
[ "$S" = 200 ] && grep -q '<title>Week of [A-Z][a-z]* [0-9]*, 20[0-9][0-9]: [0-9]' "$T/c.svg" && ok "the history chart is an SVG with a title per bar" || ko "the history chart is an SVG with a title per bar" "$S"
req rt GET "/returns/list?q=$B2"
expect "search by tracking number" 200 "$B2"
req rt GET "/returns/list?q=Bob"
body_has "Bob Roy" && ! body_has "Ann Lee" && ok "search by customer name" || ko "search by customer name" "wrong rows"
req rt GET "/returns/list?q=LEE+ann"
body_has "href=\"/returns/$A\"" && ! body_has "Bob Roy" && ok "search by name in any order (\"LEE ann\" finds Ann Lee)" || ko "search by name in any order" "wrong rows"
req rt GET "/returns/list?q=${B2:0:4}+${B2:4:4}+${B2:8:4}+${B2:12:4}"
body_has "href=\"/returns/$B2\"" && ! body_has "href=\"/returns/$A\"" && ok "search by the tracking number as printed, with its spaces" || ko "search by the tracking number as printed, with its spaces" "wrong rows"
req rt GET "/returns/list?per=25"
body_has '<option value="25" selected' && body_has 'href="/returns/list?status=delivered">Delivered<span class="n">1</span>' \
    && body_has "/returns/list.csv?per=25" && ok "the list: rows a page to choose, and the returns by state, each a link" || ko "the list: rows a page, the returns by state" "$(grep -o 'class="summary".*' "$T/b" | head -c 300)"
req rt GET "/returns/list?status=delivered"
body_has "$A" && ! body_has "$C" && ok "filter by status" || ko "filter by status" "wrong rows"
req rt GET "/returns/list?from=2001-02-30"
expect "an impossible date is a 400 page" 400

# ---- a label not used: expiring soon, then expired ----
RET_IFACE=127.0.0.12 ret_form rtc "$LINKTOK" "name=Eve Unused" "email=unused$$@example.com" province=ON postal="K1A 0B1"
E=$(sql "SELECT tracking FROM shipments WHERE email = 'unused$$@example.com'")
sql "UPDATE shipments SET created_at = strftime('%s', 'now') - 29 * 86400, expires_at = strftime('%s', 'now') + 86400 WHERE tracking = '$E'"
req rt GET /returns/
body_has "Needs your attention" && body_has '<a href="/returns/list?status=created">1 label expires unused within 3 days</a>' \
    && ok "the Returns tab says a label expires unused soon, a link to the list" || ko "the Returns tab says a label expires unused soon" "$(grep -A4 'attention' "$T/b" | head -8)"
sql "UPDATE shipments SET created_at = strftime('%s', 'now') - 31 * 86400, expires_at = strftime('%s', 'now') - 86400 WHERE tracking = '$E'"
req rt GET "/returns/list?status=expired"
body_has "href=\"/returns/$E\"" && body_has "rs-expired" && ! body_has "href=\"/returns/$A\"" && ok "the expired filter lists the label created and not used in time" || ko "the expired filter lists the label created and not used in time" "$S"
req rt GET "/returns/list?status=created"
body_has "href=\"/returns/$E\"" && ko "an expired label is no longer under \"label created\"" "listed" || ok "an expired label is no longer under \"label created\""
req rt GET "/returns/$E"
body_has '<span class="status rs-expired">Expired</span>' && ok "the return's page says Expired" || ko "the return's page says Expired" "$(grep -o 'class="status[^<]*' "$T/b")"
curl -s -b "$T/rt.jar" -o "$T/exp.csv" "$BASE/returns/list.csv?status=expired"
grep -q "^$E,$TPN,Expired," "$T/exp.csv" && ok "the download says expired too" || ko "the download says expired too" "$(head -3 "$T/exp.csv")"

# ---- downloads ----
curl -s -b "$T/rt.jar" -D "$T/h" -o "$T/list.csv" "$BASE/returns/list.csv"
head -c 3 "$T/list.csv" | od -An -tx1 | grep -q "ef bb bf" && ok "CSV starts with a BOM" || ko "CSV starts with a BOM" "no BOM"
grep -q "^$A,$TPN,Delivered," "$T/list.csv" && ok "CSV holds the returns" || ko "CSV holds the returns" "$(head -3 "$T/list.csv")"
head -1 "$T/list.csv" | grep -q ",Customer,Email,Address line 1,Address line 2,City,Province,Postal code," && grep -q "^$A,.*,$AEMAIL,12 rue des Érables,,Québec,ON,K1A 0B1," "$T/list.csv" \
    && ok "CSV holds the customer's email and address" || ko "CSV holds the customer's email and address" "$(head -2 "$T/list.csv")"
grep -qF "\"'=HYPERLINK(\"\"http://x\"\")\"" "$T/list.csv" && ok "CSV neutralises formulas and quotes fields" || ko "CSV neutralises formulas and quotes fields" "$(grep -F HYPERLINK "$T/list.csv")"
grep -q "filename=\"returns-list-[0-9-]*.csv\"" "$T/h" && ok "downloads are named after what and when" || ko "downloads are named after what and when" "$(grep -i disposition "$T/h")"
curl -s -b "$T/rt.jar" -o "$T/list.xlsx" "$BASE/returns/list.xlsx"
unzip -p "$T/list.xlsx" xl/worksheets/sheet1.xml > "$T/sheet.xml" 2>/dev/null
unzip -p "$T/list.xlsx" xl/sharedStrings.xml xl/worksheets/sheet1.xml 2>/dev/null | grep -q "$A" && ! grep -q "<f>" "$T/sheet.xml" && grep -q 'ySplit="1"' "$T/sheet.xml" && ok "XLSX holds the returns, no formulas, frozen header" || ko "XLSX holds the returns, no formulas, frozen header" "$(head -c 300 "$T/sheet.xml")"
curl -s -b "$T/rt.jar" -o "$T/h.xlsx" "$BASE/returns/history.xlsx?by=month"
unzip -l "$T/h.xlsx" 2>/dev/null | grep -q "xl/charts/chart1.xml" && ok "the history XLSX has a native chart" || ko "the history XLSX has a native chart" "no chart"
curl -s -b "$T/rt.jar" -o "$T/f.csv" "$BASE/returns/forecast.csv"
grep -q "^"$'\xef\xbb\xbf'"State,Expected on,Policy,Policy name,Returns,Tracking number" "$T/f.csv" && ok "the forecast CSV" || ko "the forecast CSV" "$(head -2 "$T/f.csv")"
sql "UPDATE shipments SET accepted_at = accepted_at - 30 * 86400 WHERE tracking = '$C'"
req rt GET /returns/
body_has '<a href="/returns/forecast#overdue">1 return later than expected</a>' && ok "an overdue return is a link on the Returns tab" || ko "an overdue return is a link on the Returns tab" "$(grep -o 'later than expected[^<]*' "$T/b")"
req rt GET /returns/forecast
body_has 'id="overdue"' && body_has "href=\"/returns/$C\"" && ok "the forecast lists the overdue return by tracking number" || ko "the forecast lists the overdue return by tracking number" "missing"
curl -s -b "$T/rt.jar" -o "$T/f2.csv" "$BASE/returns/forecast.csv"
grep -q "^Overdue,[0-9-]*,$TPN,Tracked,1,$C"$'\r'"\$" "$T/f2.csv" \
    && ok "the forecast CSV lists each overdue return with its tracking number" || ko "the forecast CSV lists each overdue return with its tracking number" "$(tail -3 "$T/f2.csv")"
# one table: the expected rows add up to the page's five days
fsum=$(awk -F, '$1 ~ /Expected$/ {s += $5} END {print s + 0}' "$T/f2.csv")
req rt GET /returns/forecast
psum=$(grep -o '<strong class="n">[0-9]*</strong>' "$T/b" | grep -o '[0-9]*' | awk '{s += $1} END {print s + 0}')
[ "$fsum" = "$psum" ] && ok "the forecast CSV's expected returns add up to the page's ($psum)" || ko "the forecast CSV's expected returns add up to the page's" "file $fsum, page $psum"
sql "UPDATE shipments SET accepted_at = accepted_at + 30 * 86400 WHERE tracking = '$C'"

# ---- another merchant sees none of it ----
req pb GET "/returns/$A"
expect "another merchant's return is a 404" 404
curl -s -b "$T/pb.jar" -o "$T/pb.csv" "$BASE/returns/list.csv"
grep -q "$A" "$T/pb.csv" && ko "another merchant's downloads hold none of it" "found" || ok "another merchant's downloads hold none of it"
req pb GET "/returns/list?q=$A"
body_has "href=\"/returns/$A\"" && ko "another merchant's search finds none of it" "found" || ok "another merchant's search finds none of it"
req pb GET "/returns/history?by=day"
expect "another merchant's history counts none of it" 200 "Returns received: <strong>0</strong>"
