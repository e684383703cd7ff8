/* reports.c -- see include/returns/reports.h. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "returns/log.h"
#include "returns/reports.h"
#include "returns/shipment.h"

static const char *const services[] = { "priority", "xpresspost",
    "expedited", "regular" };

int
service_standard_days(const char *s)
{
	if (strcmp(s, "priority") == 0)
		return 1;
	if (strcmp(s, "xpresspost") == 0)
		return 2;
	if (strcmp(s, "expedited") == 0)
		return 3;
	return 5;		/* regular */
}

static int
service_index(const char *s)
{
	for (int i = 0; i < 4; i++)
		if (strcmp(s, services[i]) == 0)
			return i;
	return 3;
}

static const char SQL_LATEST[] =
    "SELECT tracking_at, tracking_n FROM merchants WHERE id = ?";

/* When the merchant's newest tracking event arrived; *n counts them. */
static int64_t
latest_data(struct db *db, int64_t merchant_id, int64_t *n)
{
	sqlite3_stmt *st = db_stmt(db, SQL_LATEST);
	int64_t v = 0;

	*n = -1;
	if (st == NULL || db_bind(st, "i", merchant_id) != E_OK)
		return 0;
	if (sqlite3_step(st) == SQLITE_ROW) {
		v = sqlite3_column_int64(st, 0);
		*n = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return v;
}

static struct ymd
local_day(int64_t t, const char *tz)
{
	struct ymd d = { 1970, 1, 1 };
	int off;

	civil_in_tz(t, tz, &d, &off);
	return d;
}

/* ---- forecast ---- */

static const char SQL_OBSERVED[] =
    "SELECT s.service, s.accepted_at, s.delivered_at, p.province"
    " FROM shipments s JOIN policies p ON p.id = s.policy_id"
    " WHERE s.merchant_id = ? AND s.delivered_at >= ?"
    " AND s.accepted_at IS NOT NULL"
    " ORDER BY s.delivered_at DESC LIMIT 4000";
/* INDEXED BY: ANALYZE's average rows per (merchant, status) is all a
 * big merchant's delivered returns over five states, so the planner
 * would read every return rather than the few on their way */
static const char SQL_IN_TRANSIT[] =
    "SELECT s.service, s.accepted_at, p.number, p.name, p.province,"
    " s.tracking FROM shipments s INDEXED BY shipments_list_status"
    " JOIN policies p ON p.id = s.policy_id"
    " WHERE s.merchant_id = ? AND s.status IN"
    " ('accepted', 'in_transit', 'exception') AND s.accepted_at IS NOT NULL";

static int
cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

/* the longest overdue first, then by tracking number */
static int
late_cmp(const void *a, const void *b)
{
	const struct fc_overdue *x = a, *y = b;
	int c = ymd_cmp(x->expected, y->expected);

	return c != 0 ? c : strcmp(x->tracking, y->tracking);
}

static struct fc_group *
group(struct arena *a, struct fc_group **v, size_t *n, size_t *cap,
    const char *key, const char *label)
{
	for (size_t i = 0; i < *n; i++)
		if (strcmp((*v)[i].key, key) == 0)
			return &(*v)[i];
	if (*n == *cap) {
		*cap *= 2;
		*v = arena_grow(a, *v, *n, *cap, sizeof(**v));
	}
	memset(&(*v)[*n], 0, sizeof(**v));
	(*v)[*n].key = arena_strdup(a, key);
	(*v)[*n].label = arena_strdup(a, label);
	return &(*v)[(*n)++];
}

/* The observed transit times of the last merchants seen by this
 * process: up to 4,000 deliveries each, two time zone conversions a
 * delivery, are read again only when a tracking event arrived or the day
 * changed (the key), so the Returns tab does not redo them per view. */
#define TRANSIT_CACHE	16
static struct {
	int64_t		 merchant_id, events;
	struct ymd	 today;
	char		 tz[64];
	struct {
		int	 days, samples;
		bool	 observed;
	}		 t[4];
} tcache[TRANSIT_CACHE];
static unsigned tcache_next;

static bool
transit_cached(int64_t merchant_id, int64_t events, const char *tz,
    struct forecast *f)
{
	for (int i = 0; i < TRANSIT_CACHE; i++)
		if (tcache[i].merchant_id == merchant_id && events >= 0 &&
		    tcache[i].events == events &&
		    ymd_cmp(tcache[i].today, f->today) == 0 &&
		    strcmp(tcache[i].tz, tz) == 0) {
			for (int k = 0; k < 4; k++) {
				f->transit[k].service = services[k];
				f->transit[k].days = tcache[i].t[k].days;
				f->transit[k].samples = tcache[i].t[k].samples;
				f->transit[k].observed = tcache[i].t[k].observed;
			}
			return true;
		}
	return false;
}

static void
transit_keep(int64_t merchant_id, int64_t events, const char *tz,
    const struct forecast *f)
{
	unsigned i = tcache_next++ % TRANSIT_CACHE;

	if (events < 0 || strlen(tz) >= sizeof(tcache[i].tz))
		return;
	tcache[i].merchant_id = merchant_id;
	tcache[i].events = events;
	tcache[i].today = f->today;
	snprintf(tcache[i].tz, sizeof(tcache[i].tz), "%s", tz);
	for (int k = 0; k < 4; k++) {
		tcache[i].t[k].days = f->transit[k].days;
		tcache[i].t[k].samples = f->transit[k].samples;
		tcache[i].t[k].observed = f->transit[k].observed;
	}
}

enum rerr
report_forecast(struct db *db, int64_t merchant_id, const char *tz,
    int64_t now, struct arena *a, struct forecast *f)
{
	sqlite3_stmt *st;
	int *samples[4], ns[4] = { 0 }, rc;
	size_t pcap = 8, scap = 4;
	int64_t events;

	memset(f, 0, sizeof(*f));
	f->today = local_day(now, tz);
	next_business_days(ymd_add_days(f->today, -1), FORECAST_DAYS, NULL,
	    f->days);
	f->latest_data = latest_data(db, merchant_id, &events);
	f->policies = arena_alloc(a, pcap * sizeof(struct fc_group));
	f->late = arena_alloc(a, FORECAST_OVERDUE_LIST *
	    sizeof(struct fc_overdue));
	f->services = arena_alloc(a, scap * sizeof(struct fc_group));

	/* observed transit times: the process keeps them while the
	 * merchant's tracking data and the day stay the same */
	if (transit_cached(merchant_id, events, tz, f))
		goto in_transit;
	/* observed transit times, in business days, per service */
	for (int i = 0; i < 4; i++)
		samples[i] = arena_alloc(a, 4000 * sizeof(int));
	if ((st = db_stmt(db, SQL_OBSERVED)) == NULL ||
	    db_bind(st, "ii", merchant_id, now - 365 * 86400) != E_OK)
		return E_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int k = service_index(db_text(st, 0));
		const char *prov = db_text(st, 3);
		struct ymd acc = local_day(sqlite3_column_int64(st, 1), tz);
		struct ymd del = local_day(sqlite3_column_int64(st, 2), tz);
		if (ns[k] < 4000)
			samples[k][ns[k]++] = business_days_between(acc, del,
			    prov);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_err(db, rc);
	for (int i = 0; i < 4; i++) {
		f->transit[i].service = services[i];
		f->transit[i].samples = ns[i];
		if (ns[i] >= OBSERVED_MIN) {
			qsort(samples[i], (size_t)ns[i], sizeof(int), cmp_int);
			f->transit[i].days = samples[i][ns[i] / 2];
			if (f->transit[i].days < 1)
				f->transit[i].days = 1;
			f->transit[i].observed = true;
		} else
			f->transit[i].days = service_standard_days(services[i]);
	}
	transit_keep(merchant_id, events, tz, f);
in_transit:
	if ((st = db_stmt(db, SQL_IN_TRANSIT)) == NULL ||
	    db_bind(st, "i", merchant_id) != E_OK)
		return E_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *svc = db_text(st, 0);
		int k = service_index(svc), col = -1;
		struct ymd acc = local_day(sqlite3_column_int64(st, 1), tz);
		struct ymd exp = add_business_days(acc, f->transit[k].days,
		    db_text(st, 4));
		struct fc_group *gp = group(a, &f->policies, &f->npolicies,
		    &pcap, db_text(st, 2), db_text(st, 3));
		struct fc_group *gs = group(a, &f->services, &f->nservices,
		    &scap, services[k], "");

		f->in_transit++;
		gp->total++;
		gs->total++;
		if (ymd_cmp(exp, f->today) < 0) {
			if (f->nlate < FORECAST_OVERDUE_LIST) {
				struct fc_overdue *o = &f->late[f->nlate++];

				o->tracking = arena_strdup(a, db_text(st, 5));
				o->policy = gp->key;
				o->expected = exp;
			}
			f->overdue++;
			gp->overdue++;
			gs->overdue++;
			continue;
		}
		for (int d = 0; d < FORECAST_DAYS; d++)
			if (ymd_cmp(exp, f->days[d]) <= 0) {
				col = d;
				break;
			}
		if (col < 0) {
			f->later++;
			continue;
		}
		f->counts[col]++;
		gp->days[col]++;
		gs->days[col]++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_err(db, rc);
	qsort(f->late, f->nlate, sizeof(*f->late), late_cmp);
	return E_OK;
}

/* ---- what needs attention ---- */

static const char SQL_ATT_SUSPENDED[] =
    "SELECT count(*) FROM policies WHERE merchant_id = ?"
    " AND status = 'suspended'";
static const char SQL_ATT_EXCEPTIONS[] =
    "SELECT count(*) FROM (SELECT 1 FROM shipments"
    " INDEXED BY shipments_exceptions WHERE merchant_id = ?1"
    " AND status = 'exception' AND updated_at >= ?2 LIMIT ?3)";
/* a label expires SHIP_EXPIRY_DAYS after it was made: the bound on
 * created_at keeps the read to the last month's labels */
static const char SQL_ATT_EXPIRING[] =
    "SELECT count(*) FROM (SELECT 1 FROM shipments"
    " INDEXED BY shipments_list_status WHERE merchant_id = ?1"
    " AND status = 'created' AND created_at >= ?2 - ?4"
    " AND expires_at > ?2 AND expires_at <= ?2 + ?5 LIMIT ?3)";

enum rerr
report_attention(struct db *db, int64_t merchant_id, int64_t now,
    struct attention *a)
{
	int64_t v[3];

	memset(a, 0, sizeof(*a));
	v[0] = db_int(db, SQL_ATT_SUSPENDED, "i", merchant_id);
	v[1] = db_int(db, SQL_ATT_EXCEPTIONS, "iid", merchant_id,
	    now - 7 * 86400, ATTENTION_CAP);
	v[2] = db_int(db, SQL_ATT_EXPIRING, "iidid", merchant_id, now,
	    ATTENTION_CAP, (int64_t)SHIP_EXPIRY_DAYS * 86400,
	    ATTENTION_EXPIRING_DAYS * 86400);
	if (v[0] < 0 || v[1] < 0 || v[2] < 0)
		return E_DB;
	a->suspended = (int)v[0];
	a->exceptions = (int)v[1];
	a->expiring = (int)v[2];
	return E_OK;
}

/* ---- the returns by state ---- */

static const char SQL_STATES[] =
    "SELECT status, sum(n) FROM return_counts WHERE merchant_id = ?1"
    " AND (?2 = '' OR policy_id = (SELECT id FROM policies"
    " WHERE merchant_id = ?1 AND number = ?2)) GROUP BY status";

static const char SQL_EXPIRED[] =
    "SELECT count(*) FROM (SELECT 1 FROM shipments s"
    " INDEXED BY shipments_list_status WHERE s.merchant_id = ?1"
    " AND s.status = 'created' AND s.expires_at <= ?3"
    " AND (?2 = '' OR s.policy_id = (SELECT id FROM policies"
    " WHERE merchant_id = ?1 AND number = ?2)) LIMIT ?4)";

enum rerr
report_state_counts(struct db *db, int64_t merchant_id, const char *policy,
    int64_t now, int counts[6])
{
	static const char *const st5[] = { "created", "expired", "accepted",
	    "in_transit", "exception", "delivered" };
	sqlite3_stmt *st = db_stmt(db, SQL_STATES);
	int64_t x;
	int rc;

	for (int i = 0; i < 6; i++)
		counts[i] = 0;
	if (st == NULL || db_bind(st, "it", merchant_id, policy ? policy : "")
	    != E_OK)
		return E_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		for (int i = 0; i < 6; i++)
			if (strcmp(db_text(st, 0), st5[i]) == 0)
				counts[i] = sqlite3_column_int(st, 1);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_err(db, rc);
	if ((x = db_int(db, SQL_EXPIRED, "itid", merchant_id,
	    policy ? policy : "", now, LIST_COUNT_CAP * 10)) < 0)
		return E_DB;
	counts[1] = (int)x;
	counts[0] -= counts[0] >= counts[1] ? counts[1] : counts[0];
	return E_OK;
}

/* ---- why customers return ---- */

/* The year's rows, summed here: GROUP BY sorted every row of the year
 * (a day and reason each, 1,258 for the demo merchant) before adding them
 * up, more than half of the Returns tab's time. */
static const char SQL_REASONS[] =
    "SELECT reason, n FROM reason_counts WHERE merchant_id = ?"
    " AND day > ?";

static int
own_cmp(const void *a, const void *b)
{
	const struct reason_count *x = a, *y = b;

	if (x->n != y->n)
		return x->n > y->n ? -1 : 1;
	return strcmp(x->reason, y->reason);
}

enum rerr
report_reasons(struct db *db, int64_t merchant_id, int64_t now,
    struct arena *a, struct reason_count **out, size_t *n)
{
	sqlite3_stmt *st = db_stmt(db, SQL_REASONS);
	struct reason_count *own = NULL;
	size_t ncat = 0, nown = 0, cap = 0, shown;
	int rc;

	while (shipment_reasons[ncat] != NULL)
		ncat++;
	*out = arena_alloc(a, (ncat + REASONS_OWN_SHOWN) *
	    sizeof(struct reason_count));
	for (size_t i = 0; i < ncat; i++)
		(*out)[i] = (struct reason_count){ shipment_reasons[i], 0 };
	*n = ncat;
	if (st == NULL || db_bind(st, "ii", merchant_id, now / 86400 - 365)
	    != E_OK)
		return E_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *r = db_text(st, 0);
		int k = sqlite3_column_int(st, 1);
		size_t i;

		for (i = 0; i < ncat; i++)
			if (strcmp(r, shipment_reasons[i]) == 0) {
				(*out)[i].n += k;
				break;
			}
		if (i < ncat || strncmp(r, "c:", 2) != 0)
			continue;
		/* the merchant's own words: a few, each on many days */
		for (i = 0; i < nown; i++)
			if (strcmp(r, own[i].reason) == 0)
				break;
		if (i == nown) {
			if (nown == cap) {
				cap = cap ? cap * 2 : 16;
				own = arena_grow(a, own, nown, cap,
				    sizeof(*own));
			}
			own[nown++] = (struct reason_count){
			    arena_strdup(a, r), 0 };
		}
		own[i].n += k;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_err(db, rc);
	for (size_t i = 0; i < ncat; i++)
		if ((*out)[i].n < 0)
			(*out)[i].n = 0;
	/* the most given first, those of none left out */
	if (nown > 0)
		qsort(own, nown, sizeof(*own), own_cmp);
	for (shown = 0; shown < nown && shown < REASONS_OWN_SHOWN &&
	    own[shown].n > 0; shown++)
		(*out)[(*n)++] = own[shown];
	return E_OK;
}

/* ---- history ---- */

static const char *const by_names[] = { "month", "week", "day" };

int
hist_by_parse(const char *s, enum hist_by *out)
{
	for (int i = 0; i < 3; i++)
		if (s != NULL && strcmp(s, by_names[i]) == 0) {
			*out = (enum hist_by)i;
			return 0;
		}
	return -1;
}

const char *
hist_by_name(enum hist_by b)
{
	return by_names[b];
}

/* Index of the period holding day d (may be out of range). */
static long
period_of(enum hist_by by, struct ymd from, struct ymd d)
{
	switch (by) {
	case BY_MONTH:
		return (long)(d.y * 12 + d.m) - (from.y * 12 + from.m);
	case BY_WEEK:
		return (long)((days_from_civil(iso_week_monday(d)) -
		    days_from_civil(from)) / 7);
	case BY_DAY:
		break;
	}
	return (long)(days_from_civil(d) - days_from_civil(from));
}

static const char SQL_HISTORY[] =
    "SELECT s.delivered_at / 1800, s.policy_id, s.service, count(*)"
    " FROM shipments s WHERE s.merchant_id = ?1"
    " AND s.delivered_at >= ?2 AND s.delivered_at < ?3"
    " AND (?4 = '' OR s.policy_id = (SELECT id FROM policies"
    "   WHERE merchant_id = ?1 AND number = ?4))"
    " AND (?5 = '' OR s.service = ?5)"
    " GROUP BY 1, 2, 3";
static const char SQL_POLICY_NAMES[] =
    "SELECT id, number, name FROM policies WHERE merchant_id = ?"
    " ORDER BY number";

/* Every policy of the merchant, deleted ones included (their returns
 * stay): ids in *pid (when not NULL), numbers and names in *out with
 * zero counts. */
static enum rerr
policy_names(struct db *db, int64_t merchant_id, struct arena *a,
    int64_t **pid, struct hist_total **out, size_t *n)
{
	sqlite3_stmt *st;
	size_t cap = 64;
	int64_t *ids = arena_alloc(a, cap * sizeof(int64_t));
	int rc;

	*n = 0;
	*out = arena_alloc(a, cap * sizeof(struct hist_total));
	if ((st = db_stmt(db, SQL_POLICY_NAMES)) == NULL ||
	    db_bind(st, "i", merchant_id) != E_OK)
		return E_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (*n == cap) {
			cap *= 2;
			ids = arena_grow(a, ids, *n, cap, sizeof(*ids));
			*out = arena_grow(a, *out, *n, cap, sizeof(**out));
		}
		ids[*n] = sqlite3_column_int64(st, 0);
		(*out)[*n].key = arena_strdup(a, db_text(st, 1));
		(*out)[*n].label = arena_strdup(a, db_text(st, 2));
		(*out)[*n].count = 0;
		(*n)++;
	}
	sqlite3_reset(st);
	if (pid != NULL)
		*pid = ids;
	return rc == SQLITE_DONE ? E_OK : db_err(db, rc);
}

