/* test_parse -- urlencoded bodies, query strings and cookies. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "returns/http.h"

static struct arena A;

static enum input_err
parse(const char *s, struct kvlist *l)
{
	return urlenc_parse(&A, s, strlen(s), l);
}

static void
simple_pairs_and_plus(void **state)
{
	struct kvlist l;

	(void)state;
	assert_int_equal(parse("a=1&b=hello+world&c=%C3%A9t%C3%A9", &l), IN_OK);
	assert_int_equal(l.n, 3);
	assert_string_equal(kv_get(&l, "a"), "1");
	assert_string_equal(kv_get(&l, "b"), "hello world");
	assert_string_equal(kv_get(&l, "c"), "été");
	assert_null(kv_get(&l, "d"));
}

static void
repeated_keys_kept_in_order(void **state)
{
	struct kvlist l;

	(void)state;
	assert_int_equal(parse("x=1&x=2&&y&x=3", &l), IN_OK);
	assert_int_equal(kv_count(&l, "x"), 3);
	assert_string_equal(l.v[0].val, "1");
	assert_string_equal(l.v[1].val, "2");
	assert_string_equal(kv_get(&l, "y"), "");
	assert_string_equal(l.v[3].val, "3");
}

static void
bad_percent_encoding(void **state)
{
	struct kvlist l;

	(void)state;
	assert_int_equal(parse("a=%zz", &l), IN_PERCENT);
	assert_int_equal(parse("a=%4", &l), IN_PERCENT);
	assert_int_equal(parse("a=%", &l), IN_PERCENT);
	assert_int_equal(parse("a%=1", &l), IN_PERCENT);
	assert_int_equal(parse("a=%41", &l), IN_OK);
	assert_string_equal(kv_get(&l, "a"), "A");
}

static void
strict_utf8(void **state)
{
	struct kvlist l;

	(void)state;
	assert_int_equal(parse("a=%ff", &l), IN_UTF8);
	assert_int_equal(parse("a=%c0%af", &l), IN_UTF8);	/* overlong */
	assert_int_equal(parse("a=%ed%a0%80", &l), IN_UTF8);	/* surrogate */
	assert_int_equal(parse("a=%f4%90%80%80", &l), IN_UTF8); /* > 10FFFF */
	assert_int_equal(parse("a=%c3", &l), IN_UTF8);		/* truncated */
	assert_int_equal(parse("a=x%00y", &l), IN_UTF8);	/* NUL */
	assert_int_equal(parse("a=%f0%9f%93%a6", &l), IN_OK);	/* 📦 */
}

static void
limits(void **state)
{
	struct kvlist l;
	char big[HTTP_MAX_FIELDS * 4 + 16], key[HTTP_MAX_KEY + 8];
	size_t n = 0;

	(void)state;
	for (int i = 0; i <= HTTP_MAX_FIELDS; i++)
		n += (size_t)snprintf(big + n, sizeof(big) - n, "a=&");
	assert_int_equal(parse(big, &l), IN_TOOMANY);
	memset(key, 'k', HTTP_MAX_KEY + 1);
	key[HTTP_MAX_KEY + 1] = '\0';
	assert_int_equal(parse(key, &l), IN_KEY);
	assert_int_equal(parse("=1", &l), IN_KEY);
}

static void
cookies(void **state)
{
	struct kvlist l;

	(void)state;
	assert_int_equal(cookie_parse(&A, "sid=abc; lang=fr;csrf=\"x1\"", &l),
	    IN_OK);
	assert_int_equal(l.n, 3);
	assert_string_equal(kv_get(&l, "lang"), "fr");
	assert_string_equal(kv_get(&l, "csrf"), "x1");
	assert_int_equal(cookie_parse(&A, "", &l), IN_OK);
	assert_int_equal(l.n, 0);
	assert_int_equal(cookie_parse(&A, NULL, &l), IN_OK);
	/* what cannot be parsed (another application's cookies) is
	 * skipped, the rest kept */
	assert_int_equal(cookie_parse(&A, "novalue", &l), IN_OK);
	assert_int_equal(l.n, 0);
	assert_int_equal(cookie_parse(&A, "a=b c; sid=x", &l), IN_OK);
	assert_int_equal(l.n, 1);
	assert_string_equal(kv_get(&l, "sid"), "x");
	assert_int_equal(cookie_parse(&A, "a=\"b; sid=y", &l), IN_OK);
	assert_string_equal(kv_get(&l, "sid"), "y");
	assert_int_equal(cookie_parse(&A, "a=\x01;b=2", &l), IN_OK);
	assert_int_equal(l.n, 1);
	assert_int_equal(cookie_parse(&A, "a=é", &l), IN_OK);
	assert_int_equal(l.n, 0);
	assert_int_equal(cookie_parse(&A, "prefs={\"a\":1}; sid=z", &l), IN_OK);
	assert_string_equal(kv_get(&l, "sid"), "z");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(simple_pairs_and_plus),
		cmocka_unit_test(repeated_keys_kept_in_order),
		cmocka_unit_test(bad_percent_encoding),
		cmocka_unit_test(strict_utf8),
		cmocka_unit_test(limits),
		cmocka_unit_test(cookies),
	};
	int rc = cmocka_run_group_tests_name("parse", tests, NULL, NULL);

	arena_free(&A);
	return rc;
}
