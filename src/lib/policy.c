/* policy.c -- see include/returns/policy.h. */
#include <stdio.h>
#include <string.h>

#include "returns/buf.h"
#include "returns/crypto.h"
#include "returns/log.h"
#include "returns/payment.h"
#include "returns/carrier_link.h"
#include "returns/policy.h"
#include "returns/secret.h"
#include "returns/shipment.h"
#include "returns/valid.h"

static const char *const status_names[] = {
	"active", "inactive", "suspended", "deleted"
};

const char *
policy_status_name(enum pol_status s)
{
	return status_names[s];
}

int
policy_status_parse(const char *s, enum pol_status *out)
{
	for (int i = 0; i < 4; i++)
		if (strcmp(s, status_names[i]) == 0) {
			*out = (enum pol_status)i;
			return 0;
		}
	return -1;
}

bool
policy_can(enum pol_status from, enum pol_action a, enum pol_actor who)
{
	if (from == POL_DELETED)
		return false;
	if (who == BY_BILLING)
		return (a == ACT_SUSPEND && from == POL_ACTIVE) ||
		    (a == ACT_LIFT && from == POL_SUSPENDED);
	switch (a) {
	case ACT_ACTIVATE:
		return from == POL_INACTIVE;
	case ACT_DEACTIVATE:
		return from == POL_ACTIVE;
	case ACT_DELETE:
	case ACT_EDIT:
		return true;
	default:
		return false;
	}
}

enum pol_status
policy_after(enum pol_status from, enum pol_action a)
{
	switch (a) {
	case ACT_ACTIVATE:
	case ACT_LIFT:
		return POL_ACTIVE;
	case ACT_DEACTIVATE:
		return POL_INACTIVE;
	case ACT_DELETE:
		return POL_DELETED;
	case ACT_SUSPEND:
		return POL_SUSPENDED;
	case ACT_EDIT:
		break;
	}
	return from;
}

bool
policy_has_link(const struct policy *p)
{
	return strcmp(p->channel, "post_office") != 0;
}

#define COLS \
    "p.id, p.merchant_id, p.number, p.link_nonce, p.name, p.channel," \
    " p.secure_labels, p.box_free, p.service, p.company, p.contact," \
    " p.line1, p.line2, p.city, p.province, p.postal, p.ra_required," \
    " p.order_q_en, p.order_q_fr, p.label_format, p.instructions_en," \
    " p.instructions_fr, p.status, p.suspended_reason, p.created_at," \
    " p.updated_at, p.daily_limit, p.default_weight_g, coalesce(p.reasons, '')"
#define NCOLS 29

static void
read_row(sqlite3_stmt *st, struct arena *a, struct policy *p)
{
	int c = 0;

#define S()	arena_strdup(a, db_text(st, c++))
	p->id = sqlite3_column_int64(st, c++);
	p->merchant_id = sqlite3_column_int64(st, c++);
	snprintf(p->number, sizeof(p->number), "%s", db_text(st, c++));
	p->link_nonce = S();
	p->name = S();
	p->channel = S();
	p->secure_labels = sqlite3_column_int(st, c++) != 0;
	p->box_free = sqlite3_column_int(st, c++) != 0;
	p->service = S();
	p->company = S();
	p->contact = S();
	p->line1 = S();
	p->line2 = S();
	p->city = S();
	p->province = S();
	p->postal = S();
	p->ra_required = sqlite3_column_int(st, c++) != 0;
	p->order_q_en = S();
	p->order_q_fr = S();
	p->label_format = S();
	p->instructions_en = S();
	p->instructions_fr = S();
	if (policy_status_parse(db_text(st, c++), &p->status) != 0)
		p->status = POL_INACTIVE;
	p->suspended_reason = S();
	p->created_at = sqlite3_column_int64(st, c++);
	p->updated_at = sqlite3_column_int64(st, c++);
	p->daily_limit = sqlite3_column_int(st, c++);
	p->default_weight_g = sqlite3_column_int(st, c++);
	p->reasons = S();
#undef S
}

