/* account.h -- merchants, their users and passwords (domain layer).
 * No HTTP here: the web pages and returnsctl both call these.
 */
#ifndef RETURNS_ACCOUNT_H
#define RETURNS_ACCOUNT_H

#include <stdint.h>

#include "returns/db.h"

#define PASSWORD_MIN	10	/* characters */
#define PASSWORD_MAX	200
#define BUSINESS_MAX	100

/* Every Canadian time zone of the tz database (Regina and Whitehorse among
 * them), NULL-terminated, and their catalogue keys. */
extern const char *const account_timezones[];
extern const char *const account_timezone_keys[];
int	 account_valid_tz(const char *);

struct account {
	int64_t	 user_id;
	int64_t	 merchant_id;
	char	 email[256];
	char	 business[256];
	char	 lang[3];
	char	 tz[64];
};

/* Creates a merchant and its first user. E_EXISTS when the email is
 * taken. Hashes the password (about 0.1 s). */
enum rerr	 account_create(struct db *, const char *business,
		    const char *email, const char *password, const char *lang,
		    const char *tz, int64_t now, int64_t *user_id);
/* Checks an email and password. E_OK sets *user_id. E_DENIED for an
 * unknown email or a wrong password alike, with *retry_after = 0; E_DENIED
 * with *retry_after > 0 (seconds) while the address is throttled after
 * repeated failures. Takes the same time whether the email exists. */
enum rerr	 account_login(struct db *, const char *email,
		    const char *password, int64_t now, int *retry_after,
		    int64_t *user_id);
/* E_OK and *user_id when the email has an account, else E_NOTFOUND. */
enum rerr	 account_find(struct db *, const char *email, int64_t *user_id);
enum rerr	 account_get(struct db *, int64_t user_id, struct account *);
/* E_DENIED when `current` is wrong. */
enum rerr	 account_set_password(struct db *, int64_t user_id,
		    const char *current, const char *newpw, int64_t now);
enum rerr	 account_set_profile(struct db *, int64_t merchant_id,
		    int64_t user_id, const char *business, const char *lang,
		    const char *tz, int64_t now);
/* Appends to the audit log (no secrets in detail). */
enum rerr	 audit(struct db *, int64_t merchant_id, int64_t user_id,
		    int64_t now, const char *action, const char *detail);

#endif
