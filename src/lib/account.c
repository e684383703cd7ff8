/* account.c -- see include/returns/account.h. */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zxcvbn.h>

#include "returns/account.h"
#include "returns/buf.h"
#include "returns/crypto.h"
#include "returns/log.h"
#include "returns/secret.h"
#include "returns/valid.h"

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

/* Log-in failures are counted per client address and email together (a
 * stranger elsewhere cannot lock the owner out) and per address alone (one
 * address trying many emails). After `free` failures the key waits 30 s,
 * then twice as long after each further failure, at most 15 minutes. A
 * failure is forgotten every THROTTLE_DECAY seconds, so a guess every
 * quarter of an hour never builds up a lock. */
#define PAIR_FREE	5
#define ADDR_FREE	30
#define THROTTLE_MAX	900
#define THROTTLE_DECAY	600

/* Links sent by email: a password reset is valid an hour, an address's
 * confirmation two days; at most LINKS_PER_HOUR emails of one kind an hour
 * for one account. */
#define RESET_TTL	3600
#define CONFIRM_TTL	(2 * 86400)
#define LINKS_PER_HOUR	3

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

	/* the cheap check first: scrypt only for a new address */
	if (account_find(db, email, user_id) == E_OK)
		return E_EXISTS;
	/* hash outside the write transaction: it takes a fraction of a
	 * second */
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
    "SELECT max(locked_until) FROM login_throttle WHERE key IN (?, ?)";
/* the failures still counted: those not yet forgotten */
#define LIVE "max(0, failures - (?2 - last_at) / ?5)"
static const char SQL_THROTTLE_FAIL[] =
    "INSERT INTO login_throttle (key, failures, locked_until, last_at)"
    " VALUES (?1, 1, 0, ?2)"
    " ON CONFLICT(key) DO UPDATE SET"
    " failures = " LIVE " + 1,"
    " locked_until = CASE WHEN " LIVE " + 1 >= ?3"
    "   THEN ?2 + min(?4, 30 << min(10, " LIVE " + 1 - ?3)) ELSE 0 END,"
    " last_at = ?2";
static const char SQL_THROTTLE_CLEAR[] =
    "DELETE FROM login_throttle WHERE key = ?";
/* every pair key of an email ("<email>|<address>") */
static const char SQL_THROTTLE_EMAIL[] =
    "DELETE FROM login_throttle WHERE substr(key, 1, length(?1) + 1) ="
    " ?1 || '|'";
static const char SQL_REHASH[] =
    "UPDATE users SET pw_hash = ? WHERE id = ?";

static void
lower_copy(char *out, size_t n, const char *s)
{
	size_t i = 0;

	for (; *s && i < n - 1; s++)
		out[i++] = (char)tolower((unsigned char)*s);
	out[i] = '\0';
}

void
account_addr_key(const char *addr, char out[ADDR_KEY_MAX])
{
	struct in6_addr a6;

	if (addr != NULL && inet_pton(AF_INET6, addr, &a6) == 1 &&
	    !IN6_IS_ADDR_V4MAPPED(&a6)) {
		/* one IPv6 network (/64) is one client */
		memset(a6.s6_addr + 8, 0, 8);
		if (inet_ntop(AF_INET6, &a6, out, ADDR_KEY_MAX) != NULL) {
			strncat(out, "/64", ADDR_KEY_MAX - strlen(out) - 1);
			return;
		}
	}
	snprintf(out, ADDR_KEY_MAX, "%s", addr != NULL && *addr ? addr : "-");
}

static void
throttle_keys(char *pair, char *whole, size_t n, const char *email,
    const char *addr)
{
	char low[260], ak[ADDR_KEY_MAX];

	lower_copy(low, sizeof(low), email);
	account_addr_key(addr, ak);
	snprintf(pair, n, "%s|%s", low, ak);
	snprintf(whole, n, "addr:%s", ak);
}

static enum rerr
throttle_fail(struct db *db, const char *key, int64_t now, int free_)
{
	return db_exec(db, SQL_THROTTLE_FAIL, "tiddd", key, now, free_,
	    THROTTLE_MAX, THROTTLE_DECAY);
}

