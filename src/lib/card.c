/* card.c -- see include/returns/card.h.
 *
 * The digits of a card number only ever live in a local char[CARD_DIGITS]
 * that is wiped before the function that owns it returns. Nothing here
 * logs.
 */
#include <limits.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "returns/card.h"
#include "returns/crypto.h"

#define CARD_MINLEN	13
#define CARD_MAXLEN	19
#define CARD_DIGITS	(CARD_MAXLEN + 1)
#define EXP_YEARS_AHEAD	20	/* a later expiry year is a typo */
#define DAY		86400

#define TEST_PREFIX	"tok_test_"
#define TEST_RANDOM	16	/* bytes, 32 hex characters */
#define TEST_DECLINE	"4000000000000002"

static bool
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* Days since 1970-01-01 of y-m-d in the proleptic Gregorian calendar
 * (H. Hinnant's days_from_civil). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The year a day (since 1970-01-01) falls in. */
static int64_t
year_of_day(int64_t z)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	return yoe + era * 400 + (mp >= 10);
}

/* floor(now / DAY), also for times before 1970. */
static int64_t
day_of(int64_t now)
{
	return now / DAY - (now % DAY < 0);
}

const char *
card_brand_name(enum card_brand b)
{
	switch (b) {
	case CARD_VISA:
		return "visa";
	case CARD_MASTERCARD:
		return "mastercard";
	case CARD_AMEX:
		return "amex";
	case CARD_DISCOVER:
		return "discover";
	default:
		return "unknown";
	}
}

/* The number the first n characters make, -1 when they are not all
 * digits. */
static int
prefix(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!is_digit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

enum card_brand
card_brand_of(const char *d)
{
	int p2, p3, p4;

	if (d == NULL || d[0] == '\0')
		return CARD_UNKNOWN;
	p2 = prefix(d, 2);
	p3 = prefix(d, 3);
	p4 = prefix(d, 4);
	if (d[0] == '4')
		return CARD_VISA;
	if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720))
		return CARD_MASTERCARD;
	if (p2 == 34 || p2 == 37)
		return CARD_AMEX;
	if (p4 == 6011 || (p3 >= 644 && p3 <= 649) || p2 == 65)
		return CARD_DISCOVER;
	return CARD_UNKNOWN;
}

static bool
length_ok(enum card_brand b, size_t n)
{
	switch (b) {
	case CARD_VISA:
		return n == 13 || n == 16 || n == 19;
	case CARD_MASTERCARD:
		return n == 16;
	case CARD_AMEX:
		return n == 15;
	case CARD_DISCOVER:
		return n >= 16 && n <= 19;
	default:
		return false;
	}
}

const char *
card_err_key(enum card_err e)
{
	switch (e) {
	case CARD_NUMBER:
		return "card.err.number";
	case CARD_BRAND:
		return "card.err.brand";
	case CARD_EXPIRY:
		return "card.err.expiry";
	case CARD_EXPIRED:
		return "card.err.expired";
	case CARD_CVV:
		return "card.err.cvv";
	case CARD_DECLINED:
		return "card.err.declined";
	case CARD_GATEWAY:
		return "card.err.gateway";
	default:
		return NULL;
	}
}

/* The form field a refusal belongs next to. */
static const char *
field_of(enum card_err e)
{
	switch (e) {
	case CARD_NUMBER:
	case CARD_BRAND:
	case CARD_DECLINED:
		return "number";
	case CARD_EXPIRY:
	case CARD_EXPIRED:
		return "exp";
	case CARD_CVV:
		return "cvv";
	default:
		return NULL;
	}
}

bool
luhn_valid(const char *d)
{
	size_t n;
	unsigned sum = 0;

	if (d == NULL || (n = strlen(d)) == 0)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned c = (unsigned char)d[n - 1 - i];

		if (!is_digit(c))
			return false;
		c -= '0';
		if (i % 2 == 1) {
			c *= 2;
			if (c > 9)
				c -= 9;
		}
		sum = (sum + c) % 10;
	}
	return sum == 0;
}

/* Exactly minlen to maxlen digits (maxlen < 10) into *v. */
static bool
parse_digits(const char *s, size_t minlen, size_t maxlen, int *v, size_t *len)
{
	size_t n;
	int x = 0;

	if (s == NULL)
		return false;
	for (n = 0; s[n] != '\0'; n++) {
		if (n == maxlen || !is_digit((unsigned char)s[n]))
			return false;
		x = x * 10 + (s[n] - '0');
	}
	if (n < minlen)
		return false;
	*v = x;
	if (len != NULL)
		*len = n;
	return true;
}

