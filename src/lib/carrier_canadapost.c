/* carrier_canadapost.c -- Canada Post's web services (see carrier_cp.h
 * for the parts, ../shared/carrier/CANADA-POST.md for the facts).
 *
 * What both transports share: the key file, the HTTP client, the
 * mappings of services, event codes, zones and errors. Nothing here logs a
 * key, a password, a token or a body: only the call, the status and the
 * carrier's code and description. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "curl_dl.h"

#include "returns/calendar.h"
#include "returns/config.h"
#include "returns/log.h"
#include "returns/tracking.h"
#include "carrier_cp.h"

enum rerr	 cp_init(char *, size_t);
enum carrier_err cp_create_label(const struct carrier_account *,
		    const struct carrier_label_req *, struct carrier_label *,
		    struct carrier_fail *);
enum carrier_err cp_track(const struct carrier_account *, const char *,
		    struct carrier_event **, size_t *, struct carrier_fail *);
enum carrier_err cp_account(const struct carrier_account *,
		    struct carrier_info *, struct carrier_fail *);
enum carrier_err cp_reg_token(char *, size_t, struct carrier_fail *);
bool		 cp_reg_url(const char *, const char *, const char *, char *,
		    size_t);
enum carrier_err cp_reg_info(const char *, struct carrier_registration *,
		    struct carrier_fail *);
enum carrier_err cp_check(const char *, char *, size_t);

static const struct cp_transport *tr = &cp_soa;
static char base[512];
static char key_user[128], key_pass[256];
static CURL *handle;		/* kept: the connection is reused */

const char *
cp_base_url(void)
{
	return base;
}

const char *
cp_platform_id(void)
{
	return config_canadapost_platform_id();
}

const char *
cp_key_user(void)
{
	return key_user;
}

const char *
cp_key_password(void)
{
	return key_pass;
}

/* The host of url is loopback (127.0.0.0/8, ::1, localhost). */
static bool
loopback(const char *host)
{
	return strncmp(host, "127.", 4) == 0 || strcmp(host, "[::1]") == 0 ||
	    strcmp(host, "::1") == 0 || strcmp(host, "localhost") == 0;
}

/* scheme, host and port of url; false when it does not parse */
static bool
origin(const char *url, char *scheme, size_t slen, char *host, size_t hlen,
    long *port)
{
	CURLU *u = curl_url();
	char *s = NULL, *h = NULL, *p = NULL;
	bool ok = false;

	if (u != NULL && curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &s, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &h, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_PORT, &p, CURLU_DEFAULT_PORT) ==
	    CURLUE_OK) {
		snprintf(scheme, slen, "%s", s);
		snprintf(host, hlen, "%s", h);
		*port = strtol(p, NULL, 10);
		for (char *c = host; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		ok = true;
	}
	curl_free(s);
	curl_free(h);
	curl_free(p);
	curl_url_cleanup(u);
	return ok;
}

bool
cp_same_origin(const char *url)
{
	char s1[16], h1[256], s2[16], h2[256];
	long p1, p2;

	return origin(url, s1, sizeof(s1), h1, sizeof(h1), &p1) &&
	    origin(base, s2, sizeof(s2), h2, sizeof(h2), &p2) &&
	    strcmp(s1, s2) == 0 && strcmp(h1, h2) == 0 && p1 == p2;
}

/* The key file: "user:password" (or "client_id:client_secret") on its
 * first line. */
static enum rerr
read_key(const char *path, char *err, size_t errlen)
{
	char line[512], *colon;
	FILE *f;

	if (path == NULL) {
		snprintf(err, errlen, "canadapost_key_file: not set (a file "
		    "holding username:password, mode 0640)");
		return E_INVALID;
	}
	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "canadapost_key_file: %s: cannot read "
		    "it", path);
		return E_SYS;
	}
	if (fgets(line, sizeof(line), f) == NULL)
		line[0] = '\0';
	fclose(f);
	line[strcspn(line, "\r\n")] = '\0';
	if ((colon = strchr(line, ':')) == NULL || colon == line ||
	    colon[1] == '\0' || (size_t)(colon - line) >= sizeof(key_user)) {
		snprintf(err, errlen, "canadapost_key_file: %s: want one line "
		    "user:password", path);
		return E_INVALID;
	}
	*colon = '\0';
	snprintf(key_user, sizeof(key_user), "%s", line);
	snprintf(key_pass, sizeof(key_pass), "%s", colon + 1);
	explicit_bzero(line, sizeof(line));
	return E_OK;
}

