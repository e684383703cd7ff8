/* label.fcgi -- the customer's side, reached through a policy's direct
 * return link, without an account:
 *	GET  /r/<link>			the form (or why there is none)
 *	POST /r/<link>			create the return, then to its page
 *	GET  /r/t/<download>		the return: label or QR code, next steps
 *	GET  /r/t/<download>/label.pdf	the label, until it expires
 *	GET  /r/t/<download>/qr.svg	the code to show at the post office
 * Paths under /r/ hold secrets: they are not logged, and these pages send
 * no Referer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "returns/account.h"
#include "returns/calendar.h"
#include "returns/canada.h"
#include "returns/carrier.h"
#include "returns/crypto.h"
#include "returns/form.h"
#include "returns/label.h"
#include "returns/labeldoc.h"
#include "returns/log.h"
#include "returns/metrics.h"
#include "returns/page.h"
#include "returns/policy.h"
#include "returns/qr.h"
#include "returns/server.h"
#include "returns/shipment.h"
#include "returns/valid.h"

static const char *const methods[] = { "label", "qr", NULL };
static const char *const method_labels[] = { "ret.method_label",
    "ret.method_qr", NULL };
static const char *const methods_secure[] = { "qr", NULL };
static const char *const methods_label[] = { "label", NULL };
static const char *const method_labels_label[] = { "ret.method_label",
    NULL };
static const char *const method_labels_secure[] = { "ret.method_qr", NULL };

enum { F_NAME, F_LINE1, F_LINE2, F_CITY, F_PROVINCE, F_POSTAL, F_EMAILF,
    F_TRACKING, F_RA, F_ORDER, F_WEIGHT, F_UNIT, F_UNKNOWN, F_METHOD,
    F_REASON, F_RTEXT, F__N };

static const char *const units[] = { "kg", "lb", NULL };
static const char *const unit_labels[] = { "unit.kg", "unit.lb", NULL };

static const struct field return_fields[F__N] = {
	{ "name", F_TEXT, 1, 1, 44, NULL, NULL },
	{ "line1", F_TEXT, 1, 1, 44, NULL, NULL },
	{ "line2", F_TEXT, 0, 0, 44, NULL, NULL },
	{ "city", F_TEXT, 1, 1, 40, NULL, NULL },
	/* not required: derived from the postal code when left empty */
	{ "province", F_CHOICE, 0, 0, 2, canada_provinces,
	    canada_province_keys },
	{ "postal", F_TEXT, 1, 6, 7, NULL, NULL },
	{ "email", F_EMAIL, 1, 0, 254, NULL, NULL },
	{ "tracking_emails", F_CHECK, 0, 0, 1, NULL, NULL },
	{ "ra_number", F_TEXT, 0, 0, 20, NULL, NULL },
	{ "order_answer", F_TEXT, 0, 0, 30, NULL, NULL },
	/* required unless "I don't know" (the policy's weight then) */
	{ "weight", F_TEXT, 0, 0, 6, NULL, NULL },
	{ "weight_unit", F_CHOICE, 0, 0, 2, units, unit_labels },
	{ "weight_unknown", F_CHECK, 0, 0, 1, NULL, NULL },
	{ "method", F_CHOICE, 1, 0, 5, methods, method_labels },
	/* why: one of the policy's reasons (policy_reasons), words for
	 * "other" (both may be left out) */
	{ "reason", F_TEXT, 0, 0, 20, NULL, NULL },
	{ "reason_text", F_TEXT, 0, 0, SHIP_REASON_TEXT_MAX, NULL, NULL },
};

/* The fields for this policy: RA number and order answer required when it
 * asks for them; secure labels offer the QR code only. */
static void
fields_for(const struct policy *p, struct field f[F__N])
{
	memcpy(f, return_fields, sizeof(return_fields));
	f[F_RA].required = p->ra_required;
	f[F_ORDER].required = *p->order_q_en != '\0';
	if (p->secure_labels) {
		f[F_METHOD].choices = methods_secure;
		f[F_METHOD].labels = method_labels_secure;
	} else if (!carrier_offers_qr()) {
		f[F_METHOD].choices = methods_label;
		f[F_METHOD].labels = method_labels_label;
	}
}

/* A policy whose labels this installation's carrier cannot make: secure
 * labels are QR codes printed at the post office, which only the local
 * carrier offers (Canada Post's API has no call for them). */
