/* mail.c -- see include/returns/mail.h. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "curl_dl.h"

#include "returns/crypto.h"
#include "returns/log.h"
#include "returns/mail.h"
#include "returns/valid.h"

#define HDR_LINE	78	/* RFC 5322 2.1.1: lines SHOULD be <= 78 */
#define WORD_MAX	75	/* RFC 2047 2: an encoded-word is <= 75 */
#define WORD_FIXED	12	/* "=?UTF-8?B?" and "?=" */
#define WORD_RAW	45	/* bytes in a 75-character word: 63/4*3 */
#define B64_RAW		57	/* bytes in a 76-character base64 line */
#define MSGID_RAND	16	/* random bytes in a Message-ID */
#define BOUND_RAND	24	/* random bytes in a boundary */
#define BOUND_PREFIX	"=_returns_"	/* '=' and '_': never in base64 */
#define HOST_MAX	253
#define SMTP_TIMEOUT	60	/* seconds, when the conf says <= 0 */

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void
b64_put(struct buf *out, const unsigned char *p, size_t n)
{
	char q[4];

	for (; n >= 3; p += 3, n -= 3) {
		q[0] = b64[p[0] >> 2];
		q[1] = b64[(p[0] & 3) << 4 | p[1] >> 4];
		q[2] = b64[(p[1] & 15) << 2 | p[2] >> 6];
		q[3] = b64[p[2] & 63];
		buf_append(out, q, 4);
	}
	if (n == 0)
		return;
	q[0] = b64[p[0] >> 2];
	if (n == 1) {
		q[1] = b64[(p[0] & 3) << 4];
		q[2] = '=';
	} else {
		q[1] = b64[(p[0] & 3) << 4 | p[1] >> 4];
		q[2] = b64[(p[1] & 15) << 2];
	}
	q[3] = '=';
	buf_append(out, q, 4);
}

/* Bytes in the valid UTF-8 character at p (n > 0 bytes left), 0 when p
 * does not start one. */
static size_t
u8_char(const unsigned char *p, size_t n)
{
	size_t k;

	if (*p < 0x80)
		return 1;
	else if ((*p & 0xe0) == 0xc0)
		k = 2;
	else if ((*p & 0xf0) == 0xe0)
		k = 3;
	else if ((*p & 0xf8) == 0xf0)
		k = 4;
	else
		return 0;
	if (k > n || !utf8_valid((const char *)p, k))
		return 0;
	return k;
}

static bool
is_ctl(unsigned char c)
{
	return c < 0x20 || c == 0x7f;
}

/* NULL counts as valid (and empty). */
static bool
utf8_ok(const char *s)
{
	return s == NULL || utf8_valid(s, strlen(s));
}

/* Characters on the last line of b. */
static size_t
column(const struct buf *b)
{
	size_t i = b->len;

	while (i > 0 && b->data[i - 1] != '\n')
		i--;
	return b->len - i;
}

/* Bytes of text an encoded-word starting at column col may carry. */
static size_t
word_room(size_t col)
{
	size_t avail = HDR_LINE - (col < HDR_LINE ? col : HDR_LINE);

	if (avail > WORD_MAX)
		avail = WORD_MAX;
	if (avail < WORD_FIXED + 4)
		return 0;
	return (avail - WORD_FIXED) / 4 * 3;
}

static void
word_put(struct buf *out, const unsigned char *p, size_t n)
{
	buf_puts(out, "=?UTF-8?B?");
	b64_put(out, p, n);
	buf_puts(out, "?=");
}