enum rerr
report_policies(struct db *db, int64_t merchant_id, struct arena *a,
    struct hist_total **out, size_t *n)
{
	return policy_names(db, merchant_id, a, NULL, out, n);
}

enum rerr
report_history(struct db *db, int64_t merchant_id, const char *tz,
    enum hist_by by, const char *policy, const char *service, int64_t now,
    struct arena *a, struct history *h)
{
	sqlite3_stmt *st;
	struct ymd today = local_day(now, tz), d, first;
	int64_t *pid, events;
	size_t np = 0;
	enum rerr e;
	int rc;

	memset(h, 0, sizeof(*h));
	h->by = by;
	h->to = today;
	/* the same window for months, weeks and days, so that their totals
	 * agree: from the first of the month eleven months back */
	h->from = (struct ymd){ today.m == 12 ? today.y : today.y - 1,
	    today.m == 12 ? 1 : today.m + 1, 1 };
	first = by == BY_WEEK ? iso_week_monday(h->from) : h->from;
	h->nperiods = (size_t)period_of(by, first, today) + 1;
	h->periods = arena_alloc(a, h->nperiods * sizeof(struct hist_period));
	for (size_t i = 0; i < h->nperiods; i++) {
		struct hist_period *p = &h->periods[i];
		memset(p, 0, sizeof(*p));
		if (by == BY_MONTH) {
			int mi = first.m - 1 + (int)i;
			p->start = (struct ymd){ first.y + mi / 12,
			    mi % 12 + 1, 1 };
			snprintf(p->key, sizeof(p->key), "%04d-%02d",
			    p->start.y, p->start.m);
		} else if (by == BY_WEEK) {
			int wy, wk;
			p->start = ymd_add_days(first, (int)i * 7);
			iso_week(p->start, &wy, &wk);
			snprintf(p->key, sizeof(p->key), "%04d-W%02d", wy, wk);
		} else {
			p->start = ymd_add_days(first, (int)i);
			ymd_format(p->start, p->key);
		}
	}
	h->latest_data = latest_data(db, merchant_id, &events);

