/* fuzz_mail_build.c -- mail_build() with fuzzed subject, display name,
 * text and HTML (and, with flags, addresses, Message-ID host and date).
 *
 * The header-injection check: in the header block (up to the first empty
 * line) every CR is followed by LF and every LF preceded by CR; every
 * CRLF is followed by a space or tab (folding) or ends a header line,
 * and the header lines, unfolded, are exactly Date, From, To, Subject,
 * Message-ID, MIME-Version, Content-Type (and Content-Transfer-Encoding
 * for text only), in that order: no text can add a header or end the
 * block. Also: CRLF everywhere in the message; header lines of at most
 * 78 characters when the addresses and host are the fixed short ones;
 * the Subject decodes to the subject as mail_encode_header() promises;
 * the text-only body decodes to the text with CRLF line breaks; whether
 * the message is refused follows mail.h's rules, and a refused message
 * leaves out as it was.
 *
 * Input: flags (bit 0: HTML part; bit 1: from_name NULL; bit 2: fuzzed
 * from_addr; bit 3: fuzzed to_addr; bit 4: fuzzed msgid_host; bit 5:
 * fuzzed date, 8 bytes; bit 6: subject NULL), then NUL-separated: subject,
 * from_name, text, html, and the fuzzed addresses and host. */
#include <time.h>

#include "mail_check.h"

#include "returns/mail.h"
#include "returns/valid.h"

static const char *const HEADERS_TEXT[] = { "Date", "From", "To",
    "Subject", "Message-ID", "MIME-Version", "Content-Type",
    "Content-Transfer-Encoding", NULL };
static const char *const HEADERS_MULTI[] = { "Date", "From", "To",
    "Subject", "Message-ID", "MIME-Version", "Content-Type", NULL };

static bool
host_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > 253)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9') || *s == '-' || *s == '.'))
			return false;
	return true;
}

static bool
u8(const char *s)
{
	return s == NULL || ref_utf8_valid(s, strlen(s));
}

