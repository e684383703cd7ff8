# t90 -- the FastCGI processes: fd 0, respawn, SIGTERM, nginx's 502.
# Last: it stops the settings executable.
# ---- started by spawn-fcgi: listens on fd 0 ----
top=$TOP
spawn-fcgi -s "$T/fd0.sock" -P "$T/fd0.pid" -- "$top/cgi-bin/dashboard.fcgi" -w 1 -d "$DB" -R "$top/src" >/dev/null 2>&1
for i in $(seq 50); do [ -S "$T/fd0.sock" ] && break; sleep 0.1; done
sleep 0.3
out=$(REQUEST_METHOD=GET REQUEST_URI=/healthz cgi-fcgi -bind -connect "$T/fd0.sock" 2>&1)
case "$out" in *"Status: 200"*ok*) ok "an executable started by spawn-fcgi serves on fd 0";; *) ko "an executable started by spawn-fcgi serves on fd 0" "$out";; esac
kill "$(cat "$T/fd0.pid")" 2>/dev/null

# ---- workers ----
wpid=$(pgrep -P "$(cat "$VAR/run/dashboard.pid")" | head -1)
kill -9 "$wpid"
sleep 0.3
req anon GET /account/login
expect "a killed worker is replaced" 200
n=$(pgrep -P "$(cat "$VAR/run/dashboard.pid")" | wc -l)
[ "$n" = 2 ] && ok "the master keeps its worker count" || ko "the master keeps its worker count" "$n workers"

spid=$(cat "$VAR/run/settings.pid")
kill -TERM "$spid"
for i in $(seq 50); do kill -0 "$spid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$spid" 2>/dev/null && ko "SIGTERM stops an executable" "still running" || ok "SIGTERM stops an executable"
[ -e "$VAR/run/settings.sock" ] && ko "socket removed on exit" "left" || ok "socket removed on exit"
req m1 GET /settings/notifications
expect "a stopped executable gives nginx's bilingual 502 page" 502 "Service non disponible"
security_headers "502 carries the security headers once"

