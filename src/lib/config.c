/* config.c -- see include/returns/config.h. */
#include <arpa/inet.h>

#include <ctype.h>
#include <stdbool.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "returns/calendar.h"
#include "returns/config.h"
#include "returns/valid.h"

#ifndef RETURNS_SHAREDIR
#define RETURNS_SHAREDIR "src"
#endif

enum key { K_DB, K_SHARE, K_SECRET, K_TRACKING, K_BASE, K_SMTP, K_USER,
    K_PWFILE, K_FROM, K_WORKERS, K_TZ, K_CARRIER, K_CP_API, K_CP_URL,
    K_CP_KEY, K_CP_PLATFORM, K_CP_SIGNIN, K_CP_TIMEOUT, K_CP_TRACK_PM,
    K_BILLING_CONTACT, K_SESS_IDLE, K_SESS_MAX, K_BACKUP_DIR, K_BACKUP_KEEP,
    K_DEMO, K_SIGNUP, K_SENT_DAYS, K_BASE_PATH, K_METRICS, K__N };

static const struct {
	const char	*name;
	const char	*env;
} keys[K__N] = {
	{ "database", "RETURNS_DB" },
	{ "share_dir", "RETURNS_SHARE" },
	{ "secret_key_file", "RETURNS_SECRET" },
	{ "tracking_key_file", "RETURNS_TRACKING_KEY" },
	{ "base_url", "RETURNS_BASE_URL" },
	{ "smtp_url", "RETURNS_SMTP_URL" },
	{ "smtp_user", "RETURNS_SMTP_USER" },
	{ "smtp_password_file", NULL },
	{ "mail_from", "RETURNS_MAIL_FROM" },
	{ "workers", NULL },
	{ "time_zone", "RETURNS_TIME_ZONE" },
	{ "carrier", "RETURNS_CARRIER" },
	{ "canadapost_api", "RETURNS_CANADAPOST_API" },
	{ "canadapost_url", "RETURNS_CANADAPOST_URL" },
	{ "canadapost_key_file", "RETURNS_CANADAPOST_KEY_FILE" },
	{ "canadapost_platform_id", "RETURNS_CANADAPOST_PLATFORM_ID" },
	{ "canadapost_signin_url", "RETURNS_CANADAPOST_SIGNIN_URL" },
	{ "canadapost_timeout", "RETURNS_CANADAPOST_TIMEOUT" },
	{ "canadapost_tracking_per_minute",
	    "RETURNS_CANADAPOST_TRACKING_PER_MINUTE" },
	{ "billing_contact", "RETURNS_BILLING_CONTACT" },
	{ "session_idle_minutes", "RETURNS_SESSION_IDLE_MINUTES" },
	{ "session_hours", "RETURNS_SESSION_HOURS" },
	{ "backup_dir", "RETURNS_BACKUP_DIR" },
	{ "backup_keep", NULL },
	{ "demo", NULL },
	{ "signup", NULL },
	{ "sent_email_days", NULL },
	{ "base_path", "RETURNS_BASE_PATH" },
	{ "metrics_allow", "RETURNS_METRICS_ALLOW" },
};

static char *file_val[K__N];	/* from the file; strdup'd, kept */
static int file_line[K__N];	/* its line in the file */
static char loaded[4096];	/* the file read, or "" */
static const char *flag_val[K__N];	/* from the command line */

/* Where an http(s) address's path starts: its first '/' after the host,
 * else its end. */
static const char *
path_start(const char *url)
{
	const char *p = strstr(url, "://");

	p = p ? strchr(p + 3, '/') : NULL;
	return p ? p : url + strlen(url);
}

/* The path of an http(s) address ("" for none or "/"), without a
 * trailing '/', into buf. */
static const char *
url_path(const char *url, char *buf, size_t len)
{
	size_t n;

	snprintf(buf, len, "%s", path_start(url));
	n = strlen(buf);
	while (n > 0 && buf[n - 1] == '/')
		buf[--n] = '\0';
	return buf;
}

/* A path prefix nginx can mount: "/a/b", each segment of letters,
 * digits, '-', '_', '.', '~', none "." or "..", no trailing '/'. */