enum rerr
cp_init(char *err, size_t errlen)
{
	char scheme[16], host[256];
	long port;
	size_t n;

	tr = strcmp(config_canadapost_api(), "portal") == 0 ? &cp_portal :
	    &cp_soa;
	snprintf(base, sizeof(base), "%s", config_canadapost_url());
	n = strlen(base);
	while (n > 0 && base[n - 1] == '/')
		base[--n] = '\0';
	if (!origin(base, scheme, sizeof(scheme), host, sizeof(host), &port)) {
		snprintf(err, errlen, "canadapost_url: %s: not an address",
		    base);
		return E_INVALID;
	}
	if (strcmp(scheme, "https") != 0 &&
	    !(strcmp(scheme, "http") == 0 && loopback(host))) {
		snprintf(err, errlen, "canadapost_url: %s: https:// (plain "
		    "http:// only to a loopback host)", base);
		return E_INVALID;
	}
	/* libcurl is loaded by the first call out (curl_dl.h), not here:
	 * most workers of a site with this carrier never call it */
	return read_key(config_canadapost_key_file(), err, errlen);
}

/* ---- the HTTP client ---- */

struct sink {
	struct buf	*b;
	bool		 over;
};

static size_t
write_cb(char *p, size_t size, size_t n, void *arg)
{
	struct sink *s = arg;

	if (s->b->len + size * n > CP_MAX_BODY) {
		s->over = true;
		return 0;
	}
	buf_append(s->b, p, size * n);
	return size * n;
}

/* Appends a header line; false when out of memory. */
static bool __attribute__((format(printf, 2, 3)))
hdr(struct curl_slist **hl, const char *fmt, ...)
{
	struct curl_slist *tmp;
	char h[2200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(h, sizeof(h), fmt, ap);
	va_end(ap);
	if ((tmp = curl_slist_append(*hl, h)) == NULL)
		return false;
	*hl = tmp;
	return true;
}

enum carrier_err
cp_http_do(const struct cp_http *q, struct cp_answer *ans,
    struct carrier_fail *f)
{
	struct curl_slist *hl = NULL;
	char ebuf[CURL_ERROR_SIZE] = "";
	struct sink sink = { &ans->body, false };
	char scheme[16], host[256];
	long port;
	const char *ctype = NULL;
	CURLcode rc;

	ans->status = 0;
	ans->content_type[0] = '\0';
	if (!origin(q->url, scheme, sizeof(scheme), host, sizeof(host), &port)) {
		snprintf(f->message, sizeof(f->message), "bad address");
		return CE_UNEXPECTED;
	}
	if (handle == NULL && (handle = curl_easy_init()) == NULL) {
		snprintf(f->message, sizeof(f->message), "curl_easy_init");
		return CE_UNREACHABLE;
	}
	curl_easy_reset(handle);
	if (!hdr(&hl, "Accept: %s", q->accept) ||
	    !(q->content_type != NULL ? hdr(&hl, "Content-Type: %s",
	    q->content_type) : hdr(&hl, "Content-Type:")) ||
	    !hdr(&hl, "Accept-Language: %s", q->lang &&
	    strcmp(q->lang, "fr") == 0 ? "fr-CA" : "en-CA") ||
	    (q->bearer != NULL && !hdr(&hl, "Authorization: Bearer %s",
	    q->bearer)) || !hdr(&hl, "Expect:"))
		goto oom;
	for (const char *const *x = q->headers; x != NULL && *x; x++)
		if (!hdr(&hl, "%s", *x))
			goto oom;
	if (curl_easy_setopt(handle, CURLOPT_URL, q->url) != CURLE_OK ||
	    curl_easy_setopt(handle, CURLOPT_PROTOCOLS_STR, loopback(host) ?
	    "http,https" : "https") != CURLE_OK ||
	    curl_easy_setopt(handle, CURLOPT_NOSIGNAL, 1L) != CURLE_OK ||
	    curl_easy_setopt(handle, CURLOPT_SSL_VERIFYPEER, 1L) != CURLE_OK ||
	    curl_easy_setopt(handle, CURLOPT_SSL_VERIFYHOST, 2L) != CURLE_OK ||
	    curl_easy_setopt(handle, CURLOPT_SSLVERSION,
	    (long)CURL_SSLVERSION_TLSv1_2) != CURLE_OK ||
	    curl_easy_setopt(handle, CURLOPT_CONNECTTIMEOUT, 5L) != CURLE_OK ||
	    curl_easy_setopt(handle, CURLOPT_TIMEOUT,
	    (long)config_canadapost_timeout()) != CURLE_OK ||
	    curl_easy_setopt(handle, CURLOPT_ERRORBUFFER, ebuf) != CURLE_OK ||
	    curl_easy_setopt(handle, CURLOPT_HTTPHEADER, hl) != CURLE_OK ||
	    curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, write_cb) !=
	    CURLE_OK ||
	    curl_easy_setopt(handle, CURLOPT_WRITEDATA, &sink) != CURLE_OK ||
	    curl_easy_setopt(handle, CURLOPT_FOLLOWLOCATION, 0L) != CURLE_OK)
		goto oom;
	if (q->user != NULL &&
	    (curl_easy_setopt(handle, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC)
	    != CURLE_OK ||
	    curl_easy_setopt(handle, CURLOPT_USERNAME, q->user) != CURLE_OK ||
	    curl_easy_setopt(handle, CURLOPT_PASSWORD, q->password) !=
	    CURLE_OK))
		goto oom;
	if (strcmp(q->method, "POST") == 0 &&
	    (curl_easy_setopt(handle, CURLOPT_POST, 1L) != CURLE_OK ||
	    curl_easy_setopt(handle, CURLOPT_POSTFIELDS, q->body ? q->body :
	    "") != CURLE_OK ||
	    curl_easy_setopt(handle, CURLOPT_POSTFIELDSIZE, (long)q->len) !=
	    CURLE_OK))
		goto oom;
	rc = curl_easy_perform(handle);
	curl_slist_free_all(hl);
	/* the password stays in curl's handle until the next call's reset */
	if (rc != CURLE_OK) {
		snprintf(f->message, sizeof(f->message), "%s", sink.over ?
		    "answer too large" : ebuf[0] ? ebuf :
		    curl_easy_strerror(rc));
		snprintf(f->carrier_code, sizeof(f->carrier_code), "curl %d",
		    (int)rc);
		return sink.over ? CE_UNEXPECTED : CE_UNREACHABLE;
	}
	curl_easy_getinfo(handle, CURLINFO_RESPONSE_CODE, &ans->status);
	if (curl_easy_getinfo(handle, CURLINFO_CONTENT_TYPE, &ctype) ==
	    CURLE_OK && ctype != NULL)
		snprintf(ans->content_type, sizeof(ans->content_type), "%s",
		    ctype);
	f->http_status = (int)ans->status;
	return CE_OK;
oom:
	curl_slist_free_all(hl);
	snprintf(f->message, sizeof(f->message), "could not set up the call");
	return CE_UNEXPECTED;
}

