# r10 -- the SMTP server dies (SIGKILL) in the middle of a burst of emails
# that the real returns-notifier daemon is sending, and comes back: the
# daemon pauses sending (30 s), then delivers the rest; nothing lost,
# nothing sent twice. (tests/http/t50 does the same with --once passes and
# --now; here the daemon runs on real time.)
# on a stack of its own: no other email pending, no other notifier
V3=$(mktemp -d /tmp/returns-smtp-var.XXXXXX)
CLEANUPS+=("'$TOP/src/tools/stack' stop '$V3' >/dev/null 2>&1; rm -rf '$V3'")
port3=$(free_port)
SAVE_BASE=$BASE SAVE_DB=$DB SAVE_LINK=$LINK SAVE_PN=$PN
BASE=http://127.0.0.1:$port3
DB=$V3/returns.db
RETURNS_DB=$DB RETURNS_BENCH=1 "$TOP/src/tools/stack" start "$V3" "$port3" || ko "a stack of its own for the email test" "$(tail -3 "$V3"/log/*.log)"
merchant_with_link smtpm "smtp-$U@example.com"
MSMTP=$(sql "SELECT merchant_id FROM users WHERE email = 'smtp-$U@example.com'")
KEYHEX=$(od -An -tx1 -v "$V3/tracking.key" 2>/dev/null | tr -d ' \n')
sign() {	# BODY -> the X-Signature header value
	local t=$(date +%s)
	printf 't=%s,v1=%s' "$t" "$(printf '%s.%s' "$t" "$1" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$KEYHEX" | sed 's/^.*= //')"
}
# the burst: two recipients of each event, 30 labels (30 label emails),
# 30 acceptances (60 emails to the recipients)
req smtpm GET /settings/notifications
t=$(csrf)
for r in 1 2; do
	req smtpm POST /settings/notifications -d "csrf=$t" --data-urlencode "email=rec$r-$U@example.com" -d lang=en -d mode=each -d on_accepted=1
done
# this test is about SMTP: the recipients count as confirmed (t50, s10 and
# the browser suite prove the confirmation through its email)
sql "UPDATE recipients SET confirmed_at = $(date +%s) WHERE merchant_id = $MSMTP; DELETE FROM outbox WHERE kind = 'rcpt_confirm' AND merchant_id = $MSMTP"
req burst GET "$LINK"
t=$(csrf)
for i in $(seq 1 30); do
	req burst POST "$LINK" -d "csrf=$t" -d "name=Burst $i" -d "line1=1 Main St" -d city=Ottawa \
	    -d province=ON -d postal=K1A0B1 --data-urlencode "email=burst$i-$U@example.com" -d weight=1 -d method=label
done
now=$(date +%s)
evs=$(sql "SELECT group_concat('{\"event_id\":\"R$U-' || id || '\",\"tracking\":\"' || tracking || '\",\"type\":\"accepted\",\"time\":\"' || strftime('%Y-%m-%dT%H:%M:%SZ', $now - 600, 'unixepoch') || '\"}', ',') FROM shipments WHERE email LIKE 'burst%-$U@example.com'")
body="[$evs]"
S=$(curl -s --max-time 10 -o "$T/b" -w '%{http_code}' -H 'Content-Type: application/json' -H "X-Signature: $(sign "$body")" --data-binary "$body" "$BASE/api/tracking/events")
MINE="merchant_id = $MSMTP AND (to_addr LIKE 'burst%-$U@example.com' OR to_addr LIKE 'rec_-$U@example.com')"
total=$(sql "SELECT count(*) FROM outbox WHERE $MINE AND state = 'pending'")
[ "$S" = 200 ] && [ "$total" = 90 ] && ok "a burst of 90 emails queued (30 labels, 60 acceptances to two recipients)" || ko "a burst of 90 emails queued" "feed $S, $total pending"

# a real SMTP server on loopback, and the notifier daemon
MBOX=$T/mbox
mkdir -p "$MBOX/tmp" "$MBOX/new" "$MBOX/cur"
sport=$(free_port)
smtp_up() {	# [HANDLER of tests/http/smtp_handler.py]
	PYTHONPATH="$TOP/tests/http" /usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$sport" \
	    -c "${1:-aiosmtpd.handlers.Mailbox}" "$MBOX" >>"$T/smtp.log" 2>&1 &
	SMTP_PID=$!
	for i in $(seq 150); do (exec 3<>"/dev/tcp/127.0.0.1/$sport") 2>/dev/null && return 0; sleep 0.1; done
	return 1
}
smtp_up smtp_handler.DiesMidBurst || ko "an SMTP server on loopback" "$(cat "$T/smtp.log")"
CLEANUPS+=('kill -9 $SMTP_PID 2>/dev/null')
RETURNS_SMTP_URL="smtp://127.0.0.1:$sport" RETURNS_BASE_URL="$BASE" \
    "$TOP/build/bin/returns-notifier" -d "$DB" -R "$TOP/src" >"$T/notifier.log" 2>&1 &
