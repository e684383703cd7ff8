# t67 -- the shop as its customers see it: a logo (decoded and encoded
# again by a library before it is kept, served from our own path) and an
# accent colour checked for WCAG AA contrast, on the customer's pages and
# in their emails. Uses t30's merchant (jar ra) and its last policy.
shop_csrf() { req ra GET /account/profile; PCSRF=$(csrf); }
upload() {	# FILE [TYPE]: the logo form as a browser sends it
	shop_csrf
	req ra POST /account/profile/logo -F "csrf=$PCSRF" -F "logo=@$1;type=${2:-image/png}"
}
logo_err() { sed -n 's/.*id="logo-err">\([^<]*\)<.*/\1/p' "$T/b"; }

printf 'just some text\n' >"$T/not-an-image.png"
upload "$T/not-an-image.png"
[ "$S" = 400 ] && [ "$(logo_err)" = "This file is not a PNG or JPEG image." ] && body_has 'aria-invalid="true"' &&
    ok "logo: a file that is not PNG or JPEG is refused beside its field (400)" || ko "logo: not an image" "$S '$(logo_err)'"
{ printf '\211PNG\r\n\032\n'; head -c 210000 /dev/urandom; } >"$T/big.png"
upload "$T/big.png"
[ "$S" = 400 ] && logo_err | grep -q "larger than 200 KB" &&
    ok "logo: over 200 KB is refused with its size said" || ko "logo: over 200 KB" "$S '$(logo_err)'"
head -c 1200000 /dev/urandom >"$T/huge.png"
upload "$T/huge.png"
[ "$S" = 413 ] && ok "logo: over a megabyte stops at nginx (413 page)" || ko "logo: over a megabyte" "$S"
# a JPEG that says 65535 x 65535 pixels: refused before anything is decoded
printf '\377\330\377\300\000\021\010\377\377\377\377\003\001\042\000\002\021\001\003\021\001\377\331' >"$T/bomb.jpg"
upload "$T/bomb.jpg" image/jpeg
[ "$S" = 400 ] && logo_err | grep -q "too many pixels" &&
    ok "logo: a JPEG claiming 65535 x 65535 pixels is refused from its header" || ko "logo: pixel bomb" "$S '$(logo_err)'"
{ printf '\211PNG\r\n\032\n'; head -c 3000 /dev/urandom; } >"$T/broken.png"
upload "$T/broken.png"
[ "$S" = 400 ] && logo_err | grep -q "could not be read" &&
    ok "logo: a damaged PNG is refused (the library cannot read it)" || ko "logo: damaged PNG" "$S '$(logo_err)'"
shop_csrf
req ra POST /account/profile/logo -F "csrf=0000" -F "logo=@$T/broken.png;type=image/png"
[ "$S" = 403 ] && ok "logo: the upload form checks its CSRF token" || ko "logo: CSRF" "$S"

# a real PNG with HTML after it: kept as a new PNG, nothing of the HTML
rsvg-convert -w 900 -h 300 -b '#20508a' "$TOP/htdocs/favicon.svg" -o "$T/logo.png"
cp "$T/logo.png" "$T/polyglot.png"
printf '<script>alert(1)</script>' >>"$T/polyglot.png"
upload "$T/polyglot.png"
[ "$S" = 303 ] && [ "$(hval Location)" = "/account/profile?logo=done" ] &&
    ok "logo: a PNG is accepted (303 to the profile, which says so)" || ko "logo: a PNG accepted" "$S $(hval Location) '$(logo_err)'"
req ra GET /account/profile/logo.png
cp "$T/b" "$T/kept.png"
dims=$(file "$T/kept.png")
[ "$S" = 200 ] && head_has "Content-Type: image/png" && ! grep -q '<script' "$T/kept.png" &&
    ! cmp -s "$T/kept.png" "$T/polyglot.png" && case "$dims" in *"PNG image data, 600 x 200"*) true;; *) false;; esac &&
    ok "logo: kept as a PNG made again by the library (900x300 scaled to 600x200, trailing HTML gone)" ||
    ko "logo: kept as a new PNG" "$S $dims"
