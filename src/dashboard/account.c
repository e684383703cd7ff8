/* account.c -- the merchant account pages: sign up, log in, log out,
 * password, profile. Form <-> domain glue only; the rules are in
 * src/lib/account.c. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "returns/account.h"
#include "returns/config.h"
#include "returns/form.h"
#include "returns/image.h"
#include "returns/page.h"
#include "returns/session.h"
#include "dashboard.h"

static const char *const langs[] = { "en", "fr", NULL };
static const char *const lang_labels[] = { "lang.en", "lang.fr", NULL };

enum { SU_BUSINESS, SU_EMAIL, SU_PASSWORD, SU_PASSWORD2, SU_LANG, SU_TZ,
    SU__N };
static const struct field signup_fields[SU__N] = {
	{ "business", F_TEXT, 1, 1, BUSINESS_MAX, NULL, NULL },
	{ "email", F_EMAIL, 1, 0, 254, NULL, NULL },
	{ "password", F_PASSWORD, 1, PASSWORD_MIN, PASSWORD_MAX, NULL, NULL },
	{ "password2", F_PASSWORD, 1, 0, PASSWORD_MAX, NULL, NULL },
	{ "lang", F_CHOICE, 1, 0, 2, langs, lang_labels },
	{ "tz", F_CHOICE, 1, 0, 64, account_timezones, account_timezone_keys },
};

enum { LI_EMAIL, LI_PASSWORD, LI__N };
static const struct field login_fields[LI__N] = {
	{ "email", F_TEXT, 1, 0, 254, NULL, NULL },
	{ "password", F_PASSWORD, 1, 0, PASSWORD_MAX, NULL, NULL },
};

enum { PW_CURRENT, PW_NEW, PW_NEW2, PW__N };
static const struct field password_fields[PW__N] = {
	{ "current", F_PASSWORD, 1, 0, PASSWORD_MAX, NULL, NULL },
	{ "password", F_PASSWORD, 1, PASSWORD_MIN, PASSWORD_MAX, NULL, NULL },
	{ "password2", F_PASSWORD, 1, 0, PASSWORD_MAX, NULL, NULL },
};

enum { PR_BUSINESS, PR_LANG, PR_TZ, PR_SEMAIL, PR_SPHONE, PR_ACCENT, PR__N };
static const struct field profile_fields[PR__N] = {
	{ "business", F_TEXT, 1, 1, BUSINESS_MAX, NULL, NULL },
	{ "lang", F_CHOICE, 1, 0, 2, langs, lang_labels },
	{ "tz", F_CHOICE, 1, 0, 64, account_timezones, account_timezone_keys },
	{ "support_email", F_EMAIL, 0, 0, 254, NULL, NULL },
	{ "support_phone", F_TEXT, 0, 0, 25, NULL, NULL },
	{ "accent", F_TEXT, 0, 0, 7, NULL, NULL },
};

/* A phone number as people write it: 10 to 15 digits, with spaces,
 * dashes, dots, parentheses and a leading + allowed. */
static bool
phone_ok(const char *s)
{
	int digits = 0;

	for (const char *p = s; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (!strchr(" -.()", *p) && !(*p == '+' && p == s))
			return false;
	}
	return digits >= 10 && digits <= 15;
}

/* A form-level message above the fields (catalogue key, or text). */
static void
alert(struct page *p, const char *text)
{
	tdict_set(tdict_add_section(p->body, "ALERT"), "alert", text);
}

static void
done(struct req *r, struct page *p, const char *key)
{
	if (kv_get(&r->query, "done") != NULL)
		tdict_set(tdict_add_section(p->body, "DONE"), "done",
		    T_(r, key));
}

/* Refuses a weak new password beside its field; 1 when refused. */
static int
weak(struct fval *v, int field, const char *email)
{
	const char *why;

	if (v[field].err != NULL ||
	    (why = account_password_weak(v[field].val, email)) == NULL)
		return 0;
	v[field].err = why;
	return 1;
}

/* ---- sign up ---- */