static bool
valid_base_path(const char *v)
{
	const char *seg;

	if (v[0] != '/' || v[1] == '\0' || strlen(v) > 200)
		return false;
	for (seg = v + 1;;) {
		size_t n = strspn(seg, "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~");
		if (n == 0 || (n == 1 && seg[0] == '.') ||
		    (n == 2 && seg[0] == '.' && seg[1] == '.'))
			return false;
		if (seg[n] == '\0')
			return true;
		if (seg[n] != '/')
			return false;
		seg += n + 1;
	}
}

/* Whether addr (text) is in the entry "ADDRESS" or "ADDRESS/BITS" (IPv4
 * or IPv6); -1 when the entry is not one. */
static int
in_net(const char *entry, const char *addr)
{
	unsigned char net[16], a[16];
	char host[64];
	const char *slash = strchr(entry, '/');
	int af, bits, max, i;
	char *end;

	snprintf(host, sizeof(host), "%.*s", slash ? (int)(slash - entry) :
	    (int)strlen(entry), entry);
	af = strchr(host, ':') ? AF_INET6 : AF_INET;
	max = af == AF_INET6 ? 128 : 32;
	if (inet_pton(af, host, net) != 1)
		return -1;
	bits = max;
	if (slash != NULL) {
		bits = (int)strtol(slash + 1, &end, 10);
		if (slash[1] == '\0' || *end || bits < 0 || bits > max)
			return -1;
	}
	if (addr == NULL || inet_pton(af, addr, a) != 1)
		return 0;
	for (i = 0; i < bits / 8; i++)
		if (a[i] != net[i])
			return 0;
	if (bits % 8 != 0) {
		unsigned char m = (unsigned char)(0xff << (8 - bits % 8));
		if ((a[i] & m) != (net[i] & m))
			return 0;
	}
	return 1;
}

/* Calls in_net for each entry of a list separated by blanks or commas:
 * 1 on a match, 0 none, -1 a bad entry. */
static int
in_list(const char *list, const char *addr)
{
	char e[80];
	int r, any = 0;

	while (*list) {
		size_t n = strcspn(list, " \t,");
		if (n > 0) {
			if (n >= sizeof(e))
				return -1;
			snprintf(e, sizeof(e), "%.*s", (int)n, list);
			if ((r = in_net(e, addr)) < 0)
				return -1;
			any |= r;
		}
		list += n;
		list += strspn(list, " \t,");
	}
	return any;
}

