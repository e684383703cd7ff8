/* policies.c -- the Return policies tab: list, create, edit, details,
 * activate, deactivate, delete, the link's QR code, and the banners about
 * suspensions and the payment method. Rules live in src/lib/policy.c. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "returns/calendar.h"
#include "returns/canada.h"
#include "returns/carrier.h"
#include "returns/config.h"
#include "returns/form.h"
#include "returns/page.h"
#include "returns/payment.h"
#include "returns/policy.h"
#include "returns/shipment.h"
#include "returns/valid.h"
#include "returns/qr.h"
#include "dashboard.h"

static const char *const channels[] = { "online", "post_office", "both",
    NULL };
static const char *const channel_labels[] = { "channel.online",
    "channel.post_office", "channel.both", NULL };
static const char *const services_all[] = { "priority", "xpresspost",
    "expedited", "regular", NULL };
static const char *const service_labels_all[] = { "service.priority",
    "service.xpresspost", "service.expedited", "service.regular", NULL };
static const char *const services_card[] = { "priority", "xpresspost",
    "regular", NULL };
static const char *const service_labels_card[] = { "service.priority",
    "service.xpresspost", "service.regular", NULL };
static const char *const formats[] = { "letter", "4x6", NULL };
static const char *const format_labels[] = { "format.letter", "format.4x6",
    NULL };

enum { P_NAME, P_CHANNEL, P_SECURE, P_BOXFREE, P_SERVICE, P_COMPANY,
    P_CONTACT, P_LINE1, P_LINE2, P_CITY, P_PROVINCE, P_POSTAL, P_RA,
    P_ORDER_EN, P_ORDER_FR, P_FORMAT, P_INSTR_EN, P_INSTR_FR, P_LIMIT,
    P_WEIGHT, P_RS1, P_RS2, P_RS3, P_RS4, P_REASONS_EN, P_REASONS_FR, P__N };

static const struct field policy_fields[P__N] = {
	{ "name", F_TEXT, 1, 1, 60, NULL, NULL },
	{ "channel", F_CHOICE, 1, 0, 20, channels, channel_labels },
	{ "secure_labels", F_CHECK, 0, 0, 1, NULL, NULL },
	{ "box_free", F_CHECK, 0, 0, 1, NULL, NULL },
	{ "service", F_CHOICE, 1, 0, 20, services_all, service_labels_all },
	{ "company", F_TEXT, 1, 1, 44, NULL, NULL },
	{ "contact", F_TEXT, 1, 1, 44, NULL, NULL },
	{ "line1", F_TEXT, 1, 1, 44, NULL, NULL },
	{ "line2", F_TEXT, 0, 0, 44, NULL, NULL },
	{ "city", F_TEXT, 1, 1, 40, NULL, NULL },
	{ "province", F_CHOICE, 1, 0, 2, canada_provinces,
	    canada_province_keys },
	{ "postal", F_TEXT, 1, 6, 7, NULL, NULL },
	{ "ra_required", F_CHECK, 0, 0, 1, NULL, NULL },
	{ "order_q_en", F_TEXT, 0, 0, 15, NULL, NULL },
	{ "order_q_fr", F_TEXT, 0, 0, 15, NULL, NULL },
	{ "label_format", F_CHOICE, 1, 0, 6, formats, format_labels },
	{ "instructions_en", F_MULTILINE, 0, 0, 1000, NULL, NULL },
	{ "instructions_fr", F_MULTILINE, 0, 0, 1000, NULL, NULL },
	{ "daily_limit", F_TEXT, 0, 0, 6, NULL, NULL },
	{ "default_weight", F_TEXT, 0, 0, 6, NULL, NULL },
	/* the catalogue's reasons it offers (shipment_reasons' order) */
	{ "reason_wrong_size", F_CHECK, 0, 0, 1, NULL, NULL },
	{ "reason_damaged", F_CHECK, 0, 0, 1, NULL, NULL },
	{ "reason_not_as_described", F_CHECK, 0, 0, 1, NULL, NULL },
	{ "reason_not_needed", F_CHECK, 0, 0, 1, NULL, NULL },
	/* its own, one a line in each language */
	{ "reasons_en", F_MULTILINE, 0, 0, 600, NULL, NULL },
	{ "reasons_fr", F_MULTILINE, 0, 0, 600, NULL, NULL },
};

