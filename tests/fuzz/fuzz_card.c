/* fuzz_card.c -- card_check(), card_tokenize() with the test gateway,
 * card_days_left()/card_valid_at(), luhn_valid(), has_card_number().
 *
 * Input: 8 bytes of `now` (any int64), 4+4 bytes of a month and year for
 * card_days_left, a byte of token buffer size, then NUL-separated number,
 * month, year, cvv, and a text for has_card_number. Checks what card.h
 * promises: on CARD_OK the info is sane and still valid at now, `which`
 * names the failing field otherwise; a lone 13-19 digit Luhn-valid run is
 * found by has_card_number, and anything it finds is such a run. */
#include "fuzz.h"

#include "returns/card.h"

/* A run of 13..19 digits, split at most by single spaces or dashes
 * between digits, passing Luhn, somewhere in s (brute force). */
static bool
ref_has_card(const char *s)
{
	size_t n = strlen(s);

	for (size_t i = 0; i < n; i++) {
		char dg[20];
		size_t k = 0;

		for (size_t j = i; j < n && k < 19; j++) {
			if (s[j] >= '0' && s[j] <= '9')
				dg[k++] = s[j];
			else if (!((s[j] == ' ' || s[j] == '-') && k > 0 &&
			    j + 1 < n && s[j + 1] >= '0' && s[j + 1] <= '9'))
				break;
			else
				continue;
			dg[k] = '\0';
			if (k >= 13 && luhn_valid(dg))
				return true;
		}
	}
	return false;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fdp d = { data, size };
	int64_t now = (int64_t)fdp_u64(&d, 8);
	int em = (int)(uint32_t)fdp_u64(&d, 4), ey = (int)(uint32_t)fdp_u64(&d, 4);
	size_t tokenlen = fdp_u8(&d);
	char *number = fdp_str_or_null(&d, true), *month = fdp_str_or_null(&d, true),
	    *year = fdp_str_or_null(&d, true), *cvv = fdp_str_or_null(&d, true),
	    *text = fdp_str(&d);
	struct card_info info = { .brand = CARD_UNKNOWN }, info2;
	const char *which = "unset";
	char *token = malloc(tokenlen ? tokenlen : 1);
	enum card_err e, e2;
	char digits[20] = "";
	int left;

	left = card_days_left(em, ey, now);
	CHECK(card_valid_at(em, ey, now) == (left > 0));
	if (em < 1 || em > 12)
		CHECK(left == 0);

	e = card_check(number, month, year, cvv, now, &info, &which);
	if (e == CARD_OK) {
		size_t k = 0;

		CHECK(which == NULL && card_err_key(e) == NULL);
		CHECK(info.brand != CARD_UNKNOWN);
		CHECK(strcmp(card_brand_name(info.brand), "unknown") != 0);
		CHECK(strlen(info.last4) == 4);
		CHECK(info.exp_month >= 1 && info.exp_month <= 12);
		CHECK(info.exp_year >= 2000 && info.exp_year <= 2099);
		CHECK(card_valid_at(info.exp_month, info.exp_year, now));
		for (const char *p = number; *p; p++)
			if (*p >= '0' && *p <= '9') {
				CHECK(k < 19);
				digits[k++] = *p;
			} else
				CHECK(*p == ' ' || *p == '-');
		digits[k] = '\0';
		CHECK(k >= 13 && luhn_valid(digits));
		CHECK(strcmp(info.last4, digits + k - 4) == 0);
		CHECK(card_brand_of(digits) == info.brand);
		CHECK(has_card_number(digits));
	} else {
		CHECK(card_err_key(e) != NULL);
		CHECK(e >= CARD_NUMBER && e <= CARD_CVV);
		CHECK(which != NULL && (strcmp(which, "number") == 0 ||
		    strcmp(which, "exp") == 0 || strcmp(which, "cvv") == 0));
		CHECK(info.brand == CARD_UNKNOWN);	/* left alone */
	}

	/* the test gateway: the same verdict, then a token */
	e2 = card_tokenize(&gateway_test, number, month, year, cvv, now,
	    &info2, tokenlen ? token : NULL, tokenlen, &which);
	if (e != CARD_OK)
		CHECK(e2 == e);
	else if (tokenlen == 0)
		CHECK(e2 == CARD_GATEWAY && which == NULL);
	else if (strcmp(digits, "4000000000000002") == 0)
		CHECK(e2 == CARD_DECLINED && strcmp(which, "number") == 0);
	else if (tokenlen < 42)
		CHECK(e2 == CARD_GATEWAY && which == NULL);
	else
		CHECK(e2 == CARD_OK && strncmp(token, "tok_test_", 9) == 0 &&
		    strlen(token) == 41 && info2.brand == info.brand &&
		    strcmp(info2.last4, info.last4) == 0 &&
		    info2.exp_month == info.exp_month &&
		    info2.exp_year == info.exp_year);
	if (e2 != CARD_OK && tokenlen > 0)
		CHECK(token[0] == '\0');

	if (has_card_number(text))
		CHECK(ref_has_card(text));
	free(number);
	free(month);
	free(year);
	free(cvv);
	free(text);
	free(token);
	return 0;
}
