/* payment.c -- see include/returns/payment.h. */
#include <stdio.h>
#include <string.h>

#include "returns/account.h"
#include "returns/carrier.h"
#include "returns/carrier_link.h"
#include "returns/payment.h"

static const char SQL_CONTRACT[] =
    "SELECT customer_number, contract_number, good_standing, verified"
    " FROM contracts WHERE merchant_id = ?";
static const char SQL_CARDS[] =
    "SELECT id, brand, last4, exp_month, exp_year, is_default"
    " FROM cards WHERE merchant_id = ?"
    " ORDER BY is_default DESC, id DESC LIMIT 10";

enum rerr
payment_cards(struct db *db, int64_t merchant_id, struct pay_card *out,
    int *n)
{
	sqlite3_stmt *st = db_stmt(db, SQL_CARDS);
	int rc;

	*n = 0;
	if (st == NULL || db_bind(st, "i", merchant_id) != E_OK)
		return E_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < PAY_MAX_CARDS) {
		struct pay_card *c = &out[(*n)++];
		c->id = sqlite3_column_int64(st, 0);
		snprintf(c->brand, sizeof(c->brand), "%s", db_text(st, 1));
		snprintf(c->last4, sizeof(c->last4), "%s", db_text(st, 2));
		c->exp_month = sqlite3_column_int(st, 3);
		c->exp_year = sqlite3_column_int(st, 4);
		c->is_default = sqlite3_column_int(st, 5) != 0;
	}
	sqlite3_reset(st);
	return (rc == SQLITE_ROW || rc == SQLITE_DONE) ? E_OK : db_err(db, rc);
}

/* The carrier bills: its account, as last read. */
static enum rerr
carrier_state(struct db *db, int64_t merchant_id, struct pay_state *ps)
{
	struct carrier_link l;
	enum rerr e;

	ps->kind = PAY_CARRIER;
	if ((e = carrier_link_get(db, merchant_id, &l)) == E_NOTFOUND) {
		ps->reason = "not_linked";
		return E_OK;
	}
	if (e != E_OK)
		return e;
	ps->linked = true;
	ps->own_key = l.own_key;
	ps->has_card = l.has_card;
	ps->checked_at = l.checked_at;
	snprintf(ps->check_error, sizeof(ps->check_error), "%s",
	    l.check_error);
	snprintf(ps->customer_number, sizeof(ps->customer_number), "%s",
	    l.acct.customer_number);
	snprintf(ps->contract_number, sizeof(ps->contract_number), "%s",
	    l.acct.contract_number);
	ps->good_standing = l.contract_good;
	explicit_bzero(&l.acct, sizeof(l.acct));
	if (l.checked_at == 0)
		ps->reason = "unverified";
	else if (ps->contract_number[0])
		ps->reason = l.contract_good ? NULL : "contract_standing";
	else
		ps->reason = l.has_card ? NULL : "no_payment";
	ps->valid = ps->reason == NULL;
	return E_OK;
}

enum rerr
payment_state(struct db *db, int64_t merchant_id, int64_t now,
    struct pay_state *ps)
{
	sqlite3_stmt *st = db_stmt(db, SQL_CONTRACT);
	struct pay_card cards[PAY_MAX_CARDS];
	enum rerr e;
	int rc, n;

	memset(ps, 0, sizeof(*ps));
	if (!carrier_self_issued())
		return carrier_state(db, merchant_id, ps);
	if (st == NULL || db_bind(st, "i", merchant_id) != E_OK)
		return E_DB;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		ps->kind = PAY_CONTRACT;
		snprintf(ps->customer_number, sizeof(ps->customer_number), "%s",
		    db_text(st, 0));
		snprintf(ps->contract_number, sizeof(ps->contract_number), "%s",
		    db_text(st, 1));
		ps->good_standing = sqlite3_column_int(st, 2) != 0;
		ps->pending = sqlite3_column_int(st, 3) == 0;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_err(db, rc);
	if (ps->kind == PAY_CONTRACT) {
		ps->valid = ps->good_standing && !ps->pending;
		ps->reason = ps->valid ? NULL : ps->pending ?
		    "contract_pending" : "contract_standing";
		return E_OK;
	}
	if ((e = payment_cards(db, merchant_id, cards, &n)) != E_OK)
		return e;
	if (n == 0 || !cards[0].is_default) {
		ps->reason = "no_payment";
		return E_OK;
	}
	ps->kind = PAY_CARD;
	ps->card = cards[0];
	ps->days_left = card_days_left(cards[0].exp_month, cards[0].exp_year,
	    now);
	ps->valid = card_valid_at(cards[0].exp_month, cards[0].exp_year, now);
	ps->reason = ps->valid ? NULL : "card_expired";
	return E_OK;
}

static const char SQL_COUNT[] =
    "SELECT count(*) FROM cards WHERE merchant_id = ?";
static const char SQL_ADD[] =
    "INSERT INTO cards (merchant_id, brand, last4, exp_month, exp_year,"
    " token, is_default, created_at) VALUES (?, ?, ?, ?, ?, ?, 0, ?)";
static const char SQL_CLEAR_DEFAULT[] =
    "UPDATE cards SET is_default = 0 WHERE merchant_id = ?";
static const char SQL_SET_DEFAULT[] =
    "UPDATE cards SET is_default = 1 WHERE merchant_id = ? AND id = ?";
static const char SQL_REMOVE[] =
    "DELETE FROM cards WHERE merchant_id = ? AND id = ?";
