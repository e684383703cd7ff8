# r20 -- kill -9 a label worker at random every 0.5 s, ten times, while wrk
# creates labels on 64 connections: every return whose 303 reached the
# client exists (its download token's hash is in the database), each return
# has its label email queued (one transaction), the database is sound, the
# master keeps two workers, and the site answers normally within 5 s.
if ! grep -q 'no label rate limits' "$VAR/nginx/returns.conf" 2>/dev/null; then
	echo "# note: this stack has nginx's label rate limits (start it with RETURNS_BENCH=1): most POSTs will get 429"
fi
req wrkjar GET "$LINK"
CSRF=$(awk '$6 == "csrf" {print $7}' "$T/wrkjar.jar")
TAG=kill${U//-/x}
LOAD=${RELIABILITY_LOAD_SECONDS:-7}
CSRF=$CSRF LINK=$LINK TAG=$TAG OUT=$T/locs timeout $((LOAD + 20)) \
    wrk -t2 -c64 -d"${LOAD}s" --timeout 10s -s "$HERE/post_label.lua" "$BASE$LINK" > "$T/wrk.out" 2>&1 &
wrkpid=$!
sleep 1
killed=""
for i in $(seq 1 10); do
	pids=($(workers label))
	if [ ${#pids[@]} -gt 0 ]; then
		victim=${pids[RANDOM % ${#pids[@]}]}
		kill -9 "$victim" 2>/dev/null && killed="$killed $victim"
	fi
	sleep 0.5
done
wait $wrkpid
sleep 1	# requests wrk left in flight at its end finish in the workers
n303=$(awk '$1 == "status" && $2 == 303 {print $3}' "$T/wrk.out"); n303=${n303:-0}
answers=$(awk '$1 == "status" {printf "%s×%s ", $2, $3}' "$T/wrk.out")
nkilled=$(echo $killed | wc -w)
[ "$nkilled" = 10 ] && ok "ten label workers killed with SIGKILL under load ($answers)" || ko "ten label workers killed with SIGKILL under load" "$nkilled killed; $(tail -3 "$T/wrk.out" | tr '\n' ' ')"
[ "$n303" -ge 100 ] && ok "labels were created all along ($n303 answered 303 in $LOAD s)" || ko "labels were created all along" "$n303 answered 303: $(head -c 400 "$T/wrk.out")"

# every 303's download token is in the database (as its SHA-256)
sqlite3 "$DB" "SELECT dl_hash FROM shipments WHERE email LIKE '$TAG-%'" | sort > "$T/hashes"
rows=$(wc -l < "$T/hashes")
cat "$T"/locs.* 2>/dev/null | /usr/bin/python3 -c '
import hashlib, sys
for l in sys.stdin:
    tok = l.strip().rsplit("/", 1)[-1]
    print(hashlib.sha256(tok.encode()).hexdigest() if len(tok) == 40 else "bad-location:" + l.strip())
' | sort > "$T/told"
told=$(wc -l < "$T/told")
lost=$(comm -23 "$T/told" "$T/hashes" | wc -l)
[ "$told" = "$n303" ] && [ "$lost" = 0 ] && [ "$rows" -ge "$n303" ] \
    && ok "every label answered 303 exists: $n303 answered, $rows rows ($((rows - n303)) committed but not answered: in flight when wrk stopped, or on a killed worker)" \
    || ko "every label answered 303 exists" "$n303 answered 303, $told locations, $lost not in the database, $rows rows"
# the others: one per kill at most, and what wrk had in flight when it stopped
[ $((rows - n303)) -le $((nkilled + 64)) ] && ok "labels committed but not answered: $((rows - n303)), no more than the kills plus the 64 requests in flight at the end" \
    || ko "labels committed but not answered: no more than the kills plus the 64 requests in flight at the end" "$((rows - n303)) for $nkilled kills"
nmail=$(sqlite3 "$DB" "SELECT count(*) FROM outbox WHERE kind = 'label' AND to_addr LIKE '$TAG-%'")
rows=$(sqlite3 "$DB" "SELECT count(*) FROM shipments WHERE email LIKE '$TAG-%'")
[ "$nmail" = "$rows" ] && ok "each return has its label email queued (one transaction)" || ko "each return has its label email queued (one transaction)" "$rows returns, $nmail emails"
ic=$(sqlite3 "$DB" "PRAGMA integrity_check; PRAGMA foreign_key_check;" 2>&1)
[ "$ic" = ok ] && ok "PRAGMA integrity_check ok, no foreign key broken" || ko "PRAGMA integrity_check ok, no foreign key broken" "$(echo "$ic" | head -3 | tr '\n' ' ')"
if took=$(normal_within 5); then ok "the site answers normally ${took} s after the load"; else ko "the site answers normally within 5 s" "$took"; fi
n=$(workers label | wc -l)
[ "$n" = 2 ] && ok "the master respawned its two workers" || ko "the master respawned its two workers" "$n workers"
grep -q 'killed by signal 9' "$VAR/log/label.log" && ok "the master logged the killed workers" || ko "the master logged the killed workers" "nothing in label.log"
