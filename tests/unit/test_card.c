/* test_card -- Luhn, brands, expiry, CVV, the test gateway and the
 * leaked-number scanner. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "returns/card.h"

#define NOV26	1795651200	/* 2026-11-26 00:00:00 UTC */
#define DEC01	1796083200	/* 2026-12-01 00:00:00 UTC */
#define JAN01	1798761600	/* 2027-01-01 00:00:00 UTC */

/* card_check() with a far expiry and the right CVV length. */
static enum card_err
number(const char *n, struct card_info *ci)
{
	char d[64];
	size_t j = 0;

	/* card_brand_of() wants digits only */
	for (const char *p = n; *p != '\0' && j < sizeof(d) - 1; p++)
		if (*p >= '0' && *p <= '9')
			d[j++] = *p;
	d[j] = '\0';
	return card_check(n, "12", "2030",
	    card_brand_of(d) == CARD_AMEX ? "1234" : "123", NOV26, ci, NULL);
}

static void
luhn(void **state)
{
	(void)state;
	assert_true(luhn_valid("4111111111111111"));
	assert_true(luhn_valid("5555555555554444"));
	assert_true(luhn_valid("2223003122003222"));
	assert_true(luhn_valid("378282246310005"));
	assert_true(luhn_valid("6011111111111117"));
	assert_true(luhn_valid("4000000000000002"));
	assert_false(luhn_valid("4111111111111112"));
	assert_false(luhn_valid("5555555555554445"));
	assert_false(luhn_valid("378282246310006"));
	assert_false(luhn_valid("1234567890123"));
	assert_false(luhn_valid("4111 1111 1111 1111"));
	assert_false(luhn_valid("4111a11111111111"));
	assert_false(luhn_valid(""));
	assert_false(luhn_valid(NULL));
}

static void
brands(void **state)
{
	(void)state;
	assert_int_equal(card_brand_of("4111111111111111"), CARD_VISA);
	assert_int_equal(card_brand_of("5100000000000008"), CARD_MASTERCARD);
	assert_int_equal(card_brand_of("5500000000000004"), CARD_MASTERCARD);
	assert_int_equal(card_brand_of("2221000000000009"), CARD_MASTERCARD);
	assert_int_equal(card_brand_of("2720000000000005"), CARD_MASTERCARD);
	assert_int_equal(card_brand_of("2721000000000004"), CARD_UNKNOWN);
	assert_int_equal(card_brand_of("2220"), CARD_UNKNOWN);
	assert_int_equal(card_brand_of("5600000000000003"), CARD_UNKNOWN);
	assert_int_equal(card_brand_of("340000000000009"), CARD_AMEX);
	assert_int_equal(card_brand_of("378282246310005"), CARD_AMEX);
	assert_int_equal(card_brand_of("6011111111111117"), CARD_DISCOVER);
	assert_int_equal(card_brand_of("6445000000000000"), CARD_DISCOVER);
	assert_int_equal(card_brand_of("6500000000000002"), CARD_DISCOVER);
	assert_int_equal(card_brand_of("6000000000000007"), CARD_UNKNOWN);
	assert_int_equal(card_brand_of("3530111333300000"), CARD_UNKNOWN);
	assert_int_equal(card_brand_of(""), CARD_UNKNOWN);
	assert_int_equal(card_brand_of(NULL), CARD_UNKNOWN);

	assert_string_equal(card_brand_name(CARD_VISA), "visa");
	assert_string_equal(card_brand_name(CARD_MASTERCARD), "mastercard");
	assert_string_equal(card_brand_name(CARD_AMEX), "amex");
	assert_string_equal(card_brand_name(CARD_DISCOVER), "discover");
	assert_string_equal(card_brand_name(CARD_UNKNOWN), "unknown");

	assert_null(card_err_key(CARD_OK));
	assert_string_equal(card_err_key(CARD_NUMBER), "card.err.number");
	assert_string_equal(card_err_key(CARD_BRAND), "card.err.brand");
	assert_string_equal(card_err_key(CARD_EXPIRY), "card.err.expiry");
	assert_string_equal(card_err_key(CARD_EXPIRED), "card.err.expired");
	assert_string_equal(card_err_key(CARD_CVV), "card.err.cvv");
	assert_string_equal(card_err_key(CARD_DECLINED), "card.err.declined");
	assert_string_equal(card_err_key(CARD_GATEWAY), "card.err.gateway");
}

