/* shipment.c -- see include/returns/shipment.h. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <time.h>
#include <unistd.h>

#include "returns/buf.h"
#include "returns/carrier.h"
#include "returns/carrier_link.h"
#include "returns/config.h"
#include "returns/crypto.h"
#include "returns/log.h"
#include "returns/notify.h"
#include "returns/secret.h"
#include "returns/shipment.h"

static const char *const status_names[] = {
	"created", "accepted", "in_transit", "exception", "delivered"
};

const char *
ship_status_name(enum ship_status s)
{
	return status_names[s];
}

static enum ship_status
status_of(const char *s)
{
	for (int i = 0; i < 5; i++)
		if (strcmp(s, status_names[i]) == 0)
			return (enum ship_status)i;
	return SH_CREATED;
}

bool
shipment_expired(const struct shipment *s, int64_t now)
{
	return s->status == SH_CREATED && now > s->expires_at;
}

enum rerr
shipment_dl_token(const struct shipment *s, char out[SHIP_DL_HEX + 1])
{
	char msg[64];

	snprintf(msg, sizeof(msg), "%s:%s", s->tracking, s->dl_nonce);
	return secret_derive_hex("shipment-download", msg, SHIP_DL_HEX / 2,
	    out);
}

static const char SQL_POLICY_STATUS[] =
    "SELECT status, daily_limit FROM policies WHERE id = ?";
/* the policy's labels in the last 24 hours, by the hour (policy_hours,
 * kept by a trigger): this hour and the 23 before it */
static const char SQL_POLICY_DAY[] =
    "SELECT coalesce(sum(n), 0) FROM policy_hours WHERE policy_id = ?"
    " AND hour > ?";
/* the merchant is told once a day that a policy reached its limit */
static const char SQL_LIMIT_TOLD[] =
    "UPDATE policies SET limit_told_at = ?1 WHERE id = ?2"
    " AND limit_told_at <= ?1 - 86400";
static const char SQL_LIMIT_MAIL[] =
    "INSERT INTO outbox (merchant_id, kind, ref, to_addr, lang, next_at,"
    " created_at, event)"
    " SELECT m.id, 'limit', ?2, u.email, m.lang, ?1, ?1, ?3"
    " FROM merchants m JOIN users u ON u.merchant_id = m.id"
    " WHERE m.id = ?4 ORDER BY u.id LIMIT 1";
static const char SQL_DAY_COUNT[] =
    "SELECT count(*) FROM shipments WHERE merchant_id = ? AND email_key = ?"
    " AND created_at > ?";
static const char SQL_NEXT_SEQ[] =
    "UPDATE tracking_seq SET next = next + 1 WHERE id = 1"
    " RETURNING next - 1";
static const char SQL_INSERT[] =
    "INSERT INTO shipments (merchant_id, policy_id, tracking, dl_nonce,"
    " dl_hash, method, service, lang, name, line1, line2, city, province,"
    " postal, email, tracking_emails, ra_number, order_answer, weight_g,"
    " created_at, expires_at, updated_at, form_key, carrier, carrier_ref,"
    " email_key, reason, reason_text)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
    " ?, ?, ?, ?, ?, ?, ?, ?)";

const char *const shipment_reasons[] = { "wrong_size", "damaged",
    "not_as_described", "not_needed", "other", NULL };
static const char SQL_AGAIN[] =
    "SELECT id, tracking, dl_nonce FROM shipments"
    " WHERE policy_id = ? AND form_key = ?";
/* the same customer's return for the same policy and address from the
 * last day, through shipments_email_key: without statistics the planner
 * took shipments_policy (policy, created) and read every return of the
 * policy's last day, 600 pages a label on a busy day */
static const char SQL_SAME_ADDRESS[] =
    "SELECT id, tracking, dl_nonce, created_at FROM shipments"
    " INDEXED BY shipments_email_key WHERE merchant_id = ?1 AND email_key = ?2 AND created_at > ?3"
    " AND policy_id = ?4 AND lower(name) = lower(?5)"
    " AND lower(line1) = lower(?6) AND lower(line2) = lower(?7)"
    " AND postal = ?8 ORDER BY created_at DESC LIMIT 1";
