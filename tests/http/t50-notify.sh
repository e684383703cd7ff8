# t50 -- notification settings and real email through a real SMTP server
# on loopback (aiosmtpd writing a Maildir), sent by returns-notifier.
PY=/usr/bin/python3
MBOX=$T/mbox
mkdir -p "$MBOX/tmp" "$MBOX/new" "$MBOX/cur"
sport=$("$TOP/tests/free-port" 0)
smtp_up() {	# [HANDLER]: the same port each time (the notifier's URL names it)
	for try in 1 2 3; do
		PYTHONPATH="$HERE" $PY -m aiosmtpd -n -l "127.0.0.1:$sport" -c "smtp_handler.${1:-Bouncer}" "$MBOX" >"$T/smtp.log" 2>&1 &
		SMTP_PID=$!
		for i in $(seq 50); do
			(exec 3<>"/dev/tcp/127.0.0.1/$sport") 2>/dev/null && return 0
			kill -0 "$SMTP_PID" 2>/dev/null || break
			sleep 0.1
		done
		sleep 1
	done
	return 1
}
smtp_down() { kill "$SMTP_PID" 2>/dev/null; wait "$SMTP_PID" 2>/dev/null; }
notifier() {	# [--now UNIX]
	RETURNS_SMTP_URL="smtp://127.0.0.1:$sport" RETURNS_BASE_URL="$BASE" \
	    "$TOP/build/bin/returns-notifier" -d "$DB" -R "$TOP/src" --once "$@" >>"$T/notifier.log" 2>&1
}
mails() { ls "$MBOX/new" | wc -l; }
# subject|from|to of every message, parsed with Python's email package
parsed() {
	$PY - "$MBOX/new" <<'PYEOF'
import email, email.policy, os, sys
d = sys.argv[1]
for f in sorted(os.listdir(d)):
    m = email.message_from_binary_file(open(os.path.join(d, f), "rb"), policy=email.policy.default)
    text = m.get_body(("plain",)).get_content()
    html = m.get_body(("html",))
    print("%s|%s|%s|%s|%s" % (m["To"], m["Subject"], m["From"].addresses[0].display_name,
        "html" if html is not None else "nohtml", text.replace("\r", "").replace("\n", " ")[:2000]))
PYEOF
}
# confirm_rcpt EMAIL [held]: the recipient opens the link of its
# confirmation email (sent now, unless "held": one sent before) and clicks
# the page's button -> $S of the click
confirm_rcpt() {
	local link
	[ "${2:-}" = held ] || notifier
	link=$($PY - "$MBOX/new" "$1" <<'PYEOF'
import email, email.policy, os, re, sys
d, to = sys.argv[1:]
links = []
for f in sorted(os.listdir(d)):
    m = email.message_from_binary_file(open(os.path.join(d, f), "rb"), policy=email.policy.default)
    if str(m["To"]) == to:
        links += re.findall(r"https?://\S+/settings/confirm/[0-9]+-[0-9a-f]+", m.get_body(("plain",)).get_content())
print(links[-1] if links else "")
PYEOF
)
	link=/${link#*://*/}
	req "rc$$" GET "$link"
	req "rc$$" POST "$link" -d "csrf=$(csrf)"
}
# the lines of parsed about returns (not the recipients' confirmations)
not_confirm() { grep -vE "wants to send you return notifications|veut vous envoyer des avis"; }
smtp_up && ok "a real SMTP server on loopback" || ko "a real SMTP server on loopback" "$(cat "$T/smtp.log")"

sign_up nt "nt$$@example.com" "Café Crème"
t=$(tok_of nt /account/payment)
req nt POST /account/payment/card -d "csrf=$t" -d "number=4111111111111111" -d exp_month=12 -d exp_year=2031 -d cvv=123
new_policy nt "Notified"
NTOK=$LINKTOK

# ---- settings ----
req nt GET /settings/notifications
expect "the Notification settings tab" 200 "Add a recipient"
t=$(csrf)
addr() {	# EMAIL LANG MODE EVENTS...
	local e=$1 l=$2 m=$3
	shift 3
	local ev=()
	for x in "$@"; do ev+=(-d "on_$x=1"); done
	req nt POST /settings/notifications -d "csrf=$t" --data-urlencode "email=$e" -d "lang=$l" -d "mode=$m" "${ev[@]}"
}
addr "not an email" en each accepted
expect "a bad address is refused next to the field" 400 'id="email-new-err"'
addr "nobody$$@example.com" en each
expect "a recipient needs at least one event" 400 "Choose at least one event."
addr "r1-$$@example.com" fr each accepted exception delivered
[ "$S" = 303 ] && ok "a recipient is added" || ko "a recipient is added" "$S"
addr "R1-$$@EXAMPLE.COM" en each accepted
expect "the same address twice is refused" 400 "already a recipient"
addr "r2-$$@example.com" en each delivered
addr "r3-$$@example.com" en daily accepted exception delivered
addr "bounce-$$@example.com" en each accepted
req nt GET /settings/notifications
[ "$(grep -c 'class="subcard recipient"' "$T/b")" = 4 ] && ok "four recipients" || ko "four recipients" "$(grep -c 'class="subcard recipient"' "$T/b")"
body_has "You have four recipients" && ! body_has "Add the recipient" && ok "no fifth is offered" || ko "no fifth is offered" "offered"
addr "r5-$$@example.com" en each accepted
expect "a fifth recipient is refused with a clear message" 400 "You already have four recipients"
body_has "value=\"r5-$$@example.com\"" && ok "the refused fifth keeps what was typed" || ko "the refused fifth keeps what was typed" "lost"
[ "$(sql "SELECT count(*) FROM recipients r JOIN users u ON u.merchant_id = r.merchant_id WHERE u.email = 'nt$$@example.com'")" = 4 ] \
    && ok "still four stored" || ko "still four stored" "changed"
R2=$(sql "SELECT r.id FROM recipients r WHERE r.email = 'r2-$$@example.com'")
req nt POST "/settings/notifications/$R2" -d "csrf=$t" --data-urlencode "email=r1-$$@example.com" -d lang=en -d mode=each -d on_delivered=1
expect "changing an address to another recipient's is refused" 400 "already a recipient"
req pb POST "/settings/notifications/$R2/remove" -d "csrf=$(tok_of pb /settings/notifications)"
expect "another merchant cannot remove a recipient" 404
req nt POST "/settings/notifications/$R2/remove" -d "csrf=bad$t"
expect "removing without a valid CSRF token is a 403" 403
[ "$(sql "SELECT count(*) FROM recipients WHERE id = $R2")" = 1 ] && ok "and nothing was removed" || ko "and nothing was removed" "gone"

# ---- each recipient confirms its address before it gets anything ----
req nt GET /settings/notifications
[ "$(grep -c "Waiting for confirmation" "$T/b")" = 4 ] && ok "new recipients wait for their confirmation, and the tab says so" || ko "new recipients wait for their confirmation" "$(grep -c "Waiting for confirmation" "$T/b")"
R1=$(sql "SELECT id FROM recipients WHERE email = 'r1-$$@example.com'")
req nt POST "/settings/notifications/$R1/test" -d "csrf=$t"
[ "$S" = 409 ] && body_has "has not confirmed yet" && [ "$(sql "SELECT count(*) FROM outbox WHERE kind = 'test' AND recipient_id = $R1")" = 0 ] &&
    ok "no test email to an address not yet confirmed: its link goes again" || ko "no test email to an address not yet confirmed" "$S"
confirm_rcpt "r1-$$@example.com"
[ "$S" = 303 ] && [ "$(hval Location)" = /settings/confirmed ] && ok "the recipient confirms through the link in its first email" || ko "the recipient confirms through the link in its first email" "$S $(hval Location)"
parsed | grep -c "^r1-$$@example.com|Café Crème veut vous envoyer des avis de retour|" >/dev/null && ok "the confirmation email names the shop, in the recipient's language" || ko "the confirmation email names the shop" "$(parsed | grep "^r1-" | head -2)"
req "rc$$" GET "/settings/confirm/$R1-$(printf '0%.0s' $(seq 32))"
[ "$S" = 410 ] && ok "a made-up or used confirmation link answers 410" || ko "a made-up or used confirmation link answers 410" "$S"
# r2: a second confirmation email is queued (a test asked for it), then r2
# confirms with the first: the second is dropped unsent, not failed
notifier
R2=$(sql "SELECT id FROM recipients WHERE email = 'r2-$$@example.com'")
req nt POST "/settings/notifications/$R2/test" -d "csrf=$t"
[ "$(sql "SELECT count(*) FROM outbox WHERE kind = 'rcpt_confirm' AND recipient_id = $R2 AND state = 'pending'")" = 1 ] || ko "a second confirmation email waits" "none"
confirm_rcpt "r2-$$@example.com" held
n_r2=$(parsed | grep -c "^r2-$$@example.com|")
notifier
[ "$(parsed | grep -c "^r2-$$@example.com|")" = "$n_r2" ] && [ "$(sql "SELECT count(*) FROM outbox WHERE kind = 'rcpt_confirm' AND recipient_id = $R2 AND state <> 'sent'")" = 0 ] &&
    ok "a confirmation email whose link was used meanwhile is dropped, not sent and not failed" || ko "a confirmation email whose link was used meanwhile is dropped" "$(sql "SELECT state, last_error FROM outbox WHERE kind = 'rcpt_confirm' AND recipient_id = $R2")"
confirm_rcpt "r3-$$@example.com"
req nt GET /settings/notifications
[ "$(grep -c "Waiting for confirmation" "$T/b")" = 1 ] && ok "three confirmed; the bounced one still waits" || ko "three confirmed; the bounced one still waits" "$(grep -c "Waiting for confirmation" "$T/b")"

# ---- events to emails ----
req ntc GET "/r/$NTOK?lang=fr"	# the customer reads French
ret_form ntc "$NTOK" "email=cust$$@example.com" tracking_emails=1 "name=Zoë Tremblay"
NTRK=$(sql "SELECT tracking FROM shipments WHERE email = 'cust$$@example.com'")
now=$(date +%s)
# the events below happen "N seconds ago", all on today's date in Toronto
# (the daily summary counts them by the merchant's day): just after
# midnight there, the gaps shrink to fit since midnight, order kept
since_midnight=$((now - $(TZ=America/Toronto date -d "today 00:00" +%s)))
ago() { awk -v now="$now" -v n="$1" -v s="$since_midnight" 'BEGIN {
	k = s >= 1000 ? 1 : (s > 10 ? (s - 10) / 1000 : 0); printf "%d", now - n * k }'; }
feed "[{\"event_id\":\"N$$-1\",\"tracking\":\"$NTRK\",\"type\":\"accepted\",\"time\":\"$(iso "$(ago 600)")\",\"location\":\"OTTAWA ON\"}]"
feed "[{\"event_id\":\"N$$-2\",\"tracking\":\"$NTRK\",\"type\":\"delivered\",\"time\":\"$(iso "$(ago 60)")\",\"location\":\"OTTAWA ON\"}]"
feed "[{\"event_id\":\"N$$-1\",\"tracking\":\"$NTRK\",\"type\":\"accepted\",\"time\":\"$(iso "$(ago 600)")\",\"location\":\"OTTAWA ON\"}]"
q="SELECT count(*) FROM outbox o JOIN users u ON u.merchant_id = o.merchant_id WHERE u.email = 'nt$$@example.com'"
[ "$(sql "$q AND o.kind = 'event'")" = 3 ] && ok "one email per chosen event and confirmed recipient (a replay adds none)" || ko "one email per chosen event and confirmed recipient (a replay adds none)" "$(sql "$q AND o.kind = 'event'")"
[ "$(sql "$q AND o.kind = 'customer_event'")" = 2 ] && ok "the customer who opted in gets tracking emails" || ko "the customer who opted in gets tracking emails" "$(sql "$q AND o.kind = 'customer_event'")"
notifier
n1=$(mails)
parsed > "$T/mails"
# r1 accepted and delivered, r2 delivered, the customer's label and two
# tracking emails; bounce's accepted is refused
mine=$(grep -E "^(r1-$$|r2-$$|cust$$)@example.com\|" "$T/mails" | not_confirm | wc -l)
[ "$mine" = 6 ] && ok "the notifier sends them through SMTP" || ko "the notifier sends them through SMTP" "$mine ($(tail -3 "$T/notifier.log"))"
grep -q "^r1-$$@example.com|Le retour $NTRK a été déposé|Café Crème|html|" "$T/mails" && ok "a French recipient gets French, accents in the subject and sender" || ko "a French recipient gets French, accents in the subject and sender" "$(grep r1- "$T/mails" | head -2)"
grep -q "^r2-$$@example.com|Return $NTRK was delivered|" "$T/mails" && ok "an English recipient of deliveries only" || ko "an English recipient of deliveries only" "$(grep r2- "$T/mails")"
[ "$(grep "^r2-$$@example.com|" "$T/mails" | not_confirm | wc -l)" = 1 ] && ok "no email for events a recipient did not choose" || ko "no email for events a recipient did not choose" "$(grep -c "^r2-" "$T/mails")"
grep -q "^cust$$@example.com|Votre retour à Café Crème a été livré|" "$T/mails" && ok "the customer's tracking email, in French" || ko "the customer's tracking email, in French" "$(grep cust "$T/mails")"
grep -q "^cust$$@example.com|Votre étiquette de retour pour Café Crème|.*$BASE/r/t/[0-9a-f]\{40\}" "$T/mails" && ok "the label email with its download link" || ko "the label email with its download link" "$(grep cust "$T/mails" | head -1)"
[ "$(sql "SELECT state||'|'||(last_error LIKE '550%') FROM outbox WHERE to_addr = 'bounce-$$@example.com'")" = "failed|1" ] && ok "a 5xx answer fails the email for good" || ko "a 5xx answer fails the email for good" "$(sql "SELECT state, last_error FROM outbox WHERE to_addr = 'bounce-$$@example.com'")"
req nt GET /settings/notifications
body_has "Emails that could not be delivered" && body_has "bounce-$$@example.com" && ok "the settings tab shows the failed email" || ko "the settings tab shows the failed email" "missing"
notifier
[ "$(mails)" = "$n1" ] && ok "running again sends nothing twice" || ko "running again sends nothing twice" "$(mails)"
req nt POST "/settings/notifications/$R1/test" -d "csrf=$t"
notifier
parsed | grep -c "^r1-$$@example.com|Courriel d’essai" >/dev/null && ok "send a test email" || ko "send a test email" "no test email"

# ---- "label created": for the recipients who chose it, one email per
# label (never to the customer, who has the label's own email) ----
req nt GET /settings/notifications
[ "$(grep -c 'name="on_created"' "$T/b")" -ge 4 ] && body_has "Label created" && ok "a recipient can choose to hear of each label created" || ko "a recipient can choose to hear of each label created" "$(grep -c on_created "$T/b")"
req nt POST "/settings/notifications/$R1" -d "csrf=$t" --data-urlencode "email=r1-$$@example.com" -d lang=fr -d mode=each \
    -d on_accepted=1 -d on_exception=1 -d on_delivered=1 -d on_created=1
[ "$S" = 303 ] && [ "$(sql "SELECT on_created FROM recipients WHERE id = $R1")" = 1 ] && ok "... and the choice is kept" || ko "... and the choice is kept" "$S"
t3=$(tok_of nt /account/profile)
req nt POST /account/profile -d "csrf=$t3" --data-urlencode "business=Café Crème" -d lang=en -d tz=America/Toronto \
    -d "support_email=service$$@cafe.example"
RET_IFACE=127.0.0.9 ret_form ntc "$NTOK" "email=made$$@example.com" "name=Léa Roy"
MTRK=$(sql "SELECT tracking FROM shipments WHERE email = 'made$$@example.com'")
[ "$(sql "SELECT group_concat(to_addr) FROM outbox WHERE kind = 'event' AND event = 'created' AND ref = (SELECT id FROM shipments WHERE tracking = '$MTRK')")" = "r1-$$@example.com" ] \
    && ok "a new label queues one email, to the recipient who chose it" || ko "a new label queues one email, to the recipient who chose it" "$(sql "SELECT to_addr, event FROM outbox WHERE ref = (SELECT id FROM shipments WHERE tracking = '$MTRK')")"
notifier
parsed | grep -q "^r1-$$@example.com|Retour $MTRK.: un client a fait une étiquette de retour|" && ok "... which says so in the recipient's language" || ko "... which says so in the recipient's language" "$(parsed | grep "^r1-" | tail -2)"
# the label itself is attached: a PDF named in the customer's language
# whose barcode reads the tracking number
att=$($PY - "$MBOX/new" "made$$@example.com" "$T/att.pdf" <<'PYEOF2'
import email, email.policy, os, sys
d, to, out = sys.argv[1:]
for f in sorted(os.listdir(d)):
    m = email.message_from_binary_file(open(os.path.join(d, f), "rb"), policy=email.policy.default)
    if str(m["To"]) != to or "tiquette de retour" not in str(m["Subject"]):
        continue
    open(out + ".replyto", "w").write(str(m["Reply-To"] or ""))
    for part in m.iter_attachments():
        open(out, "wb").write(part.get_content())
        print("%s|%s" % (part.get_content_type(), part.get_filename()))
PYEOF2
)
pdftoppm -r 200 -png -singlefile "$T/att.pdf" "$T/att" 2>/dev/null
[ "$att" = "application/pdf|etiquette-de-retour-$MTRK.pdf" ] && zbarimg -q "$T/att.png" 2>/dev/null | grep -q "^CODE-128:$MTRK$" \
    && parsed | grep "^made$$@example.com|Votre étiquette" | grep -q "Votre étiquette est jointe à ce courriel (un PDF)" \
    && ok "the label email carries the label as a PDF, and says so" || ko "the label email carries the label as a PDF, and says so" "'$att'"
[ "$(cat "$T/att.pdf.replyto")" = "service$$@cafe.example" ] && parsed | grep "^made$$@example.com|Votre étiquette" | grep -q "Joignez Café Crème.: service$$@cafe.example" \
    && ok "the customer's email: replies go to the shop's customer service, which it names" || ko "the customer's email: replies go to the shop's customer service" "'$(cat "$T/att.pdf.replyto")'"
req nt POST "/settings/notifications/$R1" -d "csrf=$t" --data-urlencode "email=r1-$$@example.com" -d lang=fr -d mode=each \
    -d on_accepted=1 -d on_exception=1 -d on_delivered=1
n1=$(mails)

# ---- an exception: to the recipients who chose it, and the customer ----
ret_form ntc "$NTOK" "email=cust2-$$@example.com" tracking_emails=1 "name=Luc Gagnon"
XTRK=$(sql "SELECT tracking FROM shipments WHERE email = 'cust2-$$@example.com'")
feed "[{\"event_id\":\"X$$-1\",\"tracking\":\"$XTRK\",\"type\":\"accepted\",\"time\":\"$(iso "$(ago 900)")\"},
 {\"event_id\":\"X$$-2\",\"tracking\":\"$XTRK\",\"type\":\"exception\",\"time\":\"$(iso "$(ago 300)")\",\"location\":\"LAVAL QC\"}]"
notifier
parsed > "$T/mails2"
grep -q "^r1-$$@example.com|Retour $XTRK[^:|]*: une exception pourrait avoir une incidence sur la livraison|" "$T/mails2" \
    && ok "an exception reaches the recipient who chose exceptions, in French" || ko "an exception reaches the recipient who chose exceptions, in French" "$(grep "r1-.*$XTRK" "$T/mails2")"
[ "$(grep -c "^r2-$$@example.com|.*$XTRK" "$T/mails2")" = 0 ] && ok "... and not the one who chose deliveries only" || ko "... and not the one who chose deliveries only" "$(grep "r2-.*$XTRK" "$T/mails2")"
grep -q "^cust2-$$@example.com|Une situation pourrait retarder votre retour à Café Crème|" "$T/mails2" \
    && ok "the customer hears of the exception" || ko "the customer hears of the exception" "$(grep "cust2-" "$T/mails2")"
n1=$(mails)

# ---- daily summaries at 07:00 in the merchant's time zone ----
sign_up vt "vt$$@example.com" "Vancouver Co"
sql "UPDATE merchants SET tz = 'America/Vancouver' WHERE id = (SELECT merchant_id FROM users WHERE email = 'vt$$@example.com')"
t2=$(tok_of vt /account/payment)
req vt POST /account/payment/card -d "csrf=$t2" -d "number=4111111111111111" -d exp_month=12 -d exp_year=2031 -d cvv=123
new_policy vt "West"
ret_form vtc "$LINKTOK" "email=west$$@example.com"
VTRK=$(sql "SELECT tracking FROM shipments WHERE email = 'west$$@example.com'")
t2=$(tok_of vt /settings/notifications)
req vt POST /settings/notifications -d "csrf=$t2" --data-urlencode "email=daily-west$$@example.com" -d lang=fr -d mode=daily -d on_accepted=1
confirm_rcpt "daily-west$$@example.com"
tomorrow_at() { TZ=$1 date -d "tomorrow $2" +%s; }
TODAY_TO=$(TZ=America/Toronto date +%F)
TODAY_VA=$(TZ=America/Vancouver date +%F)
vt_ev=$(($(TZ=America/Vancouver date -d "today 12:00" +%s)))
feed "[{\"event_id\":\"V$$-1\",\"tracking\":\"$VTRK\",\"type\":\"accepted\",\"time\":\"$(iso $vt_ev)\"}]"
notifier --now "$(tomorrow_at America/Toronto 06:30)"
parsed | not_confirm | grep -cE "^(r3-$$|daily-west$$)@example.com\|" >/dev/null && ko "no summary before 07:00" "sent" || ok "no summary before 07:00"
notifier --now "$(tomorrow_at America/Toronto 07:05)"
parsed > "$T/mails"
grep -q "^r3-$$@example.com|Your returns on $TODAY_TO|.*Dropped off: 2 .*Exceptions: 1 .*Delivered: 1" "$T/mails" && ok "the Toronto summary at 07:00 Toronto time, with counts" || ko "the Toronto summary at 07:00 Toronto time, with counts" "$(grep r3- "$T/mails")"
r3=$(grep "^r3-$$@example.com|Your returns on" "$T/mails")
case "$r3" in *"$XTRK  Dropped off ("*"Luc Gagnon"*"$NTRK  Dropped off ("*"Zoë Tremblay"*"$XTRK  Exception"*"$NTRK  Delivered"*) ok "the summary lists the day's events by time, with the customers";; *) ko "the summary lists the day's events by time, with the customers" "$r3";; esac
not_confirm < "$T/mails" | grep -q "^daily-west$$@example.com|" && ko "Vancouver waits for its own 07:00" "sent early" || ok "Vancouver waits for its own 07:00"
notifier --now "$(tomorrow_at America/Vancouver 07:05)"
parsed > "$T/mails"
grep -q "^daily-west$$@example.com|Vos retours du $TODAY_VA|.*Déposés[^:]*: 1" "$T/mails" && ok "the Vancouver summary at 07:00 Vancouver time, in French" || ko "the Vancouver summary at 07:00 Vancouver time, in French" "$(grep west "$T/mails")"
west=$(grep "^daily-west$$@example.com|" "$T/mails" | not_confirm)
case "$west" in *"Livrés"*|*"Exceptions"*) ko "a summary counts only the events its recipient chose" "$west";; *"$VTRK  Déposé ("*) ok "a summary counts and lists only the events its recipient chose";; *) ko "a summary counts and lists only the events its recipient chose" "$west";; esac
notifier --now "$(tomorrow_at America/Vancouver 09:00)"
[ "$(parsed | not_confirm | grep -cE "^(r3-$$|daily-west$$)@example.com\|")" = 2 ] && ok "one summary a day" || ko "one summary a day" "$(parsed | grep -cE "^(r3-$$|daily-west$$)@")"
n2=$(mails)
sql "PRAGMA foreign_keys = ON; DELETE FROM recipients WHERE email = 'daily-west$$@example.com'"