	/* policy numbers and names, for the per-policy totals */
	if ((e = policy_names(db, merchant_id, a, &pid, &h->policies, &np))
	    != E_OK)
		return e;
	h->services = arena_alloc(a, 4 * sizeof(struct hist_total));
	for (int i = 0; i < 4; i++)
		h->services[i] = (struct hist_total){ services[i], "", 0 };
	h->nservices = 4;

	if ((st = db_stmt(db, SQL_HISTORY)) == NULL ||
	    db_bind(st, "iiitt", merchant_id, tz_midnight(h->from, tz),
	    tz_midnight(ymd_add_days(today, 1), tz), policy ? policy : "",
	    service ? service : "") != E_OK)
		return E_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t bucket = sqlite3_column_int64(st, 0);
		int64_t p = sqlite3_column_int64(st, 1);
		int k = service_index(db_text(st, 2));
		int c = sqlite3_column_int(st, 3);
		long i;

		d = local_day(bucket * 1800, tz);
		i = period_of(by, first, d);
		if (i < 0 || (size_t)i >= h->nperiods)
			continue;
		h->periods[i].count += c;
		h->total += c;
		h->services[k].count += c;
		for (size_t j = 0; j < np; j++)
			if (pid[j] == p) {
				h->policies[j].count += c;
				break;
			}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_err(db, rc);
	h->npolicies = np;
	for (size_t i = 0; i < h->nperiods; i++)
		if (h->periods[i].count > h->max)
			h->max = h->periods[i].count;
	return E_OK;
}