static bool
policy_possible(const struct policy *p)
{
	return carrier_offers_qr() || !p->secure_labels;
}


static bool
valid_ra(const char *s)
{
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= 'a' && *s <= 'z') || *s == '-'))
			return false;
	return true;
}


static const char *
in_lang(struct req *r, const char *en, const char *fr)
{
	const char *t = r->lang == LANG_FR ? fr : en;

	return *t ? t : (r->lang == LANG_FR ? en : fr);
}

/* The customer's pages are the shop's: its name above them, its
 * contact below them; the sentence of its contact, "" when none. */
static const char *
shop_page(struct req *r, struct page *pg, const char *business,
    int64_t merchant_id)
{
	struct shop s;

	if (account_support(r->db, merchant_id, &s) != E_OK)
		memset(&s, 0, sizeof(s));
	page_shop(pg, r, business, merchant_id, &s);
	return T_contact(r, business, s.email, s.phone);
}

/* ---- the shop's logo and colour (page_shop links them) ---- */

static enum rerr
shop_logo(struct req *r)
{
	const void *png;
	int64_t mid;
	size_t len;
	enum rerr e;

	if (account_shop_of(r->args[0], &mid) != E_OK)
		return E_NOTFOUND;
	if ((e = account_logo(r->db, mid, r->arena, &png, &len)) != E_OK)
		return e;
	http_open(r, 200, "image/png");
	http_write(r, png, len);
	return E_OK;
}

static enum rerr
shop_theme(struct req *r)
{
	struct shop s;
	int64_t mid;
	unsigned c[3];
	enum rerr e;

	if (account_shop_of(r->args[0], &mid) != E_OK)
		return E_NOTFOUND;
	if ((e = account_support(r->db, mid, &s)) != E_OK)
		return e;
	if (*s.accent == '\0' || sscanf(s.accent + 1, "%2x%2x%2x", &c[0],
	    &c[1], &c[2]) != 3)
		return E_NOTFOUND;
	http_open(r, 200, "text/css");
	/* its colour (checked for white text, 4.5:1, when set), and a
	 * darker one for hover: darker only raises the contrast */
	http_puts(r, arena_printf(r->arena, ":root { --brand: %s; "
	    "--brand-dark: #%02x%02x%02x; --link: %s; }\n", s.accent,
	    c[0] * 3 / 4, c[1] * 3 / 4, c[2] * 3 / 4, s.accent));
	return E_OK;
}

/* ---- the form ---- */

/* What the label will print of the fields it cannot print as typed, and
 * the key that says the customer saw it (print_ok). */
#define PRINTED_FIELDS	5
struct printed {
	int		 n;
	int		 field[PRINTED_FIELDS];
	const char	*text[PRINTED_FIELDS];
	char		 key[65];
};

/* The fields the label prints from what the customer typed, and their
 * names in the warning (F_ORDER: the merchant's own question). */
static const int printed_fields[PRINTED_FIELDS] = { F_NAME, F_LINE1,
    F_LINE2, F_CITY, F_ORDER };
static const char *const printed_labels[F__N] = {
	[F_NAME] = "ret.name", [F_LINE1] = "addr.line1",
	[F_LINE2] = "addr.line2", [F_CITY] = "addr.city",
};

/* Fills pr with the fields the label prints differently from what was
 * typed (label_printed) and the key of those fields; a required field
 * that would print as nothing is an error beside it. Returns the errors. */
static int
check_printed(struct req *r, struct fval v[F__N], struct printed *pr)
{
	struct buf b = { 0 };
	int errors = 0;

	memset(pr, 0, sizeof(*pr));
	for (int i = 0; i < PRINTED_FIELDS; i++) {
		int k = printed_fields[i];
		char out[256];

		buf_printf(&b, "%zu:%s;", strlen(v[k].val), v[k].val);
		if (!label_printed(v[k].val, out, sizeof(out)))
			continue;
		if (*out == '\0' && k != F_LINE2) {
			v[k].err = "err.unprintable";
			errors++;
			continue;
		}
		pr->field[pr->n] = k;
		pr->text[pr->n++] = arena_strdup(r->arena, *out ? out :
		    T_(r, "ret.print_nothing"));
	}
	crypto_sha256_hex(pr->key, b.data ? b.data : "");
	buf_free(&b);
	return errors;
}

/* The customer saw the warning for these very fields and sends them
 * again (print_ok holds their key). */