enum rerr
account_login(struct db *db, const char *email, const char *password,
    const char *addr, int64_t now, int *retry_after, int64_t *user_id)
{
	sqlite3_stmt *st;
	char pair[400], whole[400], hash[PW_HASH_MAX] = "";
	char fresh[PW_HASH_MAX];
	int64_t uid = 0, mid = 0, until = 0;
	enum rerr e;
	int rc;

	*retry_after = 0;
	throttle_keys(pair, whole, sizeof(pair), email, addr);
	if ((st = db_stmt(db, SQL_THROTTLE_GET)) == NULL ||
	    db_bind(st, "tt", pair, whole) != E_OK)
		return E_DB;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		until = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_err(db, rc);
	if (until > now) {
		*retry_after = (int)(until - now);
		return E_DENIED;
	}

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
		if ((e = db_exec(db, SQL_THROTTLE_CLEAR, "t", pair)) != E_OK)
			return e;
		/* a hash of older, cheaper parameters is made again now
		 * that the password is known */
		if (password_needs_rehash(hash) &&
		    password_hash(password, fresh) == E_OK &&
		    db_exec(db, SQL_REHASH, "ti", fresh, uid) == E_OK)
			audit(db, mid, uid, now, "password.rehash", "");
		*user_id = uid;
		audit(db, mid, uid, now, "login", "");
		return E_OK;
	}
	if ((e = throttle_fail(db, pair, now, PAIR_FREE)) != E_OK ||
	    (e = throttle_fail(db, whole, now, ADDR_FREE)) != E_OK)
		return e;
	if (uid != 0)
		audit(db, mid, uid, now, "login.failed", "");
	return E_DENIED;
}

enum rerr
account_throttle_purge(struct db *db, int64_t now, int *n)
{
	enum rerr e = db_exec(db, "DELETE FROM login_throttle WHERE"
	    " locked_until < ?1 AND last_at < ?1 - 86400", "i", now);

	*n = e == E_OK ? sqlite3_changes(db_handle(db)) : 0;
	return e;
}

enum rerr
account_unlock(struct db *db, const char *email, int64_t now)
{
	char low[260];
	int64_t uid;
	struct account a;
	enum rerr e;

	if ((e = account_find(db, email, &uid)) != E_OK ||
	    (e = account_get(db, uid, &a)) != E_OK)
		return e;
	lower_copy(low, sizeof(low), email);
	if ((e = db_exec(db, SQL_THROTTLE_EMAIL, "t", low)) != E_OK)
		return e;
	return audit(db, a.merchant_id, uid, now, "login.unlock", "operator");
}

/* The guesses a password must be worth, in bits (zxcvbn's estimate):
 * 2^28 guesses, about 8 years of one core at scrypt N=2^17. */
#define PASSWORD_BITS	28.0

const char *
account_password_weak(const char *pw, const char *email)
{
	char user[256];
	const char *words[2] = { NULL, NULL };
	ZxcMatch_t *info = NULL, *m;
	double bits;
	const char *why = "err.password_common";

	if (utf8_len(pw) < PASSWORD_MIN)
		return "err.password_short";
	/* the email's local part counts as a known word */
	snprintf(user, sizeof(user), "%s", email ? email : "");
	user[strcspn(user, "@")] = '\0';
	if (*user)
		words[0] = user;
	bits = ZxcvbnMatch(pw, words, &info);
	if (bits >= PASSWORD_BITS) {
		ZxcvbnFreeInfo(info);
		return NULL;
	}
	/* the reason: the part of the password that is easiest to guess */
	for (m = info; m != NULL; m = m->Next)
		switch ((int)m->Type & ~MULTIPLE_MATCH) {
		case USER_MATCH:
		case USER_LEET_MATCH:
			why = "err.password_personal";
			goto out;
		case REPEATS_MATCH:
		case SEQUENCE_MATCH:
		case SPATIAL_MATCH:
			why = "err.password_simple";
			break;
		default:
			break;
		}
out:
	ZxcvbnFreeInfo(info);
	return why;
}

static const char SQL_GET[] =
    "SELECT u.id, u.merchant_id, u.email, m.business_name, m.lang, m.tz,"
    " m.support_email, m.support_phone, m.accent,"
    " (SELECT updated_at FROM merchant_logos WHERE merchant_id = m.id)"
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
		snprintf(a->support_email, sizeof(a->support_email), "%s",
		    db_text(st, 6));
		snprintf(a->support_phone, sizeof(a->support_phone), "%s",
		    db_text(st, 7));
		snprintf(a->accent, sizeof(a->accent), "%s", db_text(st, 8));
		a->logo_at = sqlite3_column_int64(st, 9);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return E_NOTFOUND;
	return rc == SQLITE_ROW ? E_OK : db_err(db, rc);
}