/* ---- the list ----
 *
 * The list's cost does not grow with the merchant's history: its rows
 * come straight from an index in the list's order (newest first) for the
 * unfiltered list and for each filter, and its number comes from
 * return_counts (kept by triggers, migration 11) or, under a date range
 * or a search, from a count that stops past LIST_COUNT_CAP.
 *
 * A search matches the beginning of a tracking, RA or order number, of
 * the customer's name or its last word, or of the email (return_terms,
 * lower-cased). When it matches few returns (up to SPARSE), those are
 * read through return_terms and sorted; when it matches many, the list
 * is walked in its order with the search as a condition, and the first
 * page is found after a few rows. */

#define SPARSE	500

enum {
	LF_STATUS	= 1 << 0,
	LF_POLICY	= 1 << 1,
	LF_FROM		= 1 << 2,
	LF_TO		= 1 << 3,
	LF_TERMS	= 1 << 4,	/* few matches: from return_terms */
	LF_WALK		= 1 << 5,	/* many: the list's order, EXISTS */
	LF_EXPIRY	= 1 << 6,	/* labels created: expired or not */
	LF_WORD2	= 1 << 7,	/* and a second word, any order */
	LF_ALL		= 1 << 8
};

/* One list query's values: ?1 merchant, ?2 status, ?3 policy id, ?4 from,
 * ?5 to (created_at, UTC seconds), ?6 and ?7 the search's range of
 * terms, ?8 limit, ?9 offset, ?10 now (a label created and unused past
 * its expiry shows as "expired"), ?11 1 for the expired labels, 0 for
 * the others (LF_EXPIRY). */