static const char SQL_OUTBOX[] =
    "INSERT INTO outbox (merchant_id, kind, ref, to_addr, lang, next_at,"
    " created_at) VALUES (?, 'label', ?, ?, ?, ?, ?)";

/* The address the daily cap counts: lower case, and in the part before
 * '@' a "+tag" and dots left out, so that one mailbox's aliases
 * (Victim+1@x.ca, v.ictim@x.ca) count as one. Two different mailboxes
 * may share a key (a.b@ and ab@ of a provider that tells them apart):
 * the cap is then a little stricter, never looser. */
static void
cap_key(const char *email, char *out, size_t len)
{
	const char *at = strrchr(email, '@');
	size_t k = 0;
	bool tag = false;

	for (const char *p = email; *p && k + 1 < len; p++) {
		char c = (char)tolower((unsigned char)*p);

		if (at != NULL && p < at) {
			if (c == '+')
				tag = true;
			if (tag || c == '.')
				continue;
		}
		out[k++] = c;
	}
	out[k] = '\0';
}

/* One integer from a single-row query; -1 on error. */
static int64_t
one_int(struct db *db, sqlite3_stmt *st)
{
	int64_t v = -1;
	int rc = sqlite3_step(st);

	if (rc == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	else
		db_err(db, rc);
	sqlite3_reset(st);
	return v;
}

/* The form's one-time value and every field typed, hashed: the same key
 * is the same form sent again. Fields are length-prefixed, so no two
 * different forms give the same input to the hash. */
static void
form_key(const struct shipment *s, char out[65])
{
	const char *f[] = { s->once, s->method, s->lang, s->name, s->line1,
	    s->line2, s->city, s->province, s->postal, s->email,
	    s->tracking_emails ? "1" : "0", s->ra_number, s->order_answer,
	    s->reason, s->reason_text };
	struct buf b = { 0 };
	unsigned char h[32];

	buf_printf(&b, "form-key-1:%d", s->weight_g);
	for (size_t i = 0; i < sizeof(f) / sizeof(*f); i++)
		buf_printf(&b, ":%zu:%s", strlen(f[i] ? f[i] : ""),
		    f[i] ? f[i] : "");
	crypto_sha256(h, b.data, b.len);
	crypto_hex(out, h, sizeof(h));
	buf_free(&b);
}

/* The return an earlier sending of the same form made: 1 when found
 * (s and dl filled), 0 when none, -1 on a database error. */
static int
made_before(struct db *db, const struct policy *p, struct shipment *s,
    const char *key, struct arena *a, char *dl)
{
	sqlite3_stmt *st = db_stmt(db, SQL_AGAIN);
	int rc;

	if (st == NULL || db_bind(st, "it", p->id, key) != E_OK)
		return -1;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		s->id = sqlite3_column_int64(st, 0);
		snprintf(s->tracking, sizeof(s->tracking), "%s",
		    db_text(st, 1));
		s->dl_nonce = arena_strdup(a, db_text(st, 2));
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW) {
		db_err(db, rc);
		return -1;
	}
	return shipment_dl_token(s, dl) == E_OK ? 1 : -1;
}

/* A return of the last 24 hours for the same policy, customer and
 * address: 1 when found (s and dl filled), 0 when none, -1 on error. */
static int
same_address(struct db *db, const struct policy *p, struct shipment *s,
    int64_t now, struct arena *a, char *dl)
{
	sqlite3_stmt *st = db_stmt(db, SQL_SAME_ADDRESS);
	char ekey[256];
	int rc;

	cap_key(s->email, ekey, sizeof(ekey));
	if (st == NULL || db_bind(st, "itiitttt", p->merchant_id, ekey,
	    now - 86400, p->id, s->name, s->line1, s->line2 ? s->line2 : "",
	    s->postal) != E_OK)
		return -1;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		s->id = sqlite3_column_int64(st, 0);
		snprintf(s->tracking, sizeof(s->tracking), "%s",
		    db_text(st, 1));
		s->dl_nonce = arena_strdup(a, db_text(st, 2));
		s->created_at = sqlite3_column_int64(st, 3);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return 0;
	if (rc != SQLITE_ROW) {
		db_err(db, rc);
		return -1;
	}
	return shipment_dl_token(s, dl) == E_OK ? 1 : -1;
}