static const char SQL_GET[] =
    "SELECT " COLS " FROM policies p"
    " WHERE p.merchant_id = ? AND p.number = ? AND p.status <> 'deleted'";
static const char SQL_GET_ANY[] =
    "SELECT " COLS " FROM policies p"
    " WHERE p.merchant_id = ? AND p.number = ?";

static enum rerr
get(struct db *db, const char *sql, int64_t merchant_id, const char *number,
    struct arena *a, struct policy *out)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	int rc;

	if (st == NULL || db_bind(st, "it", merchant_id, number) != E_OK)
		return E_DB;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		read_row(st, a, out);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return E_NOTFOUND;
	return rc == SQLITE_ROW ? E_OK : db_err(db, rc);
}

enum rerr
policy_get(struct db *db, int64_t merchant_id, const char *number,
    struct arena *a, struct policy *out)
{
	return get(db, SQL_GET, merchant_id, number, a, out);
}

enum rerr
policy_get_any(struct db *db, int64_t merchant_id, const char *number,
    struct arena *a, struct policy *out)
{
	return get(db, SQL_GET_ANY, merchant_id, number, a, out);
}

static const char SQL_LIST[] =
    "SELECT " COLS " FROM policies p INDEXED BY policies_recent"
    " WHERE p.merchant_id = ? AND p.status <> 'deleted'"
    " ORDER BY p.updated_at DESC, p.id DESC";

enum rerr
policy_list(struct db *db, int64_t merchant_id, struct arena *a,
    struct policy **out, size_t *n)
{
	sqlite3_stmt *st = db_stmt(db, SQL_LIST);
	size_t cap = 16;
	int rc;

	*n = 0;
	*out = arena_alloc(a, cap * sizeof(struct policy));
	if (st == NULL || db_bind(st, "i", merchant_id) != E_OK)
		return E_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap *= 2;
			*out = arena_grow(a, *out, *n, cap, sizeof(**out));
		}
		read_row(st, a, &(*out)[(*n)++]);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? E_OK : db_err(db, rc);
}

enum rerr
policy_link_token(const struct policy *p, char out[POLICY_LINK_HEX + 1])
{
	char msg[64];

	snprintf(msg, sizeof(msg), "%s:%s", p->number, p->link_nonce);
	return secret_derive_hex("policy-link", msg, POLICY_LINK_HEX / 2, out);
}

static const char SQL_HISTORY_ADD[] =
    "INSERT INTO policy_history (policy_id, user_id, actor, at, action,"
    " detail) VALUES (?, ?, ?, ?, ?, ?)";

static enum rerr
history(struct db *db, int64_t policy_id, int64_t user_id,
    enum pol_actor who, int64_t now, const char *action, const char *detail)
{
	return db_exec(db, SQL_HISTORY_ADD, "iititt", policy_id, user_id,
	    who == BY_BILLING ? "billing" : "merchant", now, action,
	    detail ? detail : "");
}

static int
limit_of(const struct policy *p)
{
	return p->daily_limit >= 1 && p->daily_limit <= POLICY_LIMIT_MAX ?
	    p->daily_limit : POLICY_LIMIT_DEFAULT;
}

static int
weight_of(const struct policy *p)
{
	return p->default_weight_g >= 1 && p->default_weight_g < 30000 ?
	    p->default_weight_g : POLICY_WEIGHT_DEFAULT;
}

static const char SQL_INSERT[] =
    "INSERT INTO policies (merchant_id, number, link_nonce, link_hash, name,"
    " channel, secure_labels, box_free, service, company, contact, line1,"
    " line2, city, province, postal, ra_required, order_q_en, order_q_fr,"
    " label_format, instructions_en, instructions_fr, status, created_at,"
    " updated_at, daily_limit, default_weight_g, reasons) VALUES (?, ?, ?,"
    " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'active', ?,"
    " ?, ?, ?, nullif(?, ''))";

