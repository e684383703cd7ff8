/* account.c -- see include/returns/account.h. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "returns/account.h"
#include "returns/crypto.h"
#include "returns/log.h"

/* Every Canadian zone of the tz database (zone.tab), east to west. */
const char *const account_timezones[] = {
	"America/St_Johns",
	"America/Halifax",
	"America/Glace_Bay",
	"America/Moncton",
	"America/Goose_Bay",
	"America/Blanc-Sablon",
	"America/Toronto",
	"America/Iqaluit",
	"America/Atikokan",
	"America/Winnipeg",
	"America/Resolute",
	"America/Rankin_Inlet",
	"America/Regina",
	"America/Swift_Current",
	"America/Edmonton",
	"America/Cambridge_Bay",
	"America/Inuvik",
	"America/Creston",
	"America/Dawson_Creek",
	"America/Fort_Nelson",
	"America/Whitehorse",
	"America/Dawson",
	"America/Vancouver",
	NULL
};
const char *const account_timezone_keys[] = {
	"tz.newfoundland",
	"tz.atlantic",
	"tz.glace_bay",
	"tz.moncton",
	"tz.goose_bay",
	"tz.blanc_sablon",
	"tz.eastern",
	"tz.iqaluit",
	"tz.atikokan",
	"tz.central",
	"tz.resolute",
	"tz.rankin_inlet",
	"tz.regina",
	"tz.swift_current",
	"tz.mountain",
	"tz.cambridge_bay",
	"tz.inuvik",
	"tz.creston",
	"tz.dawson_creek",
	"tz.fort_nelson",
	"tz.whitehorse",
	"tz.dawson",
	"tz.pacific",
	NULL
};

/* After THROTTLE_FREE failures in a row an address waits 30 s, then twice
 * as long after each further failure, at most 15 minutes. */
#define THROTTLE_FREE	5
#define THROTTLE_MAX	900

int
account_valid_tz(const char *tz)
{
	for (int i = 0; account_timezones[i]; i++)
		if (strcmp(tz, account_timezones[i]) == 0)
			return 1;
	return 0;
}

static const char SQL_AUDIT[] =
    "INSERT INTO audit_log (merchant_id, user_id, at, action, detail)"
    " VALUES (?, ?, ?, ?, ?)";

enum rerr
audit(struct db *db, int64_t merchant_id, int64_t user_id, int64_t now,
    const char *action, const char *detail)
{
	return db_exec(db, SQL_AUDIT, "iiitt", merchant_id, user_id, now,
	    action, detail ? detail : "");
}

static const char SQL_NEW_MERCHANT[] =
    "INSERT INTO merchants (business_name, lang, tz, created_at)"
    " VALUES (?, ?, ?, ?)";
static const char SQL_NEW_USER[] =
    "INSERT INTO users (merchant_id, email, pw_hash, created_at,"
    " pw_changed_at) VALUES (?, ?, ?, ?, ?)";

enum rerr
account_create(struct db *db, const char *business, const char *email,
    const char *password, const char *lang, const char *tz, int64_t now,
    int64_t *user_id)
{
	char hash[PW_HASH_MAX];
	enum rerr e;
	int64_t mid;

	/* hash outside the write transaction: it takes 0.1 s */
	if ((e = password_hash(password, hash)) != E_OK)
		return e;
	if ((e = db_begin(db)) != E_OK)
		return e;
	if ((e = db_exec(db, SQL_NEW_MERCHANT, "ttti", business, lang, tz,
	    now)) != E_OK)
		goto fail;
	mid = sqlite3_last_insert_rowid(db_handle(db));
	if ((e = db_exec(db, SQL_NEW_USER, "ittii", mid, email, hash, now,
	    now)) != E_OK)
		goto fail;
	*user_id = sqlite3_last_insert_rowid(db_handle(db));
	if ((e = audit(db, mid, *user_id, now, "account.create", "")) != E_OK)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return e;
}

static const char SQL_USER_BY_EMAIL[] =
    "SELECT id, pw_hash, merchant_id FROM users WHERE email = ?";
static const char SQL_THROTTLE_GET[] =
    "SELECT failures, locked_until FROM login_throttle WHERE key = ?";
static const char SQL_THROTTLE_FAIL[] =
    "INSERT INTO login_throttle (key, failures, locked_until)"
    " VALUES (?1, 1, 0) ON CONFLICT(key) DO UPDATE SET"
    " failures = failures + 1,"
    " locked_until = CASE WHEN failures + 1 >= ?3"
    "   THEN ?2 + min(?4, 30 << min(10, failures + 1 - ?3)) ELSE 0 END";
static const char SQL_THROTTLE_CLEAR[] =
    "DELETE FROM login_throttle WHERE key = ?";

static void
throttle_key(char *out, size_t n, const char *email)
{
	size_t i;

	i = (size_t)snprintf(out, n, "email:");
	for (; *email && i < n - 1; email++)
		out[i++] = (char)tolower((unsigned char)*email);
	out[i] = '\0';
}