static const char SQL_NEWEST[] =
    "UPDATE cards SET is_default = 1 WHERE id ="
    " (SELECT id FROM cards WHERE merchant_id = ? ORDER BY id DESC LIMIT 1)"
    " AND NOT EXISTS (SELECT 1 FROM cards WHERE merchant_id = ?"
    " AND is_default = 1)";

static int
count_cards(struct db *db, int64_t merchant_id)
{
	sqlite3_stmt *st = db_stmt(db, SQL_COUNT);
	int n = -1;

	if (st == NULL || db_bind(st, "i", merchant_id) != E_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	return n;
}

static enum rerr
make_default(struct db *db, int64_t merchant_id, int64_t card_id)
{
	enum rerr e;

	if ((e = db_exec(db, SQL_CLEAR_DEFAULT, "i", merchant_id)) != E_OK ||
	    (e = db_exec(db, SQL_SET_DEFAULT, "ii", merchant_id, card_id))
	    != E_OK)
		return e;
	return sqlite3_changes(db_handle(db)) == 1 ? E_OK : E_NOTFOUND;
}

enum rerr
payment_add_card(struct db *db, int64_t merchant_id, int64_t user_id,
    const struct card_info *ci, const char *token, bool dflt, int64_t now)
{
	enum rerr e;
	int n;
	int64_t id;
	char detail[64];

	if ((e = db_begin(db)) != E_OK)
		return e;
	if ((n = count_cards(db, merchant_id)) < 0) {
		e = E_DB;
		goto fail;
	}
	if (n >= PAY_MAX_CARDS) {
		e = E_DENIED;
		goto fail;
	}
	if ((e = db_exec(db, SQL_ADD, "ittddti", merchant_id,
	    card_brand_name(ci->brand), ci->last4, ci->exp_month, ci->exp_year,
	    token, now)) != E_OK)
		goto fail;
	id = sqlite3_last_insert_rowid(db_handle(db));
	if ((n == 0 || dflt) && (e = make_default(db, merchant_id, id)) != E_OK)
		goto fail;
	snprintf(detail, sizeof(detail), "%s %s", card_brand_name(ci->brand),
	    ci->last4);
	if ((e = audit(db, merchant_id, user_id, now, "card.add", detail))
	    != E_OK)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return e;
}

enum rerr
payment_set_default(struct db *db, int64_t merchant_id, int64_t user_id,
    int64_t card_id, int64_t now)
{
	enum rerr e;

	if ((e = db_begin(db)) != E_OK)
		return e;
	if ((e = make_default(db, merchant_id, card_id)) != E_OK ||
	    (e = audit(db, merchant_id, user_id, now, "card.default", ""))
	    != E_OK) {
		db_rollback(db);
		return e;
	}
	return db_commit(db);
}

enum rerr
payment_remove_card(struct db *db, int64_t merchant_id, int64_t user_id,
    int64_t card_id, int64_t now)
{
	enum rerr e;

	if ((e = db_begin(db)) != E_OK)
		return e;
	if ((e = db_exec(db, SQL_REMOVE, "ii", merchant_id, card_id)) != E_OK)
		goto fail;
	if (sqlite3_changes(db_handle(db)) != 1) {
		e = E_NOTFOUND;
		goto fail;
	}
	if ((e = db_exec(db, SQL_NEWEST, "ii", merchant_id, merchant_id))
	    != E_OK ||
	    (e = audit(db, merchant_id, user_id, now, "card.remove", ""))
	    != E_OK)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return e;
}

static const char SQL_SET_CONTRACT[] =
    "INSERT INTO contracts (merchant_id, customer_number, contract_number,"
    " good_standing, verified, updated_at) VALUES (?1, ?2, ?3, 0, 0, ?4)"
    " ON CONFLICT(merchant_id) DO UPDATE SET"
    " good_standing = CASE WHEN customer_number = ?2 AND contract_number = ?3"
    "  THEN good_standing ELSE 0 END,"
    " verified = CASE WHEN customer_number = ?2 AND contract_number = ?3"
    "  THEN verified ELSE 0 END,"
    " customer_number = ?2, contract_number = ?3, updated_at = ?4";
static const char SQL_STANDING[] =
    "UPDATE contracts SET good_standing = ?, verified = 1, updated_at = ?"
    " WHERE merchant_id = ?";

enum rerr
payment_set_contract(struct db *db, int64_t merchant_id, int64_t user_id,
    const char *customer, const char *contract, int64_t now)
{
	enum rerr e;

	if ((e = db_begin(db)) != E_OK)
		return e;
	if ((e = db_exec(db, SQL_SET_CONTRACT, "itti", merchant_id, customer,
	    contract, now)) != E_OK ||
	    (e = audit(db, merchant_id, user_id, now, "contract.set",
	    contract)) != E_OK) {
		db_rollback(db);
		return e;
	}
	return db_commit(db);
}

enum rerr
payment_set_standing(struct db *db, int64_t merchant_id, bool good,
    int64_t now)
{
	enum rerr e;

	if ((e = db_begin(db)) != E_OK)
		return e;
	if ((e = db_exec(db, SQL_STANDING, "dii", good ? 1 : 0, now,
	    merchant_id)) != E_OK)
		goto fail;
	if (sqlite3_changes(db_handle(db)) != 1) {
		e = E_NOTFOUND;
		goto fail;
	}
	if ((e = audit(db, merchant_id, 0, now, good ? "contract.good" :
	    "contract.not_good", "billing")) != E_OK)
		goto fail;
	return db_commit(db);
fail:
	db_rollback(db);
	return e;
}
