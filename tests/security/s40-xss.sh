# s40 -- XSS: a script and an attribute break-out in every text field the
# product stores (the longest variant each field's length allows, with a
# number naming the field), then every page, chart, export and email that
# shows them: never unescaped; each field is shown, escaped, somewhere.
# Forms sent back with errors and search boxes repeat what was typed: the
# same check. CSV cells never start with = + - @; XLSX cells are strings.

# pay MAXLEN ID: the payload that fits MAXLEN characters
pay() {
	local n=$1 id=$2
	if [ "$n" -ge 56 ]; then printf '<script>alert(%s)</script>"'"'"'><img src=x onerror=alert(%s)>' "$id" "$id"
	elif [ "$n" -ge 39 ]; then printf '"'"'"'><script>alert(%s)</script><img src=x>' "$id"
	elif [ "$n" -ge 31 ]; then printf '"><img src=x onerror=alert(%s)>' "$id"
	elif [ "$n" -ge 27 ]; then printf '"><script>alert(%s)</script>' "$id"
	elif [ "$n" -ge 19 ]; then printf '"'"'"'><script>alert(%s)' "$id"
	else printf '"><img src=x%s>' "$id"; fi
}
# marker ID MAXLEN: what shows the field in a page once escaped
marker() { if [ "$2" -ge 19 ]; then echo "alert($1)"; else echo "src=x$1"; fi; }
RAW_RE='<script>alert|<img src=x'

mkdir -p "$T/xss"
npage=0
keep() {	# NAME: keep the last response for the scans
	npage=$((npage + 1))
	cp "$T/b" "$T/xss/$(printf %03d $npage)"
	printf '%03d %s %s\n' "$npage" "$S" "$1" >> "$T/xss-index"
}
: > "$T/xss-index"

# ---- the fields: ID|MAXLEN|what ----
cat > "$T/fields" <<EOF
11|100|business name
12|60|policy name
13|44|policy company
14|44|policy contact
15|44|policy address line 1
16|44|policy address line 2
17|40|policy city
18|15|order question (English)
19|15|order question (French)
20|1000|instructions (English)
21|1000|instructions (French)
22|44|customer name
23|44|customer address line 1
24|44|customer address line 2
25|40|customer city
27|30|customer order answer
28|100|tracking event location
EOF
P() { pay "$(awk -F'|' -v id="$1" '$1 == id {print $2}' "$T/fields")" "$1"; }

PW_X="Sec-X-pw-$U-granite"
PASSWORDS+=("$PW_X")
EX="sec-x-$U@example.com"
sign_up x "$EX" "$(P 11)" "$PW_X"
[ "$S" = 303 ] && ok "XSS: a merchant signs up with a script for a business name" || ko "XSS: a merchant signs up with a script for a business name" "$S"
MX=$(sql "SELECT merchant_id FROM users WHERE email = '$EX'")
add_card x 4111111111111111
new_policy x "$(P 12)" "company=$(P 13)" "contact=$(P 14)" "line1=$(P 15)" "line2=$(P 16)" "city=$(P 17)" \
    "order_q_en=$(P 18)" "order_q_fr=$(P 19)" "instructions_en=$(P 20)" $'instructions_fr=Ligne 1\n'"$(P 21)" ra_required=1
