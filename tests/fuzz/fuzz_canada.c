/* fuzz_canada.c -- canada_postal_normalize() and
 * canada_postal_matches_province(): a code that normalises comes out as
 * "A1A 1A1" with Canada Post's letters, normalises to itself, gives the
 * same when out is the input buffer, and belongs to one province (two
 * for X: NT and NU); anything else leaves out "". Input: the text (up to
 * a NUL), then after the NUL a province to try. */
#include "fuzz.h"

#include "returns/canada.h"

static bool
letter(char c, bool first)
{
	return c >= 'A' && c <= 'Z' && strchr("DFIOQU", c) == NULL &&
	    (!first || (c != 'W' && c != 'Z'));
}

static bool
digit(char c)
{
	return c >= '0' && c <= '9';
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fdp d = { data, size };
	char *in = fdp_str(&d), *prov = fdp_str(&d);
	char *out = malloc(8), *again = malloc(8), *inplace;
	size_t n = strlen(in), matches = 0;
	bool ok;

	memset(out, 'z', 8);
	ok = canada_postal_normalize(in, out);
	if (!ok) {
		CHECK(out[0] == '\0');
	} else {
		CHECK(n == 6 || n == 7);
		CHECK(strlen(out) == 7);
		CHECK(letter(out[0], true) && digit(out[1]) &&
		    letter(out[2], false) && out[3] == ' ' && digit(out[4]) &&
		    letter(out[5], false) && digit(out[6]));
		CHECK(canada_postal_normalize(out, again));
		CHECK(strcmp(out, again) == 0);
		for (size_t i = 0; canada_provinces[i] != NULL; i++) {
			CHECK(canada_province_valid(canada_provinces[i]));
			matches += canada_postal_matches_province(in,
			    canada_provinces[i]);
		}
		CHECK(matches == (out[0] == 'X' ? 2 : 1));
	}
	/* out may be the input buffer */
	if (n <= 7) {
		inplace = malloc(8);
		memcpy(inplace, in, n + 1);
		CHECK(canada_postal_normalize(inplace, inplace) == ok);
		CHECK(strcmp(inplace, ok ? out : "") == 0);
		free(inplace);
	}
	if (canada_postal_matches_province(in, prov))
		CHECK(ok && canada_province_valid(prov));
	CHECK(!canada_postal_normalize(NULL, again) && again[0] == '\0');
	CHECK(!canada_province_valid(NULL));
	free(in);
	free(prov);
	free(out);
	free(again);
	return 0;
}