/* ---- mappings ---- */

const char *
cp_service_code(const char *service)
{
	static const char *const map[][2] = {
		{ "priority", "DOM.PC" }, { "xpresspost", "DOM.XP" },
		{ "expedited", "DOM.EP" }, { "regular", "DOM.RP" },
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(*map); i++)
		if (strcmp(map[i][0], service) == 0)
			return map[i][1];
	return NULL;
}

/* Canada Post's scan codes by kind. Only 1496 (delivered) and 20
 * (signature image) are confirmed by Canada Post's examples; the rest is
 * karrio's grouping (CANADA-POST.md 4.3). Any other code is "in transit". */
static const int delivered_codes[] = { 1408, 1409, 1421, 1422, 1423, 1424,
    1425, 1426, 1427, 1428, 1429, 1430, 1431, 1432, 1433, 1434, 1441, 1442,
    1496, 1497, 1498, 1499 };
static const int accepted_codes[] = { 100, 101, 102, 103, 104, 105, 106,
    107, 1400, 1401, 1402, 1403, 1404, 1405 };
static const int exception_codes[] = { 150, 154, 167, 168, 169, 179, 181,
    182, 183, 184, 190, 1100, 1415, 1416, 1417, 1418, 1419, 1420, 1450,
    1481, 1482, 1483, 1491, 1492, 1493, 2600, 2802, 3001, 4650 };

static bool
in(int c, const int *set, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (set[i] == c)
			return true;
	return false;
}

