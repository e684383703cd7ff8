/* notify.c -- see include/returns/notify.h. */
#include <stdio.h>
#include <string.h>

#include <stdlib.h>

#include "returns/calendar.h"
#include "returns/crypto.h"
#include "returns/log.h"
#include "returns/notify.h"
#include "returns/secret.h"

static const char SQL_LIST[] =
    "SELECT id, email, lang, on_accepted, on_exception, on_delivered, mode,"
    " confirmed_at IS NOT NULL, on_created"
    " FROM recipients WHERE merchant_id = ? ORDER BY id LIMIT 4";

enum rerr
recipients_list(struct db *db, int64_t merchant_id,
    struct recipient out[RECIPIENTS_MAX], int *n)
{
	sqlite3_stmt *st = db_stmt(db, SQL_LIST);
	int rc;

	*n = 0;
	if (st == NULL || db_bind(st, "i", merchant_id) != E_OK)
		return E_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < RECIPIENTS_MAX) {
		struct recipient *r = &out[(*n)++];
		r->id = sqlite3_column_int64(st, 0);
		snprintf(r->email, sizeof(r->email), "%s", db_text(st, 1));
		snprintf(r->lang, sizeof(r->lang), "%s", db_text(st, 2));
		r->on_accepted = sqlite3_column_int(st, 3) != 0;
		r->on_exception = sqlite3_column_int(st, 4) != 0;
		r->on_delivered = sqlite3_column_int(st, 5) != 0;
		r->daily = strcmp(db_text(st, 6), "daily") == 0;
		r->confirmed = sqlite3_column_int(st, 7) != 0;
		r->on_created = sqlite3_column_int(st, 8) != 0;
	}
	sqlite3_reset(st);
	return (rc == SQLITE_DONE || rc == SQLITE_ROW) ? E_OK : db_err(db, rc);
}

static const char SQL_COUNT[] =
    "SELECT count(*) FROM recipients WHERE merchant_id = ?";
static const char SQL_ADD[] =
    "INSERT INTO recipients (merchant_id, email, lang, on_accepted,"
    " on_exception, on_delivered, mode, created_at, confirm_nonce,"
    " on_created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
/* the confirmation email of a recipient not yet confirmed */
static const char SQL_CONFIRM_MAIL[] =
    "INSERT INTO outbox (merchant_id, kind, to_addr, lang, next_at,"
    " created_at, recipient_id)"
    " SELECT merchant_id, 'rcpt_confirm', email, lang, ?2, ?2, id"
    " FROM recipients WHERE id = ?1 AND confirmed_at IS NULL";
static const char SQL_CONFIRM_RECENT[] =
    "SELECT count(*) FROM outbox WHERE merchant_id = ?1"
    " AND kind = 'rcpt_confirm' AND created_at > ?3 AND recipient_id = ?2";

enum rerr
recipient_add(struct db *db, int64_t merchant_id, const struct recipient *r,
    int64_t now)
{
	sqlite3_stmt *st;
	char nonce[33];
	enum rerr e;
	int n = -1;

	if ((e = db_begin(db)) != E_OK)
		return e;
	if ((st = db_stmt(db, SQL_COUNT)) == NULL ||
	    db_bind(st, "i", merchant_id) != E_OK) {
		e = E_DB;
		goto fail;
	}
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if (n < 0) {
		e = E_DB;
		goto fail;
	}
	if (n >= RECIPIENTS_MAX) {
		e = E_DENIED;
		goto fail;
	}
	if (crypto_random_hex(nonce, 16) != E_OK) {
		e = E_SYS;
		goto fail;
	}
	if ((e = db_exec(db, SQL_ADD, "ittdddtitd", merchant_id, r->email,
	    r->lang, (int)r->on_accepted, (int)r->on_exception,
	    (int)r->on_delivered, r->daily ? "daily" : "each", now, nonce,
	    (int)r->on_created))
	    != E_OK ||
	    (e = db_exec(db, SQL_CONFIRM_MAIL, "ii",
	    sqlite3_last_insert_rowid(db_handle(db)), now)) != E_OK)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return e;
}

static const char SQL_UPDATE[] =
    "UPDATE recipients SET email = ?, lang = ?, on_accepted = ?,"
    " on_exception = ?, on_delivered = ?, mode = ?, on_created = ?"
    " WHERE id = ? AND merchant_id = ?";
