/* test_schema -- a database made by the first schema version, with data
 * in it, upgrades to the latest on open and loses nothing; backup,
 * restore and check. */
#include <stdarg.h>
#include <stdbool.h>
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
#include "returns/schema.h"

static char dir[64], path[128];

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/returns-unit-sch-%d", (int)getpid());
	mkdir(dir, 0700);
	snprintf(path, sizeof(path), "%s/r.db", dir);
	return 0;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void
upgrade_from_version_1_keeps_data(void **state)
{
	struct db *db;
	struct account a;
	int64_t uid, uid2;
	int wait;

	(void)state;
	assert_int_equal(schema_open_version(path, 1, &db), E_OK);
	assert_int_equal(db_version(db), 1);
	assert_int_equal(account_create(db, "Vieux Magasin", "old@example.com",
	    "an old password", "fr", "America/Halifax", 1000, &uid), E_OK);
	db_close(db);

	assert_int_equal(schema_open(path, &db), E_OK);
	assert_int_equal(db_version(db), schema_latest());
	assert_true(schema_latest() > 1);
	assert_int_equal(account_get(db, uid, &a), E_OK);
	assert_string_equal(a.business, "Vieux Magasin");
	assert_string_equal(a.tz, "America/Halifax");
	assert_int_equal(account_login(db, "old@example.com", "an old password",
	    "192.0.2.1", 2000, &wait, &uid2), E_OK);
	assert_int_equal(uid2, uid);
	{
		char report[256] = "";
		assert_int_equal(db_check(db, report, sizeof(report)), E_OK);
	}
	db_close(db);
}

static void
backup_restore_identical(void **state)
{
	struct db *db, *other;
	char copy[160], second[160], report[256] = "";
	int64_t uid;
	struct account a;

	(void)state;
	snprintf(copy, sizeof(copy), "%s/copy.db", dir);
	snprintf(second, sizeof(second), "%s/second.db", dir);
	assert_int_equal(schema_open(path, &db), E_OK);
	assert_int_equal(db_backup(db, copy), E_OK);
	assert_int_equal(db_backup(db, copy), E_EXISTS);
	/* restore into another, empty, database */
	assert_int_equal(schema_open(second, &other), E_OK);
	assert_int_equal(db_restore(other, copy), E_OK);
	assert_int_equal(account_find(other, "old@example.com", &uid), E_OK);
	assert_int_equal(account_get(other, uid, &a), E_OK);
	assert_string_equal(a.business, "Vieux Magasin");
	assert_int_equal(db_check(other, report, sizeof(report)), E_OK);
	db_close(other);
	db_close(db);
	/* not a database: refused, nothing changed */
	{
		FILE *f;
		char junk[160];
		snprintf(junk, sizeof(junk), "%s/junk.db", dir);
		f = fopen(junk, "w");
		fputs("not a database at all, just text", f);
		fclose(f);
		assert_int_equal(schema_open(path, &db), E_OK);
		assert_int_equal(db_restore(db, junk), E_INVALID);
		assert_int_equal(account_find(db, "old@example.com", &uid),
		    E_OK);
		db_close(db);
	}
}

/* A worker's connection (db_small) leaves checkpoints to db_idle: the
 * WAL of 3,000 one-page commits stays near SQLite's 1,000 pages when
 * db_idle runs after each with no request waiting, and keeps growing when
 * it does not run (the commit itself no longer checkpoints) or when
 * requests wait (then only past 10,000 pages). */
enum idle { NO_IDLE, IDLE_QUIET, IDLE_WAITING };

static off_t
wal_after(enum idle idle)
{
	struct db *db;
	char wal[160], blob[4000];
	struct stat sb;

	snprintf(wal, sizeof(wal), "%s/w%d.db", dir, idle);
	assert_int_equal(schema_open(wal, &db), E_OK);
	db_small(db);
	assert_int_equal(db_exec(db, "CREATE TABLE t (b BLOB)", ""), E_OK);
	memset(blob, 'x', sizeof(blob));
	for (int i = 0; i < 3000; i++) {
		blob[i % sizeof(blob)] = (char)('a' + i % 26);
		assert_int_equal(db_exec(db, "INSERT INTO t VALUES (?)", "t",
		    blob), E_OK);
		if (idle != NO_IDLE)
			db_idle(db, idle == IDLE_WAITING);
	}
	strncat(wal, "-wal", sizeof(wal) - strlen(wal) - 1);
	assert_int_equal(stat(wal, &sb), 0);
	db_close(db);
	return sb.st_size;
}

static void
worker_checkpoints_between_requests(void **state)
{
	off_t with = wal_after(IDLE_QUIET), without = wal_after(NO_IDLE);
	off_t busy = wal_after(IDLE_WAITING);

	(void)state;
	/* 1,000 pages and the last commit's, at 4,120 bytes a frame */
	assert_true(with <= 1100 * 4120);
	assert_true(without >= 3000 * 4120);
	assert_true(busy >= 3000 * 4120);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(upgrade_from_version_1_keeps_data),
		cmocka_unit_test(backup_restore_identical),
		cmocka_unit_test(worker_checkpoints_between_requests),
	};

	return cmocka_run_group_tests_name("schema", tests, setup, teardown);
}