/* The field table for this merchant: Expedited Parcel only on contract. */
static void
fields_for(const struct pay_state *ps, struct field f[P__N])
{
	memcpy(f, policy_fields, sizeof(policy_fields));
	if (ps->kind != PAY_CONTRACT) {
		f[P_SERVICE].choices = services_card;
		f[P_SERVICE].labels = service_labels_card;
	}
}

/* a time in the merchant's time zone, as the Returns tab shows them */
static const char *
date_of(struct req *r, int64_t t)
{
	return tz_format(r->arena, t, r->sess.tz, true);
}

static const char *
link_url(struct req *r, const struct policy *p)
{
	char tok[POLICY_LINK_HEX + 1];

	/* printed on packing slips: from base_url, never from the
	 * request's Host header or scheme */
	if (policy_link_token(p, tok) != E_OK)
		return "";
	return arena_printf(r->arena, "%s/r/%s", config_base_url_trimmed(),
	    tok);
}

/* Suspension and payment banners on the tab's pages (banners.tpl);
 * *susp says the suspension banner is there (its cause and what to do). */
static enum rerr
banners(struct req *r, struct page *pg, struct pay_state *ps, bool *susp)
{
	struct tdict *d = tdict_add_include(pg->body, "BANNERS", "banners.tpl",
	    r->lang);
	struct suspension *s;
	size_t n;
	enum rerr e;

	if ((e = payment_state(r->db, r->sess.merchant_id, r->now, ps)) != E_OK)
		return e;
	if ((e = billing_list(r->db, r->sess.merchant_id, r->arena, &s, &n))
	    != E_OK)
		return e;
	*susp = n > 0;
	if (n > 0) {
		struct tdict *b = tdict_add_section(d, "SUSPENDED");
		for (size_t i = 0; i < n; i++)
			tdict_set(tdict_add_section(b, "susp"), "number",
			    s[i].number);
		tdict_show(b, ps->kind == PAY_CARRIER ? (ps->linked ?
		    "STEPS_CARRIER" : "STEPS_LINK") :
		    ps->kind == PAY_CONTRACT ? "STEPS_CONTRACT" : "STEPS_CARD");
		if (ps->kind != PAY_CARRIER && config_billing_contact() != NULL)
			tdict_set(tdict_add_section(b, "CONTACT"), "contact",
			    config_billing_contact());
	}
	if (ps->kind == PAY_NONE)
		tdict_show(d, "NO_PAYMENT");
	else if (ps->kind == PAY_CARRIER && !ps->linked && n == 0)
		tdict_show(d, "NEED_LINK");	/* once: not beside the above */
	else if (ps->kind == PAY_CARD && ps->valid &&
	    ps->days_left <= CARD_WARN_DAYS) {
		struct tdict *w = tdict_add_section(d, "CARD_EXPIRING");
		tdict_set(w, "card_warning", T_n(r, "payment.expiring",
		    ps->days_left));
	}
	return E_OK;
}

static const char *
status_key(enum pol_status s)
{
	static const char *k[] = { "status.active", "status.inactive",
	    "status.suspended", "status.deleted" };
	return k[s];
}

static void
policy_summary(struct req *r, struct tdict *d, const struct policy *p)
{
	tdict_set(d, "number", p->number);
	tdict_set(d, "name", p->name);
	tdict_set(d, "channel", T_of(r, "channel", p->channel));
	tdict_set(d, "service", T_of(r, "service", p->service));
	tdict_set(d, "status", T_(r, status_key(p->status)));
	tdict_set(d, "status_id", policy_status_name(p->status));
	tdict_set(d, "updated", date_of(r, p->updated_at));
}

/* ---- the list ---- */

