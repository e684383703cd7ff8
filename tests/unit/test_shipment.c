/* test_shipment -- what a customer's label costs the database does not
 * grow with the returns the policy already has that day: the pages a new
 * label reads from a cold cache (a worker's, after another worker
 * wrote) are counted with 40 and with 4,000 returns of the same day
 * before it; and the checks that read those returns still work (the
 * same customer again is a duplicate). */
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
#include <sqlite3.h>

#include "returns/account.h"
#include "returns/policy.h"
#include "returns/schema.h"
#include "returns/secret.h"
#include "returns/shipment.h"

#include "fixture.h"

#define NOW	1795705200	/* 2026-11-26 15:00 UTC */

static char dir[64];
static char dbpath[128];
static struct arena A;
static struct policy pol;

/* n more returns of the policy, made in the hour before NOW by as many
 * customers (one statement, as a busy day would leave them) */
static void
add_day(struct db *db, int from, int n)
{
	assert_int_equal(db_exec(db, "WITH RECURSIVE k(i) AS (SELECT ?1"
	    " UNION ALL SELECT i + 1 FROM k WHERE i < ?1 + ?2 - 1)"
	    " INSERT INTO shipments (merchant_id, policy_id, tracking,"
	    " dl_nonce, dl_hash, method, service, lang, name, line1, city,"
	    " province, postal, email, email_key, weight_g, created_at,"
	    " expires_at, updated_at) SELECT ?3, ?4,"
	    " '7077777' || printf('%09d', i), 'n', printf('h%063x', i),"
	    " 'label', 'regular', 'en', 'Day ' || i, '1 A St', 'Ottawa',"
	    " 'ON', 'K1A 0B1', 'day' || i || '@example.com',"
	    " 'day' || i || '@example.com', 1000, ?5 - i % 3600, ?5 + 86400,"
	    " ?5 FROM k", "iiiii", (int64_t)from, (int64_t)n,
	    pol.merchant_id, pol.id, (int64_t)NOW), E_OK);
}

/* The pages one new label (customer `who`) reads through a connection
 * whose cache is empty. */
static int
label_misses(const char *who)
{
	struct db *db;
	struct shipment s;
	struct carrier_fail cf;
	char dl[SHIP_DL_HEX + 1];
	const char *why;
	int cur = 0, hi = 0;

	assert_int_equal(schema_open(dbpath, &db), E_OK);
	fixture_shipment(&s);
	s.name = who;
	s.email = who;
	sqlite3_db_status(db_handle(db), SQLITE_DBSTATUS_CACHE_MISS, &cur, &hi,
	    1);
	assert_int_equal(shipment_create(db, &pol, &s, NOW, &A, dl, &why, &cf),
	    E_OK);
	assert_null(why);
	sqlite3_db_status(db_handle(db), SQLITE_DBSTATUS_CACHE_MISS, &cur, &hi,
	    0);
	db_close(db);
	return cur;
}

static void
cost_does_not_grow_with_the_day(void **state)
{
	struct db *db;
	int few, many;

	(void)state;
	assert_int_equal(schema_open(dbpath, &db), E_OK);
	add_day(db, 1, 40);
	db_close(db);
	few = label_misses("first@example.com");

	assert_int_equal(schema_open(dbpath, &db), E_OK);
	add_day(db, 41, 4000);
	db_close(db);
	many = label_misses("second@example.com");
	print_message("pages read by a label: %d after 40 returns that day,"
	    " %d after 4,040\n", few, many);
	/* an index's depth may grow by a level or two, not by the rows:
	 * reading the day's returns would be hundreds of pages */
	assert_true(many <= few + 12);
}

static void
same_customer_again_is_a_duplicate(void **state)
{
	struct db *db;
	struct shipment s;
	struct carrier_fail cf;
	char dl[SHIP_DL_HEX + 1];
	const char *why;

	(void)state;
	assert_int_equal(schema_open(dbpath, &db), E_OK);
	fixture_shipment(&s);
	s.name = "Day 4000";
	s.email = "day4000@example.com";
	assert_int_equal(shipment_create(db, &pol, &s, NOW, &A, dl, &why, &cf),
	    E_DENIED);
	assert_non_null(why);
	assert_string_equal(why, "duplicate");
	assert_string_equal(s.tracking, "7077777000004000");
	/* another address of the same customer is a new return */
	fixture_shipment(&s);
	s.name = "Day 4000";
	s.email = "day4000@example.com";
	s.line1 = "2 B St";
	assert_int_equal(shipment_create(db, &pol, &s, NOW, &A, dl, &why, &cf),
	    E_OK);
	assert_null(why);
	db_close(db);
}

static int
setup(void **state)
{
	char path[128];
	struct account a;
	struct db *db;
	int64_t uid;

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/returns-unit-ship-%d", (int)getpid());
	mkdir(dir, 0700);
	snprintf(path, sizeof(path), "%s/secret.key", dir);
	if (secret_load(path) != E_OK)
		return -1;
	snprintf(dbpath, sizeof(dbpath), "%s/r.db", dir);
	if (schema_open(dbpath, &db) != E_OK)
		return -1;
	if (account_create(db, "M", "m@example.com", "long enough pw", "en",
	    "America/Toronto", NOW, &uid) != E_OK ||
	    account_get(db, uid, &a) != E_OK)
		return -1;
	fixture_policy(&pol, a.merchant_id);
	if (policy_create(db, uid, &pol, NOW, &A) != E_OK ||
	    db_exec(db, "UPDATE policies SET daily_limit = 100000", "") !=
	    E_OK)
		return -1;
	db_close(db);
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
		cmocka_unit_test(cost_does_not_grow_with_the_day),
		cmocka_unit_test(same_customer_again_is_a_duplicate),
	};

	return cmocka_run_group_tests_name("shipment", tests, setup, teardown);
}