# ---- the SMTP server down during a burst, then up ----
smtp_down
for i in 1 2 3 4 5; do
	ret_form ntc "$NTOK" "email=burst$i-$$@example.com"
done
burst=$(sql "SELECT group_concat(tracking, ' ') FROM shipments WHERE email LIKE 'burst%-$$@example.com'")
evs=""; k=0
for trk in $burst; do
	k=$((k + 1))
	evs="$evs${evs:+,}{\"event_id\":\"B$$-$k\",\"tracking\":\"$trk\",\"type\":\"accepted\",\"time\":\"$(iso $now)\"}"
done
feed "[$evs]"
expected=$(sql "SELECT count(*) FROM outbox WHERE state = 'pending' AND to_addr NOT LIKE 'bounce%'")
notifier
# no server answering is a fault of the configuration or the network, not
# of the emails: sending pauses, nothing is marked failed, and the state
# says why (returnsctl status)
[ "$(mails)" = "$n2" ] && [ "$(sql "SELECT count(*) FROM outbox WHERE state = 'pending' AND to_addr NOT LIKE 'bounce%'")" = "$expected" ] &&
    [ "$(sql "SELECT count(*) FROM outbox WHERE state = 'failed' AND to_addr NOT LIKE 'bounce%'")" = 0 ] &&
    [ "$(sql "SELECT ok FROM service_state WHERE name = 'notifier' AND detail LIKE 'no SMTP server answered%'")" = 0 ] \
    && ok "with the server down, sending pauses: every email waits, none failed, the pause and its cause noted" || ko "with the server down, sending pauses: every email waits" "$(sql "SELECT state, attempts, count(*) FROM outbox GROUP BY 1, 2; SELECT * FROM service_state")"
