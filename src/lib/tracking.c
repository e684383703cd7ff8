/* tracking.c -- see include/returns/tracking.h. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "returns/crypto.h"
#include "returns/log.h"
#include "returns/notify.h"
#include "returns/tracking.h"
#include "returns/tracknum.h"
#include "returns/valid.h"

static const char *const type_names[] = {
	"accepted", "in_transit", "exception", "delivered"
};

const char *
ev_type_name(enum ev_type t)
{
	return type_names[t];
}

int
ev_type_parse(const char *s, enum ev_type *out)
{
	for (int i = 0; i < 4; i++)
		if (strcmp(s, type_names[i]) == 0) {
			*out = (enum ev_type)i;
			return 0;
		}
	return -1;
}

/* Two digits at s, as a number; -1 when they are not both digits. */
static int
two(const char *s)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return -1;
	return (s[0] - '0') * 10 + (s[1] - '0');
}

bool
ev_time_parse(const char *s, int64_t *at, int *off)
{
	struct tm tm;
	int y, mo, d, h, mi, sec, oh, om;

	/* exactly YYYY-MM-DDTHH:MM:SS then Z or +HH:MM / -HH:MM */
	if (strlen(s) < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' ||
	    s[13] != ':' || s[16] != ':')
		return false;
	if (two(s) < 0 || two(s + 2) < 0)
		return false;
	y = two(s) * 100 + two(s + 2);
	mo = two(s + 5);
	d = two(s + 8);
	h = two(s + 11);
	mi = two(s + 14);
	sec = two(s + 17);
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 ||
	    mi < 0 || mi > 59 || sec < 0 || sec > 59 || y < 2000 || y > 2100)
		return false;
	s += 19;
	if (s[0] == 'Z' && s[1] == '\0')
		*off = 0;
	else if ((s[0] == '+' || s[0] == '-') && strlen(s) == 6 &&
	    s[3] == ':' && (oh = two(s + 1)) >= 0 && (om = two(s + 4)) >= 0 &&
	    oh <= 14 && om < 60)
		*off = (oh * 3600 + om * 60) * (s[0] == '-' ? -1 : 1);
	else
		return false;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	*at = (int64_t)timegm(&tm) - *off;
	/* timegm normalises 2026-02-31 to March: refuse impossible dates */
	{
		time_t back = (time_t)(*at + *off);
		struct tm chk;
		gmtime_r(&back, &chk);
		if (chk.tm_mday != d || chk.tm_mon != mo - 1)
			return false;
	}
	return true;
}

bool
tracking_verify(const char *h, const void *body, size_t len,
    const unsigned char *key, size_t keylen, int64_t now)
{
	unsigned char want[32], got[32], *msg;
	const char *v;
	char *end;
	long long t;
	size_t tl;
	bool ok;

	if (h == NULL || strncmp(h, "t=", 2) != 0)
		return false;
	t = strtoll(h + 2, &end, 10);
	if (end == h + 2 || strncmp(end, ",v1=", 4) != 0)
		return false;
	tl = (size_t)(end - (h + 2));
	v = end + 4;
	if (strlen(v) != 64)
		return false;
	for (int i = 0; i < 32; i++) {
		int a = hex_digit((unsigned char)v[2 * i]);
		int b = hex_digit((unsigned char)v[2 * i + 1]);
		if (a < 0 || b < 0)
			return false;
		got[i] = (unsigned char)(a << 4 | b);
	}
	if (t < now - TRACKING_SKEW || t > now + TRACKING_SKEW)
		return false;
	if ((msg = malloc(tl + 1 + len)) == NULL)
		return false;
	memcpy(msg, h + 2, tl);
	msg[tl] = '.';
	memcpy(msg + tl + 1, body, len);
	crypto_hmac_sha256(want, key, keylen, msg, tl + 1 + len);
	free(msg);
	ok = crypto_equal(want, sizeof(want), got, sizeof(got));
	return ok;
}

