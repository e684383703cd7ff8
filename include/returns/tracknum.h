/* tracknum.h -- domestic tracking numbers (infrastructure).
 *
 * 16 digits: a 7-digit header, an 8-digit sequence and a mod-10 check
 * digit computed over the first 15 digits (Luhn: from the right, every
 * second digit doubled, digits of the products summed).
 */
#ifndef RETURNS_TRACKNUM_H
#define RETURNS_TRACKNUM_H

#include <stdbool.h>
#include <stdint.h>

#define TRACKNUM_LEN	16
#define TRACKNUM_HEADER	"7023210"	/* this installation's header */

/* The check digit (0..9) of 15 digits, or -1 when s is not 15 digits. */
int	 tracknum_check_digit(const char *s);
/* True for 16 digits whose last is the check digit of the first 15. */
bool	 tracknum_valid(const char *s);
/* header (7 digits) + seq (0..99999999) + check digit into out[17].
 * false when header is not 7 digits or seq is out of range. */
bool	 tracknum_make(const char *header, int64_t seq, char out[17]);

/* A carrier's tracking number in general (Canada Post: a PIN of 11 to 16
 * digits or capital letters). Every 16-digit number of ours is one. */
bool	 tracknum_pin_shape(const char *s);

#endif
