/* test_reports -- the forecast and the history on constructed data with
 * known answers, in the merchant's time zone (America/Toronto). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "returns/account.h"
#include "returns/payment.h"
#include "returns/policy.h"
#include "returns/reports.h"
#include "returns/schema.h"
#include "returns/secret.h"
#include "returns/shipment.h"
#include "returns/tracking.h"

#include "fixture.h"

/* Thursday 2026-11-26 15:00 UTC = 10:00 in Toronto */
#define NOW	1795705200
#define TZ	"America/Toronto"

static char dir[64];
static struct db *db;
static struct arena A;
static int64_t mid;
static struct policy pol;
static int evn;

static int64_t
utc(int y, int m, int d, int h, int mi)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	return (int64_t)timegm(&tm);
}

/* A return of `service` with events (type, time) pairs, -1 ended. */
static void
ret(const char *service, ...)
{
	struct shipment s;
	struct tevent ev[4];
	enum ev_result res[4];
	va_list ap;
	int n = 0, t;

	fixture_shipment(&s);
	pol.service = service;
	assert_int_equal(shipment_create_quiet(db, &pol, &s,
	    utc(2025, 11, 1, 12, 0), &A), E_OK);
	va_start(ap, service);
	while ((t = va_arg(ap, int)) >= 0) {
		memset(&ev[n], 0, sizeof(ev[n]));
		snprintf(ev[n].event_id, sizeof(ev[n].event_id), "T%d", evn++);
		memcpy(ev[n].tracking, s.tracking, 17);
		ev[n].type = (enum ev_type)t;
		ev[n].at = va_arg(ap, int64_t);
		n++;
	}
	va_end(ap);
	assert_int_equal(tracking_apply(db, ev, (size_t)n, NOW, res), E_OK);
}