/* a new address is a new confirmation (the same address in other
 * letter cases is not: the column compares without case) */
static const char SQL_READDRESS[] =
    "UPDATE recipients SET confirmed_at = NULL, confirm_nonce = ?3"
    " WHERE id = ?1 AND merchant_id = ?4 AND email <> ?2";

enum rerr
recipient_update(struct db *db, int64_t merchant_id,
    const struct recipient *r, int64_t now)
{
	char nonce[33];
	enum rerr e;
	int changed;

	if (crypto_random_hex(nonce, 16) != E_OK)
		return E_SYS;
	if ((e = db_begin(db)) != E_OK)
		return e;
	if ((e = db_exec(db, SQL_READDRESS, "itti", r->id, r->email, nonce,
	    merchant_id)) != E_OK)
		goto fail;
	changed = sqlite3_changes(db_handle(db));
	if ((e = db_exec(db, SQL_UPDATE, "ttdddtdii", r->email, r->lang,
	    (int)r->on_accepted, (int)r->on_exception, (int)r->on_delivered,
	    r->daily ? "daily" : "each", (int)r->on_created, r->id,
	    merchant_id)) != E_OK)
		goto fail;
	if (sqlite3_changes(db_handle(db)) == 0) {
		e = E_NOTFOUND;
		goto fail;
	}
	if (changed && (e = db_exec(db, SQL_CONFIRM_MAIL, "ii", r->id, now))
	    != E_OK)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return e;
}

static const char SQL_REMOVE[] =
    "DELETE FROM recipients WHERE id = ? AND merchant_id = ?";

enum rerr
recipient_remove(struct db *db, int64_t merchant_id, int64_t id)
{
	enum rerr e = db_exec(db, SQL_REMOVE, "ii", id, merchant_id);

	if (e == E_OK && sqlite3_changes(db_handle(db)) == 0)
		return E_NOTFOUND;
	return e;
}

static const char SQL_TEST[] =
    "INSERT INTO outbox (merchant_id, kind, to_addr, lang, next_at,"
    " created_at, recipient_id)"
    " SELECT merchant_id, 'test', email, lang, ?1, ?1, id FROM recipients"
    " WHERE id = ?2 AND merchant_id = ?3";

static const char SQL_TESTS_HOUR[] =
    "SELECT count(*) FROM outbox WHERE merchant_id = ? AND kind = 'test'"
    " AND created_at > ?";

enum rerr
recipient_test(struct db *db, int64_t merchant_id, int64_t id, int64_t now)
{
	sqlite3_stmt *st = db_stmt(db, SQL_TESTS_HOUR);
	int64_t sent = 0;
	enum rerr e;
	int rc;

	if (st == NULL || db_bind(st, "ii", merchant_id, now - 3600) != E_OK)
		return E_DB;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		sent = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return db_err(db, rc);
	if (sent >= TEST_PER_HOUR)
		return E_DENIED;
	switch (db_int(db, "SELECT confirmed_at IS NOT NULL FROM recipients"
	    " WHERE id = ? AND merchant_id = ?", "ii", id, merchant_id)) {
	case 1:
		break;
	case 0:		/* not confirmed: its link again, not a test */
		if (db_int(db, SQL_CONFIRM_RECENT, "iii", merchant_id, id,
		    now - 3600) < 3 &&
		    (e = db_exec(db, SQL_CONFIRM_MAIL, "ii", id, now)) != E_OK)
			return e;
		return E_INVALID;
	default:
		return E_NOTFOUND;
	}
	e = db_exec(db, SQL_TEST, "iii", now, id, merchant_id);

	if (e == E_OK && sqlite3_changes(db_handle(db)) == 0)
		return E_NOTFOUND;
	return e;
}

/* ---- a recipient's confirmation ---- */

static const char SQL_RCPT_NONCE[] =
    "SELECT r.confirm_nonce, r.email, r.lang, m.business_name"
    " FROM recipients r JOIN merchants m ON m.id = r.merchant_id"
    " WHERE r.id = ? AND r.confirmed_at IS NULL";
static const char SQL_RCPT_CONFIRM[] =
    "UPDATE recipients SET confirmed_at = ? WHERE id = ?"
    " AND confirmed_at IS NULL";

