/* tracking.h -- tracking events from the carrier feed (domain layer).
 *
 * Events arrive as a JSON array (POST /api/tracking/events, signed) or a
 * file (returnsctl tracking import, JSON or CSV):
 *
 *	[{"event_id": "E123", "tracking": "7023210000000011",
 *	  "type": "accepted", "time": "2026-11-26T14:03:00-05:00",
 *	  "location": "OTTAWA ON"}]
 *
 * Applying an event twice changes nothing (idempotent by event_id). A
 * return's state comes from all its events whatever order they arrive in:
 * delivered once any "delivered" event exists (a late "in transit" never
 * takes it back), otherwise the type of the latest event by its time.
 */
#ifndef RETURNS_TRACKING_H
#define RETURNS_TRACKING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "returns/db.h"

enum ev_type { EV_ACCEPTED, EV_IN_TRANSIT, EV_EXCEPTION, EV_DELIVERED };

#define EV_ID_MAX	64
#define EV_LOC_MAX	100
#define EV_DESC_MAX	200	/* the carrier's description, characters */
#define EV_BATCH_MAX	500	/* events in one POST (the body is at most
				   HTTP_MAX_BODY, 64 KB: ~125 bytes an event) */
#define TRACKING_SKEW	300	/* seconds of clock difference allowed */

struct tevent {
	char		 event_id[EV_ID_MAX + 1];
	char		 tracking[17];
	enum ev_type	 type;
	int64_t		 at;		/* unix time */
	int		 utc_offset;	/* seconds east of UTC, as sent */
	char		 location[EV_LOC_MAX * 4 + 1];
	char		 description[EV_DESC_MAX * 4 + 1];	/* or "" */
};

enum ev_result { EVR_APPLIED, EVR_DUPLICATE, EVR_UNKNOWN };

const char	*ev_type_name(enum ev_type);
int		 ev_type_parse(const char *, enum ev_type *);
/* "2026-11-26T14:03:00-05:00" (or Z) -> unix time and offset. */
bool		 ev_time_parse(const char *, int64_t *at, int *utc_offset);

/* Checks "t=<unix seconds>,v1=<hex HMAC-SHA256(key, t "." body)>" in
 * constant time, with at most TRACKING_SKEW seconds between t and now.
 * False for a missing, malformed, stale or wrong signature. */
bool		 tracking_verify(const char *header, const void *body,
		    size_t len, const unsigned char *key, size_t keylen,
		    int64_t now);
/* Parses a JSON array of at most `max` events (0: any number). On error
 * returns E_INVALID with a message (which event, which field) in err.
 * *out is malloc'd: free(). */
enum rerr	 tracking_parse_json(const char *text, size_t len, size_t max,
		    struct tevent **out, size_t *n, char *err, size_t errlen);
/* Parses CSV with the header event_id,tracking,type,time,location. */
enum rerr	 tracking_parse_csv(FILE *, struct tevent **out, size_t *n,
		    char *err, size_t errlen);
/* Applies n events in one BEGIN IMMEDIATE transaction; res[i] says what
 * happened to each. Returns E_OK or a database error (nothing applied). */
enum rerr	 tracking_apply(struct db *, const struct tevent *, size_t n,
		    int64_t now, enum ev_result *res);

/* One pass of `returnsctl tracking poll`: asks the carrier for the
 * events of returns it made that are not delivered and were created less
 * than 60 days ago, the least recently asked first, at most max_calls
 * calls spaced to stay within per_minute calls a minute. Each return's
 * events go through tracking_apply() (the feed's path: same emails, each
 * event once). On the carrier's over-limit answer the pass stops and no
 * pass asks again for 60 seconds; a later pass goes on where this one
 * stopped. Nothing to do with a self-issued carrier (the feed brings the
 * events). */
struct poll_stats {
	size_t	 asked;		/* tracking numbers asked about */
	size_t	 events;	/* events the carrier gave */
	size_t	 applied;	/* new ones applied */
	size_t	 no_history;	/* nothing scanned yet */
	size_t	 failed;	/* calls that failed otherwise */
	size_t	 left;		/* returns still to ask about */
	bool	 rate_limited;	/* stopped (or waiting) on the limit */
	int64_t	 resume_at;	/* when the next pass may ask again */
};
enum rerr	 tracking_poll(struct db *, int64_t now, int per_minute,
		    int max_calls, struct poll_stats *);

#endif
