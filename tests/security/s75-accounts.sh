# s75 -- getting back into an account, and keeping strangers out of it
# (issue 16): log-in failures per address and email together, forgotten
# as time passes, the operator's unlock and new password; "Forgot your
# password?" with a one-hour, one-time link whose token the database does
# not hold; weak passwords refused beside the field; scrypt at N=2^17; a
# visitor's csrf cookie that another site cannot choose.
PW_C="Sec-C-pw-$U-obsidian"
PW_C2="Sec-C-reset-$U-feldspar"
PW_C3="Sec-C-operator-$U-gneiss"
PASSWORDS+=("$PW_C" "$PW_C2" "$PW_C3")
EC="sec-c-$U@example.com"
sign_up c "$EC" "Secure Shop C" "$PW_C"
[ "$S" = 303 ] && ok "merchant C signs up" || ko "merchant C signs up" "$S"
[ "$(sql "SELECT substr(pw_hash, 1, 14) FROM users WHERE email = '$EC'")" = 'scrypt$17$8$1$' ] &&
    ok "passwords are hashed with scrypt N=2^17, r=8, p=1" || ko "passwords are hashed with scrypt N=2^17" "$(sql "SELECT substr(pw_hash, 1, 14) FROM users WHERE email = '$EC'")"

# ---- weak passwords, refused beside the field in the user's language ----
for weakpw in password1234 iloveyou1234 qwertyuiop12 "short one"; do
	req anonw GET /account/signup?lang=fr
	t=$(csrf)
	req anonw POST /account/signup -d "csrf=$t" --data-urlencode "business=Weak $U" \
	    --data-urlencode "email=weak-$U@example.com" --data-urlencode "password=$weakpw" \
	    --data-urlencode "password2=$weakpw" -d lang=fr -d tz=America/Toronto
	if [ "$S" = 400 ] && grep -q 'id="password-err"' "$T/b" && grep -qE 'trop courant|Au moins 12|trop simple' "$T/b" &&
	    grep -q "value=\"weak-$U@example.com\"" "$T/b"; then
		ok "sign-up refuses the weak password '$weakpw' beside the field, in French, the email kept"
	else
		ko "sign-up refuses the weak password '$weakpw'" "$S $(grep -o 'id="password-err">[^<]*' "$T/b")"
	fi
done
[ "$(sql "SELECT count(*) FROM users WHERE email = 'weak-$U@example.com'")" = 0 ] && ok "no account was made with a weak password" || ko "no account was made with a weak password" "made"

# ---- log-in failures: per address and email, not the email alone ----
login_from() {	# JAR ADDRESS PASSWORD
	req "$1" GET /account/login
	local t
	t=$(csrf)
	req "$1" POST /account/login --interface "$2" -d "csrf=$t" --data-urlencode "email=$EC" --data-urlencode "password=$3"
}
codes=""
for i in $(seq 6); do login_from str 127.0.0.41 "Sec-guess-$U-$i"; codes="$codes $S"; done
login_from str 127.0.0.41 "$PW_C"
codes="$codes right:$S"
case "$codes" in *" 429 right:429") ok "a stranger's wrong passwords lock the email from the stranger's address" ;;
	*) ko "a stranger's wrong passwords lock the email from the stranger's address" "$codes" ;; esac
login_from owner 127.0.0.42 "$PW_C"
[ "$S" = 303 ] && [ "$(hval Location)" = /policies/ ] && ok "the owner, from another address, still logs in" || ko "the owner, from another address, still logs in" "$S $(hval Location)"
out=$("$TOP/build/bin/returnsctl" -d "$DB" merchant unlock --email "$EC" 2>&1)
login_from str 127.0.0.41 "$PW_C"
[ "$S" = 303 ] && ok "returnsctl merchant unlock: the locked address logs in again ($out)" || ko "returnsctl merchant unlock" "$S $out"
[ "$(sql "SELECT count(*) FROM login_throttle WHERE key LIKE '$EC|%'")" = 0 ] && ok "a successful log-in leaves no failure behind" || ko "a successful log-in leaves no failure behind" "$(sql "SELECT * FROM login_throttle WHERE key LIKE '$EC|%'")"