smtp_up
notifier --now $((now + 7200))
notifier --now $((now + 7300))
[ "$(( $(mails) - n2 ))" = "$expected" ] && [ "$(sql "SELECT count(*) FROM outbox WHERE state IN ('pending', 'sending')")" = 0 ] &&
    [ "$(sql "SELECT ok FROM service_state WHERE name = 'notifier'")" = 1 ] \
    && ok "once it is back, every email is delivered once, none lost" || ko "once it is back, every email is delivered once, none lost" "$(( $(mails) - n2 )) of $expected"
[ "$(parsed | not_confirm | grep -E "^(burst|r1-)" | cut -d'|' -f1,2 | sort | uniq -d | wc -l)" = 0 ] && ok "no email was sent twice" || ko "no email was sent twice" "$(parsed | grep -E "^(burst|r1-)" | cut -d'|' -f1,2 | sort | uniq -d | head -3)"

# ---- two notifiers at once never send one email twice ----
before=$(parsed | grep -c "^r1-$$@example.com|Courriel d’essai")
for i in 1 2 3 4; do
	req nt POST "/settings/notifications/$R1/test" -d "csrf=$t"
done
# five test emails an hour (one above, four here): the sixth is refused,
# saying so on the page, and nothing is queued
queued=$(sql "SELECT count(*) FROM outbox WHERE kind = 'test'")
req nt POST "/settings/notifications/$R1/test" -d "csrf=$t"
[ "$S" = 429 ] && body_has "5 test emails an hour" && [ "$(sql "SELECT count(*) FROM outbox WHERE kind = 'test'")" = "$queued" ] &&
    ok "a sixth test email within the hour is refused, in the merchant's language" || ko "a sixth test email within the hour is refused" "$S"
