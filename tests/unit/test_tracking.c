/* test_tracking -- tracking_apply on random event files: one batch gives
 * exactly what applying the events one by one gives (states, stored
 * events, emails, each event's result), and every return's state is what
 * an SQL aggregate over its stored events says. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "returns/account.h"
#include "returns/policy.h"
#include "returns/schema.h"
#include "returns/secret.h"
#include "returns/shipment.h"
#include "returns/tracking.h"
#include "returns/tracknum.h"

#include "fixture.h"

#define NOW	1795705200	/* 2026-11-26 15:00 UTC */
#define NRET	12
#define NEV	600

static char dir[64];
static struct arena A;
static char trk[NRET + 2][17];	/* NRET returns, then two unknown */

/* A database with one merchant, a recipient of every email and NRET
 * returns whose customers asked for tracking emails. */
static struct db *
fresh(const char *name, int make_returns)
{
	char path[128];
	struct db *db;
	struct account a;
	struct policy pol;
	int64_t uid;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_int_equal(schema_open(path, &db), E_OK);
	if (!make_returns)
		return db;
	assert_int_equal(account_create(db, "M", "m@example.com",
	    "long enough pw", "en", "America/Toronto", NOW, &uid), E_OK);
	assert_int_equal(account_get(db, uid, &a), E_OK);
	fixture_policy(&pol, a.merchant_id);
	assert_int_equal(policy_create(db, uid, &pol, NOW, &A), E_OK);
	for (int i = 0; i < NRET; i++) {
		struct shipment s;

		fixture_shipment(&s);
		assert_int_equal(shipment_create_quiet(db, &pol, &s, NOW -
		    30 * 86400, &A), E_OK);
		memcpy(trk[i], s.tracking, 17);
	}
	assert_int_equal(db_exec(db, "UPDATE shipments SET tracking_emails"
	    " = 1", ""), E_OK);
	/* a recipient that confirmed its address */
	assert_int_equal(db_exec(db, "INSERT INTO recipients (merchant_id,"
	    " email, lang, on_accepted, on_exception, on_delivered, mode,"
	    " created_at, confirmed_at) VALUES (?, 'r@example.com', 'en', 1,"
	    " 1, 1, 'each', ?2, ?2)", "ii", a.merchant_id, (int64_t)NOW),
	    E_OK);
	return db;
}

/* NEV random events over the returns and two unknown tracking numbers:
 * the first ntypes types, times on a coarse grid (ties happen), ids drawn
 * from a small set (duplicates happen, also across returns). */
static void
random_events(unsigned seed, int ntypes, struct tevent *ev)
{
	srand(seed);
	for (int i = 0; i < NEV; i++) {
		int r = rand() % (NRET + 2);

		memset(&ev[i], 0, sizeof(ev[i]));
		snprintf(ev[i].event_id, sizeof(ev[i].event_id), "E%u-%d",
		    seed, rand() % (NEV * 3 / 4));
		memcpy(ev[i].tracking, trk[r], 17);
		ev[i].type = (enum ev_type)(rand() % ntypes);
		ev[i].at = NOW - 10 * 86400 + (int64_t)(rand() % 40) * 3600 *
		    (1 + rand() % 3);
		snprintf(ev[i].location, sizeof(ev[i].location), "L%d", i);
	}
}

/* One line per row of `sql`, every column, into out. */
static void
dump(struct db *db, const char *sql, char *out, size_t len)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	size_t used = 0;

	assert_non_null(st);
	out[0] = '\0';
	while (sqlite3_step(st) == SQLITE_ROW) {
		for (int c = 0; c < sqlite3_column_count(st); c++) {
			const unsigned char *t = sqlite3_column_text(st, c);
			used += (size_t)snprintf(out + used, len - used, "%s%s",
			    c ? "|" : "", t ? (const char *)t : "NULL");
			assert_true(used < len);
		}
		used += (size_t)snprintf(out + used, len - used, "\n");
		assert_true(used < len);
	}
	sqlite3_reset(st);
}

static const char *const checks[] = {
	"SELECT tracking, status, accepted_at, delivered_at FROM shipments"
	" ORDER BY id",
	"SELECT event_id, shipment_id, type, at, location FROM tracking_events"
	" ORDER BY event_id",
	/* the emails of each return, in order; the order across returns
	 * is free */
	"SELECT ref, kind, event, to_addr FROM outbox ORDER BY ref, id",
};

