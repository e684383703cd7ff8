/* settings.fcgi -- the Notification settings tab: up to four recipients,
 * the events each hears about, one email per return or a daily summary,
 * their language; a test email per recipient; emails that failed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "returns/calendar.h"
#include "returns/form.h"
#include "returns/notify.h"
#include "returns/page.h"
#include "returns/server.h"

static const char *const langs[] = { "en", "fr", NULL };
static const char *const lang_labels[] = { "lang.en", "lang.fr", NULL };
static const char *const modes[] = { "each", "daily", NULL };
static const char *const mode_labels[] = { "notify.mode_each",
    "notify.mode_daily", NULL };

enum { R_EMAIL, R_LANG, R_CRE, R_ACC, R_EXC, R_DEL, R_MODE, R__N };
static const struct field fields[R__N] = {
	{ "email", F_EMAIL, 1, 0, 254, NULL, NULL },
	{ "lang", F_CHOICE, 1, 0, 2, langs, lang_labels },
	{ "on_created", F_CHECK, 0, 0, 1, NULL, NULL },
	{ "on_accepted", F_CHECK, 0, 0, 1, NULL, NULL },
	{ "on_exception", F_CHECK, 0, 0, 1, NULL, NULL },
	{ "on_delivered", F_CHECK, 0, 0, 1, NULL, NULL },
	{ "mode", F_CHOICE, 1, 0, 5, modes, mode_labels },
};

static void
values_of(const struct recipient *r, struct fval v[R__N])
{
	memset(v, 0, sizeof(struct fval) * R__N);
	v[R_EMAIL].val = r->email;
	v[R_LANG].val = r->lang;
	v[R_CRE].val = r->on_created ? "1" : "";
	v[R_ACC].val = r->on_accepted ? "1" : "";
	v[R_EXC].val = r->on_exception ? "1" : "";
	v[R_DEL].val = r->on_delivered ? "1" : "";
	v[R_MODE].val = r->daily ? "daily" : "each";
}

static int
read_recipient(struct req *r, struct fval v[R__N], struct recipient *out)
{
	int errors = form_read(r, fields, R__N, v);

	if (!*v[R_CRE].val && !*v[R_ACC].val && !*v[R_EXC].val &&
	    !*v[R_DEL].val && !v[R_ACC].err) {
		v[R_ACC].err = "notify.err.no_event";
		errors++;
	}
	memset(out, 0, sizeof(*out));
	snprintf(out->email, sizeof(out->email), "%s", v[R_EMAIL].val);
	snprintf(out->lang, sizeof(out->lang), "%s", v[R_LANG].val);
	out->on_created = *v[R_CRE].val == '1';
	out->on_accepted = *v[R_ACC].val == '1';
	out->on_exception = *v[R_EXC].val == '1';
	out->on_delivered = *v[R_DEL].val == '1';
	out->daily = strcmp(v[R_MODE].val, "daily") == 0;
	return errors;
}

/* The page. `edit_id` and `edit` (may be NULL) are a recipient's form
 * coming back with errors; `add` the new recipient's. */
