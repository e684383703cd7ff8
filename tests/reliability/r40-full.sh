# r40 -- the database on a full disk: a second stack of its own whose
# database (and keys) live on a 2 MB tmpfs, filled to the last byte. Pages
# that write (sign-up, log-in, a label) answer a clean 503 page, pages that
# read still work, no worker dies; with the filler deleted, normal service.
# The tmpfs is unmounted at the end whatever happens (the suite's trap).
FULL=$(mktemp -d /tmp/returns-full.XXXXXX)
if [ "$(id -u)" != 0 ] || ! mount -t tmpfs -o size=2m tmpfs "$FULL" 2>"$T/mount.err"; then
	ko "a 2 MB tmpfs for the database" "cannot mount (needs root): $(cat "$T/mount.err")"
	rmdir "$FULL"
else
	V2=$(mktemp -d /tmp/returns-full-var.XXXXXX)
	CLEANUPS+=("'$TOP/src/tools/stack' stop '$V2' >/dev/null 2>&1; umount '$FULL' 2>/dev/null || umount -l '$FULL'; rmdir '$FULL'; rm -rf '$V2'")
	port2=$(free_port)
	SAVE_BASE=$BASE SAVE_DB=$DB SAVE_LINK=$LINK
	BASE=http://127.0.0.1:$port2
	DB=$FULL/returns.db
	if ! RETURNS_DB=$DB RETURNS_BENCH=1 "$TOP/src/tools/stack" start "$V2" "$port2" 2>"$T/stack2.err"; then
		ko "a second stack with its database on the tmpfs" "$(cat "$T/stack2.err") $(tail -3 "$V2"/log/*.log)"
	else
		ok "a second stack with its database on a 2 MB tmpfs ($(ls "$FULL" | tr '\n' ' '))"
		merchant_with_link full "full-$U@example.com"
		label fc "before-$U@example.com"
		[ "$S" = 303 ] && ok "a label on the tmpfs stack before the disk fills" || ko "a label on the tmpfs stack before the disk fills" "$S"
		# a logged-in session and a log-in form, ready
		req fl GET /account/login
		login_tok=$(csrf)
		pids_before=$(for a in dashboard label; do workers $a; done | sort | tr '\n' ' ')
		# the WAL emptied, so that the next write needs new space; then the filler
		ck=$(sqlite3 "$DB" "PRAGMA wal_checkpoint(TRUNCATE)")
		dd if=/dev/zero of="$FULL/filler" bs=4k 2>/dev/null
		avail=$(df --output=avail -k "$FULL" | tail -1 | tr -d ' ')
		[ "$avail" = 0 ] && ok "the tmpfs is full (checkpoint $ck, WAL $(stat -c %s "$DB-wal" 2>/dev/null) bytes)" || ko "the tmpfs is full" "$avail KB left"

		req fs GET /account/signup
		req fs POST /account/signup -d "csrf=$(csrf)" -d "business=Full Disk" -d "email=fulldisk-$U@example.com" \
		    -d "password=full disk password" -d "password2=full disk password" -d lang=en -d tz=America/Toronto
		expect "disk full: sign-up is a clean 503 page" 503 "briefly unavailable"
		security_headers "disk full: the 503 carries the security headers"
		label fc "during-$U@example.com"
		expect "disk full: a label is a clean 503 page" 503 "briefly unavailable"
		req fl POST /account/login -d "csrf=$login_tok" --data-urlencode "email=full-$U@example.com" -d "password=reliable password $$"
		expect "disk full: logging in is a clean 503 page" 503 "briefly unavailable"
		r=""
		req full GET /policies/; r="$r policies:$S"
		req full GET "/policies/$PN"; r="$r policy:$S"
		req anon2 GET /account/login; r="$r login:$S"
		req fc2 GET "$LINK"; r="$r customer:$S"
		req full GET /returns/list; r="$r returns:$S"
		case "$r" in *:[!2]*) ko "disk full: pages that read still work" "$r" ;; *) ok "disk full: pages that read still work ($r)" ;; esac
		pids_during=$(for a in dashboard label; do workers $a; done | sort | tr '\n' ' ')
		if grep -hE 'killed by signal' "$V2"/log/*.log >/dev/null 2>&1 || [ "$pids_before" != "$pids_during" ]; then
			ko "disk full: no worker died" "$(grep -hE 'killed by signal' "$V2"/log/*.log | head -2 | tr '\n' ' ') workers $pids_before -> $pids_during"
		else
			ok "disk full: no worker died (same workers, nothing 'killed by signal' in the logs)"
		fi
		grep -qiE 'full|disk|space' "$V2"/log/dashboard.log "$V2"/log/label.log && ok "disk full: the logs say why" || ko "disk full: the logs say why" "$(tail -2 "$V2"/log/label.log | tr '\n' ' ')"

		rm -f "$FULL/filler"
		t0=$(date +%s)
		label fc "after-$U@example.com"
		a=$S
		req fs2 GET /account/signup
		req fs2 POST /account/signup -d "csrf=$(csrf)" -d "business=Full Disk" -d "email=fulldisk-$U@example.com" \
		    -d "password=full disk password" -d "password2=full disk password" -d lang=en -d tz=America/Toronto
		[ "$a" = 303 ] && [ "$S" = 303 ] && ok "filler deleted: normal service at once (a label, a sign-up)" || ko "filler deleted: normal service at once" "label $a, sign-up $S"
		[ "$(sqlite3 "$DB" 'PRAGMA integrity_check')" = ok ] && ok "the database on the tmpfs is sound" || ko "the database on the tmpfs is sound" "integrity_check"
		n=$(sqlite3 "$DB" "SELECT count(*) FROM shipments WHERE email = 'during-$U@example.com'")
		[ "$n" = 0 ] && ok "the refused label left nothing behind" || ko "the refused label left nothing behind" "$n rows"
	fi
	"$TOP/src/tools/stack" stop "$V2"
	umount "$FULL" 2>/dev/null || umount -l "$FULL"
	mountpoint -q "$FULL" && ko "the tmpfs is unmounted" "still mounted" || ok "the tmpfs is unmounted"
	rmdir "$FULL" 2>/dev/null; rm -rf "$V2"
	CLEANUPS=("${CLEANUPS[@]:0:${#CLEANUPS[@]}-1}")
	BASE=$SAVE_BASE DB=$SAVE_DB LINK=$SAVE_LINK
fi
