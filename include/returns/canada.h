/* canada.h -- Canadian provinces and postal codes (domain layer).
 * Pure functions, no allocation: safe to call from fuzz drivers.
 */
#ifndef RETURNS_CANADA_H
#define RETURNS_CANADA_H

#include <stdbool.h>

/* The 13 province and territory codes, alphabetical, NULL-terminated:
 * "AB", "BC", "MB", "NB", "NL", "NS", "NT", "NU", "ON", "PE", "QC",
 * "SK", "YT". */
extern const char *const canada_provinces[];
/* Their names' catalogue keys ("prov.AB", ...), in the same order. */
extern const char *const canada_province_keys[];

/* true for an exact (uppercase) code from canada_provinces; false for
 * NULL. */
bool	 canada_province_valid(const char *);

/* Normalises a postal code to "A1A 1A1" (uppercase, one space) into
 * out[8]. Accepts letter digit letter, one space or none, digit letter
 * digit, in either case and nothing else (no surrounding spaces: the
 * form layer trims). The first letter is not D F I O Q U W Z, the others
 * not D F I O Q U. false (and out set to "") when `in` is not such a
 * code or is NULL. `out` may be the same buffer as `in`. */
bool	 canada_postal_normalize(const char *in, char out[8]);

/* true when the postal code (any form canada_postal_normalize takes)
 * and the province code are both valid and the code's first letter
 * belongs to the province: A NL, B NS, C PE, E NB, G H J QC,
 * K L M N P ON, R MB, S SK, T AB, V BC, X NT or NU, Y YT. */
bool	 canada_postal_matches_province(const char *postal,
	    const char *province);
/* The province a postal code belongs to, from its first letter; NULL for
 * an invalid code and for X (the Northwest Territories and Nunavut share
 * it). */
const char *canada_postal_province(const char *postal);

#endif