static enum rerr
rcpt_token(int64_t id, const char *nonce, char out[RCPT_TOKEN_MAX])
{
	char msg[80], mac[33];
	enum rerr e;

	snprintf(msg, sizeof(msg), "%lld:%s", (long long)id, nonce);
	if ((e = secret_derive_hex("recipient-confirm", msg, 16, mac)) != E_OK)
		return e;
	snprintf(out, RCPT_TOKEN_MAX, "%lld-%s", (long long)id, mac);
	return E_OK;
}

/* The unconfirmed recipient `id`: its nonce (and what the page shows). */
static enum rerr
rcpt_pending(struct db *db, int64_t id, char nonce[40], struct recipient *r,
    char *business, size_t blen)
{
	sqlite3_stmt *st = db_stmt(db, SQL_RCPT_NONCE);
	int rc;

	if (st == NULL || db_bind(st, "i", id) != E_OK)
		return E_DB;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(nonce, 40, "%s", db_text(st, 0));
		if (r != NULL) {
			memset(r, 0, sizeof(*r));
			r->id = id;
			snprintf(r->email, sizeof(r->email), "%s",
			    db_text(st, 1));
			snprintf(r->lang, sizeof(r->lang), "%s", db_text(st, 2));
		}
		if (business != NULL)
			snprintf(business, blen, "%s", db_text(st, 3));
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return E_NOTFOUND;
	return rc == SQLITE_ROW ? E_OK : db_err(db, rc);
}

enum rerr
recipient_confirm_token(struct db *db, int64_t id, char out[RCPT_TOKEN_MAX])
{
	char nonce[40];
	enum rerr e;

	if ((e = rcpt_pending(db, id, nonce, NULL, NULL, 0)) != E_OK)
		return e;
	return rcpt_token(id, nonce, out);
}

enum rerr
recipient_by_token(struct db *db, const char *token, struct recipient *r,
    char *business, size_t blen)
{
	char nonce[40], want[RCPT_TOKEN_MAX], *end;
	long long id;
	enum rerr e;

	id = strtoll(token, &end, 10);
	if (id <= 0 || *end != '-' || strlen(token) >= RCPT_TOKEN_MAX)
		return E_NOTFOUND;
	if ((e = rcpt_pending(db, id, nonce, r, business, blen)) != E_OK ||
	    (e = rcpt_token(id, nonce, want)) != E_OK)
		return e;
	if (!crypto_equal(token, strlen(token), want, strlen(want)))
		return E_NOTFOUND;
	return E_OK;
}

enum rerr
recipient_confirm(struct db *db, const char *token, int64_t now)
{
	struct recipient r;
	char business[8];
	enum rerr e;

	if ((e = recipient_by_token(db, token, &r, business, sizeof(business)))
	    != E_OK)
		return e;
	return db_exec(db, SQL_RCPT_CONFIRM, "ii", now, r.id);
}

static const char SQL_NOTIFY_MERCHANT[] =
    "INSERT INTO outbox (merchant_id, kind, ref, to_addr, lang, next_at,"
    " created_at, recipient_id, event)"
    " SELECT r.merchant_id, 'event', s.id, r.email, r.lang, ?3, ?3, r.id, ?2"
    " FROM recipients r JOIN shipments s ON s.merchant_id = r.merchant_id"
    " WHERE s.id = ?1 AND r.mode = 'each' AND r.confirmed_at IS NOT NULL"
    " AND CASE ?2"
    "   WHEN 'created' THEN r.on_created"
    "   WHEN 'accepted' THEN r.on_accepted"
    "   WHEN 'exception' THEN r.on_exception"
    "   ELSE r.on_delivered END = 1";
static const char SQL_NOTIFY_CUSTOMER[] =
    "INSERT INTO outbox (merchant_id, kind, ref, to_addr, lang, next_at,"
    " created_at, event)"
    " SELECT merchant_id, 'customer_event', id, email, lang, ?3, ?3, ?2"
    " FROM shipments WHERE id = ?1 AND tracking_emails = 1";

enum rerr
notify_status(struct db *db, int64_t sid, const char *status, int64_t now)
{
	enum rerr e;

	if (strcmp(status, "accepted") != 0 && strcmp(status, "exception")
	    != 0 && strcmp(status, "delivered") != 0 &&
	    strcmp(status, "created") != 0)
		return E_OK;
	if ((e = db_exec(db, SQL_NOTIFY_MERCHANT, "iti", sid, status, now))
	    != E_OK)
		return e;
	/* the customer has the label's own email */
	if (strcmp(status, "created") == 0)
		return E_OK;
	return db_exec(db, SQL_NOTIFY_CUSTOMER, "iti", sid, status, now);
}