/* Checks and copies one event's fields; NULL or an error message. */
static const char *
fill(struct tevent *ev, const char *id, const char *trk, const char *type,
    const char *time, const char *loc, const char *desc)
{
	if (id == NULL || *id == '\0' || strlen(id) > EV_ID_MAX ||
	    has_control(id) || !utf8_valid(id, strlen(id)))
		return "event_id";
	/* ours (16 digits, a check digit) or a carrier's PIN */
	if (trk == NULL || !tracknum_pin_shape(trk))
		return "tracking";
	if (type == NULL || ev_type_parse(type, &ev->type) != 0)
		return "type";
	if (time == NULL || !ev_time_parse(time, &ev->at, &ev->utc_offset))
		return "time";
	if (loc == NULL)
		loc = "";
	if (utf8_len(loc) > EV_LOC_MAX || has_control(loc) ||
	    !utf8_valid(loc, strlen(loc)))
		return "location";
	if (desc == NULL)
		desc = "";
	if (utf8_len(desc) > EV_DESC_MAX || has_control(desc) ||
	    !utf8_valid(desc, strlen(desc)))
		return "description";
	snprintf(ev->description, sizeof(ev->description), "%s", desc);
	snprintf(ev->event_id, sizeof(ev->event_id), "%s", id);
	snprintf(ev->tracking, sizeof(ev->tracking), "%s", trk);
	snprintf(ev->location, sizeof(ev->location), "%s", loc);
	return NULL;
}

