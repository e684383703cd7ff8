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
printf 'database = %s\nbackup_dir = %s\nbackup_keep = 3\ndemo = yes\n' "$O/r.db" "$O/bk" >"$O/c.conf"
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

# migrations: a database one version behind (the newest migration
# replaces triggers and indexes, which it does again, and adds the two
# indexes dropped here)
latest=$(sqlite3 "$O/r.db" 'PRAGMA user_version')
sqlite3 "$O/r.db" "DROP INDEX shipments_exceptions; DROP INDEX policies_recent; PRAGMA user_version = $((latest - 1))"
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

# the path prefix (base_path): a mountable path, given once
printf 'database = %s\nbase_url = https://shop.example.com/returns\nbase_path = /other\n' "$O/r.db" >"$O/prefix.conf"
out=$("$TOP/cgi-bin/dashboard.fcgi" -c "$O/prefix.conf" -s "$O/prefix.sock" 2>&1 </dev/null); rc=$?
case "$out" in *"prefix.conf:3: base_path: /other, but base_url ends in /returns"*) [ $rc != 0 ] &&
	ok "base_path and a base_url with another path: refused at start with the line" || ko "base_path mismatch refused" "rc $rc";;
*) ko "base_path and a base_url with another path: refused at start with the line" "$out";; esac
for bp in /returns/ returns /a/../b "/a b"; do
	out=$(RETURNS_BASE_PATH=$bp "$TOP/build/bin/returnsctl" -d "$DB" status 2>&1); rc=$?
	case "$out" in *"RETURNS_BASE_PATH: a path such as /returns"*) [ $rc != 0 ] &&
		ok "base_path '$bp' is refused (not a prefix nginx can mount)" || ko "base_path '$bp' refused" "rc $rc";;
	*) ko "base_path '$bp' is refused (not a prefix nginx can mount)" "$out";; esac
done
out=$(RETURNS_BASE_URL=https://shop.example.com/shop/ "$TOP/build/bin/returnsctl" -d "$DB" links --merchant "$(sql "SELECT u.email FROM users u JOIN policies p ON p.merchant_id = u.merchant_id WHERE p.status = 'active' LIMIT 1")" 2>&1)
case "$out" in *" https://shop.example.com/shop/r/"*) ok "links on base_url with its path as the prefix (no double slash)";;
*) ko "links on base_url with its path as the prefix" "$out";; esac

# an installed site (a configuration file) runs no test parts unless its
# operator wrote demo = yes; sign-up is closed unless signup = open
printf 'database = %s\nshare_dir = %s\n' "$O/r.db" "$TOP/src" >"$O/real.conf"
out=$("$TOP/cgi-bin/dashboard.fcgi" -c "$O/real.conf" -s "$O/real.sock" 2>&1 </dev/null); rc=$?
case "$out" in *"real.conf: carrier: local (the default) is a test part"*"demo = yes"*) [ $rc != 0 ] &&
	ok "with a configuration file, the local carrier (specimens, test gateway) stops the web executables unless demo = yes" ||
	ko "the local carrier stops the web executables" "rc $rc";;
*) ko "with a configuration file, the local carrier stops the web executables unless demo = yes" "$out";; esac
printf 'database = %s\nshare_dir = %s\ndemo = yes\n' "$O/r.db" "$TOP/src" >"$O/demo.conf"
"$TOP/cgi-bin/dashboard.fcgi" -c "$O/demo.conf" -s "$O/demo.sock" -w 1 >"$O/demo.log" 2>&1 &
dpid=$!
for i in $(seq 50); do [ -S "$O/demo.sock" ] && break; sleep 0.1; done
fcgi() { REQUEST_METHOD=$1 REQUEST_URI=$2 CONTENT_LENGTH=0 HTTP_ACCEPT_LANGUAGE=${3:-en} cgi-fcgi -bind -connect "$O/demo.sock" 2>&1 </dev/null; }
out=$(fcgi GET /account/signup)
case "$out" in *"Status: 403"*"Accounts are not opened online on this site"*) ok "demo = yes starts; no signup key: sign-up closed (403, said in English)";;
*) ko "no signup key: sign-up closed" "$(printf '%s' "$out" | head -3) $(cat "$O/demo.log")";; esac
out=$(fcgi GET /account/signup fr)
case "$out" in *"Status: 403"*"Les comptes ne s’ouvrent pas en ligne"*) ok "sign-up closed, said in French";; *) ko "sign-up closed, said in French" "$(printf '%s' "$out" | head -3)";; esac
out=$(fcgi POST /account/signup)
case "$out" in *"Status: 403"*) ok "sign-up closed: a POST creates nothing (403)";; *) ko "sign-up closed: POST" "$(printf '%s' "$out" | head -3)";; esac
out=$(fcgi GET /account/login)
case "$out" in *"Status: 200"*) case "$out" in *'href="/account/signup"'*) ko "sign-up closed: no link to it" "a link";; *) ok "sign-up closed: the log-in page offers no sign-up link";; esac;;
*) ko "sign-up closed: the log-in page" "$(printf '%s' "$out" | head -3)";; esac
kill $dpid 2>/dev/null; wait $dpid 2>/dev/null
printf 'signup = open\n' >>"$O/demo.conf"
"$TOP/cgi-bin/dashboard.fcgi" -c "$O/demo.conf" -s "$O/demo.sock" -w 1 >"$O/demo.log" 2>&1 &
dpid=$!
for i in $(seq 50); do [ -S "$O/demo.sock" ] && break; sleep 0.1; done
out=$(fcgi GET /account/signup)
case "$out" in *"Status: 200"*) ok "signup = open: the sign-up form";; *) ko "signup = open: the sign-up form" "$(printf '%s' "$out" | head -3)";; esac
kill $dpid 2>/dev/null; wait $dpid 2>/dev/null

