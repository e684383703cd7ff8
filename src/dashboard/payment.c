/* payment.c -- Account > Payment: credit cards (one default) or a
 * parcel-services contract. The card number and CVV go from the form to
 * card_tokenize() and nowhere else: never stored, logged or put back in
 * the page. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "returns/calendar.h"
#include "returns/card.h"
#include "returns/carrier.h"
#include "returns/carrier_link.h"
#include "returns/config.h"
#include "returns/policy.h"
#include "returns/form.h"
#include "returns/page.h"
#include "returns/payment.h"
#include "dashboard.h"

static const char *const months[] = { "01", "02", "03", "04", "05", "06",
    "07", "08", "09", "10", "11", "12", NULL };
static const char *const month_labels[] = { "month.01", "month.02",
    "month.03", "month.04", "month.05", "month.06", "month.07", "month.08",
    "month.09", "month.10", "month.11", "month.12", NULL };

enum { C_NUMBER, C_MONTH, C_YEAR, C_CVV, C_DEFAULT, C_BACK, C__N };
static const struct field card_fields[C__N] = {
	{ "number", F_PASSWORD, 1, 12, 30, NULL, NULL },
	{ "exp_month", F_CHOICE, 1, 0, 2, months, month_labels },
	{ "exp_year", F_TEXT, 1, 2, 4, NULL, NULL },
	{ "cvv", F_PASSWORD, 1, 3, 4, NULL, NULL },
	{ "make_default", F_CHECK, 0, 0, 1, NULL, NULL },
	{ "back", F_TEXT, 0, 0, 100, NULL, NULL },
};

/* Where a merchant sent to add a payment method goes back to: the new
 * policy form they came from, or nowhere (this page). */
static const char *
back_of(const char *v)
{
	return v != NULL && strcmp(v, "/policies/new") == 0 ? v : NULL;
}

enum { K_CUSTOMER, K_CONTRACT, K__N };
static const struct field contract_fields[K__N] = {
	{ "customer_number", F_TEXT, 1, 7, 10, NULL, NULL },
	{ "contract_number", F_TEXT, 1, 7, 10, NULL, NULL },
};

static bool
digits(const char *s)
{
	return *s && strspn(s, "0123456789") == strlen(s);
}

/* The linked Canada Post account (the carrier bills): no card form. */
static void
carrier_section(struct req *r, struct tdict *body, const struct pay_state *ps)
{
	struct tdict *c = tdict_add_section(body, "CARRIER"), *l;

	if (!ps->linked) {
		tdict_show(c, "NOT_LINKED");
		return;
	}
	l = tdict_add_section(c, "LINKED");
	tdict_set(l, "cur_customer", ps->customer_number);
	tdict_set(l, "cur_contract", ps->contract_number[0] ?
	    ps->contract_number : "\xe2\x80\x94");
	if (ps->contract_number[0])
		tdict_set(tdict_add_section(l, "WITH_CONTRACT"), "standing",
		    T_(r, ps->good_standing ? "payment.standing_good" :
		    "payment.standing_bad"));
	tdict_set(l, "card_on_file", T_(r, ps->has_card ?
	    "payment.cp_card_yes" : "payment.cp_card_no"));
	tdict_set(l, "checked", ps->checked_at ? tz_format(r->arena,
	    ps->checked_at, r->sess.tz, true) : T_(r, "payment.cp_never"));
	if (ps->check_error[0])
		tdict_set(tdict_add_section(l, "CHECK_ERROR"), "check_error",
		    T_(r, arena_printf(r->arena, "carrier.err.%s",
		    ps->check_error)));
	tdict_set(l, "state_class", ps->valid ? "notice ok" : "notice bad");
	tdict_set(l, "state", ps->valid ? T_(r, "payment.cp_ok") :
	    arena_printf(r->arena, "%s %s", T_(r, "payment.cp_bad"),
	    T_of(r, "reason", ps->reason)));
}