/* Exactly n digits; looks at them without keeping a copy (the CVV). */
static bool
just_digits(const char *s, size_t n)
{
	size_t i;

	if (s == NULL)
		return false;
	for (i = 0; s[i] != '\0'; i++)
		if (i == n || !is_digit((unsigned char)s[i]))
			return false;
	return i == n;
}

bool
card_valid_at(int exp_month, int exp_year, int64_t now)
{
	return card_days_left(exp_month, exp_year, now) > 0;
}

int
card_days_left(int exp_month, int exp_year, int64_t now)
{
	int64_t end, left;

	if (exp_month < 1 || exp_month > 12)
		return 0;
	/* valid until the first day of the next month, 00:00 UTC */
	if (exp_month == 12)
		end = days_from_civil((int64_t)exp_year + 1, 1, 1);
	else
		end = days_from_civil(exp_year, exp_month + 1, 1);
	/* end is midnight, so ceil((end * DAY - now) / DAY) is this */
	left = end - day_of(now);
	if (left > INT_MAX)
		return INT_MAX;
	if (left < INT_MIN)
		return INT_MIN;
	return (int)left;
}

/* card_check() leaving the number's digits in `digits` for the gateway;
 * the caller wipes them whatever the result. */
static enum card_err
check(const char *number, const char *exp_month, const char *exp_year,
    const char *cvv, int64_t now, struct card_info *info,
    char digits[CARD_DIGITS])
{
	enum card_brand brand;
	size_t n = 0, ylen;
	int month, year;

	digits[0] = '\0';
	if (number == NULL)
		return CARD_NUMBER;
	for (const char *p = number; *p != '\0'; p++) {
		if (is_digit((unsigned char)*p)) {
			if (n == CARD_MAXLEN)
				return CARD_NUMBER;
			digits[n++] = *p;
		} else if (*p != ' ' && *p != '-')
			return CARD_NUMBER;
	}
	digits[n] = '\0';
	if (n < CARD_MINLEN || !luhn_valid(digits))
		return CARD_NUMBER;
	if ((brand = card_brand_of(digits)) == CARD_UNKNOWN)
		return CARD_BRAND;
	if (!length_ok(brand, n))
		return CARD_NUMBER;

	if (!parse_digits(exp_month, 1, 2, &month, NULL) ||
	    month < 1 || month > 12)
		return CARD_EXPIRY;
	if (!parse_digits(exp_year, 2, 4, &year, &ylen) || ylen == 3)
		return CARD_EXPIRY;
	if (ylen == 2)
		year += 2000;
	else if (year < 2000 || year > 2099)
		return CARD_EXPIRY;
	if (year > year_of_day(day_of(now)) + EXP_YEARS_AHEAD)
		return CARD_EXPIRY;
	if (!card_valid_at(month, year, now))
		return CARD_EXPIRED;

	if (!just_digits(cvv, brand == CARD_AMEX ? 4 : 3))
		return CARD_CVV;

	info->brand = brand;
	memcpy(info->last4, digits + n - 4, 5);
	info->exp_month = month;
	info->exp_year = year;
	return CARD_OK;
}

bool
card_check_fields(const char *number, const char *exp_month,
    const char *exp_year, const char *cvv, int64_t now, enum card_err errs[3])
{
	char digits[CARD_DIGITS], month[3], year[12];
	struct card_info ci;
	struct tm tm;
	time_t t = (time_t)now;
	enum card_brand brand = CARD_UNKNOWN;
	enum card_err e;

	/* a good expiry and CVV beside each field in turn: the first
	 * failure of check() is then that field's own */
	gmtime_r(&t, &tm);
	snprintf(month, sizeof(month), "12");
	snprintf(year, sizeof(year), "%04d", tm.tm_year + 1900 + 1);
	e = check(number, month, year, "000", now, &ci, digits);
	if (e == CARD_CVV)	/* the number is good: an Amex wants 4 */
		e = check(number, month, year, "0000", now, &ci, digits);
	errs[0] = e == CARD_NUMBER || e == CARD_BRAND ? e : CARD_OK;
	if (errs[0] == CARD_OK)
		brand = ci.brand;
	e = check("4111111111111111", exp_month, exp_year, "000", now, &ci,
	    digits);
	errs[1] = e == CARD_EXPIRY || e == CARD_EXPIRED ? e : CARD_OK;
	if (brand == CARD_UNKNOWN)
		errs[2] = just_digits(cvv, 3) || just_digits(cvv, 4) ?
		    CARD_OK : CARD_CVV;
	else
		errs[2] = just_digits(cvv, brand == CARD_AMEX ? 4 : 3) ?
		    CARD_OK : CARD_CVV;
	sodium_memzero(digits, sizeof(digits));
	return errs[0] == CARD_OK && errs[1] == CARD_OK && errs[2] == CARD_OK;
}

