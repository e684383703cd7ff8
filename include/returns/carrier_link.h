/* carrier_link.h -- a merchant's link to its carrier account (domain
 * layer): the customer number (and contract) the carrier bills, the
 * merchant's own API key when the link came from merchant registration,
 * and what the carrier last said of the account.
 *
 * The API key is sealed with AES-256-GCM under a key derived from the
 * server's secret (secret.h), bound to the merchant; it is never logged
 * or shown. A customer number belongs to one merchant at a time.
 */
#ifndef RETURNS_CARRIER_LINK_H
#define RETURNS_CARRIER_LINK_H

#include <stdbool.h>
#include <stdint.h>

#include "returns/carrier.h"
#include "returns/db.h"

struct carrier_link {
	struct carrier_account	 acct;	/* key halves empty: the
					   installation's key */
	bool		 own_key;	/* linked through registration */
	bool		 has_card;	/* as the carrier last said */
	bool		 contract_good;
	int64_t		 checked_at;	/* 0: never read */
	char		 check_error[32];	/* carrier_err_name() or "" */
	int64_t		 linked_at;
};

/* E_NOTFOUND when the merchant is not linked. */
enum rerr	 carrier_link_get(struct db *, int64_t merchant_id,
		    struct carrier_link *);
/* Links (or re-links) a merchant. api_user/api_password may be NULL (the
 * installation's key). E_EXISTS when another merchant holds the customer
 * number. The account is not yet read: call carrier_link_refresh(). */
enum rerr	 carrier_link_set(struct db *, int64_t merchant_id,
		    const char *customer_number, const char *contract_number,
		    const char *api_user, const char *api_password,
		    int64_t now);
/* Reads the account at the carrier and records what it says (outside any
 * transaction while the carrier answers). *ce is the carrier's answer;
 * E_OK whenever the database could record it. */
enum rerr	 carrier_link_refresh(struct db *, int64_t merchant_id,
		    int64_t now, enum carrier_err *ce);
/* Merchant registration: a token from the carrier, remembered for this
 * merchant for 30 minutes; url gets the sign-in address to send the
 * browser to (return_url: where the carrier sends it back). */
enum rerr	 carrier_link_reg_start(struct db *, int64_t merchant_id,
		    const char *return_url, const char *lang, int64_t now,
		    char *url, size_t len, enum carrier_err *ce);
/* Back from the sign-in: the token must be this merchant's and recent;
 * reads the merchant's info, links it and reads its account. E_NOTFOUND
 * for a token that is not this merchant's (or expired); E_EXISTS when the
 * customer number is another merchant's; E_DENIED with *ce for a carrier
 * error. */
enum rerr	 carrier_link_reg_finish(struct db *, int64_t merchant_id,
		    const char *token, int64_t now, enum carrier_err *ce);

#endif