static void
numbers_and_lengths(void **state)
{
	struct card_info ci;

	(void)state;
	assert_int_equal(number("4111111111111111", &ci), CARD_OK);
	assert_int_equal(ci.brand, CARD_VISA);
	assert_string_equal(ci.last4, "1111");
	assert_int_equal(number("4222222222222", &ci), CARD_OK);	/* 13 */
	assert_string_equal(ci.last4, "2222");
	assert_int_equal(number("4000000000000000006", &ci), CARD_OK); /* 19 */
	assert_int_equal(number("400000000000006", NULL), CARD_NUMBER); /* 15 */
	assert_int_equal(number("5555555555554444", &ci), CARD_OK);
	assert_int_equal(ci.brand, CARD_MASTERCARD);
	assert_string_equal(ci.last4, "4444");
	assert_int_equal(number("2223003122003222", &ci), CARD_OK);
	assert_int_equal(ci.brand, CARD_MASTERCARD);
	assert_int_equal(number("378282246310005", &ci), CARD_OK);
	assert_int_equal(ci.brand, CARD_AMEX);
	assert_string_equal(ci.last4, "0005");
	assert_int_equal(number("3400000000000000", NULL), CARD_NUMBER); /* 16 */
	assert_int_equal(number("6011111111111117", &ci), CARD_OK);
	assert_int_equal(ci.brand, CARD_DISCOVER);
	assert_int_equal(number("6011000000000000001", &ci), CARD_OK); /* 19 */
	assert_int_equal(ci.brand, CARD_DISCOVER);
	assert_int_equal(number("6500000000000002", &ci), CARD_OK);

	/* bad Luhn, bad characters, too short or too long */
	assert_int_equal(number("4111111111111112", NULL), CARD_NUMBER);
	assert_int_equal(number("4111.1111.1111.1111", NULL), CARD_NUMBER);
	assert_int_equal(number("4111111111111111x", NULL), CARD_NUMBER);
	assert_int_equal(number("411111111116", NULL), CARD_NUMBER);
	assert_int_equal(number("41111111111111111111", NULL), CARD_NUMBER);
	assert_int_equal(number("", NULL), CARD_NUMBER);
	assert_int_equal(card_check(NULL, "12", "2030", "123", NOV26, NULL,
	    NULL), CARD_NUMBER);
	/* valid numbers of brands we do not take */
	assert_int_equal(number("3530111333300000", NULL), CARD_BRAND);
	assert_int_equal(number("2721000000000004", NULL), CARD_BRAND);
	assert_int_equal(number("6000000000000007", NULL), CARD_BRAND);
}

static void
separators(void **state)
{
	struct card_info ci;
	const char *which = "x";

	(void)state;
	assert_int_equal(card_check("4111 1111 1111 1111", "12", "30", "123",
	    NOV26, &ci, &which), CARD_OK);
	assert_null(which);
	assert_string_equal(ci.last4, "1111");
	assert_int_equal(number("4111-1111-1111-1111", &ci), CARD_OK);
	assert_int_equal(number(" 3782 822463 10005 ", &ci), CARD_OK);
	assert_int_equal(ci.brand, CARD_AMEX);
	assert_int_equal(number("4111\t1111 1111 1111", NULL), CARD_NUMBER);
}