struct listq {
	unsigned	 mask;
	int64_t		 merchant_id, policy_id, from, to, now;
	int		 expired;
	const char	*status;
	char		 lo[256], hi[260];
	char		 lo2[256], hi2[260];	/* ?12, ?13: LF_WORD2 */
};

#define LIST_COLS \
    "SELECT s.tracking, (SELECT number FROM policies WHERE id = s.policy_id)," \
    " s.name, s.ra_number, s.order_answer," \
    " s.service, s.status, s.method, s.weight_g, s.created_at," \
    " coalesce(s.accepted_at, 0), coalesce(s.delivered_at, 0)," \
    " s.email, s.line1, s.line2, s.city, s.province, s.postal," \
    " s.expires_at, s.reason, s.reason_text"

/* The FROM and WHERE of the list under `mask`. A policy alone reads
 * (policy, date) in the list's order: ANALYZE's average rows per policy
 * may lead the planner to walk the merchant's whole list instead. */
static void
list_from(char *b, size_t len, unsigned mask)
{
	size_t n;

	n = (size_t)snprintf(b, len, "%s", (mask & LF_TERMS) ?
	    " FROM (SELECT DISTINCT shipment_id AS sid FROM return_terms"
	    " WHERE merchant_id = ?1 AND term >= ?6 AND term < ?7) t"
	    " CROSS JOIN shipments s ON s.id = t.sid"
	    " WHERE s.merchant_id = ?1" :
	    (mask & LF_POLICY) && !(mask & LF_STATUS) ?
	    " FROM shipments s INDEXED BY shipments_policy"
	    " WHERE s.merchant_id = ?1" :
	    " FROM shipments s WHERE s.merchant_id = ?1");
	n += (size_t)snprintf(b + n, len - n, "%s%s%s%s%s%s%s",
	    (mask & LF_WORD2) ? " AND EXISTS (SELECT 1 FROM return_terms t2"
	    " WHERE t2.shipment_id = s.id AND t2.term >= ?12"
	    " AND t2.term < ?13)" : "",
	    (mask & LF_STATUS) ? " AND s.status = ?2" : "",
	    (mask & LF_EXPIRY) ? " AND (s.expires_at <= ?10) = ?11" : "",
	    (mask & LF_POLICY) ? " AND s.policy_id = ?3" : "",
	    (mask & LF_FROM) ? " AND s.created_at >= ?4" : "",
	    (mask & LF_TO) ? " AND s.created_at < ?5" : "",
	    (mask & LF_WALK) ? " AND EXISTS (SELECT 1 FROM return_terms t"
	    " WHERE t.shipment_id = s.id AND t.term >= ?6 AND t.term < ?7)" :
	    "");
}

/* The statement's text for `mask`: what = 0 the rows (?8 limit, ?9
 * offset), 1 a count stopping at ?8 rows, 2 the exact number from
 * return_counts. Built once per process; the address is the key of
 * db_stmt()'s cache. */
static const char *
list_sql(unsigned mask, int what)
{
	static char sql[3][LF_ALL][1536];
	char *b = sql[what][mask], from[900];

	if (*b != '\0')
		return b;
	list_from(from, sizeof(from), mask);
	if (what == 0)
		snprintf(b, sizeof(sql[0][0]), "%s%s ORDER BY s.created_at DESC,"
		    " s.id DESC LIMIT ?8 OFFSET ?9", LIST_COLS, from);
	else if (what == 1)
		snprintf(b, sizeof(sql[0][0]), "SELECT count(*) FROM (SELECT 1%s"
		    " LIMIT ?8)", from);
	else
		snprintf(b, sizeof(sql[0][0]), "SELECT coalesce(sum(n), 0)"
		    " FROM return_counts WHERE merchant_id = ?1%s%s",
		    (mask & LF_STATUS) ? " AND status = ?2" : "",
		    (mask & LF_POLICY) ? " AND policy_id = ?3" : "");
	return b;
}

/* The rows' statement in another order than the newest first: built
 * once per process and order (the address is db_stmt()'s key). */