void
mail_encode_header(const char *value, struct buf *out)
{
	static const unsigned char repl[] = { 0xef, 0xbf, 0xbd };
	const unsigned char *p, *end, *c;
	unsigned char word[WORD_RAW];
	size_t n = 0, k, col;

	if (value == NULL)
		return;
	p = (const unsigned char *)value;
	end = p + strlen(value);
	col = out->data != NULL ? column(out) : 0;
	while (p < end) {
		if (is_ctl(*p)) {
			p++;
			continue;
		}
		if ((k = u8_char(p, (size_t)(end - p))) == 0) {
			c = repl;
			k = sizeof(repl);
			p++;
		} else {
			c = p;
			p += k;
		}
		/* a word holds whole characters; fold when this one is
		 * more than the current word has room for */
		while (n + k > word_room(col)) {
			if (n > 0)
				word_put(out, word, n);
			n = 0;
			buf_puts(out, "\r\n ");
			col = 1;
		}
		memcpy(word + n, c, k);
		n += k;
	}
	if (n > 0)
		word_put(out, word, n);
}

/* A word a reader could take for an address or a link: "x@y",
 * "https://…", "www.…", "paypal.com" (a dot followed by letters). */
static bool
addressish(const char *w, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (w[i] == '@' || w[i] == '/')
			return true;
		if (w[i] == '.' && i + 1 < n &&
		    ((w[i + 1] | 0x20) >= 'a' && (w[i + 1] | 0x20) <= 'z'))
			return true;
	}
	return false;
}

void
mail_display_name(const char *name, struct buf *out)
{
	const char *s = name ? name : "", *w;
	bool clean = strpbrk(s, "<>") == NULL;
	size_t n;

	/* most names go out as they are, less control characters */
	for (w = s; clean && *w != '\0'; w += n) {
		w += strspn(w, " \t");
		n = strcspn(w, " \t");
		if (addressish(w, n))
			clean = false;
	}
	buf_reset(out);
	buf_puts(out, "");
	if (clean) {
		for (; *s != '\0'; s++)
			if (!is_ctl((unsigned char)*s))
				buf_putc(out, *s);
		return;
	}
	/* else word by word, without the words that look like addresses
	 * or links, and without angle brackets */
	while (*s != '\0') {
		s += strspn(s, " \t");
		w = s;
		s += (n = strcspn(s, " \t"));
		if (n == 0 || addressish(w, n))
			continue;
		if (out->len > 0)
			buf_putc(out, ' ');
		for (size_t i = 0; i < n; i++)
			if (w[i] != '<' && w[i] != '>' && w[i] != '"' &&
			    !is_ctl((unsigned char)w[i]))
				buf_putc(out, w[i]);
	}
	/* separators a removed word left behind ("Shop -") */
	while (out->len > 0 && strchr(" -|,;", out->data[out->len - 1]))
		out->data[--out->len] = '\0';
}

/* A name that can go out as a quoted-string on the From line as is:
 * printable ASCII, nothing a reader might take for an encoded-word,
 * short enough for the line ("From: " and the quotes). */
static bool
quotable(const char *s)
{
	size_t n = 6 + 2;

	if (strstr(s, "=?") != NULL)
		return false;
	for (; *s != '\0'; s++) {
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return false;
		n += *s == '"' || *s == '\\' ? 2 : 1;
	}
	return n <= HDR_LINE;
}

static void
put_from(struct buf *out, const char *name, const char *addr)
{
	buf_puts(out, "From: ");
	if (*name == '\0') {
		buf_puts(out, addr);
		buf_puts(out, "\r\n");
		return;
	}
	if (quotable(name)) {
		buf_putc(out, '"');
		for (; *name != '\0'; name++) {
			if (*name == '"' || *name == '\\')
				buf_putc(out, '\\');
			buf_putc(out, *name);
		}
		buf_putc(out, '"');
	} else
		mail_encode_header(name, out);
	/* " <addr>" on this line when it fits, else on the next one */
	if (column(out) + 3 + strlen(addr) > HDR_LINE)
		buf_puts(out, "\r\n <");
	else
		buf_puts(out, " <");
	buf_puts(out, addr);
	buf_puts(out, ">\r\n");
}

/* text with every line break made CRLF, in base64 lines of 76. tmp is
 * scratch space. */