static bool
printed_seen(struct req *r, const struct printed *pr)
{
	const char *k = kv_get(&r->form, "print_ok");

	return k != NULL && strcmp(k, pr->key) == 0;
}

/* The form's one-time value as sent: 32 lowercase hex digits, once; else
 * NULL (a page from before it existed, or a hand-made request: the form
 * still works, without the protection against sending it twice). */
static const char *
sent_once(struct req *r)
{
	const char *o = kv_get(&r->form, "once");

	if (o == NULL || kv_count(&r->form, "once") != 1 || strlen(o) != 32 ||
	    strspn(o, "0123456789abcdef") != 32)
		return NULL;
	return o;
}

/* An earlier return for the same address: its tracking number, when it
 * was made and its page. */
struct dup {
	const char	*tracking;
	int64_t		 created_at;
	const char	*href;
};

static enum rerr form_page(struct req *, const struct policy *,
    const char *, const struct fval *, const char *, const char *, int,
    const struct dup *, const struct printed *);

/* once: the one-time value to put in the form (the one sent, when the
 * form comes back with errors), or NULL for a new one */
static enum rerr
show_form(struct req *r, const struct policy *p, const char *business,
    const struct fval *v, const char *once, const char *alert, int status)
{
	return form_page(r, p, business, v, once, alert, status, NULL, NULL);
}

/* dup: the form asks whether they want another label (sent again, it
 * says so with another=1) */
static enum rerr
form_page(struct req *r, const struct policy *p, const char *business,
    const struct fval *v, const char *once, const char *alert, int status,
    const struct dup *dup, const struct printed *pr)
{
	char fresh[33];
	struct page pg;
	struct field f[F__N];
	struct tdict *a;
	const char *instr = in_lang(r, p->instructions_en, p->instructions_fr);

	fields_for(p, f);
	page_init(&pg, r, "return.tpl", "label.title", "public");
	shop_page(r, &pg, business, p->merchant_id);
	tdict_set(pg.body, "business", business);
	a = tdict_add_section(pg.body, "AVAILABLE");
	/* a secure-label policy gives a QR code only: the page says so */
	tdict_set(a, "lead", T_(r, p->secure_labels ? "ret.lead_qr" :
	    "ret.lead"));
	tdict_set(a, "action", r->path);
	tdict_set(a, "number", p->number);
	tdict_set(a, "service", T_of(r, "service", p->service));
	if (*instr)
		tdict_set(tdict_add_section(a, "INSTRUCTIONS"), "instructions",
		    instr);
	if (p->ra_required)
		tdict_show(a, "RA");
	if (*p->order_q_en)
		tdict_set(tdict_add_section(a, "ORDER"), "order_question",
		    in_lang(r, p->order_q_en, p->order_q_fr));
	if (p->secure_labels)
		tdict_show(a, "SECURE");
	if (alert != NULL)
		tdict_set(tdict_add_section(a, "ALERT"), "alert", alert);
	tdict_set(a, "submit", T_(r, dup ? "ret.dup_another" :
	    pr ? "ret.print_ok" : "ret.submit"));
	if (pr != NULL) {
		struct tdict *d = tdict_add_section(a, "PRINTED");

		tdict_set(d, "key", pr->key);
		for (int i = 0; i < pr->n; i++) {
			const char *m = T_(r, "ret.print_item");
			int k = pr->field[i];

			m = T_subst(r, m, "field", k == F_ORDER ?
			    in_lang(r, p->order_q_en, p->order_q_fr) :
			    T_(r, printed_labels[k]));
			m = T_subst(r, m, "text", pr->text[i]);
			tdict_set(tdict_add_section(d, "item"), "line", m);
		}
	}
	if (dup != NULL) {
		struct tdict *d = tdict_add_section(a, "DUPLICATE");

		int64_t ago = (r->now - dup->created_at) / 60;

		tdict_set(d, "text", T_subst(r, T_s(r, "ret.dup_text",
		    "tracking", dup->tracking), "when", ago < 60 ?
		    T_n(r, "ret.dup_minutes", ago < 1 ? 1 : (long)ago) :
		    T_n(r, "ret.dup_hours", (long)(ago / 60))));
		tdict_set(d, "href", dup->href);
	}
	if (once == NULL) {
		if (shipment_new_once(fresh) != E_OK)
			return E_SYS;
		once = fresh;
	}
	tdict_set(a, "once", once);
	tdict_set(a, "weight_default", T_kg(r, p->default_weight_g > 0 ?
	    p->default_weight_g : POLICY_WEIGHT_DEFAULT));
	if (carrier_self_issued())
		tdict_show(a, "SPECIMEN");
	form_fill(r, a, f, F__N, v);
	/* the policy's reasons, in the customer's language */
	{
		struct reason_opt o[POLICY_REASON_OPTS];
		size_t n = policy_reasons(p, r->arena, o);

		for (size_t i = 0; i < n; i++) {
			struct tdict *x = tdict_add_section(a, "reason_opt");

			tdict_set(x, "value", o[i].value);
			tdict_set(x, "label", T_reason(r, o[i].stored));
			if (v != NULL && v[F_REASON].val != NULL &&
			    strcmp(v[F_REASON].val, o[i].value) == 0)
				tdict_show(x, "sel");
		}
	}
	page_lang_form(&pg, "return-form");
	return page_send(&pg, r, status);
}

