# s20 -- merchants apart: every merchant route that names an object (read
# from the route tables), GET and POST, with B's session and B's valid CSRF
# token on A's objects: a 404 page identical to the one for an object that
# does not exist, and nothing changed in the database. B's downloads and
# pages never show A's tracking number.

# objects that exist nowhere, to compare with
PR_MISSING=PR999999
n=999990
while [ "$(sql "SELECT count(*) FROM policies WHERE number = '$PR_MISSING'")" != 0 ]; do
	n=$((n - 1)); PR_MISSING=PR$n
done
TRK_MISSING=$(luhn16 "${TRKA:0:6}999999999")
ID_MISSING=987654321

# a_obj PATTERN -> A's object and the missing one, "A MISSING"
a_obj() {
	case $1 in
	/account/payment/cards/*) echo "$CARD2 $ID_MISSING" ;;
	/policies/{}/activate) echo "$PA2 $PR_MISSING" ;;
	/policies/{}*) echo "$PA1 $PR_MISSING" ;;
	/returns/{}) echo "$TRKA $TRK_MISSING" ;;
	/settings/notifications/{}*) echo "$RA $ID_MISSING" ;;
	*) echo "" ;;
	esac
}
# post_body PATTERN -> extra form fields that would make the POST succeed
post_body() {
	case $1 in
	/policies/{}/edit) PNAME="Hijacked by B" policy_data; BODY=("${PDATA[@]}") ;;
	/settings/notifications/{}) BODY=(--data-urlencode "email=hijack-$U@example.com" -d lang=en -d mode=each -d on_delivered=1) ;;
	*) BODY=() ;;
	esac
}

AS="<A's>"
TB=$(tok_of b /policies/)
snap "$T/before-tenants"
# every object route of the merchant executables, each method the route
# table has for it, plus the method it lacks (405, the same either way)
routes | awk '$3 ~ /ROUTE_AUTH/ && $2 ~ /\{\}/ {print $1, $2}' > "$T/obj-routes"
patterns=$(awk '{print $2}' "$T/obj-routes" | sort -u)
ncovered=0
for pat in $patterns; do
	objs=$(a_obj "$pat")
	if [ -z "$objs" ]; then
		ko "cross-tenant: route $pat is covered" "no object of A for this route: teach tests/security/s20-tenants.sh"
		continue
	fi
	set -- $objs
	aid=$1 mid=$2
	for m in GET POST; do
		if grep -qx "$m $pat" "$T/obj-routes"; then want=404; else want=405; fi
		post_body "$pat"
		args=()
		[ $m = POST ] && args=(-d "csrf=$TB" "${BODY[@]}")
		snap "$T/before-route"
		req b $m "${pat//\{\}/$mid}" "${args[@]}"
		sm=$S; strip_page "$T/b" > "$T/missing-page"
		req b $m "${pat//\{\}/$aid}" "${args[@]}"
		sa=$S; strip_page "$T/b" > "$T/a-page"
		name="B: $m ${pat//\{\}/$AS} is a $want, the same page as a missing object, changes nothing"
		snap "$T/snap-after"
		if [ "$sa" != "$want" ] || [ "$sm" != "$want" ]; then
			ko "$name" "status $sa (missing object: $sm)"
		elif ! diff -q "$T/a-page" "$T/missing-page" >/dev/null; then
			ko "$name" "the page differs from a missing object's: $(diff "$T/a-page" "$T/missing-page" | grep '^[<>]' | head -2 | tr '\n' ' ')"
		elif ! diff -q "$T/before-route" "$T/snap-after" >/dev/null; then
			ko "$name" "the database changed: $(diff "$T/before-route" "$T/snap-after" | grep '^[<>]' | head -4 | tr '\n' ' ')"
		else
			ok "$name"
		fi
		ncovered=$((ncovered + 1))
	done
done
[ $ncovered -ge 20 ] && ok "cross-tenant: $ncovered route and method pairs tried" || ko "cross-tenant: every object route tried" "only $ncovered"
unchanged "A's rows are as before B's attempts" "$T/before-tenants"
[ "$(sql "SELECT status || '|' || name FROM policies WHERE number = '$PA1'")" = "active|A main" ] \
    && ok "A's policy is still active and named as A named it" || ko "A's policy is still active and named as A named it" "$(sql "SELECT status, name FROM policies WHERE number = '$PA1'")"

# ---- B's pages and downloads never show A's things ----
leak=""
for p in /policies/ /returns/ /returns/forecast "/returns/history?by=day" /returns/list \
    "/returns/list?q=$TRKA" "/returns/list?q=Alice" /settings/notifications /account/payment \
    /returns/list.csv "/returns/list.csv?q=$TRKA" /returns/history.csv "/returns/history.csv?by=day" \
    /returns/forecast.csv "/returns/history.svg?by=day"; do
	req b GET "$p"
	[ "$S" = 200 ] || { leak="$leak $p:$S"; continue; }
	case $p in
	/returns/list\?q=*) grep -qF -e "/returns/$TRKA" -e "$PA1" -e "Alice Tenant" "$T/b" && leak="$leak $p" ;;	# the search box repeats q
	*) grep -qF -e "$TRKA" -e "$PA1" -e "$PA2" -e "rec-a-$U" -e "Alice Tenant" "$T/b" && leak="$leak $p" ;;
	esac
done
for p in /returns/list.xlsx "/returns/list.xlsx?q=$TRKA" "/returns/history.xlsx?by=day" /returns/forecast.xlsx; do
	req b GET "$p"
	cp "$T/b" "$T/b.xlsx"
	if [ "$S" != 200 ] || ! unzip -tq "$T/b.xlsx" >/dev/null 2>&1; then leak="$leak $p:$S"; continue; fi
	unzip -p "$T/b.xlsx" '*.xml' 2>/dev/null | grep -qF -e "$TRKA" -e "$PA1" -e "Alice Tenant" && leak="$leak $p"
done
[ -z "$leak" ] && ok "B's pages and downloads (CSV, XLSX, SVG) never show A's returns, policies or recipients" \
    || ko "B's pages and downloads (CSV, XLSX, SVG) never show A's returns, policies or recipients" "$leak"
# and A does see them (the check above is not vacuous)
req a GET "/returns/list.csv?q=$TRKA"
grep -qF "$TRKA" "$T/b" && ok "A's own download holds A's return" || ko "A's own download holds A's return" "$S"
