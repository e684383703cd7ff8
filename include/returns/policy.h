/* policy.h -- return policies, their states and their history (domain).
 *
 * A policy has a number shown to people ("PR" + 6 digits) and a direct
 * return link token that is derived from the server's secret key and a
 * random nonce (see secret.h): the database keeps only the token's hash,
 * so the link can be shown to the merchant again without storing it.
 *
 * Every function that takes a merchant_id only ever sees that merchant's
 * policies: another merchant's number is E_NOTFOUND, like one that does
 * not exist. Strings of a struct policy filled by this module come from
 * the arena passed in and live until it is reset.
 */
#ifndef RETURNS_POLICY_H
#define RETURNS_POLICY_H

#include <stdbool.h>
#include <stdint.h>

#include "returns/buf.h"
#include "returns/carrier.h"
#include "returns/db.h"

#define POLICY_LINK_HEX	40	/* 160-bit link token, as hex */

enum pol_status { POL_ACTIVE, POL_INACTIVE, POL_SUSPENDED, POL_DELETED };
enum pol_action { ACT_ACTIVATE, ACT_DEACTIVATE, ACT_DELETE, ACT_EDIT,
    ACT_SUSPEND, ACT_LIFT };
enum pol_actor { BY_MERCHANT, BY_BILLING };

/* The state machine: may `actor` do `action` to a policy in `from`?
 * Merchants activate, deactivate, edit and delete; billing suspends active
 * policies and lifts suspensions; nobody touches a deleted policy; a
 * merchant cannot activate or deactivate a suspended one. */
bool		 policy_can(enum pol_status from, enum pol_action,
		    enum pol_actor);
/* The state after an allowed action. */
enum pol_status	 policy_after(enum pol_status from, enum pol_action);
const char	*policy_status_name(enum pol_status);	/* "active", ... */
int		 policy_status_parse(const char *, enum pol_status *);

/* A policy's labels in 24 hours, at most: the merchant's choice, between
 * 1 and POLICY_LIMIT_MAX (POLICY_LIMIT_DEFAULT unless changed). Past it
 * customers get a clear page and the merchant an email (once a day). */
#define POLICY_LIMIT_DEFAULT	500
#define POLICY_WEIGHT_DEFAULT	1000	/* grams: a label's weight unknown */
#define POLICY_LIMIT_MAX	10000

struct policy {
	int64_t		 id;
	int64_t		 merchant_id;
	char		 number[9];		/* PR123456 */
	const char	*link_nonce;
	const char	*name;
	const char	*channel;	/* online, post_office, both */
	bool		 secure_labels;
	bool		 box_free;
	const char	*service;	/* priority, xpresspost, expedited,
					   regular */
	const char	*company, *contact, *line1, *line2, *city;
	const char	*province, *postal;
	bool		 ra_required;
	const char	*order_q_en, *order_q_fr;
	const char	*label_format;	/* letter, 4x6 */
	const char	*instructions_en, *instructions_fr;
	int		 daily_limit;	/* labels a day through the link */
	int		 default_weight_g; /* when the customer does not
					   know (1 .. 29999; 0: 1000) */
	const char	*reasons;	/* see policy_reasons; "": the
					   catalogue's */
	enum pol_status	 status;
	const char	*suspended_reason;
	int64_t		 created_at;
	int64_t		 updated_at;
};

/* The reasons a policy offers, in order: those of the catalogue it keeps
 * ("reason.<code>"), then the merchant's own (up to POLICY_OWN_REASONS,
 * each in English and French), then "other" (with the customer's words).
 * value is what the form sends ("wrong_size", "c1", "other"), stored what
 * a return keeps (the code, or "c:" English TAB French: a reason that
 * outlives the policy's list); en and fr are NULL for the catalogue's. */
#define POLICY_OWN_REASONS	8
#define POLICY_REASON_MAX	60	/* characters of one */
#define POLICY_REASON_OPTS	(4 + POLICY_OWN_REASONS + 1)
struct reason_opt {
	const char	*value, *stored, *en, *fr;
};
size_t		 policy_reasons(const struct policy *, struct arena *,
		    struct reason_opt out[POLICY_REASON_OPTS]);
/* The policy's reasons text from the catalogue codes it keeps and its own
 * reasons, one a line in each language; NULL, or the catalogue key of
 * what is wrong ("err.reasons_count": not as many lines in both
 * languages, or too many; "err.reasons_long"). */