enum rerr
shipment_new_once(char out[33])
{
	return crypto_random_hex(out, 16);
}

static enum rerr create(struct db *, const struct policy *,
    struct shipment *, int64_t, struct arena *, char *, const char **, bool);
static enum rerr can_create(struct db *, const struct policy *,
    const struct shipment *, int64_t, const char **);
static void	limit_reached(struct db *, const struct policy *, int64_t);
static enum rerr create_online(struct db *, const struct policy *,
    struct shipment *, int64_t, struct arena *, char *, const char **,
    struct carrier_fail *);

enum rerr
shipment_create(struct db *db, const struct policy *p, struct shipment *s,
    int64_t now, struct arena *a, char dl[SHIP_DL_HEX + 1], const char **why,
    struct carrier_fail *cf)
{
	enum rerr e;

	memset(cf, 0, sizeof(*cf));
	*why = NULL;
	if (!s->another) {
		char key[65];
		int rc = 0;

		/* the same form again first (a double click lands on its
		 * label), then the same address from another form */
		if (s->once != NULL) {
			form_key(s, key);
			rc = made_before(db, p, s, key, a, dl);
		}
		if (rc == 1) {
			*why = "again";
			return E_OK;
		}
		if (rc == 0)
			rc = same_address(db, p, s, now, a, dl);
		if (rc < 0)
			return E_DB;
		if (rc == 1) {
			*why = "duplicate";
			return E_DENIED;
		}
	}
	if (carrier_self_issued())
		e = create(db, p, s, now, a, dl, why, true);
	else
		e = create_online(db, p, s, now, a, dl, why, cf);
	if (e == E_DENIED && *why != NULL && strcmp(*why, "policy_limit") == 0)
		limit_reached(db, p, now);
	return e;
}

enum rerr
shipment_create_quiet(struct db *db, const struct policy *p,
    struct shipment *s, int64_t when, struct arena *a)
{
	char dl[SHIP_DL_HEX + 1];
	const char *why;

	return create(db, p, s, when, a, dl, &why, false);
}

/* live: check the policy and the daily caps (can_create), queue the label
 * email */
static enum rerr
create(struct db *db, const struct policy *p, struct shipment *s,
    int64_t now, struct arena *a, char *dl, const char **why, bool live)
{
	sqlite3_stmt *st;
	char nonce[33], hash[65], key[65], ekey[256];
	bool keyed = live && s->once != NULL;
	enum rerr e;
	int64_t seq;
	int rc;

	*why = NULL;
	if (crypto_random_hex(nonce, 16) != E_OK)
		return E_SYS;
	if (keyed)
		form_key(s, key);
	if ((e = db_begin(db)) != E_OK)
		return e;
	if (keyed && (rc = made_before(db, p, s, key, a, dl)) != 0) {
		db_rollback(db);	/* nothing written */
		if (rc < 0)
			return E_DB;
		*why = "again";
		return E_OK;
	}
	/* the policy may have changed since the form was shown */
	if (live && (e = can_create(db, p, s, now, why)) != E_OK)
		goto fail;
	cap_key(s->email, ekey, sizeof(ekey));
	if ((st = db_stmt(db, SQL_NEXT_SEQ)) == NULL ||
	    (seq = one_int(db, st)) < 0) {
		e = E_DB;
		goto fail;
	}
	/* the local carrier (or the demo's history): a specimen number */
	if (!carrier_specimen_number(seq, s->tracking)) {
		e = E_SYS;
		goto fail;
	}
	s->dl_nonce = arena_strdup(a, nonce);
	if ((e = shipment_dl_token(s, dl)) != E_OK)
		goto fail;
	crypto_sha256_hex(hash, dl);
	s->merchant_id = p->merchant_id;
	s->policy_id = p->id;
	s->service = p->service;
	s->status = SH_CREATED;
	s->created_at = now;
	s->expires_at = now + SHIP_EXPIRY_DAYS * 86400;
	s->carrier = "local";
	if ((e = db_exec(db, SQL_INSERT, "ii" "tttttt" "ttttttt" "dttd" "iiit"
	    "ttttt", s->merchant_id, s->policy_id, s->tracking, nonce, hash,
	    s->method, s->service, s->lang, s->name, s->line1, s->line2,
	    s->city, s->province, s->postal, s->email, (int)s->tracking_emails,
	    s->ra_number, s->order_answer, s->weight_g, now, s->expires_at,
	    now, keyed ? key : NULL, "local", "", ekey,
	    s->reason ? s->reason : "", s->reason_text ? s->reason_text : ""))
	    != E_OK)
		goto fail;
	s->id = sqlite3_last_insert_rowid(db_handle(db));
	if (live && ((e = db_exec(db, SQL_OUTBOX, "iittii", s->merchant_id,
	    s->id, s->email, s->lang, now, now)) != E_OK ||
	    (e = notify_status(db, s->id, "created", now)) != E_OK))
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return e;
}

