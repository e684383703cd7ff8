/* http.c -- input parsing and the response; see include/returns/http.h. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "returns/config.h"
#include "returns/http.h"
#include "returns/log.h"
#include "returns/valid.h"
#include "http_priv.h"

const char *
input_err_key(enum input_err e)
{
	switch (e) {
	case IN_OK:		return "bad.ok";
	case IN_PERCENT:	return "bad.percent";
	case IN_UTF8:		return "bad.utf8";
	case IN_TOOMANY:	return "bad.toomany";
	case IN_KEY:		return "bad.key";
	case IN_COOKIE:		return "bad.cookie";
	case IN_BODYTYPE:	return "bad.bodytype";
	case IN_TOOBIG:		return "bad.toobig";
	}
	return "bad.ok";
}

/* Decodes s[0..n) into a new NUL-terminated arena string *out. */
static enum input_err
decode(struct arena *a, const char *s, size_t n, char **out)
{
	char *d = arena_alloc(a, n + 1), *p = d;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+')
			*p++ = ' ';
		else if (s[i] == '%') {
			int h, l;
			if (i + 2 >= n)
				return IN_PERCENT;
			if ((h = hex_digit((unsigned char)s[i + 1])) < 0 ||
			    (l = hex_digit((unsigned char)s[i + 2])) < 0)
				return IN_PERCENT;
			*p++ = (char)(h << 4 | l);
			i += 2;
		} else
			*p++ = s[i];
	}
	*p = '\0';
	/* no NUL inside, strict UTF-8 */
	if (memchr(d, '\0', (size_t)(p - d)) != NULL ||
	    !utf8_valid(d, (size_t)(p - d)))
		return IN_UTF8;
	*out = d;
	return IN_OK;
}

/* Appends a pair to out (capacity *cap, grown from the arena). */
static enum input_err
kv_push(struct arena *a, struct kvlist *out, size_t *cap, const char *k,
    const char *v)
{
	if (out->n == HTTP_MAX_FIELDS)
		return IN_TOOMANY;
	if (out->n == *cap) {
		struct kv *nv;
		*cap = *cap ? *cap * 2 : 16;
		nv = arena_alloc(a, *cap * sizeof(struct kv));
		if (out->n)
			memcpy(nv, out->v, out->n * sizeof(struct kv));
		out->v = nv;
	}
	out->v[out->n].key = k;
	out->v[out->n].val = v;
	out->n++;
	return IN_OK;
}

enum input_err
urlenc_parse(struct arena *a, const char *s, size_t len, struct kvlist *out)
{
	size_t cap = 0, i = 0;
	enum input_err e;

	out->v = NULL;
	out->n = 0;
	while (i < len) {
		size_t j = i, eq;
		char *k, *v;

		while (j < len && s[j] != '&')
			j++;
		if (j == i) {		/* empty pair: "a=1&&b=2" */
			i = j + 1;
			continue;
		}
		for (eq = i; eq < j && s[eq] != '='; eq++)
			;
		if (eq == i || eq - i > HTTP_MAX_KEY * 3)
			return IN_KEY;
		if ((e = decode(a, s + i, eq - i, &k)) != IN_OK)
			return e;
		if (*k == '\0' || strlen(k) > HTTP_MAX_KEY)
			return IN_KEY;
		if (eq < j) {
			if ((e = decode(a, s + eq + 1, j - eq - 1, &v)) != IN_OK)
				return e;
		} else
			v = arena_strdup(a, "");
		if ((e = kv_push(a, out, &cap, k, v)) != IN_OK)
			return e;
		i = j + 1;
	}
	return IN_OK;
}

/* The value of parameter `name` in a header line's "; name=value" or
 * "; name=\"value\"" (no escapes inside quotes: browsers send none), or
 * NULL. */
