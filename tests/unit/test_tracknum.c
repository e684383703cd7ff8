/* test_tracknum -- tracking numbers: 7-digit header, 8-digit sequence,
 * mod-10 check digit. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "returns/tracknum.h"

static void
check_digit(void **state)
{
	(void)state;
	/* 702321000000001, from the right, every second digit doubled
	 * starting with the last: 2+1+4+3+4+(14-9) = 19 -> 1 */
	assert_int_equal(tracknum_check_digit("702321000000001"), 1);
	assert_int_equal(tracknum_check_digit("000000000000000"), 0);
	assert_int_equal(tracknum_check_digit("12345"), -1);
	assert_int_equal(tracknum_check_digit("70232100000000a"), -1);
}

static void
make_and_validate(void **state)
{
	char t[17];

	(void)state;
	assert_true(tracknum_make("7023210", 1, t));
	assert_string_equal(t, "7023210000000011");
	assert_true(tracknum_valid(t));
	assert_true(tracknum_make("7023210", 99999999, t));
	assert_int_equal(strlen(t), 16);
	assert_true(tracknum_valid(t));
	/* every single-digit change is caught */
	for (int i = 0; i < 16; i++) {
		char u[17];
		memcpy(u, t, 17);
		u[i] = (char)('0' + (u[i] - '0' + 1) % 10);
		assert_false(tracknum_valid(u));
	}
	assert_false(tracknum_make("702321", 1, t));
	assert_false(tracknum_make("7023210", 100000000, t));
	assert_false(tracknum_make("7023210", -1, t));
	assert_false(tracknum_valid("702321000000001"));
	assert_false(tracknum_valid("70232100000000180"));
	assert_false(tracknum_valid(NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(check_digit),
		cmocka_unit_test(make_and_validate),
	};

	return cmocka_run_group_tests_name("tracknum", tests, NULL, NULL);
}
