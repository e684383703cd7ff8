/* fuzz_cookie.c -- cookie_parse(): on IN_OK every name is an RFC 6265
 * token of 1..HTTP_MAX_KEY bytes, every value cookie-octets (the quotes
 * of a quoted value removed), at most HTTP_MAX_COOKIES of them. */
#include "fuzz.h"

#include "returns/buf.h"
#include "returns/http.h"

static struct arena arena;

static bool
tchar(unsigned char c)
{
	return c > 0x20 && c < 0x7f && strchr("()<>@,;:\\\"/[]?={}", c) == NULL;
}

static bool
octet(unsigned char c)
{
	return c == 0x21 || (c >= 0x23 && c <= 0x2b) ||
	    (c >= 0x2d && c <= 0x3a) || (c >= 0x3c && c <= 0x5b) ||
	    (c >= 0x5d && c <= 0x7e);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_strndup(data, size);
	struct kvlist kv;
	enum input_err e;

	e = cookie_parse(&arena, s, &kv);
	CHECK(e == IN_OK || e == IN_COOKIE || e == IN_TOOMANY);
	if (e == IN_OK) {
		size_t eqs = 0;

		CHECK(kv.n <= HTTP_MAX_COOKIES);
		for (size_t i = 0; i < kv.n; i++) {
			const unsigned char *k =
			    (const unsigned char *)kv.v[i].key;
			const unsigned char *v =
			    (const unsigned char *)kv.v[i].val;
			size_t kl = strlen(kv.v[i].key);

			CHECK(kl >= 1 && kl <= HTTP_MAX_KEY);
			for (; *k; k++)
				CHECK(tchar(*k));
			for (; *v; v++)
				CHECK(octet(*v));
			/* each name and value is a piece of the header */
			CHECK(strstr(s, kv.v[i].key) != NULL);
			CHECK(strstr(s, kv.v[i].val) != NULL);
		}
		/* every cookie had its '=' */
		for (const char *p = s; *p; p++)
			eqs += *p == '=';
		CHECK(eqs >= kv.n);
	}
	cookie_parse(&arena, NULL, &kv);
	CHECK(kv.n == 0);
	arena_reset(&arena);
	free(s);
	return 0;
}