static const char *
header_param(struct arena *a, const char *line, size_t len, const char *name)
{
	size_t nl = strlen(name), i = 0;

	while (i < len) {
		const char *p;
		size_t n;

		while (i < len && line[i] != ';')
			i++;
		if (i >= len)
			return NULL;
		i++;
		while (i < len && (line[i] == ' ' || line[i] == '\t'))
			i++;
		if (len - i <= nl || strncasecmp(line + i, name, nl) != 0 ||
		    line[i + nl] != '=')
			continue;
		p = line + i + nl + 1;
		n = len - (size_t)(p - line);
		if (n > 0 && *p == '"') {
			const char *q = memchr(p + 1, '"', n - 1);
			if (q == NULL)
				return NULL;
			return arena_strndup(a, p + 1, (size_t)(q - p - 1));
		}
		for (i = 0; i < n && p[i] != ';' && p[i] != ' '; i++)
			;
		return arena_strndup(a, p, i);
	}
	return NULL;
}

enum input_err
multipart_parse(struct arena *a, const char *ctype, const char *body,
    size_t len, struct kvlist *out, struct upload *file)
{
	const char *b, *p, *end = body + len;
	char *delim;
	size_t dl, cap = 0;

	out->v = NULL;
	out->n = 0;
	memset(file, 0, sizeof(*file));
	if (ctype == NULL || strncasecmp(ctype, "multipart/form-data", 19) != 0 ||
	    (b = header_param(a, ctype, strlen(ctype), "boundary")) == NULL ||
	    *b == '\0' || strlen(b) > 70)
		return IN_BODYTYPE;
	delim = arena_printf(a, "\r\n--%s", b);
	dl = strlen(delim);
	/* the body starts with the delimiter without its CRLF */
	if (len < dl - 2 || memcmp(body, delim + 2, dl - 2) != 0)
		return IN_BODYTYPE;
	p = body + dl - 2;
	for (;;) {
		const char *hdr_end, *next, *name = NULL, *filename = NULL;
		enum input_err e;

		if (end - p >= 2 && p[0] == '-' && p[1] == '-')
			return IN_OK;			/* the last one */
		if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
			return IN_BODYTYPE;
		p += 2;
		hdr_end = memmem(p, (size_t)(end - p), "\r\n\r\n", 4);
		if (hdr_end == NULL)
			return IN_BODYTYPE;
		/* headers: Content-Disposition names the field */
		while (p < hdr_end) {
			const char *eol = memmem(p, (size_t)(hdr_end + 2 - p),
			    "\r\n", 2);
			size_t n = (size_t)(eol - p);

			if (n > 20 && strncasecmp(p, "Content-Disposition:",
			    20) == 0) {
				name = header_param(a, p, n, "name");
				filename = header_param(a, p, n, "filename");
			}
			p = eol + 2;
		}
		p = hdr_end + 4;
		next = memmem(p, (size_t)(end - p), delim, dl);
		if (next == NULL)
			return IN_BODYTYPE;
		if (name == NULL || *name == '\0' ||
		    strlen(name) > HTTP_MAX_KEY || !utf8_valid(name,
		    strlen(name)))
			return IN_KEY;
		if (filename != NULL) {
			/* one file a form; an empty file input sends "" */
			if (file->data != NULL)
				return IN_TOOMANY;
			if (*filename || next > p) {
				file->field = name;
				file->filename = filename;
				file->data = p;
				file->len = (size_t)(next - p);
			}
		} else {
			size_t n = (size_t)(next - p);
			char *v = arena_strndup(a, p, n);

			if (memchr(p, '\0', n) != NULL || !utf8_valid(v, n))
				return IN_UTF8;
			if ((e = kv_push(a, out, &cap, name, v)) != IN_OK)
				return e;
		}
		p = next + dl;
	}
}

static bool
is_tchar(int c)
{
	return c > 0x20 && c < 0x7f && strchr("()<>@,;:\\\"/[]?={}", c) == NULL;
}