/* Checks one value; NULL or why it is wrong. */
static const char *
check(enum key k, const char *v)
{
	if (*v == '\0' && k != K_USER)
		return "empty value";
	switch (k) {
	case K_WORKERS: {
		char *end;
		long n = strtol(v, &end, 10);
		if (*end || n < 1 || n > 64)
			return "a number from 1 to 64";
		break;
	}
	case K_BASE:
		if (strncmp(v, "http://", 7) != 0 &&
		    strncmp(v, "https://", 8) != 0)
			return "an http:// or https:// address";
		if (strpbrk(v, "?#") != NULL)
			return "an address without ? or #";
		{
			char up[256];

			if (*url_path(v, up, sizeof(up)) != '\0' &&
			    !valid_base_path(up))
				return "an address whose path is a prefix such "
				    "as /returns (letters, digits, - _ . ~)";
		}
		break;
	case K_METRICS:
		if (in_list(v, NULL) < 0)
			return "addresses or networks (127.0.0.1 ::1 "
			    "10.0.0.0/8), separated by spaces or commas";
		break;
	case K_BASE_PATH:
		if (!valid_base_path(v))
			return "a path such as /returns (letters, digits, "
			    "- _ . ~ between slashes, no trailing slash)";
		break;
	case K_SMTP:
		if (strncmp(v, "smtp://", 7) != 0 &&
		    strncmp(v, "smtps://", 8) != 0)
			return "an smtp:// or smtps:// address";
		break;
	case K_FROM:
		if (!valid_email(v))
			return "an email address";
		break;
	case K_TZ: {
		struct ymd d;
		int off;

		if (!civil_in_tz(0, v, &d, &off))
			return "a time zone of the tz database, such as "
			    "America/Toronto";
		break;
	}
	case K_CARRIER:
		if (strcmp(v, "local") != 0 && strcmp(v, "canadapost") != 0)
			return "local or canadapost";
		break;
	case K_CP_API:
		if (strcmp(v, "soa") != 0 && strcmp(v, "portal") != 0)
			return "soa or portal";
		break;
	case K_CP_URL:
	case K_CP_SIGNIN:
		if (strncmp(v, "https://", 8) != 0 &&
		    strncmp(v, "http://", 7) != 0)
			return "an https:// address";
		break;
	case K_CP_PLATFORM:
		if (strlen(v) > 10 || strspn(v, "0123456789") != strlen(v))
			return "a customer number (up to 10 digits)";
		break;
	case K_SESS_IDLE:
	case K_SESS_MAX: {
		char *end;
		long n = strtol(v, &end, 10);
		if (*end || n < 1 || n > (k == K_SESS_IDLE ? 1440 : 720))
			return k == K_SESS_IDLE ? "minutes, from 1 to 1440" :
			    "hours, from 1 to 720";
		break;
	}
	case K_CP_TIMEOUT:
	case K_CP_TRACK_PM: {
		char *end;
		long n = strtol(v, &end, 10);
		if (*end || n < 1 || n > (k == K_CP_TIMEOUT ? 120 : 6000))
			return k == K_CP_TIMEOUT ? "seconds, from 1 to 120" :
			    "a number from 1 to 6000";
		break;
	}
	case K_DEMO:
		if (strcmp(v, "yes") != 0 && strcmp(v, "no") != 0)
			return "yes or no";
		break;
	case K_SIGNUP:
		if (strcmp(v, "open") != 0 && strcmp(v, "closed") != 0)
			return "open or closed";
		break;
	case K_SENT_DAYS: {
		char *end;
		long n = strtol(v, &end, 10);
		if (*end || n < 1 || n > 3650)
			return "days, from 1 to 3650";
		break;
	}
	case K_BACKUP_KEEP: {
		char *end;
		long n = strtol(v, &end, 10);
		if (*end || n < 1 || n > 1000)
			return "a number of backups, from 1 to 1000";
		break;
	}
	case K_DB: case K_SHARE: case K_SECRET: case K_TRACKING:
	case K_PWFILE: case K_CP_KEY: case K_BACKUP_DIR:
		if (v[0] != '/')
			return "an absolute path";
		break;
	default:
		break;
	}
	return NULL;
}

enum rerr
config_load(const char *path, char *err, size_t errlen)
{
	char line[4096];
	FILE *f;
	int lineno = 0;
	bool asked = path != NULL;

	if (path == NULL && (path = getenv("RETURNS_CONFIG")) != NULL &&
	    *path)
		asked = true;
	if (path == NULL || *path == '\0')
		path = CONFIG_DEFAULT;
	if ((f = fopen(path, "r")) == NULL) {
		if (!asked && errno == ENOENT)
			return E_OK;	/* no file: the defaults */
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return E_SYS;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		char *k, *eq, *v;
		const char *why;
		int i;

		lineno++;
		if (strchr(line, '\n') == NULL && !feof(f)) {
			snprintf(err, errlen, "%s:%d: line too long", path,
			    lineno);
			goto fail;
		}
		k = trim_blanks(line);
		if (*k == '#' || *k == '\0')
			continue;
		if ((eq = strchr(k, '=')) == NULL) {
			snprintf(err, errlen, "%s:%d: expected key = value",
			    path, lineno);
			goto fail;
		}
		*eq = '\0';
		k = trim_blanks(k);
		v = trim_blanks(eq + 1);
		for (i = 0; i < K__N; i++)
			if (strcmp(k, keys[i].name) == 0)
				break;
		if (i == K__N) {
			snprintf(err, errlen, "%s:%d: %s: unknown key", path,
			    lineno, k);
			goto fail;
		}
		if (!utf8_valid(v, strlen(v)) || has_control(v) ||
		    (why = check((enum key)i, v)) != NULL) {
			snprintf(err, errlen, "%s:%d: %s: %s", path, lineno,
			    k, has_control(v) || !utf8_valid(v, strlen(v)) ?
			    "not printable text" : why);
			goto fail;
		}
		free(file_val[i]);
		file_val[i] = strdup(v);
		file_line[i] = lineno;
	}
	fclose(f);
	snprintf(loaded, sizeof(loaded), "%s", path);
	return E_OK;
fail:
	fclose(f);
	return E_INVALID;
}

