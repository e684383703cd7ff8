/* account.h -- merchants, their users and passwords (domain layer).
 * No HTTP here: the web pages and returnsctl both call these.
 */
#ifndef RETURNS_ACCOUNT_H
#define RETURNS_ACCOUNT_H

#include <stdbool.h>
#include <stdint.h>

#include "returns/db.h"

struct arena;

#define PASSWORD_MIN	12	/* characters */
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
	/* how the shop's customers reach it ("" when not given) */
	char	 support_email[256];
	char	 support_phone[32];
	char	 accent[8];	/* "#rrggbb", "" for the site's own */
	int64_t	 logo_at;	/* when the logo was set, 0: none */
};

/* The shop as its customers see it, by merchant: its contact (email and
 * phone, "" when not given), accent colour and logo (logo_at 0: none). */
struct shop {
	char	 email[256];
	char	 phone[32];
	char	 accent[8];
	int64_t	 logo_at;
};
enum rerr	 account_support(struct db *, int64_t merchant_id,
		    struct shop *);
/* The logo's PNG (image.h), from the arena; E_NOTFOUND when none. */
enum rerr	 account_logo(struct db *, int64_t merchant_id, struct arena *,
		    const void **png, size_t *len);
/* The shop's key in the addresses of its logo and colours (customers'
 * pages, emails): "<merchant id>-<16 hex of an HMAC under the secret>",
 * so that nobody lists the shops by counting. */
#define SHOP_KEY_MAX	48
enum rerr	 account_shop_key(int64_t merchant_id, char out[SHOP_KEY_MAX]);
/* The path (label.fcgi's, base_path aside) of the shop's logo (logo) or
 * colour stylesheet, versioned so that a change is fetched at once; NULL
 * when the shop has none. From the arena. */
const char	*account_shop_path(struct arena *, int64_t merchant_id,
		    const struct shop *, bool logo);
/* The merchant of a shop key; E_NOTFOUND for any other text. */
enum rerr	 account_shop_of(const char *key, int64_t *merchant_id);
/* Sets (png != NULL) or removes the logo; audited. */
enum rerr	 account_set_logo(struct db *, int64_t merchant_id,
		    int64_t user_id, const void *png, size_t len, int w, int h,
		    int64_t now);

/* Creates a merchant and its first user, its address not yet confirmed.
 * E_EXISTS (and *user_id) when the email is taken. Hashes the password
 * (about half a second). */
enum rerr	 account_create(struct db *, const char *business,
		    const char *email, const char *password, const char *lang,
		    const char *tz, int64_t now, int64_t *user_id);
/* Checks an email and password from client address `addr` (text, as in
 * REMOTE_ADDR). E_OK sets *user_id (and makes the stored hash again when
 * it has older parameters). E_DENIED for an unknown email or a wrong
 * password alike, with *retry_after = 0; E_DENIED with *retry_after > 0
 * (seconds) while the address and email together, or the address alone,
 * are throttled after repeated failures (failures are forgotten one by one
 * as time passes). Takes the same time whether the email exists. */
enum rerr	 account_login(struct db *, const char *email,
		    const char *password, const char *addr, int64_t now,
		    int *retry_after, int64_t *user_id);
/* The key a client address is counted under: an IPv6 address's /64
 * network ("2001:db8:1:2::/64"), an IPv4 address itself. */
#define ADDR_KEY_MAX	64
void		 account_addr_key(const char *addr, char out[ADDR_KEY_MAX]);
/* The operator's unlock: forgets the email's log-in failures. */
enum rerr	 account_unlock(struct db *, const char *email, int64_t now);
/* Forgets log-in failures a day old that lock nothing any more. */
enum rerr	 account_throttle_purge(struct db *, int64_t now, int *n);
/* NULL when the password may be used, else the catalogue key of why not
 * (too short, common, built from the email, too simple): zxcvbn's
 * estimate of the guesses it takes must reach 2^28. */
const char	*account_password_weak(const char *pw, const char *email);
/* E_OK and *user_id when the email has an account, else E_NOTFOUND. */
enum rerr	 account_find(struct db *, const char *email, int64_t *user_id);
enum rerr	 account_get(struct db *, int64_t user_id, struct account *);
/* E_DENIED when `current` is wrong. A new password ends every session
 * of the user and every reset link. */
enum rerr	 account_set_password(struct db *, int64_t user_id,
		    const char *current, const char *newpw, int64_t now);
/* The same without the current password: a reset link or the operator. */
enum rerr	 account_reset_password(struct db *, int64_t user_id,
		    const char *newpw, int64_t now);

/* Links sent by email, for a password reset ("Forgot your password?") or
 * to confirm a new account's address. The token is derived from the
 * server's secret and a random nonce; the database keeps its SHA-256
 * only. A reset link is valid one hour, a confirmation two days; once. */
#define RESET_TOKEN_HEX	64
/* Queues a reset email when the email has an account (at most three an
 * hour); E_OK whether it has one or not. */
enum rerr	 account_reset_request(struct db *, const char *email,
		    int64_t now);
/* The token of link link_id (the outbox row's ref, for the email),
 * E_NOTFOUND once it is used or expired. */
enum rerr	 account_link_token(struct db *, int64_t link_id, int64_t now,
		    char token[RESET_TOKEN_HEX + 1]);
/* E_OK and *user_id while the token is a valid link of `purpose`
 * ("reset", "confirm"), else E_NOTFOUND. */
enum rerr	 account_link_check(struct db *, const char *purpose,
		    const char *token, int64_t now, int64_t *user_id);

/* Sign-up: the same E_OK whether the address has an account or not. A new
 * address gets an account waiting for its confirmation and an email with
 * the link; an address with an account gets an email saying so (how to
 * log in or reset the password). */
enum rerr	 account_signup(struct db *, const char *business,
		    const char *email, const char *password, const char *lang,
		    const char *tz, int64_t now);
/* Sends the confirmation link again (at most three an hour). */
enum rerr	 account_confirm_request(struct db *, int64_t user_id,
		    int64_t now);
/* Whether the user's address is confirmed (accounts made by the operator
 * and before confirmation existed are). */
bool		 account_confirmed(struct db *, int64_t user_id);
/* Confirms the address (the link, or the operator); ends its links. */
enum rerr	 account_confirm(struct db *, int64_t user_id, int64_t now);
/* True right after the user's first log-in (for the welcome). */
bool		 account_first_login(struct db *, int64_t user_id);

enum rerr	 account_set_profile(struct db *, int64_t merchant_id,
		    int64_t user_id, const char *business, const char *lang,
		    const char *tz, const char *support_email,
		    const char *support_phone, const char *accent, int64_t now);
/* Appends to the audit log (no secrets in detail). */
enum rerr	 audit(struct db *, int64_t merchant_id, int64_t user_id,
		    int64_t now, const char *action, const char *detail);

#endif