/* ---- with a carrier that is called over the network ---- */

static const char SQL_ATTEMPT[] =
    "SELECT id, state, started_at FROM label_attempts"
    " WHERE policy_id = ? AND form_key = ?";
static const char SQL_ATTEMPT_START[] =
    "INSERT INTO label_attempts (policy_id, form_key, state, started_at)"
    " VALUES (?1, ?2, 'pending', ?3) ON CONFLICT (policy_id, form_key)"
    " DO UPDATE SET state = 'pending', started_at = ?3, error = ''"
    " RETURNING id";
static const char SQL_ATTEMPT_FAILED[] =
    "UPDATE label_attempts SET state = 'failed', error = ? WHERE id = ?";
static const char SQL_ATTEMPT_DONE[] =
    "UPDATE label_attempts SET state = 'done', shipment_id = ? WHERE id = ?";
static const char SQL_LABEL_FILE[] =
    "INSERT INTO label_files (shipment_id, pdf) VALUES (?, ?)";

/* "PR123456 RA-77", the order's answer: the merchant's references on
 * the carrier's label and in its tracking */
static void
references(const struct policy *p, const struct shipment *s, char *r1,
    size_t l1, char *r2, size_t l2)
{
	snprintf(r1, l1, "%s%s%.26s", p->number, *s->ra_number ? " " : "",
	    s->ra_number);
	snprintf(r2, l2, "%.30s", s->order_answer);
}

/* Checks what the self-issued path checks, inside the transaction:
 * E_DENIED with *why for an inactive policy or the daily cap. */
static enum rerr
can_create(struct db *db, const struct policy *p, const struct shipment *s,
    int64_t now, const char **why)
{
	sqlite3_stmt *st;
	char status[16] = "", ekey[256];
	int64_t n, limit = POLICY_LIMIT_DEFAULT;
	int rc;

	if ((st = db_stmt(db, SQL_POLICY_STATUS)) == NULL ||
	    db_bind(st, "i", p->id) != E_OK)
		return E_DB;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(status, sizeof(status), "%s", db_text(st, 0));
		limit = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_err(db, rc);
	if (strcmp(status, "active") != 0) {
		*why = "policy_off";
		return E_DENIED;
	}
	cap_key(s->email, ekey, sizeof(ekey));
	if ((st = db_stmt(db, SQL_DAY_COUNT)) == NULL ||
	    db_bind(st, "iti", p->merchant_id, ekey, now - 86400) != E_OK ||
	    (n = one_int(db, st)) < 0)
		return E_DB;
	if (n >= SHIP_DAILY_CAP) {
		*why = "daily_cap";
		return E_DENIED;
	}
	if ((st = db_stmt(db, SQL_POLICY_DAY)) == NULL ||
	    db_bind(st, "ii", p->id, now / 3600 - 24) != E_OK ||
	    (n = one_int(db, st)) < 0)
		return E_DB;
	if (n >= limit) {
		*why = "policy_limit";
		return E_DENIED;
	}
	return E_OK;
}

/* The policy reached its daily limit: the merchant gets an email, once a
 * day (after the refused label's transaction was rolled back). */
static void
limit_reached(struct db *db, const struct policy *p, int64_t now)
{
	if (db_begin(db) != E_OK)
		return;
	if (db_exec(db, SQL_LIMIT_TOLD, "ii", now, p->id) != E_OK)
		goto fail;
	if (sqlite3_changes(db_handle(db)) == 1 &&
	    db_exec(db, SQL_LIMIT_MAIL, "iiti", now, p->id, p->number,
	    p->merchant_id) != E_OK)
		goto fail;
	if (db_commit(db) == E_OK)
		log_warn(NULL, "policy %s reached its daily limit of labels",
		    p->number);
	return;
fail:
	db_rollback(db);
}

