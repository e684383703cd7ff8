/* http.h -- the request, its parsed input, and the response (web layer).
 *
 * The server fills one struct req per request and passes it to the
 * handler; nothing about a request lives in a global. Everything a request
 * allocates comes from req->arena and is freed after the response.
 */
#ifndef RETURNS_HTTP_H
#define RETURNS_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "returns/buf.h"
#include "returns/err.h"
#include "returns/i18n.h"

struct db;

/* Limits on what a request may carry. nginx caps bodies first. */
#define HTTP_MAX_BODY		(64 * 1024)
#define HTTP_MAX_UPLOAD		(1024 * 1024)	/* ROUTE_UPLOAD */
#define HTTP_MAX_FIELDS		200
#define HTTP_MAX_KEY		64
#define HTTP_MAX_COOKIES	50

struct kv {
	const char	*key;
	const char	*val;	/* NUL-terminated, valid UTF-8 */
};

struct kvlist {
	struct kv	*v;
	size_t		 n;
};

enum http_method {
	M_GET = 1, M_POST = 2, M_HEAD = 4, M_OTHER = 8
};

/* Why a request's input was refused; each has a catalogue key
 * "bad.<name>" explaining it to the user (400 page). */
enum input_err {
	IN_OK = 0,
	IN_PERCENT,	/* bad percent-encoding */
	IN_UTF8,	/* not valid UTF-8, or a NUL byte */
	IN_TOOMANY,	/* too many fields */
	IN_KEY,		/* empty or oversized field name */
	IN_COOKIE,	/* malformed Cookie header */
	IN_BODYTYPE,	/* POST body is not form-urlencoded */
	IN_TOOBIG	/* body over HTTP_MAX_BODY (413) */
};
const char	*input_err_key(enum input_err);

/* Parses application/x-www-form-urlencoded text (query string or body):
 * '+' is a space, %XX decoded, keys and values must be valid UTF-8 with no
 * NUL. Repeated keys are all kept, in order. Pure: allocates from `a`. */
enum input_err	 urlenc_parse(struct arena *a, const char *s, size_t len,
		    struct kvlist *out);
/* A file sent with a form (multipart/form-data). */
struct upload {
	const char	*field;		/* its input's name */
	const char	*filename;	/* as the browser sent it */
	const void	*data;		/* NULL: none */
	size_t		 len;
};
/* Parses a multipart/form-data body (ctype: the Content-Type with its
 * boundary): its text fields into out (valid UTF-8, no NUL, like
 * urlenc_parse), its one file into *file (a second one: IN_TOOMANY).
 * Pure: allocates from `a`; file->data points into body. */
enum input_err	 multipart_parse(struct arena *a, const char *ctype,
		    const char *body, size_t len, struct kvlist *out,
		    struct upload *file);
/* Parses a Cookie header ("a=1; b=2"). Cookie names are RFC 6265 tokens,
 * values cookie-octets (optionally in double quotes). */
enum input_err	 cookie_parse(struct arena *a, const char *s,
		    struct kvlist *out);
/* First value of key, or NULL. */
const char	*kv_get(const struct kvlist *, const char *key);
/* Number of values for key. */
size_t		 kv_count(const struct kvlist *, const char *key);

struct session {
	bool		 auth;		/* a merchant is logged in */
	int64_t		 user_id;
	int64_t		 merchant_id;
	char		 email[256];
	char		 business[256];
	char		 tz[64];	/* the merchant's time zone */
	char		 csrf[65];	/* token expected in every form */
	char		 idhash[65];	/* hex SHA-256 of the cookie */
};

struct route;
struct resp_state;

struct req {
	/* the process */
	struct db	*db;
	struct arena	*arena;
	const char	*app;		/* executable name, for logs */
	/* the request */
	char		 id[17];	/* random id for logs */
	enum http_method method;
	const char	*method_name;
	const char	*uri;		/* REQUEST_URI as sent */
	const char	*path;		/* REQUEST_URI without the query */
	const char	*host;		/* HTTP_HOST */
	const char	*origin;	/* HTTP_ORIGIN or NULL */
	const char	*remote;	/* REMOTE_ADDR */
	bool		 https;
	int64_t		 now;		/* unix time at arrival */
	struct kvlist	 query;
	struct kvlist	 form;		/* POST body, form-urlencoded */
	const char	*body;		/* raw body (ROUTE_RAWBODY routes) */
	size_t		 bodylen;
	struct upload	 upload;	/* ROUTE_UPLOAD routes: the file */
	struct kvlist	 cookies;
	enum lang	 lang;
	const char	*args[4];	/* '*' segments of the route pattern */
	struct session	 sess;
	bool		 customer;	/* a customer's page: no Referer (its
					   URL holds a secret), no merchant
					   navigation */
	/* the response, filled by http_* below */
	struct resp_state *resp;
};

/* Environment variable of the FastCGI request, or NULL. */
const char	*http_param(struct req *, const char *name);

/* Queues a Set-Cookie (sent by http_open). max_age < 0: session cookie;
 * 0: delete. The name gets the __Host- prefix over HTTPS; the cookie is
 * HttpOnly, SameSite=Lax, Path=/, Secure over HTTPS; under a prefix
 * (config_base_path) Path is the prefix and the name's prefix __Secure-. */
void		 http_set_cookie(struct req *, const char *name,
		    const char *value, long max_age);
/* Name of a cookie as this request would send it (with __Host- on HTTPS),
 * and its value, or NULL. */
const char	*http_cookie(struct req *, const char *name);
/* Adds a response header (name and value are program literals). */
void		 http_header(struct req *, const char *name, const char *val);
/* Opens the response: Status, Content-Type (with charset for text),
 * security headers, Cache-Control: no-store, queued headers and cookies.
 * The only function that writes response headers. */
void		 http_open(struct req *, int status, const char *ctype);
bool		 http_is_open(const struct req *);
/* -1 when the client is gone (the write failed). */
int		 http_write(struct req *, const void *, size_t);
void		 http_puts(struct req *, const char *);
/* 303 See Other to a local path (must start with '/'; the site's prefix,
 * if any, is put before it). */
void		 http_redirect(struct req *, const char *path);
/* 303 to an address outside this site, from the configuration (the
 * carrier's sign-in page): http(s) only, never from the request. */
void		 http_redirect_out(struct req *, const char *url);
/* Whether the Origin header, when present, names this host ("null" is
 * accepted on customer pages, whose no-referrer policy makes browsers
 * send it). */
bool		 http_same_origin(struct req *);
int		 http_status(const struct req *);

#endif