static enum rerr
payment_page(struct req *r, const struct fval *card, const struct fval *con,
    int status)
{
	struct page pg;
	struct pay_state ps;
	struct pay_card cards[PAY_MAX_CARDS];
	struct fval def[C__N];
	int n;
	enum rerr e;

	if ((e = payment_state(r->db, r->sess.merchant_id, r->now, &ps))
	    != E_OK ||
	    (e = payment_cards(r->db, r->sess.merchant_id, cards, &n)) != E_OK)
		return e;
	page_init(&pg, r, "payment.tpl", "payment.title", NULL);
	if (kv_get(&r->query, "needed"))
		tdict_show(pg.body, "NEEDED");
	if (kv_get(&r->query, "done"))
		tdict_set(tdict_add_section(pg.body, "DONE"), "done",
		    T_(r, "payment.saved"));
	else if (kv_get(&r->query, "linked"))
		tdict_set(tdict_add_section(pg.body, "DONE"), "done",
		    T_(r, "payment.cp_linked"));
	if (status != 200)
		tdict_set(tdict_add_section(pg.body, "ALERT"), "alert",
		    T_(r, "form.fix"));
	if (ps.kind == PAY_CARRIER) {
		carrier_section(r, pg.body, &ps);
		return page_send(&pg, r, status);
	}
	tdict_show(pg.body, "LOCAL");
	if (ps.kind == PAY_CONTRACT) {
		struct tdict *c = tdict_add_section(pg.body, "HAS_CONTRACT");
		tdict_set(c, "cur_customer", ps.customer_number);
		tdict_set(c, "cur_contract", ps.contract_number);
		tdict_set(c, "standing", T_(r, ps.pending ?
		    "payment.standing_pending" : ps.good_standing ?
		    "payment.standing_good" : "payment.standing_bad"));
	}
	if (n == 0)
		tdict_show(pg.body, "NO_CARDS");
	for (int i = 0; i < n; i++) {
		struct tdict *c = tdict_add_section(pg.body, "card");
		tdict_set_int(c, "id", cards[i].id);
		tdict_set(c, "brand", T_of(r, "brand", cards[i].brand));
		tdict_set(c, "last4", cards[i].last4);
		tdict_set(c, "exp", arena_printf(r->arena, "%02d/%04d",
		    cards[i].exp_month, cards[i].exp_year));
		if (cards[i].is_default)
			tdict_show(c, "is_default");
		else
			tdict_show(c, "not_default");
		if (!card_valid_at(cards[i].exp_month, cards[i].exp_year,
		    r->now))
			tdict_show(c, "expired");
	}
	if (card == NULL) {
		memset(def, 0, sizeof(def));
		for (int i = 0; i < C__N; i++)
			def[i].val = "";
		/* sent here by the new policy form: back there after */
		if (kv_get(&r->query, "needed"))
			def[C_BACK].val = "/policies/new";
		card = def;
	}
	form_fill(r, pg.body, card_fields, C__N, card);
	form_fill(r, pg.body, contract_fields, K__N, con);
	return page_send(&pg, r, status);
}

enum rerr
payment_get(struct req *r)
{
	return payment_page(r, NULL, NULL, 200);
}

/* With the carrier billing, cards and contracts are the carrier's: these
 * forms do not exist. */
static bool
local_only(struct req *r)
{
	if (carrier_self_issued())
		return false;
	page_error(r, 404, "error.404");
	return true;
}

