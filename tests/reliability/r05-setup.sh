# r05 -- a merchant with a card and a policy: its return link is the one
# every test loads.
U=$$-$RANDOM
merchant_with_link rel "rel-$U@example.com"
MREL=$(sql "SELECT merchant_id FROM users WHERE email = 'rel-$U@example.com'")
[ ${#LINK} = 43 ] && [ -n "$MREL" ] && ok "a merchant and a return link to load" || ko "a merchant and a return link to load" "'$PN' '$LINK'"