/* flag, else environment, else file, else NULL */
static const char *
get(enum key k)
{
	const char *e;

	if (flag_val[k] != NULL)
		return flag_val[k];
	if (keys[k].env != NULL && (e = getenv(keys[k].env)) != NULL && *e)
		return e;
	return file_val[k];
}

const char *
config_db_path(void)
{
	const char *v = get(K_DB);

	return v ? v : "var/returns.db";
}

const char *
config_share_dir(void)
{
	const char *v = get(K_SHARE);

	return v ? v : RETURNS_SHAREDIR;
}

void
config_set_db_path(const char *p)
{
	flag_val[K_DB] = p;
}

void
config_set_share_dir(const char *p)
{
	flag_val[K_SHARE] = p;
}

/* The value (k < K__N), else `name` in the database's directory, into
 * buf. */
static const char *
beside_db(enum key k, const char *name, char *buf, size_t len)
{
	const char *v = k < K__N ? get(k) : NULL, *db, *slash;

	if (v != NULL)
		return v;
	db = config_db_path();
	slash = strrchr(db, '/');
	if (slash == NULL)
		return name;
	snprintf(buf, len, "%.*s/%s", (int)(slash - db), db, name);
	return buf;
}

const char *
config_metrics_dir(void)
{
	static char path[4096];

	return beside_db(K__N, "metrics", path, sizeof(path));
}

const char *
config_backup_dir(void)
{
	static char path[4096];

	return beside_db(K_BACKUP_DIR, "backups", path, sizeof(path));
}

int
config_backup_keep(void)
{
	const char *v = get(K_BACKUP_KEEP);

	return v ? atoi(v) : 14;
}

const char *
config_secret_path(void)
{
	static char path[4096];

	return beside_db(K_SECRET, "secret.key", path, sizeof(path));
}

const char *
config_tracking_key_path(void)
{
	static char path[4096];

	return beside_db(K_TRACKING, "tracking.key", path, sizeof(path));
}

const char *
config_base_url(void)
{
	const char *v = get(K_BASE);

	return v ? v : "http://127.0.0.1:8080";
}

bool
config_metrics_allowed(const char *addr)
{
	const char *v = get(K_METRICS);

	return v != NULL && addr != NULL && in_list(v, addr) == 1;
}

const char *
config_base_path(void)
{
	static char b[256];
	const char *v = get(K_BASE_PATH);

	if (v != NULL)
		return v;
	return url_path(config_base_url(), b, sizeof(b));
}

const char *
config_base_url_trimmed(void)
{
	static char b[1024];
	const char *u = config_base_url();

	/* the origin, then the prefix */
	snprintf(b, sizeof(b), "%.*s%s", (int)(path_start(u) - u), u,
	    config_base_path());
	return b;
}

const char *
config_file(void)
{
	return loaded[0] ? loaded : NULL;
}

bool
config_has_base_url(void)
{
	return get(K_BASE) != NULL;
}

const char *
config_time_zone(void)
{
	const char *v = get(K_TZ);

	return v ? v : "America/Toronto";
}

const char *
config_smtp_url(void)
{
	const char *v = get(K_SMTP);

	return v ? v : "smtp://127.0.0.1:25";
}

const char *
config_smtp_user(void)
{
	const char *v = get(K_USER);

	return v && *v ? v : NULL;
}