static enum rerr
signup_form(struct req *r, const struct fval *v, int status)
{
	struct page p;
	struct fval def[SU__N];

	if (v == NULL) {
		memset(def, 0, sizeof(def));
		for (int i = 0; i < SU__N; i++)
			def[i].val = "";
		def[SU_LANG].val = lang_code(r->lang);
		def[SU_TZ].val = account_valid_tz(config_time_zone()) ?
		    config_time_zone() : "America/Toronto";
		v = def;
	}
	page_init(&p, r, "signup.tpl", "signup.title", NULL);
	if (status == 200 && kv_get(&r->query, "sent") != NULL)
		tdict_show(p.body, "SENT");
	else
		tdict_show(p.body, "FORM");
	form_fill(r, p.body, signup_fields, SU__N, v);
	if (status != 200)
		alert(&p, T_(r, "form.fix"));
	return page_send(&p, r, status);
}

enum rerr
signup_get(struct req *r)
{
	if (r->sess.auth) {
		http_redirect(r, "/policies/");
		return E_OK;
	}
	if (!config_signup_open()) {
		page_error(r, 403, "signup.closed");
		return E_OK;
	}
	return signup_form(r, NULL, 200);
}

enum rerr
signup_post(struct req *r)
{
	struct fval v[SU__N];
	enum rerr e;
	int errors;

	if (!config_signup_open()) {
		page_error(r, 403, "signup.closed");
		return E_OK;
	}
	errors = form_read(r, signup_fields, SU__N, v);

	if (!v[SU_PASSWORD2].err &&
	    strcmp(v[SU_PASSWORD].val, v[SU_PASSWORD2].val) != 0) {
		v[SU_PASSWORD2].err = "err.password_match";
		errors++;
	}
	errors += weak(v, SU_PASSWORD, v[SU_EMAIL].val);
	if (errors)
		return signup_form(r, v, 400);
	/* the same answer whether the address has an account or not: an
	 * email tells the rest */
	if ((e = account_signup(r->db, v[SU_BUSINESS].val, v[SU_EMAIL].val,
	    v[SU_PASSWORD].val, v[SU_LANG].val, v[SU_TZ].val, r->now)) != E_OK)
		return e;
	http_set_cookie(r, "lang", v[SU_LANG].val, 365 * 86400);
	http_redirect(r, "/account/signup?sent=1");
	return E_OK;
}

/* ---- log in / out ---- */

static enum rerr
login_form(struct req *r, const struct fval *v, const char *msg, int status)
{
	struct page p;

	page_init(&p, r, "login.tpl", "login.title", NULL);
	if (config_signup_open())
		tdict_show(p.body, "SIGNUP");
	form_fill(r, p.body, login_fields, LI__N, v);
	if (msg != NULL)
		alert(&p, msg);
	if (kv_get(&r->query, "bye") != NULL)
		tdict_set(tdict_add_section(p.body, "DONE"), "done",
		    T_(r, "logout.done"));
	if (kv_get(&r->query, "reset") != NULL)
		tdict_set(tdict_add_section(p.body, "DONE"), "done",
		    T_(r, "reset.done"));
	return page_send(&p, r, status);
}

enum rerr
login_get(struct req *r)
{
	if (r->sess.auth) {
		http_redirect(r, "/policies/");
		return E_OK;
	}
	return login_form(r, NULL, NULL, 200);
}

enum rerr
login_post(struct req *r)
{
	struct fval v[LI__N];
	int64_t uid;
	int wait;
	enum rerr e;

	if (form_read(r, login_fields, LI__N, v) > 0)
		return login_form(r, v, T_(r, "form.fix"), 400);
	e = account_login(r->db, v[LI_EMAIL].val, v[LI_PASSWORD].val,
	    r->remote, r->now, &wait, &uid);
	if (e == E_DENIED && wait > 0)
		return login_form(r, v, T_n(r, "login.throttled",
		    (wait + 59) / 60), 429);
	if (e == E_DENIED)
		return login_form(r, v, T_(r, "login.failed"), 403);
	if (e != E_OK)
		return e;
	if (!account_confirmed(r->db, uid)) {
		/* the right password, the address not yet confirmed: a new
		 * link (a few an hour at most) */
		if ((e = account_confirm_request(r->db, uid, r->now)) != E_OK)
			return e;
		return login_form(r, v, T_(r, "login.unconfirmed"), 403);
	}
	if ((e = session_start(r, uid)) != E_OK)
		return e;
	/* the profile's language from now on, whatever the browser says,
	 * until the merchant switches */
	{
		struct account a;

		if (account_get(r->db, uid, &a) == E_OK && *a.lang)
			http_set_cookie(r, "lang", a.lang, 365 * 86400);
	}
	http_redirect(r, account_first_login(r->db, uid) ?
	    "/policies/?welcome=1" : "/policies/");
	return E_OK;
}