enum rerr
policies_list(struct req *r)
{
	struct page pg;
	struct pay_state ps;
	bool susp;
	struct policy *ps_list;
	size_t n;
	enum rerr e;

	page_init(&pg, r, "policies.tpl", "policies.title", "policies");
	if ((e = banners(r, &pg, &ps, &susp)) != E_OK ||
	    (e = policy_list(r->db, r->sess.merchant_id, r->arena, &ps_list,
	    &n)) != E_OK) {
		tdict_free(pg.root);
		return e;
	}
	if (kv_get(&r->query, "welcome") != NULL)
		tdict_show(pg.body, "WELCOME");
	if (kv_get(&r->query, "deleted") != NULL)
		tdict_set(tdict_add_section(pg.body, "DONE"), "done",
		    T_(r, "policy.deleted"));
	if (n == 0)
		tdict_show(pg.body, "EMPTY");
	else {
		struct tdict *t = tdict_add_section(pg.body, "TABLE");
		for (size_t i = 0; i < n; i++) {
			struct tdict *row = tdict_add_section(t, "row");
			policy_summary(r, row, &ps_list[i]);
			if (policy_has_link(&ps_list[i]))
				tdict_set(tdict_add_section(row, "LINK"),
				    "link", link_url(r, &ps_list[i]));
			if (ps_list[i].status == POL_ACTIVE)
				tdict_show(row, "can_deactivate");
			if (ps_list[i].status == POL_INACTIVE)
				tdict_show(row, "can_activate");
		}
	}
	return page_send(&pg, r, 200);
}

/* ---- create and edit ---- */

/* Reads and checks the form into p (strings from the request). */
static int
read_policy(struct req *r, const struct pay_state *ps, struct fval v[P__N],
    struct policy *p)
{
	struct field f[P__N];
	char postal[8];
	int errors;

	fields_for(ps, f);
	errors = form_read(r, f, P__N, v);
	if (!v[P_POSTAL].err && *v[P_POSTAL].val) {
		if (!canada_postal_normalize(v[P_POSTAL].val, postal)) {
			v[P_POSTAL].err = "err.postal";
			errors++;
		} else {
			v[P_POSTAL].val = arena_strdup(r->arena, postal);
			if (!v[P_PROVINCE].err &&
			    !canada_postal_matches_province(postal,
			    v[P_PROVINCE].val)) {
				v[P_POSTAL].err = "err.postal_province";
				errors++;
			}
		}
	}
	if (!v[P_ORDER_EN].err && !v[P_ORDER_FR].err &&
	    (*v[P_ORDER_EN].val != '\0') != (*v[P_ORDER_FR].val != '\0')) {
		v[*v[P_ORDER_EN].val ? P_ORDER_FR : P_ORDER_EN].err =
		    "err.order_q_both";
		errors++;
	}
	/* secure labels are QR codes printed at the post office: Canada
	 * Post's API has no call for them, only the local carrier */
	if (!v[P_SECURE].err && *v[P_SECURE].val == '1' &&
	    !carrier_offers_qr()) {
		v[P_SECURE].err = "policy.err.secure_carrier";
		errors++;
	}
	memset(p, 0, sizeof(*p));
	/* the daily ceiling: a whole number of labels, empty for the
	 * default */
	if (!v[P_LIMIT].err && *v[P_LIMIT].val != '\0') {
		char *end;
		long n = strtol(v[P_LIMIT].val, &end, 10);

		if (*end != '\0' || n < 1 || n > POLICY_LIMIT_MAX ||
		    !isdigit((unsigned char)*v[P_LIMIT].val)) {
			v[P_LIMIT].err = "err.daily_limit";
			errors++;
		} else
			p->daily_limit = (int)n;
	}
	/* the weight when a customer does not know it, in kg; empty for
	 * the default */
	if (!v[P_WEIGHT].err && *v[P_WEIGHT].val != '\0') {
		int g = weight_grams(v[P_WEIGHT].val, false);

		if (g < 0) {
			v[P_WEIGHT].err = "err.weight";
			errors++;
		} else
			p->default_weight_g = g;
	}
	/* the reasons: the catalogue's it keeps, then its own */
	{
		const char *codes[4];
		size_t nc = 0;
		const char *why;

		for (int i = 0; i < 4; i++)
			if (*v[P_RS1 + i].val == '1')
				codes[nc++] = shipment_reasons[i];
		if (!v[P_REASONS_EN].err && !v[P_REASONS_FR].err &&
		    (why = policy_reasons_build(r->arena, codes, nc,
		    v[P_REASONS_EN].val, v[P_REASONS_FR].val, &p->reasons))
		    != NULL) {
			v[P_REASONS_EN].err = why;
			errors++;
		}
	}
	p->merchant_id = r->sess.merchant_id;
	p->name = v[P_NAME].val;
	p->channel = v[P_CHANNEL].val;
	p->secure_labels = *v[P_SECURE].val == '1';
	p->box_free = *v[P_BOXFREE].val == '1';
	p->service = v[P_SERVICE].val;
	p->company = v[P_COMPANY].val;
	p->contact = v[P_CONTACT].val;
	p->line1 = v[P_LINE1].val;
	p->line2 = v[P_LINE2].val;
	p->city = v[P_CITY].val;
	p->province = v[P_PROVINCE].val;
	p->postal = v[P_POSTAL].val;
	p->ra_required = *v[P_RA].val == '1';
	p->order_q_en = v[P_ORDER_EN].val;
	p->order_q_fr = v[P_ORDER_FR].val;
	p->label_format = v[P_FORMAT].val;
	p->instructions_en = v[P_INSTR_EN].val;
	p->instructions_fr = v[P_INSTR_FR].val;
	return errors;
}