notifier --now $((now + 7400)) & p1=$!
notifier --now $((now + 7400)) & p2=$!
notifier --now $((now + 7400)) & p3=$!
wait $p1 $p2 $p3
after=$(parsed | grep -c "^r1-$$@example.com|Courriel d’essai")
[ $((after - before)) = 4 ] && ok "three notifiers at once send each email once" || ko "three notifiers at once send each email once" "$((after - before)) of 4"

# ---- a wrong SMTP password is the configuration's fault, not the emails' ----
smtp_down
smtp_up AuthRefuser || ko "a server that refuses the credentials" "$(cat "$T/smtp.log")"
# three emails to send: the merchant asks for a new password three times
for i in 1 2 3; do
	req auth GET /account/forgot
	req auth POST /account/forgot -d "csrf=$(csrf)" --data-urlencode "email=nt$$@example.com"
done
q_auth="SELECT group_concat(state || ':' || attempts, ' ') FROM outbox WHERE kind = 'reset' AND to_addr = 'nt$$@example.com'"
n_auth=$(mails)
notifier
[ "$(sql "$q_auth")" = "pending:0 pending:0 pending:0" ] && [ "$(mails)" = "$n_auth" ] &&
    ok "535 (credentials refused): nothing is marked failed, no attempt counted" || ko "535: nothing is marked failed" "$(sql "$q_auth")"
