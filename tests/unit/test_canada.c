/* test_canada -- provinces and postal codes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "returns/canada.h"

static void
provinces(void **state)
{
	size_t n;

	(void)state;
	for (n = 0; canada_provinces[n] != NULL; n++)
		assert_true(canada_province_valid(canada_provinces[n]));
	assert_int_equal(n, 13);
	assert_true(canada_province_valid("ON"));
	assert_true(canada_province_valid("QC"));
	assert_true(canada_province_valid("NU"));
	assert_false(canada_province_valid("on"));
	assert_false(canada_province_valid("ON "));
	assert_false(canada_province_valid("PQ"));
	assert_false(canada_province_valid("XX"));
	assert_false(canada_province_valid(""));
	assert_false(canada_province_valid(NULL));
}

static void
postal_codes(void **state)
{
	char out[8], buf[8];

	(void)state;
	assert_true(canada_postal_normalize("k1a 0b1", out));
	assert_string_equal(out, "K1A 0B1");
	assert_true(canada_postal_normalize("K1A0B1", out));
	assert_string_equal(out, "K1A 0B1");
	assert_true(canada_postal_normalize("h2x1y4", out));
	assert_string_equal(out, "H2X 1Y4");
	assert_true(canada_postal_normalize("K1W 0Z1", out)); /* W, Z later */
	assert_true(canada_postal_normalize("X0A 0H0", out));

	assert_false(canada_postal_normalize("D1A 0B1", out));
	assert_string_equal(out, "");
	assert_false(canada_postal_normalize("W1A 0B1", out));
	assert_false(canada_postal_normalize("Z1A 0B1", out));
	assert_false(canada_postal_normalize("K1O 0B1", out));
	assert_false(canada_postal_normalize("K1A 0Q1", out));
	assert_false(canada_postal_normalize("K1A 0B", out));
	assert_false(canada_postal_normalize("K1A 0B12", out));
	assert_false(canada_postal_normalize("K1A  0B1", out));
	assert_false(canada_postal_normalize("K1A-0B1", out));
	assert_false(canada_postal_normalize(" K1A 0B1", out));
	assert_false(canada_postal_normalize("K1A 0B1 ", out));
	assert_false(canada_postal_normalize("KKA 0B1", out));
	assert_false(canada_postal_normalize("K1A B01", out));
	assert_false(canada_postal_normalize("12345", out));
	assert_false(canada_postal_normalize("", out));
	assert_false(canada_postal_normalize(NULL, out));

	/* in place */
	memcpy(buf, "m5v3l9", 7);
	assert_true(canada_postal_normalize(buf, buf));
	assert_string_equal(buf, "M5V 3L9");
}

static void
postal_provinces(void **state)
{
	(void)state;
	assert_true(canada_postal_matches_province("K1A 0B1", "ON"));
	assert_true(canada_postal_matches_province("k1a0b1", "ON"));
	assert_true(canada_postal_matches_province("M5V 3L9", "ON"));
	assert_true(canada_postal_matches_province("P3A 1A1", "ON"));
	assert_true(canada_postal_matches_province("H2X 1Y4", "QC"));
	assert_true(canada_postal_matches_province("G1R 4P5", "QC"));
	assert_true(canada_postal_matches_province("J4K 2T1", "QC"));
	assert_true(canada_postal_matches_province("A1C 5M2", "NL"));
	assert_true(canada_postal_matches_province("B3H 1A1", "NS"));
	assert_true(canada_postal_matches_province("C1A 4P3", "PE"));
	assert_true(canada_postal_matches_province("E1C 4M3", "NB"));
	assert_true(canada_postal_matches_province("R3C 4T3", "MB"));
	assert_true(canada_postal_matches_province("S4P 3V7", "SK"));
	assert_true(canada_postal_matches_province("T2P 1J9", "AB"));
	assert_true(canada_postal_matches_province("V6B 4Y8", "BC"));
	assert_true(canada_postal_matches_province("X1A 2P7", "NT"));
	assert_true(canada_postal_matches_province("X0A 0H0", "NU"));
	assert_true(canada_postal_matches_province("Y1A 2C6", "YT"));

	assert_false(canada_postal_matches_province("K1A 0B1", "QC"));
	assert_false(canada_postal_matches_province("H2X 1Y4", "ON"));
	assert_false(canada_postal_matches_province("X1A 2P7", "YT"));
	assert_false(canada_postal_matches_province("K1A 0B1", "on"));
	assert_false(canada_postal_matches_province("K1A 0B", "ON"));
	assert_false(canada_postal_matches_province("D1A 0B1", "ON"));
	assert_false(canada_postal_matches_province(NULL, "ON"));
	assert_false(canada_postal_matches_province("K1A 0B1", NULL));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(provinces),
		cmocka_unit_test(postal_codes),
		cmocka_unit_test(postal_provinces),
	};

	return cmocka_run_group_tests_name("canada", tests, NULL, NULL);
}
