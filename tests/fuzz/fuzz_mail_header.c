/* fuzz_mail_header.c -- mail_encode_header(), which writes the Subject
 * and non-ASCII display names.
 *
 * Input: a byte choosing what out already holds (bit 7: a previous header
 * line ending in CRLF first; bits 0-6: that many 'X' before "Subject: "),
 * then the value. Checks: only encoded-words and folding ("\r\n ") are
 * appended; no CR or LF otherwise (no header injection); every line but
 * one already over 78 characters is at most 78; the words decode to the
 * value with controls dropped and bad bytes made U+FFFD. */
#include "mail_check.h"

#include "returns/mail.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fdp d = { data, size };
	uint8_t pre = fdp_u8(&d);
	char *value = fuzz_strndup(d.p, d.n);
	struct buf out = { 0 }, got = { 0 }, want = { 0 };
	size_t start, ls;

	if (pre & 0x80)
		buf_puts(&out, "To: someone@example.com\r\n");
	for (int i = 0; i < (pre & 0x7f); i++)
		buf_putc(&out, 'X');
	buf_puts(&out, "Subject: ");
	start = out.len;
	ls = pre & 0x80 ? 25 : 0;	/* where the current line starts */
	mail_encode_header(value, &out);
	CHECK(memcmp(out.data + start - 9, "Subject: ", 9) == 0);

	/* lines of at most 78 characters, broken only by folding; the
	 * first may be longer when out already was, but then nothing was
	 * added to it */
	{
		const char *p = out.data + ls, *end = out.data + out.len;
		bool first = true;

		for (;;) {
			const char *q = p;
			while (q < end && *q != '\r' && *q != '\n')
				q++;
			if (first && start - ls > 78)
				CHECK(q == out.data + start);
			else
				CHECK(q - p <= 78);
			first = false;
			if (q == end)
				break;
			CHECK(end - q >= 3 && q[0] == '\r' && q[1] == '\n' &&
			    q[2] == ' ');
			p = q + 2;
		}
	}
	CHECK(decode_words(out.data + start, out.len - start, &got));
	expected_header_text(value, &want);
	CHECK(got.len == want.len && memcmp(got.data, want.data, got.len) == 0);
	/* nothing at all for nothing left */
	if (want.len == 0)
		CHECK(out.len == start);

	/* NULL: nothing */
	start = out.len;
	mail_encode_header(NULL, &out);
	CHECK(out.len == start);
	/* an empty buffer: column 0, the first word at most 75 */
	buf_free(&got);
	mail_encode_header(value, &got);
	if (got.len > 0) {
		const char *e = memchr(got.data, '\r', got.len);
		CHECK((e != NULL ? (size_t)(e - got.data) : got.len) <= 75);
	}
	buf_free(&out);
	buf_free(&got);
	buf_free(&want);
	free(value);
	return 0;
}