enum rerr
policy_create(struct db *db, int64_t user_id, struct policy *p, int64_t now,
    struct arena *a)
{
	char nonce[33], token[POLICY_LINK_HEX + 1], hash[65];
	enum rerr e = E_EXISTS;
	uint32_t r;

	if (crypto_random_hex(nonce, 16) != E_OK)
		return E_SYS;
	p->link_nonce = arena_strdup(a, nonce);
	if ((e = db_begin(db)) != E_OK)
		return e;
	e = E_EXISTS;
	for (int tries = 0; tries < 20 && e == E_EXISTS; tries++) {
		if (crypto_random(&r, sizeof(r)) != E_OK) {
			e = E_SYS;
			break;
		}
		snprintf(p->number, sizeof(p->number), "PR%06u",
		    (unsigned)(r % 1000000));
		if (policy_link_token(p, token) != E_OK) {
			log_err(NULL, "no secret key loaded");
			e = E_SYS;
			break;
		}
		crypto_sha256_hex(hash, token);
		e = db_exec(db, SQL_INSERT, "itttttddttttttttdtttttiiddt",
		    p->merchant_id, p->number, nonce, hash, p->name,
		    p->channel, (int)p->secure_labels, (int)p->box_free,
		    p->service, p->company, p->contact, p->line1, p->line2,
		    p->city, p->province, p->postal, (int)p->ra_required,
		    p->order_q_en, p->order_q_fr, p->label_format,
		    p->instructions_en, p->instructions_fr, now, now,
		    limit_of(p), weight_of(p), p->reasons ? p->reasons : "");
	}
	if (e != E_OK)
		goto fail;
	p->id = sqlite3_last_insert_rowid(db_handle(db));
	p->status = POL_ACTIVE;
	p->created_at = p->updated_at = now;
	if ((e = history(db, p->id, user_id, BY_MERCHANT, now, "created", ""))
	    != E_OK)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return e;
}

static const char SQL_UPDATE[] =
    "UPDATE policies SET name = ?, channel = ?, secure_labels = ?,"
    " box_free = ?, service = ?, company = ?, contact = ?, line1 = ?,"
    " line2 = ?, city = ?, province = ?, postal = ?, ra_required = ?,"
    " order_q_en = ?, order_q_fr = ?, label_format = ?,"
    " instructions_en = ?, instructions_fr = ?, updated_at = ?,"
    " daily_limit = ?, default_weight_g = ?, reasons = nullif(?, '')"
    " WHERE id = ? AND merchant_id = ?";

/* Names of the settings that differ, comma-separated ("" when none). */
static const char *
changes(struct arena *a, const struct policy *o, const struct policy *n)
{
	struct buf b = { 0 };
	const char *out;

#define CH(cond, name) \
	do { if (cond) { if (b.len) buf_putc(&b, ','); buf_puts(&b, name); } } \
	while (0)
#define DIFF(f)	(strcmp(o->f ? o->f : "", n->f ? n->f : "") != 0)
	CH(DIFF(name), "name");
	CH(DIFF(channel), "channel");
	CH(o->secure_labels != n->secure_labels, "secure_labels");
	CH(o->box_free != n->box_free, "box_free");
	CH(DIFF(service), "service");
	CH(DIFF(company) || DIFF(contact) || DIFF(line1) || DIFF(line2) ||
	    DIFF(city) || DIFF(province) || DIFF(postal), "address");
	CH(o->ra_required != n->ra_required, "ra_required");
	CH(DIFF(order_q_en) || DIFF(order_q_fr), "order_question");
	CH(DIFF(label_format), "label_format");
	CH(DIFF(instructions_en) || DIFF(instructions_fr), "instructions");
	CH(limit_of(o) != limit_of(n), "daily_limit");
	CH(weight_of(o) != weight_of(n), "default_weight");
	CH(DIFF(reasons), "reasons");
#undef DIFF
#undef CH
	out = arena_strdup(a, b.len ? b.data : "");
	buf_free(&b);
	return out;
}