static void
expiry(void **state)
{
	struct card_info ci = { CARD_UNKNOWN, "9999", 99, 99 };
	const char *which = NULL;

	(void)state;
	/* valid through the end of its month */
	assert_int_equal(card_check("4111111111111111", "11", "2026", "123",
	    NOV26, &ci, &which), CARD_OK);
	assert_int_equal(ci.exp_month, 11);
	assert_int_equal(ci.exp_year, 2026);
	assert_int_equal(card_check("4111111111111111", "11", "2026", "123",
	    DEC01 - 1, &ci, &which), CARD_OK);
	assert_int_equal(card_check("4111111111111111", "11", "2026", "123",
	    DEC01, &ci, &which), CARD_EXPIRED);
	assert_string_equal(which, "exp");
	/* expired last month */
	assert_int_equal(card_check("4111111111111111", "10", "26", "123",
	    NOV26, &ci, &which), CARD_EXPIRED);
	assert_string_equal(which, "exp");
	/* info untouched on a refusal */
	assert_int_equal(ci.exp_month, 11);

	/* 2- and 4-digit years, 1- and 2-digit months */
	assert_int_equal(card_check("4111111111111111", "1", "27", "123",
	    NOV26, &ci, NULL), CARD_OK);
	assert_int_equal(ci.exp_month, 1);
	assert_int_equal(ci.exp_year, 2027);
	assert_int_equal(card_check("4111111111111111", "01", "2027", "123",
	    NOV26, &ci, NULL), CARD_OK);
	assert_int_equal(ci.exp_month, 1);
	assert_int_equal(ci.exp_year, 2027);
	assert_int_equal(card_check("4111111111111111", "12", "46", "123",
	    NOV26, &ci, NULL), CARD_OK);

	/* malformed */
	assert_int_equal(card_check("4111111111111111", "13", "2027", "123",
	    NOV26, &ci, &which), CARD_EXPIRY);
	assert_string_equal(which, "exp");
	assert_int_equal(card_check("4111111111111111", "0", "2027", "123",
	    NOV26, &ci, NULL), CARD_EXPIRY);
	assert_int_equal(card_check("4111111111111111", "00", "2027", "123",
	    NOV26, &ci, NULL), CARD_EXPIRY);
	assert_int_equal(card_check("4111111111111111", "012", "2027", "123",
	    NOV26, &ci, NULL), CARD_EXPIRY);
	assert_int_equal(card_check("4111111111111111", "", "2027", "123",
	    NOV26, &ci, NULL), CARD_EXPIRY);
	assert_int_equal(card_check("4111111111111111", "1a", "2027", "123",
	    NOV26, &ci, NULL), CARD_EXPIRY);
	assert_int_equal(card_check("4111111111111111", "12", "7", "123",
	    NOV26, &ci, NULL), CARD_EXPIRY);
	assert_int_equal(card_check("4111111111111111", "12", "027", "123",
	    NOV26, &ci, NULL), CARD_EXPIRY);
	assert_int_equal(card_check("4111111111111111", "12", "20277", "123",
	    NOV26, &ci, NULL), CARD_EXPIRY);
	assert_int_equal(card_check("4111111111111111", "12", "1999", "123",
	    NOV26, &ci, NULL), CARD_EXPIRY);
	assert_int_equal(card_check("4111111111111111", "12", "2047", "123",
	    NOV26, &ci, NULL), CARD_EXPIRY);
	assert_int_equal(card_check("4111111111111111", "12", NULL, "123",
	    NOV26, &ci, NULL), CARD_EXPIRY);
}

static void
valid_at_and_days_left(void **state)
{
	(void)state;
	assert_true(card_valid_at(11, 2026, NOV26));
	assert_true(card_valid_at(11, 2026, DEC01 - 1));
	assert_false(card_valid_at(11, 2026, DEC01));
	assert_false(card_valid_at(10, 2026, NOV26));
	assert_true(card_valid_at(12, 2026, JAN01 - 1));
	assert_false(card_valid_at(12, 2026, JAN01));
	assert_true(card_valid_at(1, 2027, JAN01));
	assert_false(card_valid_at(0, 2027, NOV26));
	assert_false(card_valid_at(13, 2027, NOV26));

	assert_int_equal(card_days_left(11, 2026, NOV26), 5);
	assert_int_equal(card_days_left(11, 2026, NOV26 + 3600), 5);
	assert_int_equal(card_days_left(11, 2026, DEC01 - 1), 1);
	assert_int_equal(card_days_left(11, 2026, DEC01), 0);
	assert_int_equal(card_days_left(10, 2026, NOV26), -25);
	assert_int_equal(card_days_left(12, 2026, NOV26), 36);
	assert_int_equal(card_days_left(2, 2028, NOV26), 461);	/* leap */
	assert_int_equal(card_days_left(13, 2026, NOV26), 0);
	/* no overflow at the extremes */
	assert_true(card_days_left(12, 2030, INT64_MIN) > 0);
	assert_true(card_days_left(12, 2030, INT64_MAX) < 0);
}

