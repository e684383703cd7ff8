# t65 -- the operator's commands: returnsctl status (a monitoring check),
# backups named by date and time with retention and --verify, and
# migrations only by `returnsctl migrate` (after a backup): no other
# command and no service migrates, each refuses another schema version.
CTL="$TOP/build/bin/returnsctl"
O=$T/operate
mkdir -p "$O"
"$CTL" -d "$O/r.db" init >/dev/null 2>&1

# status: all well on a new database
out=$("$CTL" -d "$O/r.db" status 2>&1); rc=$?
case "$out" in *"status             ok"*) [ $rc = 0 ] && ok "returnsctl status: ok, exit 0 on a new database" || ko "returnsctl status: ok, exit 0" "rc $rc";;
*) ko "returnsctl status: ok, exit 0 on a new database" "$out";; esac
for want in "database " "outbox " "failed emails " "sending " "billing check " "tracking poll " "tracking events "; do
	printf '%s\n' "$out" | grep -q "^$want" || ko "returnsctl status prints $want" "$out"
done
# an email failed for good and a paused notifier: problems, exit 1
now=$(date +%s)
sqlite3 "$O/r.db" "INSERT INTO outbox (kind, to_addr, lang, state, attempts, next_at, created_at, last_error)
    VALUES ('label', 'x@example.com', 'en', 'failed', 8, $now, $now - 7200, '550 no such user');
    INSERT INTO outbox (kind, to_addr, lang, next_at, created_at) VALUES ('label', 'y@example.com', 'en', $now, $now - 3600);
    INSERT INTO service_state VALUES ('notifier', $now - 600, 0, 'SMTP authentication refused (535 bad credentials)')"
out=$("$CTL" -d "$O/r.db" status 2>&1); rc=$?
printf '%s\n' "$out" | grep -q '^failed emails .*1 in the last day.*PROBLEM' &&
    printf '%s\n' "$out" | grep -q '^sending .*PAUSED.*535 bad credentials.*PROBLEM' &&
    printf '%s\n' "$out" | grep -q '^outbox .*1 waiting.*PROBLEM' &&
    printf '%s\n' "$out" | grep -q '^status .*3 problems' && [ $rc = 1 ] &&
    ok "returnsctl status: a failed email, a paused notifier (and why), an email waiting an hour: 3 problems, exit 1" ||
    ko "returnsctl status: problems and exit 1" "rc $rc: $out"
# the billing check and the poll note what they did
"$CTL" -d "$O/r.db" billing check >/dev/null 2>&1
out=$("$CTL" -d "$O/r.db" status 2>&1)
printf '%s\n' "$out" | grep -q '^billing check .*s ago): 0 policies suspended' &&
    ok "the billing check notes when it ran and what it did" || ko "the billing check notes when it ran" "$out"

# backups: returns-YYYYmmdd-HHMMSS.db, 0600, in backup_dir, the newest
# backup_keep kept; other files never touched
printf 'database = %s\nbackup_dir = %s\nbackup_keep = 3\n' "$O/r.db" "$O/bk" >"$O/c.conf"
mkdir -p "$O/bk"
: >"$O/bk/returns-by-hand.db"
for i in 1 2 3 4 5; do
	touch -d "2026-01-0$i 03:00" "$O/bk/returns-2026010$i-030000.db"
done
out=$("$CTL" -c "$O/c.conf" backup 2>&1); rc=$?
made=$(printf '%s\n' "$out" | sed -n 's/^backup written to //p')
case "$made" in "$O/bk/returns-"[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]-[0-9][0-9][0-9][0-9][0-9][0-9].db)
	ok "returnsctl backup without a file: backup_dir/returns-DATE-TIME.db";;
*) ko "returnsctl backup without a file: backup_dir/returns-DATE-TIME.db" "$out";; esac
[ "$(stat -c %a "$made" 2>/dev/null)" = 600 ] && ok "the backup is 0600 (password hashes, addresses)" ||
    ko "the backup is 0600" "$(stat -c %a "$made" 2>&1)"