enum rerr
policy_update(struct db *db, int64_t user_id, const char *number,
    const struct policy *p, int64_t now, struct arena *a)
{
	struct policy old;
	enum rerr e;
	const char *what;

	memset(&old, 0, sizeof(old));
	if ((e = db_begin(db)) != E_OK)
		return e;
	if ((e = policy_get(db, p->merchant_id, number, a, &old)) != E_OK)
		goto fail;
	what = changes(a, &old, p);
	if (*what == '\0') {		/* nothing changed: nothing to record */
		db_rollback(db);
		return E_OK;
	}
	if ((e = db_exec(db, SQL_UPDATE, "ttddttttttttdtttttiddtii", p->name,
	    p->channel, (int)p->secure_labels, (int)p->box_free, p->service,
	    p->company, p->contact, p->line1, p->line2, p->city, p->province,
	    p->postal, (int)p->ra_required, p->order_q_en, p->order_q_fr,
	    p->label_format, p->instructions_en, p->instructions_fr, now,
	    limit_of(p), weight_of(p), p->reasons ? p->reasons : "", old.id,
	    p->merchant_id)) != E_OK)
		goto fail;
	if ((e = history(db, old.id, user_id, BY_MERCHANT, now, "edited",
	    what)) != E_OK)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return e;
}

static const char SQL_SET_STATUS[] =
    "UPDATE policies SET status = ?, suspended_reason = ?, updated_at = ?"
    " WHERE id = ? AND merchant_id = ?";

static const char *const action_names[] = {
	"activated", "deactivated", "deleted", "edited", "suspended", "lifted"
};

enum rerr
policy_act(struct db *db, int64_t merchant_id, int64_t user_id,
    const char *number, enum pol_action act, int64_t now, const char **why)
{
	struct arena a = { 0 };
	struct policy p;
	struct pay_state ps;
	enum rerr e;

	memset(&p, 0, sizeof(p));
	*why = NULL;
	if ((e = db_begin(db)) != E_OK)
		return e;
	if ((e = policy_get(db, merchant_id, number, &a, &p)) != E_OK)
		goto fail;
	if (!policy_can(p.status, act, BY_MERCHANT)) {
		*why = p.status == POL_SUSPENDED ? "policy.err.suspended" :
		    "policy.err.state";
		e = E_DENIED;
		goto fail;
	}
	if (act == ACT_ACTIVATE) {
		if ((e = payment_state(db, merchant_id, now, &ps)) != E_OK)
			goto fail;
		if (!ps.valid) {
			*why = "policy.err.payment";
			e = E_DENIED;
			goto fail;
		}
	}
	if ((e = db_exec(db, SQL_SET_STATUS, "ttiii",
	    policy_status_name(policy_after(p.status, act)), "", now, p.id,
	    merchant_id)) != E_OK ||
	    (e = history(db, p.id, user_id, BY_MERCHANT, now,
	    action_names[act], "")) != E_OK)
		goto fail;
	arena_free(&a);
	return db_commit(db);
fail:
	db_rollback(db);
	arena_free(&a);
	return e;
}

static const char SQL_BY_HASH[] =
    "SELECT " COLS ", m.business_name FROM policies p"
    " JOIN merchants m ON m.id = p.merchant_id WHERE p.link_hash = ?";

enum rerr
policy_by_token(struct db *db, const char *token, struct arena *a,
    struct policy *out, char *business, size_t blen)
{
	sqlite3_stmt *st;
	char hash[65];
	size_t n = strlen(token);
	int rc;

