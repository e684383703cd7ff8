/* test_valid -- UTF-8, e-mail addresses, form field declarations. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "returns/valid.h"

static void
utf8(void **state)
{
	(void)state;
	assert_true(utf8_valid("héllo", strlen("héllo")));
	assert_false(utf8_valid("\xc3", 1));
	assert_false(utf8_valid("\xe0\x80\x80", 3));
	assert_int_equal(utf8_len("été"), 3);
	assert_true(has_control("a\x01"));
	assert_false(has_control("a\tb\r\n"));
}

static void
emails(void **state)
{
	(void)state;
	assert_true(valid_email("name@example.com"));
	assert_true(valid_email("first.last+tag@sub.example.ca"));
	assert_false(valid_email("name@example"));
	assert_false(valid_email("@example.com"));
	assert_false(valid_email("a b@example.com"));
	assert_false(valid_email("a@b@example.com"));
	assert_false(valid_email("a@example..com"));
	assert_false(valid_email("a@example.com\r\nBcc: x@y.z"));
	assert_false(valid_email("<a@example.com>"));
}

/* kilograms or pounds, a comma or a point, up to three decimals */
static void
weights(void **state)
{
	(void)state;
	assert_int_equal(weight_grams("1.5", false), 1500);
	assert_int_equal(weight_grams("1,5", false), 1500);
	assert_int_equal(weight_grams("0.001", false), 1);
	assert_int_equal(weight_grams("29.999", false), 29999);
	assert_int_equal(weight_grams("30", false), -1);
	assert_int_equal(weight_grams("0", false), -1);
	assert_int_equal(weight_grams("1.2345", false), -1);
	assert_int_equal(weight_grams("", false), -1);
	assert_int_equal(weight_grams("1e3", false), -1);
	assert_int_equal(weight_grams("-1", false), -1);
	assert_int_equal(weight_grams(NULL, false), -1);
	assert_int_equal(weight_grams("99999999999", false), -1);
	/* a pound is 453.59237 g, rounded to the gram */
	assert_int_equal(weight_grams("1", true), 454);
	assert_int_equal(weight_grams("3.5", true), 1588);
	assert_int_equal(weight_grams("66.1", true), 29982);
	assert_int_equal(weight_grams("66.2", true), -1);
	assert_int_equal(weight_grams("0.001", true), -1);	/* 0.45 g */
	assert_int_equal(weight_grams("0.002", true), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(weights),
		cmocka_unit_test(utf8),
		cmocka_unit_test(emails),
	};

	return cmocka_run_group_tests_name("valid", tests, NULL, NULL);
}