enum rerr
account_login(struct db *db, const char *email, const char *password,
    int64_t now, int *retry_after, int64_t *user_id)
{
	sqlite3_stmt *st;
	char key[300], hash[PW_HASH_MAX] = "";
	int64_t uid = 0, mid = 0;
	enum rerr e;
	int rc;

	*retry_after = 0;
	throttle_key(key, sizeof(key), email);
	if ((st = db_stmt(db, SQL_THROTTLE_GET)) == NULL ||
	    db_bind(st, "t", key) != E_OK)
		return E_DB;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_int64(st, 1) > now) {
		*retry_after = (int)(sqlite3_column_int64(st, 1) - now);
		sqlite3_reset(st);
		return E_DENIED;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_err(db, rc);

	if ((st = db_stmt(db, SQL_USER_BY_EMAIL)) == NULL ||
	    db_bind(st, "t", email) != E_OK)
		return E_DB;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		uid = sqlite3_column_int64(st, 0);
		snprintf(hash, sizeof(hash), "%s", db_text(st, 1));
		mid = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_err(db, rc);

	/* the same scrypt work for an unknown email */
	if (password_verify(password, uid ? hash : NULL) && uid != 0) {
		if ((e = db_exec(db, SQL_THROTTLE_CLEAR, "t", key)) != E_OK)
			return e;
		*user_id = uid;
		audit(db, mid, uid, now, "login", "");
		return E_OK;
	}
	if ((e = db_exec(db, SQL_THROTTLE_FAIL, "tidd", key, now,
	    THROTTLE_FREE, THROTTLE_MAX)) != E_OK)
		return e;
	if (uid != 0)
		audit(db, mid, uid, now, "login.failed", "");
	return E_DENIED;
}

static const char SQL_GET[] =
    "SELECT u.id, u.merchant_id, u.email, m.business_name, m.lang, m.tz"
    " FROM users u JOIN merchants m ON m.id = u.merchant_id"
    " WHERE u.id = ?";

enum rerr
account_get(struct db *db, int64_t user_id, struct account *a)
{
	sqlite3_stmt *st = db_stmt(db, SQL_GET);
	int rc;

	if (st == NULL || db_bind(st, "i", user_id) != E_OK)
		return E_DB;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		a->user_id = sqlite3_column_int64(st, 0);
		a->merchant_id = sqlite3_column_int64(st, 1);
		snprintf(a->email, sizeof(a->email), "%s", db_text(st, 2));
		snprintf(a->business, sizeof(a->business), "%s",
		    db_text(st, 3));
		snprintf(a->lang, sizeof(a->lang), "%s", db_text(st, 4));
		snprintf(a->tz, sizeof(a->tz), "%s", db_text(st, 5));
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return E_NOTFOUND;
	return rc == SQLITE_ROW ? E_OK : db_err(db, rc);
}

static const char SQL_PW_GET[] =
    "SELECT pw_hash, merchant_id FROM users WHERE id = ?";
static const char SQL_PW_SET[] =
    "UPDATE users SET pw_hash = ?, pw_changed_at = ? WHERE id = ?";
/* other sessions end when the password changes */
static const char SQL_PW_SESSIONS[] =
    "DELETE FROM sessions WHERE user_id = ?";

enum rerr
account_set_password(struct db *db, int64_t user_id, const char *current,
    const char *newpw, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, SQL_PW_GET);
	char old[PW_HASH_MAX] = "", hash[PW_HASH_MAX];
	int64_t mid = 0;
	enum rerr e;
	int rc;

	if (st == NULL || db_bind(st, "i", user_id) != E_OK)
		return E_DB;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(old, sizeof(old), "%s", db_text(st, 0));
		mid = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return E_NOTFOUND;
	if (rc != SQLITE_ROW)
		return db_err(db, rc);
	if (!password_verify(current, old))
		return E_DENIED;
	if ((e = password_hash(newpw, hash)) != E_OK)
		return e;
	if ((e = db_begin(db)) != E_OK)
		return e;
	if ((e = db_exec(db, SQL_PW_SET, "tii", hash, now, user_id)) != E_OK ||
	    (e = db_exec(db, SQL_PW_SESSIONS, "i", user_id)) != E_OK ||
	    (e = audit(db, mid, user_id, now, "password.change", "")) != E_OK)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return e;
}

static const char SQL_PROFILE_SET[] =
    "UPDATE merchants SET business_name = ?, lang = ?, tz = ? WHERE id = ?";

enum rerr
account_set_profile(struct db *db, int64_t merchant_id, int64_t user_id,
    const char *business, const char *lang, const char *tz, int64_t now)
{
	enum rerr e;

	if ((e = db_begin(db)) != E_OK)
		return e;
	if ((e = db_exec(db, SQL_PROFILE_SET, "ttti", business, lang, tz,
	    merchant_id)) != E_OK ||
	    (e = audit(db, merchant_id, user_id, now, "profile.change",
	    "")) != E_OK) {
		db_rollback(db);
		return e;
	}
	return db_commit(db);
}

enum rerr
account_find(struct db *db, const char *email, int64_t *user_id)
{
	sqlite3_stmt *st = db_stmt(db, SQL_USER_BY_EMAIL);
	int rc;

	if (st == NULL || db_bind(st, "t", email) != E_OK)
		return E_DB;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*user_id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return E_NOTFOUND;
	return rc == SQLITE_ROW ? E_OK : db_err(db, rc);
}