enum rerr
logout_post(struct req *r)
{
	enum rerr e = session_end(r);

	if (e != E_OK)
		return e;
	http_redirect(r, "/account/login?bye=1");
	return E_OK;
}

/* ---- password ---- */

static enum rerr
password_form(struct req *r, const struct fval *v, int status)
{
	struct page p;

	page_init(&p, r, "password.tpl", "password.title", NULL);
	form_fill(r, p.body, password_fields, PW__N, v);
	if (status != 200)
		alert(&p, T_(r, "form.fix"));
	done(r, &p, "password.done");
	return page_send(&p, r, status);
}

enum rerr
password_get(struct req *r)
{
	return password_form(r, NULL, 200);
}

enum rerr
password_post(struct req *r)
{
	struct fval v[PW__N];
	enum rerr e;
	int errors = form_read(r, password_fields, PW__N, v);

	struct account a;

	if (!v[PW_NEW2].err && strcmp(v[PW_NEW].val, v[PW_NEW2].val) != 0) {
		v[PW_NEW2].err = "err.password_match";
		errors++;
	}
	if ((e = account_get(r->db, r->sess.user_id, &a)) != E_OK)
		return e;
	errors += weak(v, PW_NEW, a.email);
	if (errors)
		return password_form(r, v, 400);
	e = account_set_password(r->db, r->sess.user_id, v[PW_CURRENT].val,
	    v[PW_NEW].val, r->now);
	if (e == E_DENIED) {
		v[PW_CURRENT].err = "err.password_wrong";
		return password_form(r, v, 400);
	}
	if (e != E_OK)
		return e;
	/* every session ended with the old password; this one goes on */
	r->sess.idhash[0] = '\0';
	if ((e = session_start(r, r->sess.user_id)) != E_OK)
		return e;
	http_redirect(r, "/account/password?done=1");
	return E_OK;
}

/* ---- forgotten password ---- */

enum { FG_EMAIL, FG__N };
static const struct field forgot_fields[FG__N] = {
	{ "email", F_EMAIL, 1, 0, 254, NULL, NULL },
};

static enum rerr
forgot_form(struct req *r, const struct fval *v, int status)
{
	struct page p;

	page_init(&p, r, "forgot.tpl", "forgot.title", NULL);
	form_fill(r, p.body, forgot_fields, FG__N, v);
	if (status != 200)
		alert(&p, T_(r, "form.fix"));
	if (kv_get(&r->query, "sent") != NULL)
		tdict_set(tdict_add_section(p.body, "DONE"), "done",
		    T_(r, "forgot.sent"));
	else
		tdict_add_section(p.body, "FORM");
	return page_send(&p, r, status);
}

enum rerr
forgot_get(struct req *r)
{
	return forgot_form(r, NULL, 200);
}

/* The same answer whether the address has an account or not. */
enum rerr
forgot_post(struct req *r)
{
	struct fval v[FG__N];
	enum rerr e;

	if (form_read(r, forgot_fields, FG__N, v) > 0)
		return forgot_form(r, v, 400);
	if ((e = account_reset_request(r->db, v[FG_EMAIL].val, r->now)) !=
	    E_OK)
		return e;
	http_redirect(r, "/account/forgot?sent=1");
	return E_OK;
}

enum { RS_NEW, RS_NEW2, RS__N };
static const struct field reset_fields[RS__N] = {
	{ "password", F_PASSWORD, 1, PASSWORD_MIN, PASSWORD_MAX, NULL, NULL },
	{ "password2", F_PASSWORD, 1, 0, PASSWORD_MAX, NULL, NULL },
};

static enum rerr
reset_form(struct req *r, const struct fval *v, const char *email,
    int status)
{
	struct page p;

	page_init(&p, r, "reset.tpl", "reset.title", NULL);
	form_fill(r, p.body, reset_fields, RS__N, v);
	tdict_set(p.body, "account_email", email);
	tdict_set(p.body, "action", arena_printf(r->arena, "/account/reset/%s",
	    r->args[0]));
	if (status != 200)
		alert(&p, T_(r, "form.fix"));
	return page_send(&p, r, status);
}