static void
batch_equals_one_by_one(void **state)
{
	static struct tevent ev[NEV];
	static char a[200000], b[200000];
	enum ev_result ra[NEV], rb[NEV];
	struct db *one, *many;
	char path[128];

	(void)state;
	one = fresh("one.db", 1);
	snprintf(path, sizeof(path), "%s/many.db", dir);
	assert_int_equal(db_exec(one, "VACUUM INTO ?", "t", path), E_OK);
	many = fresh("many.db", 0);
	for (unsigned seed = 1; seed <= 8; seed++) {
		random_events(seed, 4, ev);
		for (int i = 0; i < NEV; i++)
			assert_int_equal(tracking_apply(one, &ev[i], 1, NOW,
			    &ra[i]), E_OK);
		/* in three batches of unequal size */
		assert_int_equal(tracking_apply(many, ev, 100, NOW, rb), E_OK);
		assert_int_equal(tracking_apply(many, ev + 100, 1, NOW,
		    rb + 100), E_OK);
		assert_int_equal(tracking_apply(many, ev + 101, NEV - 101, NOW,
		    rb + 101), E_OK);
		for (int i = 0; i < NEV; i++)
			if (ra[i] != rb[i])
				fail_msg("seed %u event %d (%s %s): one by one "
				    "%d, in a batch %d", seed, i, ev[i].event_id,
				    ev[i].tracking, ra[i], rb[i]);
		for (size_t c = 0; c < sizeof(checks) / sizeof(*checks); c++) {
			dump(one, checks[c], a, sizeof(a));
			dump(many, checks[c], b, sizeof(b));
			if (strcmp(a, b) != 0)
				fail_msg("seed %u: %s differs", seed, checks[c]);
		}
	}
	/* the files did something: every kind of result, and emails */
	{
		int seen[3] = { 0, 0, 0 };
		for (int i = 0; i < NEV; i++)
			seen[rb[i]]++;
		assert_true(seen[EVR_APPLIED] > 0 && seen[EVR_DUPLICATE] > 0 &&
		    seen[EVR_UNKNOWN] > 0);
		dump(many, "SELECT count(*) >= 2 * 12 FROM outbox", a, sizeof(a));
		assert_string_equal(a, "1\n");
	}
	db_close(one);
	db_close(many);
}

/* The state rule written as one SQL aggregate over the stored events. */
static void
state_is_the_aggregate_of_events(void **state)
{
	static struct tevent ev[NEV];
	static char got[20000], want[20000];
	enum ev_result res[NEV];
	struct db *db;

	(void)state;
	db = fresh("agg.db", 1);
	/* without "delivered" first: the latest event decides, ties too */
	for (unsigned seed = 11; seed <= 14; seed++) {
		random_events(seed, seed < 13 ? 3 : 4, ev);
		assert_int_equal(tracking_apply(db, ev, NEV, NOW, res), E_OK);
		dump(db, "SELECT id, status, accepted_at, delivered_at FROM"
		    " shipments WHERE id IN (SELECT shipment_id FROM"
		    " tracking_events) ORDER BY id", got, sizeof(got));
		dump(db, "SELECT s.id, CASE WHEN sum(e.type = 'delivered') > 0"
		    " THEN 'delivered' ELSE (SELECT type FROM tracking_events"
		    "  WHERE shipment_id = s.id ORDER BY at DESC, id DESC"
		    "  LIMIT 1) END,"
		    " coalesce(min(CASE WHEN e.type = 'accepted' THEN e.at END),"
		    "  min(e.at)),"
		    " min(CASE WHEN e.type = 'delivered' THEN e.at END)"
		    " FROM shipments s JOIN tracking_events e"
		    " ON e.shipment_id = s.id GROUP BY s.id ORDER BY s.id",
		    want, sizeof(want));
		assert_string_equal(got, want);
	}
	db_close(db);
}

/* Delivered, then a late "in transit" in the same batch and in a later
 * one: stays delivered, one delivered email, one accepted email. */
static void
late_in_transit_in_one_batch(void **state)
{
	struct tevent ev[3];
	enum ev_result res[3];
	struct db *db;
	char out[4096];

	(void)state;
	db = fresh("late.db", 1);
	memset(ev, 0, sizeof(ev));
	for (int i = 0; i < 3; i++) {
		snprintf(ev[i].event_id, sizeof(ev[i].event_id), "L%d", i);
		memcpy(ev[i].tracking, trk[0], 17);
	}
	ev[0].type = EV_ACCEPTED;
	ev[0].at = NOW - 3 * 86400;
	ev[1].type = EV_DELIVERED;
	ev[1].at = NOW - 86400;
	ev[2].type = EV_IN_TRANSIT;
	ev[2].at = NOW - 3600;
	assert_int_equal(tracking_apply(db, ev, 3, NOW, res), E_OK);
	dump(db, "SELECT status, accepted_at = 1795446000,"
	    " delivered_at = 1795618800 FROM shipments WHERE id = 1", out,
	    sizeof(out));
	assert_string_equal(out, "delivered|1|1\n");
	dump(db, "SELECT kind, event FROM outbox ORDER BY id", out,
	    sizeof(out));
	assert_string_equal(out, "event|accepted\ncustomer_event|accepted\n"
	    "event|delivered\ncustomer_event|delivered\n");
	db_close(db);
}

static int
setup(void **state)
{
	char path[128];

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/returns-unit-trk-%d", (int)getpid());
	mkdir(dir, 0700);
	snprintf(path, sizeof(path), "%s/secret.key", dir);
	if (secret_load(path) != E_OK)
		return -1;
	/* two valid tracking numbers that are nobody's returns */
	if (!tracknum_make("7088888", 1, trk[NRET]) ||
	    !tracknum_make("7088888", 2, trk[NRET + 1]))
		return -1;
	return 0;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	arena_free(&A);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(batch_equals_one_by_one),
		cmocka_unit_test(state_is_the_aggregate_of_events),
		cmocka_unit_test(late_in_transit_in_one_batch),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