static void
cvv(void **state)
{
	const char *which = NULL;

	(void)state;
	assert_int_equal(card_check("4111111111111111", "12", "30", "123",
	    NOV26, NULL, &which), CARD_OK);
	assert_int_equal(card_check("4111111111111111", "12", "30", "1234",
	    NOV26, NULL, &which), CARD_CVV);
	assert_string_equal(which, "cvv");
	assert_int_equal(card_check("4111111111111111", "12", "30", "12",
	    NOV26, NULL, NULL), CARD_CVV);
	assert_int_equal(card_check("4111111111111111", "12", "30", "12a",
	    NOV26, NULL, NULL), CARD_CVV);
	assert_int_equal(card_check("4111111111111111", "12", "30", " 123",
	    NOV26, NULL, NULL), CARD_CVV);
	assert_int_equal(card_check("4111111111111111", "12", "30", NULL,
	    NOV26, NULL, NULL), CARD_CVV);
	assert_int_equal(card_check("378282246310005", "12", "30", "1234",
	    NOV26, NULL, NULL), CARD_OK);
	assert_int_equal(card_check("378282246310005", "12", "30", "123",
	    NOV26, NULL, &which), CARD_CVV);
	assert_string_equal(which, "cvv");
	/* the number is checked first */
	assert_int_equal(card_check("4111111111111112", "13", "30", "1",
	    NOV26, NULL, &which), CARD_NUMBER);
	assert_string_equal(which, "number");
}

static bool
is_hex(const char *s)
{
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return false;
	return true;
}

static void
test_gateway(void **state)
{
	struct card_info ci = { CARD_UNKNOWN, "", 0, 0 };
	char tok[CARD_TOKEN_MAX], tok2[CARD_TOKEN_MAX], small[41];
	const char *which = "x";

	(void)state;
	assert_ptr_equal(gateway_default(), &gateway_test);
	assert_string_equal(gateway_test.name, "test");

	assert_int_equal(card_tokenize(NULL, "4111 1111 1111 1111", "12",
	    "2030", "123", NOV26, &ci, tok, sizeof(tok), &which), CARD_OK);
	assert_null(which);
	assert_int_equal(strlen(tok), 41);
	assert_memory_equal(tok, "tok_test_", 9);
	assert_true(is_hex(tok + 9));
	assert_null(strstr(tok, "4111111111111111"));
	assert_null(strstr(tok, "4111 1111"));
	assert_int_equal(ci.brand, CARD_VISA);
	assert_string_equal(ci.last4, "1111");
	assert_int_equal(ci.exp_month, 12);
	assert_int_equal(ci.exp_year, 2030);
	assert_int_equal(card_tokenize(&gateway_test, "5555555555554444",
	    "12", "2030", "123", NOV26, &ci, tok2, sizeof(tok2), NULL),
	    CARD_OK);
	assert_string_not_equal(tok, tok2);

	/* the refusal */
	ci.brand = CARD_UNKNOWN;
	assert_int_equal(card_tokenize(NULL, "4000 0000 0000 0002", "12",
	    "2030", "123", NOV26, &ci, tok, sizeof(tok), &which),
	    CARD_DECLINED);
	assert_string_equal(which, "number");
	assert_string_equal(tok, "");
	assert_int_equal(ci.brand, CARD_UNKNOWN);

	/* checked before the gateway sees it */
	assert_int_equal(card_tokenize(NULL, "4111111111111111", "12",
	    "2030", "12", NOV26, &ci, tok, sizeof(tok), &which), CARD_CVV);
	assert_string_equal(which, "cvv");
	assert_string_equal(tok, "");

	/* no room for the token: the gateway's fault, not the card's */
	assert_int_equal(card_tokenize(NULL, "4111111111111111", "12",
	    "2030", "123", NOV26, &ci, small, sizeof(small), &which),
	    CARD_GATEWAY);
	assert_null(which);
	assert_string_equal(small, "");
	assert_int_equal(card_tokenize(NULL, "4111111111111111", "12",
	    "2030", "123", NOV26, &ci, NULL, 0, &which), CARD_GATEWAY);
}

/* A gateway that shows what it was given, and answers what it is told. */
static char		seen[32];
static enum card_err	answer;