/* The account of the emailed link in the path (purpose "reset" or
 * "confirm"), or the "used or expired" page (410, gone_key) and *gone. */
static enum rerr
link_user(struct req *r, const char *purpose, const char *gone_key,
    struct account *a, bool *gone)
{
	int64_t uid;
	enum rerr e;

	*gone = false;
	e = account_link_check(r->db, purpose, r->args[0], r->now, &uid);
	if (e == E_NOTFOUND) {
		*gone = true;
		page_error(r, 410, gone_key);
		return E_OK;
	}
	if (e != E_OK)
		return e;
	return account_get(r->db, uid, a);
}

enum rerr
reset_get(struct req *r)
{
	struct account a;
	bool gone;
	enum rerr e;

	if ((e = link_user(r, "reset", "reset.gone", &a, &gone)) != E_OK ||
	    gone)
		return e;
	return reset_form(r, NULL, a.email, 200);
}

enum rerr
reset_post(struct req *r)
{
	struct fval v[RS__N];
	struct account a;
	bool gone;
	enum rerr e;
	int errors;

	if ((e = link_user(r, "reset", "reset.gone", &a, &gone)) != E_OK ||
	    gone)
		return e;
	errors = form_read(r, reset_fields, RS__N, v);
	if (!v[RS_NEW2].err && strcmp(v[RS_NEW].val, v[RS_NEW2].val) != 0) {
		v[RS_NEW2].err = "err.password_match";
		errors++;
	}
	errors += weak(v, RS_NEW, a.email);
	if (errors)
		return reset_form(r, v, a.email, 400);
	/* every session of the account ends, this link and the others too */
	if ((e = account_reset_password(r->db, a.user_id, v[RS_NEW].val,
	    r->now)) != E_OK)
		return e;
	if (r->sess.auth && (e = session_end(r)) != E_OK)
		return e;
	http_redirect(r, "/account/login?reset=1");
	return E_OK;
}

/* ---- the address's confirmation ---- */

/* The confirmation link's page asks for a click: a mail filter that
 * opens links confirms nothing. */
enum rerr
confirm_get(struct req *r)
{
	struct page p;
	struct account a;
	bool gone;
	enum rerr e;

	if ((e = link_user(r, "confirm", "confirm.gone", &a, &gone)) != E_OK ||
	    gone)
		return e;
	page_init(&p, r, "confirm.tpl", "confirm.title", NULL);
	tdict_set(p.body, "business", a.business);
	tdict_set(p.body, "account_email", a.email);
	tdict_set(p.body, "action", arena_printf(r->arena,
	    "/account/confirm/%s", r->args[0]));
	return page_send(&p, r, 200);
}

enum rerr
confirm_post(struct req *r)
{
	struct account a;
	bool gone;
	enum rerr e;

	if ((e = link_user(r, "confirm", "confirm.gone", &a, &gone)) != E_OK ||
	    gone)
		return e;
	if ((e = account_confirm(r->db, a.user_id, r->now)) != E_OK ||
	    (e = audit(r->db, a.merchant_id, a.user_id, r->now, "login",
	    "confirm")) != E_OK ||
	    (e = session_start(r, a.user_id)) != E_OK)
		return e;
	http_set_cookie(r, "lang", a.lang, 365 * 86400);
	http_redirect(r, "/policies/?welcome=1");
	return E_OK;
}

/* ---- profile ---- */

/* The profile page; logo_err: a catalogue key beside the logo's input. */
static enum rerr
profile_page(struct req *r, const struct fval *v, const char *logo_err,
    int status)
{
	struct page p;
	struct account a;
	struct fval cur[PR__N];
	enum rerr e;

	if ((e = account_get(r->db, r->sess.user_id, &a)) != E_OK)
		return e;
	if (v == NULL) {
		memset(cur, 0, sizeof(cur));
		cur[PR_BUSINESS].val = a.business;
		cur[PR_LANG].val = a.lang;
		cur[PR_TZ].val = a.tz;
		cur[PR_SEMAIL].val = a.support_email;
		cur[PR_SPHONE].val = a.support_phone;
		cur[PR_ACCENT].val = a.accent;
		v = cur;
	}
	page_init(&p, r, "profile.tpl", "profile.title", NULL);
	form_fill(r, p.body, profile_fields, PR__N, v);
	tdict_set(p.body, "account_email", a.email);
	if (a.logo_at != 0)
		tdict_set(tdict_add_section(p.body, "LOGO"), "v",
		    arena_printf(r->arena, "%lld", (long long)a.logo_at));
	if (logo_err != NULL) {
		tdict_set(tdict_add_section(p.body, "logo_invalid"),
		    "logo_error", T_(r, logo_err));
		tdict_show(p.body, "logo_invalid_attr");
	}
	if (status != 200)
		alert(&p, T_(r, "form.fix"));
	done(r, &p, "profile.done");
	if (kv_get(&r->query, "logo") != NULL)
		tdict_set(tdict_add_section(p.body, "DONE"), "done",
		    T_(r, strcmp(kv_get(&r->query, "logo"), "removed") == 0 ?
		    "profile.logo_removed" : "profile.logo_done"));
	return page_send(&p, r, status);
}