static const char SQL_PW_GET[] =
    "SELECT pw_hash, merchant_id, email FROM users WHERE id = ?";
static const char SQL_PW_SET[] =
    "UPDATE users SET pw_hash = ?, pw_changed_at = ? WHERE id = ?";
/* every session ends when the password changes, every reset link too */
static const char SQL_PW_SESSIONS[] =
    "DELETE FROM sessions WHERE user_id = ?";
static const char SQL_PW_RESETS[] =
    "UPDATE password_resets SET used_at = coalesce(used_at, ?2)"
    " WHERE user_id = ?1";

/* Writes a new hash for user_id: sessions and reset links end, log-in
 * failures of the email are forgotten. */
static enum rerr
password_store(struct db *db, int64_t user_id, int64_t mid,
    const char *email, const char *newpw, int64_t now, const char *action)
{
	char hash[PW_HASH_MAX], low[260];
	enum rerr e;

	if ((e = password_hash(newpw, hash)) != E_OK)
		return e;
	lower_copy(low, sizeof(low), email);
	if ((e = db_begin(db)) != E_OK)
		return e;
	if ((e = db_exec(db, SQL_PW_SET, "tii", hash, now, user_id)) != E_OK ||
	    (e = db_exec(db, SQL_PW_SESSIONS, "i", user_id)) != E_OK ||
	    (e = db_exec(db, SQL_PW_RESETS, "ii", user_id, now)) != E_OK ||
	    (e = db_exec(db, SQL_THROTTLE_EMAIL, "t", low)) != E_OK ||
	    (e = audit(db, mid, user_id, now, action, "")) != E_OK)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return e;
}

static enum rerr
pw_get(struct db *db, int64_t user_id, char old[PW_HASH_MAX], int64_t *mid,
    char email[256])
{
	sqlite3_stmt *st = db_stmt(db, SQL_PW_GET);
	int rc;

	if (st == NULL || db_bind(st, "i", user_id) != E_OK)
		return E_DB;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(old, PW_HASH_MAX, "%s", db_text(st, 0));
		*mid = sqlite3_column_int64(st, 1);
		snprintf(email, 256, "%s", db_text(st, 2));
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return E_NOTFOUND;
	return rc == SQLITE_ROW ? E_OK : db_err(db, rc);
}

enum rerr
account_set_password(struct db *db, int64_t user_id, const char *current,
    const char *newpw, int64_t now)
{
	char old[PW_HASH_MAX] = "", email[256] = "";
	int64_t mid = 0;
	enum rerr e;

	if ((e = pw_get(db, user_id, old, &mid, email)) != E_OK)
		return e;
	if (!password_verify(current, old))
		return E_DENIED;
	return password_store(db, user_id, mid, email, newpw, now,
	    "password.change");
}

enum rerr
account_reset_password(struct db *db, int64_t user_id, const char *newpw,
    int64_t now)
{
	char old[PW_HASH_MAX] = "", email[256] = "";
	int64_t mid = 0;
	enum rerr e;

	if ((e = pw_get(db, user_id, old, &mid, email)) != E_OK)
		return e;
	return password_store(db, user_id, mid, email, newpw, now,
	    "password.reset");
}

/* ---- links sent by email: password reset, address confirmation ---- */

static const char SQL_LINK_RECENT[] =
    "SELECT count(*) FROM password_resets WHERE user_id = ? AND purpose = ?"
    " AND created_at > ?";
static const char SQL_LINK_NEW[] =
    "INSERT INTO password_resets (user_id, nonce, token_hash, created_at,"
    " expires_at, purpose) VALUES (?, ?, ?, ?, ?, ?)";
static const char SQL_LINK_HASH[] =
    "UPDATE password_resets SET token_hash = ? WHERE id = ?";
/* the email: its kind is the link's purpose, its ref the link's id */
static const char SQL_LINK_MAIL[] =
    "INSERT INTO outbox (merchant_id, kind, ref, to_addr, lang, next_at,"
    " created_at)"
    " SELECT u.merchant_id, ?4, ?1, u.email, m.lang, ?2, ?2"
    " FROM users u JOIN merchants m ON m.id = u.merchant_id"
    " WHERE u.id = ?3";
static const char SQL_LINK_BY_ID[] =
    "SELECT nonce, expires_at, used_at FROM password_resets WHERE id = ?";
