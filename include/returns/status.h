/* status.h -- the installation's health in one place (domain layer).
 *
 * The background jobs note what they last did (status_note: the
 * notifier's sending or pause, the daily billing check, the tracking
 * poll); status_read gathers those notes with the outbox, the tracking
 * data and the database's files; status_print writes the report that
 * `returnsctl status` shows, one line per point, and says which points
 * are problems (a monitoring check exits non-zero on any).
 */
#ifndef RETURNS_STATUS_H
#define RETURNS_STATUS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "returns/db.h"

/* name: "notifier", "billing" or "poll"; ok: working as it should;
 * detail: why not, in a few words (no secrets: it is shown) */
enum rerr	 status_note(struct db *, const char *name, bool ok,
		    const char *detail, int64_t now);

struct job_note {
	bool	 seen;		/* a note exists */
	bool	 ok;
	int64_t	 at;
	char	 detail[300];
};

struct status_report {
	int		 version, latest;	/* schema */
	int64_t		 db_bytes, wal_bytes;
	int64_t		 outbox_waiting;	/* pending or being sent */
	int64_t		 outbox_oldest;		/* created_at, 0: none */
	int64_t		 failed_day;		/* failed for good, last 24 h */
	int64_t		 tracking_at;		/* last event received, 0 */
	struct job_note	 notifier, billing, poll;
	bool		 polls;			/* the carrier is polled */
};

enum rerr	 status_read(struct db *, const char *db_path, int64_t now,
		    struct status_report *);
/* Writes the report; returns the number of problems. */
int		 status_print(FILE *, const struct status_report *,
		    int64_t now);

#endif
