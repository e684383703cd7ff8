# t60 -- data safety while the site serves: backup, restore, check; a
# configuration that is wrong stops start-up and says where.
CTL="$TOP/build/bin/returnsctl"
# customers create labels while the backup runs
( for i in $(seq 1 15); do ret_form bkc "$NTOK" "email=bk$i-$$@example.com" >/dev/null 2>&1; done ) &
loadpid=$!
sleep 0.3
out=$("$CTL" -d "$DB" backup "$T/backup.db" 2>&1)
wait $loadpid
case "$out" in "backup written to"*) ok "a backup while customers create labels";; *) ko "a backup while customers create labels" "$out";; esac
[ "$(sqlite3 "$T/backup.db" 'PRAGMA integrity_check')" = ok ] && ok "the backup is a sound database" || ko "the backup is a sound database" "not ok"
out=$("$CTL" -d "$DB" check 2>&1)
[ "$out" = ok ] && ok "returnsctl check: integrity and foreign keys" || ko "returnsctl check: integrity and foreign keys" "$out"
"$CTL" -d "$T/restored.db" init >/dev/null 2>&1
out=$("$CTL" -d "$T/restored.db" restore "$T/backup.db" 2>&1)
case "$out" in "database restored from"*) ok "returnsctl restore";; *) ko "returnsctl restore" "$out";; esac
if diff <(sqlite3 "$T/backup.db" .dump) <(sqlite3 "$T/restored.db" .dump) >/dev/null; then
	ok "the restore is identical to the backup"
else
	ko "the restore is identical to the backup" "$(diff <(sqlite3 "$T/backup.db" .dump) <(sqlite3 "$T/restored.db" .dump) | head -3)"
fi
out=$("$CTL" -d "$DB" backup "$T/backup.db" 2>&1)
case "$out" in *"exists"*) ok "a backup never overwrites a file";; *) ko "a backup never overwrites a file" "$out";; esac
printf 'no database here\n' > "$T/junk.db"
out=$("$CTL" -d "$T/restored.db" restore "$T/junk.db" 2>&1)
case "$out" in *"not a sound database"*) ok "restoring something else is refused";; *) ko "restoring something else is refused" "$out";; esac

printf '# test\ndatabase = %s\nworkers = 0\n' "$DB" > "$T/bad.conf"
out=$("$CTL" -c "$T/bad.conf" check 2>&1)
case "$out" in *"bad.conf:3: workers:"*) ok "a bad configuration names the file, line and key";; *) ko "a bad configuration names the file, line and key" "$out";; esac
printf 'databse = /tmp/x.db\n' > "$T/bad2.conf"
out=$("$TOP/cgi-bin/dashboard.fcgi" -c "$T/bad2.conf" -s "$T/x.sock" 2>&1); rc=$?
case "$out" in *"bad2.conf:1: databse: unknown key"*) [ $rc != 0 ] && ok "an executable refuses to start on an unknown key" || ko "an executable refuses to start on an unknown key" "rc $rc";; *) ko "an executable refuses to start on an unknown key" "$out";; esac
out=$("$CTL" -c "$T/none.conf" check 2>&1)
case "$out" in *"none.conf: No such file"*) ok "a missing configuration asked for is an error";; *) ko "a missing configuration asked for is an error" "$out";; esac
printf 'database = %s\n' "$DB" > "$T/good.conf"
out=$("$CTL" -c "$T/good.conf" check 2>&1)
[ "$out" = ok ] && ok "the configuration names the database" || ko "the configuration names the database" "$out"
printf 'database = %s\ntime_zone = Mars/Olympus\n' "$DB" > "$T/tz.conf"
out=$("$CTL" -c "$T/tz.conf" check 2>&1)
case "$out" in *"tz.conf:2: time_zone:"*) ok "an unknown time zone in the configuration names the file, line and key";; *) ko "an unknown time zone in the configuration names the file, line and key" "$out";; esac
printf 'database = %s\ntime_zone = America/Halifax\n' "$DB" > "$T/tz.conf"
out=$(echo 'a long quiet password' | "$CTL" -c "$T/tz.conf" merchant add --email "tz$$@example.com" --business "Fuseau" 2>&1)
[ "$(sql "SELECT tz FROM merchants m JOIN users u ON u.merchant_id = m.id WHERE u.email = 'tz$$@example.com'")" = America/Halifax ] \
    && ok "a new merchant gets the configuration's time zone" || ko "a new merchant gets the configuration's time zone" "$out"
printf 'database = %s\n' "$DB" > "$T/nobase.conf"
out=$(env -u RETURNS_BASE_URL "$TOP/build/bin/returns-notifier" -c "$T/nobase.conf" --once 2>&1); rc=$?
case "$out" in *"nobase.conf: base_url: not set"*) [ $rc != 0 ] && ok "an installed notifier without base_url refuses to start (its emails would link nowhere)" || ko "an installed notifier without base_url refuses to start" "rc $rc";; *) ko "an installed notifier without base_url refuses to start" "$out";; esac
# no hidden defaults for mail: each missing or broken setting stops the
# notifier at start with the file, the line and the key
nomail() {	# nomail NAME WANT LINES...: the notifier refuses with WANT
	local name=$1 want=$2 rc
	shift 2
	printf '%s\n' "database = $DB" "$@" > "$T/mail.conf"
	out=$(env -u RETURNS_BASE_URL -u RETURNS_SMTP_URL -u RETURNS_MAIL_FROM -u RETURNS_SMTP_USER -u RETURNS_SMTP_PASSWORD \
	    "$TOP/build/bin/returns-notifier" -c "$T/mail.conf" --once 2>&1); rc=$?
	case "$out" in *"$want"*) [ $rc != 0 ] && ok "$name" || ko "$name" "rc $rc";; *) ko "$name" "$out";; esac
}
nomail "no smtp_url: the notifier stops (no smtp://127.0.0.1:25 behind the operator's back)" \
    "mail.conf: smtp_url: not set" "base_url = https://r.example.com" "mail_from = r@example.com"
nomail "no mail_from: the notifier stops (no noreply@returns.localhost)" \
    "mail.conf: mail_from: not set" "base_url = https://r.example.com" "smtp_url = smtp://127.0.0.1:2525"
nomail "an unreadable smtp_password_file: the notifier stops with its line" \
    "mail.conf:5: smtp_password_file: $T/no-such-password: No such file" "base_url = https://r.example.com" \
    "smtp_url = smtp://127.0.0.1:2525" "mail_from = r@example.com" "smtp_password_file = $T/no-such-password"
: > "$T/empty-password"
nomail "an empty smtp_password_file: the notifier stops (no empty password sent)" \
    "mail.conf:5: smtp_password_file: $T/empty-password: empty" "base_url = https://r.example.com" \
    "smtp_url = smtp://127.0.0.1:2525" "mail_from = r@example.com" "smtp_password_file = $T/empty-password"
nomail "smtp_user without a password: the notifier stops" \
    "mail.conf:5: smtp_user: set, but no password" "base_url = https://r.example.com" \
    "smtp_url = smtp://127.0.0.1:2525" "mail_from = r@example.com" "smtp_user = shop"
