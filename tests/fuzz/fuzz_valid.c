/* fuzz_valid.c -- utf8_valid(), utf8_len(), has_control() and
 * valid_email() against independent implementations of what valid.h
 * says. The whole input is the text (utf8_valid also over embedded
 * NULs; the others up to the first NUL). */
#include "fuzz.h"

#include "returns/valid.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_memdup(data, size), *z = fuzz_strndup(data, size);
	size_t zl = strlen(z), n = 0;
	bool ctl = false;

	CHECK(utf8_valid(s, size) == ref_utf8_valid(s, size));
	for (size_t i = 0; i <= size; i++)	/* every prefix, too */
		if (i % 7 == 0 || i == size)
			CHECK(utf8_valid(s, i) == ref_utf8_valid(s, i));
	if (ref_utf8_valid(z, zl)) {
		for (size_t i = 0; i < zl; i += ref_utf8_char(
		    (const unsigned char *)z + i, zl - i))
			n++;
		CHECK(utf8_len(z) == n);
	}
	for (size_t i = 0; i < zl; i++) {
		unsigned char c = (unsigned char)z[i];
		ctl |= (c < 0x20 && c != '\t' && c != '\r' && c != '\n') ||
		    c == 0x7f;
	}
	CHECK(has_control(z) == ctl);

	if (valid_email(z)) {
		const char *at = strchr(z, '@'), *dot;

		CHECK(zl >= 6 && zl <= 254);
		CHECK(at != NULL && at != z && strchr(at + 1, '@') == NULL);
		CHECK(at - z <= 64);
		for (const unsigned char *p = (const unsigned char *)z; *p; p++)
			CHECK(*p > 0x20 && *p != 0x7f &&
			    strchr("<>\",;\\()[]", *p) == NULL);
		dot = strrchr(at, '.');
		CHECK(dot != NULL && dot > at + 1 && strlen(dot) >= 3);
		CHECK(strstr(at, "..") == NULL);
	}
	free(s);
	free(z);
	return 0;
}