static enum card_err
fake_tokenize(const char *digits, const struct card_info *ci, char *token,
    size_t tokenlen)
{
	(void)ci;
	snprintf(seen, sizeof(seen), "%s", digits);
	if (answer == CARD_OK)
		memset(token, 'x', tokenlen);	/* no NUL */
	return answer;
}

static const struct gateway fake = { "fake", fake_tokenize };

static void
other_gateways(void **state)
{
	char tok[CARD_TOKEN_MAX];
	const char *which = NULL;

	(void)state;
	answer = CARD_CVV;
	assert_int_equal(card_tokenize(&fake, "4111-1111-1111-1111", "12",
	    "2030", "123", NOV26, NULL, tok, sizeof(tok), &which), CARD_CVV);
	assert_string_equal(seen, "4111111111111111");
	assert_string_equal(which, "cvv");
	assert_string_equal(tok, "");
	/* a token without its NUL is not a token */
	answer = CARD_OK;
	assert_int_equal(card_tokenize(&fake, "4111111111111111", "12",
	    "2030", "123", NOV26, NULL, tok, sizeof(tok), &which),
	    CARD_GATEWAY);
	assert_string_equal(tok, "");
}

static void
leaked_numbers(void **state)
{
	(void)state;
	assert_true(has_card_number("4111111111111111"));
	assert_true(has_card_number("card: 4111 1111 1111 1111, thanks"));
	assert_true(has_card_number("<td>4111-1111-1111-1111</td>"));
	assert_true(has_card_number("x=378282246310005&y=1"));
	assert_true(has_card_number("3782 822463 10005"));
	assert_true(has_card_number("a4000000000000002b"));
	/* next to other numbers */
	assert_true(has_card_number("order 12 4111 1111 1111 1111"));
	assert_true(has_card_number("2026-11-26 4111111111111111 x"));
	assert_true(has_card_number("4111 1111 1111 1111 12"));

	assert_false(has_card_number("1234567890123"));	/* not Luhn */
	assert_false(has_card_number("411111111111"));	/* 12 digits */
	assert_false(has_card_number("4111 1111 1111"));
	assert_false(has_card_number("4111111111111112"));
	assert_false(has_card_number("4111  1111 1111 1111"));
	assert_false(has_card_number("4111 1111 - 1111 1111"));
	assert_false(has_card_number("1795651200 1795651200"));
	assert_false(has_card_number("2026-11-26T15:00:00Z +1 613-555-0100"));
	assert_false(has_card_number("visa 1111 12/2030"));
	assert_false(has_card_number(""));
	assert_false(has_card_number(NULL));
}

/* each field checked on its own: a form says every mistake at once */
static void
fields_on_their_own(void **state)
{
	enum card_err e[3];
	int64_t now = 1795705200;	/* 2026-11-26 */

	(void)state;
	assert_false(card_check_fields("4111 1111 1111 1112", "01", "2020",
	    "12", now, e));
	assert_int_equal(e[0], CARD_NUMBER);
	assert_int_equal(e[1], CARD_EXPIRED);
	assert_int_equal(e[2], CARD_CVV);
	assert_false(card_check_fields("378282246310005", "13", "2031", "123",
	    now, e));
	assert_int_equal(e[0], CARD_OK);
	assert_int_equal(e[1], CARD_EXPIRY);
	assert_int_equal(e[2], CARD_CVV);	/* Amex: 4 digits */
	assert_false(card_check_fields("6011", "12", "2031", "1234", now, e));
	assert_int_equal(e[0], CARD_NUMBER);
	assert_int_equal(e[1], CARD_OK);
	assert_int_equal(e[2], CARD_OK);
	assert_true(card_check_fields("4111-1111-1111-1111", "12", "31",
	    "123", now, e));
	assert_int_equal(e[0] | e[1] | e[2], CARD_OK);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(fields_on_their_own),
		cmocka_unit_test(luhn),
		cmocka_unit_test(brands),
		cmocka_unit_test(numbers_and_lengths),
		cmocka_unit_test(separators),
		cmocka_unit_test(expiry),
		cmocka_unit_test(valid_at_and_days_left),
		cmocka_unit_test(cvv),
		cmocka_unit_test(test_gateway),
		cmocka_unit_test(other_gateways),
		cmocka_unit_test(leaked_numbers),
	};

	return cmocka_run_group_tests_name("card", tests, NULL, NULL);
}