const char *
config_smtp_password(void)
{
	static char pw[512];
	const char *e = getenv("RETURNS_SMTP_PASSWORD"), *file;
	FILE *f;

	if (e != NULL && *e)
		return e;
	if ((file = get(K_PWFILE)) == NULL || (f = fopen(file, "r")) == NULL)
		return NULL;
	if (fgets(pw, sizeof(pw), f) == NULL)
		pw[0] = '\0';
	fclose(f);
	pw[strcspn(pw, "\r\n")] = '\0';
	return pw[0] ? pw : NULL;
}

const char *
config_mail_from(void)
{
	const char *v = get(K_FROM);

	return v ? v : "noreply@returns.localhost";
}

int
config_workers(void)
{
	const char *v = get(K_WORKERS);

	return v ? atoi(v) : 2;
}

const char *
config_carrier(void)
{
	const char *v = get(K_CARRIER);

	return v ? v : "local";
}

const char *
config_canadapost_api(void)
{
	const char *v = get(K_CP_API);

	return v ? v : "soa";
}

const char *
config_canadapost_url(void)
{
	const char *v = get(K_CP_URL);

	if (v != NULL)
		return v;
	return strcmp(config_canadapost_api(), "portal") == 0 ?
	    "https://api.canadapost-postescanada.ca/prod/"
	    "devportal-portaildesdeveloppeurs" :
	    "https://ct.soa-gw.canadapost.ca";
}

const char *
config_canadapost_key_file(void)
{
	return get(K_CP_KEY);
}

const char *
config_canadapost_platform_id(void)
{
	const char *v = get(K_CP_PLATFORM);

	return v && *v ? v : NULL;
}

const char *
config_canadapost_signin_url(void)
{
	const char *v = get(K_CP_SIGNIN);

	return v ? v : "https://www.canadapost.ca/cpotools/apps/drc/merchant";
}

int
config_canadapost_timeout(void)
{
	const char *v = get(K_CP_TIMEOUT);

	return v ? atoi(v) : 20;
}

int
config_canadapost_tracking_per_minute(void)
{
	const char *v = get(K_CP_TRACK_PM);

	return v ? atoi(v) : 15;
}

const char *
config_billing_contact(void)
{
	return get(K_BILLING_CONTACT);
}

/* Values from the environment are checked like the file's. */
static enum rerr check_prefix(char *, size_t);

enum rerr
config_check_env(char *err, size_t errlen)
{
	for (int i = 0; i < K__N; i++) {
		const char *e, *why;

		if (keys[i].env == NULL || (e = getenv(keys[i].env)) == NULL ||
		    *e == '\0')
			continue;
		if ((why = check((enum key)i, e)) != NULL) {
			snprintf(err, errlen, "%s: %s", keys[i].env, why);
			return E_INVALID;
		}
	}
	return check_prefix(err, errlen);
}

/* "FILE:LINE: key" where the file sets the key, else "FILE: key". */
static void
where(enum key k, char *buf, size_t len)
{
	if (file_val[k] != NULL)
		snprintf(buf, len, "%s:%d: %s", loaded, file_line[k],
		    keys[k].name);
	else
		snprintf(buf, len, "%s: %s", loaded, keys[k].name);
}

/* The prefix is given once: base_path, or base_url's path, or both the
 * same. */
static enum rerr
check_prefix(char *err, size_t errlen)
{
	char up[256], w[4200];
	const char *bp = get(K_BASE_PATH), *bu = get(K_BASE);

	if (bp == NULL || bu == NULL || *url_path(bu, up, sizeof(up)) == '\0' ||
	    strcmp(up, bp) == 0)
		return E_OK;
	if (loaded[0] && file_val[K_BASE_PATH] != NULL &&
	    getenv(keys[K_BASE_PATH].env) == NULL)
		where(K_BASE_PATH, w, sizeof(w));
	else
		snprintf(w, sizeof(w), "base_path");
	snprintf(err, errlen, "%s: %s, but base_url ends in %s: give the "
	    "prefix once (base_path, or the path of base_url)", w, bp, up);
	return E_INVALID;
}

/* An installed site (one with a configuration file) says how it sends
 * mail: no default stands in for a missing address, sender or password. */