static const char *
jstr(json_t *o, const char *k)
{
	json_t *v = json_object_get(o, k);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

enum rerr
tracking_parse_json(const char *text, size_t len, size_t max,
    struct tevent **out, size_t *n, char *err, size_t errlen)
{
	json_error_t je;
	json_t *root;
	size_t i, cnt;

	*out = NULL;
	*n = 0;
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (root == NULL) {
		snprintf(err, errlen, "not JSON: %s (line %d)", je.text,
		    je.line);
		return E_INVALID;
	}
	if (!json_is_array(root)) {
		snprintf(err, errlen, "expected a JSON array of events");
		goto fail;
	}
	cnt = json_array_size(root);
	if (max > 0 && cnt > max) {
		snprintf(err, errlen, "at most %zu events at once", max);
		goto fail;
	}
	if ((*out = calloc(cnt ? cnt : 1, sizeof(struct tevent))) == NULL) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	for (i = 0; i < cnt; i++) {
		json_t *o = json_array_get(root, i);
		const char *bad;

		if (!json_is_object(o)) {
			snprintf(err, errlen, "event %zu: not an object", i);
			goto fail;
		}
		bad = fill(&(*out)[i], jstr(o, "event_id"), jstr(o, "tracking"),
		    jstr(o, "type"), jstr(o, "time"), jstr(o, "location"),
		    jstr(o, "description"));
		if (bad != NULL) {
			snprintf(err, errlen, "event %zu: missing or invalid "
			    "\"%s\"", i, bad);
			goto fail;
		}
	}
	*n = cnt;
	json_decref(root);
	return E_OK;
fail:
	json_decref(root);
	free(*out);
	*out = NULL;
	return E_INVALID;
}

/* Splits one CSV line (RFC 4180 quotes, no newlines inside fields) into
 * at most 5 fields, in place. Returns the number of fields or -1. */
static int
csv_split(char *line, char **f)
{
	int n = 0;
	char *p = line, *w;

	for (;;) {
		if (n == 5)
			return -1;
		if (*p == '"') {
			f[n++] = w = ++p;
			for (;;) {
				if (*p == '\0')
					return -1;
				if (*p == '"' && p[1] == '"') {
					*w++ = '"';
					p += 2;
				} else if (*p == '"') {
					p++;
					break;
				} else
					*w++ = *p++;
			}
			*w = '\0';
			if (*p != ',' && *p != '\0')
				return -1;
		} else {
			f[n++] = p;
			while (*p && *p != ',')
				p++;
		}
		if (*p == '\0')
			return n;
		*p++ = '\0';
	}
}

enum rerr
tracking_parse_csv(FILE *fp, struct tevent **out, size_t *n, char *err,
    size_t errlen)
{
	char *line = NULL, *f[5];
	size_t cap = 1024, lineno = 0, linecap = 0;
	ssize_t got;
	int nf;

	*n = 0;
	if ((*out = malloc(cap * sizeof(struct tevent))) == NULL)
		return E_SYS;
	while ((got = getline(&line, &linecap, fp)) > 0) {
		const char *bad;

		lineno++;
		if (got > 2048 || memchr(line, '\0', (size_t)got) != NULL) {
			snprintf(err, errlen, "line %zu: too long or not text",
			    lineno);
			goto fail;
		}
		line[strcspn(line, "\r\n")] = '\0';
		if (lineno == 1) {
			if (strcmp(line, "event_id,tracking,type,time,location")
			    != 0 && strcmp(line, "\xef\xbb\xbf" "event_id,"
			    "tracking,type,time,location") != 0) {
				snprintf(err, errlen, "line 1: expected the "
				    "header event_id,tracking,type,time,"
				    "location");
				goto fail;
			}
			continue;
		}
		if (line[0] == '\0')
			continue;
		if ((nf = csv_split(line, f)) < 4) {
			snprintf(err, errlen, "line %zu: malformed CSV", lineno);
			goto fail;
		}
		if (*n == cap) {
			struct tevent *nv = realloc(*out, 2 * cap *
			    sizeof(struct tevent));
			if (nv == NULL)
				goto fail;
			*out = nv;
			cap *= 2;
		}
		bad = fill(&(*out)[*n], f[0], f[1], f[2], f[3],
		    nf == 5 ? f[4] : "", "");
		if (bad != NULL) {
			snprintf(err, errlen, "line %zu: invalid %s", lineno,
			    bad);
			goto fail;
		}
		(*n)++;
	}
	free(line);
	return E_OK;
fail:
	free(line);
	free(*out);
	*out = NULL;
	*n = 0;
	return E_INVALID;
}

static const char SQL_SHIPMENT[] =
    "SELECT id, status, coalesce(delivered_at, 0) FROM shipments"
    " WHERE tracking = ?";
/* what the shipment's stored events say: whether one is "delivered", the
 * first acceptance, the first event, the first delivery */
static const char SQL_SUMMARY[] =
    "SELECT count(*), sum(type = 'delivered'),"
    " min(CASE WHEN type = 'accepted' THEN at END), min(at),"
    " min(CASE WHEN type = 'delivered' THEN at END)"
    " FROM tracking_events WHERE shipment_id = ?";
static const char SQL_LATEST[] =
    "SELECT type, at FROM tracking_events WHERE shipment_id = ?"
    " ORDER BY at DESC, id DESC LIMIT 1";
static const char SQL_INSERT[] =
    "INSERT OR IGNORE INTO tracking_events (event_id, shipment_id, type, at,"
    " utc_offset, location, received_at, description)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
/* ?1 status, ?2 accepted_at, ?3 delivered_at (0: none), ?4 now, ?5 id;
 * a column that keeps its value is left out, which leaves its index
 * alone: [status changed][delivered_at changed] */
static const char *const SQL_RESTATE[2][2] = {
	{ "UPDATE shipments SET accepted_at = ?2, updated_at = ?4"
	  " WHERE id = ?5",
	  "UPDATE shipments SET accepted_at = ?2,"
	  " delivered_at = nullif(?3, 0), updated_at = ?4 WHERE id = ?5" },
	{ "UPDATE shipments SET status = ?1, accepted_at = ?2, updated_at = ?4"
	  " WHERE id = ?5",
	  "UPDATE shipments SET status = ?1, accepted_at = ?2,"
	  " delivered_at = nullif(?3, 0), updated_at = ?4 WHERE id = ?5" },
};

/*
 * A shipment's state from all its events, kept up to date one event at a
 * time: delivered once any event is "delivered", otherwise the type of the
 * latest event by time, the later-stored one on a tie (an event stored now
 * has a larger id than every stored one, so it wins a tie). accepted_at is
 * the first acceptance, or the first event when none says accepted.
 */
struct evstate {
	bool		 any;		/* at least one event */
	bool		 delivered;
	enum ev_type	 latest;
	int64_t		 latest_at, first_at, acc_at, del_at;	/* 0: none
							   (events are
							   after 2000) */
};

static void
evstate_add(struct evstate *s, enum ev_type t, int64_t at)
{
	if (!s->any || at >= s->latest_at) {
		s->latest = t;
		s->latest_at = at;
	}
	if (!s->any || at < s->first_at)
		s->first_at = at;
	if (t == EV_ACCEPTED && (s->acc_at == 0 || at < s->acc_at))
		s->acc_at = at;
	if (t == EV_DELIVERED) {
		s->delivered = true;
		if (s->del_at == 0 || at < s->del_at)
			s->del_at = at;
	}
	s->any = true;
}

static const char *
evstate_status(const struct evstate *s)
{
	return ev_type_name(s->delivered ? EV_DELIVERED : s->latest);
}

/* The stored events of shipment sid, summed up. */
static enum rerr
evstate_load(struct db *db, int64_t sid, struct evstate *s)
{
	sqlite3_stmt *st;
	int rc;

	memset(s, 0, sizeof(*s));
	if ((st = db_stmt(db, SQL_SUMMARY)) == NULL ||
	    db_bind(st, "i", sid) != E_OK)
		return E_DB;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW &&
	    sqlite3_column_int64(st, 0) > 0) {
		s->any = true;
		s->delivered = sqlite3_column_int64(st, 1) > 0;
		s->acc_at = sqlite3_column_int64(st, 2);	/* NULL -> 0 */
		s->first_at = sqlite3_column_int64(st, 3);
		s->del_at = sqlite3_column_int64(st, 4);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW)
		return db_err(db, rc);
	if (!s->any)
		return E_OK;
	if ((st = db_stmt(db, SQL_LATEST)) == NULL ||
	    db_bind(st, "i", sid) != E_OK)
		return E_DB;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		ev_type_parse(db_text(st, 0), &s->latest);
		s->latest_at = sqlite3_column_int64(st, 1);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? E_OK : db_err(db, rc);
}

