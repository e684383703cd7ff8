# s60 -- after everything: no card number, no return link or download
# token, no session id and no password typed during the suite in the
# database, the logs or the emails (a download link only in the label
# email to that return's own customer); no card number or password in the
# pages either.
sqlite3 "$DB" .dump > "$T/dump.sql"
LOGS=("$VAR"/log/*)
# every email, decoded (base64, quoted-printable), with its recipient
mkdir -p "$T/mails"
/usr/bin/python3 - "$T/mails" "$T/mbox/new" "$VAR/mail/new" <<'PYEOF'
import email, email.policy, os, sys
out, *dirs = sys.argv[1:]
n = 0
for d in dirs:
    if not os.path.isdir(d):
        continue
    for f in sorted(os.listdir(d)):
        raw = open(os.path.join(d, f), "rb").read()
        m = email.message_from_bytes(raw, policy=email.policy.default)
        text = []
        for part in m.walk():
            if part.is_multipart():
                continue
            try:
                text.append(part.get_content())
            except Exception:
                text.append(part.get_payload(decode=True).decode("latin1"))
        n += 1
        with open(os.path.join(out, "%04d" % n), "w") as o:
            o.write("X-To: %s\n%s\n\n%s\n" % (m["To"], str(m).split("\n\n", 1)[0], "\n".join(text)))
        open(os.path.join(out, "%04d.raw" % n), "wb").write(raw)
PYEOF
MAILS=("$T"/mails/*)
[ -e "${MAILS[0]}" ] || MAILS=()
echo "# scanning the database dump, ${#LOGS[@]} logs, $(ls "$T/mails" | grep -vc raw) emails, $(wc -c < "$T/all-pages") bytes of pages"

# ---- card numbers (Luhn-valid, a card brand's leading digits) ----
if node "$TOP/tests/http/cardscan.mjs" "$T/dump.sql" "${LOGS[@]}" "${MAILS[@]}" "$T/all-pages" > "$T/scan" 2>&1; then
	ok "no card number in the database, the logs, the emails or the pages"
else
	ko "no card number in the database, the logs, the emails or the pages" "$(head -3 "$T/scan" | tr '\n' ';')"
fi
printf 'x 5555-5555-5555-4444 y\n' > "$T/canary"
node "$TOP/tests/http/cardscan.mjs" "$T/canary" >/dev/null 2>&1 && ko "the card scan finds a card number" "missed the canary" || ok "the card scan finds a card number"

# ---- link and download tokens ----
sed -E 's|.*/r/(t/)?||' "$T/tokens" | sort -u > "$T/tok-all"
grep -E '/r/[0-9a-f]{40}' "$T/tokens" | sed 's|.*/r/||' | sort -u > "$T/tok-link"
grep -E '/r/t/[0-9a-f]{40}' "$T/tokens" | sed 's|.*/r/t/||' | sort -u > "$T/tok-dl"
nl=$(wc -l < "$T/tok-link"); nd=$(wc -l < "$T/tok-dl")
[ "$nl" -ge 4 ] && [ "$nd" -ge 3 ] && ok "tokens collected from the pages: $nl return links, $nd download links" \
    || ko "tokens collected from the pages" "$nl links, $nd downloads"
found=$(grep -lF -f "$T/tok-all" "$T/dump.sql" "${LOGS[@]}" 2>/dev/null)
if [ -z "$found" ]; then
	ok "no link or download token in the database or the logs"
else
	ko "no link or download token in the database or the logs" "$(for f in $found; do
	    printf '%s (%s lines), e.g. ' "$(basename "$f")" "$(grep -cF -f "$T/tok-all" "$f")"
	    grep -hF -f "$T/tok-all" "$f" | head -1 | sed -E 's/([0-9a-f]{8})[0-9a-f]{32}/\1…/g' | cut -c1-260; done)"
fi
# emails: a return link never; a download link only to its own customer
badmail=""
for f in "${MAILS[@]}"; do
	case $f in *.raw) continue ;; esac
	grep -qF -f "$T/tok-link" "$f" && badmail="$badmail $(basename "$f"):a-return-link"
	to=$(sed -n '1s/^X-To: //p' "$f" | tr 'A-Z' 'a-z')
	for tok in $(grep -oF -f "$T/tok-dl" "$f" | sort -u); do
		owner=$(sql "SELECT lower(email) FROM shipments WHERE dl_hash = '$(printf %s "$tok" | sha256sum | cut -d' ' -f1)'")
		[ "$owner" = "$to" ] || badmail="$badmail $(basename "$f"):download-link-of-$owner-to-$to"
	done
done
[ -z "$badmail" ] && ok "no return link in any email; a download link only in its own customer's email" || ko "no return link in any email; a download link only in its own customer's email" "$badmail"

# ---- session ids ----
awk '$6 == "sid" {print $7}' "$T"/*.jar 2>/dev/null | sort -u > "$T/sids"
ns=$(wc -l < "$T/sids")
found=$(grep -lF -f "$T/sids" "$T/dump.sql" "${LOGS[@]}" "${MAILS[@]}" 2>/dev/null)
[ "$ns" -ge 3 ] && [ -z "$found" ] && ok "no session id ($ns seen) in the database, the logs or the emails" || ko "no session id in the database, the logs or the emails" "$ns ids; found in: $found"

# ---- passwords typed ----
printf '%s\n' "${PASSWORDS[@]}" | sort -u > "$T/passwords"
np=$(wc -l < "$T/passwords")
found=$(grep -lF -f "$T/passwords" "$T/dump.sql" "${LOGS[@]}" "${MAILS[@]}" "$T/all-pages" 2>/dev/null)
[ -z "$found" ] && ok "none of the $np passwords typed in the database, the logs, the emails or the pages" || ko "none of the $np passwords typed in the database, the logs, the emails or the pages" "$found"
