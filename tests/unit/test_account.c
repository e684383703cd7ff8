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

#include <openssl/evp.h>

#include "returns/crypto.h"
#include "returns/secret.h"

static char path[256];
#define ADDR	"192.0.2.10"

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
	    ADDR, 1001, &wait, &uid2), E_OK);
	assert_int_equal(uid, uid2);
	assert_int_equal(account_get(db, uid, &a), E_OK);
	assert_string_equal(a.business, "Café Ltée");
	assert_string_equal(a.lang, "fr");
	assert_int_equal(account_login(db, "a@example.com", "wrong password",
	    ADDR, 1002, &wait, &uid2), E_DENIED);
	assert_int_equal(wait, 0);
	assert_int_equal(account_login(db, "nobody@example.com", "whatever",
	    ADDR, 1002, &wait, &uid2), E_DENIED);
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
		    ADDR, 2000, &wait, &uid), E_DENIED);
	/* locked now, even with the right password */
	assert_int_equal(account_login(db, "t@example.com",
	    "the right password", ADDR, 2000, &wait, &uid), E_DENIED);
	assert_true(wait > 0);
	/* after the wait the right password works and clears the count */
	assert_int_equal(account_login(db, "t@example.com",
	    "the right password", ADDR, 2000 + 1000, &wait, &uid), E_OK);
	assert_int_equal(account_login(db, "t@example.com", "bad", ADDR, 3001,
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
		account_login(db, "ghost@example.com", "x", ADDR, 5000, &wait, &uid);
	assert_int_equal(account_login(db, "ghost@example.com", "x", ADDR, 5000,
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
	    ADDR, 1200, &wait, &u2), E_DENIED);
	assert_int_equal(account_login(db, "p@example.com", "second password",
	    ADDR, 1200, &wait, &u2), E_OK);
}

static void
throttle_is_per_address_and_decays(void **state)
{
	struct db *db = *state;
	int64_t uid;
	int wait = 0;

	assert_int_equal(account_create(db, "D", "d@example.com",
	    "decaying password", "en", "America/Toronto", 1000, &uid), E_OK);
	/* a stranger locks the email from their own address only */
	for (int i = 0; i < 6; i++)
		account_login(db, "d@example.com", "guess", "203.0.113.5",
		    10000, &wait, &uid);
	assert_int_equal(account_login(db, "d@example.com",
	    "decaying password", "203.0.113.5", 10000, &wait, &uid),
	    E_DENIED);
	assert_true(wait > 0);
	assert_int_equal(account_login(db, "d@example.com",
	    "decaying password", "198.51.100.7", 10000, &wait, &uid), E_OK);
	/* a guess every quarter of an hour never builds up a lock */
	for (int i = 0; i < 12; i++) {
		assert_int_equal(account_login(db, "d@example.com", "guess",
		    "203.0.113.9", 20000 + i * 900, &wait, &uid), E_DENIED);
		assert_int_equal(wait, 0);
	}
	/* one IPv6 network is one client: another address of the same /64
	 * is locked too, another /64 is not */
	for (int i = 0; i < 6; i++)
		account_login(db, "d@example.com", "guess", "2001:db8:1:2::5",
		    200000, &wait, &uid);
	assert_int_equal(account_login(db, "d@example.com",
	    "decaying password", "2001:db8:1:2:abcd:ef01:2345:6789", 200000,
	    &wait, &uid), E_DENIED);
	assert_true(wait > 0);
	assert_int_equal(account_login(db, "d@example.com",
	    "decaying password", "2001:db8:1:3::5", 200000, &wait, &uid),
	    E_OK);
	/* the operator's unlock */
	assert_int_equal(account_unlock(db, "d@example.com", 200001), E_OK);
	assert_int_equal(account_login(db, "d@example.com",
	    "decaying password", "2001:db8:1:2::5", 200001, &wait, &uid),
	    E_OK);
	assert_int_equal(account_unlock(db, "nobody@example.com", 200001),
	    E_NOTFOUND);
}

static void
address_keys(void **state)
{
	char k[ADDR_KEY_MAX];

	(void)state;
	account_addr_key("2001:db8:0:0:1234:5678:9abc:def0", k);
	assert_string_equal(k, "2001:db8::/64");
	account_addr_key("2001:DB8:a:b:c:d:e:f", k);
	assert_string_equal(k, "2001:db8:a:b::/64");
	account_addr_key("192.0.2.1", k);
	assert_string_equal(k, "192.0.2.1");
	account_addr_key("::ffff:192.0.2.1", k);
	assert_string_equal(k, "::ffff:192.0.2.1");
	account_addr_key(NULL, k);
	assert_string_equal(k, "-");
}

static void
weak_passwords(void **state)
{
	(void)state;
	assert_string_equal(account_password_weak("short one", NULL),
	    "err.password_short");
	assert_non_null(account_password_weak("password1234", NULL));
	assert_non_null(account_password_weak("aaaaaaaaaaaaaaa", NULL));
	assert_non_null(account_password_weak("123456789012", NULL));
	assert_non_null(account_password_weak("iloveyou1234", NULL));
	assert_non_null(account_password_weak("demo-password", NULL));
	assert_non_null(account_password_weak("qwertyuiop12", NULL));
	assert_string_equal(account_password_weak("abcdefghijklmnop", NULL),
	    "err.password_simple");
	assert_string_equal(account_password_weak("jeanbaptiste1x",
	    "jeanbaptiste1x@example.com"), "err.password_personal");
	assert_null(account_password_weak("a good long password", NULL));
	assert_null(account_password_weak("Zoë lit 3 romans", NULL));
}

/* A hash of the old parameters (N=2^15), made here as older versions
 * made it. */
static void
old_hash(const char *pw, char out[PW_HASH_MAX])
{
	unsigned char salt[16] = "0123456789abcdef", key[32];
	unsigned char s64[32], k64[64];

	assert_int_equal(EVP_PBE_scrypt(pw, strlen(pw), salt, sizeof(salt),
	    1 << 15, 8, 1, 64 << 20, key, sizeof(key)), 1);
	EVP_EncodeBlock(s64, salt, sizeof(salt));
	EVP_EncodeBlock(k64, key, sizeof(key));
	snprintf(out, PW_HASH_MAX, "scrypt$15$8$1$%s$%s", s64, k64);
}

static void
older_hashes_are_made_again(void **state)
{
	struct db *db = *state;
	char h[PW_HASH_MAX];
	sqlite3_stmt *st;
	int64_t uid, u2;
	int wait;

	assert_int_equal(account_create(db, "R", "r@example.com",
	    "rehash me please", "en", "America/Toronto", 1000, &uid), E_OK);
	old_hash("rehash me please", h);
	assert_true(password_needs_rehash(h));
	assert_int_equal(db_exec(db, "UPDATE users SET pw_hash = ? WHERE id = ?",
	    "ti", h, uid), E_OK);
	assert_int_equal(account_login(db, "r@example.com", "rehash me please",
	    ADDR, 1100, &wait, &u2), E_OK);
	st = db_stmt(db, "SELECT pw_hash FROM users WHERE id = ?");
	assert_int_equal(db_bind(st, "i", uid), E_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_true(strncmp(db_text(st, 0), "scrypt$17$8$1$", 14) == 0);
	assert_false(password_needs_rehash(db_text(st, 0)));
	sqlite3_reset(st);
	/* and the new hash works */
	assert_int_equal(account_login(db, "r@example.com", "rehash me please",
	    ADDR, 1101, &wait, &u2), E_OK);
}

static void
password_reset_links(void **state)
{
	struct db *db = *state;
	char key[300], tok[RESET_TOKEN_HEX + 1], tok2[RESET_TOKEN_HEX + 1];
	int64_t uid, u2, rid;
	int wait;

	snprintf(key, sizeof(key), "%s.key", path);
	assert_int_equal(secret_load(key), E_OK);
	unlink(key);
	assert_int_equal(account_create(db, "F", "f@example.com",
	    "forgotten password", "fr", "America/Toronto", 1000, &uid), E_OK);
	/* an unknown address: the same E_OK, nothing queued */
	assert_int_equal(account_reset_request(db, "ghost@example.com", 5000),
	    E_OK);
	assert_int_equal(db_int(db, "SELECT count(*) FROM outbox WHERE kind ="
	    " 'reset' AND created_at >= ?", "i", (int64_t)5000), 0);
	/* three emails an hour at most */
	for (int i = 0; i < 5; i++)
		assert_int_equal(account_reset_request(db, "f@example.com",
		    5000 + i), E_OK);
	assert_int_equal(db_int(db, "SELECT count(*) FROM outbox WHERE kind ="
	    " 'reset' AND created_at >= ?", "i", (int64_t)5000), 3);
	assert_int_equal(db_int(db, "SELECT count(*) FROM outbox WHERE kind ="
	    " 'reset' AND lang = 'fr' AND to_addr = 'f@example.com' AND"
	    " created_at >= ?", "i", (int64_t)5000), 3);
	/* the token is not in the database, only its hash */
	rid = db_int(db, "SELECT max(ref) FROM outbox WHERE kind = 'reset'"
	    " AND created_at >= ?", "i", (int64_t)5000);
	assert_int_equal(account_link_token(db, rid, 5100, tok), E_OK);
	{
		sqlite3_stmt *st = db_stmt(db, "SELECT count(*) FROM"
		    " password_resets WHERE instr(nonce || token_hash, ?) > 0");
		assert_int_equal(db_bind(st, "t", tok), E_OK);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(st, 0), 0);
		sqlite3_reset(st);
	}
	assert_int_equal(account_link_check(db, "reset", tok, 5100, &u2), E_OK);
	assert_int_equal(u2, uid);
	/* an hour later it is gone */
	assert_int_equal(account_link_check(db, "reset", tok, 5002 + 3600, &u2),
	    E_NOTFOUND);
	assert_int_equal(account_link_check(db, "reset", "00", 5100, &u2),
	    E_NOTFOUND);
	/* a new password ends every link and session */
	assert_int_equal(db_exec(db, "INSERT INTO sessions (idhash, user_id,"
	    " csrf, created_at, seen_at) VALUES ('x', ?, 'c', 5000, 5000)",
	    "i", uid), E_OK);
	assert_int_equal(account_link_token(db, rid - 1, 5100, tok2), E_OK);
	assert_int_equal(account_reset_password(db, uid, "a brand new secret",
	    5200), E_OK);
	assert_int_equal(account_link_check(db, "reset", tok, 5300, &u2), E_NOTFOUND);
	assert_int_equal(account_link_check(db, "reset", tok2, 5300, &u2),
	    E_NOTFOUND);
	assert_int_equal(account_link_token(db, rid, 5300, tok), E_NOTFOUND);
	assert_int_equal(db_int(db, "SELECT count(*) FROM sessions WHERE"
	    " user_id = ?", "i", (int64_t)uid), 0);
	assert_int_equal(account_login(db, "f@example.com",
	    "a brand new secret", ADDR, 5400, &wait, &u2), E_OK);
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
		cmocka_unit_test(throttle_is_per_address_and_decays),
		cmocka_unit_test(address_keys),
		cmocka_unit_test(weak_passwords),
		cmocka_unit_test(older_hashes_are_made_again),
		cmocka_unit_test(password_reset_links),
	};

	return cmocka_run_group_tests_name("account", tests, setup, teardown);
}