# returnsctl doctor: every setting still at a development value
mkdir -p "$O/etc/nginx"
printf 'server {\n    listen 80;\n    server_name returns.example.com;\n}\n' >"$O/etc/nginx/returns-site.conf"
printf 'database = %s\nbase_url = http://returns.example.com\nsignup = open\nsmtp_url = smtp://127.0.0.1:25\nmail_from = returns@example.com\ndemo = yes\n' "$O/r.db" >"$O/etc/returns.conf"
out=$("$CTL" -c "$O/etc/returns.conf" doctor 2>&1); rc=$?
want=0
for w in "returns.conf: carrier: local: self-issued SPECIMEN" "returns.conf:2: base_url: http://returns.example.com: not HTTPS" \
    "returns.conf:5: mail_from: returns@example.com: a development domain" "returns.conf:3: signup: open" \
    "nginx/returns-site.conf: no TLS" "nginx/returns-site.conf: server_name returns.example.com"; do
	printf '%s\n' "$out" | grep -qF "$w" || { want=1; ko "returnsctl doctor lists: $w" "$out"; }
done
[ $want = 0 ] && [ $rc = 1 ] && ok "returnsctl doctor: the local carrier, base_url without HTTPS, the example mail domain, open sign-up, the nginx file without TLS (exit 1)" ||
    ko "returnsctl doctor exits 1 when it lists something" "rc $rc"
printf 'user:password\n' >"$O/etc/cp.key"
printf 'server {\n    listen 443 ssl;\n    server_name retours.boutique.ca;\n    ssl_certificate /etc/ssl/x.pem;\n}\n' >"$O/etc/nginx/returns-site.conf"
printf 'database = %s\nbase_url = https://retours.boutique.ca\nsignup = closed\ncarrier = canadapost\ncanadapost_url = https://soa-gw.canadapost.ca\ncanadapost_key_file = %s\nsmtp_url = smtp://mail.boutique.ca:587\nmail_from = retours@boutique.ca\n' "$O/r.db" "$O/etc/cp.key" >"$O/etc/returns.conf"
out=$("$CTL" -c "$O/etc/returns.conf" doctor 2>&1); rc=$?
[ $rc = 0 ] && [ "$out" = "nothing left at a development value" ] && ok "returnsctl doctor: a production configuration passes (exit 0)" ||
    ko "returnsctl doctor: a production configuration passes" "rc $rc: $out"
sed -i 's|^canadapost_url = .*|canadapost_url = https://ct.soa-gw.canadapost.ca|' "$O/etc/returns.conf"
out=$("$CTL" -c "$O/etc/returns.conf" doctor 2>&1); rc=$?
case "$out" in *"canadapost_url: https://ct.soa-gw.canadapost.ca is Canada Post's development host"*) [ $rc = 1 ] && ok "returnsctl doctor: Canada Post's development host" || ko "doctor: development host" "rc $rc";;
*) ko "returnsctl doctor: Canada Post's development host" "$out";; esac