static const char SQL_LINK_BY_HASH[] =
    "SELECT id, user_id FROM password_resets WHERE token_hash = ?"
    " AND purpose = ? AND used_at IS NULL AND expires_at > ?";

static enum rerr
link_token(int64_t id, const char *nonce, char out[RESET_TOKEN_HEX + 1])
{
	char msg[128];

	snprintf(msg, sizeof(msg), "%lld:%s", (long long)id, nonce);
	return secret_derive_hex("password-reset", msg, RESET_TOKEN_HEX / 2,
	    out);
}

/* A new link for user_id and its email, at most LINKS_PER_HOUR of one
 * purpose an hour (past that, nothing is sent and E_OK returned). */
static enum rerr
link_send(struct db *db, int64_t uid, const char *purpose, int64_t ttl,
    int64_t now)
{
	char nonce[33], tok[RESET_TOKEN_HEX + 1], th[65];
	int64_t rid, recent;
	enum rerr e;

	if ((recent = db_int(db, SQL_LINK_RECENT, "iti", uid, purpose,
	    now - 3600)) < 0)
		return E_DB;
	if (recent >= LINKS_PER_HOUR) {
		log_info(NULL, "%s link: hourly limit for user %lld", purpose,
		    (long long)uid);
		return E_OK;
	}
	if (crypto_random_hex(nonce, 16) != E_OK)
		return E_SYS;
	if ((e = db_begin(db)) != E_OK)
		return e;
	/* the row first, for its id; its hash once the token is known */
	if ((e = db_exec(db, SQL_LINK_NEW, "ittiit", uid, nonce, nonce, now,
	    now + ttl, purpose)) != E_OK)
		goto fail;
	rid = sqlite3_last_insert_rowid(db_handle(db));
	if ((e = link_token(rid, nonce, tok)) != E_OK)
		goto fail;
	crypto_sha256_hex(th, tok);
	if ((e = db_exec(db, SQL_LINK_HASH, "ti", th, rid)) != E_OK ||
	    (e = db_exec(db, SQL_LINK_MAIL, "iiit", rid, now, uid, purpose))
	    != E_OK)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return e;
}

enum rerr
account_reset_request(struct db *db, const char *email, int64_t now)
{
	int64_t uid;
	enum rerr e;

	if ((e = account_find(db, email, &uid)) == E_NOTFOUND)
		return E_OK;	/* the same answer: nothing to send */
	if (e != E_OK)
		return e;
	return link_send(db, uid, "reset", RESET_TTL, now);
}

enum rerr
account_link_token(struct db *db, int64_t link_id, int64_t now,
    char token[RESET_TOKEN_HEX + 1])
{
	sqlite3_stmt *st = db_stmt(db, SQL_LINK_BY_ID);
	char nonce[64] = "";
	int64_t expires = 0;
	int used = 0, rc;

	if (st == NULL || db_bind(st, "i", link_id) != E_OK)
		return E_DB;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(nonce, sizeof(nonce), "%s", db_text(st, 0));
		expires = sqlite3_column_int64(st, 1);
		used = sqlite3_column_type(st, 2) != SQLITE_NULL;
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE || (rc == SQLITE_ROW && (used || expires <= now)))
		return E_NOTFOUND;
	if (rc != SQLITE_ROW)
		return db_err(db, rc);
	return link_token(link_id, nonce, token);
}

enum rerr
account_link_check(struct db *db, const char *purpose, const char *token,
    int64_t now, int64_t *user_id)
{
	sqlite3_stmt *st = db_stmt(db, SQL_LINK_BY_HASH);
	char th[65];
	int rc;

	if (strlen(token) != RESET_TOKEN_HEX)
		return E_NOTFOUND;
	crypto_sha256_hex(th, token);
	if (st == NULL || db_bind(st, "tti", th, purpose, now) != E_OK)
		return E_DB;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*user_id = sqlite3_column_int64(st, 1);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return E_NOTFOUND;
	return rc == SQLITE_ROW ? E_OK : db_err(db, rc);
}

/* ---- sign-up and the address's confirmation ---- */

/* the merchant's own (outbox_merchant_kind), not every email ever sent */
static const char SQL_EXISTS_RECENT[] =
    "SELECT count(*) FROM outbox WHERE merchant_id = (SELECT merchant_id"
    " FROM users WHERE id = ?1) AND kind = 'exists' AND created_at > ?2"
    " AND ref = ?1";
