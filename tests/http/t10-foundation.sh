# t10 -- the foundation: language, errors, headers, CSRF, accounts.
# ---- liveness, language, headers ----
req anon GET /healthz
expect "healthz answers ok" 200 "ok"
security_headers "healthz carries the security headers once"

req anon GET /account/login
expect "login page in English by default" 200 "<html lang=\"en\">"
security_headers "login page carries the security headers once"
head_has "Content-Type: text/html; charset=utf-8" && ok "html has a charset" || ko "html has a charset" "$(hval Content-Type)"

req fresh1 GET /account/login -H 'Accept-Language: fr-CA,fr;q=0.9,en;q=0.5'
expect "Accept-Language fr gives French" 200 "Ouvrir une session"
body_has '<html lang="fr">' && ok "html lang=fr" || ko "html lang=fr" "missing"

req fresh2 GET '/account/login?lang=fr'
expect "?lang=fr gives French" 200 "Mot de passe"
head_has "Set-Cookie: lang=fr" && ok "?lang sets the lang cookie" || ko "?lang sets the lang cookie" "no cookie"
req fresh2 GET /account/signup -H 'Accept-Language: en'
expect "the lang cookie beats Accept-Language" 200 "Créer votre compte"
req fresh2 GET '/account/signup?lang=en'
expect "?lang=en switches back" 200 "Create your account"

# ---- errors are pages, in the user's language, with headers ----
req fresh2 GET /no/such/page
expect "unknown path is a 404 page" 404 "could not find this page"
security_headers "404 carries the security headers once"
req fresh3 GET /no/such/page -b 'lang=fr'
expect "404 page in French" 404 "Nous n’avons pas trouvé cette page"

req anon GET '/account/login?x=%zz'
expect "bad percent-encoding is a 400 that says so" 400 "badly encoded character"
security_headers "400 carries the security headers once"
req anon GET '/account/login?x=%ff%fe'
expect "invalid UTF-8 is a 400 that says so" 400 "not valid UTF-8"
req frjar GET '/account/login?lang=fr&x=%c0%af'
expect "400 page follows ?lang" 400 "UTF-8 valide"
S=$(curl -s -o "$T/b" -D "$T/h" -w '%{http_code}' -H 'Cookie: a=b c; d; lang=fr' "$BASE/account/login")
expect "a malformed cookie (another application's) is skipped, the rest read" 200 'lang="fr"'
req anon GET /account/logout
expect "GET on a POST-only route is a 405" 405 "does not accept"
head_has "Allow: POST" && ok "405 names the allowed method" || ko "405 names the allowed method" "no Allow"
security_headers "405 carries the security headers once"

head -c 100000 /dev/zero | tr '\0' 'a' > "$T/big"
req anon POST /account/login --data-binary "@$T/big" -H 'Content-Type: application/x-www-form-urlencoded'
expect "oversized body is a 413 from nginx" 413 "Request too large"
security_headers "413 carries the security headers once"

req anon GET /account/login
tok=$(csrf)
req anon POST /account/login -H 'Content-Type: application/json' --data-binary "{\"csrf\":\"$tok\"}"
expect "a POST that is not a form is a 400" 400 "not sent as a web form"