# ---- forgot your password ----
req anonf GET /account/login?lang=en
grep -q 'href="/account/forgot"' "$T/b" && body_has "Forgot your password?" && ok "the log-in page offers 'Forgot your password?'" || ko "the log-in page offers 'Forgot your password?'" "$S"
req anonf GET /account/login?lang=fr
body_has "Mot de passe oublié" && ok "… and 'Mot de passe oublié ?' in French" || ko "… and 'Mot de passe oublié ?' in French" "$S"
forgot() {	# EMAIL -> $S, Location in $FLOC
	req anonf GET /account/forgot
	local t
	t=$(csrf)
	req anonf POST /account/forgot -d "csrf=$t" --data-urlencode "email=$1"
	FLOC=$(hval Location)
}
resets0=$(sql "SELECT count(*) FROM outbox WHERE kind = 'reset'")
forgot "nobody-$U@example.com"; a1="$S $FLOC"
forgot "$EC"; a2="$S $FLOC"
[ "$a1" = "$a2" ] && [ "$a1" = "303 /account/forgot?sent=1" ] && ok "the same answer whether the address has an account or not ($a1)" || ko "the same answer whether the address has an account or not" "'$a1' vs '$a2'"
req anonf GET "/account/forgot?sent=1&lang=en"
body_has "If an account uses this address" && ok "the answer says to check the inbox" || ko "the answer says to check the inbox" "$S"
[ "$(sql "SELECT count(*) FROM outbox WHERE kind = 'reset'")" = $((resets0 + 1)) ] && ok "one reset email queued, for the account's address only" || ko "one reset email queued" "$(sql "SELECT count(*) FROM outbox WHERE kind = 'reset'") after $resets0"
for i in 1 2 3; do forgot "$EC"; done
[ "$S" = 303 ] && [ "$(sql "SELECT count(*) FROM outbox WHERE kind = 'reset' AND to_addr = '$EC'")" = 3 ] && ok "at most three reset emails an hour for one account, the answer unchanged" || ko "at most three reset emails an hour" "$S $(sql "SELECT count(*) FROM outbox WHERE kind = 'reset' AND to_addr = '$EC'")"

# the emails, through a real SMTP server on loopback
deliver
mail_links "$EC" /account/reset/ > "$T/reset-links"
nlinks=$(wc -l < "$T/reset-links")
[ "$nlinks" = 3 ] && ok "three reset emails arrived, each with its link" || ko "three reset emails arrived" "$nlinks $(tail -3 "$T/deliver.log")"
LINK1=$(sed -n 1p "$T/reset-links" | cut -d'|' -f2)
LINK2=$(sed -n 2p "$T/reset-links" | cut -d'|' -f2)
TOK1=${LINK1##*/}
[ ${#TOK1} = 64 ] && [ "$(sql "SELECT count(*) FROM password_resets WHERE instr(nonce || token_hash, '$TOK1') > 0")" = 0 ] &&
    ! grep -qF "$TOK1" "$DB" "$DB-wal" 2>/dev/null && ok "the reset token is not in the database (its SHA-256 only)" || ko "the reset token is not in the database" "${#TOK1}"
req anonr GET "$LINK1?lang=en"
[ "$S" = 200 ] && body_has "$EC" && grep -q 'autocomplete="new-password"' "$T/b" && ok "the link opens the new-password form for the account" || ko "the link opens the new-password form" "$S"
t=$(csrf)
req anonr POST "$LINK1" -d "csrf=$t" -d "password=password1234" -d "password2=password1234"
[ "$S" = 400 ] && grep -q 'id="password-err"' "$T/b" && ok "a weak new password is refused beside the field" || ko "a weak new password is refused beside the field" "$S"
t=$(csrf)
req anonr POST "$LINK1" -d "csrf=$t" --data-urlencode "password=$PW_C2" --data-urlencode "password2=$PW_C2"
[ "$S" = 303 ] && [ "$(hval Location)" = "/account/login?reset=1" ] && ok "the new password is saved; the page goes to log in" || ko "the new password is saved" "$S $(hval Location)"
req owner GET /policies/
[ "$S" = 303 ] && ok "the session logged in before the reset has ended" || ko "the session logged in before the reset has ended" "$S"
req anonr GET "$LINK1?lang=fr"
[ "$S" = 410 ] && body_has "une seule fois" && ok "the used link answers 410 in the visitor's language" || ko "the used link answers 410" "$S"
req anonr GET "$LINK2?lang=en"
[ "$S" = 410 ] && ok "the account's other reset links ended with the new password" || ko "the account's other reset links ended" "$S"
req anonr GET "/account/reset/$(printf 'ab%.0s' $(seq 32))"
[ "$S" = 410 ] && ok "a made-up reset link answers 410" || ko "a made-up reset link answers 410" "$S"
login_from c2 127.0.0.43 "$PW_C"
login_old=$S
login_from c2 127.0.0.43 "$PW_C2"
[ "$login_old" = 403 ] && [ "$S" = 303 ] && ok "the old password no longer works, the new one does" || ko "the old password no longer works, the new one does" "$login_old $S"

# ---- the operator sets a password ----
out=$(printf '%s\n' "$PW_C3" | "$TOP/build/bin/returnsctl" -d "$DB" merchant password --email "$EC" 2>&1)
rc=$?
req c2 GET /policies/
s_after=$S
login_from c3 127.0.0.44 "$PW_C3"
[ $rc = 0 ] && [ "$s_after" = 303 ] && [ "$S" = 303 ] && ok "returnsctl merchant password: sessions end, the new password works" || ko "returnsctl merchant password" "$rc $s_after $S $out"
out=$(printf 'password1234\n' | "$TOP/build/bin/returnsctl" -d "$DB" merchant password --email "$EC" 2>&1)
[ $? = 2 ] && case "$out" in *"too common"*) true ;; *) false ;; esac && ok "returnsctl refuses a weak password, saying why" || ko "returnsctl refuses a weak password" "$out"

# ---- log-in CSRF: a csrf cookie the server did not make is replaced ----
CH=$(printf '0%.0s' $(seq 64))
raw POST /account/login -H "Cookie: csrf=$CH" -d "csrf=$CH" --data-urlencode "email=$EC" --data-urlencode "password=$PW_C3"
[ "$S" = 403 ] && ok "log-in CSRF: a csrf cookie chosen by another site is refused" || ko "log-in CSRF: a csrf cookie chosen by another site is refused" "$S"
raw GET /account/login -H "Cookie: csrf=$CH"
grep -qi "^Set-Cookie: csrf=" "$T/h" && ! grep -qi "^Set-Cookie: csrf=$CH" "$T/h" && ok "… and replaced by one the server signs" || ko "… and replaced by one the server signs" "$(grep -i set-cookie "$T/h")"

# ---- a new account: its address confirmed through the emailed link ----
ED="sec-d-$U@example.com"
PW_D="Sec-D-pw-$U-malachite"
PASSWORDS+=("$PW_D")
req d GET /account/signup?lang=fr
t=$(csrf)
req d POST /account/signup -d "csrf=$t" --data-urlencode "business=Boutique D $U" --data-urlencode "email=$ED" \
    --data-urlencode "password=$PW_D" --data-urlencode "password2=$PW_D" -d lang=fr -d tz=America/Toronto
[ "$S" = 303 ] && [ "$(hval Location)" = "/account/signup?sent=1" ] && ok "sign-up: 'check your inbox', no session yet" || ko "sign-up: 'check your inbox', no session yet" "$S $(hval Location)"
req d GET /policies/
[ "$S" = 303 ] && ok "… and no page of the account opens before the confirmation" || ko "… and no page of the account opens before the confirmation" "$S"
deliver
CLINK=$(mail_links "$ED" /account/confirm/ | tail -1)
case "$CLINK" in "Confirmez votre adresse courriel|/account/confirm/"*) ok "the confirmation email arrives, in French, with its link" ;;
	*) ko "the confirmation email arrives, in French, with its link" "'$CLINK' $(tail -2 "$T/deliver.log")" ;; esac
