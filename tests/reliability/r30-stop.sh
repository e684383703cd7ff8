# r30 -- a label worker stopped (SIGSTOP) in the middle of a request: the
# other worker keeps answering in normal time; the request stuck on the
# stopped worker gets nginx's 504 (fastcgi_read_timeout, 30 s) with the
# bilingual error page; after SIGCONT everything is normal and the worker
# lives on; the customer who sends the form again gets the label the stuck
# request made, not a second one.
# To put a request on the worker before stopping it: another writer holds
# the database, so the label POST waits in SQLite's busy handler; the
# worker that is not waiting in accept() is the one that has it.
(echo "BEGIN IMMEDIATE;"; sleep 1.5; echo "COMMIT;") | sqlite3 "$DB" &
lockpid=$!
sleep 0.2
req stuckjar GET "$LINK"
stuck_csrf=$(csrf)
stuck_once=$(sed -n 's/.*name="once" value="\([0-9a-f]*\)".*/\1/p' "$T/b" | head -1)
stuck_form=(-d "csrf=$stuck_csrf" -d "once=$stuck_once" -d "name=Stuck" -d "line1=1 Main St" -d city=Ottawa
    -d province=ON -d postal=K1A0B1 -d "email=stuck-$U@example.com" -d weight=1 -d method=label)
( curl -s --max-time 60 -o "$T/stuck.b" -D "$T/stuck.h" -w '%{http_code} %{time_total}' -b "$T/stuckjar.jar" \
    "${stuck_form[@]}" "$BASE$LINK" > "$T/stuck.out" ) &
stuckpid=$!
busy=""
for i in $(seq 20); do
	sleep 0.05
	# the busy worker sleeps in SQLite's busy handler, the idle one waits
	# in accept(); where wchan is hidden, the busy one has one more file
	# (the connection it accepted)
	for p in $(workers label); do
		w=$(cat "/proc/$p/wchan" 2>/dev/null)
		case $w in *skb_wait_for_more_packets* | *accept* | "" | 0) ;; *) busy=$p ;; esac
	done
	if [ -z "$busy" ]; then
		set -- $(for p in $(workers label); do echo "$(ls "/proc/$p/fd" 2>/dev/null | wc -l) $p"; done | sort -n | tr '\n' ' ')
		[ $# = 4 ] && [ "$1" -lt "$3" ] && busy=$4
	fi
	[ -n "$busy" ] && break
done
if [ -z "$busy" ]; then
	ko "a label worker stopped in the middle of a request" "no busy worker found ($(for p in $(workers label); do cat /proc/$p/wchan; echo; done | tr '\n' ' '))"
	wait $lockpid $stuckpid
else
	kill -STOP "$busy"
	CLEANUPS+=("kill -CONT $busy 2>/dev/null")
	tstop=$(date +%s)
	ok "a label worker stopped (SIGSTOP) in the middle of a request (pid $busy, $(cat /proc/$busy/wchan 2>/dev/null))"
	wait $lockpid
	# the other worker answers, in normal time
	codes="" slow=""
	for i in $(seq 1 20); do
		set -- $(timed GET "$BASE$LINK")
		codes="$codes $1"
		awk -v t="$2" 'BEGIN {exit !(t > 1)}' && slow="$slow $2"
	done
	for i in 1 2 3; do
		label other "other-$i-$U@example.com"
		codes="$codes $S"
	done
	case "$codes" in
	*[!0-9\ ]* | *" 0"* | *5[0-9][0-9]*) ko "while one worker is stopped, the other answers every request in normal time" "$codes${slow:+; slow:$slow}" ;;
	*) if [ -z "$slow" ]; then ok "while one worker is stopped, the other answers every request in normal time (20 pages, 3 labels)"
	   else ko "while one worker is stopped, the other answers every request in normal time" "slow:$slow"; fi ;;
	esac
	wait $stuckpid
	set -- $(cat "$T/stuck.out")
	st=$1 secs=${2%.*}
	if [ "$st" = 504 ] && [ "$secs" -ge 28 ] && [ "$secs" -le 35 ]; then
		ok "the request stuck on the stopped worker gets nginx's 504 after $2 s (fastcgi_read_timeout 30 s)"
	elif [ "$st" = 502 ]; then
		ko "the request stuck on the stopped worker gets nginx's 504" "502 after $2 s"
	else
		ko "the request stuck on the stopped worker gets nginx's 504" "$st after $2 s"
	fi
	grep -q "Service non disponible" "$T/stuck.b" && grep -qi '^X-Frame-Options' "$T/stuck.h" \
	    && ok "the 504 is nginx's bilingual error page, with the security headers" || ko "the 504 is nginx's bilingual error page, with the security headers" "$(head -c 200 "$T/stuck.b")"
	kill -CONT "$busy"
	sleep 0.5
	kill -0 "$busy" 2>/dev/null && ok "after SIGCONT the worker lives on (it wrote to a closed connection)" || ko "after SIGCONT the worker lives on" "pid $busy is gone: $(grep -h "$busy" "$VAR/log/label.log" | tail -2 | tr '\n' ' ')"
	codes=""
	for i in $(seq 1 20); do set -- $(timed GET "$BASE$LINK"); codes="$codes $1"; done
	label after "after-$U@example.com"
	[ "$(echo $codes | tr ' ' '\n' | sort -u)" = 200 ] && [ "$S" = 303 ] && [ "$(workers label | wc -l)" = 2 ] \
	    && ok "after SIGCONT all is normal: 20 pages, a label, two workers" || ko "after SIGCONT all is normal" "$codes; label $S; $(workers label | wc -l) workers"
	# the stuck request's label was committed after its 504; the
	# customer, told the service was unavailable, sends the form again
	req stuckjar POST "$LINK" "${stuck_form[@]}"
	n=$(sql "SELECT count(*) FROM shipments WHERE email = 'stuck-$U@example.com'")
	[ "$S" = 303 ] && [ "$n" = 1 ] && ok "the customer who saw the 504 sends the form again: the label made meanwhile, not a second one" \
	    || ko "the customer who saw the 504 sends the form again: one label" "$S, $n labels"
fi
