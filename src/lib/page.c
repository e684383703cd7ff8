/* page.c -- see include/returns/page.h. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "returns/account.h"
#include "returns/calendar.h"
#include "returns/config.h"
#include "returns/log.h"
#include "returns/page.h"
#include "returns/policy.h"

const char *
T_(struct req *r, const char *key)
{
	return i18n_get(r->lang, key);
}

const char *
T_of(struct req *r, const char *prefix, const char *id)
{
	char k[128];
	size_t a = strlen(prefix), b = strlen(id);
	const char *t;

	if (a + 1 + b >= sizeof(k))
		return T_(r, arena_printf(r->arena, "%s.%s", prefix, id));
	memcpy(k, prefix, a);
	k[a] = '.';
	memcpy(k + a + 1, id, b + 1);
	t = i18n_get(r->lang, k);
	/* a key no catalogue has answers itself: not this stack's copy */
	return t == k ? arena_strdup(r->arena, k) : t;
}

/* The plural form of key for n: "<key>.one" when the catalogue has it
 * and n is singular in the language (English 1; French 0 and 1). */
static const char *
plural(struct req *r, const char *key, long n)
{
	char one[128];
	bool singular = r->lang == LANG_FR ? (n == 0 || n == 1) : n == 1;

	if (singular && (size_t)snprintf(one, sizeof(one), "%s.one", key) <
	    sizeof(one) && i18n_has(r->lang, one))
		return i18n_get(r->lang, one);
	return i18n_get(r->lang, key);
}

const char *
T_n(struct req *r, const char *key, long n)
{
	const char *m = plural(r, key, n), *p = strstr(m, "{n}");

	if (p == NULL)
		return m;
	return arena_printf(r->arena, "%.*s%ld%s", (int)(p - m), m, n, p + 3);
}

const char *
T_s(struct req *r, const char *key, const char *name, const char *value)
{
	return T_subst(r, i18n_get(r->lang, key), name, value);
}

const char *
T_subst(struct req *r, const char *m, const char *name, const char *value)
{
	const char *p;
	char tag[40];

	snprintf(tag, sizeof(tag), "{%s}", name);
	if ((p = strstr(m, tag)) == NULL)
		return m;
	return arena_printf(r->arena, "%.*s%s%s", (int)(p - m), m, value,
	    p + strlen(tag));
}

const char *
T_kg(struct req *r, int grams)
{
	char *s = arena_printf(r->arena, "%d.%03d", grams / 1000, grams % 1000);
	char *e = s + strlen(s);

	while (e[-1] == '0')
		*--e = '\0';
	if (e[-1] == '.')
		*--e = '\0';
	else if (r->lang == LANG_FR)
		*strchr(s, '.') = ',';
	return arena_printf(r->arena, "%s\u00a0kg", s);
}

const char *
T_date(struct req *r, int64_t t, const char *tz)
{
	struct ymd d;
	int off;

	if (t == 0 || !civil_in_tz(t, tz, &d, &off))
		return "";
	return T_ymd(r, d);
}

const char *
T_ymd(struct req *r, struct ymd d)
{
	char key[16];

	if (d.m < 1 || d.m > 12)
		return "";
	snprintf(key, sizeof(key), "mname.%02d", d.m);
	if (r->lang == LANG_FR)
		return arena_printf(r->arena, "%d%s %s %d", d.d,
		    d.d == 1 ? "er" : "", T_(r, key), d.y);
	return arena_printf(r->arena, "%s %d, %d", T_(r, key), d.d, d.y);
}