left=$(cd "$O/bk" && ls | tr '\n' ' ')
[ "$left" = "returns-20260104-030000.db returns-20260105-030000.db ${made##*/} returns-by-hand.db " ] &&
    ok "backup_keep = 3: the newest three kept, the older deleted, a file of another name untouched" ||
    ko "backup_keep = 3" "$left"
out=$("$CTL" -c "$O/c.conf" backup --verify "$made" 2>&1); rc=$?
case "$out" in *"sound (integrity and foreign keys), schema version"*) [ $rc = 0 ] && ok "backup --verify: a sound backup" || ko "backup --verify" "rc $rc";;
*) ko "backup --verify: a sound backup" "$out";; esac
out=$("$CTL" -c "$O/c.conf" backup --verify "$O/bk/returns-by-hand.db" 2>&1); rc=$?
[ $rc = 1 ] && ok "backup --verify: an empty file is not a backup (exit 1)" || ko "backup --verify refuses an empty file" "rc $rc: $out"
cp "$made" "$O/broken.db"
printf 'garbage' | dd of="$O/broken.db" bs=1 seek=4096 conv=notrunc 2>/dev/null
out=$("$CTL" -c "$O/c.conf" backup --verify "$O/broken.db" 2>&1); rc=$?
[ $rc = 1 ] && ok "backup --verify: a damaged backup (exit 1)" || ko "backup --verify finds damage" "rc $rc: $out"

# migrations: a database one version behind (the newest migration's
# table dropped and the version set back)
latest=$(sqlite3 "$O/r.db" 'PRAGMA user_version')
sqlite3 "$O/r.db" "DROP TABLE service_state; PRAGMA user_version = $((latest - 1))"
out=$("$CTL" -c "$O/c.conf" status 2>&1); rc=$?
case "$out" in *"schema version $((latest - 1)), this program needs $latest: run \`returnsctl migrate\`"*)
	[ $rc = 1 ] && [ "$(sqlite3 "$O/r.db" 'PRAGMA user_version')" = $((latest - 1)) ] &&
	    ok "another command on an older database: refused with what to do, nothing migrated" ||
	    ko "another command refuses an older database" "rc $rc";;
*) ko "another command on an older database: refused with what to do" "$out";; esac
out=$(RETURNS_DB=$O/r.db "$TOP/cgi-bin/dashboard.fcgi" -c "$O/c.conf" 2>&1 </dev/null); rc=$?
case "$out" in *"this program needs $latest"*) [ $rc != 0 ] && [ "$(sqlite3 "$O/r.db" 'PRAGMA user_version')" = $((latest - 1)) ] &&
	ok "a FastCGI executable refuses to start on an older database (and does not migrate it)" || ko "the executable refuses an older database" "rc $rc";;
*) ko "a FastCGI executable refuses to start on an older database" "$out";; esac
out=$("$CTL" -c "$O/c.conf" migrate 2>&1); rc=$?
pre=$(ls "$O/bk" | grep "^returns-before-migration-v$((latest - 1))-")
[ $rc = 0 ] && [ -n "$pre" ] && [ "$(sqlite3 "$O/r.db" 'PRAGMA user_version')" = "$latest" ] &&
    [ "$(sqlite3 "$O/bk/$pre" 'PRAGMA user_version')" = $((latest - 1)) ] &&
    ok "returnsctl migrate: backed up first ($pre), then migrated to $latest" ||
    ko "returnsctl migrate: backup, then migration" "rc $rc: $out"
out=$("$CTL" -c "$O/c.conf" status 2>&1); rc=$?
[ $rc = 1 ] && printf '%s\n' "$out" | grep -q "^database .*schema $latest\$" && ok "after migrate, the other commands work again" ||
    ko "after migrate, the other commands work again" "$out"

# each executable answers its own health route through nginx, after a
# read of the database
for h in /healthz /returns/healthz /settings/healthz /r/healthz /api/tracking/healthz; do
	out=$(curl -s -D "$T/hh" "$BASE$h")
	[ "$out" = ok ] && head -1 "$T/hh" | grep -q ' 200' && ok "GET $h: ok (its own executable, through nginx)" ||
	    ko "GET $h: ok" "$(head -1 "$T/hh") $out"
done