static const char *
list_sql_sorted(unsigned mask, int sort, bool asc)
{
	static char *sql[LF_ALL][RS__N][2];
	static const char *const by[RS__N] = {
		"s.created_at",
		"s.tracking",
		"(SELECT number FROM policies WHERE id = s.policy_id)",
		"s.name COLLATE NOCASE",
		/* the order a return goes through */
		"CASE s.status WHEN 'created' THEN 0 WHEN 'accepted' THEN 1"
		" WHEN 'in_transit' THEN 2 WHEN 'exception' THEN 3"
		" WHEN 'delivered' THEN 4 ELSE 5 END",
		"coalesce(s.delivered_at, 0)",
	};
	char from[900], buf[2048];
	char **b;

	if (sort < 0 || sort >= RS__N)
		sort = RS_CREATED;
	if (sort == RS_CREATED && !asc)
		return list_sql(mask, 0);
	b = &sql[mask][sort][asc];
	if (*b != NULL)
		return *b;
	list_from(from, sizeof(from), mask);
	snprintf(buf, sizeof(buf), "%s%s ORDER BY %s %s, s.created_at %s,"
	    " s.id %s LIMIT ?8 OFFSET ?9", LIST_COLS, from, by[sort],
	    asc ? "ASC" : "DESC", sort == RS_CREATED && asc ? "ASC" : "DESC",
	    sort == RS_CREATED && asc ? "ASC" : "DESC");
	if ((*b = strdup(buf)) == NULL)
		return list_sql(mask, 0);
	return *b;
}

static enum rerr
list_bind(sqlite3_stmt *st, const struct listq *q, int64_t limit,
    int64_t offset)
{
	int n = sqlite3_bind_parameter_count(st), rc = SQLITE_OK;

	/* a statement numbers its parameters up to the highest it uses */
	if (n >= 1) rc = sqlite3_bind_int64(st, 1, q->merchant_id);
	if (rc == SQLITE_OK && n >= 2)
		rc = sqlite3_bind_text(st, 2, q->status, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK && n >= 3)
		rc = sqlite3_bind_int64(st, 3, q->policy_id);
	if (rc == SQLITE_OK && n >= 4) rc = sqlite3_bind_int64(st, 4, q->from);
	if (rc == SQLITE_OK && n >= 5) rc = sqlite3_bind_int64(st, 5, q->to);
	if (rc == SQLITE_OK && n >= 6)
		rc = sqlite3_bind_text(st, 6, q->lo, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK && n >= 7)
		rc = sqlite3_bind_text(st, 7, q->hi, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK && n >= 8) rc = sqlite3_bind_int64(st, 8, limit);
	if (rc == SQLITE_OK && n >= 9) rc = sqlite3_bind_int64(st, 9, offset);
	if (rc == SQLITE_OK && n >= 10) rc = sqlite3_bind_int64(st, 10, q->now);
	if (rc == SQLITE_OK && n >= 11)
		rc = sqlite3_bind_int64(st, 11, q->expired);
	if (rc == SQLITE_OK && n >= 12)
		rc = sqlite3_bind_text(st, 12, q->lo2, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK && n >= 13)
		rc = sqlite3_bind_text(st, 13, q->hi2, -1, SQLITE_STATIC);
	if (rc != SQLITE_OK) {
		log_err(NULL, "list: bind failed: %s", sqlite3_errstr(rc));
		return E_DB;
	}
	return E_OK;
}

/* The search's folding, as the terms' (schema.c, migration 15): letters
 * with accents to their base letter, in both cases; ASCII lower-cased. */
static const struct { const char *from, *to; } fold_pairs[] = {
	{ "à", "a" },
	{ "á", "a" },
	{ "â", "a" },
	{ "ä", "a" },
	{ "ã", "a" },
	{ "å", "a" },
	{ "À", "a" },
	{ "Á", "a" },
	{ "Â", "a" },
	{ "Ä", "a" },
	{ "Ã", "a" },
	{ "Å", "a" },
	{ "ç", "c" },
	{ "Ç", "c" },
	{ "é", "e" },
	{ "è", "e" },
	{ "ê", "e" },
	{ "ë", "e" },
	{ "É", "e" },
	{ "È", "e" },
	{ "Ê", "e" },
	{ "Ë", "e" },
	{ "í", "i" },
	{ "ì", "i" },
	{ "î", "i" },
	{ "ï", "i" },
	{ "Í", "i" },
	{ "Ì", "i" },
	{ "Î", "i" },
	{ "Ï", "i" },
	{ "ñ", "n" },
	{ "Ñ", "n" },
	{ "ó", "o" },
	{ "ò", "o" },
	{ "ô", "o" },
	{ "ö", "o" },
	{ "õ", "o" },
	{ "ø", "o" },
	{ "Ó", "o" },
	{ "Ò", "o" },
	{ "Ô", "o" },
	{ "Ö", "o" },
	{ "Õ", "o" },
	{ "Ø", "o" },
	{ "ú", "u" },
	{ "ù", "u" },
	{ "û", "u" },
	{ "ü", "u" },
	{ "Ú", "u" },
	{ "Ù", "u" },
	{ "Û", "u" },
	{ "Ü", "u" },
	{ "ý", "y" },
	{ "ÿ", "y" },
	{ "Ý", "y" },
	{ "Ÿ", "y" },
	{ "œ", "oe" },
	{ "Œ", "oe" },
	{ "æ", "ae" },
	{ "Æ", "ae" },
	{ "ß", "ss" },
};

/* q folded into out (of len, NUL-terminated); a tracking number typed
 * with the spaces it is printed with ("7023 2100 0002 2312") loses
 * them. */