static const char SQL_FAILED[] =
    "SELECT to_addr, kind, coalesce(sent_at, created_at), last_error"
    " FROM outbox WHERE merchant_id = ? AND state = 'failed'"
    " AND kind <> 'label' AND kind <> 'customer_event'"
    " ORDER BY id DESC LIMIT 10";

enum rerr
outbox_failed(struct db *db, int64_t merchant_id, struct failed_mail out[10],
    int *n)
{
	sqlite3_stmt *st = db_stmt(db, SQL_FAILED);
	int rc;

	*n = 0;
	if (st == NULL || db_bind(st, "i", merchant_id) != E_OK)
		return E_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < 10) {
		struct failed_mail *f = &out[(*n)++];
		f->id = 0;
		snprintf(f->to, sizeof(f->to), "%s", db_text(st, 0));
		snprintf(f->kind, sizeof(f->kind), "%s", db_text(st, 1));
		f->at = sqlite3_column_int64(st, 2);
		snprintf(f->error, sizeof(f->error), "%s", db_text(st, 3));
	}
	sqlite3_reset(st);
	return (rc == SQLITE_DONE || rc == SQLITE_ROW) ? E_OK : db_err(db, rc);
}

/* ---- the notifier's side ---- */

static const char SQL_RECOVER[] =
    "UPDATE outbox SET state = 'pending' WHERE state = 'sending'"
    " AND next_at < ?";

int
outbox_recover(struct db *db, int64_t now, int stale)
{
	if (db_exec(db, SQL_RECOVER, "i", now - stale) != E_OK)
		return -1;
	return sqlite3_changes(db_handle(db));
}

/* next_at doubles as the claim time while 'sending' */
static const char SQL_CLAIM[] =
    "UPDATE outbox SET state = 'sending', attempts = attempts + 1,"
    " next_at = ?1"
    " WHERE id = (SELECT id FROM outbox WHERE state = 'pending'"
    "   AND next_at <= ?1 ORDER BY id LIMIT 1)"
    " RETURNING id, coalesce(merchant_id, 0), kind, coalesce(ref, 0),"
    " coalesce(recipient_id, 0), to_addr, lang, event, day, attempts";

enum rerr
outbox_claim(struct db *db, int64_t now, struct outmail *m)
{
	sqlite3_stmt *st;
	enum rerr e;
	int rc;

	if ((e = db_begin(db)) != E_OK)
		return e;
	if ((st = db_stmt(db, SQL_CLAIM)) == NULL ||
	    db_bind(st, "i", now) != E_OK) {
		db_rollback(db);
		return E_DB;
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		m->id = sqlite3_column_int64(st, 0);
		m->merchant_id = sqlite3_column_int64(st, 1);
		snprintf(m->kind, sizeof(m->kind), "%s", db_text(st, 2));
		m->ref = sqlite3_column_int64(st, 3);
		m->recipient_id = sqlite3_column_int64(st, 4);
		snprintf(m->to, sizeof(m->to), "%s", db_text(st, 5));
		snprintf(m->lang, sizeof(m->lang), "%s", db_text(st, 6));
		snprintf(m->event, sizeof(m->event), "%s", db_text(st, 7));
		snprintf(m->day, sizeof(m->day), "%s", db_text(st, 8));
		m->attempts = sqlite3_column_int(st, 9);
		/* a RETURNING statement must run to its end */
		while (sqlite3_step(st) == SQLITE_ROW)
			;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_rollback(db);
		return db_err(db, rc);
	}
	if ((e = db_commit(db)) != E_OK)
		return e;
	return rc == SQLITE_ROW ? E_OK : E_NOTFOUND;
}

static const char SQL_SENT[] =
    "UPDATE outbox SET state = 'sent', sent_at = ?, last_error = ''"
    " WHERE id = ?";

static const char SQL_FAILED_ALL[] =
    "SELECT id, to_addr, kind, coalesce(sent_at, created_at), last_error"
    " FROM outbox WHERE state = 'failed' ORDER BY id DESC LIMIT ?";