PX=$PN; LINKX=$LINKTOK
[ -n "$PX" ] && [ ${#LINKX} = 40 ] && ok "XSS: a policy with a script in every text field" || ko "XSS: a policy with a script in every text field" "$S $(grep -o 'id="[a-z_0-9]*-err"' "$T/b" | head -3)"
ret_form cx "$LINKX" "name=$(P 22)" "line1=$(P 23)" "line2=$(P 24)" "city=$(P 25)" ra_number=RA-X \
    "order_answer=$(P 27)" "email=xss-cust-$U@example.com" tracking_emails=1
DLX=$DLTOK
TRKX=$(sql "SELECT tracking FROM shipments WHERE email = 'xss-cust-$U@example.com'")
[ ${#DLX} = 40 ] && [ -n "$TRKX" ] && ok "XSS: a customer's return with a script in every text field" || ko "XSS: a customer's return with a script in every text field" "$S $(grep -o 'id="[a-z_0-9]*-err"' "$T/b" | head -3)"
# the label PDF (not HTML: for the fields only the label shows; it cannot
# be downloaded any more once the carrier has the parcel)
"${CURL[@]}" -o "$T/label.pdf" "$BASE/r/t/$DLX/label.pdf"
pdftotext -raw "$T/label.pdf" "$T/label.txt" 2>/dev/null || : > "$T/label.txt"
# returns whose fields look like spreadsheet formulas
i=0
for f in "=1+2" "+1+2" "-1+2" "@SUM(1+2)"; do
	i=$((i + 1))
	ret_form cx "$LINKX" "name=$f" ra_number=-A1 "order_answer=$f" "line2=$f" "email=formula$i-$U@example.com"
	[ "$S" = 303 ] || ko "XSS: a return named $f" "$S"
done
FTRKS=$(sql "SELECT group_concat(tracking, ' ') FROM shipments WHERE email LIKE 'formula%-$U@example.com'")
# a recipient of the merchant's events (emails that name the customer)
t=$(tok_of x /settings/notifications)
req x POST /settings/notifications -d "csrf=$t" --data-urlencode "email=rec-x-$U@example.com" -d lang=en -d mode=each -d on_accepted=1 -d on_delivered=1
confirm_rcpt rcptx "rec-x-$U@example.com"
# the carrier's feed: a location with a script; events that put the
# returns in the forecast and the history
now=$(date +%s)
loc=$(P 28 | sed 's/"/\\"/g')
evs="{\"event_id\":\"SECX$U-1\",\"tracking\":\"$TRKX\",\"type\":\"accepted\",\"time\":\"$(iso $((now - 7200)))\",\"location\":\"$loc\"}"
k=1
for trk in $FTRKS; do
	k=$((k + 1))
	evs="$evs,{\"event_id\":\"SECX$U-$k\",\"tracking\":\"$trk\",\"type\":\"accepted\",\"time\":\"$(iso $((now - 7000)))\",\"location\":\"=cmd|' /C calc'!A0\"}"
done
feed "[$evs,{\"event_id\":\"SECX$U-d\",\"tracking\":\"${FTRKS%% *}\",\"type\":\"delivered\",\"time\":\"$(iso $((now - 60)))\",\"location\":\"@SUM(1+1)\"}]"
[ "$S" = 200 ] && ok "XSS: the carrier's events, one with a script for a location" || ko "XSS: the carrier's events, one with a script for a location" "$S $(head -c 300 "$T/b")"

# ---- stored as typed ----
stored=$(sqlite3 "$DB" "SELECT business_name FROM merchants WHERE id = $MX;
    SELECT name, company, contact, line1, line2, city, order_q_en, order_q_fr, instructions_en FROM policies WHERE number = '$PX';
    SELECT name, line1, line2, city, order_answer FROM shipments WHERE tracking = '$TRKX';
    SELECT location FROM tracking_events WHERE event_id = 'SECX$U-1';" | tr '|' '\n')
missing=""
for id in $(cut -d'|' -f1 "$T/fields"); do
	[ "$id" = 21 ] && continue	# after "Ligne 1" and a line break
	printf '%s\n' "$stored" | grep -qxF -- "$(P "$id")" || missing="$missing $id"
done
[ -z "$missing" ] && ok "XSS: every field is stored as typed" || ko "XSS: every field is stored as typed" "not stored:$missing"

# ---- every page that shows them ----
pages=(/policies/ "/policies/$PX" "/policies/$PX/edit" "/policies/$PX/delete" /policies/new
    /returns/ /returns/forecast "/returns/history?by=month" "/returns/history?by=week" "/returns/history?by=day"
    /returns/list "/returns/list?status=accepted" "/returns/$TRKX" /settings/notifications /account/profile
    /account/payment /account/password /help "/returns/history.svg?by=day" "/returns/history.svg?by=month"
    "/policies/$PX/qr.svg")
for trk in $FTRKS; do pages+=("/returns/$trk"); done
for lang in en fr; do
	req x GET "/policies/?lang=$lang"
	for p in "${pages[@]}"; do
		req x GET "$p"
		keep "merchant ($lang) GET $p"
		[ "$S" = 200 ] || ko "XSS: merchant page $p answers" "$S"
	done
	for p in "/r/$LINKX" "/r/t/$DLX"; do
		req cx GET "$p?lang=$lang"
		keep "customer ($lang) GET ${p:0:8}…"
		[ "$S" = 200 ] || ko "XSS: customer page ${p:0:8}… answers" "$S"
	done
done
req x GET /policies/?lang=en

# ---- emails (the label email, the recipient's and the customer's
# tracking emails), through a real SMTP server on loopback ----
MBOX=$T/mbox
deliver
# each email's HTML part, and the text part too (for the markers)
/usr/bin/python3 - "$MBOX/new" ${VAR:+"$VAR/mail/new"} "$T/xss-mail" "$U" <<'PYEOF'
import email, email.policy, os, sys
*dirs, out, u = sys.argv[1:]
os.makedirs(out, exist_ok=True)
n = 0
for d in dirs:
    if not os.path.isdir(d):
        continue
    for f in sorted(os.listdir(d)):
        m = email.message_from_binary_file(open(os.path.join(d, f), "rb"), policy=email.policy.default)
        if u not in str(m["To"]) and "xss-cust-" + u not in str(m["To"]) and "rec-x-" + u not in str(m["To"]):
            continue
        html = m.get_body(("html",))
        if html is None:
            continue
        n += 1
        open(os.path.join(out, "%03d" % n), "w").write(html.get_content())
        open(os.path.join(out, "%03d.name" % n), "w").write("email to %s: %s" % (m["To"], m["Subject"]))
PYEOF
nmail=$(ls "$T/xss-mail" 2>/dev/null | grep -vc name)
[ "$nmail" -ge 2 ] && ok "XSS: $nmail HTML emails about the merchant's returns to check" || ko "XSS: HTML emails to check" "$nmail ($(tail -3 "$T/deliver.log"))"
for f in "$T"/xss-mail/[0-9][0-9][0-9]; do
	[ -f "$f" ] || continue
	cp "$f" "$T/b"; S=email
	keep "$(cat "$f.name")"
done

STORED_MAX=$npage

# ---- forms sent back with what was typed, searches ----
ret_data "name=$(P 22)" "line1=$(P 23)" "line2=$(P 24)" "city=$(P 25)" "ra_number=$(pay 20 26)" "order_answer=$(P 27)" postal=nope \
    "email=$(pay 30 41)"
req cx GET "/r/$LINKX"
req cx POST "/r/$LINKX" -d "csrf=$(csrf)" "${RDATA[@]}"
keep "customer form with errors"; [ "$S" = 400 ] || ko "XSS: the customer's form with errors is a 400" "$S"
PNAME="$(P 12)" policy_data "company=$(P 13)" "contact=$(P 14)" "line1=$(P 15)" "line2=$(P 16)" "city=$(P 17)" \
    "order_q_en=$(P 18)" "order_q_fr=$(P 19)" "instructions_en=$(P 20)" "instructions_fr=$(P 21)" postal=nope
t=$(tok_of x /policies/new)
req x POST /policies/new -d "csrf=$t" "${PDATA[@]}"
keep "new policy form with errors"; [ "$S" = 400 ] || ko "XSS: the policy form with errors is a 400" "$S"
req x POST "/policies/$PX/edit" -d "csrf=$t" "${PDATA[@]}"
keep "edit policy form with errors"; [ "$S" = 400 ] || ko "XSS: the edit form with errors is a 400" "$S"
req x POST /account/profile -d "csrf=$t" --data-urlencode "business=$(P 11)" -d lang=en -d tz=Mars/Olympus
keep "profile with errors"; [ "$S" = 400 ] || ko "XSS: the profile with errors is a 400" "$S"
req x POST /settings/notifications -d "csrf=$t" --data-urlencode "email=$(pay 30 42)" -d lang=en -d mode=each -d on_accepted=1
keep "recipient form with errors"; [ "$S" = 400 ] || ko "XSS: the recipient form with errors is a 400" "$S"
req x POST "/settings/notifications/$(sql "SELECT id FROM recipients WHERE merchant_id = $MX")" -d "csrf=$t" \
    --data-urlencode "email=$(pay 30 43)" -d lang=en -d mode=each -d on_accepted=1
keep "recipient update with errors"; [ "$S" = 400 ] || ko "XSS: the recipient update with errors is a 400" "$S"
req xs GET /account/signup
req xs POST /account/signup -d "csrf=$(csrf)" --data-urlencode "business=$(P 11)" --data-urlencode "email=$(pay 100 44)" \
    -d password=short -d password2=other -d lang=en -d tz=America/Toronto
keep "sign-up with errors"; [ "$S" = 400 ] || ko "XSS: the sign-up with errors is a 400" "$S"
req xs GET /account/login
req xs POST /account/login -d "csrf=$(csrf)" --data-urlencode "email=$(pay 100 45)" -d "password=Sec-wrong-$U-pw"
PASSWORDS+=("Sec-wrong-$U-pw")
keep "log-in refused"
q=$(pay 100 46 | jq -sRr @uri 2>/dev/null || python3 -c 'import sys,urllib.parse;print(urllib.parse.quote(sys.argv[1],safe=""))' "$(pay 100 46)")
for p in "/returns/list?q=$q" "/returns/list?q=$q&status=$q" "/returns/list?from=$q" "/returns/history?by=$q" \
    "/returns/list.csv?q=$q" "/policies/$q" "/returns/$q" "/account/login?lang=$q" "/no/such/$q"; do
	req x GET "$p"
	keep "GET ${p:0:30}… (encoded)"
done
# the same with the characters as they are in the request line
for p in "/no/such/\"'><script>alert(47)</script>" "/returns/list?q=\"'><script>alert(48)</script>" \
    "/policies/?x=\"'><script>alert(49)</script>"; do
	S=$("${CURL[@]}" --path-as-is -g -o "$T/b" -D "$T/h" -w '%{http_code}' -b "$T/x.jar" "$BASE$p")
	note_response "GET $p"
	keep "GET $p (raw)"
done

# ---- the verdicts ----
bad=$(grep -lE "$RAW_RE" "$T"/xss/* 2>/dev/null | while read -r f; do
	n=$(basename "$f"); echo "[$(grep "^$n " "$T/xss-index" | cut -d' ' -f2-)] $(grep -oE ".{0,30}($RAW_RE).{0,20}" "$f" | head -1)"; done)
[ -z "$bad" ] && ok "XSS: no script or img tag from input in any of $npage pages, charts and emails" \
    || ko "XSS: no script or img tag from input in any of $npage pages, charts and emails" "$(printf '%s; ' $bad | head -c 600)"
while IFS='|' read -r id len what; do
	mk=$(marker "$id" "$len")
	grep -lF -- "$mk" $(seq -f "$T/xss/%03g" 1 "$STORED_MAX") 2>/dev/null > "$T/where"
	n=$(wc -l < "$T/where")
	where=$(while read -r f; do grep "^$(basename "$f") " "$T/xss-index" | cut -d' ' -f3- | sed 's/^\(merchant\|customer\) (..) GET //'; done < "$T/where" | sort -u | head -3 | tr '\n' ',')
	if [ "$n" -gt 0 ]; then ok "XSS: $what shown escaped ($n pages: ${where%,}…)"
	elif grep -qF -- "$(P "$id")" "$T/label.txt"; then ok "XSS: $what is shown on no page, only on the label (PDF)"
	else ko "XSS: $what shown escaped" "shown on no page and not on the label"; fi
done < "$T/fields"
for id in 26 41 42 43 44 45 46; do
	n=$(grep -lF -- "alert($id)" "$T"/xss/* 2>/dev/null | wc -l)
	[ "$n" -gt 0 ] || ko "XSS: reflected input $id is shown back (so its escaping is checked)" "not shown"
done

# ---- CSV: formulas neutralised; XLSX: strings, no formulas ----
for d in "list.csv" "history.csv?by=day" "forecast.csv" "list.csv?q=%3D1%2B2"; do
	req x GET "/returns/$d"
	cp "$T/b" "$T/dl.csv"
	out=$(/usr/bin/python3 - "$T/dl.csv" <<'PYEOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
bad = [c for r in rows[1:] for c in r if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
neut = sum(1 for r in rows[1:] for c in r if c[:2] in ("'=", "'+", "'-", "'@"))
print(len(rows) - 1, neut, "|".join(bad[:3]))
PYEOF
)
	set -- $out
	rows=$1 neut=$2 badc=${3:-}
	if [ "$S" != 200 ]; then ko "CSV /returns/$d: cells never start with = + - @" "status $S"
	elif [ -n "$badc" ]; then ko "CSV /returns/$d: cells never start with = + - @" "$badc"
	else ok "CSV /returns/$d: cells never start with = + - @ ($rows rows, $neut neutralised with ')"; fi
	case $d in list.csv) [ "$neut" -ge 12 ] || ko "CSV /returns/$d: the formula-like cells are there, neutralised" "$neut";; esac
done
req x GET /returns/list.csv
grep -qF -- "$(P 22 | sed 's/"/""/g')" "$T/b" && ok "CSV keeps the customer's text as typed (quoted)" || ko "CSV keeps the customer's text as typed (quoted)" "not found"
for d in "list.xlsx" "history.xlsx?by=day" "forecast.xlsx"; do
	req x GET "/returns/$d"
	cp "$T/b" "$T/dl.xlsx"
	rm -rf "$T/xl"; mkdir -p "$T/xl"
	if ! unzip -qo "$T/dl.xlsx" -d "$T/xl" 2>/dev/null; then ko "XLSX /returns/$d: strings, no formulas" "not a zip ($S)"; continue; fi
	nf=$(cat "$T"/xl/xl/worksheets/*.xml | grep -o '<f[ >]' | wc -l)
	txt=$(cat "$T"/xl/xl/sharedStrings.xml "$T"/xl/xl/worksheets/*.xml 2>/dev/null)
	if [ "$nf" != 0 ]; then ko "XLSX /returns/$d: strings, no formulas" "$nf formulas"
	elif [ "$d" = list.xlsx ] && ! printf '%s' "$txt" | grep -qF -e '=1+2' -e '@SUM(1+2)'; then ko "XLSX /returns/$d: strings, no formulas" "the formula-like names are not there as text"
	else ok "XLSX /returns/$d: strings, no formulas"; fi
done
