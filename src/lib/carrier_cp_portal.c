/* carrier_cp_portal.c -- Canada Post's Developer Portal (2026): OAuth2
 * client credentials and plain JSON (jansson).
 *
 * Only the calls whose shapes two independent sources confirm are built
 * (CANADA-POST.md section 9): the token and tracking details. Return
 * labels, the customer's account and merchant registration answer
 * CE_UNEXPECTED ("not offered with canadapost_api = portal"); use
 * canadapost_api = soa for them. The token is cached until a minute
 * before its expires_in and asked again after a 401. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "curl_dl.h"
#include <jansson.h>

#include "returns/tracknum.h"
#include "carrier_cp.h"

static char token[2048];
static time_t token_until;

static const char *
jstr(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);

	return json_is_string(v) ? json_string_value(v) : "";
}

/* An error body in any of the portal's shapes -> classified. */
static enum carrier_err
portal_error(json_t *root, long status, struct carrier_fail *f)
{
	json_t *errs, *e0;
	char code[64] = "", desc[256] = "";

	if ((errs = json_object_get(root, "errors")) != NULL &&
	    (e0 = json_array_get(errs, 0)) != NULL) {
		json_t *c = json_object_get(e0, "errorCode");
		if (json_is_integer(c))
			snprintf(code, sizeof(code), "%lld",
			    (long long)json_integer_value(c));
		else
			snprintf(code, sizeof(code), "%s", jstr(e0,
			    "errorCode"));
		snprintf(desc, sizeof(desc), "%s", jstr(e0, "message"));
	} else if ((errs = json_object_get(root, "messages")) != NULL &&
	    (e0 = json_array_get(errs, 0)) != NULL) {
		snprintf(code, sizeof(code), "%s", jstr(e0, "code"));
		snprintf(desc, sizeof(desc), "%s", jstr(e0, "description"));
	} else if (root != NULL) {
		snprintf(desc, sizeof(desc), "%s %s", jstr(root, "httpMessage"),
		    jstr(root, "moreInformation"));
	}
	return cp_classify(status, code, desc, f);
}

enum carrier_err
cp_portal_parse_token(const char *s, size_t n, long status, char *tok,
    size_t len, long *expires_in, struct carrier_fail *f)
{
	json_t *root = json_loadb(s ? s : "", n, JSON_REJECT_DUPLICATES, NULL);
	json_t *exp;
	enum carrier_err e = CE_OK;
	const char *t;

	tok[0] = '\0';
	*expires_in = 0;
	if (status != 200 || !json_is_object(root)) {
		e = portal_error(json_is_object(root) ? root : NULL, status, f);
		if (e == CE_OK || e == CE_ADDRESS)
			e = f->code = status == 400 || status == 401 ?
			    CE_AUTH : CE_UNEXPECTED;
		goto done;
	}
	t = jstr(root, "access_token");
	exp = json_object_get(root, "expires_in");
	if (*t == '\0' || strlen(t) >= len || strpbrk(t, "\r\n ") != NULL) {
		cp_classify(status, "", "a token answer without a token", f);
		e = f->code = CE_UNEXPECTED;
		goto done;
	}
	snprintf(tok, len, "%s", t);
	if (json_is_integer(exp))
		*expires_in = (long)json_integer_value(exp);
	else if (json_is_string(exp))
		*expires_in = strtol(json_string_value(exp), NULL, 10);
	if (*expires_in <= 0 || *expires_in > 86400 * 7)
		*expires_in = 3600;
done:
	json_decref(root);
	return e;
}

enum carrier_err
cp_portal_parse_track(const char *s, size_t n, long status,
    struct carrier_event **out, size_t *nout, struct carrier_fail *f)
{
	json_t *root = json_loadb(s ? s : "", n, JSON_REJECT_DUPLICATES, NULL);
	json_t *evs, *o;
	enum carrier_err e = CE_OK;
	size_t i, k = 0;

	*out = NULL;
	*nout = 0;
	if (json_is_array(root))	/* a summary-like array of one */
		o = json_array_get(root, 0);
	else
		o = root;
	if (status != 200 || !json_is_object(o)) {
		e = portal_error(json_is_object(o) ? o : NULL, status, f);
		if (e == CE_OK)
			e = f->code = CE_UNEXPECTED;
		goto done;
	}
	if (!json_is_true(json_object_get(o, "activeExists")) &&
	    !json_is_true(json_object_get(o, "archiveExists")) &&
	    json_object_get(o, "significantEvents") == NULL) {
		cp_classify(status, "004", "no PIN history", f);
		e = CE_NO_HISTORY;
		goto done;
	}
	evs = json_object_get(o, "significantEvents");
	if (json_is_object(evs))	/* {"occurrence": [...]} */
		evs = json_object_get(evs, "occurrence");
	if ((*out = calloc(json_array_size(evs) + 1, sizeof(**out))) == NULL) {
		e = f->code = CE_UNEXPECTED;
		goto done;
	}
	for (i = 0; i < json_array_size(evs); i++) {
		json_t *x = json_array_get(evs, i);
		struct carrier_event *ev = &(*out)[k];
		const char *site = jstr(x, "eventSite"),
		    *prov = jstr(x, "eventProvince");
		int type;

		if (!json_is_object(x))
			continue;
		snprintf(ev->code, sizeof(ev->code), "%s",
		    jstr(x, "eventIdentifier"));
		snprintf(ev->description, sizeof(ev->description), "%s",
		    jstr(x, "eventDescription"));
		if (ev->code[0] == '\0' ||
		    (type = cp_event_type(ev->code)) < 0 ||
		    !cp_event_time(jstr(x, "eventDate"), jstr(x, "eventTime"),
		    jstr(x, "eventTimeZone"), &ev->at, &ev->utc_offset)) {
			memset(ev, 0, sizeof(*ev));
			continue;
		}
		ev->type = type;
		snprintf(ev->location, sizeof(ev->location), "%.90s%s%.8s",
		    site, *site && *prov ? " " : "", prov);
		k++;
	}
	*nout = k;
done:
	json_decref(root);
	return e;
}