enum rerr
outbox_failed_all(struct db *db, struct failed_mail *out, int max, int *n,
    int *pending)
{
	sqlite3_stmt *st = db_stmt(db, SQL_FAILED_ALL);
	int rc;

	*n = 0;
	if ((*pending = (int)db_int(db, "SELECT count(*) FROM outbox WHERE"
	    " state IN ('pending', 'sending')", "")) < 0)
		return E_DB;
	if (st == NULL || db_bind(st, "d", max) != E_OK)
		return E_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < max) {
		struct failed_mail *f = &out[(*n)++];
		f->id = sqlite3_column_int64(st, 0);
		snprintf(f->to, sizeof(f->to), "%s", db_text(st, 1));
		snprintf(f->kind, sizeof(f->kind), "%s", db_text(st, 2));
		f->at = sqlite3_column_int64(st, 3);
		snprintf(f->error, sizeof(f->error), "%s", db_text(st, 4));
	}
	sqlite3_reset(st);
	return (rc == SQLITE_DONE || rc == SQLITE_ROW) ? E_OK : db_err(db, rc);
}

enum rerr
outbox_release(struct db *db, int64_t id, int64_t next_at, const char *why)
{
	return db_exec(db, "UPDATE outbox SET state = 'pending', next_at = ?,"
	    " attempts = max(0, attempts - 1), last_error = ? WHERE id = ?"
	    " AND state = 'sending'", "iti", next_at, why, id);
}

enum rerr
outbox_retry(struct db *db, int64_t id, int64_t now, int *n)
{
	enum rerr e = db_exec(db, "UPDATE outbox SET state = 'pending',"
	    " attempts = 0, next_at = ?1 WHERE state = 'failed'"
	    " AND (?2 = 0 OR id = ?2)", "ii", now, id);

	*n = e == E_OK ? sqlite3_changes(db_handle(db)) : 0;
	return e;
}

enum rerr
outbox_purge(struct db *db, int64_t before, int *n)
{
	enum rerr e = db_exec(db, "DELETE FROM outbox WHERE state IN"
	    " ('sent', 'failed') AND coalesce(sent_at, next_at) < ?", "i",
	    before);

	*n = e == E_OK ? sqlite3_changes(db_handle(db)) : 0;
	return e;
}

enum rerr
outbox_forget(struct db *db, int64_t id)
{
	return db_exec(db, "DELETE FROM outbox WHERE id = ? AND state ="
	    " 'sending'", "i", id);
}

enum rerr
outbox_sent(struct db *db, int64_t id, int64_t now)
{
	return db_exec(db, SQL_SENT, "ii", now, id);
}

static const char SQL_RETRY[] =
    "UPDATE outbox SET state = ?, next_at = ?, last_error = ? WHERE id = ?";

enum rerr
outbox_failed_attempt(struct db *db, const struct outmail *m, bool permanent,
    const char *error, int64_t now)
{
	int64_t wait = 30;

	for (int i = 1; i < m->attempts && wait < 3600; i++)
		wait *= 2;
	if (wait > 3600)
		wait = 3600;
	return db_exec(db, SQL_RETRY, "titi", permanent ? "failed" : "pending",
	    now + wait, error, m->id);
}

static const char SQL_DAILY[] =
    "SELECT r.id, r.merchant_id, r.email, r.lang, r.on_accepted,"
    " r.on_exception, r.on_delivered, m.tz, r.on_created"
    " FROM recipients r JOIN merchants m ON m.id = r.merchant_id"
    " WHERE r.mode = 'daily' AND r.confirmed_at IS NOT NULL AND r.id > ?"
    " ORDER BY r.id LIMIT 256";
static const char SQL_RUN_DONE[] =
    "SELECT 1 FROM summary_runs WHERE recipient_id = ? AND day = ?";
static const char SQL_DAY_EVENTS[] =
    "SELECT coalesce(sum(e.type = 'accepted'), 0),"
    " coalesce(sum(e.type = 'exception'), 0),"
    " coalesce(sum(e.type = 'delivered'), 0),"
    " (SELECT count(*) FROM shipments WHERE merchant_id = ?1"
    "  AND created_at >= ?2 AND created_at < ?3)"
    " FROM tracking_events e JOIN shipments s ON s.id = e.shipment_id"
    " WHERE s.merchant_id = ?1 AND e.at >= ?2 AND e.at < ?3";