	if (n != POLICY_LINK_HEX || strspn(token, "0123456789abcdef") != n)
		return E_NOTFOUND;
	crypto_sha256_hex(hash, token);
	if ((st = db_stmt(db, SQL_BY_HASH)) == NULL ||
	    db_bind(st, "t", hash) != E_OK)
		return E_DB;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		read_row(st, a, out);
		snprintf(business, blen, "%s", db_text(st, NCOLS));
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return E_NOTFOUND;
	return rc == SQLITE_ROW ? E_OK : db_err(db, rc);
}

static const char SQL_HISTORY[] =
    "SELECT h.at, h.actor, coalesce(u.email, ''), h.action, h.detail"
    " FROM policy_history h JOIN policies p ON p.id = h.policy_id"
    " LEFT JOIN users u ON u.id = h.user_id"
    " WHERE p.merchant_id = ? AND p.number = ? AND p.status <> 'deleted'"
    " ORDER BY h.at DESC, h.id DESC LIMIT 100";

enum rerr
policy_history(struct db *db, int64_t merchant_id, const char *number,
    struct arena *a, struct policy_event **out, size_t *n)
{
	sqlite3_stmt *st = db_stmt(db, SQL_HISTORY);
	int rc;

	*n = 0;
	*out = arena_alloc(a, 100 * sizeof(struct policy_event));
	if (st == NULL || db_bind(st, "it", merchant_id, number) != E_OK)
		return E_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < 100) {
		struct policy_event *ev = &(*out)[(*n)++];
		ev->at = sqlite3_column_int64(st, 0);
		ev->actor = arena_strdup(a, db_text(st, 1));
		ev->who = arena_strdup(a, db_text(st, 2));
		ev->action = arena_strdup(a, db_text(st, 3));
		ev->detail = arena_strdup(a, db_text(st, 4));
	}
	sqlite3_reset(st);
	return (rc == SQLITE_DONE || rc == SQLITE_ROW) ? E_OK : db_err(db, rc);
}

/* ---- billing ---- */

static const char SQL_ACTIVE_MERCHANTS[] =
    "SELECT DISTINCT merchant_id FROM policies WHERE status = 'active'"
    " AND merchant_id > ? ORDER BY merchant_id LIMIT 1024";
static const char SQL_BILLED_MERCHANTS[] =
    "SELECT DISTINCT merchant_id FROM policies WHERE status IN"
    " ('active', 'suspended') AND merchant_id > ? ORDER BY merchant_id"
    " LIMIT 1024";
static const char SQL_MERCHANT_POLICIES[] =
    "SELECT id FROM policies WHERE merchant_id = ? AND status = ?";

/* Moves every policy of a merchant in state `from` to `to` with history;
 * *count += how many. Runs inside the caller's transaction. */
static enum rerr
move_all(struct db *db, int64_t merchant_id, const char *from, const char *to,
    const char *reason, const char *action, int64_t now, int *count)
{
	int64_t ids[256];
	int n, rc;
	enum rerr e;

	/* 256 at a time: the ones moved leave `from` */
	do {
		sqlite3_stmt *st = db_stmt(db, SQL_MERCHANT_POLICIES);

		if (st == NULL || db_bind(st, "it", merchant_id, from) != E_OK)
			return E_DB;
		n = 0;
		while (n < 256 && (rc = sqlite3_step(st)) == SQLITE_ROW)
			ids[n++] = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		if (n < 256 && rc != SQLITE_DONE)
			return db_err(db, rc);
		for (int i = 0; i < n; i++) {
			if ((e = db_exec(db, SQL_SET_STATUS, "ttiii", to,
			    reason, now, ids[i], merchant_id)) != E_OK ||
			    (e = history(db, ids[i], 0, BY_BILLING, now,
			    action, reason)) != E_OK)
				return e;
			(*count)++;
		}
	} while (n == 256);
	return E_OK;
}

/* One merchant: suspends (invalid) or, with self_lift, restores (valid)
 * in one transaction. */