static bool
is_cookie_octet(int c)
{
	return c == 0x21 || (c >= 0x23 && c <= 0x2b) ||
	    (c >= 0x2d && c <= 0x3a) || (c >= 0x3c && c <= 0x5b) ||
	    (c >= 0x5d && c <= 0x7e);
}

/* Cookies other applications of the same host set (a JSON value, a space,
 * dozens of them) must not break our pages: a pair that is not RFC 6265 is
 * skipped up to its ';', and pairs past HTTP_MAX_COOKIES are left out.
 * Never fails. */
enum input_err
cookie_parse(struct arena *a, const char *s, struct kvlist *out)
{
	out->v = arena_alloc(a, HTTP_MAX_COOKIES * sizeof(struct kv));
	out->n = 0;
	if (s == NULL)
		return IN_OK;
	while (*s) {
		const char *k, *v;
		size_t kn, vn;
		bool bad = false;

		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == ';') {
			s++;
			continue;
		}
		if (*s == '\0')
			break;
		for (k = s; is_tchar((unsigned char)*s); s++)
			;
		kn = (size_t)(s - k);
		if (kn == 0 || kn > HTTP_MAX_KEY || *s != '=')
			bad = true;
		else if (*++s == '"') {
			for (v = ++s; is_cookie_octet((unsigned char)*s); s++)
				;
			vn = (size_t)(s - v);
			if (*s != '"')
				bad = true;
			else
				s++;
		} else {
			for (v = s; is_cookie_octet((unsigned char)*s); s++)
				;
			vn = (size_t)(s - v);
		}
		if (!bad) {
			while (*s == ' ' || *s == '\t')
				s++;
			bad = *s != ';' && *s != '\0';
		}
		if (bad) {		/* someone else's: skip it */
			while (*s && *s != ';')
				s++;
			continue;
		}
		if (out->n == HTTP_MAX_COOKIES)
			continue;	/* past the limit: left out */
		out->v[out->n].key = arena_strndup(a, k, kn);
		out->v[out->n].val = arena_strndup(a, v, vn);
		out->n++;
	}
	return IN_OK;
}

const char *
kv_get(const struct kvlist *l, const char *key)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].key, key) == 0)
			return l->v[i].val;
	return NULL;
}

size_t
kv_count(const struct kvlist *l, const char *key)
{
	size_t n = 0;

	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].key, key) == 0)
			n++;
	return n;
}

/* ---- response ---- */

const char *
http_param(struct req *r, const char *name)
{
	return FCGX_GetParam(name, r->resp->envp);
}

static const char *
cookie_name(struct req *r, const char *name)
{
	/* __Host- needs Path=/: under a prefix, __Secure- */
	if (!r->https)
		return name;
	return arena_printf(r->arena, *config_base_path() ? "__Secure-%s" :
	    "__Host-%s", name);
}

const char *
http_cookie(struct req *r, const char *name)
{
	return kv_get(&r->cookies, cookie_name(r, name));
}

void
http_header(struct req *r, const char *name, const char *val)
{
	struct resp_state *s = r->resp;

	if (s->nhdr == RESP_MAXHDR) {
		log_err(r->id, "too many response headers");
		return;
	}
	s->hdr[s->nhdr++] = arena_printf(r->arena, "%s: %s", name, val);
}

void
http_set_cookie(struct req *r, const char *name, const char *value,
    long max_age)
{
	char age[48] = "";

	if (max_age >= 0)
		snprintf(age, sizeof(age), "; Max-Age=%ld", max_age);
	http_header(r, "Set-Cookie", arena_printf(r->arena,
	    "%s=%s; Path=%s; HttpOnly; SameSite=Lax%s%s",
	    cookie_name(r, name), max_age == 0 ? "" : value,
	    *config_base_path() ? config_base_path() : "/", age,
	    r->https ? "; Secure" : ""));
}

static const char *
reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 303: return "See Other";
	case 400: return "Bad Request";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 410: return "Gone";
	case 413: return "Payload Too Large";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	}
	return "Unknown";
}

