# lib.sh -- helpers of the reliability suite (sourced by run after
# tests/http/lib.sh: ok, ko, req, csrf, hval, expect, sign_up).

# req as in tests/http/lib.sh, bounded in time
req() {
	local jar=$1 method=$2 path=$3
	shift 3
	S=$(curl -s --max-time 15 -o "$T/b" -D "$T/h" -w '%{http_code}' -X "$method" \
	    -b "$T/$jar.jar" -c "$T/$jar.jar" "$@" "$BASE$path")
}

# a merchant with a card and a policy: JAR EMAIL -> $PN, $LINK (/r/<token>)
merchant_with_link() {
	local jar=$1 email=$2 t
	sign_up "$jar" "$email" "Reliable Shop" "reliable password $$"
	req "$jar" GET /account/payment
	t=$(csrf)
	req "$jar" POST /account/payment/card -d "csrf=$t" -d number=4111111111111111 -d exp_month=12 -d exp_year=2031 -d cvv=123
	req "$jar" GET /policies/new
	t=$(csrf)
	req "$jar" POST /policies/new -d "csrf=$t" -d "name=Reliable" -d channel=both -d service=regular \
	    -d company=Shop -d contact=Ann -d "line1=1 Main St" -d city=Ottawa -d province=ON -d postal=K1A0B1 \
	    -d label_format=letter
	PN=$(hval Location | sed -n 's|^/policies/\(PR[0-9]*\)?created=1$|\1|p')
	# load runs many thousand labels through this link: no daily ceiling
	# (tests/security/s70 proves the ceiling)
	sqlite3 "$DB" "UPDATE policies SET daily_limit = 1000000000 WHERE number = '$PN'"
	req "$jar" GET "/policies/$PN"
	LINK=$(sed -n 's|.*id="link" class="mono" readonly value="[^"]*\(/r/[0-9a-f]\{40\}\)".*|\1|p' "$T/b")
}
# label JAR EMAIL: a customer's return through the form -> $S
label() {
	req "$1" GET "$LINK"
	req "$1" POST "$LINK" -d "csrf=$(csrf)" -d "name=Sam Lee" -d "line1=1 Main St" -d city=Ottawa \
	    -d province=ON -d postal=K1A0B1 --data-urlencode "email=$2" -d weight=1 -d method=label
}
# workers APP: the pids of an executable's workers
workers() { pgrep -P "$(cat "$VAR/run/$1.pid" 2>/dev/null)" 2>/dev/null; }
# timed METHOD URL [curl args] -> "STATUS SECONDS"
timed() {
	local m=$1 u=$2
	shift 2
	curl -s --max-time 10 -o /dev/null -w '%{http_code} %{time_total}' -X "$m" "$@" "$u"
}
# normal_within SECONDS: the site answers a page, a customer's page and a
# label POST normally; prints how long it took
normal_within() {
	local lim=$1 t0 now i=0
	t0=$(date +%s.%N)
	while :; do
		i=$((i + 1))
		a=$(curl -s --max-time 2 -o /dev/null -w '%{http_code}' "$BASE/account/login")
		b=$(curl -s --max-time 2 -o /dev/null -w '%{http_code}' "$BASE$LINK")
		label nj "normal-$i-$$-$RANDOM@example.com"
		now=$(date +%s.%N)
		if [ "$a" = 200 ] && [ "$b" = 200 ] && [ "$S" = 303 ]; then
			awk -v a="$t0" -v b="$now" 'BEGIN {printf "%.2f", b - a}'
			return 0
		fi
		awk -v a="$t0" -v b="$now" -v l="$lim" 'BEGIN {exit !(b - a > l)}' && { echo "not within $lim s ($a $b $S)"; return 1; }
		sleep 0.2
	done
}