static enum rerr
settle(struct db *db, int64_t mid, int64_t now, bool self_lift, int *count,
    int *lifted)
{
	struct pay_state ps;
	enum rerr e;

	if ((e = db_begin(db)) != E_OK)
		return e;
	if ((e = payment_state(db, mid, now, &ps)) != E_OK)
		goto fail;
	if (!ps.valid && (e = move_all(db, mid, "active", "suspended",
	    ps.reason, "suspended", now, count)) != E_OK)
		goto fail;
	if (ps.valid && self_lift && (e = move_all(db, mid, "suspended",
	    "active", "", "lifted", now, lifted)) != E_OK)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return e;
}

enum rerr
billing_check(struct db *db, int64_t now, int *count)
{
	int lifted;

	return billing_check_all(db, now, count, &lifted);
}

enum rerr
billing_check_all(struct db *db, int64_t now, int *count, int *lifted)
{
	bool carrier = !carrier_self_issued();
	int64_t ids[1024], last = 0;
	int n, rc, dummy = 0;
	enum rerr e;

	*count = 0;
	if (lifted == NULL)
		lifted = &dummy;
	*lifted = 0;
	/* every merchant with an active policy (with the carrier billing:
	 * or a suspended one), 1024 at a time in id order */
	do {
		sqlite3_stmt *st = db_stmt(db, carrier ? SQL_BILLED_MERCHANTS :
		    SQL_ACTIVE_MERCHANTS);

		if (st == NULL || db_bind(st, "i", last) != E_OK)
			return E_DB;
		n = 0;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < 1024)
			ids[n++] = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE && rc != SQLITE_ROW)
			return db_err(db, rc);
		for (int i = 0; i < n; i++) {
			enum carrier_err ce = CE_OK;

			/* the carrier's word, read outside any transaction */
			if (carrier && (e = carrier_link_refresh(db, ids[i],
			    now, &ce)) != E_OK && e != E_NOTFOUND)
				return e;
			/* the carrier down: what we knew stands, no change */
			if (ce == CE_UNREACHABLE || ce == CE_RATE_LIMITED)
				continue;
			if ((e = settle(db, ids[i], now, carrier, count,
			    lifted)) != E_OK)
				return e;
		}
		if (n > 0)
			last = ids[n - 1];
	} while (n == 1024);
	return E_OK;
}

enum rerr
billing_recheck(struct db *db, int64_t mid, int64_t now,
    enum carrier_err *ce, int *lifted)
{
	int suspended = 0;
	enum rerr e;

	*lifted = 0;
	*ce = CE_OK;
	if (carrier_self_issued())
		return E_DENIED;	/* billing staff lift (returnsctl) */
	if ((e = carrier_link_refresh(db, mid, now, ce)) != E_OK &&
	    e != E_NOTFOUND)
		return e;
	if (*ce == CE_UNREACHABLE || *ce == CE_RATE_LIMITED)
		return E_OK;	/* nothing learnt: nothing changes */
	return settle(db, mid, now, true, &suspended, lifted);
}

static const char SQL_FIND_ANY[] =
    "SELECT id, merchant_id, status FROM policies WHERE number = ?";