# returnsctl purge: sent and failed emails older than sent_email_days,
# log-in failures a day old that lock nothing; nothing else
now=$(date +%s)
sqlite3 "$O/r.db" "DELETE FROM outbox; DELETE FROM login_throttle;
    INSERT INTO outbox (kind, to_addr, lang, state, next_at, created_at, sent_at) VALUES
      ('label', 'old-sent@example.com', 'en', 'sent', 0, $now - 40 * 86400, $now - 40 * 86400),
      ('label', 'new-sent@example.com', 'en', 'sent', 0, $now - 10 * 86400, $now - 10 * 86400),
      ('label', 'old-pending@example.com', 'en', 'pending', $now - 40 * 86400, $now - 40 * 86400, NULL);
    INSERT INTO outbox (kind, to_addr, lang, state, next_at, created_at, last_error) VALUES
      ('label', 'old-failed@example.com', 'en', 'failed', $now - 40 * 86400, $now - 40 * 86400, '550');
    INSERT INTO login_throttle (key, failures, locked_until, last_at) VALUES
      ('old', 3, $now - 3 * 86400, $now - 3 * 86400), ('locked', 9, $now + 600, $now - 3 * 86400),
      ('recent', 2, 0, $now - 60)"
printf 'sent_email_days = 30\n' >>"$O/c.conf"
out=$("$CTL" -c "$O/c.conf" purge 2>&1); rc=$?
left=$(sqlite3 "$O/r.db" "SELECT group_concat(to_addr, ' ') FROM (SELECT to_addr FROM outbox ORDER BY to_addr)")
keys=$(sqlite3 "$O/r.db" "SELECT group_concat(key, ' ') FROM (SELECT key FROM login_throttle ORDER BY key)")
[ $rc = 0 ] && [ "$left" = "new-sent@example.com old-pending@example.com" ] && [ "$keys" = "locked recent" ] &&
    ok "returnsctl purge: sent and failed emails past sent_email_days go, unsent ones stay; stale log-in failures go, locks stay ($out)" ||
    ko "returnsctl purge" "rc $rc: $out; outbox: $left; throttle: $keys"

# /metrics (Prometheus text): to metrics_allow's addresses only (the stack
# allows 127.0.0.1/32), counters shared by every worker and program
metric() { sed -n "s/^$1 \([0-9]*\)\$/\1/p" "$T/b"; }
req anon GET /metrics
l0=$(metric returns_labels_created_total); d0=$(metric 'returns_http_requests_total{app="dashboard",code="200"}')
[ "$S" = 200 ] && head_has "Content-Type: text/plain; version=0.0.4" && [ -n "$l0" ] && [ -n "$d0" ] &&
    grep -q '^# TYPE returns_http_requests_total counter$' "$T/b" && [ -n "$(metric returns_outbox_depth)" ] &&
    [ -n "$(metric returns_emails_sent_total)" ] &&
    ok "GET /metrics from an allowed address: Prometheus text (requests by status, labels, emails, outbox depth)" ||
    ko "GET /metrics from an allowed address" "$S $(head -c 300 "$T/b")"
[ "$(metric returns_emails_sent_total)" -gt 0 ] 2>/dev/null &&
    ok "/metrics counts the notifier's sent emails ($(metric returns_emails_sent_total))" ||
    ko "/metrics counts the notifier's sent emails" "$(grep emails "$T/b")"
[ "$(metric 'returns_http_requests_total{app="label",code="303"}')" -gt 0 ] 2>/dev/null &&
    [ "$(metric 'returns_http_requests_total{app="dashboard",code="404"}')" -gt 0 ] 2>/dev/null &&
    ok "/metrics: requests of every executable by status (label 303, dashboard 404)" ||
    ko "/metrics: requests by executable and status" "$(grep requests_total "$T/b" | head -20 | tr '\n' ' ')"
for i in 1 2 3 4 5; do curl -s -o /dev/null "$BASE/account/login"; done
new_policy ra "Metrics $$"
RET_IFACE=127.0.0.65 ret_form cust65 "$LINKTOK" email=metrics$$@example.com
req anon GET /metrics
l1=$(metric returns_labels_created_total); d1=$(metric 'returns_http_requests_total{app="dashboard",code="200"}')
[ "$l1" = $((l0 + 1)) ] && [ "$d1" -ge $((d0 + 5)) ] 2>/dev/null &&
    ok "/metrics: one label more after a customer's label ($l0 -> $l1), the log-in pages counted ($d0 -> $d1)" ||
    ko "/metrics counts labels and requests" "labels $l0 -> $l1, dashboard 200 $d0 -> $d1"
code=$(curl -s -o "$T/b" -w '%{http_code}' --interface 127.0.0.66 "$BASE/metrics")
[ "$code" = 404 ] && ! grep -q returns_ "$T/b" && ok "GET /metrics from an address not in metrics_allow: 404, nothing shown" ||
    ko "GET /metrics from another address: 404" "$code"
out=$(RETURNS_METRICS_ALLOW="10.0.0.0/33" "$TOP/build/bin/returnsctl" -d "$DB" status 2>&1)
case "$out" in *"RETURNS_METRICS_ALLOW: addresses or networks"*) ok "metrics_allow: a bad network is refused at start";;
*) ko "metrics_allow: a bad network is refused" "$out";; esac