static void
values_of(struct req *r, const struct policy *p, struct fval v[P__N])
{
	memset(v, 0, sizeof(struct fval) * P__N);
	v[P_NAME].val = p->name;
	v[P_CHANNEL].val = p->channel;
	v[P_SECURE].val = p->secure_labels ? "1" : "";
	v[P_BOXFREE].val = p->box_free ? "1" : "";
	v[P_SERVICE].val = p->service;
	v[P_COMPANY].val = p->company;
	v[P_CONTACT].val = p->contact;
	v[P_LINE1].val = p->line1;
	v[P_LINE2].val = p->line2;
	v[P_CITY].val = p->city;
	v[P_PROVINCE].val = p->province;
	v[P_POSTAL].val = p->postal;
	v[P_RA].val = p->ra_required ? "1" : "";
	v[P_ORDER_EN].val = p->order_q_en;
	v[P_ORDER_FR].val = p->order_q_fr;
	v[P_FORMAT].val = p->label_format;
	v[P_INSTR_EN].val = p->instructions_en;
	v[P_INSTR_FR].val = p->instructions_fr;
	v[P_LIMIT].val = arena_printf(r->arena, "%d", p->daily_limit);
	/* the reasons back into the form */
	{
		struct reason_opt o[POLICY_REASON_OPTS];
		size_t n = policy_reasons(p, r->arena, o);
		struct buf en = { 0 }, fr = { 0 };

		for (int i = 0; i < 4; i++)
			v[P_RS1 + i].val = "";
		for (size_t i = 0; i < n; i++) {
			if (o[i].en != NULL) {
				buf_printf(&en, "%s\n", o[i].en);
				buf_printf(&fr, "%s\n", o[i].fr);
				continue;
			}
			for (int k = 0; k < 4; k++)
				if (strcmp(o[i].value, shipment_reasons[k]) == 0)
					v[P_RS1 + k].val = "1";
		}
		v[P_REASONS_EN].val = arena_strdup(r->arena, en.len ? en.data :
		    "");
		v[P_REASONS_FR].val = arena_strdup(r->arena, fr.len ? fr.data :
		    "");
		buf_free(&en);
		buf_free(&fr);
	}
	{
		int g = p->default_weight_g > 0 ? p->default_weight_g :
		    POLICY_WEIGHT_DEFAULT;
		char *w = arena_printf(r->arena, "%d.%03d", g / 1000, g % 1000);
		char *e = w + strlen(w);

		while (e[-1] == '0')
			*--e = '\0';
		if (e[-1] == '.')
			*--e = '\0';
		v[P_WEIGHT].val = w;
	}
}