int
cp_event_type(const char *code)
{
	char *end;
	long c;

	if (code == NULL || !isdigit((unsigned char)*code))
		return EV_IN_TRANSIT;
	c = strtol(code, &end, 10);
	if (*end != '\0')
		return EV_IN_TRANSIT;
	if (c == 20)
		return -1;	/* signature image available: no movement */
#define N(a) (sizeof(a) / sizeof(*(a)))
	if (in((int)c, delivered_codes, N(delivered_codes)))
		return EV_DELIVERED;
	if (in((int)c, accepted_codes, N(accepted_codes)))
		return EV_ACCEPTED;
	if (in((int)c, exception_codes, N(exception_codes)))
		return EV_EXCEPTION;
#undef N
	return EV_IN_TRANSIT;
}

bool
cp_zone_offset(const char *zone, int *off)
{
	static const struct { const char *z; int m; } zones[] = {
		{ "NST", -210 }, { "NDT", -150 }, { "AST", -240 },
		{ "ADT", -180 }, { "EST", -300 }, { "EDT", -240 },
		{ "CST", -360 }, { "CDT", -300 }, { "MST", -420 },
		{ "MDT", -360 }, { "PST", -480 }, { "PDT", -420 },
		{ "UTC", 0 }, { "GMT", 0 }, { "Z", 0 },
	};

	for (size_t i = 0; i < sizeof(zones) / sizeof(*zones); i++)
		if (strcasecmp(zones[i].z, zone) == 0) {
			*off = zones[i].m * 60;
			return true;
		}
	return false;
}

