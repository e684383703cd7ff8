/* mail.h -- outgoing e-mail: MIME messages and SMTP through libcurl
 * (infrastructure).
 *
 *	struct buf msg = { 0 };
 *	int code;
 *	char why[256];
 *
 *	if ((err = mail_build(&m, &msg)) == E_OK)
 *		err = mail_send(&smtp, m.from_addr, m.to_addr, &msg, &code,
 *		    why, sizeof(why));
 *	buf_free(&msg);
 *	(err != E_OK: code 500..599 is a permanent failure, anything else,
 *	0 included, is worth retrying later)
 *
 * Messages are RFC 5322 with MIME (RFC 2045-2047): UTF-8 everywhere, CRLF
 * line endings, header lines of at most 78 characters (but an address
 * longer than that, which cannot be folded), bodies in base64 with 76-
 * character lines. Base64 was chosen over quoted-printable because its
 * output never holds a line starting with "." or "From ", trailing white
 * space or a multipart boundary, so nothing on the way can alter it.
 *
 * Header injection: every text that reaches a header has its C0 control
 * characters (CR and LF included) and DEL removed first; addresses must
 * pass valid_email(), which refuses them outright.
 *
 * Link with -lcurl (Debian: libcurl4-openssl-dev). No state is kept
 * between calls but libcurl's own, set up by mail_init().
 */
#ifndef RETURNS_MAIL_H
#define RETURNS_MAIL_H

#include <stddef.h>
#include <stdint.h>

#include "returns/buf.h"
#include "returns/err.h"

/* A file sent with a message (the customer's label). */
struct mail_attach {
	const char	*filename;	/* ASCII letters, digits, '-', '_' and
					   '.' only */
	const char	*type;		/* "application/pdf", "image/png" */
	const void	*data;
	size_t		 len;
};
#define MAIL_ATTACH_MAX	4

struct mail {
	const char	*from_name;	/* UTF-8 display name, e.g. the
					   merchant's business name; NULL or
					   "" for none */
	const char	*from_addr;	/* envelope and header From address */
	const char	*to_addr;	/* one recipient */
	const char	*reply_to;	/* where replies go (the shop's
					   customer service), or NULL/"" */
	const char	*subject;	/* UTF-8 */
	const char	*text;		/* UTF-8 plain-text body */
	const char	*html;		/* UTF-8 HTML body, or NULL/"" for
					   text only */
	int64_t		 date;		/* unix time for the Date header */
	const char	*msgid_host;	/* right-hand side of Message-ID, e.g.
					   "returns.example" */
	const struct mail_attach *attach;	/* nattach files, or NULL */
	int		 nattach;
};

/* Appends to out a complete message, ready for mail_send():
 *
 *	Date: Thu, 26 Nov 2026 15:00:00 +0000		(always UTC)
 *	From: "Plain Name" <from_addr>		(quoted when printable ASCII,
 *		else RFC 2047 encoded-words; the address alone without a name)
 *	To: to_addr
 *	Reply-To: reply_to			(when given)
 *	Subject: =?UTF-8?B?...?=		(always encoded, see below)
 *	Message-ID: <32 random hex digits@msgid_host>
 *	MIME-Version: 1.0
 *
 * then, without html, a text/plain; charset=UTF-8 body; with html, a
 * multipart/alternative of the text part then the HTML part, separated by
 * a random boundary. With attachments, that body (or the alternative) is
 * the first part of a multipart/mixed, then each file as base64 with
 * Content-Disposition: attachment; filename="...". Each body is base64 of
 * its text with line breaks
 * made CRLF (a bare LF or CR becomes CRLF: RFC 2045's canonical form of
 * text), so a reader gets the text back with CRLF line breaks.
 *
 * E_INVALID when from_addr or to_addr fails valid_email(); when subject
 * or text is NULL; when from_name, subject, text or html is not valid
 * UTF-8; when msgid_host is empty, longer than 253 bytes or holds other
 * than letters, digits, '-' and '.'; when date is before year 1900 or
 * after 9999; when nattach is negative or over MAIL_ATTACH_MAX, or a file
 * has no data, a type other than letters, digits and "/.+-", or a name
 * other than the characters above. E_SYS when no random bytes could be
 * had. On error out is
 * left as it was and the reason is logged, never the message's text. The
 * caller owns out and frees it with buf_free(). */
enum rerr	 mail_build(const struct mail *, struct buf *out);
/* The sender's display name mail_build() uses: from_name without any word
 * that looks like an address or a link ("x@y", "https://…", "paypal.com")
 * and without brackets or quotes, so that a business named
 * "PayPal Security <service@paypal.com>" sends as "PayPal Security". */
void		 mail_display_name(const char *name, struct buf *out);

/* Appends value (UTF-8) to out as RFC 2047 encoded-words,
 * "=?UTF-8?B?...?=", each holding whole characters and at most 75
 * characters long, separated by CRLF and a space (folding), so that no
 * line exceeds 78 characters. The first word's room is taken from what
 * out already holds after its last LF: write "Subject: " first, then call
 * this. C0 control characters and DEL are dropped; a byte that is not
 * part of valid UTF-8 becomes U+FFFD. Nothing is appended when nothing is
 * left. For building headers; exposed for tests. */
void		 mail_encode_header(const char *value, struct buf *out);

struct smtp_conf {
	const char	*url;		/* "smtp://host:port" (STARTTLS) or
					   "smtps://host:port" (TLS from the
					   start); an optional path is the
					   EHLO name, curl's rule. No
					   user:password@ in it */
	const char	*user;		/* NULL or "" for no auth */
	const char	*password;	/* never logged */
	long		 timeout_s;	/* whole-transfer timeout; <= 0: 60 */
};

/* Sends msg (a message from mail_build()) from `from` to the single
 * recipient `to` with libcurl. TLS is required -- STARTTLS for smtp://,
 * with the server's certificate and name verified -- unless the URL's
 * host is a loopback address (127.0.0.0/8, ::1, ::ffff:127.0.0.0/104,
 * "localhost"), where plain SMTP is used. libcurl is held to the smtp
 * and smtps protocols.
 *
 * E_OK when the server accepted the message. Otherwise *smtp_code gets
 * the last SMTP reply code when there was one (0 when none, e.g.
 * connection refused or timed out) and err a short NUL-terminated reason
 * (curl's error text, never the password), and the failure is logged
 * with the host and reason (never addresses or credentials). E_INVALID
 * for a missing or unparsable URL, another scheme, credentials in the
 * URL, addresses failing valid_email(), an empty message; E_SYS for every
 * failure to deliver. smtp_code and err may be NULL (errlen 0). The
 * caller decides: 5xx = permanent failure, anything else = retry later.
 * Safe to call from several threads at once once mail_init() is done. */
enum rerr	 mail_send(const struct smtp_conf *, const char *from,
		    const char *to, const struct buf *msg, int *smtp_code,
		    char *err, size_t errlen);

/* Call once at process start, before any thread is started, and once at
 * the end (curl_global_init / curl_global_cleanup). */
void		 mail_init(void);
void		 mail_cleanup(void);

#endif