const char	*policy_reasons_build(struct arena *, const char *const *codes,
		    size_t ncodes, const char *en_lines, const char *fr_lines,
		    const char **out);
/* A kept reason's words in the language (fr or not) when it is the
 * merchant's own ("c:..."), else NULL: the catalogue's "reason.<code>". */
const char	*reason_own_words(const char *stored, bool fr, struct arena *);

/* Whether customers can get labels through the link (online or both). */
bool		 policy_has_link(const struct policy *);

/* Creates an active policy from p's settings; sets p->id, p->number,
 * p->status. Needs the secret key loaded. */
enum rerr	 policy_create(struct db *, int64_t user_id, struct policy *p,
		    int64_t now, struct arena *);
/* Replaces the settings of the merchant's policy `number` with p's and
 * records which settings changed. E_NOTFOUND when deleted or foreign. */
enum rerr	 policy_update(struct db *, int64_t user_id, const char *number,
		    const struct policy *p, int64_t now, struct arena *);
/* E_NOTFOUND when deleted, unknown or another merchant's. */
enum rerr	 policy_get(struct db *, int64_t merchant_id, const char *number,
		    struct arena *, struct policy *out);
/* The same, deleted policies included (for labels that outlive them). */
enum rerr	 policy_get_any(struct db *, int64_t merchant_id,
		    const char *number, struct arena *, struct policy *out);
/* The merchant's policies that are not deleted, newest change first. */
enum rerr	 policy_list(struct db *, int64_t merchant_id, struct arena *,
		    struct policy **out, size_t *n);
/* Applies a merchant's action (activate, deactivate, delete). E_DENIED
 * with *why a catalogue key when the state machine or the payment method
 * forbids it. */
enum rerr	 policy_act(struct db *, int64_t merchant_id, int64_t user_id,
		    const char *number, enum pol_action, int64_t now,
		    const char **why);
/* The link token of a policy (needs the secret key). */
enum rerr	 policy_link_token(const struct policy *,
		    char out[POLICY_LINK_HEX + 1]);
/* Finds a policy by link token, whatever its state (deleted included, so
 * the link can say so). E_NOTFOUND for an unknown token. */
enum rerr	 policy_by_token(struct db *, const char *token, struct arena *,
		    struct policy *out, char *business, size_t blen);

struct policy_event {
	int64_t		 at;
	const char	*actor;		/* "merchant" or "billing" */
	const char	*who;		/* the user's email, or "" */
	const char	*action;	/* created, edited, activated, ... */
	const char	*detail;	/* what changed */
};
enum rerr	 policy_history(struct db *, int64_t merchant_id,
		    const char *number, struct arena *,
		    struct policy_event **out, size_t *n);

/* ---- billing (returnsctl) ---- */

struct suspension {
	char		 number[9];
	int64_t		 merchant_id;
	const char	*business;
	const char	*reason;
	int64_t		 at;
};
/* Suspends every active policy of every merchant whose payment method is
 * not valid at `now`, recording why. *count gets the number suspended.
 * When the carrier bills (PAY_CARRIER), each merchant's account is read
 * again first, and the suspended policies of a merchant whose account is
 * valid again are restored (*lifted counts them; may be NULL). */
enum rerr	 billing_check(struct db *, int64_t now, int *count);
enum rerr	 billing_check_all(struct db *, int64_t now, int *count,
		    int *lifted);
/* "Check again" by the merchant (PAY_CARRIER): reads the account at the
 * carrier, then restores the merchant's suspended policies when it is
 * valid, or suspends its active ones when it is not. *ce is the
 * carrier's answer; *lifted the policies restored. */
enum rerr	 billing_recheck(struct db *, int64_t merchant_id, int64_t now,
		    enum carrier_err *ce, int *lifted);
/* Lifts the suspension of one policy (number != NULL) or of all of a
 * merchant's policies, only when the payment method is valid again:
 * E_DENIED with *why ("no_payment", "card_expired", "contract_standing")
 * otherwise. *count gets the number lifted. */
enum rerr	 billing_lift(struct db *, const char *number,
		    int64_t merchant_id, int64_t now, const char **why,
		    int *count);
/* Suspended policies of all merchants (merchant_id 0) or of one. */
enum rerr	 billing_list(struct db *, int64_t merchant_id, struct arena *,
		    struct suspension **out, size_t *n);

#endif