static const char SQL_EXISTS_MAIL[] =
    "INSERT INTO outbox (merchant_id, kind, ref, to_addr, lang, next_at,"
    " created_at)"
    " SELECT u.merchant_id, 'exists', u.id, u.email, ?3, ?2, ?2"
    " FROM users u WHERE u.id = ?1";
static const char SQL_CONFIRMED[] =
    "SELECT email_confirmed_at IS NOT NULL FROM users WHERE id = ?";
static const char SQL_CONFIRM[] =
    "UPDATE users SET email_confirmed_at = coalesce(email_confirmed_at, ?)"
    " WHERE id = ?";
static const char SQL_CONFIRM_LINKS[] =
    "UPDATE password_resets SET used_at = coalesce(used_at, ?2)"
    " WHERE user_id = ?1 AND purpose = 'confirm'";
/* from the merchant's own log, the first two at most (one means this is
 * the first): without the merchant, every site's log was read */
static const char SQL_LOGINS[] =
    "SELECT count(*) FROM (SELECT 1 FROM audit_log WHERE merchant_id ="
    " (SELECT merchant_id FROM users WHERE id = ?1) AND user_id = ?1"
    " AND action = 'login' LIMIT 2)";

enum rerr
account_signup(struct db *db, const char *business, const char *email,
    const char *password, const char *lang, const char *tz, int64_t now)
{
	int64_t uid = 0, recent;
	enum rerr e;

	e = account_create(db, business, email, password, lang, tz, now, &uid);
	if (e == E_OK)
		return link_send(db, uid, "confirm", CONFIRM_TTL, now);
	if (e != E_EXISTS || uid == 0)	/* 0: made meanwhile, by another */
		return e == E_EXISTS ? E_OK : e;
	/* the address has an account: its owner is told (a few times an
	 * hour at most), the visitor sees the same answer */
	if ((recent = db_int(db, SQL_EXISTS_RECENT, "ii", uid,
	    now - 3600)) < 0)
		return E_DB;
	if (recent >= LINKS_PER_HOUR)
		return E_OK;
	return db_exec(db, SQL_EXISTS_MAIL, "iit", uid, now, lang);
}

enum rerr
account_confirm_request(struct db *db, int64_t user_id, int64_t now)
{
	return link_send(db, user_id, "confirm", CONFIRM_TTL, now);
}

bool
account_confirmed(struct db *db, int64_t user_id)
{
	return db_int(db, SQL_CONFIRMED, "i", user_id) == 1;
}

enum rerr
account_confirm(struct db *db, int64_t user_id, int64_t now)
{
	struct account a;
	enum rerr e;

	if ((e = account_get(db, user_id, &a)) != E_OK)
		return e;
	if ((e = db_begin(db)) != E_OK)
		return e;
	if ((e = db_exec(db, SQL_CONFIRM, "ii", now, user_id)) != E_OK ||
	    (e = db_exec(db, SQL_CONFIRM_LINKS, "ii", user_id, now)) != E_OK ||
	    (e = audit(db, a.merchant_id, user_id, now, "email.confirm", ""))
	    != E_OK) {
		db_rollback(db);
		return e;
	}
	return db_commit(db);
}

bool
account_first_login(struct db *db, int64_t user_id)
{
	return db_int(db, SQL_LOGINS, "i", user_id) == 1;
}

static const char SQL_PROFILE_SET[] =
    "UPDATE merchants SET business_name = ?, lang = ?, tz = ?,"
    " support_email = ?, support_phone = ?, accent = ? WHERE id = ?";
static const char SQL_SUPPORT[] =
    "SELECT support_email, support_phone, accent,"
    " (SELECT updated_at FROM merchant_logos WHERE merchant_id = m.id)"
    " FROM merchants m WHERE id = ?";
static const char SQL_LOGO[] =
    "SELECT png FROM merchant_logos WHERE merchant_id = ?";
static const char SQL_LOGO_SET[] =
    "INSERT INTO merchant_logos (merchant_id, png, width, height,"
    " updated_at) VALUES (?, ?, ?, ?, ?)"
    " ON CONFLICT (merchant_id) DO UPDATE SET png = excluded.png,"
    " width = excluded.width, height = excluded.height,"
    " updated_at = excluded.updated_at";
static const char SQL_LOGO_DEL[] =
    "DELETE FROM merchant_logos WHERE merchant_id = ?";