/* Records the attempt before the carrier is called, so that the same form
 * sent again (a double click, a retry after a timeout) waits for it and
 * then finds its return instead of making a second label. *attempt = 0
 * when an earlier sending already made the return (then *why is
 * "again"). */
static enum rerr
start_attempt(struct db *db, const struct policy *p, struct shipment *s,
    const char *key, int64_t now, struct arena *a, char *dl,
    struct carrier_link *link, int64_t *attempt, const char **why,
    struct carrier_fail *cf)
{
	int settle = config_canadapost_timeout() + 15;	/* seconds */
	sqlite3_stmt *st;
	enum rerr e;
	int rc, waits = 0;

	for (;;) {
		char state[16] = "";
		int64_t started = 0;

		if ((e = db_begin(db)) != E_OK)
			return e;
		if ((rc = made_before(db, p, s, key, a, dl)) != 0) {
			db_rollback(db);
			if (rc < 0)
				return E_DB;
			*why = "again";
			*attempt = 0;
			return E_OK;
		}
		if ((st = db_stmt(db, SQL_ATTEMPT)) == NULL ||
		    db_bind(st, "it", p->id, key) != E_OK) {
			e = E_DB;
			goto fail;
		}
		if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			snprintf(state, sizeof(state), "%s", db_text(st, 1));
			started = sqlite3_column_int64(st, 2);
		}
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
			e = db_err(db, rc);
			goto fail;
		}
		/* another request is calling the carrier for this form:
		 * wait until it settles (a worker that died leaves it
		 * pending; past `settle` seconds it is taken over) */
		if (strcmp(state, "pending") == 0 &&
		    (int64_t)time(NULL) - started < settle) {
			db_rollback(db);
			if (waits++ >= settle * 5) {
				*why = "in_progress";
				return E_BUSY;
			}
			usleep(200000);
			continue;
		}
		break;
	}
	if ((e = can_create(db, p, s, now, why)) != E_OK)
		goto fail;
	if ((e = carrier_link_get(db, p->merchant_id, link)) != E_OK) {
		if (e == E_NOTFOUND) {
			*why = "carrier";
			cf->code = CE_NOT_LINKED;
			e = E_DENIED;
		}
		goto fail;
	}
	if ((st = db_stmt(db, SQL_ATTEMPT_START)) == NULL ||
	    db_bind(st, "iti", p->id, key, (int64_t)time(NULL)) != E_OK ||
	    (*attempt = one_int(db, st)) <= 0) {
		e = E_DB;
		goto fail;
	}
	return db_commit(db);
fail:
	db_rollback(db);
	return e;
}

static enum rerr
create_online(struct db *db, const struct policy *p, struct shipment *s,
    int64_t now, struct arena *a, char *dl, const char **why,
    struct carrier_fail *cf)
{
	struct carrier_link link;
	struct carrier_label lab;
	struct carrier_label_req q;
	char key[65], nonce[33], hash[65], r1[40], r2[40], ekey[256];
	enum carrier_err ce;
	int64_t attempt = 0;
	enum rerr e;

	*why = NULL;
	memset(&lab, 0, sizeof(lab));
	if (s->once != NULL)
		form_key(s, key);
	else if (crypto_random_hex(key, 32) != E_OK)
		return E_SYS;
	if (crypto_random_hex(nonce, 16) != E_OK)
		return E_SYS;
	if ((e = start_attempt(db, p, s, key, now, a, dl, &link, &attempt,
	    why, cf)) != E_OK || attempt == 0)
		return e;

