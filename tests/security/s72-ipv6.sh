# s72 -- nginx counts an IPv6 client by its /64 network: the map that
# keys every rate limit ($returns_client, nginx/returns-http.conf),
# loaded in an nginx of its own whose client address comes from a header
# (the realip module), for addresses with "::" in every position.
V6=$T/v6
mkdir -p "$V6"
v6port=$("$TOP/tests/free-port" 0)
cat > "$V6/nginx.conf" <<NGX
worker_processes 1;
pid $V6/nginx.pid;
error_log $V6/error.log warn;
events { worker_connections 64; }
http {
    access_log off;
    client_body_temp_path $V6; fastcgi_temp_path $V6; proxy_temp_path $V6;
    uwsgi_temp_path $V6; scgi_temp_path $V6;
    include $VAR/nginx/returns-http.conf;
    server {
        listen 127.0.0.1:$v6port;
        set_real_ip_from 127.0.0.0/8;
        real_ip_header X-Client;
        location / { default_type text/plain; return 200 "\$remote_addr \$returns_client\n"; }
    }
}
NGX
[ "$(id -u)" = 0 ] && sed -i '1i user root;' "$V6/nginx.conf"
if nginx -c "$V6/nginx.conf" -p "$V6" 2>"$V6/start.err"; then
	for i in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$v6port/" && break; sleep 0.1; done
	# addresses in pairs (two hosts of one /64), zero groups placed so
	# that "::" falls before, inside and after the network's four groups
	/usr/bin/python3 - > "$V6/addrs" <<'PYEOF'
import ipaddress, random
random.seed(7)
def group():
    return random.choice([0, 0, 0, 1, random.randrange(1, 0x10000)])
for _ in range(150):
    net = [group() for _ in range(4)]
    for _ in range(2):
        host = [group() for _ in range(4)]
        a = ipaddress.IPv6Address(b"".join(g.to_bytes(2, "big") for g in net + host))
        if a.ipv4_mapped:
            continue
        print(a.compressed, ":".join("%x" % g for g in net))
PYEOF
	bad=0; n=0
	while read -r addr want; do
		got=$(curl -s -H "X-Client: $addr" "http://127.0.0.1:$v6port/")
		n=$((n + 1))
		[ "${got#* }" = "$want" ] || { bad=$((bad + 1)); [ $bad -le 3 ] && echo "# $addr -> '$got', want $want"; }
	done < "$V6/addrs"
	[ "$n" -ge 250 ] && [ "$bad" = 0 ] && ok "an IPv6 client is counted by its /64 network ($n addresses, '::' in every position)" \
	    || ko "an IPv6 client is counted by its /64 network" "$bad of $n wrong"
	got=$(curl -s -H "X-Client: 192.0.2.7" "http://127.0.0.1:$v6port/" | cut -d' ' -f2- | tr -d '\n' | wc -c)
	[ "$got" = 4 ] && ok "an IPv4 client is counted by its own address" || ko "an IPv4 client is counted by its own address" "key of $got bytes"
	kill "$(cat "$V6/nginx.pid")" 2>/dev/null
else
	ko "an nginx with the limits' map starts" "$(cat "$V6/start.err")"
fi