/* qsort over event indexes: by tracking number or event id, then file
 * order */
static const struct tevent *sort_ev;

static int
by_tracking(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int c = strcmp(sort_ev[i].tracking, sort_ev[j].tracking);

	return c != 0 ? c : (i > j) - (i < j);
}

static int
by_event_id(const void *a, const void *b)
{
	size_t i = *(const size_t *)a, j = *(const size_t *)b;
	int c = strcmp(sort_ev[i].event_id, sort_ev[j].event_id);

	return c != 0 ? c : (i > j) - (i < j);
}

/* The events of one tracking number: ev[ix[0..k-1]], in file order. */
struct group {
	const size_t	*ix;
	size_t		 k;
	int64_t		 sid;		/* 0: no such return */
	int64_t		 was_del;	/* its delivered_at, 0: none */
	char		 was[16];	/* its status */
};

static enum rerr
group_find(struct db *db, const struct tevent *ev, struct group *g)
{
	sqlite3_stmt *st;
	int rc;

	if ((st = db_stmt(db, SQL_SHIPMENT)) == NULL ||
	    db_bind(st, "t", ev[g->ix[0]].tracking) != E_OK)
		return E_DB;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		g->sid = sqlite3_column_int64(st, 0);
		snprintf(g->was, sizeof(g->was), "%s", db_text(st, 1));
		g->was_del = sqlite3_column_int64(st, 2);
	}
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? E_OK : db_err(db, rc);
}

/* Stores a known return's new events, sends the emails of each state it
 * goes through and updates it once. */