static void
fold_query(const char *q, char *out, size_t len)
{
	size_t n = 0;
	bool digits = *q != '\0';

	for (const char *s = q; *s; s++)
		if (!(*s >= '0' && *s <= '9') && *s != ' ')
			digits = false;
	while (*q && n + 1 < len) {
		size_t k = 0;

		if (digits && *q == ' ') {
			q++;
			continue;
		}
		for (size_t i = 0; i < sizeof(fold_pairs) /
		    sizeof(*fold_pairs); i++) {
			size_t fl = strlen(fold_pairs[i].from);

			if (strncmp(q, fold_pairs[i].from, fl) == 0) {
				size_t tl = strlen(fold_pairs[i].to);

				if (n + tl + 1 > len)
					goto done;
				memcpy(out + n, fold_pairs[i].to, tl);
				n += tl;
				k = fl;
				break;
			}
		}
		if (k == 0) {
			out[n++] = (*q >= 'A' && *q <= 'Z') ?
			    (char)(*q - 'A' + 'a') : *q;
			k = 1;
		}
		q += k;
	}
done:
	out[n] = '\0';
}

static const char SQL_POLICY_ID[] =
    "SELECT id FROM policies WHERE merchant_id = ? AND number = ?";
static const char SQL_TERMS_PROBE[] =
    "SELECT count(*) FROM (SELECT DISTINCT shipment_id FROM return_terms"
    " WHERE merchant_id = ?1 AND term >= ?2 AND term < ?3 LIMIT ?4)";

/* The filter as a query: which statement and its values. */
static enum rerr
list_prepare(struct db *db, int64_t merchant_id, const char *tz,
    const struct ret_filter *f, struct listq *q)
{
	struct ymd d;
	size_t n = 0;
	int64_t hits;

	memset(q, 0, sizeof(*q));
	q->merchant_id = merchant_id;
	q->now = f->now;
	q->status = f->status ? f->status : "";
	if (*q->status)
		q->mask |= LF_STATUS;
	/* a label created: still usable, or expired unused */
	if (strcmp(q->status, "created") == 0 ||
	    strcmp(q->status, "expired") == 0) {
		q->expired = strcmp(q->status, "expired") == 0;
		q->status = "created";
		q->mask |= LF_EXPIRY;
	}
	if (f->policy && *f->policy) {
		q->mask |= LF_POLICY;
		/* another merchant's or no such policy: -1 matches nothing */
		if ((q->policy_id = db_int(db, SQL_POLICY_ID, "it", merchant_id,
		    f->policy)) < 0)
			q->policy_id = -1;
	}
	if (f->from && *f->from && ymd_parse(f->from, &d)) {
		q->from = tz_midnight(d, tz);
		q->mask |= LF_FROM;
	}
	if (f->to && *f->to && ymd_parse(f->to, &d)) {
		q->to = tz_midnight(ymd_add_days(d, 1), tz);
		q->mask |= LF_TO;
	}
	/* the search: folded as the terms are (lower case, no accents),
	 * spaces at the ends dropped */
	{
		const char *s = f->q ? f->q : "";

		while (*s == ' ')
			s++;
		fold_query(s, q->lo, sizeof(q->lo));
		n = strlen(q->lo);
	}
	while (n > 0 && q->lo[n - 1] == ' ')
		n--;
	q->lo[n] = '\0';
	if (n == 0)
		return E_OK;
	/* every term that begins with lo sorts below lo + U+10FFFF */
	snprintf(q->hi, sizeof(q->hi), "%s\xf4\x8f\xbf\xbf", q->lo);
	hits = db_int(db, SQL_TERMS_PROBE, "ittd", merchant_id, q->lo, q->hi,
	    SPARSE + 1);
	if (hits < 0)
		return E_DB;
	/* nothing begins with the words as typed: the words in any order
	 * ("Tremblay Léa" for Léa Tremblay), the first two: each the
	 * beginning of one of the return's terms */
	if (hits == 0 && strchr(q->lo, ' ') != NULL) {
		char *sp = strchr(q->lo, ' '), *w2 = sp, *e;

		while (*w2 == ' ')
			w2++;
		e = w2 + strcspn(w2, " ");
		*e = '\0';
		snprintf(q->lo2, sizeof(q->lo2), "%s", w2);
		snprintf(q->hi2, sizeof(q->hi2), "%s\xf4\x8f\xbf\xbf", q->lo2);
		*sp = '\0';
		snprintf(q->hi, sizeof(q->hi), "%s\xf4\x8f\xbf\xbf", q->lo);
		q->mask |= LF_WORD2;
		if ((hits = db_int(db, SQL_TERMS_PROBE, "ittd", merchant_id,
		    q->lo, q->hi, SPARSE + 1)) < 0)
			return E_DB;
	}
	q->mask |= hits <= SPARSE ? LF_TERMS : LF_WALK;
	return E_OK;
}

static void
read_row(sqlite3_stmt *st, struct ret_row *r, struct arena *a)
{
	snprintf(r->tracking, sizeof(r->tracking), "%s", db_text(st, 0));
	if (a != NULL) {
		r->policy = arena_strdup(a, db_text(st, 1));
		r->name = arena_strdup(a, db_text(st, 2));
		r->ra_number = arena_strdup(a, db_text(st, 3));
		r->order_answer = arena_strdup(a, db_text(st, 4));
		r->service = arena_strdup(a, db_text(st, 5));
		r->status = arena_strdup(a, db_text(st, 6));
		r->method = arena_strdup(a, db_text(st, 7));
		r->email = arena_strdup(a, db_text(st, 12));
		r->line1 = arena_strdup(a, db_text(st, 13));
		r->line2 = arena_strdup(a, db_text(st, 14));
		r->city = arena_strdup(a, db_text(st, 15));
		r->province = arena_strdup(a, db_text(st, 16));
		r->postal = arena_strdup(a, db_text(st, 17));
		r->reason = arena_strdup(a, db_text(st, 19));
		r->reason_text = arena_strdup(a, db_text(st, 20));
	} else {
		r->policy = db_text(st, 1);
		r->name = db_text(st, 2);
		r->ra_number = db_text(st, 3);
		r->order_answer = db_text(st, 4);
		r->service = db_text(st, 5);
		r->status = db_text(st, 6);
		r->method = db_text(st, 7);
		r->email = db_text(st, 12);
		r->line1 = db_text(st, 13);
		r->line2 = db_text(st, 14);
		r->city = db_text(st, 15);
		r->province = db_text(st, 16);
		r->postal = db_text(st, 17);
		r->reason = db_text(st, 19);
		r->reason_text = db_text(st, 20);
	}
	r->weight_g = sqlite3_column_int(st, 8);
	r->created_at = sqlite3_column_int64(st, 9);
	r->accepted_at = sqlite3_column_int64(st, 10);
	r->delivered_at = sqlite3_column_int64(st, 11);
	r->expires_at = sqlite3_column_int64(st, 18);
}

