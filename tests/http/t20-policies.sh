# t20 -- the Return policies tab: payment method, policies, ownership,
# states, suspension, the customer's link.
ctl() { "$TOP/build/bin/returnsctl" -d "$DB" "$@" 2>&1; }
tok_of() { req "$1" GET "$2"; csrf; }
policy_form() {	# JAR [field=value...]: a policy form with good defaults
	local jar=$1 kv k
	shift
	declare -A f=([name]="${PNAME:-Main returns}" [channel]=both [service]=regular
	    [company]=Shop [contact]=Ann [line1]="1 Main St" [city]=Ottawa [province]=ON
	    [postal]=k1a0b1 [label_format]=letter [instructions_en]="Pack it well"
	    [reason_wrong_size]=1 [reason_damaged]=1 [reason_not_as_described]=1 [reason_not_needed]=1)
	for kv in "$@"; do f[${kv%%=*}]=${kv#*=}; done
	local args=()
	for k in "${!f[@]}"; do args+=(--data-urlencode "$k=${f[$k]}"); done
	req "$jar" POST /policies/new -d "csrf=$(tok_of "$jar" /account/payment)" "${args[@]}"
}

sign_up pa "pa$$@example.com" "Shop A"
req pa GET /policies/new
[ "$S" = 303 ] && [ "$(hval Location)" = "/account/payment?needed=1" ] && ok "a policy needs a payment method first" || ko "a policy needs a payment method first" "$S $(hval Location)"
req pa GET '/account/payment?needed=1'
expect "the payment page says why" 200 "Add a payment method before you create a return policy."

# ---- cards ----
t=$(tok_of pa /account/payment)
req pa POST /account/payment/card -d "csrf=$t" -d "number=4111 1111 1111 1112" -d exp_month=12 -d exp_year=2031 -d cvv=123
expect "a bad card number is refused next to the field" 400 "This is not a valid card number."
body_has 'id="number-err"' && ok "card error sits by the number field" || ko "card error sits by the number field" "missing"
body_has '4111 1111 1111 1112' && ko "a refused card number is not put back in the page" "echoed" || ok "a refused card number is not put back in the page"
req pa POST /account/payment/card -d "csrf=$t" -d "number=4000000000000002" -d exp_month=12 -d exp_year=2031 -d cvv=123
expect "the test gateway declines its decline number" 400 "The card was declined."
req pa POST /account/payment/card -d "csrf=$t" -d "number=4111 1111 1111 1112" -d exp_month=01 -d exp_year=2020 -d cvv=12
[ "$S" = 400 ] && body_has 'id="number-err"' && body_has 'id="exp_year-err"' && body_has 'id="cvv-err"' && body_has 'value="2020"' \
    && body_has '<option value="01" selected' && ! body_has '4111 1111 1111 1112' \
    && ok "every mistake of the card form at once, month and year kept, the number not" || ko "every mistake of the card form at once" "$S $(grep -o 'class="err" id="[a-z_]*-err"' "$T/b" | tr '\n' ' ')"
req pa POST /account/payment/card -d "csrf=$t" -d "number=4111111111111111" -d exp_month=01 -d exp_year=2020 -d cvv=123
expect "an expired card is refused" 400 "This card has expired."
req pa POST /account/payment/card -d "csrf=$t" -d "number=378282246310005" -d exp_month=01 -d exp_year=2031 -d cvv=123
expect "Amex wants a 4-digit security code" 400 "4 digits on American Express"
req pa POST /account/payment/card -d "number=4111111111111111" -d exp_month=12 -d exp_year=2031 -d cvv=123
expect "adding a card without a CSRF token is a 403" 403
PA_CARDS="SELECT count(*) FROM cards c JOIN users u ON u.merchant_id = c.merchant_id WHERE u.email = 'pa$$@example.com'"
[ "$(sql "$PA_CARDS")" = 0 ] && ok "no card stored by refused attempts" || ko "no card stored by refused attempts" "$(sql "$PA_CARDS")"
req pa GET '/account/payment?needed=1'
body_has 'name="back" value="/policies/new"' && ok "sent to add a payment method, the form knows the way back" || ko "sent to add a payment method, the form knows the way back" "no back"
req pa POST /account/payment/card -d "csrf=$t" -d "number=4111-1111-1111-1111" -d exp_month=12 -d exp_year=31 -d cvv=123 -d back=/policies/new
[ "$S" = 303 ] && [ "$(hval Location)" = /policies/new ] && ok "a valid card is accepted, and the merchant goes back to the new policy" || ko "a valid card is accepted, and the merchant goes back to the new policy" "$S $(hval Location)"
req pa POST /account/payment/card -d "csrf=$t" -d "number=4111111111111111" -d exp_month=12 -d exp_year=2031 -d cvv=123 -d back=https://evil.example/
[ "$S" = 400 ] && body_has "This card is already on file" && [ "$(sql "$PA_CARDS")" = 1 ] && ok "the same card again: said, not added twice (and no way to an outside address)" || ko "the same card again: said, not added twice" "$S $(sql "$PA_CARDS")"
row=$(sql "SELECT brand||'|'||last4||'|'||exp_month||'|'||exp_year||'|'||is_default||'|'||substr(token,1,9) FROM cards c JOIN users u ON u.merchant_id = c.merchant_id WHERE u.email = 'pa$$@example.com'")
[ "$row" = "visa|1111|12|2031|1|tok_test_" ] && ok "only brand, last 4, expiry and the token are stored" || ko "only brand, last 4, expiry and the token are stored" "$row"
req pa GET '/account/payment?done=1'
body_has "Visa •••• 1111" && body_has "Default" && ok "the card is listed as the default" || ko "the card is listed as the default" "missing"

# ---- create ----
PNAME= policy_form pa "postal=123456"
expect "a bad postal code is refused" 400 "Enter a Canadian postal code"
body_has 'value="Main returns"' && body_has 'value="1 Main St"' && ok "the policy form keeps what was typed" || ko "the policy form keeps what was typed" "lost"
body_has 'Pack it well</textarea>' && ok "the policy form keeps the instructions" || ko "the policy form keeps the instructions" "lost"
policy_form pa "postal=H2X 1Y4"
expect "a postal code outside the province is refused" 400 "not in the province chosen"
policy_form pa "order_q_en=Order number"
expect "the order question needs both languages" 400 "in both French and English"
policy_form pa "service=expedited"
expect "Expedited Parcel is refused on a card account" 400 "Choose one of the options"
req pa GET /policies/new
body_has 'value="expedited"' && ko "Expedited Parcel is not offered to card accounts" "offered" || ok "Expedited Parcel is not offered to card accounts"
PNAME='<b>Main</b> returns' policy_form pa "secure_labels=1" "ra_required=1" "order_q_en=Order number" "order_q_fr=N° commande" $'instructions_fr=Ligne 1\nLigne <2>'
loc=$(hval Location)
PA=$(printf %s "$loc" | sed -n 's|^/policies/\(PR[0-9]\{6\}\)?created=1$|\1|p')
[ "$S" = 303 ] && [ -n "$PA" ] && ok "a policy is created with a PR number" || ko "a policy is created with a PR number" "$S $loc"
req pa GET "/policies/$PA?created=1"
expect "the details page shows the policy" 200 "The policy was created."
body_has '&lt;b&gt;Main&lt;/b&gt; returns' && ok "the policy name is escaped" || ko "the policy name is escaped" "raw"
grep -Pzq 'Ligne 1\r?\nLigne &lt;2&gt;' "$T/b" && ok "instructions keep their line breaks, escaped" || ko "instructions keep their line breaks, escaped" "$(grep -A1 'Ligne 1' "$T/b" | head -2)"
body_has "K1A 0B1" && ok "the postal code is stored normalised" || ko "the postal code is stored normalised" "not normalised"
LINK=$(sed -n 's|.*id="link" class="mono" readonly value="\([^"]*\)".*|\1|p' "$T/b")
TOKEN=${LINK##*/r/}
[ ${#TOKEN} = 40 ] && ok "the direct return link has a 160-bit token" || ko "the direct return link has a 160-bit token" "'$LINK'"
sqlite3 "$DB" .dump | grep -q "$TOKEN" && ko "the link token is not in the database" "found" || ok "the link token is not in the database"
body_has "History of changes" && grep -q "<td[^>]*>pa$$@example.com</td><td[^>]*>Created</td>" "$T/b" && ok "the history shows who created it" || ko "the history shows who created it" "missing"
req pa GET /policies/
body_has "$PA" && ok "the list shows the policy" || ko "the list shows the policy" "missing"

S=$(curl -s -o "$T/qr.svg" -D "$T/h" -w '%{http_code}' -b "$T/pa.jar" "$BASE/policies/$PA/qr.svg")
head_has "Content-Type: image/svg+xml" && [ "$S" = 200 ] && ok "the QR code is an SVG" || ko "the QR code is an SVG" "$S"
rsvg-convert -w 400 -b white -o "$T/qr.png" "$T/qr.svg" && [ "$(zbarimg --raw -q "$T/qr.png" 2>/dev/null)" = "$LINK" ] \
    && ok "the QR code decodes to the direct return link" || ko "the QR code decodes to the direct return link" "$(zbarimg --raw -q "$T/qr.png" 2>&1)"

# ---- the customer's link ----
req cust GET "/r/$TOKEN"
expect "the link shows the customer the merchant" 200 "<h1>Shop A</h1>"
body_has "/account/login" && ko "no merchant navigation on the customer's page" "login link" || ok "no merchant navigation on the customer's page"
req cust GET "/r/0000000000000000000000000000000000000000"
expect "an unknown link is a 404 page" 404 "This return link does not exist."
req cust GET "/r/$TOKEN" -H 'Accept-Language: fr'
expect "the customer's page follows the browser's language" 200 "Retours pour"

# ---- edit ----
t=$(tok_of pa "/policies/$PA/edit")
body_has 'value="secure_labels" ' || true
grep -q 'name="secure_labels" value="1" checked' "$T/b" && ok "the edit form shows the saved settings" || ko "the edit form shows the saved settings" "checkbox not checked"
req pa POST "/policies/$PA/edit" -d "csrf=$t" -d "name=Main returns" -d channel=both -d service=xpresspost \
    -d company=Shop -d contact=Ann -d "line1=1 Main St" -d city=Ottawa -d province=ON -d "postal=K1A 0B1" -d label_format=4x6
[ "$S" = 303 ] && ok "the policy is edited" || ko "the policy is edited" "$S"
req pa GET "/policies/$PA?saved=1"
body_has "Xpresspost" && body_has "4 × 6 in" && ok "the new settings show" || ko "the new settings show" "missing"
grep -q "<td[^>]*>Edited</td><td[^>]*>[^<]*service[^<]*label format" "$T/b" && ok "the history says which settings changed" || ko "the history says which settings changed" "$(grep -o '<td>Edited</td><td>[^<]*' "$T/b")"

# ---- another merchant sees none of it ----
sign_up pb "pb$$@example.com" "Shop B"
req pb GET "/policies/PR000000"
cp "$T/b" "$T/missing"
req pb GET "/policies/$PA"
expect "another merchant's policy is a 404" 404
diff -q <(grep -v 'class="lang"' "$T/b") <(grep -v 'class="lang"' "$T/missing") >/dev/null && ok "the same page as a number that does not exist" || ko "the same page as a number that does not exist" "pages differ"
for p in "/policies/$PA/edit" "/policies/$PA/delete" "/policies/$PA/qr.svg"; do
	req pb GET "$p"
	[ "$S" = 404 ] && ok "GET $p is a 404 for another merchant" || ko "GET $p is a 404 for another merchant" "$S"
done
tb=$(tok_of pb /policies/)
for a in deactivate delete edit; do
	req pb POST "/policies/$PA/$a" -d "csrf=$tb" -d "name=Hijacked"
	[ "$S" = 404 ] && ok "POST $a is a 404 for another merchant" || ko "POST $a is a 404 for another merchant" "$S"
done
[ "$(sql "SELECT status||'|'||name FROM policies WHERE number='$PA'")" = "active|Main returns" ] && ok "another merchant changed nothing" || ko "another merchant changed nothing" "$(sql "SELECT status||'|'||name FROM policies WHERE number='$PA'")"
req pb GET /policies/
body_has "$PA" && ko "another merchant's list does not show it" "shown" || ok "another merchant's list does not show it"

# ---- states ----
req pa POST "/policies/$PA/deactivate" -d "csrf=$(printf 'f%.0s' $(seq 64))"
expect "deactivating with a wrong CSRF token is a 403" 403
[ "$(sql "SELECT status FROM policies WHERE number='$PA'")" = active ] && ok "a refused POST changes nothing" || ko "a refused POST changes nothing" "changed"
t=$(tok_of pa "/policies/$PA")
req pa POST "/policies/$PA/deactivate" -d "csrf=$t"
[ "$S" = 303 ] && [ "$(sql "SELECT status FROM policies WHERE number='$PA'")" = inactive ] && ok "deactivate" || ko "deactivate" "$S"
req cust GET "/r/$TOKEN"
expect "an inactive policy's link says returns are not available" 200 "Returns are not available right now"
req pa GET "/policies/$PA/activate"
expect "activate is POST only" 405
req pa POST "/policies/$PA/activate" -d "csrf=$t"
[ "$(sql "SELECT status FROM policies WHERE number='$PA'")" = active ] && ok "activate" || ko "activate" "not active"

# ---- suspension ----
sql "UPDATE cards SET exp_year = 2020 WHERE merchant_id = (SELECT merchant_id FROM users WHERE email = 'pa$$@example.com')"
out=$(ctl billing check)
case "$out" in "1 policies suspended") ok "billing check suspends when the card expired";; *) ko "billing check suspends when the card expired" "$out";; esac
[ "$(sql "SELECT status||'|'||suspended_reason FROM policies WHERE number='$PA'")" = "suspended|card_expired" ] && ok "the suspension records why" || ko "the suspension records why" "$(sql "SELECT status||'|'||suspended_reason FROM policies WHERE number='$PA'")"
req pa GET /policies/
body_has "Suspended return policies" && body_has "$PA" && body_has "lift the suspension" && ! body_has "267-7651" && ok "the dashboard names the suspended policy and the steps" || ko "the dashboard names the suspended policy and the steps" "no banner"
req pa GET /returns/
body_has '<a href="/policies/">1 suspended return policy: customers cannot get labels with it</a>' && ok "the Returns tab puts the suspended policy first, a link to the policies" || ko "the Returns tab puts the suspended policy first" "$(grep -o 'suspended return polic[^<]*' "$T/b")"
req pa GET "/policies/$PA"
nb=$(grep -c 'class="notice' "$T/b")
[ "$S" = 200 ] && [ "$nb" = 1 ] && body_has "Suspended return policies" && body_has "lift the suspension" && ! body_has "This policy is not active" \
    && ok "a suspended policy's page has one notice: the cause and what to do" || ko "a suspended policy's page has one notice: the cause and what to do" "$S, $nb notices: $(grep -o 'class="notice[^>]*>[^<]*<[^>]*>[^<]*' "$T/b" | head -5)"
req cust GET "/r/$TOKEN"
expect "a suspended policy's link says returns are not available" 200 "Returns are not available right now"
grep -qiE "credit|payment|billing|1 800" "$T/b" && ko "the customer sees no billing detail" "mentions billing" || ok "the customer sees no billing detail"
req pa POST "/policies/$PA/activate" -d "csrf=$t"
[ "$(hval Location)" = "/policies/$PA?why=suspended" ] && ok "a merchant cannot activate a suspended policy" || ko "a merchant cannot activate a suspended policy" "$(hval Location)"
out=$(ctl billing lift --policy "$PA")
case "$out" in *"not lifted"*"expired"*) ok "lift refuses while the card is expired, and says why";; *) ko "lift refuses while the card is expired, and says why" "$out";; esac
out=$(ctl billing list)
case "$out" in *"$PA"*"Shop A"*) ok "billing list shows the suspended policy";; *) ko "billing list shows the suspended policy" "$out";; esac
t=$(tok_of pa /account/payment)
req pa POST /account/payment/card -d "csrf=$t" -d "number=5555555555554444" -d exp_month=06 -d exp_year=2032 -d cvv=321 -d make_default=1
out=$(ctl billing lift --policy "$PA")
case "$out" in "1 policies restored") ok "lift works once the default card is valid";; *) ko "lift works once the default card is valid" "$out";; esac
[ "$(sql "SELECT status FROM policies WHERE number='$PA'")" = active ] && ok "the policy is active again" || ko "the policy is active again" "not active"
req pa GET "/policies/$PA"
grep -q "<td[^>]*>Billing staff</td><td[^>]*>Suspended</td>" "$T/b" && grep -q "<td[^>]*>Billing staff</td><td[^>]*>Suspension lifted</td>" "$T/b" && ok "the history shows the suspension and the lift" || ko "the history shows the suspension and the lift" "missing"