enum rerr
config_check_mail(char *err, size_t errlen)
{
	char w[sizeof(loaded) + 64];
	const char *pw = getenv("RETURNS_SMTP_PASSWORD"), *file;
	FILE *f;

	if (loaded[0] == '\0')
		return E_OK;	/* the developer's loop: the defaults */
	if (get(K_BASE) == NULL) {
		where(K_BASE, w, sizeof(w));
		snprintf(err, errlen, "%s: not set (the site's public address, "
		    "such as https://returns.example.com, for the links in "
		    "emails)", w);
		return E_INVALID;
	}
	if (get(K_SMTP) == NULL) {
		where(K_SMTP, w, sizeof(w));
		snprintf(err, errlen, "%s: not set (the SMTP server, such as "
		    "smtp://mail.example.com:587)", w);
		return E_INVALID;
	}
	if (get(K_FROM) == NULL) {
		where(K_FROM, w, sizeof(w));
		snprintf(err, errlen, "%s: not set (the sender's address, such "
		    "as returns@example.com)", w);
		return E_INVALID;
	}
	if ((file = get(K_PWFILE)) != NULL && (pw == NULL || *pw == '\0')) {
		char line[8];

		where(K_PWFILE, w, sizeof(w));
		if ((f = fopen(file, "r")) == NULL) {
			snprintf(err, errlen, "%s: %s: %s", w, file,
			    strerror(errno));
			return E_INVALID;
		}
		if (fgets(line, sizeof(line), f) == NULL ||
		    line[strcspn(line, "\r\n")] == line[0]) {
			fclose(f);
			snprintf(err, errlen, "%s: %s: empty (one line: the "
			    "password)", w, file);
			return E_INVALID;
		}
		fclose(f);
	}
	if (get(K_USER) != NULL && *get(K_USER) != '\0' &&
	    config_smtp_password() == NULL) {
		where(K_USER, w, sizeof(w));
		snprintf(err, errlen, "%s: set, but no password (set "
		    "smtp_password_file)", w);
		return E_INVALID;
	}
	return E_OK;
}

int
config_sent_email_days(void)
{
	const char *v = get(K_SENT_DAYS);

	return v ? atoi(v) : 90;
}

bool
config_demo(void)
{
	const char *v = get(K_DEMO);

	if (v != NULL)
		return strcmp(v, "yes") == 0;
	return loaded[0] == '\0';	/* the developer's loop */
}

bool
config_signup_open(void)
{
	const char *v = get(K_SIGNUP);

	if (v != NULL)
		return strcmp(v, "open") == 0;
	return loaded[0] == '\0';	/* the developer's loop */
}

enum rerr
config_check_parts(bool test_parts, char *err, size_t errlen)
{
	char w[sizeof(loaded) + 64];

	if (!test_parts || config_demo())
		return E_OK;
	where(K_CARRIER, w, sizeof(w));
	snprintf(err, errlen, "%s: %s is a test part (self-issued SPECIMEN "
	    "labels, a test payment gateway that accepts any card number): "
	    "set carrier = canadapost, or demo = yes for a demonstration "
	    "site", w, get(K_CARRIER) ? get(K_CARRIER) : "local (the default)");
	return E_INVALID;
}

/* The host of a URL (or of the domain after an address's '@'), lower
 * case. */
static void
url_host(const char *url, char *host, size_t len)
{
	const char *h = strstr(url, "://"), *at;

	h = h ? h + 3 : url;
	if ((at = strchr(h, '@')) != NULL)
		h = at + 1;
	snprintf(host, len, "%.*s", (int)strcspn(h, ":/"), h);
	for (char *c = host; *c; c++)
		*c = (char)tolower((unsigned char)*c);
}

static bool
loopback_host(const char *url)
{
	char host[256];

	url_host(url, host, sizeof(host));
	return strcmp(host, "localhost") == 0 || strncmp(host, "127.", 4) == 0
	    || strcmp(host, "[::1]") == 0;
}