NOTIFIER_PID=$!
CLEANUPS+=('kill $NOTIFIER_PID 2>/dev/null')
# the SMTP server is killed (SIGKILL) once ten of the burst are out: it
# kills itself at the eleventh's first recipient, so that no message is
# half taken (a kill at a random moment can catch one written but not yet
# acknowledged, which SMTP then delivers twice)
for i in $(seq 1 600); do kill -0 "$SMTP_PID" 2>/dev/null || break; sleep 0.1; done
kill -9 "$SMTP_PID" 2>/dev/null	# (bounded: 60 s at most)
wait "$SMTP_PID" 2>/dev/null
tkill=$(date +%s)
# no server answers: sending pauses (30 s), nothing is marked failed
for i in $(seq 1 100); do
	[ "$(sql "SELECT ok FROM service_state WHERE name = 'notifier'")" = 0 ] && break
	sleep 0.1
done
st=$(sql "SELECT group_concat(state || ':' || n, ' ') FROM (SELECT state, count(*) AS n FROM outbox WHERE $MINE GROUP BY state)")
s1=$(sql "SELECT count(*) FROM outbox WHERE $MINE AND state = 'sent'")
waiting=$(sql "SELECT count(*) FROM outbox WHERE $MINE AND state = 'pending'")
[ "$s1" -lt 90 ] && [ $((s1 + waiting)) = 90 ] && [ "$(sql "SELECT ok FROM service_state WHERE name = 'notifier'")" = 0 ] \
    && ok "SMTP server killed after $s1 emails: sending paused, the other $waiting wait, none failed or lost ($st)" \
    || ko "SMTP server killed in the middle of the burst: sending pauses, the rest wait" "$st"
sleep 2
smtp_up && ok "the SMTP server is back" || ko "the SMTP server is back" "$(tail -3 "$T/smtp.log")"
# the daemon's own retry, on real time (30 s after the pause began)
for i in $(seq 1 500); do
	done_=$(sql "SELECT count(*) FROM outbox WHERE $MINE AND state = 'sent'")
	[ "$done_" = 90 ] && break
	[ $(($(date +%s) - tkill)) -gt 50 ] && break
	sleep 0.1
done
st=$(sql "SELECT group_concat(state || ':' || n, ' ') FROM (SELECT state, count(*) AS n FROM outbox WHERE $MINE GROUP BY state)")
[ "$done_" = 90 ] && ok "the daemon retried by itself: all 90 sent $(($(date +%s) - tkill)) s after the failure" || ko "the daemon retried by itself: all 90 sent" "$st after $(($(date +%s) - tkill)) s"
kill "$NOTIFIER_PID" 2>/dev/null
wait "$NOTIFIER_PID" 2>/dev/null
kill "$SMTP_PID" 2>/dev/null
wait "$SMTP_PID" 2>/dev/null
"$TOP/src/tools/stack" stop "$V3"
rm -rf "$V3"
CLEANUPS=("${CLEANUPS[@]:0:${#CLEANUPS[@]}-3}")
BASE=$SAVE_BASE DB=$SAVE_DB LINK=$SAVE_LINK PN=$SAVE_PN
# what the server received: each email of the burst once
/usr/bin/python3 - "$MBOX/new" "$U" > "$T/received" <<'PYEOF'
import collections, email, email.policy, os, sys
d, u = sys.argv[1:]
c = collections.Counter()
for f in os.listdir(d):
    m = email.message_from_binary_file(open(os.path.join(d, f), "rb"), policy=email.policy.default)
    if u in str(m["To"]):
        c[(str(m["To"]), str(m["Subject"]))] += 1
print(sum(c.values()), len(c), sum(1 for v in c.values() if v > 1))
for k, v in c.items():
    if v > 1:
        print("twice:", k[0], k[1])
PYEOF
set -- $(head -1 "$T/received")
[ "${1:-0}" = 90 ] && [ "${2:-0}" = 90 ] && ok "the server received each of the 90 emails exactly once" \
    || ko "the server received each of the 90 emails exactly once" "${1:-0} messages, ${2:-0} different, ${3:-0} twice: $(sed -n 2,3p "$T/received" | tr '\n' ' ')"
grep -q "will retry" "$T/notifier.log" && ok "the notifier logged the failures and retries" || ko "the notifier logged the failures and retries" "$(tail -2 "$T/notifier.log")"