enum rerr
report_list(struct db *db, int64_t merchant_id, const char *tz,
    const struct ret_filter *f, struct arena *a, struct ret_row **out,
    size_t *n, int *total, bool *more, bool *unsorted)
{
	int per;
	sqlite3_stmt *st;
	struct listq q;
	enum rerr e;
	int rc, page = f->page < 1 ? 1 : f->page;
	bool exact, sorts = f->sort > RS_CREATED && f->sort < RS__N;
	int64_t c, cap = sorts ? LIST_SORT_MAX : LIST_COUNT_CAP;

	*n = 0;
	*total = 0;
	*more = false;
	*unsorted = false;
	per = f->per == 25 || f->per == 100 ? f->per : LIST_PAGE;
	*out = arena_alloc(a, (size_t)per * sizeof(struct ret_row));
	if ((e = list_prepare(db, merchant_id, tz, f, &q)) != E_OK)
		return e;
	/* the number: kept by the writes, or counted up to the cap; a
	 * search alone of many matches is known to have more than SPARSE */
	exact = (q.mask & (LF_FROM | LF_TO | LF_TERMS | LF_WALK | LF_EXPIRY))
	    == 0;
	if (q.mask == LF_WALK) {
		*total = SPARSE;
		*more = true;
		*unsorted = sorts;
		goto rows;
	}
	if ((st = db_stmt(db, list_sql(q.mask, exact ? 2 : 1))) == NULL ||
	    list_bind(st, &q, cap + 1, 0) != E_OK)
		return E_DB;
	rc = sqlite3_step(st);
	c = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return db_err(db, rc);
	if (!exact && c > cap) {
		c = cap;
		*more = true;
	}
	*total = c > INT32_MAX ? INT32_MAX : (int)c;
	/* sorting by another column reads every match: a bounded number */
	if (sorts && (*more || c > LIST_SORT_MAX))
		*unsorted = true;
rows:
	if ((st = db_stmt(db, *unsorted ? list_sql(q.mask, 0) :
	    list_sql_sorted(q.mask, f->sort, f->asc))) == NULL ||
	    list_bind(st, &q, per, (int64_t)(page - 1) * per)
	    != E_OK)
		return E_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < (size_t)per)
		read_row(st, &(*out)[(*n)++], a);
	sqlite3_reset(st);
	return (rc == SQLITE_DONE || rc == SQLITE_ROW) ? E_OK : db_err(db, rc);
}

enum rerr
report_list_each(struct db *db, int64_t merchant_id, const char *tz,
    const struct ret_filter *f, int (*cb)(void *, const struct ret_row *),
    void *ctx)
{
	sqlite3_stmt *st;
	struct ret_row r;
	struct listq q;
	enum rerr e;
	int rc;

	if ((e = list_prepare(db, merchant_id, tz, f, &q)) != E_OK)
		return e;
	if ((st = db_stmt(db, list_sql(q.mask, 0))) == NULL ||
	    list_bind(st, &q, -1, 0) != E_OK)
		return E_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_row(st, &r, NULL);
		if (cb(ctx, &r) != 0)
			break;
	}
	sqlite3_reset(st);
	return (rc == SQLITE_DONE || rc == SQLITE_ROW) ? E_OK : db_err(db, rc);
}

static const char SQL_ONE[] =
    LIST_COLS ", s.id"
    " FROM shipments s JOIN policies p ON p.id = s.policy_id"
    " WHERE s.merchant_id = ? AND s.tracking = ?";
static const char SQL_EVENTS[] =
    "SELECT type, at, utc_offset, location, description FROM tracking_events"
    " WHERE shipment_id = ? ORDER BY at, id LIMIT 200";

enum rerr
report_return(struct db *db, int64_t merchant_id, const char *tracking,
    struct arena *a, struct ret_row *row, struct ret_event **ev, size_t *n)
{
	sqlite3_stmt *st = db_stmt(db, SQL_ONE);
	int64_t sid = 0;
	int rc;

	*n = 0;
	*ev = arena_alloc(a, 200 * sizeof(struct ret_event));
	if (st == NULL || db_bind(st, "it", merchant_id, tracking) != E_OK)
		return E_DB;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		read_row(st, row, a);
		sid = sqlite3_column_int64(st, 21);
	}
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return E_NOTFOUND;
	if (rc != SQLITE_ROW)
		return db_err(db, rc);
	if ((st = db_stmt(db, SQL_EVENTS)) == NULL ||
	    db_bind(st, "i", sid) != E_OK)
		return E_DB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < 200) {
		struct ret_event *e = &(*ev)[(*n)++];
		e->type = arena_strdup(a, db_text(st, 0));
		e->at = sqlite3_column_int64(st, 1);
		e->utc_offset = sqlite3_column_int(st, 2);
		e->location = arena_strdup(a, db_text(st, 3));
		e->description = arena_strdup(a, db_text(st, 4));
	}
	sqlite3_reset(st);
	return (rc == SQLITE_DONE || rc == SQLITE_ROW) ? E_OK : db_err(db, rc);
}
