/* valid.c -- see include/returns/valid.h. */
#include <ctype.h>
#include <string.h>

#include "returns/valid.h"

bool
utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + n;

	while (p < e) {
		unsigned c = *p;
		size_t k;
		unsigned cp, min;

		if (c < 0x80) {
			p++;
			continue;
		} else if ((c & 0xe0) == 0xc0) {
			k = 1; cp = c & 0x1f; min = 0x80;
		} else if ((c & 0xf0) == 0xe0) {
			k = 2; cp = c & 0x0f; min = 0x800;
		} else if ((c & 0xf8) == 0xf0) {
			k = 3; cp = c & 0x07; min = 0x10000;
		} else
			return false;
		if ((size_t)(e - p) <= k)
			return false;
		for (size_t i = 1; i <= k; i++) {
			if ((p[i] & 0xc0) != 0x80)
				return false;
			cp = (cp << 6) | (p[i] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return false;
		p += k + 1;
	}
	return true;
}

size_t
utf8_len(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if ((*s & 0xc0) != 0x80)
			n++;
	return n;
}

bool
has_control(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if ((*p < 0x20 && *p != '\t' && *p != '\r' && *p != '\n') ||
		    *p == 0x7f)
			return true;
	return false;
}

bool
valid_email(const char *s)
{
	const char *at = strrchr(s, '@'), *dot;
	size_t n = strlen(s);

	if (n < 6 || n > 254 || at == NULL || at == s || strchr(s, '@') != at)
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p <= 0x20 || *p == 0x7f || *p == '<' || *p == '>' ||
		    *p == '"' || *p == ',' || *p == ';' || *p == '\\' ||
		    *p == '(' || *p == ')' || *p == '[' || *p == ']')
			return false;
	if (at - s > 64)
		return false;
	dot = strrchr(at, '.');
	if (dot == NULL || dot == at + 1 || dot[1] == '\0' || strlen(dot) < 3)
		return false;
	if (strstr(at, "..") != NULL || at[1] == '.' || at[1] == '-')
		return false;
	return true;
}

int
hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

char *
trim_blanks(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

int
weight_grams(const char *s, bool pounds)
{
	long whole = 0, frac = 0, scale = 1000, mg;
	const char *p = s;

	if (p == NULL || *p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++)
		if ((whole = whole * 10 + (*p - '0')) > 1000)
			return -1;
	if (*p == '.' || *p == ',') {
		p++;
		for (int n = 0; *p >= '0' && *p <= '9'; p++, n++) {
			if (n == 3)
				return -1;
			scale /= 10;
			frac += (*p - '0') * scale;
		}
	}
	if (*p != '\0')
		return -1;
	mg = whole * 1000 + frac;	/* thousandths of the unit */
	/* a pound is 453.59237 g exactly */
	if (pounds)
		mg = (mg * 45359237 + 50000000) / 100000000;
	return (mg >= 1 && mg < 30000) ? (int)mg : -1;
}