m=$(date -u +%m); y=$(date -u +%Y)
PA_M="(SELECT merchant_id FROM users WHERE email = 'pa$$@example.com')"
sql "UPDATE cards SET exp_month = $((10#$m)), exp_year = $y WHERE is_default = 1 AND merchant_id = $PA_M"
req pa GET /policies/
body_has "Your default credit card expires in" && ok "a card expiring within 30 days gets a warning" || ko "a card expiring within 30 days gets a warning" "no warning"
sql "UPDATE cards SET exp_year = 2032 WHERE is_default = 1 AND merchant_id = $PA_M"

# ---- contract ----
sign_up pc "pc$$@example.com" "Shop C"
t=$(tok_of pc /account/payment)
req pc POST /account/payment/contract -d "csrf=$t" -d "customer_number=12345ab" -d "contract_number=0040012345"
expect "contract numbers are digits" 400 "Digits only."
CN=77$(printf %08d $(( $$ % 100000000 )))
req pc POST /account/payment/contract -d "csrf=$t" -d "customer_number=1234567" -d "contract_number=$CN"
[ "$S" = 303 ] && ok "a contract is recorded" || ko "a contract is recorded" "$S"
req pc GET /account/payment
body_has "Waiting for verification" && ok "a new contract waits for billing's verification" || ko "a new contract waits for billing's verification" "missing"
req pc GET /policies/new
[ "$S" = 303 ] && ok "no policy before the contract is verified" || ko "no policy before the contract is verified" "$S"
ctl billing standing --merchant "pc$$@example.com" --good >/dev/null
req pc GET /policies/new
body_has 'value="expedited"' && ok "Expedited Parcel is offered to contract accounts" || ko "Expedited Parcel is offered to contract accounts" "not offered"
PNAME="Contract" policy_form pc service=expedited channel=post_office
PC=$(hval Location | sed -n 's|^/policies/\(PR[0-9]*\)?created=1$|\1|p')
[ -n "$PC" ] && ok "a contract account creates an Expedited policy" || ko "a contract account creates an Expedited policy" "$S"
req pc GET "/policies/$PC"
body_has "Customers get labels at a post office with the policy number" && ok "a post-office policy has no link" || ko "a post-office policy has no link" "missing"
req pc GET "/policies/$PC/qr.svg"
[ "$S" = 404 ] && ok "a post-office policy has no QR code" || ko "a post-office policy has no QR code" "$S"
ctl billing standing --merchant "pc$$@example.com" --not-good >/dev/null
ctl billing check >/dev/null
req pc GET /policies/
body_has "ask your billing contact to verify your account" && ok "a contract suspension shows the contract steps" || ko "a contract suspension shows the contract steps" "missing"

# ---- delete ----
req pa GET "/policies/$PA/delete"
expect "deleting asks first" 200 "Deleting a policy is final"
body_has "stay valid" && ok "the confirmation says labels stay valid" || ko "the confirmation says labels stay valid" "missing"
t=$(csrf)
req pa POST "/policies/$PA/delete" -d "csrf=$t"
[ "$S" = 303 ] && [ "$(hval Location)" = "/policies/?deleted=1" ] && ok "delete" || ko "delete" "$S $(hval Location)"
req pa GET /policies/
body_has "$PA" && ko "a deleted policy leaves the list" "still there" || ok "a deleted policy leaves the list"
req pa GET "/policies/$PA"
expect "a deleted policy is a 404" 404
req pa GET "/policies/$PA/edit"
expect "editing a deleted policy is a 404" 404
req pa POST "/policies/$PA/activate" -d "csrf=$t"
expect "a deleted policy cannot be restored" 404
req cust GET "/r/$TOKEN"
expect "a deleted policy's link is a 410 page" 410 "This return link no longer works"
security_headers "410 carries the security headers once"