void
page_init(struct page *p, struct req *r, const char *tpl,
    const char *title_key, const char *tab)
{
	enum lang other = r->lang == LANG_FR ? LANG_EN : LANG_FR;

	p->root = tdict_new();
	p->lang_form = NULL;
	p->shop = false;
	tdict_set_global(p->root, "CSRF", r->sess.csrf);
	/* before every local link: the site's prefix, or "" */
	tdict_set_global(p->root, "BASE", config_base_path());
	tdict_set_global(p->root, "SITE", T_(r, "app.name"));
	tdict_set_global(p->root, "LANG", lang_code(r->lang));
	tdict_set(p->root, "TITLE", T_(r, title_key));
	tdict_set(p->root, "OTHER_LANG", lang_code(other));
	tdict_set(p->root, "OTHER_LANG_NAME", i18n_get(other, "lang.name"));
	tdict_set(p->root, "OTHER_LANG_URL",
	    arena_printf(r->arena, "%s?lang=%s", r->path, lang_code(other)));
	if (tab != NULL && strcmp(tab, "public") == 0) {
		/* the customer's pages: no merchant navigation */
		tdict_show(p->root, "PUBLIC");
	} else if (r->sess.auth) {
		tdict_show(p->root, "MERCHANT");
		tdict_show(p->root, "AUTH");
		tdict_set_global(p->root, "BUSINESS", r->sess.business);
		tdict_set_global(p->root, "EMAIL", r->sess.email);
		if (tab != NULL) {
			char sec[32];
			snprintf(sec, sizeof(sec), "TAB_%s", tab);
			tdict_show(p->root, sec);
		}
	} else {
		tdict_show(p->root, "ANON");
		tdict_show(p->root, "MERCHANT");
		if (config_signup_open())
			tdict_show(p->root, "SIGNUP");
	}
	p->body = tdict_add_include(p->root, "BODY", tpl, r->lang);
}

void
page_lang_form(struct page *p, const char *form_id)
{
	p->lang_form = form_id;
}

const char *
T_reason(struct req *r, const char *kept)
{
	const char *w = reason_own_words(kept, r->lang == LANG_FR, r->arena);

	return w ? w : T_of(r, "reason", kept);
}

const char *
T_contact(struct req *r, const char *name, const char *email,
    const char *phone)
{
	const char *m;

	if (*email && *phone)
		m = T_(r, "shop.contact_both");
	else if (*email)
		m = T_(r, "shop.contact_email");
	else if (*phone)
		m = T_(r, "shop.contact_phone");
	else
		return "";
	m = T_subst(r, m, "shop", name);
	m = T_subst(r, m, "email", email);
	return T_subst(r, m, "phone", phone);
}

void
page_shop(struct page *p, struct req *r, const char *name,
    int64_t merchant_id, const struct shop *s)
{
	const char *c = T_contact(r, name, s->email, s->phone);
	const char *logo = account_shop_path(r->arena, merchant_id, s, true);
	const char *theme = account_shop_path(r->arena, merchant_id, s, false);

	p->shop = true;
	if (name != NULL && *name)
		tdict_set_global(p->root, "SITE", name);
	if (logo != NULL)
		tdict_set(tdict_add_section(p->root, "SHOP_LOGO"), "logo", logo);
	if (theme != NULL)
		tdict_set(tdict_add_section(p->root, "SHOP_THEME"), "theme",
		    theme);

	if (*c)
		tdict_set(tdict_add_section(p->root, "SHOP_FOOT"), "contact", c);
}

enum rerr
page_send(struct page *p, struct req *r, int status)
{
	static struct buf out;	/* scratch, reused by each page of a worker */
	enum rerr e;

	if (!p->shop)
		tdict_show(p->root, "OPERATOR_FOOT");
	if (p->lang_form != NULL)
		tdict_set(tdict_add_section(p->root, "LANG_FORM"), "id",
		    p->lang_form);
	else
		tdict_show(p->root, "LANG_LINK");
	buf_reset(&out);
	e = tdict_expand(p->root, "layout.tpl", r->lang, &out);
	tdict_free(p->root);
	p->root = p->body = NULL;
	if (e != E_OK) {
		log_err(r->id, "template expansion failed");
		return E_SYS;
	}
	http_open(r, status, "text/html");
	http_write(r, out.data, out.len);
	return E_OK;
}

void
page_error(struct req *r, int status, const char *msg_key)
{
	struct page p;
	char title[32];

	snprintf(title, sizeof(title), "error.%d", status);
	if (!i18n_has(r->lang, title))
		snprintf(title, sizeof(title), "error.title");
	page_init(&p, r, "error.tpl", title, r->customer ? "public" : NULL);
	tdict_set_int(p.body, "STATUS", status);
	tdict_set(p.body, "HEADING", T_(r, title));
	if (!r->customer)
		tdict_show(p.body, "HOME_LINKS");
	tdict_set(p.body, "MESSAGE", T_(r, msg_key));
	if (page_send(&p, r, status) != E_OK && !http_is_open(r)) {
		/* last resort: the templates failed */
		http_open(r, status, "text/plain");
		http_puts(r, T_(r, msg_key));
		http_puts(r, "\n");
	}
}