# ---- CSRF ----
req csrfjar GET /account/login
tok=$(csrf)
[ ${#tok} = 64 ] && ok "forms carry a 256-bit CSRF token" || ko "forms carry a 256-bit CSRF token" "got '$tok'"
head_has "HttpOnly; SameSite=Lax" && ok "csrf cookie is HttpOnly and SameSite=Lax" || ko "csrf cookie is HttpOnly and SameSite=Lax" "$(hval Set-Cookie)"
req anon POST /account/login -d "email=x@example.com&password=y"
expect "POST without a CSRF token is a 403" 403 "did not come from this site"
security_headers "403 carries the security headers once"
req anon POST /account/login -d "csrf=$(printf '0%.0s' $(seq 64))&email=x@example.com&password=y"
expect "POST with a wrong CSRF token is a 403" 403
req anon POST /account/login -d "csrf=$tok&email=x@example.com&password=y" -H 'Origin: http://evil.example'
expect "POST from a foreign Origin is a 403" 403
req anon POST /account/login -d "csrf=$tok&csrf=$tok&email=x@example.com&password=y"
expect "POST with two CSRF tokens is a 403" 403

# ---- sign up ----
n0=$(sql "SELECT count(*) FROM merchants")
req anon GET /account/signup
tok=$(csrf)
req anon POST /account/signup -d "csrf=$tok" --data-urlencode "business=Chez Léa" \
    -d "email=not-an-email" -d "password=short" -d "password2=other" -d lang=fr -d tz=America/Halifax
expect "sign-up with errors comes back as a 400" 400 "Please correct the fields"
body_has 'value="Chez Léa"' && ok "sign-up keeps the business name typed" || ko "sign-up keeps the business name typed" "lost"
body_has 'value="not-an-email"' && ok "sign-up keeps the email typed" || ko "sign-up keeps the email typed" "lost"
body_has 'id="email-err"' && body_has "Enter an email address" && ok "email error next to the field" || ko "email error next to the field" "missing"
body_has "At least 12 characters" && ok "password length error" || ko "password length error" "missing"
body_has 'value="short"' && ko "passwords are never echoed" "echoed" || ok "passwords are never echoed"
grep -q '<option value="America/Halifax" selected>' "$T/b" && ok "sign-up keeps the chosen time zone" || ko "sign-up keeps the chosen time zone" "lost"
[ "$(sql "SELECT count(*) FROM merchants")" = "$n0" ] && ok "a refused sign-up stores nothing" || ko "a refused sign-up stores nothing" "stored"

EMAIL="m$$@example.com"
sign_up m1 "$EMAIL" '<script>alert(1)</script> & Co'
expect "sign-up redirects (303)" 303
[ "$(hval Location)" = "/policies/?welcome=1" ] && ok "sign-up goes to the Return policies tab" || ko "sign-up goes to the Return policies tab" "$(hval Location)"
grep -i '^Set-Cookie: sid=' "$T/h" | grep -q 'HttpOnly; SameSite=Lax' && ok "session cookie is HttpOnly, SameSite=Lax" || ko "session cookie is HttpOnly, SameSite=Lax" "$(grep -i sid= "$T/h")"
sid=$(sed -n 's/^Set-Cookie: sid=\([0-9a-f]*\);.*/\1/p' "$T/h" | tr -d '\r')
[ ${#sid} = 64 ] && ok "session id has 256 bits" || ko "session id has 256 bits" "'$sid'"
hash=$(printf %s "$sid" | sha256sum | cut -d' ' -f1)
[ "$(sql "SELECT count(*) FROM sessions WHERE idhash='$hash'")" = 1 ] && ok "session stored as its SHA-256" || ko "session stored as its SHA-256" "not found"
[ "$(sql "SELECT count(*) FROM sessions WHERE idhash='$sid'")" = 0 ] && ok "raw session id not stored" || ko "raw session id not stored" "found"
sql "SELECT pw_hash FROM users WHERE email='$EMAIL'" | grep -q '^scrypt\$17\$8\$1\$' && ok "password stored as scrypt with its parameters" || ko "password stored as scrypt with its parameters" "$(sql "SELECT pw_hash FROM users WHERE email='$EMAIL'")"

req m1 GET '/policies/?welcome=1'
expect "the Return policies tab is the home" 200 "Welcome! Your account is ready."
body_has '&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co' && ok "business name escaped in the page" || ko "business name escaped in the page" "not escaped"
body_has '<script>alert(1)' && ko "no raw script from user input" "raw" || ok "no raw script from user input"
body_has 'aria-current="page">Return policies' && ok "policies tab marked current" || ko "policies tab marked current" "no"
for p in /returns/ /settings/notifications /account/profile /account/password /help; do
	req m1 GET "$p"
	expect "logged-in page $p" 200
done
req m1 GET /settings/
[ "$S" = 303 ] && [ "$(hval Location)" = /settings/notifications ] && ok "/settings/ leads to notifications" || ko "/settings/ leads to notifications" "$S $(hval Location)"

# the same email again (any case): the same answer as a new address, the
# owner told by email, nothing else made
req m2 GET /account/signup
tok=$(csrf)
req m2 POST /account/signup -d "csrf=$tok" -d business=Dup --data-urlencode "email=$(echo "$EMAIL" | tr a-z A-Z)" \
    -d "password=another long password" -d "password2=another long password" -d lang=en -d tz=America/Toronto
dup="$S $(hval Location)"
req m3 GET /account/signup
tok=$(csrf)
req m3 POST /account/signup -d "csrf=$tok" -d business=New --data-urlencode "email=new$$@example.com" \
    -d "password=another long password" -d "password2=another long password" -d lang=en -d tz=America/Toronto
new="$S $(hval Location)"
[ "$dup" = "$new" ] && [ "$new" = "303 /account/signup?sent=1" ] && ok "sign-up answers the same for a taken and a new address ($new)" || ko "sign-up answers the same for a taken and a new address" "'$dup' vs '$new'"
[ "$(sql "SELECT count(*) FROM users WHERE email = '$(echo "$EMAIL" | tr a-z A-Z)' OR email = '$EMAIL'")" = 1 ] &&
    [ "$(sql "SELECT count(*) FROM outbox WHERE kind = 'exists' AND to_addr = '$EMAIL'")" = 1 ] &&
    ok "a taken address gets no second account, its owner an email" || ko "a taken address gets no second account, its owner an email" "$(sql "SELECT count(*) FROM outbox WHERE kind = 'exists' AND to_addr = '$EMAIL'")"
grep -qi '^Set-Cookie: sid=' "$T/h" && ko "a new sign-up is not logged in before its address is confirmed" "a session" || ok "a new sign-up is not logged in before its address is confirmed"
req m3 GET "/account/signup?sent=1"
body_has "Check your inbox" && ok "the answer says to check the inbox" || ko "the answer says to check the inbox" "$S"
[ "$(sql "SELECT count(*) FROM outbox WHERE kind = 'confirm' AND to_addr = 'new$$@example.com'")" = 1 ] && ok "the new address gets its confirmation link" || ko "the new address gets its confirmation link" "none"
tok=$(csrf)
req m3 GET /account/login
tok=$(csrf)
req m3 POST /account/login -d "csrf=$tok" --data-urlencode "email=new$$@example.com" -d "password=another long password"
[ "$S" = 403 ] && body_has "not confirmed yet" && [ "$(sql "SELECT count(*) FROM outbox WHERE kind = 'confirm' AND to_addr = 'new$$@example.com'")" = 2 ] &&
    ok "logging in before confirming says so and sends the link again" || ko "logging in before confirming says so and sends the link again" "$S"

# ---- logged out: the tabs send you to the login ----
for p in /policies/ /returns/ /settings/notifications /account/profile; do
	req nobody GET "$p"
	[ "$S" = 303 ] && [ "$(hval Location)" = /account/login ] && ok "$p needs a login" || ko "$p needs a login" "$S $(hval Location)"
done

# ---- log out, log in ----
req m1 GET /policies/
tok=$(csrf)
req m1 POST /account/logout -d "csrf=$tok"
[ "$S" = 303 ] && ok "logout redirects" || ko "logout redirects" "$S"
[ "$(sql "SELECT count(*) FROM sessions WHERE idhash='$hash'")" = 0 ] && ok "logout deletes the session" || ko "logout deletes the session" "still there"
S=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: sid=$sid" "$BASE/policies/")
[ "$S" = 303 ] && ok "the old session cookie no longer works" || ko "the old session cookie no longer works" "$S"

req m1 GET /account/login
tok=$(csrf)
req m1 POST /account/login -d "csrf=$tok" --data-urlencode "email=$EMAIL" -d "password=wrong password"
expect "wrong password is refused" 403 "The email or password is incorrect."
cp "$T/b" "$T/wrongpw"
body_has "value=\"$EMAIL\"" && ok "login keeps the email typed" || ko "login keeps the email typed" "lost"
req m1 POST /account/login -d "csrf=$tok" --data-urlencode "email=nobody$$@example.com" -d "password=wrong password"
expect "unknown email is refused" 403
diff <(sed "s/nobody$$@example.com/X/" "$T/b") <(sed "s/$EMAIL/X/" "$T/wrongpw") >/dev/null \
    && ok "unknown email and wrong password get the same answer" || ko "unknown email and wrong password get the same answer" "pages differ"
req m1 POST /account/login -d "csrf=$tok" --data-urlencode "email=$EMAIL" -d "password=a good long password"
[ "$S" = 303 ] && [ "$(hval Location)" = /policies/ ] && ok "login redirects to the policies tab" || ko "login redirects to the policies tab" "$S $(hval Location)"
sid2=$(sed -n 's/^Set-Cookie: sid=\([0-9a-f]*\);.*/\1/p' "$T/h" | tr -d '\r')
[ -n "$sid2" ] && [ "$sid2" != "$sid" ] && ok "login issues a new session id" || ko "login issues a new session id" "same or none"
req m1 GET /policies/
expect "logged in again" 200 "Return policies"

# ---- profile and password ----
req m1 GET /account/profile
tok=$(csrf)
req m1 POST /account/profile -d "csrf=$tok" -d "business=" -d lang=fr -d tz=America/Winnipeg
expect "empty business name refused" 400 "This field is required."
req m1 POST /account/profile -d "csrf=$tok" --data-urlencode "business=Nouvelle Boutique" -d lang=fr -d tz=Mars/Olympus
expect "a time zone outside Canada refused" 400 "Choose one of the options"
req m1 GET /account/profile
body_has 'value="America/Regina"' && body_has 'value="America/Whitehorse"' && ok "Saskatchewan (Regina) and Yukon (Whitehorse) are offered" || ko "Saskatchewan and Yukon are offered" "missing"
req m1 POST /account/profile -d "csrf=$tok" --data-urlencode "business=Nouvelle Boutique" -d lang=fr -d tz=America/Winnipeg
[ "$S" = 303 ] && ok "profile saved" || ko "profile saved" "$S"
req m1 GET '/account/profile?done=1'
expect "profile language switches the pages to French" 200 "Votre profil a été enregistré."
[ "$(sql "SELECT tz||'|'||lang||'|'||business_name FROM merchants m JOIN users u ON u.merchant_id=m.id WHERE u.email='$EMAIL'")" = "America/Winnipeg|fr|Nouvelle Boutique" ] \
    && ok "profile stored" || ko "profile stored" "not stored"
# another browser, in English, without our cookie: after log-in the
# profile's language wins
req m1b GET /account/login -H 'Accept-Language: en'
tok=$(csrf)
req m1b POST /account/login -H 'Accept-Language: en' -d "csrf=$tok" --data-urlencode "email=$EMAIL" --data-urlencode "password=a good long password"
req m1b GET /policies/ -H 'Accept-Language: en'
[ "$S" = 200 ] && grep -q '<html lang="fr">' "$T/b" && ok "after log-in the profile's language (French) wins over an English browser" \
    || ko "after log-in the profile's language (French) wins over an English browser" "$S $(grep -o '<html[^>]*>' "$T/b")"

req m1 GET /account/password
tok=$(csrf)
req m1 POST /account/password -d "csrf=$tok" -d "current=not it at all" -d "password=brand new password" -d "password2=brand new password"
expect "password change needs the current password" 400 "Ce n’est pas votre mot de passe actuel."
req m1 POST /account/password -d "csrf=$tok" -d "current=a good long password" -d "password=brand new password" -d "password2=brand new password"
[ "$S" = 303 ] && ok "password changed" || ko "password changed" "$S"
req m1 GET /policies/
expect "still logged in after changing the password" 200
S=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: sid=$sid2" "$BASE/policies/")
[ "$S" = 303 ] && ok "other sessions end when the password changes" || ko "other sessions end when the password changes" "$S"

# ---- throttling ----
req t1 GET /account/login
tok=$(csrf)
last=""
for i in 1 2 3 4 5 6; do
	req t1 POST /account/login -d "csrf=$tok" --data-urlencode "email=$EMAIL" -d "password=guess $i" --interface 127.0.0.2
	last=$S
done
[ "$last" = 429 ] && body_has "Too many attempts" && ok "repeated failures lock the account for a while" || ko "repeated failures lock the account for a while" "last status $last"
req t1 POST /account/login -d "csrf=$tok" --data-urlencode "email=$EMAIL" -d "password=brand new password" --interface 127.0.0.2
[ "$S" = 429 ] && ok "even the right password waits out the lock" || ko "even the right password waits out the lock" "$S"

codes=""
for i in $(seq 1 40); do
	codes="$codes $(curl -s -o "$T/b" -D "$T/h" -w '%{http_code}' --interface 127.0.0.3 -d x=1 "$BASE/account/login")"
done
case "$codes" in *429*) ok "nginx rate-limits log-in POSTs per address (429)";; *) ko "nginx rate-limits log-in POSTs per address (429)" "$codes";; esac
for i in 1 2 3 4 5 6 7 8 9 10; do	# the bucket refills once a second
	S=$(curl -s -o "$T/b" -D "$T/h" -w '%{http_code}' --interface 127.0.0.3 -d x=1 "$BASE/account/login")
	[ "$S" = 429 ] && break
done
security_headers "429 carries the security headers once"
body_has "Trop de requêtes" && ok "429 page is bilingual" || ko "429 page is bilingual" "no French"
S=$(curl -s -o /dev/null -w '%{http_code}' --interface 127.0.0.3 "$BASE/account/login")
[ "$S" = 200 ] && ok "the login page itself is not rate-limited" || ko "the login page itself is not rate-limited" "$S"

# ---- a database that cannot be written: 503, the worker lives on ----
req busy GET '/account/login?lang=fr'
tok=$(csrf)
(echo "BEGIN IMMEDIATE;"; sleep 7; echo "COMMIT;") | sqlite3 "$DB" &
lockpid=$!
sleep 0.5
req busy POST /account/login -d "csrf=$tok" -d "email=busy@example.com" -d "password=whatever it is"
expect "a locked database gives a 503 page in the user's language" 503 "momentanément indisponible"
security_headers "503 carries the security headers once"
wait $lockpid
req busy POST /account/login -d "csrf=$tok" -d "email=busy@example.com" -d "password=whatever it is"
expect "the same worker answers normally once the lock is gone" 403

# ---- returnsctl --help, and on every command ----
bad=""
for c in "" init merchant demo links tracking billing backup restore check; do
	out=$("$TOP/build/bin/returnsctl" $c --help 2>&1) && case $out in *usage:*) ;; *) bad="$bad ${c:-returnsctl}" ;; esac || bad="$bad ${c:-returnsctl}"
done
[ -z "$bad" ] && ok "returnsctl --help and COMMAND --help print their usage and succeed" || ko "returnsctl --help and COMMAND --help print their usage and succeed" "$bad"

# ---- static files ----
req anon GET /static/style.css
expect "nginx serves the stylesheet" 200
security_headers "static files carry the security headers once"
req anon GET /static/no-such-file.css
expect "a missing static file is the bilingual 404 page" 404 "Page introuvable"
body_has "Page not found" && [ "$(hval Cache-Control)" = no-store ] && ok "... in English too, not cached" || ko "... in English too, not cached" "$(hval Cache-Control)"
security_headers "the static 404 carries the security headers once"
req anon GET /static/
expect "the static directory itself is the same 404, no listing" 404 "Page not found"
# nginx's own refusals: the same bilingual page, with the headers
req anon GET "/$(head -c 20000 /dev/zero | tr '\0' a)"
expect "an address too long is nginx's 414 with the bilingual page" 414 "La requête n’a pas pu être traitée"
body_has "The request could not be handled" && ok "... in English too" || ko "... in English too" "missing"
security_headers "the 414 carries the security headers once"
req anon POST /static/style.css -d x=1
expect "a POST to a static file is a 405 with the bilingual page" 405 "The request could not be handled"