static enum rerr
show(struct req *r, int64_t edit_id, const struct fval *edit,
    const struct fval *add, const char *alert, int status)
{
	struct recipient rs[RECIPIENTS_MAX];
	struct failed_mail fm[10];
	struct page pg;
	struct fval v[R__N];
	struct tdict *failed = NULL;
	int n, nf;
	enum rerr e;

	if ((e = recipients_list(r->db, r->sess.merchant_id, rs, &n)) != E_OK ||
	    (e = outbox_failed(r->db, r->sess.merchant_id, fm, &nf)) != E_OK)
		return e;
	page_init(&pg, r, "notifications.tpl", "notifications.title",
	    "settings");
	if (alert != NULL)
		tdict_set(tdict_add_section(pg.body, "ALERT"), "alert", alert);
	if (kv_get(&r->query, "done"))
		tdict_set(tdict_add_section(pg.body, "DONE"), "done",
		    T_(r, kv_get(&r->query, "test") ? "notify.test_queued" :
		    kv_get(&r->query, "removed") ? "notify.removed" :
		    "notify.saved"));
	tdict_set_int(pg.body, "count", n);
	for (int i = 0; i < n; i++) {
		struct tdict *d = tdict_add_section(pg.body, "rcpt");
		tdict_set_int(d, "rid", rs[i].id);
		if (!rs[i].confirmed)
			tdict_show(d, "UNCONFIRMED");
		tdict_set_int(d, "num", i + 1);
		if (edit != NULL && rs[i].id == edit_id)
			form_fill(r, d, fields, R__N, edit);
		else {
			values_of(&rs[i], v);
			form_fill(r, d, fields, R__N, v);
		}
	}
	if (n == 0)
		tdict_show(pg.body, "EMPTY");
	/* a refused fifth comes back too: nothing typed is lost */
	if (n < RECIPIENTS_MAX || add != NULL) {
		struct tdict *d = tdict_add_section(pg.body, "ADD");
		if (add == NULL) {
			memset(v, 0, sizeof(v));
			for (int i = 0; i < R__N; i++)
				v[i].val = "";
			v[R_LANG].val = lang_code(r->lang);
			v[R_ACC].val = v[R_EXC].val = v[R_DEL].val = "1";
			v[R_MODE].val = "each";
			add = v;
		}
		form_fill(r, d, fields, R__N, add);
	}
	if (n >= RECIPIENTS_MAX)
		tdict_show(pg.body, "FULL");
	for (int i = 0; i < nf; i++) {
		struct tdict *d = tdict_add_section(i == 0 ? (failed =
		    tdict_add_section(pg.body, "FAILED")) : failed, "failed");
		tdict_set(d, "to", fm[i].to);
		tdict_set(d, "when", tz_format(r->arena, fm[i].at,
		    r->sess.tz, true));
		tdict_set(d, "error", fm[i].error);
	}
	return page_send(&pg, r, status);
}

static enum rerr
page_get(struct req *r)
{
	return show(r, 0, NULL, NULL, NULL, 200);
}

static enum rerr
add_post(struct req *r)
{
	struct fval v[R__N];
	struct recipient rc;
	enum rerr e;

	if (read_recipient(r, v, &rc) > 0)
		return show(r, 0, NULL, v, T_(r, "form.fix"), 400);
	e = recipient_add(r->db, r->sess.merchant_id, &rc, r->now);
	if (e == E_DENIED)
		return show(r, 0, NULL, v, T_(r, "notify.err.full"), 400);
	if (e == E_EXISTS) {
		v[R_EMAIL].err = "notify.err.duplicate";
		return show(r, 0, NULL, v, T_(r, "form.fix"), 400);
	}
	if (e != E_OK)
		return e;
	http_redirect(r, "/settings/notifications?done=1");
	return E_OK;
}

static bool
rid(struct req *r, int64_t *id)
{
	char *end;
	long long v = strtoll(r->args[0], &end, 10);

	if (*end != '\0' || v <= 0 || strspn(r->args[0], "0123456789") !=
	    strlen(r->args[0]))
		return false;
	*id = v;
	return true;
}

static enum rerr
update_post(struct req *r)
{
	struct fval v[R__N];
	struct recipient rc;
	enum rerr e;
	int64_t id;

	if (!rid(r, &id))
		return E_NOTFOUND;
	if (read_recipient(r, v, &rc) > 0)
		return show(r, id, v, NULL, T_(r, "form.fix"), 400);
	rc.id = id;
	e = recipient_update(r->db, r->sess.merchant_id, &rc, r->now);
	if (e == E_EXISTS) {
		v[R_EMAIL].err = "notify.err.duplicate";
		return show(r, id, v, NULL, T_(r, "form.fix"), 400);
	}
	if (e != E_OK)
		return e;
	http_redirect(r, "/settings/notifications?done=1");
	return E_OK;
}

