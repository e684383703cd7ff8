/* payment.c -- Account > Payment: credit cards (one default) or a
 * parcel-services contract. The card number and CVV go from the form to
 * card_tokenize() and nowhere else: never stored, logged or put back in
 * the page. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "returns/card.h"
#include "returns/form.h"
#include "returns/page.h"
#include "returns/payment.h"
#include "dashboard.h"

static const char *const months[] = { "01", "02", "03", "04", "05", "06",
    "07", "08", "09", "10", "11", "12", NULL };
static const char *const month_labels[] = { "month.01", "month.02",
    "month.03", "month.04", "month.05", "month.06", "month.07", "month.08",
    "month.09", "month.10", "month.11", "month.12", NULL };

enum { C_NUMBER, C_MONTH, C_YEAR, C_CVV, C_DEFAULT, C__N };
static const struct field card_fields[C__N] = {
	{ "number", F_PASSWORD, 1, 12, 30, NULL, NULL },
	{ "exp_month", F_CHOICE, 1, 0, 2, months, month_labels },
	{ "exp_year", F_TEXT, 1, 2, 4, NULL, NULL },
	{ "cvv", F_PASSWORD, 1, 3, 4, NULL, NULL },
	{ "make_default", F_CHECK, 0, 0, 1, NULL, NULL },
};

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
	if (status != 200)
		tdict_set(tdict_add_section(pg.body, "ALERT"), "alert",
		    T_(r, "form.fix"));
	if (ps.kind == PAY_CONTRACT) {
		struct tdict *c = tdict_add_section(pg.body, "HAS_CONTRACT");
		tdict_set(c, "cur_customer", ps.customer_number);
		tdict_set(c, "cur_contract", ps.contract_number);
		tdict_set(c, "standing", T_(r, ps.good_standing ?
		    "payment.standing_good" : "payment.standing_bad"));
	}
	if (n == 0)
		tdict_show(pg.body, "NO_CARDS");
	for (int i = 0; i < n; i++) {
		struct tdict *c = tdict_add_section(pg.body, "card");
		tdict_set_int(c, "id", cards[i].id);
		tdict_set(c, "brand", T_(r, arena_printf(r->arena, "brand.%s",
		    cards[i].brand)));
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

enum rerr
payment_card_post(struct req *r)
{
	struct fval v[C__N];
	struct card_info ci;
	char token[128];
	const char *which = NULL;
	enum card_err ce;
	enum rerr e;

	if (form_read(r, card_fields, C__N, v) > 0)
		return payment_page(r, v, NULL, 400);
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
	http_redirect(r, "/account/payment?done=1");
	return E_OK;
}

enum rerr
payment_contract_post(struct req *r)
{
	struct fval v[K__N];
	int errors = form_read(r, contract_fields, K__N, v);
	enum rerr e;

	for (int i = 0; i < K__N; i++)
		if (!v[i].err && !digits(v[i].val)) {
			v[i].err = "err.digits";
			errors++;
		}
	if (errors)
		return payment_page(r, NULL, v, 400);
	if ((e = payment_set_contract(r->db, r->sess.merchant_id,
	    r->sess.user_id, v[K_CUSTOMER].val, v[K_CONTRACT].val, r->now))
	    != E_OK)
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

	if ((e = card_id(r, &id)) != E_OK ||
	    (e = payment_remove_card(r->db, r->sess.merchant_id,
	    r->sess.user_id, id, r->now)) != E_OK)
		return e;
	http_redirect(r, "/account/payment?done=1");
	return E_OK;
}