enum rerr
billing_lift(struct db *db, const char *number, int64_t merchant_id,
    int64_t now, const char **why, int *count)
{
	struct pay_state ps;
	enum rerr e;
	int64_t pid = 0;

	*why = NULL;
	*count = 0;
	if ((e = db_begin(db)) != E_OK)
		return e;
	if (number != NULL) {
		sqlite3_stmt *st = db_stmt(db, SQL_FIND_ANY);
		int rc;
		char status[16] = "";

		if (st == NULL || db_bind(st, "t", number) != E_OK) {
			e = E_DB;
			goto fail;
		}
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			pid = sqlite3_column_int64(st, 0);
			merchant_id = sqlite3_column_int64(st, 1);
			snprintf(status, sizeof(status), "%s", db_text(st, 2));
		}
		sqlite3_reset(st);
		if (rc != SQLITE_ROW) {
			e = rc == SQLITE_DONE ? E_NOTFOUND : db_err(db, rc);
			goto fail;
		}
		if (strcmp(status, "suspended") != 0) {
			*why = "not_suspended";
			e = E_DENIED;
			goto fail;
		}
	}
	if ((e = payment_state(db, merchant_id, now, &ps)) != E_OK)
		goto fail;
	if (!ps.valid) {
		*why = ps.reason;
		e = E_DENIED;
		goto fail;
	}
	if (pid != 0) {
		if ((e = db_exec(db, SQL_SET_STATUS, "ttiii", "active", "", now,
		    pid, merchant_id)) != E_OK ||
		    (e = history(db, pid, 0, BY_BILLING, now, "lifted", ""))
		    != E_OK)
			goto fail;
		*count = 1;
	} else if ((e = move_all(db, merchant_id, "suspended", "active", "",
	    "lifted", now, count)) != E_OK)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return e;
}

/* Every merchant's (returnsctl), or one merchant's from its index in
 * the order of their numbers: the dashboard's banners ask on most pages,
 * and "?1 = 0 OR merchant_id = ?1" read every policy of the site. */
static const char SQL_SUSPENDED_ALL[] =
    "SELECT p.number, p.merchant_id, m.business_name, p.suspended_reason,"
    " p.updated_at FROM policies p JOIN merchants m ON m.id = p.merchant_id"
    " WHERE p.status = 'suspended'"
    " ORDER BY m.business_name, p.number LIMIT 1000";
static const char SQL_SUSPENDED_OF[] =
    "SELECT p.number, p.merchant_id, m.business_name, p.suspended_reason,"
    " p.updated_at FROM policies p INDEXED BY policies_merchant"
    " JOIN merchants m ON m.id = p.merchant_id"
    " WHERE p.merchant_id = ?1 AND p.status = 'suspended'"
    " ORDER BY p.number LIMIT 1000";

enum rerr
billing_list(struct db *db, int64_t merchant_id, struct arena *a,
    struct suspension **out, size_t *n)
{
	sqlite3_stmt *st = db_stmt(db, merchant_id != 0 ? SQL_SUSPENDED_OF :
	    SQL_SUSPENDED_ALL);
	size_t cap = 0;
	int rc;

	*n = 0;
	*out = NULL;
	if (st == NULL || (merchant_id != 0 && db_bind(st, "i", merchant_id)
	    != E_OK))
		return E_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct suspension *s;

		if (*n == cap) {	/* usually none: room as they come */
			cap = cap ? cap * 4 : 8;
			*out = arena_grow(a, *out, *n, cap, sizeof(**out));
		}
		s = &(*out)[(*n)++];
		snprintf(s->number, sizeof(s->number), "%s", db_text(st, 0));
		s->merchant_id = sqlite3_column_int64(st, 1);
		s->business = arena_strdup(a, db_text(st, 2));
		s->reason = arena_strdup(a, db_text(st, 3));
		s->at = sqlite3_column_int64(st, 4);
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? E_OK : db_err(db, rc);
}

/* ---- the reasons a policy offers ---- */

size_t
policy_reasons(const struct policy *p, struct arena *a,
    struct reason_opt out[POLICY_REASON_OPTS])
{
	const char *s = p->reasons ? p->reasons : "";
	size_t n = 0;
	int own = 0;

