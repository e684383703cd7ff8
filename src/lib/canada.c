/* canada.c -- see include/returns/canada.h. */
#include <string.h>

#include "returns/canada.h"

const char *const canada_provinces[] = {
	"AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC",
	"SK", "YT", NULL
};

/* The first letter of the postal codes of each province (Canada Post's
 * forward sortation areas). */
static const struct {
	char		 letter;
	const char	*province;
} postal_regions[] = {
	{ 'A', "NL" }, { 'B', "NS" }, { 'C', "PE" }, { 'E', "NB" },
	{ 'G', "QC" }, { 'H', "QC" }, { 'J', "QC" },
	{ 'K', "ON" }, { 'L', "ON" }, { 'M', "ON" }, { 'N', "ON" },
	{ 'P', "ON" }, { 'R', "MB" }, { 'S', "SK" }, { 'T', "AB" },
	{ 'V', "BC" }, { 'X', "NT" }, { 'X', "NU" }, { 'Y', "YT" },
};

bool
canada_province_valid(const char *s)
{
	if (s == NULL)
		return false;
	for (size_t i = 0; canada_provinces[i] != NULL; i++)
		if (strcmp(s, canada_provinces[i]) == 0)
			return true;
	return false;
}

static bool
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* An ASCII letter as uppercase, or 0. */
static int
upper(int c)
{
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 'A';
	if (c >= 'A' && c <= 'Z')
		return c;
	return 0;
}

/* A letter Canada Post uses: first says whether it is the first one. */
static bool
postal_letter(int c, bool first)
{
	if (c == 0 || strchr("DFIOQU", c) != NULL)
		return false;
	return !first || (c != 'W' && c != 'Z');
}

bool
canada_postal_normalize(const char *in, char out[8])
{
	char pc[8];
	size_t n;

	if (in == NULL)
		goto fail;
	n = strlen(in);
	if (n == 7 && in[3] != ' ')
		goto fail;
	if (n != 6 && n != 7)
		goto fail;
	pc[0] = (char)upper((unsigned char)in[0]);
	pc[1] = in[1];
	pc[2] = (char)upper((unsigned char)in[2]);
	pc[3] = ' ';
	pc[4] = in[n - 3];
	pc[5] = (char)upper((unsigned char)in[n - 2]);
	pc[6] = in[n - 1];
	pc[7] = '\0';
	if (!postal_letter(pc[0], true) || !postal_letter(pc[2], false) ||
	    !postal_letter(pc[5], false) || !is_digit((unsigned char)pc[1]) ||
	    !is_digit((unsigned char)pc[4]) || !is_digit((unsigned char)pc[6]))
		goto fail;
	memcpy(out, pc, sizeof(pc));
	return true;

fail:
	out[0] = '\0';
	return false;
}

bool
canada_postal_matches_province(const char *postal, const char *province)
{
	char pc[8];

	if (!canada_province_valid(province) ||
	    !canada_postal_normalize(postal, pc))
		return false;
	for (size_t i = 0; i < sizeof(postal_regions) /
	    sizeof(postal_regions[0]); i++)
		if (postal_regions[i].letter == pc[0] &&
		    strcmp(postal_regions[i].province, province) == 0)
			return true;
	return false;
}

const char *
canada_postal_province(const char *postal)
{
	const char *found = NULL;
	char pc[8];

	if (!canada_postal_normalize(postal, pc))
		return NULL;
	for (size_t i = 0; i < sizeof(postal_regions) /
	    sizeof(postal_regions[0]); i++)
		if (postal_regions[i].letter == pc[0]) {
			if (found != NULL)
				return NULL;	/* X: two territories */
			found = postal_regions[i].province;
		}
	return found;
}

const char *const canada_province_keys[] = {
	"prov.AB", "prov.BC", "prov.MB", "prov.NB", "prov.NL", "prov.NS",
	"prov.NT", "prov.NU", "prov.ON", "prov.PE", "prov.QC", "prov.SK",
	"prov.YT", NULL
};