/* A file's name and type are safe in a header, without quoting rules. */
static bool
attach_ok(const struct mail_attach *f)
{
	size_t n;

	if (f->data == NULL || f->len == 0 || f->filename == NULL ||
	    f->type == NULL || (n = strlen(f->filename)) == 0 || n > 100 ||
	    strlen(f->type) == 0 || strlen(f->type) > 60)
		return false;
	for (const char *s = f->filename; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("-_.", *s))
			return false;
	for (const char *s = f->type; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("/.+-", *s))
			return false;
	return strchr(f->type, '/') != NULL;
}

static void
put_body(struct buf *out, const char *text, struct buf *tmp)
{
	buf_reset(tmp);
	for (const char *s = text; *s != '\0'; s++) {
		if (*s == '\r' || *s == '\n') {
			buf_puts(tmp, "\r\n");
			if (s[0] == '\r' && s[1] == '\n')
				s++;
		} else
			buf_putc(tmp, *s);
	}
	for (size_t i = 0; i < tmp->len; i += B64_RAW) {
		size_t n = tmp->len - i < B64_RAW ? tmp->len - i : B64_RAW;

		b64_put(out, (const unsigned char *)tmp->data + i, n);
		buf_puts(out, "\r\n");
	}
}

static void
put_part(struct buf *out, const char *bound, const char *type,
    const char *text, struct buf *tmp)
{
	buf_printf(out, "--%s\r\n", bound);
	buf_printf(out, "Content-Type: text/%s; charset=UTF-8\r\n", type);
	buf_puts(out, "Content-Transfer-Encoding: base64\r\n\r\n");
	put_body(out, text, tmp);
	if (*text == '\0')
		buf_puts(out, "\r\n");	/* the delimiter's own CRLF */
}