enum card_err
card_check(const char *number, const char *exp_month, const char *exp_year,
    const char *cvv, int64_t now, struct card_info *info, const char **which)
{
	char digits[CARD_DIGITS];
	struct card_info ci;
	enum card_err err;

	err = check(number, exp_month, exp_year, cvv, now, &ci, digits);
	sodium_memzero(digits, sizeof(digits));
	if (err == CARD_OK && info != NULL)
		*info = ci;
	if (which != NULL)
		*which = field_of(err);
	return err;
}

enum card_err
card_tokenize(const struct gateway *gw, const char *number,
    const char *exp_month, const char *exp_year, const char *cvv,
    int64_t now, struct card_info *info, char *token, size_t tokenlen,
    const char **which)
{
	char digits[CARD_DIGITS];
	struct card_info ci;
	enum card_err err;

	if (token == NULL)
		tokenlen = 0;
	err = check(number, exp_month, exp_year, cvv, now, &ci, digits);
	if (err != CARD_OK)
		goto fail;
	if (tokenlen == 0) {
		err = CARD_GATEWAY;
		goto fail;
	}
	if (gw == NULL)
		gw = gateway_default();
	token[0] = '\0';
	err = gw->tokenize(digits, &ci, token, tokenlen);
	/* the gateway is someone else's code: check its NUL */
	if (err == CARD_OK && memchr(token, '\0', tokenlen) == NULL)
		err = CARD_GATEWAY;
	if (err != CARD_OK)
		goto fail;
	if (info != NULL)
		*info = ci;
fail:
	sodium_memzero(digits, sizeof(digits));
	if (err != CARD_OK && tokenlen > 0)
		token[0] = '\0';
	if (which != NULL)
		*which = field_of(err);
	return err;
}

static enum card_err
test_tokenize(const char *digits, const struct card_info *info, char *token,
    size_t tokenlen)
{
	char hex[2 * TEST_RANDOM + 1];

	(void)info;
	if (token != NULL && tokenlen > 0)
		token[0] = '\0';
	if (digits == NULL || token == NULL)
		return CARD_GATEWAY;
	if (strcmp(digits, TEST_DECLINE) == 0)
		return CARD_DECLINED;
	if (tokenlen < sizeof(TEST_PREFIX) - 1 + sizeof(hex))
		return CARD_GATEWAY;
	if (crypto_random_hex(hex, TEST_RANDOM) != E_OK)
		return CARD_GATEWAY;
	memcpy(token, TEST_PREFIX, sizeof(TEST_PREFIX) - 1);
	memcpy(token + sizeof(TEST_PREFIX) - 1, hex, sizeof(hex));
	return CARD_OK;
}

const struct gateway gateway_test = { "test", test_tokenize };

const struct gateway *
gateway_default(void)
{
	return &gateway_test;
}

bool
has_card_number(const char *text)
{
	char d[CARD_DIGITS];
	bool found = false;

	if (text == NULL)
		return false;
	for (const char *s = text; *s != '\0'; s++) {
		const char *p = s;
		size_t n = 0;

		/* each group of digits starts a candidate ... */
		if (!is_digit((unsigned char)*s) ||
		    (s > text && is_digit((unsigned char)s[-1])))
			continue;
		/* ... that grows by whole groups while it fits */
		for (;;) {
			if (is_digit((unsigned char)*p)) {
				if (n == CARD_MAXLEN)
					break;
				d[n++] = *p++;
				continue;
			}
			d[n] = '\0';
			if (n >= CARD_MINLEN && luhn_valid(d)) {
				found = true;
				goto done;
			}
			if ((*p == ' ' || *p == '-') &&
			    is_digit((unsigned char)p[1])) {
				p++;
				continue;
			}
			break;
		}
	}
done:
	sodium_memzero(d, sizeof(d));
	return found;
}
