/* tracking_poll.c -- tracking_poll() of include/returns/tracking.h: the
 * carrier's events for the returns it made, within its rate limit. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "returns/carrier.h"
#include "returns/carrier_link.h"
#include "returns/log.h"
#include "returns/tracking.h"

#define POLL_DAYS	60	/* returns older than this are not asked */
#define POLL_BACKOFF	60	/* seconds after the over-limit answer */

static const char SQL_UNTIL[] =
    "SELECT value FROM carrier_state WHERE key = 'poll_until'";
static const char SQL_SET_UNTIL[] =
    "INSERT OR REPLACE INTO carrier_state (key, value)"
    " VALUES ('poll_until', ?)";
/* from shipments_poll, whose returns are the carrier's not yet
 * delivered (its conditions written out, or SQLite cannot use it: every
 * return of the site was read, a million at a time) */
static const char SQL_DUE[] =
    "SELECT id, tracking, merchant_id FROM shipments INDEXED BY"
    " shipments_poll WHERE carrier = ? AND carrier <> 'local'"
    " AND status <> 'delivered' AND created_at > ?"
    " ORDER BY polled_at, id LIMIT ?";
static const char SQL_LEFT[] =
    "SELECT count(*) FROM shipments INDEXED BY shipments_poll"
    " WHERE carrier = ? AND carrier <> 'local'"
    " AND status <> 'delivered' AND created_at > ? AND polled_at < ?";
static const char SQL_POLLED[] =
    "UPDATE shipments SET polled_at = ? WHERE id = ?";

struct due {
	int64_t	 id, merchant_id;
	char	 pin[17];
};

/* One integer from a single-row query bound like db_bind(); 0 when no
 * row, -1 on error. */
static int64_t
one(struct db *db, sqlite3_stmt *st)
{
	int64_t v = 0;
	int rc;

	if (st == NULL)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	else if (rc != SQLITE_DONE)
		v = db_err(db, rc) == E_OK ? 0 : -1;
	sqlite3_reset(st);
	return v;
}

static enum rerr
set_until(struct db *db, int64_t until)
{
	enum rerr e;

	if ((e = db_begin(db)) != E_OK)
		return e;
	if ((e = db_exec(db, SQL_SET_UNTIL, "i", until)) != E_OK) {
		db_rollback(db);
		return e;
	}
	return db_commit(db);
}

/* Applies one return's events (the carrier's, mapped) with the feed's
 * code path; marks the return asked. */
static enum rerr
apply(struct db *db, const struct due *d, const struct carrier_event *ce,
    size_t n, int64_t now, struct poll_stats *ps)
{
	struct tevent *ev = calloc(n ? n : 1, sizeof(*ev));
	enum ev_result *res = calloc(n ? n : 1, sizeof(*res));
	enum rerr e = E_OK;

	if (ev == NULL || res == NULL) {
		e = E_SYS;
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		/* the same scan always gives the same id: applied once */
		snprintf(ev[i].event_id, sizeof(ev[i].event_id),
		    "cp:%s:%.8s:%lld", d->pin, ce[i].code,
		    (long long)ce[i].at);
		snprintf(ev[i].tracking, sizeof(ev[i].tracking), "%s", d->pin);
		ev[i].type = (enum ev_type)ce[i].type;
		ev[i].at = ce[i].at;
		ev[i].utc_offset = ce[i].utc_offset;
		snprintf(ev[i].location, sizeof(ev[i].location), "%s",
		    ce[i].location);
		snprintf(ev[i].description, sizeof(ev[i].description), "%s",
		    ce[i].description);
	}
	if (n > 0 && (e = tracking_apply(db, ev, n, now, res)) != E_OK)
		goto done;
	for (size_t i = 0; i < n; i++)
		if (res[i] == EVR_APPLIED)
			ps->applied++;
	ps->events += n;
	if ((e = db_begin(db)) == E_OK) {
		if ((e = db_exec(db, SQL_POLLED, "ii", now, d->id)) != E_OK)
			db_rollback(db);
		else
			e = db_commit(db);
	}
done:
	free(ev);
	free(res);
	return e;
}

enum rerr
tracking_poll(struct db *db, int64_t now, int per_minute, int max_calls,
    struct poll_stats *ps)
{
	const char *carrier = carrier_name();
	int64_t until, since = now - POLL_DAYS * 86400;
	useconds_t gap;
	struct due *due = NULL;
	size_t n = 0;
	sqlite3_stmt *st;
	enum rerr e = E_OK;
	int rc;

	memset(ps, 0, sizeof(*ps));
	if (carrier_self_issued())
		return E_OK;
	if (per_minute < 1)
		per_minute = 1;
	if (max_calls < 1)
		max_calls = 1;
	gap = (useconds_t)(60000000 / per_minute);
	if ((until = one(db, db_stmt(db, SQL_UNTIL))) < 0)
		return E_DB;
	if (until > now) {
		ps->rate_limited = true;
		ps->resume_at = until;
		st = db_stmt(db, SQL_LEFT);
		ps->left = st == NULL || db_bind(st, "tii", carrier, since,
		    now) != E_OK ? 0 : (size_t)one(db, st);
		return E_OK;
	}
	if ((due = calloc((size_t)max_calls, sizeof(*due))) == NULL)
		return E_SYS;
	if ((st = db_stmt(db, SQL_DUE)) == NULL ||
	    db_bind(st, "tii", carrier, since, (int64_t)max_calls) != E_OK) {
		free(due);
		return E_DB;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < (size_t)max_calls) {
		due[n].id = sqlite3_column_int64(st, 0);
		snprintf(due[n].pin, sizeof(due[n].pin), "%s", db_text(st, 1));
		due[n].merchant_id = sqlite3_column_int64(st, 2);
		n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		free(due);
		return db_err(db, rc);
	}
	for (size_t i = 0; i < n; i++) {
		struct carrier_link link;
		struct carrier_event *ev = NULL;
		struct carrier_fail f;
		size_t k = 0;
		enum carrier_err ce;

		if (i > 0)
			usleep(gap);	/* within the per-minute budget */
		if ((e = carrier_link_get(db, due[i].merchant_id, &link)) ==
		    E_NOTFOUND)
			memset(&link, 0, sizeof(link));	/* ours */
		else if (e != E_OK)
			break;
		e = E_OK;
		ce = carrier_track(&link.acct, due[i].pin, &ev, &k, &f);
		explicit_bzero(&link.acct, sizeof(link.acct));
		ps->asked++;
		if (ce == CE_RATE_LIMITED) {
			free(ev);
			ps->asked--;
			ps->rate_limited = true;
			ps->resume_at = (int64_t)time(NULL) + POLL_BACKOFF;
			e = set_until(db, ps->resume_at);
			break;
		}
		if (ce == CE_NO_HISTORY)
			ps->no_history++;
		else if (ce != CE_OK)
			ps->failed++;
		e = apply(db, &due[i], ev, ce == CE_OK ? k : 0,
		    (int64_t)time(NULL), ps);
		free(ev);
		if (e != E_OK)
			break;
		if (ce == CE_UNREACHABLE || ce == CE_AUTH)
			break;		/* the next ones would fail alike */
	}
	free(due);
	if (e == E_OK) {
		int64_t left = (st = db_stmt(db, SQL_LEFT)) == NULL ||
		    db_bind(st, "tii", carrier, since, now) != E_OK ? -1 :
		    one(db, st);
		ps->left = left > 0 ? (size_t)left : 0;
	}
	return e;
}