static bool
host_ok(const char *s)
{
	size_t n;

	if (s == NULL || (n = strlen(s)) == 0 || n > HOST_MAX)
		return false;
	return strspn(s, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.") == n;
}

enum rerr
mail_build(const struct mail *m, struct buf *out)
{
	static const char *wday[] = { "Sun", "Mon", "Tue", "Wed", "Thu",
	    "Fri", "Sat" };
	static const char *mon[] = { "Jan", "Feb", "Mar", "Apr", "May",
	    "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	struct buf tmp = { 0 };
	enum rerr err = E_INVALID;
	char id[2 * MSGID_RAND + 1], rnd[2 * BOUND_RAND + 1];
	char bound[sizeof(BOUND_PREFIX) + 2 * BOUND_RAND];
	/* the outer boundary: "x" after the prefix, never a hex digit, so
	 * neither boundary begins with the other */
	char mbound[sizeof(BOUND_PREFIX) + 1 + 2 * BOUND_RAND];
	struct tm tm;
	time_t t;
	bool multi;

	if (m->from_addr == NULL || !valid_email(m->from_addr)) {
		log_err(NULL, "mail: invalid From address");
		goto fail;
	}
	if (m->to_addr == NULL || !valid_email(m->to_addr)) {
		log_err(NULL, "mail: invalid To address");
		goto fail;
	}
	if (m->reply_to != NULL && *m->reply_to != '\0' &&
	    !valid_email(m->reply_to)) {
		log_err(NULL, "mail: invalid Reply-To address");
		goto fail;
	}
	if (m->subject == NULL || m->text == NULL) {
		log_err(NULL, "mail: no subject or no text");
		goto fail;
	}
	if (!utf8_ok(m->from_name) || !utf8_ok(m->subject) ||
	    !utf8_ok(m->text) || !utf8_ok(m->html)) {
		log_err(NULL, "mail: name, subject or body not UTF-8");
		goto fail;
	}
	if (!host_ok(m->msgid_host)) {
		log_err(NULL, "mail: invalid Message-ID host");
		goto fail;
	}
	t = (time_t)m->date;
	if ((int64_t)t != m->date || gmtime_r(&t, &tm) == NULL ||
	    tm.tm_year < 0 || tm.tm_year > 9999 - 1900) {
		log_err(NULL, "mail: date %lld out of range",
		    (long long)m->date);
		goto fail;
	}
	multi = m->html != NULL && *m->html != '\0';
	if (m->nattach < 0 || m->nattach > MAIL_ATTACH_MAX ||
	    (m->nattach > 0 && m->attach == NULL)) {
		log_err(NULL, "mail: bad attachment count");
		goto fail;
	}
	for (int i = 0; i < m->nattach; i++)
		if (!attach_ok(&m->attach[i])) {
			log_err(NULL, "mail: bad attachment");
			goto fail;
		}

	err = E_SYS;
	if (crypto_random_hex(id, MSGID_RAND) != E_OK ||
	    crypto_random_hex(rnd, BOUND_RAND) != E_OK) {
		log_err(NULL, "mail: no random bytes");
		goto fail;
	}
	snprintf(bound, sizeof(bound), "%s%s", BOUND_PREFIX, rnd);
	snprintf(mbound, sizeof(mbound), "%sx%s", BOUND_PREFIX, rnd);

	/* nothing fails from here: out is only appended to */
	buf_printf(out, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n",
	    wday[tm.tm_wday], tm.tm_mday, mon[tm.tm_mon], tm.tm_year + 1900,
	    tm.tm_hour, tm.tm_min, tm.tm_sec);
	mail_display_name(m->from_name, &tmp);
	put_from(out, tmp.data, m->from_addr);
	buf_printf(out, "To: %s\r\n", m->to_addr);
	if (m->reply_to != NULL && *m->reply_to != '\0')
		buf_printf(out, "Reply-To: %s\r\n", m->reply_to);
	buf_puts(out, "Subject: ");
	mail_encode_header(m->subject, out);
	buf_puts(out, "\r\n");
	buf_printf(out, "Message-ID: <%s@%s>\r\n", id, m->msgid_host);
	buf_puts(out, "MIME-Version: 1.0\r\n");
	if (m->nattach > 0) {
		/* the message, then the files */
		buf_printf(out, "Content-Type: multipart/mixed;\r\n"
		    " boundary=\"%s\"\r\n\r\n", mbound);
		buf_puts(out, "This is a multi-part message in MIME format."
		    "\r\n");
		buf_printf(out, "--%s\r\n", mbound);
	}
	if (!multi) {
		buf_puts(out, "Content-Type: text/plain; charset=UTF-8\r\n"
		    "Content-Transfer-Encoding: base64\r\n\r\n");
		put_body(out, m->text, &tmp);
	} else {
		buf_printf(out, "Content-Type: multipart/alternative;\r\n"
		    " boundary=\"%s\"\r\n\r\n", bound);
		buf_puts(out, "This is a multi-part message in MIME format."
		    "\r\n");
		put_part(out, bound, "plain", m->text, &tmp);
		put_part(out, bound, "html", m->html, &tmp);
		buf_printf(out, "--%s--\r\n", bound);
	}
	for (int i = 0; i < m->nattach; i++) {
		const struct mail_attach *f = &m->attach[i];

		buf_printf(out, "--%s\r\n", mbound);
		buf_printf(out, "Content-Type: %s; name=\"%s\"\r\n", f->type,
		    f->filename);
		buf_puts(out, "Content-Transfer-Encoding: base64\r\n");
		buf_printf(out, "Content-Disposition: attachment;"
		    " filename=\"%s\"\r\n\r\n", f->filename);
		for (size_t k = 0; k < f->len; k += B64_RAW) {
			size_t n = f->len - k < B64_RAW ? f->len - k : B64_RAW;

			b64_put(out, (const unsigned char *)f->data + k, n);
			buf_puts(out, "\r\n");
		}
	}
	if (m->nattach > 0)
		buf_printf(out, "--%s--\r\n", mbound);
	err = E_OK;
fail:
	buf_free(&tmp);
	return err;
}

/* ---- SMTP ---- */

struct cursor {
	const char	*p;
	size_t		 left;
};

static size_t
read_cb(char *dst, size_t size, size_t nmemb, void *arg)
{
	struct cursor *c = arg;
	size_t n = size * nmemb;

	if (n > c->left)
		n = c->left;
	memcpy(dst, c->p, n);
	c->p += n;
	c->left -= n;
	return n;
}

/* host as curl's URL parser gives it: IPv6 in brackets. */
static bool
loopback(const char *host)
{
	struct in_addr a4;
	struct in6_addr a6;
	char h[INET6_ADDRSTRLEN];
	size_t n = strlen(host);

	if (strcasecmp(host, "localhost") == 0)
		return true;
	if (inet_pton(AF_INET, host, &a4) == 1)
		return ntohl(a4.s_addr) >> 24 == 127;
	if (n < 3 || host[0] != '[' || host[n - 1] != ']' ||
	    n - 2 >= sizeof(h))
		return false;
	memcpy(h, host + 1, n - 2);
	h[n - 2] = '\0';
	if (inet_pton(AF_INET6, h, &a6) != 1)
		return false;
	return IN6_IS_ADDR_LOOPBACK(&a6) ||
	    (IN6_IS_ADDR_V4MAPPED(&a6) && a6.s6_addr[12] == 127);
}

/* True when the URL has no user, password or login options in it. */
static bool
no_userinfo(CURLU *u)
{
	static const CURLUPart parts[] = { CURLUPART_USER,
	    CURLUPART_PASSWORD, CURLUPART_OPTIONS };
	char *s;

	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		s = NULL;
		if (curl_url_get(u, parts[i], &s, 0) == CURLUE_OK) {
			curl_free(s);
			return false;
		}
	}
	return true;
}

enum rerr
mail_send(const struct smtp_conf *conf, const char *from, const char *to,
    const struct buf *msg, int *smtp_code, char *err, size_t errlen)
{
	CURL *h = NULL;
	CURLU *u = NULL;
	CURLcode rc;
	struct curl_slist *rcpt = NULL;
	struct cursor cur;
	enum rerr rv = E_INVALID;
	char *scheme = NULL, *host = NULL;
	char ebuf[CURL_ERROR_SIZE], mfrom[260], mto[260];
	const char *why = "";
	long code = 0, timeout;
	size_t n;
	bool plain;

	ebuf[0] = '\0';
	if (conf == NULL || conf->url == NULL) {
		why = "no SMTP URL";
		goto fail;
	}
	if (from == NULL || !valid_email(from) || to == NULL ||
	    !valid_email(to)) {
		why = "invalid sender or recipient address";
		goto fail;
	}
	if (msg == NULL || msg->len == 0) {
		why = "empty message";
		goto fail;
	}
	if ((u = curl_url()) == NULL) {
		rv = E_SYS;
		why = "out of memory";
		goto fail;
	}
	if (curl_url_set(u, CURLUPART_URL, conf->url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
		why = "unparsable SMTP URL";
		goto fail;
	}
	if (strcmp(scheme, "smtp") != 0 && strcmp(scheme, "smtps") != 0) {
		why = "SMTP URL scheme is not smtp or smtps";
		goto fail;
	}
	if (!no_userinfo(u)) {
		why = "credentials in the SMTP URL (use user and password)";
		goto fail;
	}
	/* smtps is TLS from the start; smtp must upgrade with STARTTLS or
	 * fail, but on loopback, where nobody can listen in between */
	plain = strcmp(scheme, "smtp") == 0 && loopback(host);
	snprintf(mfrom, sizeof(mfrom), "<%s>", from);
	snprintf(mto, sizeof(mto), "<%s>", to);
	timeout = conf->timeout_s > 0 ? conf->timeout_s : SMTP_TIMEOUT;
	cur.p = msg->data;
	cur.left = msg->len;

	rv = E_SYS;
	if ((h = curl_easy_init()) == NULL ||
	    (rcpt = curl_slist_append(NULL, mto)) == NULL) {
		why = "out of memory";
		goto fail;
	}
	if ((rc = curl_easy_setopt(h, CURLOPT_ERRORBUFFER, ebuf)) != CURLE_OK ||
	    (rc = curl_easy_setopt(h, CURLOPT_CURLU, u)) != CURLE_OK ||
#if LIBCURL_VERSION_NUM >= 0x075500
	    (rc = curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR,
	    "smtp,smtps")) != CURLE_OK ||
#else
	    (rc = curl_easy_setopt(h, CURLOPT_PROTOCOLS,
	    (long)(CURLPROTO_SMTP | CURLPROTO_SMTPS))) != CURLE_OK ||
#endif
	    (rc = curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L)) != CURLE_OK ||
	    (rc = curl_easy_setopt(h, CURLOPT_USE_SSL,
	    plain ? (long)CURLUSESSL_NONE : (long)CURLUSESSL_ALL)) !=
	    CURLE_OK ||
	    (rc = curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L)) !=
	    CURLE_OK ||
	    (rc = curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L)) !=
	    CURLE_OK ||
	    (rc = curl_easy_setopt(h, CURLOPT_TIMEOUT, timeout)) != CURLE_OK ||
	    (rc = curl_easy_setopt(h, CURLOPT_MAIL_FROM, mfrom)) != CURLE_OK ||
	    (rc = curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt)) != CURLE_OK ||
	    (rc = curl_easy_setopt(h, CURLOPT_UPLOAD, 1L)) != CURLE_OK ||
	    (rc = curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb)) !=
	    CURLE_OK ||
	    (rc = curl_easy_setopt(h, CURLOPT_READDATA, &cur)) != CURLE_OK ||
	    (rc = curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE,
	    (curl_off_t)msg->len)) != CURLE_OK)
		goto curl_fail;
	if (conf->user != NULL && *conf->user != '\0' &&
	    ((rc = curl_easy_setopt(h, CURLOPT_USERNAME, conf->user)) !=
	    CURLE_OK ||
	    (rc = curl_easy_setopt(h, CURLOPT_PASSWORD,
	    conf->password != NULL ? conf->password : "")) != CURLE_OK))
		goto curl_fail;

	rc = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	if (rc == CURLE_OK)
		rv = E_OK;
