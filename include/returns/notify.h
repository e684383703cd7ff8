/* notify.h -- notification recipients and the email outbox (domain).
 *
 * Emails are rows of the outbox, written in the same transaction as the
 * change that causes them; returns-notifier renders and sends them. A
 * row is claimed (pending -> sending) in a BEGIN IMMEDIATE transaction,
 * so two notifiers never send the same email twice.
 */
#ifndef RETURNS_NOTIFY_H
#define RETURNS_NOTIFY_H

#include <stdbool.h>
#include <stdint.h>

#include "returns/buf.h"
#include "returns/db.h"

#define RECIPIENTS_MAX	4
#define SUMMARY_HOUR	7	/* daily summaries at 07:00, merchant time */
#define NOTIFY_EVENTS	4	/* accepted, exception, delivered, created */

struct recipient {
	int64_t		 id;
	char		 email[256];
	char		 lang[3];
	bool		 on_created, on_accepted, on_exception, on_delivered;
	bool		 daily;		/* false: one email per return */
	bool		 confirmed;	/* the address answered its link */
};

enum rerr	 recipients_list(struct db *, int64_t merchant_id,
		    struct recipient out[RECIPIENTS_MAX], int *n);
/* A recipient gets nothing before confirming the address: a link in a
 * first email (kind rcpt_confirm), sent when it is added and when its
 * address changes. The link is /settings/confirm/<token>, the token
 * "<id>-<32 hex>" derived from the secret key and a nonce.
 * E_DENIED when the merchant has RECIPIENTS_MAX already, E_EXISTS for
 * an address already there. */
enum rerr	 recipient_add(struct db *, int64_t merchant_id,
		    const struct recipient *, int64_t now);
/* E_EXISTS when the new address is another recipient's; E_NOTFOUND
 * when the recipient is not the merchant's. */
enum rerr	 recipient_update(struct db *, int64_t merchant_id,
		    const struct recipient *, int64_t now);
enum rerr	 recipient_remove(struct db *, int64_t merchant_id,
		    int64_t id);
/* Queues a test email to the recipient; E_DENIED when the merchant sent
 * TEST_PER_HOUR in the last hour already; E_INVALID when the address is
 * not confirmed yet (its link is sent again, three times an hour at
 * most). */
#define TEST_PER_HOUR	5
enum rerr	 recipient_test(struct db *, int64_t merchant_id, int64_t id,
		    int64_t now);

#define RCPT_TOKEN_MAX	64
/* The confirmation token of recipient id (for the email); E_NOTFOUND
 * once confirmed or removed. */
enum rerr	 recipient_confirm_token(struct db *, int64_t id,
		    char out[RCPT_TOKEN_MAX]);
/* The recipient a token names, and its merchant's business name, while
 * the token is valid (else E_NOTFOUND). */
enum rerr	 recipient_by_token(struct db *, const char *token,
		    struct recipient *, char *business, size_t blen);
/* Confirms the address the token names; E_NOTFOUND when not valid. */
enum rerr	 recipient_confirm(struct db *, const char *token, int64_t now);

/* Inside tracking_apply's transaction: a return's state changed to
 * `status`; queues the emails of the recipients who chose that event
 * (one per return) and the customer's own when they opted in. */
enum rerr	 notify_status(struct db *, int64_t shipment_id,
		    const char *status, int64_t now);

/* Emails that failed for good, newest first (for the settings tab). */
struct failed_mail {
	int64_t		 id;
	char		 to[256];
	char		 kind[16];
	int64_t		 at;
	char		 error[200];
};
enum rerr	 outbox_failed(struct db *, int64_t merchant_id,
		    struct failed_mail out[10], int *n);

/* ---- returns-notifier ---- */

struct outmail {
	int64_t		 id;
	int64_t		 merchant_id;
	char		 kind[16];	/* label, event, customer_event,
					   reset, limit (event: the policy),
					   summary, test */
	int64_t		 ref;		/* shipment id (label, events) */
	int64_t		 recipient_id;
	char		 to[256];
	char		 lang[3];
	char		 event[16];
	char		 day[11];
	int		 attempts;
};

/* Puts back rows left 'sending' for more than `stale` seconds (a
 * notifier that died mid-send). Returns how many. */
int		 outbox_recover(struct db *, int64_t now, int stale);
/* Claims the oldest due pending row: E_OK and *m, E_NOTFOUND when none. */
enum rerr	 outbox_claim(struct db *, int64_t now, struct outmail *m);
enum rerr	 outbox_sent(struct db *, int64_t id, int64_t now);
/* Puts a claimed row back, due at next_at, its attempt not counted (the
 * configuration failed, not the email); `why` is kept as last_error. */
enum rerr	 outbox_release(struct db *, int64_t id, int64_t next_at,
		    const char *why);
/* The operator's view (returnsctl outbox): the emails that failed for
 * good, every merchant's and every kind, newest first (at most max), and
 * the number waiting to be sent. */
enum rerr	 outbox_failed_all(struct db *, struct failed_mail *out,
		    int max, int *n, int *pending);
/* Failed emails sent again: state pending, attempts 0, due now (every
 * failed one when id is 0). *n is how many were put back. */
enum rerr	 outbox_retry(struct db *, int64_t id, int64_t now, int *n);
/* Removes a claimed row that no longer needs sending (its link was used
 * meanwhile): nothing was sent, nothing is kept. */
enum rerr	 outbox_forget(struct db *, int64_t id);
/* Deletes sent and failed emails (their addresses) older than before. */
enum rerr	 outbox_purge(struct db *, int64_t before, int *n);
/* A failure: permanent ones become 'failed'; others go back to pending
 * with exponential backoff (30 s doubling, at most an hour). */
enum rerr	 outbox_failed_attempt(struct db *, const struct outmail *,
		    bool permanent, const char *error, int64_t now);
/* Queues the daily summaries due at `now`: for each daily recipient whose
 * merchant's local time is past SUMMARY_HOUR and who has no summary for
 * today yet, counts yesterday's chosen events; queues one email when
 * there were any. *queued gets how many emails. */
enum rerr	 summaries_due(struct db *, int64_t now, int *queued);

/* The merchant's business name and time zone (for the emails). */
enum rerr	 notify_merchant(struct db *, int64_t merchant_id,
		    char *business, size_t blen, char *tz, size_t tzlen);
/* One event of a daily summary; strings in the arena. */
struct sum_event {
	const char	*tracking, *name, *type, *policy;
	int64_t		 at;
};
#define SUMMARY_LIST_MAX	100	/* events listed in one summary */

/* A daily recipient's summary of one local day (YYYY-MM-DD in tz): the
 * counts of the events it chose (accepted, exception, delivered, labels
 * created: NOTIFY_EVENTS of them; 0 for the others) and the first SUMMARY_LIST_MAX of those events by time
 * (*out from the arena, *n of them). */
enum rerr	 summary_of(struct db *, int64_t merchant_id,
		    int64_t recipient_id, const char *tz, const char *day,
		    struct arena *, int counts[NOTIFY_EVENTS],
		    struct sum_event **out,
		    size_t *n);

#endif
