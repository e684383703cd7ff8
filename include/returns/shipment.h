/* shipment.h -- return shipments: one per label a customer creates
 * (domain layer).
 *
 * A shipment has a 16-digit tracking number (tracknum.h) and a download
 * token derived like a policy's link token (secret key + random nonce;
 * only its hash is stored), which the customer's success page, the label
 * download and the label email use. A shipment outlives its policy: the
 * label stays valid when the policy is deactivated, suspended or deleted.
 * Strings in a struct shipment come from the arena passed in.
 */
#ifndef RETURNS_SHIPMENT_H
#define RETURNS_SHIPMENT_H

#include <stdbool.h>
#include <stdint.h>

#include "returns/buf.h"
#include "returns/carrier.h"
#include "returns/db.h"
#include "returns/policy.h"

#define SHIP_DL_HEX		40
#define SHIP_EXPIRY_DAYS	30	/* an unused label expires */
#define SHIP_DAILY_CAP		10	/* labels per email address a day,
					   per merchant */
#define SHIP_MAX_GRAMS		30000	/* parcels are under 30 kg */

enum ship_status { SH_CREATED, SH_ACCEPTED, SH_IN_TRANSIT, SH_EXCEPTION,
    SH_DELIVERED };
const char	*ship_status_name(enum ship_status);

struct shipment {
	int64_t		 id;
	int64_t		 merchant_id;
	int64_t		 policy_id;
	char		 tracking[17];
	const char	*dl_nonce;
	const char	*method;	/* "label" or "qr" */
	const char	*service;
	const char	*lang;		/* the customer's: "en" or "fr" */
	const char	*name, *line1, *line2, *city, *province, *postal;
	const char	*email;
	bool		 tracking_emails;
	const char	*ra_number;
	const char	*order_answer;
	int		 weight_g;
	const char	*reason;	/* one of shipment_reasons, or "" */
	const char	*reason_text;	/* the customer's words, or "" */
	const char	*once;		/* the form's one-time value (32 hex
					   digits) or NULL: see
					   shipment_create() */
	bool		 another;	/* a label wanted even though the
					   address has one from today */
	enum ship_status status;
	int64_t		 created_at;
	int64_t		 expires_at;
	int64_t		 accepted_at;	/* 0 when not yet */
	int64_t		 delivered_at;
	const char	*carrier;	/* the carrier that made it */
};

/* Creates a shipment for the active policy p from s's customer fields
 * (name .. weight_g, method, lang) in one BEGIN IMMEDIATE transaction that
 * also queues the label email in the outbox. Fills s->id, tracking,
 * dl_nonce, status, dates; dl gets the download token. E_DENIED with *why
 * "policy_off" when the policy is no longer active, "daily_cap" when the
 * email address already has SHIP_DAILY_CAP labels of this merchant in the
 * last 24 hours (in any letter case, without its +tag and the dots of its
 * local part: one mailbox's aliases count as one).
 * The same form sent again -- the same s->once and the same fields, for
 * the same policy -- makes nothing new: E_OK with the return the first
 * one made (s->id, tracking, dl_nonce; dl) and *why "again", whatever
 * the policy's state or the cap now. A form that differs (a new
 * one-time value: the page shown again by Back) for the same policy, name,
 * address, postal code and email as a return of the last 24 hours makes
 * nothing either, unless s->another: E_DENIED, *why "duplicate", with that
 * return in s (id, tracking, dl_nonce, created_at) and dl.
 * With a carrier called over the network (carrier_self_issued() false),
 * the attempt is recorded first and the carrier is called outside any
 * transaction; the same form sent while that call runs waits for it
 * (E_BUSY, *why "in_progress", past the carrier's timeout). A carrier's
 * refusal is E_DENIED with *why "carrier" and cf filled (CE_NOT_LINKED
 * when the merchant has no carrier account); nothing is half made. */
enum rerr	 shipment_create(struct db *, const struct policy *p,
		    struct shipment *s, int64_t now, struct arena *,
		    char dl[SHIP_DL_HEX + 1], const char **why,
		    struct carrier_fail *cf);
/* The carrier's own label PDF stored for a return, appended to out.
 * E_NOTFOUND when there is none (a self-issued label, drawn on demand). */
enum rerr	 shipment_label_file(struct db *, int64_t id, struct buf *out);
/* A new one-time value for the customer's form (s->once). */
enum rerr	 shipment_new_once(char out[33]);
/* The same at a given time, for generated data (returnsctl demo): no
 * policy-state check, no daily cap, no email. */
enum rerr	 shipment_create_quiet(struct db *, const struct policy *p,
		    struct shipment *s, int64_t when, struct arena *);
enum rerr	 shipment_dl_token(const struct shipment *,
		    char out[SHIP_DL_HEX + 1]);
/* Finds a shipment by download token with its policy (in any state) and
 * the merchant's business name. E_NOTFOUND for an unknown token. */
enum rerr	 shipment_by_dl(struct db *, const char *dl, struct arena *,
		    struct shipment *s, struct policy *p, char *business,
		    size_t blen);
/* The same by id (the notifier). */
enum rerr	 shipment_by_id(struct db *, int64_t id, struct arena *,
		    struct shipment *s, struct policy *p, char *business,
		    size_t blen);
/* The carrier's description of the return's latest exception ("" when
 * none), from the arena. */
const char	*shipment_exception_reason(struct db *, int64_t id,
		    struct arena *);
/* Why a customer returns an item: the codes, NULL-terminated, in the
 * order the form offers them ("reason.<code>" in the catalogues); the
 * last, "other", asks for words. */
extern const char *const shipment_reasons[];
#define SHIP_REASON_TEXT_MAX	100

/* An unused label past its expiry. */
bool		 shipment_expired(const struct shipment *, int64_t now);

#endif