enum rerr
payment_card_post(struct req *r)
{
	struct fval v[C__N];
	struct card_info ci;
	char token[128];
	const char *which = NULL;
	enum card_err ce;
	enum rerr e;
	int errors;

	if (local_only(r))
		return E_OK;
	errors = form_read(r, card_fields, C__N, v);
	/* every mistake at once, beside its field (the number and CVV are
	 * never put back; month and year are) */
	{
		enum card_err ferr[3];
		const int fld[3] = { C_NUMBER, C_YEAR, C_CVV };

		if (!card_check_fields(v[C_NUMBER].val, v[C_MONTH].val,
		    v[C_YEAR].val, v[C_CVV].val, r->now, ferr))
			for (int i = 0; i < 3; i++)
				if (ferr[i] != CARD_OK && !v[fld[i]].err &&
				    !(i == 1 && v[C_MONTH].err)) {
					v[fld[i]].err = card_err_key(ferr[i]);
					errors++;
				}
	}
	if (errors > 0)
		return payment_page(r, v, NULL, 400);
	/* a card already on file: said, not added twice */
	{
		struct card_info got;
		struct pay_card cards[PAY_MAX_CARDS];
		int n;

		if (card_check(v[C_NUMBER].val, v[C_MONTH].val, v[C_YEAR].val,
		    v[C_CVV].val, r->now, &got, NULL) == CARD_OK &&
		    payment_cards(r->db, r->sess.merchant_id, cards, &n) ==
		    E_OK)
			for (int i = 0; i < n; i++)
				if (strcmp(cards[i].brand,
				    card_brand_name(got.brand)) == 0 &&
				    strcmp(cards[i].last4, got.last4) == 0 &&
				    cards[i].exp_month == got.exp_month &&
				    cards[i].exp_year == got.exp_year) {
					v[C_NUMBER].err = "payment.on_file";
					return payment_page(r, v, NULL, 400);
				}
	}
	ce = card_tokenize(gateway_default(), v[C_NUMBER].val, v[C_MONTH].val,
	    v[C_YEAR].val, v[C_CVV].val, r->now, &ci, token, sizeof(token),
	    &which);
	if (ce != CARD_OK) {
		int f = which == NULL ? C_NUMBER :
		    strcmp(which, "cvv") == 0 ? C_CVV :
		    strcmp(which, "exp") == 0 ? C_YEAR : C_NUMBER;
		v[f].err = card_err_key(ce);
		return payment_page(r, v, NULL, 400);
	}
	e = payment_add_card(r->db, r->sess.merchant_id, r->sess.user_id, &ci,
	    token, *v[C_DEFAULT].val == '1', r->now);
	if (e == E_DENIED) {
		v[C_NUMBER].err = "payment.too_many";
		return payment_page(r, v, NULL, 400);
	}
	if (e != E_OK)
		return e;
	http_redirect(r, back_of(v[C_BACK].val) ? back_of(v[C_BACK].val) :
	    "/account/payment?done=1");
	return E_OK;
}

enum rerr
payment_contract_post(struct req *r)
{
	struct fval v[K__N];
	int errors;
	enum rerr e;

	if (local_only(r))
		return E_OK;
	errors = form_read(r, contract_fields, K__N, v);
	for (int i = 0; i < K__N; i++)
		if (!v[i].err && !digits(v[i].val)) {
			v[i].err = "err.digits";
			errors++;
		}
	if (errors)
		return payment_page(r, NULL, v, 400);
	e = payment_set_contract(r->db, r->sess.merchant_id, r->sess.user_id,
	    v[K_CUSTOMER].val, v[K_CONTRACT].val, r->now);
	if (e == E_EXISTS) {	/* another merchant's contract */
		v[K_CONTRACT].err = "payment.contract_taken";
		return payment_page(r, NULL, v, 400);
	}
	if (e != E_OK)
		return e;
	http_redirect(r, "/account/payment?done=1");
	return E_OK;
}

static enum rerr
card_id(struct req *r, int64_t *id)
{
	char *end;
	long long v = strtoll(r->args[0], &end, 10);

	if (*end != '\0' || v <= 0 || !digits(r->args[0]))
		return E_NOTFOUND;
	*id = v;
	return E_OK;
}

enum rerr
payment_default_post(struct req *r)
{
	int64_t id;
	enum rerr e;

	if (local_only(r))
		return E_OK;
	if ((e = card_id(r, &id)) != E_OK ||
	    (e = payment_set_default(r->db, r->sess.merchant_id,
	    r->sess.user_id, id, r->now)) != E_OK)
		return e;
	http_redirect(r, "/account/payment?done=1");
	return E_OK;
}

enum rerr
payment_remove_post(struct req *r)
{
	int64_t id;
	enum rerr e;

	if (local_only(r))
		return E_OK;
	if ((e = card_id(r, &id)) != E_OK ||
	    (e = payment_remove_card(r->db, r->sess.merchant_id,
	    r->sess.user_id, id, r->now)) != E_OK)
		return e;
	http_redirect(r, "/account/payment?done=1");
	return E_OK;
}

