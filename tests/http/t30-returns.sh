# t30 -- the customer's return link: the form, creating returns, labels
# that scanners read, QR codes, downloads that outlive the policy, abuse.
luhn_ok() {	# 16 digits whose last is the mod-10 check digit of the rest
	printf %s "$1" | awk '{ if (length($0) != 16 || $0 !~ /^[0-9]+$/) exit 1;
	    s = 0; for (i = 15; i >= 1; i--) { d = substr($0, i, 1) + 0;
	    if ((16 - i) % 2 == 1) { d *= 2; if (d > 9) d -= 9 } s += d }
	    exit (((10 - s % 10) % 10) == substr($0, 16, 1) + 0) ? 0 : 1 }'
}
new_policy() {	# JAR NAME [field=value...] -> $PN number, $LINKTOK token
	local jar=$1 name=$2
	shift 2
	PNAME=$name policy_form "$jar" "$@"
	PN=$(hval Location | sed -n 's|^/policies/\(PR[0-9]*\)?created=1$|\1|p')
	req "$jar" GET "/policies/$PN"
	LINKTOK=$(sed -n 's|.*id="link" class="mono" readonly value="[^"]*/r/\([0-9a-f]*\)".*|\1|p' "$T/b")
}
# RET_IFACE: the address to send from (nginx limits label POSTs per address)
ret_form() {	# JAR TOKEN [field=value...]: a customer's form, good defaults
	local jar=$1 tok=$2 kv k
	shift 2
	declare -A f=([name]="Émilie Côté" [line1]="12 rue des Érables" [city]="Québec"
	    [province]=QC [postal]="G1R 4P5" [email]="emilie$$@example.com" [weight]="1,5"
	    [method]=label)
	for kv in "$@"; do f[${kv%%=*}]=${kv#*=}; done
	local args=()
	for k in "${!f[@]}"; do [ -n "${f[$k]}" ] && args+=(--data-urlencode "$k=${f[$k]}"); done
	req "$jar" GET "/r/$tok" ${RET_IFACE:+--interface "$RET_IFACE"}
	req "$jar" POST "/r/$tok" ${RET_IFACE:+--interface "$RET_IFACE"} -d "csrf=$(csrf)" \
	    -d "once=$(sed -n 's/.*name="once" value="\([0-9a-f]*\)".*/\1/p' "$T/b" | head -1)" "${args[@]}"
}
pdf_check() {	# NAME FILE TRACKING QRTEXT PAGESIZE
	local name=$1 f=$2 code qr
	if ! pdfinfo "$f" > "$T/pdfinfo" 2>&1; then ko "$name" "pdfinfo: $(head -2 "$T/pdfinfo")"; return; fi
	grep -q "Page size: *$5 pts" "$T/pdfinfo" || { ko "$name" "$(grep 'Page size' "$T/pdfinfo")"; return; }
	pdftoppm -r 200 -png -singlefile "$f" "$T/label" || { ko "$name" "pdftoppm failed"; return; }
	zbarimg -q "$T/label.png" > "$T/codes" 2>/dev/null
	code=$(sed -n 's/^CODE-128://p' "$T/codes")
	qr=$(sed -n 's/^QR-Code://p' "$T/codes")
	[ "$code" = "$3" ] || { ko "$name" "Code 128 read '$code', wanted $3"; return; }
	[ "$qr" = "$4" ] || { ko "$name" "QR read '$qr', wanted '$4'"; return; }
	ok "$name"
}

sign_up ra "ra$$@example.com" "Boutique Érable"
t=$(tok_of ra /account/payment)
req ra POST /account/payment/card -d "csrf=$t" -d "number=4111111111111111" -d exp_month=12 -d exp_year=2031 -d cvv=123
new_policy ra "Main" "ra_required=1" "order_q_en=Order number" "order_q_fr=N° de commande" \
    "instructions_fr=Mettez la facture dans la boîte." "instructions_en=Put the invoice in the box."
RTOK=$LINKTOK; RPN=$PN
[ ${#RTOK} = 40 ] && ok "a policy with a link for the customer tests" || ko "a policy with a link for the customer tests" "no link"

# ---- the shop's customer service, on the customer's pages ----
t=$(tok_of ra /account/profile)
req ra POST /account/profile -d "csrf=$t" --data-urlencode "business=Boutique Érable" -d lang=en -d tz=America/Toronto \
    -d "support_email=aide$$@erable.example" -d "support_phone=not a phone"
[ "$S" = 400 ] && body_has 'id="support_phone-err"' && body_has 'value="aide'$$'@erable.example"' \
    && ok "a customer-service phone that is not one: a message beside it, the email kept" || ko "a customer-service phone that is not one" "$S"
req ra POST /account/profile -d "csrf=$t" --data-urlencode "business=Boutique Érable" -d lang=en -d tz=America/Toronto \
    -d "support_email=aide$$@erable.example" -d "support_phone=613-555-0199"
[ "$S" = 303 ] && ok "the profile keeps the shop's customer service" || ko "the profile keeps the shop's customer service" "$S"
req cust11 GET "/r/$RTOK?lang=en"
[ "$S" = 200 ] && body_has '<span class="brand">Boutique Érable</span>' && body_has "<title>Return an item · Boutique Érable</title>" \
    && body_has "Questions about your return? Contact Boutique Érable: aide$$@erable.example, 613-555-0199." \
    && ! body_has "Your data stays on your server" \
    && ok "the customer's form is the shop's: its name above, its contact below, not the operator's footer" \
    || ko "the customer's form is the shop's" "$(grep -o '<span class="brand">[^<]*\|<footer.*' "$T/b" | head -3)"

# ---- the form ----
req cust2 GET "/r/$RTOK?lang=fr"
expect "the return form, in French" 200 "Obtenir mon étiquette de retour"
body_has "Mettez la facture dans la boîte." && ok "the merchant's instructions in the customer's language" || ko "the merchant's instructions in the customer's language" "missing"
body_has 'id="ra_number"' && body_has "N° de commande" && ok "RA number and order question asked when the policy wants them" || ko "RA number and order question asked when the policy wants them" "missing"
[ "$(hval Referrer-Policy)" = "no-referrer" ] && ok "the customer's pages send no Referer" || ko "the customer's pages send no Referer" "$(hval Referrer-Policy)"
[ "$(hval Cache-Control)" = "no-store" ] && ok "the customer's pages are not cached" || ko "the customer's pages are not cached" "$(hval Cache-Control)"
security_headers "the customer's pages carry the security headers once"

ret_form cust2 "$RTOK" postal=12345 weight=35 email=nope "ra_number="
expect "a bad form comes back as a 400" 400 "Veuillez corriger"
body_has 'id="postal-err"' && body_has 'id="weight-err"' && body_has 'id="email-err"' && body_has 'id="ra_number-err"' \
    && ok "each bad field has its message (postal, weight, email, RA)" || ko "each bad field has its message (postal, weight, email, RA)" "missing"
body_has 'value="Émilie Côté"' && body_has 'value="12 rue des Érables"' && body_has 'value="35"' && ok "what the customer typed is kept" || ko "what the customer typed is kept" "lost"
ret_form cust2 "$RTOK" ra_number=RA-1 order_answer=A1 postal="K1A 0B1"
expect "a postal code outside the province is refused" 400 "pas dans la province"
ret_form cust2 "$RTOK" ra_number=RA-1 order_answer=A1 weight=0
expect "a zero weight is refused" 400 "Entrez un poids"
ret_form cust2 "$RTOK" ra_number=RA-1 order_answer=A1 name="$(head -c 10240 /dev/zero | tr '\0' x)"
expect "10 KB of text is a clear message" 400 "44 caractères au maximum"
ret_form cust2 "$RTOK" ra_number=RA-1 order_answer=A1 name="$(printf 'a\001b')"
expect "control characters are refused" 400 "caractères non permis"
n0=$(sql "SELECT count(*) FROM shipments s JOIN policies p ON p.id = s.policy_id WHERE p.number = '$RPN'")
[ "$n0" = 0 ] && ok "refused forms create nothing" || ko "refused forms create nothing" "$n0"

NB=$'\xc2\xa0'	# French puts a no-break space before ":" and inside « »
# what the label cannot print is said first, nothing made yet; the form
# sent again as it is makes the label as shown
ret_form cust2 "$RTOK" ra_number=RA-2024-17 order_answer="A-1001 (gift) \\ 📦" tracking_emails=1 name='Zoë (O'"'"'Brien) \ 😀'
PKEY=$(sed -n 's/.*name="print_ok" value="\([0-9a-f]*\)".*/\1/p' "$T/b")
[ "$S" = 200 ] && body_has "Certains caractères ne peuvent pas être imprimés" && body_has "Votre nom${NB}: «${NB}Zoë (O&#39;Brien) \\${NB}»" \
    && body_has "«${NB}A-1001 (gift) \\${NB}»" && [ ${#PKEY} = 64 ] && body_has "Faire l’étiquette telle quelle" \
    && [ "$(sql "SELECT count(*) FROM shipments WHERE email = 'emilie$$@example.com'")" = 0 ] \
    && ok "characters the label cannot print: the form says how each field will print, before any label" \
    || ko "characters the label cannot print: the form says how each field will print, before any label" "$S $(grep -o '<li>[^<]*' "$T/b" | head -3 | tr '\n' ' ')"
ret_form cust2 "$RTOK" ra_number=RA-2024-17 order_answer="A-1001 (gift) \\ 📦" tracking_emails=1 name='Zoë (O'"'"'Brien) \ 😀' "print_ok=$PKEY"
[ "$S" = 303 ] && ok "a return is created" || ko "a return is created" "$S $(grep -o 'class="err"[^<]*<' "$T/b" | head -3)"
DONE=$(hval Location)
DL=${DONE##*/r/t/}
[ ${#DL} = 40 ] && ok "the return's page has an unguessable address" || ko "the return's page has an unguessable address" "$DONE"
row=$(sql "SELECT tracking||'|'||status||'|'||(expires_at-created_at)||'|'||weight_g||'|'||tracking_emails||'|'||ra_number||'|'||method||'|'||lang FROM shipments WHERE email = 'emilie$$@example.com'")
TRK=${row%%|*}
luhn_ok "$TRK" && ok "the tracking number has 16 digits and a valid check digit" || ko "the tracking number has 16 digits and a valid check digit" "$TRK"
[ "${row#*|}" = "created|2592000|1500|1|RA-2024-17|label|fr" ] && ok "the return is stored as created, expiring in 30 days" || ko "the return is stored as created, expiring in 30 days" "$row"
[ "$(sql "SELECT kind||'|'||to_addr||'|'||state FROM outbox WHERE to_addr = 'emilie$$@example.com'")" = "label|emilie$$@example.com|pending" ] && ok "the label email is queued" || ko "the label email is queued" "$(sql "SELECT * FROM outbox")"
sqlite3 "$DB" .dump | grep -q "$DL" && ko "the download token is not in the database" "found" || ok "the download token is not in the database"

req cust2 GET "/r/t/$DL"
expect "the return's page in French" 200 "Votre retour est prêt"
body_has "$TRK" && body_has "emilie$$@example.com" && ok "the page shows the tracking number and the email" || ko "the page shows the tracking number and the email" "missing"
body_has 'aria-current="step">Étiquette créée' && ok "the customer follows the return: label created" || ko "the customer follows the return: label created" "missing"
exp=$(sql "SELECT expires_at FROM shipments WHERE tracking = '$TRK'")
want_fr=$(/usr/bin/python3 -c "import time,sys; t=time.gmtime($exp); m=['janvier','février','mars','avril','mai','juin','juillet','août','septembre','octobre','novembre','décembre'][t.tm_mon-1]; print('%d%s %s %d' % (t.tm_mday, 'er' if t.tm_mday == 1 else '', m, t.tm_year))")
body_has "$want_fr" && ok "the download's last day in words, in French ($want_fr)" || ko "the download's last day in words, in French" "$want_fr not in $(grep -o 'jusqu’au[^<]*' "$T/b")"
req cust2 GET "/r/t/$DL?lang=en"
want_en=$(LC_ALL=C date -u -d "@$exp" "+%B %-d, %Y")
body_has "$want_en" && ok "… and in English ($want_en)" || ko "… and in English" "$want_en"
req cust2 GET "/r/t/$DL?lang=fr"
S=$(curl -s -o "$T/label.pdf" -D "$T/h" -w '%{http_code}' "$BASE/r/t/$DL/label.pdf")
[ "$S" = 200 ] && head_has "Content-Type: application/pdf" && ok "the label downloads as a PDF" || ko "the label downloads as a PDF" "$S"
pdf_check "the label's barcodes decode to the tracking number and reference" "$T/label.pdf" "$TRK" "$TRK $RPN" "612 x 792"
pdftotext "$T/label.pdf" - 2>/dev/null | grep -q "Boutique\|Érables" && pdftotext "$T/label.pdf" - | grep -q "12 rue des Érables" && ok "accents print on the label (CP1252)" || ko "accents print on the label (CP1252)" "$(pdftotext "$T/label.pdf" - | head -5 | tr '\n' ' ')"
pdftotext "$T/label.pdf" - | grep -q "RA-2024-17" && ok "the RA number is on the label" || ko "the RA number is on the label" "missing"
S=$(curl -s -o "$T/label-fr.pdf" -D "$T/h" -w '%{http_code}' -H "Cookie: lang=fr" "$BASE/r/t/$DL/label.pdf")
grep -qi "filename=\"etiquette-de-retour-$TRK.pdf\"" "$T/h" && pdfinfo "$T/label-fr.pdf" | grep -q "^Title: *Étiquette de retour $TRK" \
    && ok "the PDF's file name and title in the customer's language" || ko "the PDF's file name and title in the customer's language" "$(grep -i disposition "$T/h") $(pdfinfo "$T/label-fr.pdf" | grep Title)"
S=$(curl -s -o "$T/label-en.pdf" -D "$T/h" -w '%{http_code}' -H "Cookie: lang=en" "$BASE/r/t/$DL/label.pdf")
grep -qi "filename=\"return-label-$TRK.pdf\"" "$T/h" && pdfinfo "$T/label-en.pdf" | grep -q "^Title: *Return label $TRK" \
    && ok "... and in English" || ko "... and in English" "$(grep -i disposition "$T/h")"
pdftotext "$T/label.pdf" - | grep -qF "Zoë (O'Brien) \\" && ! pdftotext "$T/label.pdf" - | grep -q "?" && ok "the label prints the name as the form said (no '?')" || ko "the label prints the name as the form said (no '?')" "$(pdftotext "$T/label.pdf" - | head -8 | tr '\n' '|')"

# other scripts are written in Latin letters, as the form says first
RET_IFACE=127.0.0.10 ret_form cust9 "$RTOK" ra_number=RA-9 order_answer=A9 "name=Ольга Иванова" "city=王小明" email=olga$$@example.com
OKEY=$(sed -n 's/.*name="print_ok" value="\([0-9a-f]*\)".*/\1/p' "$T/b")
[ "$S" = 200 ] && body_has "Your name: “Ol&#39;ga Ivanova”" && body_has "City: “wang xiao ming”" \
    && ok "Cyrillic and Chinese: the form shows them in Latin letters" || ko "Cyrillic and Chinese: the form shows them in Latin letters" "$S $(grep -o '<li>[^<]*' "$T/b" | tr '\n' ' ')"
RET_IFACE=127.0.0.10 ret_form cust9 "$RTOK" ra_number=RA-9 order_answer=A9 "name=Ольга Иванова" "city=Москва" email=olga$$@example.com "print_ok=$OKEY"
[ "$S" = 200 ] && body_has "City: “Moskva”" && ok "a field changed after the warning is shown again" || ko "a field changed after the warning is shown again" "$S"
OKEY=$(sed -n 's/.*name="print_ok" value="\([0-9a-f]*\)".*/\1/p' "$T/b")
RET_IFACE=127.0.0.10 ret_form cust9 "$RTOK" ra_number=RA-9 order_answer=A9 "name=Ольга Иванова" "city=Москва" email=olga$$@example.com "print_ok=$OKEY"
ODL=$(hval Location); ODL=${ODL##*/r/t/}
curl -s -o "$T/olga.pdf" "$BASE/r/t/$ODL/label.pdf"
[ "$S" = 303 ] && pdftotext "$T/olga.pdf" - | grep -q "Ol'ga Ivanova" && pdftotext "$T/olga.pdf" - | grep -q "Moskva" \
    && ok "... and the label prints them so" || ko "... and the label prints them so" "$S $(pdftotext "$T/olga.pdf" - | head -6 | tr '\n' '|')"
RET_IFACE=127.0.0.10 ret_form cust9 "$RTOK" ra_number=RA-9 order_answer=A9 "name=😀😀" email=emoji$$@example.com
[ "$S" = 400 ] && body_has 'id="name-err"' && body_has "write it in Latin letters" && ok "a name the label would print as nothing is refused beside the field" || ko "a name the label would print as nothing is refused beside the field" "$S"

# the province: not preselected (the merchant's is seldom the customer's);
# left empty, it comes from the postal code
req cust2 GET "/r/$RTOK?lang=fr"
grep -q '<option value="[A-Z][A-Z]" selected>' "$T/b" && ko "no province is preselected" "$(grep -o '<option value="[A-Z][A-Z]" selected>' "$T/b")" || ok "no province is preselected"
body_has "D’après le code postal" && ok "… the empty choice says the postal code will tell" || ko "… the empty choice says the postal code will tell" "missing"
ret_form cust2 "$RTOK" ra_number=RA-1 order_answer=A1 province= postal="M5V 2T6" email="ontario$$@example.com"
[ "$S" = 303 ] && [ "$(sql "SELECT province FROM shipments WHERE email = 'ontario$$@example.com'")" = ON ] &&
    ok "an Ontario customer who left the province empty gets a label for Ontario" || ko "an empty province comes from the postal code" "$S $(sql "SELECT province FROM shipments WHERE email = 'ontario$$@example.com'")"
ret_form cust2 "$RTOK" ra_number=RA-1 order_answer=A1 province= postal="X1A 2B3" email="north$$@example.com"
[ "$S" = 400 ] && body_has 'id="province-err"' && ok "X (two territories): the province must be chosen, said beside it" || ko "X (two territories): the province must be chosen" "$S"

# ---- the label outlives its policy ----
t=$(tok_of ra "/policies/$RPN")
req ra POST "/policies/$RPN/deactivate" -d "csrf=$t"
S=$(curl -s -o "$T/label2.pdf" -w '%{http_code}' "$BASE/r/t/$DL/label.pdf")
[ "$S" = 200 ] && pdfinfo "$T/label2.pdf" >/dev/null 2>&1 && ok "the label downloads again after the policy is deactivated" || ko "the label downloads again after the policy is deactivated" "$S"
req cust11 GET "/r/$RTOK?lang=fr"
body_has "Ce lien de retour n’est pas disponible" && body_has "Joignez Boutique Érable" && body_has "aide$$@erable.example" \
    && ok "the link of a deactivated policy says whom to ask: the shop's contact" || ko "the link of a deactivated policy says whom to ask" "$(grep -o 'notice warn.*' "$T/b" | head -c 300)"
req ra POST "/policies/$RPN/delete" -d "csrf=$t"
req cust3 GET "/r/$RTOK"
expect "the deleted policy's link is gone" 410
S=$(curl -s -o "$T/label3.pdf" -w '%{http_code}' "$BASE/r/t/$DL/label.pdf")
[ "$S" = 200 ] && ok "the label still downloads after the policy is deleted" || ko "the label still downloads after the policy is deleted" "$S"
req cust3 GET "/r/t/$DL"
expect "the return's page stays after the policy is deleted" 200 "$TRK"

# ---- QR code at the post office, secure labels, 4x6 ----
new_policy ra "Secure" "secure_labels=1" "label_format=4x6"
STOK=$LINKTOK
req cust4 GET "/r/$STOK"
body_has 'value="label"' && ko "a secure-label policy offers only the QR code" "label offered" || ok "a secure-label policy offers only the QR code"
body_has "to get a QR code to show at the post office" && ! body_has "your return label or a QR code" && ok "... and its form speaks of the QR code only" || ko "... and its form speaks of the QR code only" "$(grep -o 'class="lead">[^<]*' "$T/b")"
ret_form cust4 "$STOK" method=label email=qr$$@example.com
expect "a secure-label policy refuses a printed label" 400
ret_form cust4 "$STOK" method=qr email=qr$$@example.com
QDL=$(hval Location); QDL=${QDL##*/r/t/}
req cust4 GET "/r/t/$QDL"
expect "the QR code page" 200 "show this QR code"
QTRK=$(sql "SELECT tracking FROM shipments WHERE email='qr$$@example.com'")
curl -s -o "$T/q.svg" "$BASE/r/t/$QDL/qr.svg"
rsvg-convert -w 400 -b white -o "$T/q.png" "$T/q.svg" 2>/dev/null
q=$(zbarimg --raw -q "$T/q.png" 2>/dev/null)
case "$q" in "$QTRK PR"*) ok "the post-office QR code decodes to the reference";; *) ko "the post-office QR code decodes to the reference" "'$q'";; esac
S=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/r/t/$QDL/label.pdf")
[ "$S" = 404 ] && ok "a QR-code return has no PDF" || ko "a QR-code return has no PDF" "$S"
S=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/r/t/$DL/qr.svg")
[ "$S" = 404 ] && ok "a printed-label return has no post-office code" || ko "a printed-label return has no post-office code" "$S"
sql "UPDATE shipments SET expires_at = 1 WHERE tracking = '$QTRK'"
S=$(curl -s -o "$T/b" -w '%{http_code}' "$BASE/r/t/$QDL/qr.svg")
[ "$S" = 410 ] && body_has "expired" && ok "an expired QR code no longer downloads (410)" || ko "an expired QR code no longer downloads (410)" "$S"
sql "UPDATE shipments SET expires_at = created_at + 2592000 WHERE tracking = '$QTRK'"

new_policy ra "Thermal" "label_format=4x6"
ret_form cust5 "$LINKTOK" email=thermal$$@example.com
TDL=$(hval Location); TDL=${TDL##*/r/t/}
TTRK=$(sql "SELECT tracking FROM shipments WHERE email='thermal$$@example.com'")
curl -s -o "$T/t.pdf" "$BASE/r/t/$TDL/label.pdf"
pdf_check "a 4x6 label is a 4x6 page whose barcodes decode" "$T/t.pdf" "$TTRK" "$TTRK $PN" "288 x 432"
THERMTOK=$LINKTOK

# ---- the same form sent twice (a double click, a retry after a
# timeout): one return, one email ----
new_policy ra "Twice"
TWTOK=$LINKTOK
req cust6 GET "/r/$TWTOK"
ONCE=$(sed -n 's/.*name="once" value="\([0-9a-f]*\)".*/\1/p' "$T/b" | head -1)
TWCSRF=$(csrf)
[ ${#ONCE} = 32 ] && ok "the customer's form carries a one-time value" || ko "the customer's form carries a one-time value" "'$ONCE'"
send_twice() {	# [name]: the form as cust6's page holds it
	req cust6 POST "/r/$TWTOK" -d "csrf=$TWCSRF" -d "once=$ONCE" --data-urlencode "name=${1:-Jean Tremblay}" \
	    --data-urlencode "line1=1 rue Saint-Paul" --data-urlencode "city=Montréal" -d province=QC \
	    -d postal=H2Y1Z4 -d email=twice$$@example.com -d weight=2 -d method=label
}
send_twice; s1=$S; L1=$(hval Location)
send_twice; s2=$S; L2=$(hval Location)
[ "$s1 $s2" = "303 303" ] && [ -n "$L1" ] && [ "$L1" = "$L2" ] && ok "the same form sent twice leads to the same return" || ko "the same form sent twice leads to the same return" "$s1 $L1 / $s2 $L2"
n=$(sql "SELECT count(*) FROM shipments WHERE email = 'twice$$@example.com'")
m=$(sql "SELECT count(*) FROM outbox WHERE kind = 'label' AND to_addr = 'twice$$@example.com'")
[ "$n $m" = "1 1" ] && ok "... one return and one label email" || ko "... one return and one label email" "$n returns, $m emails"
send_twice "Jeanne Tremblay"
L3=$(hval Location)
[ "$S" = 303 ] && [ -n "$L3" ] && [ "$L3" != "$L1" ] && [ "$(sql "SELECT count(*) FROM shipments WHERE email = 'twice$$@example.com'")" = 2 ] \
    && ok "the form sent again with a field changed makes a new return" || ko "the form sent again with a field changed makes a new return" "$S $L3"

# ---- the merchant's search ignores accents and case ----
req ra GET "/returns/list?q=COTE"
body_has "Côté" && ok "search without accents (\"COTE\" finds Côté)" || ko "search without accents" "$S"
req ra GET "/returns/list?q=%C3%A9milie+c%C3%B4"
body_has "Côté" && ok "... and with them (\"émilie cô\")" || ko "... and with them" "$S"

# ---- weight: kilograms or pounds, or "I don't know" (the policy's
# weight for it) ----
new_policy ra "Weights" "default_weight=2,5"
WTOK=$LINKTOK; WPN=$PN
req ra GET "/policies/$WPN"
body_has "2.5${NB}kg" && ok "the policy keeps its weight for an unknown one (2.5 kg)" || ko "the policy keeps its weight for an unknown one" "$(grep -o 'not know it[^<]*</dt><dd>[^<]*' "$T/b")"
PNAME=Heavy policy_form ra "default_weight=31"
expect "a policy's weight over 30 kg is refused beside the field" 400 'id="default_weight-err"'
RET_IFACE=127.0.0.11 ret_form cust10 "$WTOK" weight=3.5 weight_unit=lb email=pounds$$@example.com
[ "$S" = 303 ] && [ "$(sql "SELECT weight_g FROM shipments WHERE email = 'pounds$$@example.com'")" = 1588 ] && ok "3.5 lb is 1,588 g" || ko "3.5 lb is 1,588 g" "$S $(sql "SELECT weight_g FROM shipments WHERE email = 'pounds$$@example.com'")"
RET_IFACE=127.0.0.11 ret_form cust10 "$WTOK" weight= weight_unknown=1 email=unknown$$@example.com
[ "$S" = 303 ] && [ "$(sql "SELECT weight_g FROM shipments WHERE email = 'unknown$$@example.com'")" = 2500 ] && ok "\"I don't know the weight\": the policy's 2.5 kg" || ko "\"I don't know the weight\": the policy's 2.5 kg" "$S"
RET_IFACE=127.0.0.11 ret_form cust10 "$WTOK" weight= email=noweight$$@example.com
[ "$S" = 400 ] && body_has 'id="weight-err"' && body_has "Enter the weight, or check" && ok "no weight and no \"I don't know\": a message beside the weight" || ko "no weight and no \"I don't know\": a message beside the weight" "$S"
RET_IFACE=127.0.0.11 ret_form cust10 "$WTOK" weight=70 weight_unit=lb email=heavy$$@example.com
[ "$S" = 400 ] && body_has "66.1 lb" && body_has 'value="lb" selected' && ok "70 lb is refused in pounds, the unit kept" || ko "70 lb is refused in pounds, the unit kept" "$S"

# ---- why the customer returns it ----
RET_IFACE=127.0.0.13 ret_form cust12 "$WTOK" reason=other email=why$$@example.com
[ "$S" = 400 ] && body_has 'id="reason_text-err"' && body_has 'value="other" checked' && ok "\"Other\" asks for the customer's words, beside the field" || ko "\"Other\" asks for the customer's words" "$S"
RET_IFACE=127.0.0.13 ret_form cust12 "$WTOK" reason=other "reason_text=A gift I already had" email=why$$@example.com
WTRK=$(sql "SELECT tracking FROM shipments WHERE email = 'why$$@example.com'")
[ "$S" = 303 ] && [ "$(sql "SELECT reason||'|'||reason_text FROM shipments WHERE email = 'why$$@example.com'")" = "other|A gift I already had" ] \
    && ok "the customer's reason is kept with the return" || ko "the customer's reason is kept with the return" "$S"
RET_IFACE=127.0.0.13 ret_form cust12 "$WTOK" reason=damaged email=why2$$@example.com
req ra GET "/returns/$WTRK?lang=en"
body_has "<dd>Other: A gift I already had</dd>" && ok "the merchant reads the reason on the return's page" || ko "the merchant reads the reason on the return's page" "$(grep -o 'Reason</dt><dd>[^<]*' "$T/b")"
req ra GET "/returns/list?q=why2$$"
body_has '<td data-label="Reason">Damaged</td>' && ok "... in the list" || ko "... in the list" "$(grep -o 'data-label="Reason">[^<]*' "$T/b" | head -2)"
curl -s -b "$T/ra.jar" -o "$T/why.csv" "$BASE/returns/list.csv?q=why"
grep -q ",Reason,\"Reason, in the customer’s words\"," "$T/why.csv" && grep -q ",Other,A gift I already had," "$T/why.csv" && ok "... and in the downloads" || ko "... and in the downloads" "$(head -2 "$T/why.csv")"
req ra GET /returns/
body_has "Why customers return (last 365 days)" && grep -q '<span class="r-label">Damaged</span> <meter class="r-bar" min="0" max="1" value="1">' "$T/b" \
    && ok "the Returns tab charts the reasons" || ko "the Returns tab charts the reasons" "$(grep -o 'r-label">Damaged[^/]*' "$T/b")"

# ---- Back, then the form again (a new one-time value, the same
# address): the label they have, and the choice of another ----
back_send() {	# [another]: cust7's form as a new page holds it (from an
	# address of its own: nginx limits label POSTs per address)
	req cust7 GET "/r/$TWTOK" --interface 127.0.0.7
	local once
	once=$(sed -n 's/.*name="once" value="\([0-9a-f]*\)".*/\1/p' "$T/b" | head -1)
	req cust7 POST "/r/$TWTOK" --interface 127.0.0.7 -d "csrf=$(csrf)" -d "once=$once" --data-urlencode "name=Marie Roy" \
	    --data-urlencode "line1=5 rue Saint-Paul" --data-urlencode "city=Montréal" -d province=QC \
	    -d postal=H2Y1Z4 -d email=back$$@example.com -d weight=2 -d method=label ${1:+-d another=1}
}
back_send; B1=$(hval Location)
back_send
nb=$(sql "SELECT count(*) FROM shipments WHERE email = 'back$$@example.com'")
mb=$(sql "SELECT count(*) FROM outbox WHERE kind = 'label' AND to_addr = 'back$$@example.com'")
[ "$S" = 200 ] && [ "$nb $mb" = "1 1" ] && body_has "You already have a label for this address" \
    && body_has "href=\"${B1#"$BASE"}\"" && body_has 'name="another" value="1"' && body_has "Make another label" \
    && ok "the same address from a new form shows the label it has and asks before making another" \
    || ko "the same address from a new form shows the label it has and asks before making another" "$S, $nb returns, $mb emails, $B1"
TRK1=$(sql "SELECT tracking FROM shipments WHERE email = 'back$$@example.com'")
body_has "$TRK1" && grep -qE "for this address and email [0-9]+ minutes? ago: tracking number" "$T/b" && ok "... with its tracking number and when it was made" || ko "... with its tracking number and when it was made" "$(grep -o 'this address[^<]*' "$T/b")"
back_send another
[ "$S" = 303 ] && [ "$(hval Location)" != "$B1" ] && [ "$(sql "SELECT count(*) FROM shipments WHERE email = 'back$$@example.com'")" = 2 ] \
    && ok "... and makes another when asked" || ko "... and makes another when asked" "$S $(hval Location)"

# ---- the header's language switch sends the form: what was typed
# stays, nothing is checked or made ----
req cust8 GET "/r/$TWTOK?lang=fr" --interface 127.0.0.8
body_has 'form="return-form"' && body_has 'name="switch_lang"' && ok "the language switch of the customer's form is a button of the form" || ko "the language switch of the customer's form is a button of the form" "$(grep -o '<[^>]*class="lang[^>]*>' "$T/b")"
once=$(sed -n 's/.*name="once" value="\([0-9a-f]*\)".*/\1/p' "$T/b" | head -1)
req cust8 POST "/r/$TWTOK?lang=en" --interface 127.0.0.8 -d "csrf=$(csrf)" -d "once=$once" -d switch_lang=1 --data-urlencode "name=Zoë Lavoie" \
    --data-urlencode "line1=9 rue Notre-Dame" --data-urlencode "city=Laval" -d postal=H7N -d email=switch$$@example.com -d weight=3
[ "$S" = 200 ] && body_has '<html lang="en">' && body_has 'value="Zoë Lavoie"' && body_has 'value="9 rue Notre-Dame"' \
    && body_has 'value="Laval"' && body_has 'value="H7N"' && body_has "value=\"switch$$@example.com\"" && body_has 'value="3"' \
    && body_has "value=\"$once\"" && body_has "Get my return label" && ! body_has 'class="err"' \
    && [ "$(sql "SELECT count(*) FROM shipments WHERE email = 'switch$$@example.com'")" = 0 ] \
    && ok "switching to English keeps every field typed, shows no error and makes nothing" \
    || ko "switching to English keeps every field typed, shows no error and makes nothing" "$S $(grep -o '<html[^>]*>' "$T/b")"
grep -q "lang.*en" "$T/cust8.jar" && ok "... and the choice of language is kept" || ko "... and the choice of language is kept" "no cookie"

# ---- expiry ----
sql "UPDATE shipments SET expires_at = 1 WHERE email='thermal$$@example.com'"
S=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/r/t/$TDL/label.pdf")
[ "$S" = 410 ] && ok "an expired label no longer downloads" || ko "an expired label no longer downloads" "$S"
req cust5 GET "/r/t/$TDL"
expect "the page says the label expired" 200 "expired because it was not used within 30 days"
req cust5 GET "/r/t/0123456789012345678901234567890123456789"
expect "an unknown return is a 404 page" 404 "could not find this return"

# ---- abuse ----
codes=""
for i in $(seq 1 11); do
	req capjar GET "/r/$THERMTOK" --interface 127.0.0.4
	S=$(curl -s -o "$T/b" -D "$T/h" -w '%{http_code}' -b "$T/capjar.jar" -c "$T/capjar.jar" --interface 127.0.0.4 \
	    -d "csrf=$(csrf)" --data-urlencode "name=Cap" --data-urlencode "line1=1 A St" -d city=Ottawa -d province=ON \
	    -d postal=K1A0B1 -d email=cap$$@example.com -d weight=1 -d method=label -d another=1 "$BASE/r/$THERMTOK")
	codes="$codes $S"
done
case "$codes" in *" 303 303 303 303 303 303 303 303 303 303 429") ok "ten labels a day per email, then a clear refusal";; *) ko "ten labels a day per email, then a clear refusal" "$codes";; esac
body_has "reached today" && ok "the daily limit says so next to the email" || ko "the daily limit says so next to the email" "no message"
req capjar GET "/r/$THERMTOK" --interface 127.0.0.4
S=$(curl -s -o "$T/b" -D "$T/h" -w '%{http_code}' -b "$T/capjar.jar" -c "$T/capjar.jar" --interface 127.0.0.4 \
    -d "csrf=$(csrf)" --data-urlencode "name=Cap" --data-urlencode "line1=1 A St" -d city=Ottawa -d province=ON \
    -d postal=K1A0B1 -d "email=CAP$$@Example.COM" -d weight=1 -d method=label -d another=1 "$BASE/r/$THERMTOK")
[ "$S" = 429 ] && ok "the daily limit counts the address whatever its letter case" || ko "the daily limit counts the address whatever its letter case" "$S"
codes=""
for i in $(seq 1 30); do
	codes="$codes $(curl -s -o "$T/b" -D "$T/h" -w '%{http_code}' --interface 127.0.0.5 -d x=1 "$BASE/r/$THERMTOK")"
done
case "$codes" in *429*) ok "nginx rate-limits label POSTs per address (429)";; *) ko "nginx rate-limits label POSTs per address (429)" "$codes";; esac
security_headers "the label 429 carries the security headers once"
# nginx's error page stands at the customer's address (the token in it)
[ "${codes##* }" = 429 ] && [ "$(hval Referrer-Policy)" = no-referrer ] && [ "$(hval Cache-Control)" = no-store ] \
    && ok "nginx's 429 on a return link sends no Referer and is not cached" \
    || ko "nginx's 429 on a return link sends no Referer and is not cached" "${codes##* }: $(hval Referrer-Policy), $(hval Cache-Control)"
if grep -rqF -e "$RTOK" -e "$STOK" -e "$THERMTOK" -e "$DL" "$VAR"/log/; then
	ko "no link or download token in the logs" "$(grep -rlF -e "$RTOK" -e "$DL" "$VAR"/log/)"
else
	ok "no link or download token in the logs"
fi