/* Finds the policy of the link and answers for every state but active.
 * Returns true when the caller goes on with an active policy. */
static bool
link_policy(struct req *r, struct policy *p, char *business, size_t blen,
    enum rerr *e)
{
	struct page pg;

	r->customer = true;
	*e = policy_by_token(r->db, r->args[0], r->arena, p, business, blen);
	if (*e == E_NOTFOUND || (*e == E_OK && !policy_has_link(p))) {
		page_error(r, 404, "label.notfound");
		*e = E_OK;
		return false;
	}
	if (*e != E_OK)
		return false;
	if (p->status == POL_DELETED) {
		page_error(r, 410, "label.gone");
		return false;
	}
	if (p->status != POL_ACTIVE || !policy_possible(p)) {
		const char *contact;

		page_init(&pg, r, "return.tpl", "label.title", "public");
		contact = shop_page(r, &pg, business, p->merchant_id);
		tdict_set(pg.body, "business", business);
		/* whom to ask, when the shop said how */
		if (*contact)
			tdict_set(tdict_add_section(tdict_add_section(pg.body,
			    "UNAVAILABLE"), "CONTACT"), "contact", contact);
		else
			tdict_show(pg.body, "UNAVAILABLE");
		*e = page_send(&pg, r, 200);
		return false;
	}
	return true;
}

static enum rerr
form_get(struct req *r)
{
	struct policy p;
	struct fval v[F__N];
	char business[256];
	enum rerr e;

	if (!link_policy(r, &p, business, sizeof(business), &e))
		return e;
	memset(v, 0, sizeof(v));
	for (int i = 0; i < F__N; i++)
		v[i].val = "";
	/* no province chosen for the customer: the merchant's is seldom
	 * theirs; the postal code tells it */
	v[F_METHOD].val = p.secure_labels ? "qr" : "label";
	v[F_UNIT].val = "kg";
	return show_form(r, &p, business, v, NULL, NULL, 200);
}

/* The carrier refused the label: an address problem goes next to its
 * field; the carrier down or busy asks to try again in a few minutes; any
 * other cause (the merchant's account) says the shop cannot make labels
 * now. The form stays filled; the carrier's own words go to the log
 * only (carrier_canadapost.c logged them). */
static enum rerr
carrier_refused(struct req *r, const struct policy *p, const char *business,
    struct fval *v, const char *once, const struct carrier_fail *cf)
{
	static const struct { const char *field; int f; } fields[] = {
		{ "name", F_NAME }, { "line1", F_LINE1 }, { "line2", F_LINE2 },
		{ "city", F_CITY }, { "province", F_PROVINCE },
		{ "postal", F_POSTAL },
	};

	log_warn(r->id, "policy %s: no label: carrier %s", p->number,
	    carrier_err_name(cf->code));
	if (cf->code == CE_ADDRESS) {
		int f = F_LINE1;
		for (size_t i = 0; i < sizeof(fields) / sizeof(*fields); i++)
			if (strcmp(fields[i].field, cf->field) == 0)
				f = fields[i].f;
		v[f].err = f == F_POSTAL ? "carrier.err.postal" :
		    "carrier.err.address";
		return show_form(r, p, business, v, once, T_(r, "form.fix"),
		    400);
	}
	if (cf->code == CE_UNREACHABLE || cf->code == CE_RATE_LIMITED) {
		http_header(r, "Retry-After", "120");
		return show_form(r, p, business, v, once,
		    T_(r, "carrier.cust.retry"), 503);
	}
	return show_form(r, p, business, v, once,
	    T_(r, "carrier.cust.unavailable"), 503);
}