/* ---- the carrier's account (canadapost) ---- */

/* The page again with one message (ok or not). */
static enum rerr
carrier_result(struct req *r, const char *msg, bool ok, int status)
{
	struct page pg;
	struct pay_state ps;
	enum rerr e;

	if ((e = payment_state(r->db, r->sess.merchant_id, r->now, &ps)) !=
	    E_OK)
		return e;
	page_init(&pg, r, "payment.tpl", "payment.title", NULL);
	tdict_set(tdict_add_section(pg.body, ok ? "DONE" : "ALERT"),
	    ok ? "done" : "alert", msg);
	carrier_section(r, pg.body, &ps);
	return page_send(&pg, r, status);
}

/* POST /account/payment/link: a registration token, then Canada Post's
 * sign-in page; the merchant comes back to /account/payment/linked. */
enum rerr
payment_link_post(struct req *r)
{
	char url[2048];
	const char *ret = arena_printf(r->arena, "%s/account/payment/linked",
	    config_base_url_trimmed());
	enum carrier_err ce;
	enum rerr e;

	if (carrier_self_issued()) {
		page_error(r, 404, "error.404");
		return E_OK;
	}
	e = carrier_link_reg_start(r->db, r->sess.merchant_id, ret,
	    lang_code(r->lang), r->now, url, sizeof(url), &ce);
	if (e == E_DENIED)
		return carrier_result(r, T_(r, carrier_err_key(ce)), false,
		    503);
	if (e != E_OK)
		return e;
	http_redirect_out(r, url);
	return E_OK;
}

/* GET /account/payment/linked?token-id=...&registration-status=...: back
 * from Canada Post's sign-in. */
enum rerr
payment_linked_get(struct req *r)
{
	const char *token = kv_get(&r->query, "token-id");
	const char *status = kv_get(&r->query, "registration-status");
	enum carrier_err ce;
	enum rerr e;

	if (carrier_self_issued()) {
		page_error(r, 404, "error.404");
		return E_OK;
	}
	if (token == NULL || status == NULL ||
	    strcmp(status, "SUCCESS") != 0)
		return carrier_result(r, T_(r, "payment.cp_link_failed"),
		    false, 400);
	e = carrier_link_reg_finish(r->db, r->sess.merchant_id, token, r->now,
	    &ce);
	if (e == E_NOTFOUND)
		return carrier_result(r, T_(r, "payment.cp_link_failed"),
		    false, 400);
	if (e == E_EXISTS)
		return carrier_result(r, T_(r, "payment.cp_taken"), false, 409);
	if (e == E_DENIED)
		return carrier_result(r, T_(r, carrier_err_key(ce)), false,
		    503);
	if (e != E_OK)
		return e;
	if (ce == CE_OK) {	/* linked and read: policies may come back */
		int lifted = 0;
		if ((e = billing_recheck(r->db, r->sess.merchant_id, r->now,
		    &ce, &lifted)) != E_OK)
			return e;
	}
	http_redirect(r, "/account/payment?linked=1");
	return E_OK;
}

/* POST /account/payment/check: "Check again". */
enum rerr
payment_check_post(struct req *r)
{
	enum carrier_err ce;
	int lifted = 0;
	enum rerr e;

	if (carrier_self_issued()) {
		page_error(r, 404, "error.404");
		return E_OK;
	}
	if ((e = billing_recheck(r->db, r->sess.merchant_id, r->now, &ce,
	    &lifted)) != E_OK)
		return e;
	if (ce != CE_OK)
		return carrier_result(r, T_(r, carrier_err_key(ce)), false,
		    ce == CE_UNREACHABLE || ce == CE_RATE_LIMITED ? 503 : 200);
	if (lifted > 0)
		return carrier_result(r, T_n(r, "payment.cp_restored", lifted),
		    true, 200);
	return carrier_result(r, T_(r, "payment.cp_checked_ok"), true, 200);
}