/* The header block m[0..n) against the expected list of names. */
static void
check_headers(const char *m, size_t n, const char *const *names,
    bool short_lines, const char *subject)
{
	size_t i = 0, h = 0;

	for (size_t j = 0; j < n; j++) {
		if (m[j] == '\r')
			CHECK(j + 1 < n && m[j + 1] == '\n');
		if (m[j] == '\n')
			CHECK(j > 0 && m[j - 1] == '\r');
	}
	while (i < n) {
		const char *line = m + i, *colon, *crlf;
		size_t len, start = i, end;

		/* a header: name, colon, then lines until a CRLF not
		 * followed by white space */
		crlf = memmem(line, n - i, "\r\n", 2);
		CHECK(crlf != NULL);
		colon = memchr(line, ':', (size_t)(crlf - line));
		CHECK(colon != NULL);
		CHECK(names[h] != NULL);
		len = strlen(names[h]);
		CHECK((size_t)(colon - line) == len &&
		    memcmp(line, names[h], len) == 0);
		for (;;) {
			CHECK(!short_lines || crlf - (m + i) <= 78);
			i = (size_t)(crlf - m) + 2;
			if (i >= n || (m[i] != ' ' && m[i] != '\t'))
				break;
			crlf = memmem(m + i, n - i, "\r\n", 2);
			CHECK(crlf != NULL);
		}
		end = i - 2;
		if (strcmp(names[h], "Subject") == 0 && subject != NULL) {
			struct buf got = { 0 }, want = { 0 };
			size_t v = start + len + 2;	/* after ": " */

			CHECK(m[start + len + 1] == ' ');
			CHECK(decode_words(m + v, end - v, &got));
			expected_header_text(subject, &want);
			CHECK(got.len == want.len &&
			    memcmp(got.data, want.data, got.len) == 0);
			buf_free(&got);
			buf_free(&want);
		}
		h++;
	}
	CHECK(names[h] == NULL);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fdp d = { data, size };
	uint8_t flags = fdp_u8(&d);
	int64_t date = flags & 32 ? (int64_t)fdp_u64(&d, 8) : 1795000000;
	char *subject = fdp_str(&d), *name = fdp_str(&d), *text = fdp_str(&d),
	    *html = fdp_str(&d);
	char *from = flags & 4 ? fdp_str(&d) : NULL;
	char *to = flags & 8 ? fdp_str(&d) : NULL;
	char *host = flags & 16 ? fdp_str(&d) : NULL;
	struct mail m = {
		.from_name = flags & 2 ? NULL : name,
		.from_addr = from != NULL ? from : "shop@returns.example",
		.to_addr = to != NULL ? to : "customer@example.com",
		.subject = flags & 64 ? NULL : subject,
		.text = text,
		.html = flags & 1 ? html : NULL,
		.date = date,
		.msgid_host = host != NULL ? host : "returns.example",
	};
	struct buf out = { 0 };
	bool valid, multi = m.html != NULL && *m.html != '\0';
	time_t t = (time_t)date;
	struct tm tm;
	enum rerr r;

	valid = valid_email(m.from_addr) && valid_email(m.to_addr) &&
	    m.subject != NULL && u8(m.from_name) && u8(m.subject) &&
	    u8(m.text) && u8(m.html) && host_ok(m.msgid_host) &&
	    gmtime_r(&t, &tm) != NULL && tm.tm_year >= 0 &&
	    tm.tm_year <= 9999 - 1900;
	/* what valid_email() lets through can never break a header */
	if (valid_email(m.from_addr))
		CHECK(strpbrk(m.from_addr, "\r\n<>\" ") == NULL);

	buf_puts(&out, "");
	r = mail_build(&m, &out);
	if (!valid) {
		CHECK(r == E_INVALID && out.len == 0);
		goto done;
	}
	CHECK(r == E_OK);
	{
		const char *sep = memmem(out.data, out.len, "\r\n\r\n", 4);
		size_t hl, bl;
		const char *body;

		CHECK(sep != NULL);
		hl = (size_t)(sep - out.data) + 2;
		check_headers(out.data, hl, multi ? HEADERS_MULTI :
		    HEADERS_TEXT, from == NULL && to == NULL && host == NULL,
		    m.subject);
		/* CRLF everywhere */
		for (size_t j = 0; j < out.len; j++) {
			if (out.data[j] == '\r')
				CHECK(j + 1 < out.len && out.data[j + 1] == '\n');
			if (out.data[j] == '\n')
				CHECK(j > 0 && out.data[j - 1] == '\r');
		}
		CHECK(out.len >= 2 && memcmp(out.data + out.len - 2, "\r\n", 2)
		    == 0);
		body = sep + 4;
		bl = out.len - (size_t)(body - out.data);
		if (!multi) {
			/* base64 lines of at most 76, decoding to the text
			 * with every line break made CRLF */
			struct buf got = { 0 }, want = { 0 };
			const char *p = body, *end = body + bl;

			buf_puts(&got, "");
			while (p < end) {
				const char *q = memmem(p, (size_t)(end - p),
				    "\r\n", 2);
				CHECK(q != NULL && q - p <= 76);
				CHECK(b64_decode(p, (size_t)(q - p), &got));
				p = q + 2;
			}
			buf_puts(&want, "");
			for (const char *s = text; *s; s++) {
				if (*s == '\r' || *s == '\n') {
					buf_puts(&want, "\r\n");
					if (s[0] == '\r' && s[1] == '\n')
						s++;
				} else
					buf_putc(&want, *s);
			}
			CHECK(got.len == want.len &&
			    memcmp(got.data, want.data, got.len) == 0);
			buf_free(&got);
			buf_free(&want);
		}
	}
done:
	buf_free(&out);
	free(subject);
	free(name);
	free(text);
	free(html);
	free(from);
	free(to);
	free(host);
	return 0;
}