	references(p, s, r1, sizeof(r1), r2, sizeof(r2));
	memset(&q, 0, sizeof(q));
	q.service = p->service;
	q.format = p->label_format;
	q.returner = (struct carrier_addr){ s->name, NULL, s->line1, s->line2,
	    s->city, s->province, s->postal };
	q.receiver = (struct carrier_addr){ p->contact, p->company, p->line1,
	    p->line2, p->city, p->province, p->postal };
	q.weight_g = s->weight_g;
	q.ref1 = r1;
	q.ref2 = r2;
	q.lang = s->lang;
	ce = carrier_create_label(&link.acct, &q, &lab, cf);
	explicit_bzero(&link.acct, sizeof(link.acct));
	if (ce != CE_OK) {
		buf_free(&lab.pdf);
		*why = "carrier";
		if ((e = db_begin(db)) != E_OK)
			return e;
		if ((e = db_exec(db, SQL_ATTEMPT_FAILED, "ti",
		    carrier_err_name(ce), attempt)) != E_OK) {
			db_rollback(db);
			return e;
		}
		if ((e = db_commit(db)) != E_OK)
			return e;
		return E_DENIED;
	}

	/* the carrier made it: record it whatever happened meanwhile */
	snprintf(s->tracking, sizeof(s->tracking), "%s", lab.pin);
	s->dl_nonce = arena_strdup(a, nonce);
	if ((e = shipment_dl_token(s, dl)) != E_OK)
		goto out;
	crypto_sha256_hex(hash, dl);
	s->merchant_id = p->merchant_id;
	s->policy_id = p->id;
	s->service = p->service;
	s->status = SH_CREATED;
	s->created_at = now;
	s->expires_at = now + SHIP_EXPIRY_DAYS * 86400;
	s->carrier = carrier_name();
	if ((e = db_begin(db)) != E_OK)
		goto out;
	cap_key(s->email, ekey, sizeof(ekey));
	if ((e = db_exec(db, SQL_INSERT, "ii" "tttttt" "ttttttt" "dttd" "iiit"
	    "ttttt", s->merchant_id, s->policy_id, s->tracking, nonce, hash,
	    s->method, s->service, s->lang, s->name, s->line1, s->line2,
	    s->city, s->province, s->postal, s->email, (int)s->tracking_emails,
	    s->ra_number, s->order_answer, s->weight_g, now, s->expires_at,
	    now, key, s->carrier, lab.ref, ekey, s->reason ? s->reason : "",
	    s->reason_text ? s->reason_text : "")) != E_OK)
		goto fail;
	s->id = sqlite3_last_insert_rowid(db_handle(db));
	if (lab.pdf.len > 0 && (e = db_exec(db, SQL_LABEL_FILE, "ib", s->id,
	    (const void *)lab.pdf.data, (int)lab.pdf.len)) != E_OK)
		goto fail;
	if ((e = db_exec(db, SQL_OUTBOX, "iittii", s->merchant_id, s->id,
	    s->email, s->lang, now, now)) != E_OK ||
	    (e = notify_status(db, s->id, "created", now)) != E_OK ||
	    (e = db_exec(db, SQL_ATTEMPT_DONE, "ii", s->id, attempt)) != E_OK)
		goto fail;
	e = db_commit(db);
	goto out;
fail:
	db_rollback(db);
	log_err(NULL, "the carrier's label %s could not be recorded: %s",
	    s->tracking, rerr_str(e));
out:
	buf_free(&lab.pdf);
	return e;
}

static const char SQL_REASON[] =
    "SELECT description FROM tracking_events WHERE shipment_id = ?"
    " AND type = 'exception' ORDER BY at DESC, id DESC LIMIT 1";

const char *
shipment_exception_reason(struct db *db, int64_t id, struct arena *a)
{
	sqlite3_stmt *st = db_stmt(db, SQL_REASON);
	const char *r = "";

	if (st == NULL || db_bind(st, "i", id) != E_OK)
		return r;
	if (sqlite3_step(st) == SQLITE_ROW)
		r = arena_strdup(a, db_text(st, 0));
	sqlite3_reset(st);
	return r;
}

static const char SQL_FILE[] =
    "SELECT pdf FROM label_files WHERE shipment_id = ?";

enum rerr
shipment_label_file(struct db *db, int64_t id, struct buf *out)
{
	sqlite3_stmt *st = db_stmt(db, SQL_FILE);
	int rc;

	if (st == NULL || db_bind(st, "i", id) != E_OK)
		return E_DB;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		buf_append(out, sqlite3_column_blob(st, 0),
		    (size_t)sqlite3_column_bytes(st, 0));
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return E_NOTFOUND;
	return rc == SQLITE_ROW ? E_OK : db_err(db, rc);
}

