# s30 -- CSRF: every POST route of the route tables, with a form that
# would be accepted, sent by the object's owner (A, or an anonymous
# visitor, or a customer) with no token, with another session's token,
# with a foreign Origin (and, outside the customer's pages, Origin: null):
# 403 each time, and nothing changed in the database.
PW_NEW="Sec-A-new-pw-$U-basalt"
PASSWORDS+=("$PW_NEW")
TA=$(tok_of a /policies/)
# anonymous visitors (log-in, sign-up) and customers: the double-submit
# csrf cookie; "another session" is another visitor's cookie and token
TANON=$(tok_of anon1 /account/login)
TANON2=$(tok_of anon2 /account/login)
TCUST=$(tok_of cust1 "/r/$LINKA")
TCUST2=$(tok_of cust2 "/r/$LINKA")

# csrf_case PATH-PATTERN -> JAR, PATH, own token TOWN, other's token TOTHER,
# the form in BODY; returns 1 for a route it does not know
csrf_case() {
	local pat=$1
	JAR=a; TOWN=$TA; TOTHER=$TB; BODY=()
	case $pat in
	/account/signup) JAR=anon1; TOWN=$TANON; TOTHER=$TANON2
		BODY=(--data-urlencode "business=CSRF Shop" --data-urlencode "email=csrf-$U@example.com"
		    --data-urlencode "password=$PW_NEW" --data-urlencode "password2=$PW_NEW" -d lang=en -d tz=America/Toronto) ;;
	/account/login) JAR=anon1; TOWN=$TANON; TOTHER=$TANON2
		BODY=(--data-urlencode "email=$EA" --data-urlencode "password=$PW_A") ;;
	/account/logout) ;;
	/account/forgot) JAR=anon1; TOWN=$TANON; TOTHER=$TANON2
		BODY=(--data-urlencode "email=$EA") ;;
	/account/reset/{}) JAR=anon1; TOWN=$TANON; TOTHER=$TANON2
		BODY=(--data-urlencode "password=$PW_NEW" --data-urlencode "password2=$PW_NEW") ;;
	/account/confirm/{} | /settings/confirm/{}) JAR=anon1; TOWN=$TANON; TOTHER=$TANON2 ;;
	/account/password) BODY=(--data-urlencode "current=$PW_A" --data-urlencode "password=$PW_NEW" --data-urlencode "password2=$PW_NEW") ;;
	/account/profile) BODY=(--data-urlencode "business=Changed by CSRF" -d lang=fr -d tz=America/Winnipeg) ;;
	# the logo's form is multipart; its token is checked the same way
	# whatever the body's type (t67 sends it multipart with a bad token)
	/account/profile/logo | /account/profile/logo/remove) ;;
	/account/payment/card) BODY=(-d number=378282246310005 -d exp_month=11 -d exp_year=2032 -d cvv=1234 -d make_default=1) ;;
	/account/payment/contract) BODY=(-d customer_number=1234567 -d contract_number=0040012345) ;;
	/account/payment/cards/{}/*) ;;
	/account/payment/link | /account/payment/check) ;;	# the carrier's (tests/carrier too)
	/policies/new) PNAME="Made by CSRF" policy_data; BODY=("${PDATA[@]}") ;;
	/policies/{}/edit) PNAME="Edited by CSRF" policy_data; BODY=("${PDATA[@]}") ;;
	/policies/{}/*) ;;
	/r/{}) JAR=cust1; TOWN=$TCUST; TOTHER=$TCUST2
		ret_data "email=csrf-cust-$U@example.com" ra_number=RA-1 order_answer=X; BODY=("${RDATA[@]}") ;;
	/settings/notifications) BODY=(--data-urlencode "email=csrf-rec-$U@example.com" -d lang=en -d mode=each -d on_accepted=1) ;;
	/settings/notifications/{}) BODY=(--data-urlencode "email=csrf-upd-$U@example.com" -d lang=fr -d mode=daily -d on_delivered=1) ;;
	/settings/notifications/{}/*) ;;
	*) return 1 ;;
	esac
	case $pat in
	/account/payment/cards/*) P=${pat//\{\}/$CARD2} ;;
	/policies/{}/activate) P=${pat//\{\}/$PA2} ;;
	/policies/*) P=${pat//\{\}/$PA1} ;;
	/settings/*) P=${pat//\{\}/$RA} ;;
	/r/{}) P=/r/$LINKA ;;
	/account/reset/{} | /account/confirm/{}) P=${pat%/*}/$(printf 'cd%.0s' $(seq 32)) ;;
	/settings/confirm/{}) P=/settings/confirm/$RA-$(printf 'cd%.0s' $(seq 16)) ;;
	*) P=$pat ;;
	esac
	return 0
}

routes | awk '$1 == "POST"' > "$T/post-routes"
ntried=0
while read -r m pat flags; do
	case $flags in
	*ROUTE_NOCSRF*)
		raw POST "$pat" -H 'Content-Type: application/json' --data-binary '[]'
		[ "$S" = 401 ] && ok "POST $pat takes no CSRF token but a signature: unsigned, it is a 401" \
		    || ko "POST $pat takes no CSRF token but a signature: unsigned, it is a 401" "$S"
		continue ;;
	esac
	if ! csrf_case "$pat"; then
		ko "CSRF: POST $pat is covered" "unknown route: teach tests/security/s30-csrf.sh"
		continue
	fi
	snap "$T/before-route"
	codes=""
	req "$JAR" POST "$P" "${BODY[@]}"
	codes="$codes no-token:$S"
	req "$JAR" POST "$P" -d "csrf=$TOTHER" "${BODY[@]}"
	codes="$codes other-session:$S"
	req "$JAR" POST "$P" -d "csrf=$TOWN" "${BODY[@]}" -H 'Origin: http://evil.example'
	codes="$codes foreign-origin:$S"
	if [ "$JAR" != cust1 ]; then
		req "$JAR" POST "$P" -d "csrf=$TOWN" "${BODY[@]}" -H 'Origin: null'
		codes="$codes origin-null:$S"
	fi
	req "$JAR" POST "$P" -d "csrf=$TOWN" -d "csrf=$TOTHER" "${BODY[@]}"
	codes="$codes two-tokens:$S"
	ntried=$((ntried + 1))
	snap "$T/snap-after"
	variants=$(printf '%s\n' $codes | cut -d: -f1 | tr '\n' ' ' | sed 's/ $//; s/ /, /g')
	name="CSRF: POST ${pat} refused (403: $variants), nothing changed"
	if printf '%s\n' $codes | grep -qv ':403$'; then
		ko "$name" "$codes"
	elif ! diff -q "$T/before-route" "$T/snap-after" >/dev/null; then
		ko "$name" "the database changed: $(diff "$T/before-route" "$T/snap-after" | grep '^[<>]' | head -4 | tr '\n' ' ')"
	else
		ok "$name"
	fi
done < "$T/post-routes"
[ $ntried -ge 18 ] && ok "CSRF: $ntried POST routes tried" || ko "CSRF: every POST route tried" "only $ntried"

# the owner's own token, same origin: the same requests work (the 403s
# above came from the CSRF check, not from a bad form)
req a POST "/policies/$PA2/activate" -d "csrf=$TA" -H "Origin: $BASE"
[ "$S" = 303 ] && [ "$(sql "SELECT status FROM policies WHERE number = '$PA2'")" = active ] \
    && ok "with its own token and its own origin, the same POST works" || ko "with its own token and its own origin, the same POST works" "$S"
csrf_case /r/{}
req cust1 POST "$P" -d "csrf=$TCUST" "${BODY[@]}" -H 'Origin: null'
[ "$S" = 303 ] && ok "a customer's page posts with Origin: null (no-referrer) and its token" || ko "a customer's page posts with Origin: null (no-referrer) and its token" "$S"
grep -ohE '/r/t/[0-9a-f]{40}' "$T/h" >> "$T/tokens"