bool
cp_event_time(const char *date, const char *tm, const char *zone,
    int64_t *at, int *off)
{
	int y, mo, d, h = 0, mi = 0, s = 0, n = 0;
	char tail;

	if (sscanf(date, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 ||
	    date[n] != '\0' || y < 1970 || y > 9999 || mo < 1 || mo > 12 ||
	    !ymd_valid((struct ymd){ y, mo, d }))
		return false;
	if (*tm) {
		if (sscanf(tm, "%2d:%2d:%2d%c", &h, &mi, &s, &tail) != 3 &&
		    sscanf(tm, "%2d%2d%2d%c", &h, &mi, &s, &tail) != 3)
			return false;
		if (h > 23 || mi > 59 || s > 60 || h < 0 || mi < 0 || s < 0)
			return false;
	}
	if (zone == NULL || !*zone || !cp_zone_offset(zone, off))
		*off = 0;
	*at = days_from_civil((struct ymd){ y, mo, d }) * 86400 + h * 3600 + mi * 60 + s -
	    *off;
	return true;
}

/* A field named in an error's description ("... postal-code ..."). */
static const char *
field_in(const char *d)
{
	static const char *const map[][2] = {
		{ "postal-code", "postal" }, { "postalcode", "postal" },
		{ "postal code", "postal" }, { "code postal", "postal" },
		{ "province", "province" }, { "city", "city" },
		{ "ville", "city" }, { "address-line-2", "line2" },
		{ "addressline2", "line2" }, { "address-line", "line1" },
		{ "addressline", "line1" }, { "adresse", "line1" },
		{ "returner/name", "name" }, { "name", "name" },
	};
	char low[256];
	size_t i;

	for (i = 0; d[i] && i < sizeof(low) - 1; i++)
		low[i] = (char)tolower((unsigned char)d[i]);
	low[i] = '\0';
	for (i = 0; i < sizeof(map) / sizeof(*map); i++)
		if (strstr(low, map[i][0]) != NULL)
			return map[i][1];
	return NULL;
}

enum carrier_err
cp_classify(long status, const char *code, const char *desc,
    struct carrier_fail *f)
{
	static const struct { const char *code; enum carrier_err e; } codes[] =
	{
		{ "E002", CE_AUTH }, { "AA001", CE_AUTH }, { "AA002", CE_AUTH },
		{ "AA003", CE_AUTH }, { "AA004", CE_AUTH }, { "AA005", CE_AUTH },
		{ "AA006", CE_NOT_LINKED }, { "AA007", CE_AUTH },
		{ "AA008", CE_AUTH }, { "AA009", CE_AUTH },
		{ "1653", CE_STANDING }, { "9173", CE_STANDING },
		{ "1162", CE_NO_PAYMENT }, { "9174", CE_NO_PAYMENT },
		{ "1711", CE_NO_PAYMENT }, { "9120", CE_SERVICE },
		{ "004", CE_NO_HISTORY },
	};
	const char *fld;

	code = code ? code : "";
	desc = desc ? desc : "";
	snprintf(f->carrier_code, sizeof(f->carrier_code), "%s", code);
	snprintf(f->message, sizeof(f->message), "%s", desc);
	f->http_status = (int)status;
	f->field[0] = '\0';
	if (strcmp(code, "Server") == 0 && strstr(desc, "SLM") != NULL)
		return f->code = CE_RATE_LIMITED;
	if (status == 429)
		return f->code = CE_RATE_LIMITED;
	for (size_t i = 0; i < sizeof(codes) / sizeof(*codes); i++)
		if (strcmp(codes[i].code, code) == 0)
			return f->code = codes[i].e;
	if (status == 401 || status == 403)
		return f->code = CE_AUTH;
	if (status == 502 || status == 503 || status == 504)
		return f->code = CE_UNREACHABLE;
	if (status == 400 && (fld = field_in(desc)) != NULL) {
		snprintf(f->field, sizeof(f->field), "%s", fld);
		return f->code = CE_ADDRESS;
	}
	return f->code = CE_UNEXPECTED;
}

enum carrier_err
cp_log_fail(const char *call, struct carrier_fail *f)
{
	if (f->code != CE_OK && f->code != CE_NO_HISTORY)
		log_err(NULL, "canadapost %s %s: %s (HTTP %d, code %s%s%s): %s",
		    tr->name, call, carrier_err_name(f->code), f->http_status,
		    f->carrier_code[0] ? f->carrier_code : "-",
		    f->field[0] ? ", field " : "", f->field, f->message);
	return f->code;
}

/* ---- carrier.h through the transport ---- */

enum carrier_err
cp_create_label(const struct carrier_account *a,
    const struct carrier_label_req *r, struct carrier_label *l,
    struct carrier_fail *f)
{
	f->code = tr->create_label(a, r, l, f);
	return cp_log_fail("create label", f);
}

enum carrier_err
cp_track(const struct carrier_account *a, const char *pin,
    struct carrier_event **ev, size_t *n, struct carrier_fail *f)
{
	f->code = tr->track(a, pin, ev, n, f);
	return cp_log_fail("tracking", f);
}

enum carrier_err
cp_account(const struct carrier_account *a, struct carrier_info *i,
    struct carrier_fail *f)
{
	f->code = tr->account(a, i, f);
	return cp_log_fail("customer information", f);
}

enum carrier_err
cp_reg_token(char *token, size_t len, struct carrier_fail *f)
{
	f->code = tr->reg_token(token, len, f);
	return cp_log_fail("registration token", f);
}

bool
cp_reg_url(const char *token, const char *ret, const char *lang, char *out,
    size_t len)
{
	char *t = curl_easy_escape(NULL, token, 0);
	char *r = curl_easy_escape(NULL, ret, 0);
	const char *pid = cp_platform_id();
	char *p = curl_easy_escape(NULL, pid ? pid : "", 0);
	const char *signin = config_canadapost_signin_url();
	int n = -1;

	if (t != NULL && r != NULL && p != NULL)
		n = snprintf(out, len, "%s%creturn-url=%s&token-id=%s"
		    "&platform-id=%s&language=%s", signin,
		    strchr(signin, '?') ? '&' : '?', r, t, p,
		    lang && strcmp(lang, "fr") == 0 ? "fr" : "en");
	curl_free(t);
	curl_free(r);
	curl_free(p);
	return n > 0 && (size_t)n < len;
}

enum carrier_err
cp_reg_info(const char *token, struct carrier_registration *r,
    struct carrier_fail *f)
{
	f->code = tr->reg_info(token, r, f);
	return cp_log_fail("registration info", f);
}

enum carrier_err
cp_check(const char *customer, char *line, size_t len)
{
	struct carrier_fail f;
	enum carrier_err e;

	memset(&f, 0, sizeof(f));
	e = f.code = tr->check(customer, &f);
	if (e == CE_OK)
		snprintf(line, len, "canadapost (%s) %s: address, TLS and key "
		    "work%s%s", tr->name, base, customer ? " for customer " :
		    "", customer ? customer : "");
	else
		snprintf(line, len, "canadapost (%s) %s: %s: %s%s%s", tr->name,
		    base, e == CE_UNREACHABLE ? "cannot reach it (address or "
		    "TLS)" : e == CE_AUTH || e == CE_NOT_LINKED ? "the key is "
		    "refused" : e == CE_RATE_LIMITED ? "rate limited, try in "
		    "a minute" : "unexpected answer", f.message,
		    f.carrier_code[0] ? " / " : "", f.carrier_code);
	return e;
}