static enum rerr
form_post(struct req *r)
{
	struct policy p;
	struct shipment s;
	struct field f[F__N];
	struct fval v[F__N];
	char business[256], postal[8], dl[SHIP_DL_HEX + 1];
	struct carrier_fail cf;
	const char *why, *reason_kept = "";
	int errors, grams = -1;
	enum rerr e;

	if (!link_policy(r, &p, business, sizeof(business), &e))
		return e;
	fields_for(&p, f);
	errors = form_read(r, f, F__N, v);
	if (kv_get(&r->form, "switch_lang") != NULL) {
		/* the header's language switch: the same form, as typed,
		 * in the other language; nothing checked or made yet */
		for (int i = 0; i < F__N; i++)
			v[i].err = NULL;
		return show_form(r, &p, business, v, sent_once(r), NULL, 200);
	}
	if (!v[F_POSTAL].err) {
		const char *derived = canada_postal_province(v[F_POSTAL].val);

		/* an empty province comes from the postal code (not X:
		 * two territories share it) */
		if (!v[F_PROVINCE].err && *v[F_PROVINCE].val == '\0') {
			if (derived != NULL)
				v[F_PROVINCE].val = derived;
			else {
				v[F_PROVINCE].err = "err.required";
				errors++;
			}
		}
		if (!canada_postal_normalize(v[F_POSTAL].val, postal)) {
			v[F_POSTAL].err = "err.postal";
			errors++;
		} else if (!v[F_PROVINCE].err &&
		    !canada_postal_matches_province(postal,
		    v[F_PROVINCE].val)) {
			v[F_POSTAL].err = "err.postal_province";
			errors++;
		} else
			v[F_POSTAL].val = arena_strdup(r->arena, postal);
	}
	if (*v[F_UNKNOWN].val == '1')
		grams = p.default_weight_g > 0 ? p.default_weight_g :
		    POLICY_WEIGHT_DEFAULT;
	else if (!v[F_WEIGHT].err && *v[F_WEIGHT].val == '\0') {
		v[F_WEIGHT].err = "err.weight_or_unknown";
		errors++;
	} else if (!v[F_WEIGHT].err && (grams = weight_grams(v[F_WEIGHT].val,
	    strcmp(v[F_UNIT].val, "lb") == 0)) < 0) {
		v[F_WEIGHT].err = strcmp(v[F_UNIT].val, "lb") == 0 ?
		    "err.weight_lb" : "err.weight";
		errors++;
	}
	/* one of the policy's reasons; kept as its code or its words */
	if (!v[F_REASON].err && *v[F_REASON].val) {
		struct reason_opt o[POLICY_REASON_OPTS];
		size_t n = policy_reasons(&p, r->arena, o), i;

		for (i = 0; i < n; i++)
			if (strcmp(o[i].value, v[F_REASON].val) == 0)
				break;
		if (i == n) {
			v[F_REASON].err = "err.choice";
			errors++;
		} else
			reason_kept = o[i].stored;
	}
	if (!v[F_RTEXT].err && strcmp(v[F_REASON].val, "other") == 0 &&
	    *v[F_RTEXT].val == '\0') {
		v[F_RTEXT].err = "err.reason_text";
		errors++;
	}
	if (!v[F_RA].err && !valid_ra(v[F_RA].val)) {
		v[F_RA].err = "err.ra";
		errors++;
	}
	/* what the label cannot print as typed: said before it is made */
	if (!errors) {
		struct printed pr;

		errors = check_printed(r, v, &pr);
		if (errors == 0 && pr.n > 0 && !printed_seen(r, &pr))
			return form_page(r, &p, business, v, sent_once(r),
			    NULL, 200, NULL, &pr);
	}
	if (errors)
		return show_form(r, &p, business, v, sent_once(r),
		    T_(r, "form.fix"), 400);

	memset(&s, 0, sizeof(s));
	s.method = v[F_METHOD].val;
	s.lang = lang_code(r->lang);
	s.name = v[F_NAME].val;
	s.line1 = v[F_LINE1].val;
	s.line2 = v[F_LINE2].val;
	s.city = v[F_CITY].val;
	s.province = v[F_PROVINCE].val;
	s.postal = v[F_POSTAL].val;
	s.email = v[F_EMAILF].val;
	s.tracking_emails = *v[F_TRACKING].val == '1';
	s.ra_number = v[F_RA].val;
	s.order_answer = v[F_ORDER].val;
	s.weight_g = grams;
	s.reason = reason_kept;
	s.reason_text = v[F_RTEXT].val;
	s.once = sent_once(r);
	s.another = kv_get(&r->form, "another") != NULL;
	e = shipment_create(r->db, &p, &s, r->now, r->arena, dl, &why, &cf);
	if (e == E_DENIED && strcmp(why, "duplicate") == 0) {
		/* Back, then the form again: the label they have, and the
		 * choice of another (a new one-time value: this one made
		 * nothing) */
		struct dup d = { s.tracking, s.created_at,
		    arena_printf(r->arena, "/r/t/%s", dl) };
		log_info(r->id, "the same address again: its return %lld",
		    (long long)s.id);
		return form_page(r, &p, business, v, NULL, NULL, 200, &d, NULL);
	}
	if (e == E_DENIED && strcmp(why, "carrier") == 0)
		return carrier_refused(r, &p, business, v, s.once, &cf);
	if (e == E_BUSY && why != NULL) {	/* the same form, still running */
		http_header(r, "Retry-After", "10");
		return show_form(r, &p, business, v, s.once,
		    T_(r, "carrier.cust.retry"), 503);
	}
	if (e == E_DENIED && strcmp(why, "daily_cap") == 0) {
		v[F_EMAILF].err = "err.daily_cap";
		return show_form(r, &p, business, v, s.once,
		    T_(r, "form.fix"), 429);
	}
	if (e == E_DENIED && strcmp(why, "policy_limit") == 0) {
		/* the merchant's ceiling for the day: said plainly, the
		 * form kept for later */
		http_header(r, "Retry-After", "3600");
		return show_form(r, &p, business, v, s.once,
		    T_(r, "err.policy_limit"), 429);
	}
	if (e == E_OK && why != NULL)	/* "again": the same form twice */
		log_info(r->id, "the same form again: its return %lld",
		    (long long)s.id);
	if (e == E_DENIED) {		/* the policy changed meanwhile */
		http_redirect(r, r->path);
		return E_OK;
	}
	if (e != E_OK)
		return e;
	if (why == NULL)	/* a new label, not the same form again */
		metrics_add(MT_LABELS, 1);
	http_redirect(r, arena_printf(r->arena, "/r/t/%s", dl));
	return E_OK;
}