static enum rerr
policy_form(struct req *r, const struct pay_state *ps, const char *number,
    const struct fval *v, int status)
{
	struct page pg;
	struct field f[P__N];

	fields_for(ps, f);
	page_init(&pg, r, "policy_form.tpl", number ? "policy.edit_title" :
	    "policy.new_title", "policies");
	if (number != NULL) {
		tdict_set(pg.body, "number", number);
		tdict_set(pg.body, "action", arena_printf(r->arena,
		    "/policies/%s/edit", number));
		tdict_show(pg.body, "EDIT");
	} else {
		tdict_set(pg.body, "action", "/policies/new");
		tdict_show(pg.body, "NEW");
	}
	if (ps->kind == PAY_CONTRACT)
		tdict_show(pg.body, "CONTRACT");
	form_fill(r, pg.body, f, P__N, v);
	if (status != 200)
		tdict_set(tdict_add_section(pg.body, "ALERT"), "alert",
		    T_(r, "form.fix"));
	return page_send(&pg, r, status);
}

/* A policy needs a valid payment method first. */
static enum rerr
need_payment(struct req *r, struct pay_state *ps, bool *ok)
{
	enum rerr e = payment_state(r->db, r->sess.merchant_id, r->now, ps);

	*ok = e == E_OK && ps->valid;
	if (e == E_OK && !ps->valid)
		http_redirect(r, "/account/payment?needed=1");
	return e;
}

enum rerr
policy_new_get(struct req *r)
{
	struct pay_state ps;
	struct fval v[P__N];
	bool ok;
	enum rerr e;

	if ((e = need_payment(r, &ps, &ok)) != E_OK || !ok)
		return e;
	memset(v, 0, sizeof(v));
	for (int i = 0; i < P__N; i++)
		v[i].val = "";
	v[P_CHANNEL].val = "both";
	v[P_SERVICE].val = "regular";
	v[P_PROVINCE].val = "ON";
	v[P_FORMAT].val = "letter";
	v[P_LIMIT].val = arena_printf(r->arena, "%d", POLICY_LIMIT_DEFAULT);
	v[P_COMPANY].val = r->sess.business;
	for (int i = 0; i < 4; i++)	/* the catalogue's reasons, all */
		v[P_RS1 + i].val = "1";
	return policy_form(r, &ps, NULL, v, 200);
}

enum rerr
policy_new_post(struct req *r)
{
	struct pay_state ps;
	struct fval v[P__N];
	struct policy p;
	bool ok;
	enum rerr e;

	if ((e = need_payment(r, &ps, &ok)) != E_OK || !ok)
		return e;
	if (read_policy(r, &ps, v, &p) > 0)
		return policy_form(r, &ps, NULL, v, 400);
	if ((e = policy_create(r->db, r->sess.user_id, &p, r->now, r->arena))
	    != E_OK)
		return e;
	http_redirect(r, arena_printf(r->arena, "/policies/%s?created=1",
	    p.number));
	return E_OK;
}

enum rerr
policy_edit_get(struct req *r)
{
	struct pay_state ps;
	struct policy p;
	struct fval v[P__N];
	enum rerr e;

	if ((e = policy_get(r->db, r->sess.merchant_id, r->args[0], r->arena,
	    &p)) != E_OK ||
	    (e = payment_state(r->db, r->sess.merchant_id, r->now, &ps))
	    != E_OK)
		return e;
	values_of(r, &p, v);
	return policy_form(r, &ps, p.number, v, 200);
}

enum rerr
policy_edit_post(struct req *r)
{
	struct pay_state ps;
	struct policy old, p;
	struct fval v[P__N];
	enum rerr e;

	if ((e = policy_get(r->db, r->sess.merchant_id, r->args[0], r->arena,
	    &old)) != E_OK ||
	    (e = payment_state(r->db, r->sess.merchant_id, r->now, &ps))
	    != E_OK)
		return e;
	/* a card account keeps an Expedited policy it got as a contract */
	if (read_policy(r, &ps, v, &p) > 0)
		return policy_form(r, &ps, old.number, v, 400);
	if ((e = policy_update(r->db, r->sess.user_id, old.number, &p, r->now,
	    r->arena)) != E_OK)
		return e;
	http_redirect(r, arena_printf(r->arena, "/policies/%s?saved=1",
	    old.number));
	return E_OK;
}

