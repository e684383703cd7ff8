/* card.h -- payment cards checked and turned into a gateway token
 * (domain layer).
 *
 * The card number and the CVV never leave this module: they are not
 * stored, logged or returned. What comes out is the brand, the last four
 * digits, the expiry and an opaque token from the payment gateway. The
 * module wipes its own copies of the digits before returning; the
 * caller's strings (the request's form values) are the caller's to wipe.
 * Pure functions except for the gateway, no allocation, no globals.
 */
#ifndef RETURNS_CARD_H
#define RETURNS_CARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum card_brand {
	CARD_UNKNOWN,
	CARD_VISA,		/* 4; 13, 16 or 19 digits */
	CARD_MASTERCARD,	/* 51-55, 2221-2720; 16 digits */
	CARD_AMEX,		/* 34, 37; 15 digits, 4-digit CVV */
	CARD_DISCOVER		/* 6011, 644-649, 65; 16 to 19 digits */
};

/* "visa", "mastercard", "amex", "discover": stable ids, stored in the
 * database. "unknown" for CARD_UNKNOWN or any other value (never store
 * it: card_check() refuses such cards). */
const char	*card_brand_name(enum card_brand);
/* The brand from the leading digits alone (digits only, any length);
 * CARD_UNKNOWN when no supported range matches. */
enum card_brand	 card_brand_of(const char *digits);

/* What may be kept about a card. */
struct card_info {
	enum card_brand	 brand;
	char		 last4[5];
	int		 exp_month;	/* 1..12 */
	int		 exp_year;	/* 4 digits */
};

/* Why a card was refused: each is a message key the web layer
 * translates. */
enum card_err {
	CARD_OK,
	CARD_NUMBER,	/* not digits, wrong length for the brand, bad Luhn */
	CARD_BRAND,	/* a valid number of a brand we do not take */
	CARD_EXPIRY,	/* malformed month or year */
	CARD_EXPIRED,
	CARD_CVV,	/* not 3 digits (4 for Amex) */
	CARD_DECLINED,	/* the gateway refused the card */
	CARD_GATEWAY	/* the gateway failed (not the card's fault) */
};

/* "card.err.number", "card.err.brand", "card.err.expiry",
 * "card.err.expired", "card.err.cvv", "card.err.declined",
 * "card.err.gateway"; NULL for CARD_OK (and any other value). */
const char	*card_err_key(enum card_err);

/* The Luhn checksum over a string of digits only; false when the string
 * is empty or has anything but '0'..'9'. */
bool		 luhn_valid(const char *digits);

/* Checks a card as typed in a form:
 *   number	digits, with any spaces and dashes (removed); a supported
 *		brand, the brand's length, Luhn;
 *   exp_month	"1".."12" or "01".."09";
 *   exp_year	"26" (20xx) or "2026" (2000..2099), and not more than 20
 *		years after the year of `now`;
 *   cvv	3 digits, 4 for Amex;
 * and that the card is still valid at `now` (unix time; valid through
 * the end of its expiry month, UTC). Fields are checked in that order and
 * the first failure is returned. NULL strings count as empty.
 * On CARD_OK fills *info (when not NULL); otherwise leaves it alone.
 * Sets *which (when not NULL) to the failing field, "number", "exp" or
 * "cvv", for the web layer to put the message next to it; NULL on
 * CARD_OK. */
enum card_err	 card_check(const char *number, const char *exp_month,
		    const char *exp_year, const char *cvv, int64_t now,
		    struct card_info *info, const char **which);
/* The same checks, each field on its own, so that a form can say every
 * mistake at once: errs[0] the number's (CARD_NUMBER, CARD_BRAND),
 * errs[1] the expiry's (CARD_EXPIRY, CARD_EXPIRED), errs[2] the CVV's
 * (its length from the brand, 3 or 4 digits when the number is wrong);
 * CARD_OK for a good field. True when all three are good. */
bool		 card_check_fields(const char *number, const char *exp_month,
		    const char *exp_year, const char *cvv, int64_t now,
		    enum card_err errs[3]);
/* true when a card expiring exp_month/exp_year is still valid at `now`:
 * through the end of that month, UTC. false for a month outside 1..12. */
bool		 card_valid_at(int exp_month, int exp_year, int64_t now);
/* Days from `now` until the card stops being valid, rounded up: 1 on the
 * last day of the expiry month, 0 or negative once expired (and 0 for a
 * month outside 1..12). card_days_left() > 0 exactly when
 * card_valid_at(). */
int		 card_days_left(int exp_month, int exp_year, int64_t now);

/* Enough for any token a gateway returns, with its NUL. */
#define CARD_TOKEN_MAX	128

/* A payment gateway: turns a checked card into a token. `digits` is the
 * number, digits only; the gateway must not keep or log it. tokenize()
 * writes a NUL-terminated token into token[tokenlen] and returns
 * CARD_OK, CARD_DECLINED when the card is refused, or CARD_GATEWAY when
 * the gateway failed (token too small for it, no randomness, no
 * network ...). */
struct gateway {
	const char	*name;
	enum card_err	 (*tokenize)(const char *digits,
			    const struct card_info *, char *token,
			    size_t tokenlen);
};

/* The test gateway, "test": returns "tok_test_" and 32 random lowercase
 * hex characters (42 bytes with the NUL) and declines 4000000000000002,
 * so tests can exercise a refusal. */
extern const struct gateway	 gateway_test;
/* The gateway to use when none is configured: for now gateway_test. */
const struct gateway	*gateway_default(void);

/* card_check(), then the gateway (NULL means gateway_default()). On
 * CARD_OK fills *info (when not NULL) and token[tokenlen]
 * (CARD_TOKEN_MAX bytes are enough for any gateway; a buffer too small
 * for the gateway's token is CARD_GATEWAY). On any other result leaves
 * *info alone, sets token to "" (when tokenlen > 0) and *which as
 * card_check() does, plus "number" for CARD_DECLINED and NULL for
 * CARD_GATEWAY (a message for the whole form). Wipes its copy of the
 * digits. */
enum card_err	 card_tokenize(const struct gateway *, const char *number,
		    const char *exp_month, const char *exp_year,
		    const char *cvv, int64_t now, struct card_info *info,
		    char *token, size_t tokenlen, const char **which);

/* true when the text has a run of 13 to 19 digits that passes Luhn. The
 * digits may be split by single spaces or dashes ("4111 1111 1111 1111",
 * "4111-1111-..."); any whole groups of such a run count, so a number
 * next to another one ("order 12 4111 1111 1111 1111") is found too. For
 * tests that scan the database, logs and pages for leaked numbers. */
bool		 has_card_number(const char *text);

#endif