static enum rerr
profile_form(struct req *r, const struct fval *v, int status)
{
	return profile_page(r, v, NULL, status);
}

enum rerr
profile_get(struct req *r)
{
	return profile_form(r, NULL, 200);
}

enum rerr
profile_post(struct req *r)
{
	struct fval v[PR__N];
	enum rerr e;

	int errors = form_read(r, profile_fields, PR__N, v);

	if (!v[PR_SPHONE].err && *v[PR_SPHONE].val &&
	    !phone_ok(v[PR_SPHONE].val)) {
		v[PR_SPHONE].err = "err.phone";
		errors++;
	}
	/* white text on the shop's colour (its buttons, its links on
	 * white): WCAG AA, 4.5:1 */
	if (!v[PR_ACCENT].err && *v[PR_ACCENT].val) {
		int c = image_contrast_white(v[PR_ACCENT].val);

		if (c < 0) {
			v[PR_ACCENT].err = "err.accent_format";
			errors++;
		} else if (c < 450) {
			v[PR_ACCENT].err = "err.accent_contrast";
			errors++;
		} else {	/* one spelling: lower case */
			char *l = arena_strdup(r->arena, v[PR_ACCENT].val);
			for (char *q = l; *q; q++)
				*q = (char)tolower((unsigned char)*q);
			v[PR_ACCENT].val = l;
		}
	}
	if (errors > 0)
		return profile_form(r, v, 400);
	e = account_set_profile(r->db, r->sess.merchant_id, r->sess.user_id,
	    v[PR_BUSINESS].val, v[PR_LANG].val, v[PR_TZ].val,
	    v[PR_SEMAIL].val, v[PR_SPHONE].val, v[PR_ACCENT].val, r->now);
	if (e != E_OK)
		return e;
	http_set_cookie(r, "lang", v[PR_LANG].val, 365 * 86400);
	http_redirect(r, "/account/profile?done=1");
	return E_OK;
}

/* ---- the shop's logo ---- */

enum rerr
logo_post(struct req *r)
{
	struct buf png = { 0 };
	const char *why = NULL;
	enum rerr e;
	int w, h;

	if (r->upload.data == NULL || r->upload.len == 0)
		return profile_page(r, NULL, "logo.err.none", 400);
	e = image_logo(r->upload.data, r->upload.len, &png, &w, &h, &why);
	if (e == E_INVALID) {
		buf_free(&png);
		return profile_page(r, NULL, why, 400);
	}
	if (e == E_OK)
		e = account_set_logo(r->db, r->sess.merchant_id,
		    r->sess.user_id, png.data, png.len, w, h, r->now);
	buf_free(&png);
	if (e != E_OK)
		return e;
	http_redirect(r, "/account/profile?logo=done");
	return E_OK;
}

enum rerr
logo_remove_post(struct req *r)
{
	enum rerr e = account_set_logo(r->db, r->sess.merchant_id,
	    r->sess.user_id, NULL, 0, 0, 0, r->now);

	if (e != E_OK)
		return e;
	http_redirect(r, "/account/profile?logo=removed");
	return E_OK;
}

/* The merchant's own logo, as customers get it. */
enum rerr
logo_get(struct req *r)
{
	const void *png;
	size_t len;
	enum rerr e = account_logo(r->db, r->sess.merchant_id, r->arena, &png,
	    &len);

	if (e != E_OK)
		return e;
	http_open(r, 200, "image/png");
	http_write(r, png, len);
	return E_OK;
}