/* ---- details ---- */

static void
yes_no(struct req *r, struct tdict *d, const char *key, bool v)
{
	tdict_set(d, key, T_(r, v ? "yes" : "no"));
}

enum rerr
policy_view(struct req *r)
{
	struct page pg;
	struct pay_state ps;
	bool susp;
	struct policy p;
	struct policy_event *ev;
	size_t nev;
	enum rerr e;

	if ((e = policy_get(r->db, r->sess.merchant_id, r->args[0], r->arena,
	    &p)) != E_OK ||
	    (e = policy_history(r->db, r->sess.merchant_id, p.number, r->arena,
	    &ev, &nev)) != E_OK)
		return e;
	page_init(&pg, r, "policy.tpl", "policy.title", "policies");
	if ((e = banners(r, &pg, &ps, &susp)) != E_OK) {
		tdict_free(pg.root);
		return e;
	}
	tdict_set_global(pg.root, "NUMBER", p.number);
	policy_summary(r, pg.body, &p);
	yes_no(r, pg.body, "secure_labels", p.secure_labels);
	yes_no(r, pg.body, "box_free", p.box_free);
	yes_no(r, pg.body, "ra_required", p.ra_required);
	tdict_set(pg.body, "company", p.company);
	tdict_set(pg.body, "contact", p.contact);
	tdict_set(pg.body, "line1", p.line1);
	if (*p.line2)
		tdict_set(tdict_add_section(pg.body, "HAS_LINE2"), "line2",
		    p.line2);
	tdict_set(pg.body, "city", p.city);
	tdict_set(pg.body, "province", p.province);
	tdict_set(pg.body, "postal", p.postal);
	tdict_set(pg.body, "label_format", T_of(r, "format", p.label_format));
	tdict_set(pg.body, "daily_limit", T_n(r, "policy.daily_limit_value",
	    p.daily_limit));
	tdict_set(pg.body, "default_weight", T_kg(r, p.default_weight_g));
	/* the reasons customers choose from, as they read them */
	{
		struct reason_opt o[POLICY_REASON_OPTS];
		size_t n = policy_reasons(&p, r->arena, o);
		struct buf b = { 0 };

		for (size_t i = 0; i < n; i++)
			buf_printf(&b, "%s%s", i ? " · " : "",
			    T_reason(r, o[i].stored));
		tdict_set(pg.body, "reasons", b.data ? b.data : "");
		buf_free(&b);
	}
	if (*p.order_q_en) {
		struct tdict *o = tdict_add_section(pg.body, "ORDER_Q");
		tdict_set(o, "order_q_en", p.order_q_en);
		tdict_set(o, "order_q_fr", p.order_q_fr);
	} else
		tdict_show(pg.body, "NO_ORDER_Q");
	tdict_set(pg.body, "instructions_en", *p.instructions_en ?
	    p.instructions_en : T_(r, "policy.none"));
	tdict_set(pg.body, "instructions_fr", *p.instructions_fr ?
	    p.instructions_fr : T_(r, "policy.none"));
	if (policy_has_link(&p)) {
		struct tdict *l = tdict_add_section(pg.body, "LINK");
		tdict_set(l, "link", link_url(r, &p));
		/* a suspended policy: the banner alone says why and what to
		 * do (one notice, not three) */
		if (p.status == POL_INACTIVE ||
		    (p.status == POL_SUSPENDED && !susp))
			tdict_show(l, "LINK_OFF");
	} else
		tdict_show(pg.body, "NO_LINK");
	if (p.status == POL_ACTIVE)
		tdict_show(pg.body, "can_deactivate");
	if (p.status == POL_INACTIVE)
		tdict_show(pg.body, "can_activate");
	if (p.status == POL_SUSPENDED && !susp)
		tdict_show(pg.body, "IS_SUSPENDED");
	if (kv_get(&r->query, "created"))
		tdict_set(tdict_add_section(pg.body, "DONE"), "done",
		    T_(r, "policy.created"));
	else if (kv_get(&r->query, "saved"))
		tdict_set(tdict_add_section(pg.body, "DONE"), "done",
		    T_(r, "policy.saved"));
	else if (kv_get(&r->query, "done"))
		tdict_set(tdict_add_section(pg.body, "DONE"), "done",
		    T_s(r, p.status == POL_ACTIVE ? "policy.now_active" :
		    "policy.now_inactive", "number", p.number));
	else if (kv_get(&r->query, "why")) {
		const char *why = kv_get(&r->query, "why");
		if (strcmp(why, "payment") == 0 || strcmp(why, "suspended") == 0
		    || strcmp(why, "state") == 0)
			tdict_set(tdict_add_section(pg.body, "ALERT"), "alert",
			    T_(r, arena_printf(r->arena, "policy.err.%s",
			    why)));
	}
	for (size_t i = 0; i < nev; i++) {
		struct tdict *h = tdict_add_section(pg.body, "history");
		struct buf what = { 0 };
		const char *s = ev[i].detail;

		tdict_set(h, "at", date_of(r, ev[i].at));
		tdict_set(h, "who", strcmp(ev[i].actor, "billing") == 0 ?
		    T_(r, "history.billing") : ev[i].who);
		tdict_set(h, "action", T_of(r, "history", ev[i].action));
		/* detail: changed settings, or a suspension reason */
		while (*s) {
			size_t k = strcspn(s, ",");
			char key[64];
			snprintf(key, sizeof(key), "change.%.*s", (int)k, s);
			if (what.len)
				buf_puts(&what, ", ");
			buf_puts(&what, T_(r, key));
			s += k + (s[k] == ',');
		}
		tdict_set(h, "detail", what.len ? what.data : "");
		buf_free(&what);
	}
	return page_send(&pg, r, 200);
}