grep -q "SMTP authentication refused (535" "$T/notifier.log" && grep -q "sending paused" "$T/notifier.log" &&
    ok "… the log says sending is paused and why" || ko "… the log says sending is paused and why" "$(tail -2 "$T/notifier.log")"
[ "$(grep -c "SMTP authentication refused" "$T/notifier.log")" = 1 ] && ok "… and the pass stops at the first refusal" || ko "… and the pass stops at the first refusal" "$(grep -c "SMTP authentication refused" "$T/notifier.log")"
smtp_down
smtp_up
notifier --now $(($(date +%s) + 120))
[ "$(sql "$q_auth")" = "sent:1 sent:1 sent:1" ] && ok "the configuration fixed, every paused email goes" || ko "the configuration fixed, every paused email goes" "$(sql "$q_auth")"
# the operator's view and retry of what failed for good
out=$("$TOP/build/bin/returnsctl" -d "$DB" outbox list 2>&1)
case "$out" in *"failed for good"*"bounce-$$@example.com"*"550"*) ok "returnsctl outbox list shows the email that failed for good" ;;
	*) ko "returnsctl outbox list shows the email that failed for good" "$out" ;; esac
BID=$(sql "SELECT id FROM outbox WHERE to_addr = 'bounce-$$@example.com' AND state = 'failed' LIMIT 1")
out=$("$TOP/build/bin/returnsctl" -d "$DB" outbox retry --id "$BID" 2>&1)
[ "$(sql "SELECT state || ':' || attempts FROM outbox WHERE id = $BID")" = "pending:0" ] && ok "returnsctl outbox retry --id N puts it back ($out)" || ko "returnsctl outbox retry --id N puts it back" "$out"

# ---- nothing reaches a header from a form ----
req inj GET /account/signup
req inj POST /account/signup -d "csrf=$(csrf)" --data-urlencode $'business=Shop\r\nBcc: evil@example.com' \
    -d "email=inj$$@example.com" -d "password=a good long password" -d "password2=a good long password" -d lang=en -d tz=America/Toronto
expect "control characters never reach a header (refused at the form)" 400 "characters that are not allowed"
if grep -l "evil@example.com" "$MBOX"/new/* >/dev/null 2>&1; then ko "no injected header in any email" "found"; else ok "no injected header in any email"; fi
smtp_down