/* ---- the return's page and downloads ---- */

/* The return of the download token in the path. False when the caller
 * is done: an unknown token has had its 404 page, or *e is the error. */
static bool
find_shipment(struct req *r, struct shipment *s, struct policy *p,
    char *business, size_t blen, enum rerr *e)
{
	*e = shipment_by_dl(r->db, r->args[0], r->arena, s, p, business, blen);
	if (*e == E_NOTFOUND) {
		page_error(r, 404, "ret.notfound");
		*e = E_OK;
	}
	return *e == E_OK && http_is_open(r) == false;
}

static enum rerr
done_page(struct req *r)
{
	struct shipment s;
	struct policy p;
	struct page pg;
	char business[256];
	enum rerr e;
	static const char *steps[] = { "created", "accepted", "in_transit",
	    "delivered" };

	if (!find_shipment(r, &s, &p, business, sizeof(business), &e))
		return e;
	page_init(&pg, r, "return_done.tpl", "ret.done_title", "public");
	shop_page(r, &pg, business, p.merchant_id);
	tdict_set(pg.body, "business", business);
	tdict_set(pg.body, "tracking", s.tracking);
	tdict_set(pg.body, "email", s.email);
	tdict_set(pg.body, "number", p.number);
	tdict_set(pg.body, "base", r->path);
	/* in words for the customer: "January 3, 2027", "3 janvier 2027" */
	tdict_set(pg.body, "expires", T_date(r, s.expires_at, "UTC"));
	tdict_set(pg.body, "service", T_of(r, "service", s.service));
	if (strcmp(s.carrier, "local") == 0)
		tdict_show(pg.body, "SPECIMEN");
	if (shipment_expired(&s, r->now))
		tdict_show(pg.body, "EXPIRED");
	else if (s.status != SH_CREATED)
		tdict_show(pg.body, "USED");
	else if (strcmp(s.method, "label") == 0)
		tdict_show(pg.body, "LABEL");
	else
		tdict_show(pg.body, "QR");
	for (int i = 0; i < 4; i++) {
		struct tdict *st = tdict_add_section(pg.body, "step");
		int cur = s.status == SH_EXCEPTION ? 2 : (int)s.status;
		if (cur == 4)
			cur = 3;
		tdict_set(st, "step", T_(r, arena_printf(r->arena,
		    "ret.step_%s", steps[i])));
		tdict_set(st, "state", i < cur ? "done" : i == cur ?
		    "current" : "todo");
		if (i == cur)
			tdict_show(st, "is_current");
	}
	if (s.status == SH_EXCEPTION) {
		const char *why = shipment_exception_reason(r->db, s.id,
		    r->arena);
		struct tdict *x = tdict_add_section(pg.body, "EXCEPTION");
		if (*why)
			tdict_set(tdict_add_section(x, "REASON"), "reason",
			    why);
	}
	return page_send(&pg, r, 200);
}