static int
setup(void **state)
{
	char path[128];
	int64_t uid;
	struct account a;

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/returns-unit-rep-%d", (int)getpid());
	mkdir(dir, 0700);
	snprintf(path, sizeof(path), "%s/secret.key", dir);
	if (secret_load(path) != E_OK)
		return -1;
	snprintf(path, sizeof(path), "%s/r.db", dir);
	if (schema_open(path, &db) != E_OK)
		return -1;
	if (account_create(db, "M", "m@example.com", "long enough pw", "en",
	    TZ, NOW, &uid) != E_OK || account_get(db, uid, &a) != E_OK)
		return -1;
	mid = a.merchant_id;
	fixture_policy(&pol, mid);
	if (policy_create(db, uid, &pol, NOW, &A) != E_OK)
		return -1;

	/* in transit */
	ret("xpresspost", EV_ACCEPTED, utc(2026, 11, 25, 15, 0), -1);
	ret("regular", EV_ACCEPTED, utc(2026, 11, 20, 15, 0),
	    EV_IN_TRANSIT, utc(2026, 11, 21, 3, 0), -1);
	ret("regular", EV_ACCEPTED, utc(2026, 11, 16, 15, 0), -1);
	ret("xpresspost", EV_ACCEPTED, utc(2026, 11, 26, 14, 0),
	    EV_EXCEPTION, utc(2026, 11, 26, 14, 30), -1);
	/* delivered: 22:00 in Toronto on the 25th is the 26th in UTC */
	ret("regular", EV_ACCEPTED, utc(2026, 11, 20, 15, 0),
	    EV_DELIVERED, utc(2026, 11, 26, 3, 0), -1);
	ret("priority", EV_DELIVERED, utc(2026, 11, 2, 15, 0), -1);
	ret("regular", EV_DELIVERED, utc(2026, 1, 1, 4, 30), -1);
	ret("regular", EV_DELIVERED, utc(2025, 11, 15, 15, 0), -1);
	/* created, never dropped off */
	ret("regular", -1);
	return 0;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	db_close(db);
	arena_free(&A);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void
forecast_known_answer(void **state)
{
	struct forecast f;
	char d[11];

	(void)state;
	assert_int_equal(report_forecast(db, mid, TZ, NOW, &A, &f), E_OK);
	ymd_format(f.days[0], d);
	assert_string_equal(d, "2026-11-26");	/* today is a business day */
	ymd_format(f.days[2], d);
	assert_string_equal(d, "2026-11-30");	/* over the weekend */
	assert_int_equal(f.in_transit, 4);
	/* xpresspost 2 days from Wed 25 -> Fri 27; regular 5 days from
	 * Fri 20 -> Fri 27; xpresspost from Thu 26 -> Mon 30; regular from
	 * Mon 16 -> Mon 23: overdue */
	assert_int_equal(f.counts[0], 0);
	assert_int_equal(f.counts[1], 2);
	assert_int_equal(f.counts[2], 1);
	assert_int_equal(f.counts[3], 0);
	assert_int_equal(f.counts[4], 0);
	assert_int_equal(f.overdue, 1);
	assert_int_equal(f.later, 0);
	assert_true(f.latest_data == NOW);
	assert_int_equal(f.npolicies, 1);
	assert_int_equal(f.policies[0].total, 4);
	/* too few deliveries: the published standards are used */
	assert_false(f.transit[1].observed);
	assert_int_equal(f.transit[1].days, 2);
}

/* Runs last (it adds returns): once a service has 20 deliveries in the
 * year, its median transit time replaces the published standard. */
static void
forecast_observed_transit(void **state)
{
	struct forecast f;
	const struct fc_group *g = NULL;

	(void)state;
	/* 20 Priority returns accepted Mon 2 Nov, delivered Thu 5 Nov:
	 * 3 business days, where the standard says 1 */
	for (int i = 0; i < 20; i++)
		ret("priority", EV_ACCEPTED, utc(2026, 11, 2, 15, 0),
		    EV_DELIVERED, utc(2026, 11, 5, 18, 0), -1);
	/* in transit, accepted Wed 25: + 3 business days = Mon 30 (the
	 * standard would say Thu 26) */
	ret("priority", EV_ACCEPTED, utc(2026, 11, 25, 15, 0), -1);
	assert_int_equal(report_forecast(db, mid, TZ, NOW, &A, &f), E_OK);
	assert_string_equal(f.transit[0].service, "priority");
	assert_true(f.transit[0].observed);
	assert_int_equal(f.transit[0].samples, 21);	/* + the one of setup */
	assert_int_equal(f.transit[0].days, 3);
	for (size_t i = 0; i < f.nservices; i++)
		if (strcmp(f.services[i].key, "priority") == 0)
			g = &f.services[i];
	assert_non_null(g);
	assert_int_equal(g->total, 1);
	assert_int_equal(g->days[0], 0);
	assert_int_equal(g->days[2], 1);	/* Mon 30 */
	/* the other services keep their standards */
	assert_false(f.transit[1].observed);
	assert_int_equal(f.transit[1].days, 2);
}

static int
count_of(const struct history *h, const char *key)
{
	for (size_t i = 0; i < h->nperiods; i++)
		if (strcmp(h->periods[i].key, key) == 0)
			return h->periods[i].count;
	return -1;
}

static void
history_known_answer(void **state)
{
	struct history h;

	(void)state;
	assert_int_equal(report_history(db, mid, TZ, BY_MONTH, "", "", NOW,
	    &A, &h), E_OK);
	assert_int_equal(h.nperiods, 12);
	assert_string_equal(h.periods[0].key, "2025-12");
	assert_int_equal(h.total, 3);		/* 2025-11-15 is too old */
	assert_int_equal(count_of(&h, "2025-12"), 1);	/* local Dec 31 */
	assert_int_equal(count_of(&h, "2026-01"), 0);
	assert_int_equal(count_of(&h, "2026-11"), 2);

	assert_int_equal(report_history(db, mid, TZ, BY_WEEK, "", "", NOW,
	    &A, &h), E_OK);
	assert_int_equal(h.nperiods, 52);
	assert_int_equal(h.total, 3);	/* one window for the three views */
	assert_string_equal(h.periods[0].key, "2025-W49");	/* Mon Dec 1 */
	assert_int_equal(count_of(&h, "2026-W01"), 1);	/* Wed 2025-12-31 */
	assert_int_equal(count_of(&h, "2026-W45"), 1);	/* Mon 2026-11-02 */
	assert_int_equal(count_of(&h, "2026-W48"), 1);	/* Wed 2026-11-25 */

	assert_int_equal(report_history(db, mid, TZ, BY_DAY, "", "", NOW,
	    &A, &h), E_OK);
	/* 2025-12-01 to 2026-11-26: the months' window, day by day */
	assert_int_equal(h.nperiods, 361);
	assert_string_equal(h.periods[0].key, "2025-12-01");
	assert_int_equal(h.total, 3);
	assert_int_equal(count_of(&h, "2026-11-25"), 1);
	assert_int_equal(count_of(&h, "2026-11-26"), 0);
	assert_int_equal(count_of(&h, "2025-12-31"), 1);
	assert_int_equal(h.services[0].count, 1);	/* priority */
	assert_int_equal(h.services[3].count, 2);	/* regular */

	/* narrowed to a service */
	assert_int_equal(report_history(db, mid, TZ, BY_MONTH, "", "priority",
	    NOW, &A, &h), E_OK);
	assert_int_equal(h.total, 1);
	/* another merchant sees nothing */
	assert_int_equal(report_history(db, mid + 1, TZ, BY_MONTH, "", "",
	    NOW, &A, &h), E_OK);
	assert_int_equal(h.total, 0);
}

static void
list_and_search(void **state)
{
	struct ret_filter f;
	struct ret_row *rows;
	size_t n;
	int total;
	bool more, unsorted;

	(void)state;
	memset(&f, 0, sizeof(f));
	f.q = f.status = f.policy = f.from = f.to = "";
	f.page = 1;
	assert_int_equal(report_list(db, mid, TZ, &f, &A, &rows, &n, &total, &more, &unsorted),
	    E_OK);
	assert_int_equal(total, 9);
	f.status = "delivered";
	assert_int_equal(report_list(db, mid, TZ, &f, &A, &rows, &n, &total, &more, &unsorted),
	    E_OK);
	assert_int_equal(total, 4);
	f.status = "";
	f.q = "100%_";		/* LIKE wildcards are literal */
	assert_int_equal(report_list(db, mid, TZ, &f, &A, &rows, &n, &total, &more, &unsorted),
	    E_OK);
	assert_int_equal(total, 0);
	assert_int_equal(report_list(db, mid + 1, TZ, &f, &A, &rows, &n,
	    &total, &more, &unsorted), E_OK);
	assert_int_equal(total, 0);
}

/* Why customers return, over the year, against GROUP BY on the same
 * rows: the catalogue's reasons in its order, then the merchant's own
 * words, the most given first (at most REASONS_OWN_SHOWN), none of those
 * whose year adds up to nothing; days outside the year and another
 * merchant's rows left out. */
static void
reasons_of_the_year(void **state)
{
	static const char *const own[] = { "c:Trop petit", "c:Couleur",
	    "c:Arrivé en retard", "c:Zzz", "c:Aaa", "c:B", "c:C", "c:D",
	    "c:E", "c:F", "c:G", "c:H", "c:I" };
	int64_t today = NOW / 86400;
	struct reason_count *rc;
	size_t n, ncat = 0, k = 0;
	sqlite3_stmt *st;

	(void)state;
	while (shipment_reasons[ncat] != NULL)
		ncat++;
	srand(17);
	assert_int_equal(db_begin(db), E_OK);
	for (int i = 0; i < 3000; i++) {
		const char *r = rand() % 2 ? shipment_reasons[rand() %
		    (int)ncat] : rand() % 20 ? own[rand() % 13] : "unknown";

		assert_int_equal(db_exec(db, "INSERT INTO reason_counts VALUES"
		    " (?, ?, ?, ?) ON CONFLICT DO UPDATE SET n = n +"
		    " excluded.n", "iitd", rand() % 5 ? mid : mid + 1,
		    today - 400 + rand() % 401, r, rand() % 8 - 2), E_OK);
	}
	assert_int_equal(db_commit(db), E_OK);
	assert_int_equal(report_reasons(db, mid, NOW, &A, &rc, &n), E_OK);
	assert_true(n >= ncat);
	for (size_t i = 0; i < ncat; i++) {
		int64_t want = db_int(db, "SELECT max(coalesce(sum(n), 0), 0)"
		    " FROM reason_counts WHERE merchant_id = ? AND day > ? AND"
		    " reason = ?", "iit", mid, today - 365,
		    shipment_reasons[i]);
		assert_string_equal(rc[i].reason, shipment_reasons[i]);
		assert_int_equal(rc[i].n, want);
	}
	assert_int_equal(sqlite3_prepare_v2(db_handle(db), "SELECT reason,"
	    " sum(n) AS k FROM reason_counts WHERE merchant_id = ? AND"
	    " day > ? AND reason LIKE 'c:%' GROUP BY reason HAVING k > 0"
	    " ORDER BY k DESC, reason LIMIT ?", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, mid);
	sqlite3_bind_int64(st, 2, today - 365);
	sqlite3_bind_int(st, 3, REASONS_OWN_SHOWN);
	while (sqlite3_step(st) == SQLITE_ROW) {
		assert_true(ncat + k < n);
		assert_string_equal(rc[ncat + k].reason,
		    (const char *)sqlite3_column_text(st, 0));
		assert_int_equal(rc[ncat + k].n, sqlite3_column_int(st, 1));
		k++;
	}
	sqlite3_finalize(st);
	assert_true(k > 0);
	assert_int_equal(ncat + k, n);
	assert_int_equal(db_exec(db, "DELETE FROM reason_counts", ""), E_OK);
}

/* What needs attention: exceptions with news in the last 7 days (not an
 * older one, not another state, not another merchant's), labels unused
 * and expiring within ATTENTION_EXPIRING_DAYS. */
static void
attention_counts(void **state)
{
	static const struct {
		int64_t		 merchant;	/* 0: ours, 1: another */
		const char	*status;
		int64_t		 created, updated, expires;	/* - NOW */
	} r[] = {
		{ 0, "exception", -20 * 86400, -2 * 86400, 10 * 86400 },
		{ 0, "exception", -200 * 86400, -86400, -170 * 86400 },
		{ 0, "exception", -30 * 86400, -8 * 86400, 0 },
		{ 0, "delivered", -5 * 86400, -86400, 25 * 86400 },
		{ 1, "exception", -5 * 86400, -86400, 25 * 86400 },
		{ 0, "created", -28 * 86400, -28 * 86400, 2 * 86400 },
		{ 0, "created", -10 * 86400, -10 * 86400, 20 * 86400 },
		{ 0, "created", -31 * 86400, -31 * 86400, -86400 },
	};
	struct attention att;
	struct account acc;
	struct policy other;
	int64_t uid, m[2] = { mid, 0 }, p[2] = { pol.id, 0 };

	(void)state;
	assert_int_equal(account_create(db, "Other", "other@example.com",
	    "long enough pw", "en", TZ, NOW, &uid), E_OK);
	assert_int_equal(account_get(db, uid, &acc), E_OK);
	fixture_policy(&other, acc.merchant_id);
	assert_int_equal(policy_create(db, uid, &other, NOW, &A), E_OK);
	m[1] = acc.merchant_id;
	p[1] = other.id;
	assert_int_equal(report_attention(db, mid, NOW, &att), E_OK);
	for (size_t i = 0; i < sizeof(r) / sizeof(*r); i++)
		assert_int_equal(db_exec(db, "INSERT INTO shipments (merchant_id,"
		    " policy_id, tracking, dl_nonce, dl_hash, method, service,"
		    " status, lang, name, line1, city, province, postal, email,"
		    " ra_number, order_answer, weight_g, created_at, expires_at,"
		    " updated_at) VALUES (?, ?, printf('7099%012d', ?), 'n',"
		    " printf('att%d', ?), 'label', 'regular', ?, 'fr', 'A', 'l',"
		    " 'c', 'QC', 'H2X 1Y4', 'a@example.com', '', '', 1000, ?,"
		    " ?, ?)", "iiiitiii", m[r[i].merchant], p[r[i].merchant],
		    (int64_t)i, (int64_t)i, r[i].status, NOW + r[i].created,
		    NOW + r[i].expires, NOW + r[i].updated), E_OK);
	{
		struct attention now;

		assert_int_equal(report_attention(db, mid, NOW, &now), E_OK);
		assert_int_equal(now.exceptions - att.exceptions, 2);
		assert_int_equal(now.expiring - att.expiring, 1);
		assert_int_equal(now.suspended, att.suspended);
	}
	assert_int_equal(db_exec(db, "DELETE FROM shipments WHERE tracking"
	    " LIKE '7099%'", ""), E_OK);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(forecast_known_answer),
		cmocka_unit_test(history_known_answer),
		cmocka_unit_test(list_and_search),
		cmocka_unit_test(forecast_observed_transit),
		cmocka_unit_test(reasons_of_the_year),
		cmocka_unit_test(attention_counts),
	};

	return cmocka_run_group_tests_name("reports", tests, setup, teardown);
}