static enum rerr
remove_post(struct req *r)
{
	int64_t id;
	enum rerr e;

	if (!rid(r, &id))
		return E_NOTFOUND;
	if ((e = recipient_remove(r->db, r->sess.merchant_id, id)) != E_OK)
		return e;
	http_redirect(r, "/settings/notifications?done=1&removed=1");
	return E_OK;
}

static enum rerr
test_post(struct req *r)
{
	int64_t id;
	enum rerr e;

	if (!rid(r, &id))
		return E_NOTFOUND;
	e = recipient_test(r->db, r->sess.merchant_id, id, r->now);
	if (e == E_DENIED)	/* the hourly limit: said, nothing lost */
		return show(r, 0, NULL, NULL, T_n(r, "notify.test_limit",
		    TEST_PER_HOUR), 429);
	if (e == E_INVALID)	/* not confirmed: its link went again */
		return show(r, 0, NULL, NULL, T_(r, "notify.test_unconfirmed"),
		    409);
	if (e != E_OK)
		return e;
	http_redirect(r, "/settings/notifications?done=1&test=1");
	return E_OK;
}

/* ---- a recipient confirms the address (public: the link's page) ---- */

static enum rerr
confirm_page(struct req *r, bool post)
{
	struct recipient rc;
	struct page pg;
	char business[256];
	enum rerr e;

	e = post ? recipient_confirm(r->db, r->args[0], r->now) :
	    recipient_by_token(r->db, r->args[0], &rc, business,
	    sizeof(business));
	if (e == E_NOTFOUND) {
		page_error(r, 410, "rconfirm.gone");
		return E_OK;
	}
	if (e != E_OK)
		return e;
	if (post) {
		http_redirect(r, "/settings/confirmed");
		return E_OK;
	}
	/* a button, not the GET: a mail filter that opens links confirms
	 * nothing */
	page_init(&pg, r, "rcpt_confirm.tpl", "rconfirm.title", NULL);
	tdict_show(pg.body, "ASK");
	tdict_set(pg.body, "business", business);
	tdict_set(pg.body, "email", rc.email);
	tdict_set(pg.body, "action", arena_printf(r->arena,
	    "/settings/confirm/%s", r->args[0]));
	return page_send(&pg, r, 200);
}

static enum rerr
confirm_get(struct req *r)
{
	return confirm_page(r, false);
}

static enum rerr
confirm_post(struct req *r)
{
	return confirm_page(r, true);
}

static enum rerr
confirmed_get(struct req *r)
{
	struct page pg;

	page_init(&pg, r, "rcpt_confirm.tpl", "rconfirm.title", NULL);
	tdict_show(pg.body, "DONE");
	return page_send(&pg, r, 200);
}

static enum rerr
settings_root(struct req *r)
{
	http_redirect(r, "/settings/notifications");
	return E_OK;
}

static const struct route routes[] = {
	{ M_GET, "/settings/healthz", server_healthz, ROUTE_BARE },
	{ M_GET, "/settings/", settings_root, ROUTE_AUTH },
	{ M_GET, "/settings/notifications", page_get, ROUTE_AUTH },
	{ M_POST, "/settings/notifications", add_post, ROUTE_AUTH },
	{ M_POST, "/settings/notifications/{}", update_post, ROUTE_AUTH },
	{ M_POST, "/settings/notifications/{}/remove", remove_post,
	    ROUTE_AUTH },
	{ M_POST, "/settings/notifications/{}/test", test_post, ROUTE_AUTH },
	{ M_GET, "/settings/confirm/{}", confirm_get, 0 },
	{ M_POST, "/settings/confirm/{}", confirm_post, 0 },
	{ M_GET, "/settings/confirmed", confirmed_get, 0 },
};

int
main(int argc, char **argv)
{
	static const struct app app = {
		.name = "settings", .routes = routes,
		.nroutes = sizeof(routes) / sizeof(routes[0]),
	};

	return server_main(argc, argv, &app);
}
