/* test_account -- schema, migrations, accounts and login throttling on a
 * real SQLite file. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "returns/account.h"
#include "returns/schema.h"

static char path[256];

static int
setup(void **state)
{
	struct db *db;

	snprintf(path, sizeof(path), "/tmp/returns-unit-%d.db", (int)getpid());
	unlink(path);
	if (schema_open(path, &db) != E_OK)
		return -1;
	*state = db;
	return 0;
}

static int
teardown(void **state)
{
	char p[300];

	db_close(*state);
	unlink(path);
	snprintf(p, sizeof(p), "%s-wal", path);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", path);
	unlink(p);
	return 0;
}

static int
pragma_int(struct db *db, const char *sql)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	int v = -1;

	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return v;
}

static void
database_settings(void **state)
{
	struct db *db = *state;
	sqlite3_stmt *st;

	assert_int_equal(db_version(db), schema_latest());
	assert_int_equal(pragma_int(db, "PRAGMA foreign_keys"), 1);
	assert_int_equal(pragma_int(db, "PRAGMA synchronous"), 2); /* FULL */
	st = db_stmt(db, "PRAGMA journal_mode");
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal(db_text(st, 0), "wal");
	sqlite3_reset(st);
}

static void
reopening_does_not_migrate_again(void **state)
{
	struct db *db2;

	(void)state;
	assert_int_equal(schema_open(path, &db2), E_OK);
	assert_int_equal(db_version(db2), schema_latest());
	db_close(db2);
}

static void
create_and_login(void **state)
{
	struct db *db = *state;
	int64_t uid, uid2;
	int wait;
	struct account a;

	assert_int_equal(account_create(db, "Café Ltée", "a@example.com",
	    "a long password", "fr", "America/Toronto", 1000, &uid), E_OK);
	assert_int_equal(account_create(db, "Other", "A@Example.com",
	    "another password", "en", "America/Toronto", 1000, &uid2),
	    E_EXISTS);
	assert_int_equal(account_login(db, "a@example.com", "a long password",
	    1001, &wait, &uid2), E_OK);
	assert_int_equal(uid, uid2);
	assert_int_equal(account_get(db, uid, &a), E_OK);
	assert_string_equal(a.business, "Café Ltée");
	assert_string_equal(a.lang, "fr");
	assert_int_equal(account_login(db, "a@example.com", "wrong password",
	    1002, &wait, &uid2), E_DENIED);
	assert_int_equal(wait, 0);
	assert_int_equal(account_login(db, "nobody@example.com", "whatever",
	    1002, &wait, &uid2), E_DENIED);
	assert_int_equal(wait, 0);
}

static void
throttle_grows_then_clears(void **state)
{
	struct db *db = *state;
	int64_t uid;
	int wait = 0;

	assert_int_equal(account_create(db, "T", "t@example.com",
	    "the right password", "en", "America/Halifax", 1000, &uid), E_OK);
	for (int i = 0; i < 5; i++)
		assert_int_equal(account_login(db, "t@example.com", "bad",
		    2000, &wait, &uid), E_DENIED);
	/* locked now, even with the right password */
	assert_int_equal(account_login(db, "t@example.com",
	    "the right password", 2000, &wait, &uid), E_DENIED);
	assert_true(wait > 0);
	/* after the wait the right password works and clears the count */
	assert_int_equal(account_login(db, "t@example.com",
	    "the right password", 2000 + 1000, &wait, &uid), E_OK);
	assert_int_equal(account_login(db, "t@example.com", "bad", 3001,
	    &wait, &uid), E_DENIED);
	assert_int_equal(wait, 0);
}

static void
unknown_email_is_throttled_alike(void **state)
{
	struct db *db = *state;
	int64_t uid;
	int wait = 0;

	for (int i = 0; i < 5; i++)
		account_login(db, "ghost@example.com", "x", 5000, &wait, &uid);
	assert_int_equal(account_login(db, "ghost@example.com", "x", 5000,
	    &wait, &uid), E_DENIED);
	assert_true(wait > 0);
}

static void
password_change(void **state)
{
	struct db *db = *state;
	int64_t uid, u2;
	int wait;

	assert_int_equal(account_create(db, "P", "p@example.com",
	    "first password", "en", "America/Vancouver", 1000, &uid), E_OK);
	assert_int_equal(account_set_password(db, uid, "not it",
	    "second password", 1100), E_DENIED);
	assert_int_equal(account_set_password(db, uid, "first password",
	    "second password", 1100), E_OK);
	assert_int_equal(account_login(db, "p@example.com", "first password",
	    1200, &wait, &u2), E_DENIED);
	assert_int_equal(account_login(db, "p@example.com", "second password",
	    1200, &wait, &u2), E_OK);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(database_settings),
		cmocka_unit_test(reopening_does_not_migrate_again),
		cmocka_unit_test(create_and_login),
		cmocka_unit_test(throttle_grows_then_clears),
		cmocka_unit_test(unknown_email_is_throttled_alike),
		cmocka_unit_test(password_change),
	};

	return cmocka_run_group_tests_name("account", tests, setup, teardown);
}