	if (*s == '\0') {		/* the catalogue's, all of them */
		for (int i = 0; shipment_reasons[i] != NULL; i++)
			if (strcmp(shipment_reasons[i], "other") != 0)
				out[n++] = (struct reason_opt){
				    shipment_reasons[i], shipment_reasons[i],
				    NULL, NULL };
	}
	while (*s && n < POLICY_REASON_OPTS - 1) {
		size_t len = strcspn(s, "\n");
		const char *line = arena_strndup(a, s, len);
		const char *tab = strchr(line, '\t');

		if (tab != NULL && own < POLICY_OWN_REASONS) {
			out[n].value = arena_printf(a, "c%d", ++own);
			out[n].stored = arena_printf(a, "c:%s", line);
			out[n].en = arena_strndup(a, line, (size_t)(tab - line));
			out[n].fr = arena_strdup(a, tab + 1);
			n++;
		} else if (tab == NULL) {
			for (int i = 0; shipment_reasons[i] != NULL; i++)
				if (strcmp(shipment_reasons[i], line) == 0 &&
				    strcmp(line, "other") != 0) {
					out[n++] = (struct reason_opt){
					    shipment_reasons[i],
					    shipment_reasons[i], NULL, NULL };
					break;
				}
		}
		s += len;
		if (*s == '\n')
			s++;
	}
	out[n++] = (struct reason_opt){ "other", "other", NULL, NULL };
	return n;
}

/* The next line of *s (without its CR), trimmed; NULL at the end. */
static const char *
next_line(struct arena *a, const char **s)
{
	const char *b = *s, *e;
	size_t len;

	if (*b == '\0')
		return NULL;
	len = strcspn(b, "\n");
	*s = b + len + (b[len] == '\n');
	while (len > 0 && (b[len - 1] == '\r' || b[len - 1] == ' '))
		len--;
	while (len > 0 && *b == ' ') {
		b++;
		len--;
	}
	e = arena_strndup(a, b, len);
	return e;
}

const char *
policy_reasons_build(struct arena *a, const char *const *codes,
    size_t ncodes, const char *en_lines, const char *fr_lines,
    const char **out)
{
	const char *en[POLICY_OWN_REASONS + 1], *fr[POLICY_OWN_REASONS + 1];
	const char *l;
	size_t ne = 0, nf = 0, all = 0;
	struct buf b = { 0 };

	*out = "";
	while ((l = next_line(a, &en_lines)) != NULL)
		if (*l && ne++ < POLICY_OWN_REASONS)
			en[ne - 1] = l;
	while ((l = next_line(a, &fr_lines)) != NULL)
		if (*l && nf++ < POLICY_OWN_REASONS)
			fr[nf - 1] = l;
	if (ne != nf || ne > POLICY_OWN_REASONS)
		return "err.reasons_count";
	for (size_t i = 0; i < ne; i++)
		if (utf8_len(en[i]) > POLICY_REASON_MAX ||
		    utf8_len(fr[i]) > POLICY_REASON_MAX ||
		    strchr(en[i], '\t') || strchr(fr[i], '\t'))
			return "err.reasons_long";
	/* all four of the catalogue and none of one's own: the default */
	for (int i = 0; shipment_reasons[i] != NULL; i++)
		if (strcmp(shipment_reasons[i], "other") != 0)
			all++;
	if (ncodes == all && ne == 0)
		return NULL;
	for (size_t i = 0; i < ncodes; i++)
		buf_printf(&b, "%s%s", b.len ? "\n" : "", codes[i]);
	for (size_t i = 0; i < ne; i++)
		buf_printf(&b, "%s%s\t%s", b.len ? "\n" : "", en[i], fr[i]);
	/* "other" alone still needs a line: a list that is not the default */
	*out = arena_strdup(a, b.len ? b.data : "other");
	buf_free(&b);
	return NULL;
}

const char *
reason_own_words(const char *stored, bool fr, struct arena *a)
{
	const char *tab;

	if (stored == NULL || strncmp(stored, "c:", 2) != 0 ||
	    (tab = strchr(stored + 2, '\t')) == NULL)
		return NULL;
	return fr ? tab + 1 : arena_strndup(a, stored + 2,
	    (size_t)(tab - stored - 2));
}