static enum rerr
group_apply(struct db *db, const struct tevent *ev, const struct group *g,
    int64_t now, enum ev_result *res)
{
	struct evstate s;
	const char *cur = g->was;
	bool changed = false;
	enum rerr e;

	if ((e = evstate_load(db, g->sid, &s)) != E_OK)
		return e;
	for (size_t j = 0; j < g->k; j++) {
		const struct tevent *v = &ev[g->ix[j]];
		const char *st;

		if (res[g->ix[j]] == EVR_DUPLICATE)	/* earlier in the batch */
			continue;
		if ((e = db_exec(db, SQL_INSERT, "titidtit", v->event_id,
		    g->sid, ev_type_name(v->type), v->at, v->utc_offset,
		    v->location, now, v->description)) != E_OK)
			return e;
		if (sqlite3_changes(db_handle(db)) == 0) {
			res[g->ix[j]] = EVR_DUPLICATE;
			continue;
		}
		evstate_add(&s, v->type, v->at);
		changed = true;
		/* a new state: the emails about it, in this transaction, one
		 * for each state the return goes through */
		st = evstate_status(&s);
		if (strcmp(cur, st) != 0) {
			if ((e = notify_status(db, g->sid, st, now)) != E_OK)
				return e;
			cur = st;
		}
	}
	if (!changed)
		return E_OK;
	return db_exec(db, SQL_RESTATE[strcmp(g->was, cur) != 0][g->was_del !=
	    s.del_at], "tiiii", cur, s.acc_at ? s.acc_at : s.first_at,
	    s.del_at, now, g->sid);
}

/*
 * The same result as applying the events one by one in file order, with
 * one look-up, one summary and one update per return instead of one per
 * event: events are grouped by tracking number (file order kept inside a
 * group); an event id seen earlier in the file for a known return is a
 * duplicate, as it would have been one by one.
 */
enum rerr
tracking_apply(struct db *db, const struct tevent *ev, size_t n,
    int64_t now, enum ev_result *res)
{
	struct group *g = NULL;
	size_t *ix, *byid = NULL, i, j, ng = 0, nk = 0;
	enum rerr e = E_OK;

	ix = malloc((n ? n : 1) * sizeof(*ix));
	byid = malloc((n ? n : 1) * sizeof(*byid));
	g = malloc((n ? n : 1) * sizeof(*g));
	if (ix == NULL || byid == NULL || g == NULL) {
		e = E_SYS;
		goto out;
	}
	for (i = 0; i < n; i++) {
		ix[i] = i;
		res[i] = EVR_APPLIED;
	}
	sort_ev = ev;
	qsort(ix, n, sizeof(*ix), by_tracking);
	for (i = 0; i < n; i = j) {
		for (j = i + 1; j < n && strcmp(ev[ix[j]].tracking,
		    ev[ix[i]].tracking) == 0; j++)
			;
		memset(&g[ng], 0, sizeof(g[ng]));
		g[ng].ix = ix + i;
		g[ng++].k = j - i;
	}
	if ((e = db_begin(db)) != E_OK)
		goto out;
	for (i = 0; i < ng && e == E_OK; i++)
		e = group_find(db, ev, &g[i]);
	for (i = 0; i < ng && e == E_OK; i++)
		for (j = 0; j < g[i].k; j++)
			if (g[i].sid == 0)
				res[g[i].ix[j]] = EVR_UNKNOWN;
			else
				byid[nk++] = g[i].ix[j];
	qsort(byid, nk, sizeof(*byid), by_event_id);
	for (i = 1; i < nk; i++)
		if (strcmp(ev[byid[i]].event_id, ev[byid[i - 1]].event_id) == 0)
			res[byid[i]] = EVR_DUPLICATE;
	for (i = 0; i < ng && e == E_OK; i++)
		if (g[i].sid != 0)
			e = group_apply(db, ev, &g[i], now, res);
	if (e != E_OK)
		db_rollback(db);
	else
		e = db_commit(db);
out:
	free(g);
	free(byid);
	free(ix);
	return e;
}