/* A host name a production site does not use. */
static bool
dev_host(const char *url)
{
	static const char *const names[] = { "example.com", "example.org" };
	static const char *const ends[] = { ".example.com", ".example.org",
	    ".localhost", ".test", ".example", ".invalid" };
	char host[256];
	size_t n;

	if (loopback_host(url))
		return true;
	url_host(url, host, sizeof(host));
	n = strlen(host);
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(host, names[i]) == 0)
			return true;
	for (size_t i = 0; i < sizeof(ends) / sizeof(ends[0]); i++) {
		size_t e = strlen(ends[i]);
		if (n >= e && strcmp(host + n - e, ends[i]) == 0)
			return true;
	}
	return false;
}

int
config_doctor(FILE *f)
{
	char w[sizeof(loaded) + 64], nginx[sizeof(loaded) + 64];
	const char *v;
	int n = 0;
	FILE *ng;
#define SAY(k, ...) do { where(k, w, sizeof(w)); fprintf(f, "%s: ", w); \
	fprintf(f, __VA_ARGS__); fputc('\n', f); n++; } while (0)

	if (loaded[0] == '\0') {
		fprintf(f, "no configuration file: every setting is the "
		    "developer's default (make run)\n");
		return 1;
	}
	if ((strcmp(config_carrier(), "local") == 0))
		SAY(K_CARRIER, "local: self-issued SPECIMEN labels and a test "
		    "payment gateway%s", config_demo() ? " (demo = yes lets "
		    "the web executables run them)" : "");
	else if (strstr(config_canadapost_url(), "://ct.") != NULL)
		SAY(K_CP_URL, "%s is Canada Post's development host (answers "
		    "are stubs; nothing is mailed)", config_canadapost_url());
	if (config_demo() && !(strcmp(config_carrier(), "local") == 0))
		SAY(K_DEMO, "yes, with a real carrier: say no");
	if ((v = get(K_BASE)) == NULL)
		SAY(K_BASE, "not set");
	else if (strncmp(v, "https://", 8) != 0 || dev_host(v))
		SAY(K_BASE, "%s: %s", v, strncmp(v, "https://", 8) != 0 ?
		    "not HTTPS (cookies without Secure; links in emails "
		    "in clear)" : "a development host name");
	if ((v = get(K_SMTP)) == NULL)
		SAY(K_SMTP, "not set (no email is sent)");
	else if (dev_host(v) && !loopback_host(v))	/* a local relay is fine */
		SAY(K_SMTP, "%s: a development host name", v);
	if ((v = get(K_FROM)) == NULL)
		SAY(K_FROM, "not set");
	else if (dev_host(v))
		SAY(K_FROM, "%s: a development domain (mail from it is "
		    "refused or lands in spam)", v);
	if (config_signup_open())
		SAY(K_SIGNUP, "open: anyone may open a merchant account (closed: "
		    "the operator adds merchants)");
	/* the nginx example beside the configuration, as the package and
	 * make install put it (a server of its own; under a prefix the
	 * server, its TLS among it, is the other site's: base_url says) */
	if (strrchr(loaded, '/') != NULL && *config_base_path() == '\0') {
		char line[1024];
		bool tls = false, site = false;

		snprintf(nginx, sizeof(nginx), "%.*s/nginx/returns-site.conf",
		    (int)(strrchr(loaded, '/') - loaded), loaded);
		if ((ng = fopen(nginx, "r")) != NULL) {
			site = true;
			while (fgets(line, sizeof(line), ng) != NULL) {
				char *t = trim_blanks(line);
				if (*t != '#' && strstr(t, "ssl_certificate") != NULL)
					tls = true;
				if (*t != '#' && strstr(t, "returns.example.com")
				    != NULL) {
					fprintf(f, "%s: server_name "
					    "returns.example.com: the example's "
					    "name\n", nginx);
					n++;
				}
			}
			fclose(ng);
		}
		if (site && !tls) {
			fprintf(f, "%s: no TLS (no ssl_certificate): merchants "
			    "and customers in clear\n", nginx);
			n++;
		}
	}
#undef SAY
	return n;
}

int
config_session_idle(void)
{
	const char *v = get(K_SESS_IDLE);

	return (v ? atoi(v) : 30) * 60;
}

int
config_session_max(void)
{
	const char *v = get(K_SESS_MAX);

	return (v ? atoi(v) : 12) * 3600;
}