curl_fail:
	if (rv != E_OK) {
		/* curl's own words, without its trailing newline */
		n = strlen(ebuf);
		while (n > 0 && (ebuf[n - 1] == '\n' || ebuf[n - 1] == '\r'))
			ebuf[--n] = '\0';
		why = n > 0 ? ebuf : curl_easy_strerror(rc);
	}
fail:
	if (rv != E_OK) {
		/* nothing curl says should hold it, but make sure */
		if (conf != NULL && conf->password != NULL &&
		    *conf->password != '\0' &&
		    strstr(why, conf->password) != NULL)
			why = "SMTP failure (reason withheld)";
		log_warn(NULL, "mail: SMTP to %s failed (reply %ld): %s",
		    host != NULL ? host : "-", code, why);
	}
	if (smtp_code != NULL)
		*smtp_code = code >= 0 && code <= 999 ? (int)code : 0;
	if (err != NULL && errlen > 0)
		snprintf(err, errlen, "%s", why);
	curl_slist_free_all(rcpt);
	if (h != NULL)
		curl_easy_cleanup(h);
	curl_free(scheme);
	curl_free(host);
	if (u != NULL)
		curl_url_cleanup(u);
	return rv;
}

void
mail_init(void)
{
	CURLcode rc;

	if ((rc = curl_global_init(CURL_GLOBAL_DEFAULT)) != CURLE_OK)
		log_err(NULL, "mail: curl_global_init: %s",
		    curl_easy_strerror(rc));
}

void
mail_cleanup(void)
{
	curl_global_cleanup();
}