/* The same set nginx adds from nginx/security-headers.conf. */
static const char SECURITY_HEADERS[] =
    "X-Content-Type-Options: nosniff\r\n"
    "X-Frame-Options: DENY\r\n"
    "Content-Security-Policy: default-src 'self'; img-src 'self' data:; "
    "style-src 'self'; script-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; object-src 'none'\r\n"
    "Permissions-Policy: camera=(), microphone=(), geolocation=()\r\n"
    "Cross-Origin-Opener-Policy: same-origin\r\n";

void
http_open(struct req *r, int status, const char *ctype)
{
	struct resp_state *s = r->resp;

	if (s->opened) {
		log_err(r->id, "response opened twice");
		return;
	}
	s->opened = true;
	s->status = status;
	FCGX_FPrintF(s->out, "Status: %d %s\r\n", status, reason(status));
	if (ctype != NULL)
		FCGX_FPrintF(s->out, "Content-Type: %s%s\r\n", ctype,
		    strncmp(ctype, "text/", 5) == 0 &&
		    strstr(ctype, "charset") == NULL ? "; charset=utf-8" : "");
	FCGX_PutS(SECURITY_HEADERS, s->out);
	FCGX_PutS(r->customer ? "Referrer-Policy: no-referrer\r\n" :
	    "Referrer-Policy: same-origin\r\n", s->out);
	if (r->https)
		FCGX_PutS("Strict-Transport-Security: max-age=31536000\r\n",
		    s->out);
	FCGX_PutS("Cache-Control: no-store\r\n", s->out);
	if (r->path == NULL || strlen(r->path) < 8 ||
	    strcmp(r->path + strlen(r->path) - 8, "/healthz") != 0)
		FCGX_PutS("Vary: Cookie, Accept-Language\r\n", s->out);
	for (size_t i = 0; i < s->nhdr; i++) {
		FCGX_PutS(s->hdr[i], s->out);
		FCGX_PutS("\r\n", s->out);
	}
	FCGX_PutS("\r\n", s->out);
}

bool
http_is_open(const struct req *r)
{
	return r->resp->opened;
}

int
http_status(const struct req *r)
{
	return r->resp->status;
}

int
http_write(struct req *r, const void *p, size_t n)
{
	if (r->method == M_HEAD)
		return 0;
	if (FCGX_PutStr(p, (int)n, r->resp->out) != (int)n)
		return -1;
	r->resp->bytes += n;
	return 0;
}

void
http_puts(struct req *r, const char *s)
{
	http_write(r, s, strlen(s));
}

void
http_redirect(struct req *r, const char *path)
{
	if (path == NULL || path[0] != '/' || path[1] == '/' ||
	    path[1] == '\\' || strpbrk(path, "\r\n") != NULL)
		path = "/";
	http_header(r, "Location", arena_printf(r->arena, "%s%s",
	    config_base_path(), path));
	http_open(r, 303, NULL);
}

void
http_redirect_out(struct req *r, const char *url)
{
	if (url == NULL || (strncmp(url, "https://", 8) != 0 &&
	    strncmp(url, "http://", 7) != 0) || strpbrk(url, "\r\n") != NULL)
		url = "/";
	http_header(r, "Location", url);
	http_open(r, 303, NULL);
}

bool
http_same_origin(struct req *r)
{
	const char *o = r->origin, *h = r->host;
	const char *scheme = r->https ? "https://" : "http://";
	size_t sl = strlen(scheme);

	if (o == NULL)
		return true;
	/* pages sent with Referrer-Policy: no-referrer make browsers post
	 * "Origin: null"; the CSRF token still has to match */
	if (r->customer && strcmp(o, "null") == 0)
		return true;
	if (h == NULL || strncasecmp(o, scheme, sl) != 0)
		return false;
	return strcasecmp(o + sl, h) == 0;
}