/* A bearer token, from the cache or a new one. */
static enum carrier_err
get_token(bool fresh, struct carrier_fail *f)
{
	struct cp_http q = { 0 };
	struct cp_answer ans = { 0 };
	struct buf body = { 0 }, id = { 0 }, sec = { 0 };
	const char *hdrs[3];
	char *eu, *es, url[1024];
	long exp;
	enum carrier_err e;

	if (!fresh && token[0] && time(NULL) < token_until)
		return CE_OK;
	token[0] = '\0';
	eu = curl_easy_escape(NULL, cp_key_user(), 0);
	es = curl_easy_escape(NULL, cp_key_password(), 0);
	if (eu == NULL || es == NULL) {
		curl_free(eu);
		curl_free(es);
		return f->code = CE_UNEXPECTED;
	}
	buf_printf(&body, "grant_type=client_credentials&scope=merchant"
	    "&client_id=%s&client_secret=%s", eu, es);
	curl_free(eu);
	curl_free(es);
	buf_printf(&id, "X-IBM-Client-Id: %s", cp_key_user());
	buf_printf(&sec, "X-IBM-Client-Secret: %s", cp_key_password());
	hdrs[0] = id.data;
	hdrs[1] = sec.data;
	hdrs[2] = NULL;
	snprintf(url, sizeof(url), "%s/cpc-api-native-oauth-provider/oauth2/"
	    "token", cp_base_url());
	q.method = "POST";
	q.url = url;
	q.accept = "application/json";
	q.content_type = "application/x-www-form-urlencoded";
	q.body = body.data;
	q.len = body.len;
	q.headers = hdrs;
	if ((e = cp_http_do(&q, &ans, f)) == CE_OK &&
	    (e = cp_portal_parse_token(ans.body.data, ans.body.len, ans.status,
	    token, sizeof(token), &exp, f)) == CE_OK)
		token_until = time(NULL) + exp - 60;
	explicit_bzero(body.data, body.len);
	explicit_bzero(sec.data, sec.len);
	buf_free(&body);
	buf_free(&id);
	buf_free(&sec);
	buf_free(&ans.body);
	return e;
}

static enum carrier_err
portal_track(const struct carrier_account *a, const char *pin,
    struct carrier_event **ev, size_t *n, struct carrier_fail *f)
{
	struct cp_http q = { 0 };
	struct cp_answer ans = { 0 };
	const char *hdrs[2] = { NULL, NULL };
	char url[512], pid[64];
	enum carrier_err e;

	(void)a;
	if (!tracknum_pin_shape(pin)) {
		snprintf(f->message, sizeof(f->message), "not a PIN");
		return CE_UNEXPECTED;
	}
	if (cp_platform_id() != NULL) {
		snprintf(pid, sizeof(pid), "platform-id: %s", cp_platform_id());
		hdrs[0] = pid;
	}
	snprintf(url, sizeof(url), "%s/tracking/v1/pins/%s/details",
	    cp_base_url(), pin);
	for (int attempt = 0; attempt < 2; attempt++) {
		if ((e = get_token(attempt > 0, f)) != CE_OK)
			return e;
		memset(&q, 0, sizeof(q));
		q.method = "GET";
		q.url = url;
		q.accept = "application/json";
		q.bearer = token;
		q.headers = hdrs;
		buf_free(&ans.body);
		if ((e = cp_http_do(&q, &ans, f)) != CE_OK)
			break;
		if (ans.status != 401)
			break;		/* else the token expired: again */
	}
	if (e == CE_OK)
		e = cp_portal_parse_track(ans.body.data, ans.body.len,
		    ans.status, ev, n, f);
	buf_free(&ans.body);
	return e;
}

static enum carrier_err
not_offered(struct carrier_fail *f)
{
	snprintf(f->message, sizeof(f->message), "not offered with "
	    "canadapost_api = portal: use soa");
	return CE_UNEXPECTED;
}

static enum carrier_err
portal_create_label(const struct carrier_account *a,
    const struct carrier_label_req *r, struct carrier_label *l,
    struct carrier_fail *f)
{
	(void)a;
	(void)r;
	(void)l;
	return not_offered(f);
}

static enum carrier_err
portal_account(const struct carrier_account *a, struct carrier_info *i,
    struct carrier_fail *f)
{
	(void)a;
	(void)i;
	return not_offered(f);
}

static enum carrier_err
portal_reg_token(char *t, size_t len, struct carrier_fail *f)
{
	(void)t;
	(void)len;
	return not_offered(f);
}

static enum carrier_err
portal_reg_info(const char *t, struct carrier_registration *r,
    struct carrier_fail *f)
{
	(void)t;
	(void)r;
	return not_offered(f);
}

/* The token call: it proves the address, TLS and the client's key. */
static enum carrier_err
portal_check(const char *customer, struct carrier_fail *f)
{
	(void)customer;
	return get_token(true, f);
}

const struct cp_transport cp_portal = {
	"portal", portal_create_label, portal_track, portal_account,
	portal_reg_token, portal_reg_info, portal_check
};
