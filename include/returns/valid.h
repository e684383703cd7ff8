/* valid.h -- validators for text that comes from outside (infrastructure).
 * Pure functions, no allocation: safe to call from fuzz drivers.
 */
#ifndef RETURNS_VALID_H
#define RETURNS_VALID_H

#include <stdbool.h>
#include <stddef.h>

/* Strict UTF-8: no overlongs, no surrogates, nothing above U+10FFFF. */
bool	 utf8_valid(const char *, size_t);
/* Number of code points in valid UTF-8. */
size_t	 utf8_len(const char *);
/* True when the text has control characters other than tab, CR, LF. */
bool	 has_control(const char *);
/* A practical address check: local@domain.tld, no spaces or controls,
 * at most 254 bytes. */
bool	 valid_email(const char *);
/* A parcel's weight typed in kilograms or pounds ("1.5", "1,5", up to
 * three decimals) in grams, rounded; -1 unless 1 g <= it < 30 kg. */
int	 weight_grams(const char *, bool pounds);

/* The value of a hex digit (either case), or -1. */
int	 hex_digit(int c);
/* Leading spaces and tabs and trailing white space cut off, in place:
 * returns s moved past the leading ones. For "key = value" lines. */
char	*trim_blanks(char *s);

#endif
