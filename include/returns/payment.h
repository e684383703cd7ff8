/* payment.h -- a merchant's payment method: credit cards (one default)
 * or a parcel-services contract (domain layer).
 *
 * Only brand, last 4 digits, expiry and the gateway's token of a card are
 * stored; the number and CVV never reach this module (see card.h).
 * A contract's standing is changed only by billing staff (returnsctl).
 */
#ifndef RETURNS_PAYMENT_H
#define RETURNS_PAYMENT_H

#include <stdbool.h>
#include <stdint.h>

#include "returns/card.h"
#include "returns/db.h"

#define PAY_MAX_CARDS	10
#define CARD_WARN_DAYS	30	/* warn this long before the default expires */

/* PAY_CARRIER: the carrier bills the merchant (carrier_self_issued() is
 * false): the linked account, as the carrier last described it; no card
 * is typed here. */
enum pay_kind { PAY_NONE, PAY_CARD, PAY_CONTRACT, PAY_CARRIER };

struct pay_card {
	int64_t	 id;
	char	 brand[16];
	char	 last4[5];
	int	 exp_month;
	int	 exp_year;
	bool	 is_default;
};

struct pay_state {
	enum pay_kind	 kind;		/* a contract wins over cards */
	bool		 valid;		/* policies may be active */
	const char	*reason;	/* when not valid: "no_payment",
					   "card_expired", "contract_standing",
					   "contract_pending",
					   "not_linked", "unverified" */
	int		 days_left;	/* default card: days until it expires */
	struct pay_card	 card;		/* the default card (PAY_CARD) */
	char		 customer_number[32];
	char		 contract_number[32];
	bool		 good_standing;
	bool		 pending;	/* a contract not yet verified */
	/* PAY_CARRIER */
	bool		 linked, has_card, own_key;
	int64_t		 checked_at;	/* 0: never read */
	char		 check_error[32];
};

enum rerr	 payment_state(struct db *, int64_t merchant_id, int64_t now,
		    struct pay_state *);
/* Fills up to PAY_MAX_CARDS cards, default first. */
enum rerr	 payment_cards(struct db *, int64_t merchant_id,
		    struct pay_card *out, int *n);
/* E_DENIED when the merchant already has PAY_MAX_CARDS cards. The first
 * card becomes the default; make_default makes this one the default. */
enum rerr	 payment_add_card(struct db *, int64_t merchant_id,
		    int64_t user_id, const struct card_info *,
		    const char *token, bool make_default, int64_t now);
/* E_NOTFOUND for a card that is not the merchant's. */
enum rerr	 payment_set_default(struct db *, int64_t merchant_id,
		    int64_t user_id, int64_t card_id, int64_t now);
/* Removes a card; when it was the default, the newest other card becomes
 * the default. */
enum rerr	 payment_remove_card(struct db *, int64_t merchant_id,
		    int64_t user_id, int64_t card_id, int64_t now);
/* Records (or replaces) the contract. A new or changed contract is
 * pending (policies cannot be active) until billing staff record its
 * standing (payment_set_standing); the same numbers again change nothing.
 * E_EXISTS when another merchant holds that contract number. */
enum rerr	 payment_set_contract(struct db *, int64_t merchant_id,
		    int64_t user_id, const char *customer_number,
		    const char *contract_number, int64_t now);
/* Billing staff only (returnsctl): verifies the contract and records its
 * standing. E_NOTFOUND without a contract. */
enum rerr	 payment_set_standing(struct db *, int64_t merchant_id,
		    bool good, int64_t now);

#endif
