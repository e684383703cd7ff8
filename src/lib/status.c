/* status.c -- see include/returns/status.h. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>

#include "returns/schema.h"
#include "returns/status.h"

/* thresholds of a problem */
#define OUTBOX_LATE	(30 * 60)	/* an email waiting longer */
#define BILLING_LATE	(48 * 3600)	/* the daily check not run */
#define POLL_LATE	(2 * 3600)	/* the 15-minute poll not run */

enum rerr
status_note(struct db *db, const char *name, bool ok, const char *detail,
    int64_t now)
{
	return db_exec(db, "INSERT INTO service_state (name, at, ok, detail)"
	    " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (name) DO UPDATE SET"
	    " at = ?2, ok = ?3, detail = ?4", "tiit", name, now, (int)ok,
	    detail ? detail : "");
}

static void
read_note(struct db *db, const char *name, struct job_note *n)
{
	sqlite3_stmt *st = db_stmt(db, "SELECT at, ok, detail FROM"
	    " service_state WHERE name = ?");

	memset(n, 0, sizeof(*n));
	if (st == NULL || db_bind(st, "t", name) != E_OK)
		return;
	if (sqlite3_step(st) == SQLITE_ROW) {
		n->seen = true;
		n->at = sqlite3_column_int64(st, 0);
		n->ok = sqlite3_column_int(st, 1) != 0;
		snprintf(n->detail, sizeof(n->detail), "%s", db_text(st, 2));
	}
	sqlite3_reset(st);
}

static int64_t
file_bytes(const char *path, const char *suffix)
{
	char p[4096];
	struct stat sb;

	snprintf(p, sizeof(p), "%s%s", path, suffix);
	return stat(p, &sb) == 0 ? (int64_t)sb.st_size : 0;
}

enum rerr
status_read(struct db *db, const char *db_path, int64_t now,
    struct status_report *r)
{
	memset(r, 0, sizeof(*r));
	r->version = db_version(db);
	r->latest = schema_latest();
	r->db_bytes = file_bytes(db_path, "");
	r->wal_bytes = file_bytes(db_path, "-wal");
	r->outbox_waiting = db_int(db, "SELECT count(*) FROM outbox WHERE"
	    " state IN ('pending', 'sending')", "");
	r->outbox_oldest = db_int(db, "SELECT coalesce(min(created_at), 0)"
	    " FROM outbox WHERE state IN ('pending', 'sending')", "");
	r->failed_day = db_int(db, "SELECT count(*) FROM outbox WHERE"
	    " state = 'failed' AND next_at >= ?", "i", now - 86400);
	r->tracking_at = db_int(db, "SELECT coalesce(max(tracking_at), 0)"
	    " FROM merchants", "");
	read_note(db, "notifier", &r->notifier);
	read_note(db, "billing", &r->billing);
	read_note(db, "poll", &r->poll);
	r->polls = r->poll.seen;
	return r->version < 0 ? E_DB : E_OK;
}

/* "3 min ago", "2 h ago", "5 days ago", with the UTC time */
static const char *
ago(int64_t t, int64_t now, char *buf, size_t len)
{
	char when[32];
	int64_t d = now - t;
	time_t tt = (time_t)t;
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M UTC", &tm);
	if (d < 120)
		snprintf(buf, len, "%s (%lld s ago)", when, (long long)d);
	else if (d < 7200)
		snprintf(buf, len, "%s (%lld min ago)", when,
		    (long long)(d / 60));
	else if (d < 3 * 86400)
		snprintf(buf, len, "%s (%lld h ago)", when,
		    (long long)(d / 3600));
	else
		snprintf(buf, len, "%s (%lld days ago)", when,
		    (long long)(d / 86400));
	return buf;
}

static void
mb(char *buf, size_t len, int64_t bytes)
{
	snprintf(buf, len, "%.1f MB", (double)bytes / 1e6);
}

int
status_print(FILE *f, const struct status_report *r, int64_t now)
{
	char a[96], b[32], c[32];
	int problems = 0;
#define LINE(bad, key, ...) do { \
	fprintf(f, "%-18s ", key); fprintf(f, __VA_ARGS__); \
	if (bad) { fputs("  <- PROBLEM", f); problems++; } \
	fputc('\n', f); } while (0)

	mb(b, sizeof(b), r->db_bytes);
	mb(c, sizeof(c), r->wal_bytes);
	LINE(r->version != r->latest, "database", "%s, WAL %s, schema %d%s",
	    b, c, r->version, r->version == r->latest ? "" :
	    r->version < r->latest ? " (run returnsctl migrate)" :
	    " (newer than this program)");
	if (r->outbox_waiting == 0)
		LINE(false, "outbox", "empty");
	else
		LINE(now - r->outbox_oldest > OUTBOX_LATE, "outbox",
		    "%lld waiting, the oldest since %s",
		    (long long)r->outbox_waiting,
		    ago(r->outbox_oldest, now, a, sizeof(a)));
	LINE(r->failed_day > 0, "failed emails", "%lld in the last day%s",
	    (long long)r->failed_day, r->failed_day > 0 ?
	    " (returnsctl outbox list)" : "");
	if (!r->notifier.seen)
		LINE(r->outbox_waiting > 0 &&
		    now - r->outbox_oldest > OUTBOX_LATE, "sending",
		    "the notifier has not run yet");
	else if (r->notifier.ok)
		LINE(false, "sending", "working, since %s",
		    ago(r->notifier.at, now, a, sizeof(a)));
	else
		LINE(true, "sending", "PAUSED since %s: %s",
		    ago(r->notifier.at, now, a, sizeof(a)), r->notifier.detail);
	if (!r->billing.seen)
		LINE(false, "billing check", "never run (returns-billing.timer "
		    "runs it daily)");
	else
		LINE(now - r->billing.at > BILLING_LATE || !r->billing.ok,
		    "billing check", "%s%s%s",
		    ago(r->billing.at, now, a, sizeof(a)),
		    r->billing.detail[0] ? ": " : "", r->billing.detail);
	if (!r->poll.seen)
		LINE(false, "tracking poll", "never run");
	else
		LINE(now - r->poll.at > POLL_LATE || !r->poll.ok,
		    "tracking poll", "%s%s%s", ago(r->poll.at, now, a,
		    sizeof(a)), r->poll.detail[0] ? ": " : "",
		    r->poll.detail);
	if (r->tracking_at == 0)
		LINE(false, "tracking events", "none received yet");
	else
		LINE(false, "tracking events", "the last received %s",
		    ago(r->tracking_at, now, a, sizeof(a)));
#undef LINE
	if (problems == 0)
		fprintf(f, "%-18s ok\n", "status");
	else
		fprintf(f, "%-18s %d problem%s\n", "status", problems,
		    problems == 1 ? "" : "s");
	return problems;
}