# a JPEG (made from a label) is kept as a PNG too
RET_IFACE=127.0.0.67 ret_form cust67 "$LINKTOK" email=shop67-$$@example.com
SDL=$(hval Location); SDL=${SDL##*/r/t/}
curl -s -o "$T/l67.pdf" "$BASE/r/t/$SDL/label.pdf"
pdftoppm -jpeg -r 40 -singlefile "$T/l67.pdf" "$T/l67" 2>/dev/null
upload "$T/l67.jpg" image/jpeg
req ra GET /account/profile/logo.png
[ "$S" = 200 ] && [ "$(head -c 4 "$T/b" | od -An -c | tr -d ' ')" = '211PNG' ] &&
    ok "logo: a JPEG is accepted and kept as a PNG" || ko "logo: a JPEG accepted" "$S $(head -c 8 "$T/b" | od -An -c)"
upload "$T/logo.png"
req ra GET /account/profile/logo.png
cp "$T/b" "$T/mine.png"

# the customer's pages and the logo's own path
req cust67b GET "/r/$LINKTOK"
LOGO=$(sed -n 's|.*<img class="shop-logo" src="\([^"]*\)".*|\1|p' "$T/b" | head -1)
KEY=$(printf '%s' "$LOGO" | sed -n 's|^/r/s/\([^/]*\)/logo.png.*|\1|p')
req cust67b GET "$LOGO"
[ -n "$KEY" ] && [ "$S" = 200 ] && head_has "Content-Type: image/png" && cmp -s "$T/b" "$T/mine.png" &&
    ok "the customer's page shows the shop's logo, served from /r/s/<shop key>/logo.png" ||
    ko "the customer's page shows the logo" "'$LOGO' $S"
mid=${KEY%%-*}
code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/r/s/$mid-0000000000000000/logo.png")
code2=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/r/s/$((mid + 1))-${KEY#*-}/logo.png")
[ "$code" = 404 ] && [ "$code2" = 404 ] && ok "a shop key with a wrong MAC, or another shop's number: 404" ||
    ko "forged shop keys" "$code $code2"

# the accent colour: white text on it at 4.5:1 at least
profile_post() {	# ACCENT
	shop_csrf
	req ra POST /account/profile -d "csrf=$PCSRF" --data-urlencode "business=$(sql "SELECT business_name FROM merchants m JOIN users u ON u.merchant_id = m.id WHERE u.email = 'ra$$@example.com'")" \
	    -d lang=en -d tz=America/Toronto --data-urlencode "accent=$1"
}
accent_err() { sed -n 's/.*id="accent-err">\([^<]*\)<.*/\1/p' "$T/b"; }
profile_post '#ffff00'
[ "$S" = 400 ] && accent_err | grep -q "hard to read" && body_has 'value="#ffff00"' &&
    ok "accent: yellow (1.07:1 under white text) is refused beside its field, the input kept" || ko "accent: too light" "$S '$(accent_err)'"
profile_post '#767676'
[ "$S" = 303 ] && ok "accent: #767676 (4.54:1, just over AA) is accepted" || ko "accent: #767676" "$S '$(accent_err)'"
profile_post '#777777'
[ "$S" = 400 ] && ok "accent: #777777 (4.48:1, just under AA) is refused" || ko "accent: #777777" "$S"
profile_post 'blue'
[ "$S" = 400 ] && accent_err | grep -q "six hexadecimal digits" && ok "accent: 'blue' is refused: the format is said" || ko "accent: format" "$S '$(accent_err)'"
profile_post '#1A5FB4'
req cust67b GET "/r/$LINKTOK"
THEME=$(sed -n 's|.*<link rel="stylesheet" href="\([^"]*theme.css[^"]*\)".*|\1|p' "$T/b" | head -1)
req cust67b GET "$THEME"
[ -n "$THEME" ] && [ "$S" = 200 ] && head_has "Content-Type: text/css" && body_has "--brand: #1a5fb4;" &&
    ok "accent: the customer's pages load the shop's colour from a stylesheet of our own (CSP: no inline style)" ||
    ko "accent on the customer's page" "'$THEME' $S $(head -c 200 "$T/b")"

# the customer's email: the logo from our own path, the button in the colour
if smtp_up; then
	notifier
	html=$($PY - "$MBOX/new" "shop67-$$@example.com" <<'PYEOF'
import email, email.policy, os, sys
d, to = sys.argv[1:]
for f in sorted(os.listdir(d), key=lambda f: os.path.getmtime(os.path.join(d, f))):
    m = email.message_from_binary_file(open(os.path.join(d, f), "rb"), policy=email.policy.default)
    if m["To"] == to:
        h = m.get_body(("html",))
        print(h.get_content() if h else "")
PYEOF
)
	smtp_down
	printf '%s' "$html" | grep -q "src=\"$BASE/r/s/$KEY/logo.png" && printf '%s' "$html" | grep -q 'background:#1a5fb4' &&
	    ok "the customer's email shows the shop's logo (our path, on base_url) and its colour" ||
	    ko "the customer's email: logo and colour" "$(printf '%s' "$html" | grep -o '<img[^>]*>\|background:#[0-9a-f]*' | head -3 | tr '\n' ' ')"
else
	ko "the customer's email: logo and colour" "no SMTP server"
fi

# removed: gone from the pages and from its path
shop_csrf
req ra POST /account/profile/logo/remove -d "csrf=$PCSRF"
[ "$S" = 303 ] && req cust67b GET "/r/$LINKTOK" && ! body_has 'class="shop-logo"' &&
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE$LOGO")" = 404 ] &&
    ok "logo removed: not on the customer's page, its path 404" || ko "logo removed" "$S"
profile_post ''

# the list sorts by its columns (a link on each header; aria-sort on the
# current one), both ways, the filters kept
names() { grep -o '<td data-label="Customer">[^<]*</td>' "$T/b" | sed 's|<td data-label="Customer">\([^<]*\)</td>|\1|'; }
req ra GET "/returns/list?sort=customer&per=100"
names >"$T/n-asc"
[ "$S" = 200 ] && grep -q '<th scope="col" aria-sort="ascending"><a class="sort" href="/returns/list?per=100&amp;sort=customer&amp;dir=desc">Customer' "$T/b" &&
    [ "$(wc -l <"$T/n-asc")" -ge 3 ] && LC_ALL=C sort -f -c "$T/n-asc" 2>/dev/null &&
    ok "the list sorted by customer, A to Z; its header says so and links to Z to A" ||
    ko "the list sorted by customer" "$S $(grep -o '<th[^>]*aria-sort[^>]*>.\{0,120\}' "$T/b" | head -2) $(head -5 "$T/n-asc" | tr '\n' '|')"
req ra GET "/returns/list?sort=customer&dir=desc&per=100"
names >"$T/n-desc"
LC_ALL=C sort -f -r -c "$T/n-desc" 2>/dev/null && [ "$(sort "$T/n-asc")" = "$(sort "$T/n-desc")" ] &&
    ok "the list sorted by customer, Z to A: the same returns" || ko "the list sorted Z to A" "$(head -5 "$T/n-desc" | tr '\n' '|')"
req ra GET "/returns/list?sort=status&status=created&per=25"
[ "$S" = 200 ] && grep -q '<option value="status" selected>' "$T/b" && grep -q 'href="/returns/list?status=created&amp;per=25&amp;sort=status&amp;dir=desc"' "$T/b" &&
    ok "a sort keeps the filters (the form carries it, the header links keep them)" || ko "a sort keeps the filters" "$S"
req ra GET "/returns/list?sort=password"
[ "$S" = 400 ] && ok "an unknown sort: 400 page" || ko "an unknown sort" "$S"

# a policy's own reasons, in both languages, and which of the catalogue's
# it offers
PNAME="Reasons $$" policy_form ra reason_damaged= reason_not_as_described= \
    "reasons_en=Arrived too late
Gift I did not want" "reasons_fr=Arrivé trop tard"
[ "$S" = 400 ] && grep -q 'id="reasons_en-err">Write as many reasons in French as in English' "$T/b" &&
    grep -q 'Gift I did not want</textarea>' "$T/b" &&
    ok "own reasons: not as many lines in French as in English is refused beside the field, the text kept" ||
    ko "own reasons: line counts" "$S $(grep -o 'id="reasons_en-err">[^<]*' "$T/b")"
new_policy ra "Reasons $$" reason_damaged= reason_not_as_described= \
    "reasons_en=Arrived too late
Gift I did not want" "reasons_fr=Arrivé trop tard
Cadeau non voulu"
RTOK=$LINKTOK
req ra GET "/policies/$PN"
body_has "Wrong size · No longer needed · Arrived too late · Gift I did not want · Other" &&
    ok "own reasons: the policy's page lists what customers choose from, in order" ||
    ko "own reasons: the policy's page" "$(grep -o '<dd>[^<]*Other</dd>' "$T/b")"
req cust67r GET "/r/$RTOK?lang=fr"
opts=$(grep -o 'name="reason" value="[^"]*"> [^<]*' "$T/b" | sed 's/.*value="\([^"]*\)"> /\1=/' | tr '\n' '|')
[ "$opts" = "wrong_size=Mauvaise taille|not_needed=Plus nécessaire|c1=Arrivé trop tard|c2=Cadeau non voulu|other=Autre|" ] &&
    ok "own reasons: the customer's form offers the policy's reasons in French" || ko "own reasons: the form's choices" "$opts"
RET_IFACE=127.0.0.68 ret_form cust67r "$RTOK" reason=damaged email=r1-$$@example.com
[ "$S" = 400 ] && ok "own reasons: a reason the policy does not offer is refused" || ko "own reasons: a reason not offered" "$S"
RET_IFACE=127.0.0.68 ret_form cust67r "$RTOK" reason=c2 email=r2-$$@example.com
R2=$(sql "SELECT tracking FROM shipments WHERE email = 'r2-$$@example.com'")
[ "$S" = 303 ] && [ "$(sql "SELECT reason FROM shipments WHERE tracking = '$R2'")" = "$(printf 'c:Gift I did not want\tCadeau non voulu')" ] &&
    ok "own reasons: a return keeps the reason's words in both languages (they outlive the policy's list)" ||
    ko "own reasons: kept" "$S $(sql "SELECT reason FROM shipments WHERE tracking = '$R2'")"
req ra GET "/returns/$R2"
body_has "Gift I did not want" && ok "own reasons: the return's page says it in the merchant's language" || ko "own reasons: the return's page" "$S"
req ra GET "/returns/list?q=$R2"
grep -q '<td data-label="Reason">Gift I did not want</td>' "$T/b" && ok "own reasons: the list says it" || ko "own reasons: the list" "$S"
req ra GET "/returns/list.csv?q=$R2"
grep -q 'Gift I did not want' "$T/b" && ! grep -q 'c:Gift' "$T/b" && ok "own reasons: the CSV says it (not the kept code)" || ko "own reasons: the CSV" "$(tail -1 "$T/b")"
req ra GET "/returns/?lang=fr"
grep -q 'Cadeau non voulu' "$T/b" && ok "own reasons: the Returns tab's reasons chart counts it, in French for a French page" ||
    ko "own reasons: the chart" "$S"
req ra GET "/returns/?lang=en"
