/* session.c -- see include/returns/session.h. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "returns/crypto.h"
#include "returns/db.h"
#include "returns/log.h"
#include "returns/secret.h"
#include "returns/session.h"

static const char SQL_LOAD[] =
    "SELECT s.user_id, u.merchant_id, s.csrf, s.created_at, s.seen_at,"
    " u.email, m.business_name, m.tz"
    " FROM sessions s JOIN users u ON u.id = s.user_id"
    " JOIN merchants m ON m.id = u.merchant_id"
    " WHERE s.idhash = ?";
static const char SQL_TOUCH[] =
    "UPDATE sessions SET seen_at = ? WHERE idhash = ?";
static const char SQL_DELETE[] =
    "DELETE FROM sessions WHERE idhash = ?";
static const char SQL_INSERT[] =
    "INSERT INTO sessions (idhash, user_id, csrf, created_at, seen_at)"
    " VALUES (?, ?, ?, ?, ?)";
/* expired sessions of this user go when a new one starts */
static const char SQL_PURGE[] =
    "DELETE FROM sessions WHERE user_id = ? AND (seen_at < ? OR"
    " created_at < ?)";

static bool
is_hex64(const char *s)
{
	size_t n = 0;

	if (s == NULL)
		return false;
	for (; s[n]; n++)
		if (!((s[n] >= '0' && s[n] <= '9') ||
		    (s[n] >= 'a' && s[n] <= 'f')))
			return false;
	return n == 64;
}

/* A visitor's csrf cookie: 32 hex digits of nonce, then 32 of its HMAC
 * under the server's secret, so that nobody can choose the value before
 * log-in (log-in CSRF): a cookie planted by a sibling site or a
 * man-in-the-middle on plain http that the server did not make is
 * replaced. */
static bool
anon_valid(const char *c)
{
	char nonce[33], mac[33];

	if (!is_hex64(c))
		return false;
	memcpy(nonce, c, 32);
	nonce[32] = '\0';
	if (secret_derive_hex("anon-csrf", nonce, 16, mac) != E_OK)
		return false;
	return crypto_equal(c + 32, 32, mac, 32);
}

static enum rerr
anonymous(struct req *r)
{
	const char *c = http_cookie(r, "csrf");
	char nonce[33], mac[33];

	memset(&r->sess, 0, sizeof(r->sess));
	if (anon_valid(c)) {
		snprintf(r->sess.csrf, sizeof(r->sess.csrf), "%s", c);
		return E_OK;
	}
	if (crypto_random_hex(nonce, 16) != E_OK ||
	    secret_derive_hex("anon-csrf", nonce, 16, mac) != E_OK)
		return E_SYS;
	snprintf(r->sess.csrf, sizeof(r->sess.csrf), "%s%s", nonce, mac);
	http_set_cookie(r, "csrf", r->sess.csrf, -1);
	return E_OK;
}

enum rerr
session_load(struct req *r)
{
	const char *tok = http_cookie(r, "sid");
	sqlite3_stmt *st;
	char idhash[65];
	int64_t created, seen;
	enum rerr e = E_OK;
	int rc;

	if (!is_hex64(tok))
		return anonymous(r);
	crypto_sha256_hex(idhash, tok);
	if ((st = db_stmt(r->db, SQL_LOAD)) == NULL ||
	    db_bind(st, "t", idhash) != E_OK)
		return E_DB;
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return db_err(r->db, rc);
		http_set_cookie(r, "sid", "", 0);
		return anonymous(r);
	}
	r->sess.user_id = sqlite3_column_int64(st, 0);
	r->sess.merchant_id = sqlite3_column_int64(st, 1);
	snprintf(r->sess.csrf, sizeof(r->sess.csrf), "%s", db_text(st, 2));
	created = sqlite3_column_int64(st, 3);
	seen = sqlite3_column_int64(st, 4);
	snprintf(r->sess.email, sizeof(r->sess.email), "%s", db_text(st, 5));
	snprintf(r->sess.business, sizeof(r->sess.business), "%s",
	    db_text(st, 6));
	snprintf(r->sess.tz, sizeof(r->sess.tz), "%s", db_text(st, 7));
	sqlite3_reset(st);
	memcpy(r->sess.idhash, idhash, sizeof(idhash));

	if (r->now - seen > SESSION_IDLE || r->now - created > SESSION_MAX) {
		db_exec(r->db, SQL_DELETE, "t", idhash);
		http_set_cookie(r, "sid", "", 0);
		return anonymous(r);
	}
	r->sess.auth = true;
	/* one write a minute at most, not one per request */
	if (r->now - seen >= 60)
		e = db_exec(r->db, SQL_TOUCH, "it", r->now, idhash);
	return e;
}

enum rerr
session_start(struct req *r, int64_t user_id)
{
	char tok[65], idhash[65], csrf[65];
	enum rerr e;

	if (crypto_random_hex(tok, 32) != E_OK ||
	    crypto_random_hex(csrf, 32) != E_OK)
		return E_SYS;
	crypto_sha256_hex(idhash, tok);
	if ((e = db_begin(r->db)) != E_OK)
		return e;
	if (r->sess.idhash[0] &&
	    (e = db_exec(r->db, SQL_DELETE, "t", r->sess.idhash)) != E_OK)
		goto fail;
	if ((e = db_exec(r->db, SQL_PURGE, "iii", user_id,
	    r->now - SESSION_IDLE, r->now - SESSION_MAX)) != E_OK)
		goto fail;
	if ((e = db_exec(r->db, SQL_INSERT, "titii", idhash, user_id, csrf,
	    r->now, r->now)) != E_OK)
		goto fail;
	if ((e = db_commit(r->db)) != E_OK)
		return e;
	http_set_cookie(r, "sid", tok, -1);	/* ends with the browser */
	r->sess.auth = true;
	r->sess.user_id = user_id;
	memcpy(r->sess.idhash, idhash, sizeof(idhash));
	memcpy(r->sess.csrf, csrf, sizeof(csrf));
	return E_OK;
fail:
	db_rollback(r->db);
	return e;
}

enum rerr
session_end(struct req *r)
{
	enum rerr e = E_OK;

	if (r->sess.idhash[0])
		e = db_exec(r->db, SQL_DELETE, "t", r->sess.idhash);
	http_set_cookie(r, "sid", "", 0);
	memset(&r->sess, 0, sizeof(r->sess));
	return e;
}

bool
csrf_check(struct req *r)
{
	const char *t = kv_get(&r->form, "csrf");

	if (!http_same_origin(r)) {
		log_warn(r->id, "POST refused: foreign Origin");
		return false;
	}
	if (t == NULL || kv_count(&r->form, "csrf") != 1 ||
	    r->sess.csrf[0] == '\0' ||
	    !crypto_equal(t, strlen(t), r->sess.csrf, strlen(r->sess.csrf))) {
		log_warn(r->id, "POST refused: bad CSRF token");
		return false;
	}
	return true;
}