enum rerr
account_support(struct db *db, int64_t merchant_id, struct shop *s)
{
	sqlite3_stmt *st = db_stmt(db, SQL_SUPPORT);
	int rc;

	memset(s, 0, sizeof(*s));
	if (st == NULL || db_bind(st, "i", merchant_id) != E_OK)
		return E_DB;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		snprintf(s->email, sizeof(s->email), "%s", db_text(st, 0));
		snprintf(s->phone, sizeof(s->phone), "%s", db_text(st, 1));
		snprintf(s->accent, sizeof(s->accent), "%s", db_text(st, 2));
		s->logo_at = sqlite3_column_int64(st, 3);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? E_OK : db_err(db, rc);
}

enum rerr
account_shop_key(int64_t merchant_id, char out[SHOP_KEY_MAX])
{
	char id[24], mac[17];

	snprintf(id, sizeof(id), "%lld", (long long)merchant_id);
	if (secret_derive_hex("shop", id, 8, mac) != E_OK)
		return E_SYS;
	snprintf(out, SHOP_KEY_MAX, "%s-%s", id, mac);
	return E_OK;
}

const char *
account_shop_path(struct arena *a, int64_t merchant_id, const struct shop *s,
    bool logo)
{
	char key[SHOP_KEY_MAX];

	if ((logo ? s->logo_at == 0 : *s->accent == '\0') ||
	    account_shop_key(merchant_id, key) != E_OK)
		return NULL;
	return logo ? arena_printf(a, "/r/s/%s/logo.png?v=%lld", key,
	    (long long)s->logo_at) : arena_printf(a, "/r/s/%s/theme.css?v=%s",
	    key, s->accent + 1);
}

enum rerr
account_shop_of(const char *key, int64_t *merchant_id)
{
	char want[SHOP_KEY_MAX], *end;
	long long id;

	if (key == NULL || key[0] < '1' || key[0] > '9')
		return E_NOTFOUND;
	id = strtoll(key, &end, 10);
	if (*end != '-' || id <= 0 || account_shop_key(id, want) != E_OK ||
	    !crypto_equal(key, strlen(key), want, strlen(want)))
		return E_NOTFOUND;
	*merchant_id = id;
	return E_OK;
}

enum rerr
account_logo(struct db *db, int64_t merchant_id, struct arena *a,
    const void **png, size_t *len)
{
	sqlite3_stmt *st = db_stmt(db, SQL_LOGO);
	int rc;

	*png = NULL;
	*len = 0;
	if (st == NULL || db_bind(st, "i", merchant_id) != E_OK)
		return E_DB;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int n = sqlite3_column_bytes(st, 0);
		void *p = arena_alloc(a, (size_t)n + 1);

		memcpy(p, sqlite3_column_blob(st, 0), (size_t)n);
		*png = p;
		*len = (size_t)n;
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return E_NOTFOUND;
	return rc == SQLITE_ROW ? E_OK : db_err(db, rc);
}

enum rerr
account_set_logo(struct db *db, int64_t merchant_id, int64_t user_id,
    const void *png, size_t len, int w, int h, int64_t now)
{
	sqlite3_stmt *st;
	enum rerr e;
	int rc;

	if ((e = db_begin(db)) != E_OK)
		return e;
	if (png == NULL)
		e = db_exec(db, SQL_LOGO_DEL, "i", merchant_id);
	else if ((st = db_stmt(db, SQL_LOGO_SET)) == NULL)
		e = E_DB;
	else {
		sqlite3_bind_int64(st, 1, merchant_id);
		sqlite3_bind_blob(st, 2, png, (int)len, SQLITE_STATIC);
		sqlite3_bind_int(st, 3, w);
		sqlite3_bind_int(st, 4, h);
		sqlite3_bind_int64(st, 5, now);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		e = rc == SQLITE_DONE ? E_OK : db_err(db, rc);
	}
	if (e != E_OK || (e = audit(db, merchant_id, user_id, now,
	    png ? "profile.logo" : "profile.logo_removed", "")) != E_OK) {
		db_rollback(db);
		return e;
	}
	return db_commit(db);
}

enum rerr
account_set_profile(struct db *db, int64_t merchant_id, int64_t user_id,
    const char *business, const char *lang, const char *tz,
    const char *support_email, const char *support_phone, const char *accent,
    int64_t now)
{
	enum rerr e;

	if ((e = db_begin(db)) != E_OK)
		return e;
	if ((e = db_exec(db, SQL_PROFILE_SET, "tttttti", business, lang, tz,
	    support_email, support_phone, accent, merchant_id)) != E_OK ||
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
