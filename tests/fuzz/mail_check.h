/* mail_check.h -- reading back what mail.c writes (shared by the mail
 * drivers): base64, RFC 2047 encoded-words, the expected header text. */
#ifndef FUZZ_MAIL_CHECK_H
#define FUZZ_MAIL_CHECK_H

#include "fuzz.h"

#include "returns/buf.h"

static inline int
b64v(int c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* Strict base64 (padded, length a multiple of 4) of s[0..n) appended to
 * out; false when it is not. */
static inline bool
b64_decode(const char *s, size_t n, struct buf *out)
{
	if (n % 4 != 0)
		return false;
	for (size_t i = 0; i < n; i += 4) {
		int v[4], pad = 0;

		for (int j = 0; j < 4; j++) {
			if (s[i + j] == '=' && i + 4 == n && j >= 2) {
				v[j] = 0;
				pad++;
				continue;
			}
			if (pad > 0 || (v[j] = b64v((unsigned char)s[i + j])) < 0)
				return false;
		}
		buf_putc(out, (char)(v[0] << 2 | v[1] >> 4));
		if (pad < 2)
			buf_putc(out, (char)((v[1] & 15) << 4 | v[2] >> 2));
		if (pad < 1)
			buf_putc(out, (char)((v[2] & 3) << 6 | v[3]));
	}
	return true;
}

/* What mail_encode_header() must carry for value: C0 controls and DEL
 * dropped, each byte that does not start a well-formed UTF-8 sequence
 * made U+FFFD. */
static inline void
expected_header_text(const char *value, struct buf *out)
{
	const unsigned char *p = (const unsigned char *)value;
	size_t n = strlen(value);

	buf_puts(out, "");
	for (size_t i = 0; i < n; ) {
		size_t k;

		if (p[i] < 0x20 || p[i] == 0x7f) {
			i++;
			continue;
		}
		if ((k = ref_utf8_char(p + i, n - i)) == 0) {
			buf_puts(out, "\xef\xbf\xbd");
			i++;
		} else {
			buf_append(out, p + i, k);
			i += k;
		}
	}
}

/* Reads s[0..n), encoded-words separated by folding ("\r\n "), as
 * mail_encode_header() writes them: each word "=?UTF-8?B?<base64>?="
 * of at most 75 characters carrying whole UTF-8 characters. Appends the
 * decoded text to out; false when s is not that. An empty s is fine. */
static inline bool
decode_words(const char *s, size_t n, struct buf *out)
{
	size_t i = 0;

	buf_puts(out, "");
	while (i < n) {
		const char *e;
		size_t before = out->len, wl;

		if (n - i >= 3 && memcmp(s + i, "\r\n ", 3) == 0) {
			i += 3;
			continue;
		}
		if (n - i < 12 || memcmp(s + i, "=?UTF-8?B?", 10) != 0)
			return false;
		for (e = s + i + 10; e < s + n && *e != '?'; e++)
			;
		if (e + 1 >= s + n || e[1] != '=')
			return false;
		wl = (size_t)(e + 2 - (s + i));
		if (wl > 75 || wl == 12)
			return false;
		if (!b64_decode(s + i + 10, (size_t)(e - (s + i + 10)), out))
			return false;
		if (!ref_utf8_valid(out->data + before, out->len - before))
			return false;
		i += wl;
		/* words are separated by folding, not glued together */
		if (i < n && s[i] != '\r')
			return false;
	}
	return true;
}

#endif
