/* tracknum.c -- see include/returns/tracknum.h. */
#include <stdio.h>
#include <string.h>

#include "returns/tracknum.h"

static bool
all_digits(const char *s, size_t n)
{
	return strlen(s) == n && strspn(s, "0123456789") == n;
}

int
tracknum_check_digit(const char *s)
{
	int sum = 0;

	if (!all_digits(s, 15))
		return -1;
	for (int i = 14, dbl = 1; i >= 0; i--, dbl = !dbl) {
		int d = s[i] - '0';
		if (dbl && (d *= 2) > 9)
			d -= 9;
		sum += d;
	}
	return (10 - sum % 10) % 10;
}

bool
tracknum_valid(const char *s)
{
	char first[16];

	if (s == NULL || !all_digits(s, TRACKNUM_LEN))
		return false;
	memcpy(first, s, 15);
	first[15] = '\0';
	return tracknum_check_digit(first) == s[15] - '0';
}

bool
tracknum_make(const char *header, int64_t seq, char out[17])
{
	if (!all_digits(header, 7) || seq < 0 || seq > 99999999)
		return false;
	snprintf(out, 17, "%s%08lld", header, (long long)seq);
	out[15] = (char)('0' + tracknum_check_digit(out));
	out[16] = '\0';
	return true;
}

bool
tracknum_pin_shape(const char *s)
{
	size_t n = strlen(s);

	return n >= 11 && n <= 16 &&
	    strspn(s, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") == n;
}