static const char SQL_RUN_ADD[] =
    "INSERT INTO summary_runs (recipient_id, day, events) VALUES (?, ?, ?)";
static const char SQL_SUMMARY[] =
    "INSERT INTO outbox (merchant_id, kind, to_addr, lang, next_at,"
    " created_at, recipient_id, day)"
    " VALUES (?, 'summary', ?, ?, ?, ?, ?, ?)";

struct daily {
	int64_t	 id, merchant_id;
	char	 email[256], lang[3], tz[64];
	bool	 acc, exc, del, cre;
};

/* One daily recipient's summary of yesterday, queued at 07:00 its time
 * (once a day: summary_runs). */
static enum rerr
summary_one(struct db *db, const struct daily *d, int64_t now, int *queued)
{
	struct ymd today, yday;
	char tday[11], ydays[11];
	int off, c[NOTIFY_EVENTS] = { 0, 0, 0, 0 }, total, found;
	int64_t local;
	sqlite3_stmt *st;
	enum rerr e;

	if (!civil_in_tz(now, d->tz, &today, &off))
		return E_OK;
	local = now + off;
	if (((local % 86400) + 86400) % 86400 < SUMMARY_HOUR * 3600)
		return E_OK;
	ymd_format(today, tday);
	yday = ymd_add_days(today, -1);
	ymd_format(yday, ydays);
	if ((e = db_begin(db)) != E_OK)
		return e;
	if ((st = db_stmt(db, SQL_RUN_DONE)) == NULL ||
	    db_bind(st, "it", d->id, tday) != E_OK) {
		e = E_DB;
		goto fail;
	}
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_reset(st);
	if (found) {
		db_rollback(db);
		return E_OK;
	}
	if ((st = db_stmt(db, SQL_DAY_EVENTS)) == NULL ||
	    db_bind(st, "iii", d->merchant_id, tz_midnight(yday, d->tz),
	    tz_midnight(today, d->tz)) != E_OK) {
		e = E_DB;
		goto fail;
	}
	if (sqlite3_step(st) == SQLITE_ROW)
		for (int k = 0; k < NOTIFY_EVENTS; k++)
			c[k] = sqlite3_column_int(st, k);
	sqlite3_reset(st);
	total = (d->acc ? c[0] : 0) + (d->exc ? c[1] : 0) +
	    (d->del ? c[2] : 0) + (d->cre ? c[3] : 0);
	if ((e = db_exec(db, SQL_RUN_ADD, "itd", d->id, tday, total)) != E_OK)
		goto fail;
	if (total > 0) {
		if ((e = db_exec(db, SQL_SUMMARY, "ittiiit", d->merchant_id,
		    d->email, d->lang, now, now, d->id, ydays)) != E_OK)
			goto fail;
		(*queued)++;
	}
	return db_commit(db);
fail:
	db_rollback(db);
	return e;
}

enum rerr
summaries_due(struct db *db, int64_t now, int *queued)
{
	struct daily d[256];
	int64_t last = 0;
	sqlite3_stmt *st;
	int n, rc;
	enum rerr e;

	*queued = 0;
	/* every daily recipient, 256 at a time in id order */
	do {
		if ((st = db_stmt(db, SQL_DAILY)) == NULL ||
		    db_bind(st, "i", last) != E_OK)
			return E_DB;
		n = 0;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < 256) {
			d[n].id = sqlite3_column_int64(st, 0);
			d[n].merchant_id = sqlite3_column_int64(st, 1);
			snprintf(d[n].email, sizeof(d[n].email), "%s",
			    db_text(st, 2));
			snprintf(d[n].lang, sizeof(d[n].lang), "%s",
			    db_text(st, 3));
			d[n].acc = sqlite3_column_int(st, 4) != 0;
			d[n].exc = sqlite3_column_int(st, 5) != 0;
			d[n].del = sqlite3_column_int(st, 6) != 0;
			d[n].cre = sqlite3_column_int(st, 8) != 0;
			snprintf(d[n].tz, sizeof(d[n].tz), "%s", db_text(st, 7));
			n++;
		}
		sqlite3_reset(st);
		if (rc != SQLITE_DONE && rc != SQLITE_ROW)
			return db_err(db, rc);
		for (int i = 0; i < n; i++)
			if ((e = summary_one(db, &d[i], now, queued)) != E_OK)
				return e;
		if (n > 0)
			last = d[n - 1].id;
	} while (n == 256);
	return E_OK;
}

