# t95 -- after everything: no card number anywhere we keep or show things.
sqlite3 "$DB" .dump > "$T/dump.sql"
if node "$HERE/cardscan.mjs" "$T/dump.sql" "$VAR"/log/*.log "$T/all-pages" > "$T/scan" 2>&1; then
	ok "no card number in the database, the logs or the pages"
else
	ko "no card number in the database, the logs or the pages" "$(head -3 "$T/scan")"
fi
printf '4111 1111 1111 1111\n' > "$T/canary"
node "$HERE/cardscan.mjs" "$T/canary" >/dev/null 2>&1 && ko "the card scan finds a card number" "missed the canary" || ok "the card scan finds a card number"
