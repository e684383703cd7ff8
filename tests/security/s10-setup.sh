# s10 -- the stack answers on every executable; merchant A with two cards,
# two policies (one inactive), a customer's return made through the form,
# a tracking event and a notification recipient; merchant B logged in.
up=1
for probe in "GET /healthz dashboard" "GET /returns/ reports" "GET /settings/ settings" \
    "GET /r/0000000000000000000000000000000000000000 label" "GET /api/tracking/events tracking"; do
	set -- $probe
	raw "$1" "$2"
	if [ "$S" = 502 ] || [ "$S" = 000 ]; then
		ko "the stack runs $3.fcgi" "$1 $2 answered $S (run this suite before tests/http, which stops settings.fcgi)"
		up=0
	fi
done
[ $up = 1 ] && ok "the stack answers on all five executables"
KEYFILE=$("$TOP/build/bin/returnsctl" -d "$DB" tracking key 2>/dev/null | tail -1)
[ -f "$KEYFILE" ] || KEYFILE=$VAR/tracking.key
KEYHEX=$(od -An -tx1 -v "$KEYFILE" 2>/dev/null | tr -d ' \n')

U=$$-$RANDOM
PW_A="Sec-A-pw-$U-quartz"
PW_B="Sec-B-pw-$U-walnut"
PASSWORDS+=("$PW_A" "$PW_B")
EA="sec-a-$U@example.com"
EB="sec-b-$U@example.com"
sign_up a "$EA" "Secure Shop A" "$PW_A"
[ "$S" = 303 ] && ok "merchant A signs up" || ko "merchant A signs up" "$S"
add_card a 4111111111111111
add_card a 5555555555554444
MA=$(sql "SELECT merchant_id FROM users WHERE email = '$EA'")
CARD1=$(sql "SELECT id FROM cards WHERE merchant_id = $MA AND is_default = 1")
CARD2=$(sql "SELECT id FROM cards WHERE merchant_id = $MA AND is_default = 0")
[ -n "$CARD1" ] && [ -n "$CARD2" ] && ok "A has two cards, one default" || ko "A has two cards, one default" "'$CARD1' '$CARD2'"
new_policy a "A main" ra_required=1 "order_q_en=Order" "order_q_fr=Commande" service=xpresspost
PA1=$PN; LINKA=$LINKTOK
new_policy a "A second"
PA2=$PN; LINKA2=$LINKTOK
t=$(tok_of a "/policies/$PA2")
req a POST "/policies/$PA2/deactivate" -d "csrf=$t"
[ -n "$PA1" ] && [ ${#LINKA} = 40 ] && [ "$(sql "SELECT status FROM policies WHERE number = '$PA2'")" = inactive ] \
    && ok "A has an active and an inactive policy" || ko "A has an active and an inactive policy" "'$PA1' '$PA2' '$LINKA'"
ret_form ca "$LINKA" "email=cust-a-$U@example.com" ra_number=RA-A order_answer=O-A "name=Alice Tenant" province=ON postal="K1A 0B1"
DLA=$DLTOK
TRKA=$(sql "SELECT tracking FROM shipments WHERE email = 'cust-a-$U@example.com'")
[ ${#DLA} = 40 ] && [ ${#TRKA} = 16 ] && ok "a customer creates A's return through the form" || ko "a customer creates A's return through the form" "$S '$TRKA'"
now=$(date +%s)
feed "[{\"event_id\":\"SEC$U-a1\",\"tracking\":\"$TRKA\",\"type\":\"accepted\",\"time\":\"$(iso $((now - 3600)))\",\"location\":\"OTTAWA ON\"}]"
[ "$S" = 200 ] && ok "the carrier accepts A's return" || ko "the carrier accepts A's return" "$S $(head -c 200 "$T/b")"
t=$(tok_of a /settings/notifications)
req a POST /settings/notifications -d "csrf=$t" --data-urlencode "email=rec-a-$U@example.com" -d lang=en -d mode=each -d on_accepted=1
RA=$(sql "SELECT id FROM recipients WHERE merchant_id = $MA")
confirm_rcpt rcpta "rec-a-$U@example.com"
[ "$S" = 303 ] && [ "$(sql "SELECT confirmed_at IS NOT NULL FROM recipients WHERE id = $RA")" = 1 ] && ok "A's recipient confirms its address" || ko "A's recipient confirms its address" "$S"
[ -n "$RA" ] && ok "A has a notification recipient" || ko "A has a notification recipient" "$S"

sign_up b "$EB" "Secure Shop B" "$PW_B"
[ "$S" = 303 ] && ok "merchant B signs up" || ko "merchant B signs up" "$S"
MB=$(sql "SELECT merchant_id FROM users WHERE email = '$EB'")