static const char SQL_MERCHANT[] =
    "SELECT business_name, tz FROM merchants WHERE id = ?";

enum rerr
notify_merchant(struct db *db, int64_t merchant_id, char *business,
    size_t blen, char *tz, size_t tzlen)
{
	sqlite3_stmt *st = db_stmt(db, SQL_MERCHANT);
	int rc;

	if (st == NULL || db_bind(st, "i", merchant_id) != E_OK)
		return E_DB;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(business, blen, "%s", db_text(st, 0));
		snprintf(tz, tzlen, "%s", db_text(st, 1));
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return E_NOTFOUND;
	return rc == SQLITE_ROW ? E_OK : db_err(db, rc);
}

static const char SQL_CHOICES[] =
    "SELECT on_accepted, on_exception, on_delivered, on_created"
    " FROM recipients"
    " WHERE id = ? AND merchant_id = ?";
static const char SQL_DAY_LIST[] =
    "SELECT tracking, name, type, at, number FROM ("
    " SELECT s.tracking, s.name, e.type, e.at, p.number, e.id AS k"
    " FROM tracking_events e JOIN shipments s ON s.id = e.shipment_id"
    " JOIN policies p ON p.id = s.policy_id"
    " WHERE s.merchant_id = ?1 AND e.at >= ?2 AND e.at < ?3"
    " AND ((?4 AND e.type = 'accepted') OR (?5 AND e.type = 'exception')"
    "  OR (?6 AND e.type = 'delivered'))"
    " UNION ALL"
    " SELECT s.tracking, s.name, 'created', s.created_at, p.number, 0"
    " FROM shipments s JOIN policies p ON p.id = s.policy_id"
    " WHERE ?8 AND s.merchant_id = ?1 AND s.created_at >= ?2"
    " AND s.created_at < ?3)"
    " ORDER BY at, k LIMIT ?7";

enum rerr
summary_of(struct db *db, int64_t merchant_id, int64_t recipient_id,
    const char *tz, const char *day, struct arena *a,
    int counts[NOTIFY_EVENTS],
    struct sum_event **out, size_t *n)
{
	sqlite3_stmt *st;
	struct ymd d;
	int want[NOTIFY_EVENTS] = { 0, 0, 0, 0 }, rc;
	int64_t from, to;

	for (int k = 0; k < NOTIFY_EVENTS; k++)
		counts[k] = 0;
	*n = 0;
	*out = arena_alloc(a, SUMMARY_LIST_MAX * sizeof(**out));
	if (!ymd_parse(day, &d))
		return E_INVALID;
	from = tz_midnight(d, tz);
	to = tz_midnight(ymd_add_days(d, 1), tz);
	if ((st = db_stmt(db, SQL_CHOICES)) == NULL ||
	    db_bind(st, "ii", recipient_id, merchant_id) != E_OK)
		return E_DB;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		for (int k = 0; k < NOTIFY_EVENTS; k++)
			want[k] = sqlite3_column_int(st, k) != 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_err(db, rc);

	if ((st = db_stmt(db, SQL_DAY_EVENTS)) == NULL ||
	    db_bind(st, "iii", merchant_id, from, to) != E_OK)
		return E_DB;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		for (int k = 0; k < NOTIFY_EVENTS; k++)
			counts[k] = want[k] ? sqlite3_column_int(st, k) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return db_err(db, rc);

	if ((st = db_stmt(db, SQL_DAY_LIST)) == NULL ||
	    db_bind(st, "iiiddddd", merchant_id, from, to, want[0], want[1],
	    want[2], SUMMARY_LIST_MAX, want[3]) != E_OK)
		return E_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < SUMMARY_LIST_MAX) {
		struct sum_event *v = &(*out)[(*n)++];

		v->tracking = arena_strdup(a, db_text(st, 0));
		v->name = arena_strdup(a, db_text(st, 1));
		v->type = arena_strdup(a, db_text(st, 2));
		v->at = sqlite3_column_int64(st, 3);
		v->policy = arena_strdup(a, db_text(st, 4));
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? E_OK : db_err(db, rc);
}