#define SHIP_COLS \
    "SELECT s.id, s.merchant_id, s.policy_id, s.tracking, s.dl_nonce," \
    " s.method, s.service, s.lang, s.name, s.line1, s.line2, s.city," \
    " s.province, s.postal, s.email, s.tracking_emails, s.ra_number," \
    " s.order_answer, s.weight_g, s.status, s.created_at, s.expires_at," \
    " coalesce(s.accepted_at, 0), coalesce(s.delivered_at, 0)," \
    " s.carrier, m.business_name, s.reason, s.reason_text"
static const char SQL_BY_DL[] =
    SHIP_COLS " FROM shipments s JOIN merchants m ON m.id = s.merchant_id"
    " WHERE s.dl_hash = ?";
static const char SQL_BY_ID[] =
    SHIP_COLS " FROM shipments s JOIN merchants m ON m.id = s.merchant_id"
    " WHERE s.id = ?";
static const char SQL_POLICY_BY_ID[] =
    "SELECT number FROM policies WHERE id = ?";

static enum rerr find(struct db *, sqlite3_stmt *, struct arena *,
    struct shipment *, struct policy *, char *, size_t);

enum rerr
shipment_by_dl(struct db *db, const char *dl, struct arena *a,
    struct shipment *s, struct policy *p, char *business, size_t blen)
{
	sqlite3_stmt *st;
	char hash[65];
	size_t n = strlen(dl);

	if (n != SHIP_DL_HEX || strspn(dl, "0123456789abcdef") != n)
		return E_NOTFOUND;
	crypto_sha256_hex(hash, dl);
	if ((st = db_stmt(db, SQL_BY_DL)) == NULL ||
	    db_bind(st, "t", hash) != E_OK)
		return E_DB;
	return find(db, st, a, s, p, business, blen);
}

enum rerr
shipment_by_id(struct db *db, int64_t id, struct arena *a,
    struct shipment *s, struct policy *p, char *business, size_t blen)
{
	sqlite3_stmt *st;

	if ((st = db_stmt(db, SQL_BY_ID)) == NULL ||
	    db_bind(st, "i", id) != E_OK)
		return E_DB;
	return find(db, st, a, s, p, business, blen);
}

/* Steps a bound SHIP_COLS statement; fills s, its policy (any state) and
 * the business name. */
static enum rerr
find(struct db *db, sqlite3_stmt *st, struct arena *a, struct shipment *s,
    struct policy *p, char *business, size_t blen)
{
	char number[9] = "";
	int rc, c = 0;

	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
#define S()	arena_strdup(a, db_text(st, c++))
		s->id = sqlite3_column_int64(st, c++);
		s->merchant_id = sqlite3_column_int64(st, c++);
		s->policy_id = sqlite3_column_int64(st, c++);
		snprintf(s->tracking, sizeof(s->tracking), "%s",
		    db_text(st, c++));
		s->dl_nonce = S();
		s->method = S();
		s->service = S();
		s->lang = S();
		s->name = S();
		s->line1 = S();
		s->line2 = S();
		s->city = S();
		s->province = S();
		s->postal = S();
		s->email = S();
		s->tracking_emails = sqlite3_column_int(st, c++) != 0;
		s->ra_number = S();
		s->order_answer = S();
		s->weight_g = sqlite3_column_int(st, c++);
		s->status = status_of(db_text(st, c++));
		s->created_at = sqlite3_column_int64(st, c++);
		s->expires_at = sqlite3_column_int64(st, c++);
		s->accepted_at = sqlite3_column_int64(st, c++);
		s->delivered_at = sqlite3_column_int64(st, c++);
		s->carrier = S();
		snprintf(business, blen, "%s", db_text(st, c++));
		s->reason = S();
		s->reason_text = S();
#undef S
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return E_NOTFOUND;
	if (rc != SQLITE_ROW)
		return db_err(db, rc);
	/* its policy, whatever its state (the label outlives it) */
	if ((st = db_stmt(db, SQL_POLICY_BY_ID)) == NULL ||
	    db_bind(st, "i", s->policy_id) != E_OK)
		return E_DB;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		snprintf(number, sizeof(number), "%s", db_text(st, 0));
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? E_NOTFOUND : db_err(db, rc);
	return policy_get_any(db, s->merchant_id, number, a, p);
}