CLINK=${CLINK#*|}
req d GET "$CLINK"
[ "$S" = 200 ] && body_has "Boutique D $U" && body_has "Confirmer mon adresse" && ok "the link shows the account and asks for one click (a mail filter's visit confirms nothing)" || ko "the link shows the account and asks for one click" "$S"
[ "$(sql "SELECT email_confirmed_at IS NULL FROM users WHERE email = '$ED'")" = 1 ] && ok "opening the link alone confirms nothing" || ko "opening the link alone confirms nothing" "confirmed"
t=$(csrf)
req d POST "$CLINK" -d "csrf=$t"
[ "$S" = 303 ] && [ "$(hval Location)" = "/policies/?welcome=1" ] && ok "the click confirms the address and logs in" || ko "the click confirms the address and logs in" "$S $(hval Location)"
req d GET "/policies/?welcome=1"
[ "$S" = 200 ] && ok "… the account's pages open" || ko "… the account's pages open" "$S"
req anonc GET "$CLINK?lang=en"
[ "$S" = 410 ] && ok "the confirmation link works once" || ko "the confirmation link works once" "$S"

# ---- sign-up, password and reset forms are rate-limited per client ----
req flood GET /account/signup
t=$(csrf)
codes=""
for i in $(seq 40); do
	req flood POST /account/forgot --interface 127.0.0.51 -d "csrf=$t" --data-urlencode "email=flood-$i-$U@example.com"
	codes="$codes $S"
done
n429=$(printf '%s\n' $codes | grep -c '^429$')
n303=$(printf '%s\n' $codes | grep -c '^303$')
[ "$n303" -ge 25 ] && [ "$n429" -ge 5 ] && ok "40 'forgot' forms at once from one client: $n303 answered, $n429 refused by nginx (429)" || ko "the account forms are rate-limited per client" "$codes"
codes=""
for i in $(seq 5); do
	req flood POST /account/signup --interface 127.0.0.51 -d "csrf=$t" -d business=X -d email=bad -d password=x -d password2=y -d lang=en -d tz=America/Toronto
	codes="$codes $S"
done
case "$codes" in *429*) ok "… the same client's sign-ups too ($codes)" ;; *) ko "… the same client's sign-ups too" "$codes" ;; esac
req flood POST /account/forgot --interface 127.0.0.52 -d "csrf=$t" --data-urlencode "email=flood-x-$U@example.com"
[ "$S" = 303 ] && ok "… another client is not held back" || ko "… another client is not held back" "$S"