enum rerr
policy_qr(struct req *r)
{
	struct policy p;
	struct buf svg = { 0 };
	enum rerr e;

	if ((e = policy_get(r->db, r->sess.merchant_id, r->args[0], r->arena,
	    &p)) != E_OK)
		return e;
	if (!policy_has_link(&p))
		return E_NOTFOUND;
	if ((e = qr_svg(link_url(r, &p), 0, &svg)) != E_OK) {
		buf_free(&svg);
		return e;
	}
	http_open(r, 200, "image/svg+xml");
	http_write(r, svg.data, svg.len);
	buf_free(&svg);
	return E_OK;
}

/* ---- state changes ---- */

static enum rerr
act(struct req *r, enum pol_action a)
{
	const char *why;
	enum rerr e = policy_act(r->db, r->sess.merchant_id, r->sess.user_id,
	    r->args[0], a, r->now, &why);

	if (e == E_DENIED) {
		/* "policy.err.payment" -> why=payment */
		http_redirect(r, arena_printf(r->arena, "/policies/%s?why=%s",
		    r->args[0], strrchr(why, '.') + 1));
		return E_OK;
	}
	if (e != E_OK)
		return e;
	if (a == ACT_DELETE)
		http_redirect(r, "/policies/?deleted=1");
	else
		http_redirect(r, arena_printf(r->arena, "/policies/%s?done=1",
		    r->args[0]));
	return E_OK;
}

enum rerr
policy_activate(struct req *r)
{
	return act(r, ACT_ACTIVATE);
}

enum rerr
policy_deactivate(struct req *r)
{
	return act(r, ACT_DEACTIVATE);
}

enum rerr
policy_delete_post(struct req *r)
{
	return act(r, ACT_DELETE);
}

enum rerr
policy_delete_get(struct req *r)
{
	struct page pg;
	struct policy p;
	enum rerr e;

	if ((e = policy_get(r->db, r->sess.merchant_id, r->args[0], r->arena,
	    &p)) != E_OK)
		return e;
	page_init(&pg, r, "policy_delete.tpl", "policy.delete_title",
	    "policies");
	tdict_set(pg.body, "number", p.number);
	tdict_set(pg.body, "name", p.name);
	return page_send(&pg, r, 200);
}