static enum rerr
label_download(struct req *r)
{
	struct shipment s;
	struct policy p;
	struct buf pdf = { 0 };
	char business[256];
	enum rerr e;

	if (!find_shipment(r, &s, &p, business, sizeof(business), &e))
		return e;
	if (strcmp(s.method, "label") != 0) {
		page_error(r, 404, "ret.notfound");
		return E_OK;
	}
	if (shipment_expired(&s, r->now) || s.status != SH_CREATED) {
		page_error(r, 410, "ret.label_gone");
		return E_OK;
	}
	if ((e = labeldoc_pdf(r->db, &s, &p, r->lang, r->arena, &pdf))
	    == E_NOTFOUND) {
		page_error(r, 404, "ret.notfound");
		return E_OK;
	}
	if (e != E_OK) {
		buf_free(&pdf);
		return e;
	}
	/* the name in the customer's language (ASCII: no header encoding) */
	http_header(r, "Content-Disposition", arena_printf(r->arena,
	    "attachment; filename=\"%s\"", labeldoc_filename(r->lang,
	    s.tracking, r->arena)));
	http_open(r, 200, "application/pdf");
	http_write(r, pdf.data, pdf.len);
	buf_free(&pdf);
	return E_OK;
}

static enum rerr
qr_download(struct req *r)
{
	struct shipment s;
	struct policy p;
	struct buf svg = { 0 };
	char business[256], text[64];
	enum rerr e;

	if (!find_shipment(r, &s, &p, business, sizeof(business), &e))
		return e;
	/* the post-office code of a QR-code return, while it can be used,
	 * as its page shows it */
	if (strcmp(s.method, "qr") != 0) {
		page_error(r, 404, "ret.notfound");
		return E_OK;
	}
	if (shipment_expired(&s, r->now) || s.status != SH_CREATED) {
		page_error(r, 410, "ret.label_gone");
		return E_OK;
	}
	snprintf(text, sizeof(text), "%s %s", s.tracking, p.number);
	if ((e = qr_svg(text, 0, &svg)) != E_OK) {
		buf_free(&svg);
		return e;
	}
	http_open(r, 200, "image/svg+xml");
	http_write(r, svg.data, svg.len);
	buf_free(&svg);
	return E_OK;
}

static const struct route routes[] = {
	{ M_GET, "/r/healthz", server_healthz, ROUTE_BARE },
	{ M_GET, "/r/t/{}", done_page, ROUTE_BARE },
	{ M_GET, "/r/t/{}/label.pdf", label_download, ROUTE_BARE },
	{ M_GET, "/r/t/{}/qr.svg", qr_download, ROUTE_BARE },
	{ M_GET, "/r/s/{}/logo.png", shop_logo, ROUTE_BARE },
	{ M_GET, "/r/s/{}/theme.css", shop_theme, ROUTE_BARE },
	{ M_GET, "/r/{}", form_get, 0 },
	{ M_POST, "/r/{}", form_post, 0 },
};

int
main(int argc, char **argv)
{
	static const struct app app = {
		.name = "label", .routes = routes,
		.nroutes = sizeof(routes) / sizeof(routes[0]),
		.secret_prefix = "/r/",
	};

	return server_main(argc, argv, &app);
}
