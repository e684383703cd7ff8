/* test_list -- the returns list against the plain answer, on random data:
 * the numbers kept by the writes (return_counts) and the search's terms
 * (return_terms) after inserts, status and policy changes, renames and
 * deletes; every filter's count and pages against a reference computed
 * here, in C, from every row. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "returns/account.h"
#include "returns/calendar.h"
#include "returns/policy.h"
#include "returns/reports.h"
#include "returns/schema.h"
#include "returns/secret.h"

#include "fixture.h"

#define NOW	1795705200	/* 2026-11-26 15:00 UTC */
#define TZ	"America/Toronto"
#define NROWS	3000

static char dir[64];
static struct db *db;
static struct arena A, B;
static int64_t mid[2], pid[3], pmid[3];	/* policies 0, 1: merchant 0 */
static char pnum[3][16];
static unsigned seed = 12345;

static unsigned
rnd(unsigned n)
{
	seed = seed * 1103515245u + 12345u;
	return (seed >> 8) % n;
}

static const char *const first[] = { "Alice", "Bob", "Chloé", "Émile",
    "Zoë" };
static const char *const last[] = { "Tremblay", "Roy", "Gagnon", "O'Hara",
    "de la Fontaine", "100%_Pure", "CÔTÉ", "Lefèvre-Œuvray",
    "Ñúñez-Straße", "Ægir \"Ø\" Ÿ\\ÿ" };
static const char *const statuses[] = { "created", "accepted", "in_transit",
    "exception", "delivered" };

static void
insert_one(int i)
{
	static const char SQL[] =
	    "INSERT INTO shipments (merchant_id, policy_id, tracking, dl_nonce,"
	    " dl_hash, method, service, status, lang, name, line1, city,"
	    " province, postal, email, ra_number, order_answer, weight_g,"
	    " created_at, expires_at, updated_at) VALUES (?, ?, ?, 'n', ?,"
	    " 'label', 'regular', ?, 'en', ?, '1 A St', 'Ottawa', 'ON',"
	    " 'K1A 0B1', ?, ?, ?, 1000, ?, ?, ?)";
	int p = (int)rnd(3);
	char trk[17], hash[65], name[96], email[96], ra[16], ord[24];
	/* one in ten today, the others over more than a year */
	int64_t created = NOW - (int64_t)rnd(rnd(10) ? 400 * 86400 : 86400);

	snprintf(trk, sizeof(trk), "70999%03u%08d", rnd(1000), i);
	snprintf(hash, sizeof(hash), "%064d", i);
	snprintf(name, sizeof(name), "%s%s %s", rnd(10) ? "" : " ",
	    first[rnd(5)], last[rnd(8)]);
	snprintf(email, sizeof(email), "%s%d@Example.com",
	    first[rnd(3)], i);
	snprintf(ra, sizeof(ra), rnd(2) ? "RA-%d" : "", i % 777);
	snprintf(ord, sizeof(ord), rnd(3) ? "C-%d" : "", 100000 + i);
	assert_int_equal(db_exec(db, SQL, "iitttttttiii", pmid[p], pid[p],
	    trk, hash, statuses[rnd(5)], name, email, ra, ord, created,
	    created + 30 * 86400, created), E_OK);
}

static int
setup(void **state)
{
	char path[128];
	struct account a;
	int64_t uid;

	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/returns-unit-list-%d", (int)getpid());
	mkdir(dir, 0700);
	snprintf(path, sizeof(path), "%s/secret.key", dir);
	if (secret_load(path) != E_OK)
		return -1;
	snprintf(path, sizeof(path), "%s/r.db", dir);
	if (schema_open(path, &db) != E_OK)
		return -1;
	for (int m = 0; m < 2; m++) {
		char email[32];

		snprintf(email, sizeof(email), "m%d@example.com", m);
		if (account_create(db, "M", email, "long enough pw", "en",
		    TZ, NOW, &uid) != E_OK || account_get(db, uid, &a) != E_OK)
			return -1;
		mid[m] = a.merchant_id;
		for (int p = m == 0 ? 0 : 2; p < (m == 0 ? 2 : 3); p++) {
			struct policy pol;

			fixture_policy(&pol, mid[m]);
			if (policy_create(db, uid, &pol, NOW, &A) != E_OK)
				return -1;
			pid[p] = pol.id;
			pmid[p] = mid[m];
			snprintf(pnum[p], sizeof(pnum[p]), "%s", pol.number);
		}
	}
	return 0;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	db_close(db);
	arena_free(&A);
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* ---- the reference: every row of a merchant, filtered here ---- */

struct row {
	int64_t	 id, created, policy_id;
	char	 tracking[17], status[16], terms[6][128];
};
static struct row rows[NROWS + 16];
static int nrows;

/* Lower case without accents: Latin-1's letters by a table of their base
 * letters (U+00C0 .. U+00FF, '*' for the ones kept), Œ œ and Ÿ. */
static void
lower(char *d, const char *s, size_t len)
{
	static const char *const latin1[64] = {
		"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e",
		"i", "i", "i", "i", "*", "n", "o", "o", "o", "o", "o", "*",
		"o", "u", "u", "u", "u", "y", "*", "ss",
		"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e",
		"i", "i", "i", "i", "*", "n", "o", "o", "o", "o", "o", "*",
		"o", "u", "u", "u", "u", "y", "*", "y" };
	const unsigned char *u = (const unsigned char *)s;
	size_t n = 0;

	while (*u && n + 3 < len) {
		unsigned cp = 0;
		const char *m = NULL;

		if (u[0] == 0xc3 && (u[1] & 0xc0) == 0x80)
			cp = 0xc0 + (u[1] & 0x3f);
		else if (u[0] == 0xc5 && (u[1] == 0x92 || u[1] == 0x93))
			m = "oe";
		else if (u[0] == 0xc5 && u[1] == 0xb8)
			m = "y";
		if (cp >= 0xc0 && *latin1[cp - 0xc0] != '*')
			m = latin1[cp - 0xc0];
		if (m != NULL) {
			for (; *m; m++)
				d[n++] = *m;
			u += 2;
			continue;
		}
		d[n++] = (*u >= 'A' && *u <= 'Z') ? (char)(*u - 'A' + 'a') :
		    (char)*u;
		u++;
	}
	d[n] = '\0';
}

static void
load(int64_t merchant)
{
	static const char SQL[] = "SELECT id, created_at, policy_id, tracking,"
	    " status, ra_number, order_answer, name, email FROM shipments"
	    " WHERE merchant_id = ?";
	sqlite3_stmt *st = db_stmt(db, SQL);

	nrows = 0;
	assert_non_null(st);
	assert_int_equal(db_bind(st, "i", merchant), E_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct row *r = &rows[nrows++];
		char name[128], *p;
		size_t n;

		r->id = sqlite3_column_int64(st, 0);
		r->created = sqlite3_column_int64(st, 1);
		r->policy_id = sqlite3_column_int64(st, 2);
		snprintf(r->tracking, sizeof(r->tracking), "%s",
		    db_text(st, 3));
		snprintf(r->status, sizeof(r->status), "%s", db_text(st, 4));
		lower(r->terms[0], r->tracking, sizeof(r->terms[0]));
		lower(r->terms[1], db_text(st, 5), sizeof(r->terms[1]));
		lower(r->terms[2], db_text(st, 6), sizeof(r->terms[2]));
		/* the name without spaces at its ends, and its last word */
		p = name;
		snprintf(name, sizeof(name), "%s", db_text(st, 7));
		while (*p == ' ')
			p++;
		n = strlen(p);
		while (n > 0 && p[n - 1] == ' ')
			p[--n] = '\0';
		lower(r->terms[3], p, sizeof(r->terms[3]));
		lower(r->terms[4], strrchr(p, ' ') ? strrchr(p, ' ') + 1 : p,
		    sizeof(r->terms[4]));
		lower(r->terms[5], db_text(st, 8), sizeof(r->terms[5]));
	}
	sqlite3_reset(st);
}

static int
newest_first(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	if (x->created != y->created)
		return x->created < y->created ? 1 : -1;
	return x->id < y->id ? 1 : x->id > y->id ? -1 : 0;
}

/* The rows of the filter, newest first, into out; their number. */
static int
reference(const struct ret_filter *f, struct row *out)
{
	int n = 0;
	char q[128] = "", w2word[128] = "";
	int64_t from = 0, to = 0, pol = -2;
	struct ymd d;

	if (*f->q) {
		const char *s = f->q;
		size_t k;

		while (*s == ' ')
			s++;
		lower(q, s, sizeof(q));
		k = strlen(q);
		while (k > 0 && q[k - 1] == ' ')
			q[--k] = '\0';
		/* digits and spaces: a tracking number as printed */
		if (strspn(q, "0123456789 ") == k) {
			size_t j = 0;

			for (size_t i = 0; i < k; i++)
				if (q[i] != ' ')
					q[j++] = q[i];
			q[j] = '\0';
		}
	}
	if (*f->from && ymd_parse(f->from, &d))
		from = tz_midnight(d, TZ);
	if (*f->to && ymd_parse(f->to, &d))
		to = tz_midnight(ymd_add_days(d, 1), TZ);
	if (*f->policy) {
		pol = -1;
		for (int p = 0; p < 3; p++)
			if (strcmp(pnum[p], f->policy) == 0)
				pol = pid[p];
	}
	/* no term of the merchant's begins with the words as typed: the
	 * first two words, in any order, each begin one of a row's terms */
	if (strchr(q, ' ') != NULL) {
		bool any = false;

		for (int i = 0; i < nrows && !any; i++)
			for (int t = 0; t < 6 && !any; t++)
				any = *rows[i].terms[t] && strncmp(
				    rows[i].terms[t], q, strlen(q)) == 0;
		if (!any) {
			char *sp = strchr(q, ' '), *w2 = sp;

			while (*w2 == ' ')
				w2++;
			w2[strcspn(w2, " ")] = '\0';
			memmove(w2word, w2, strlen(w2) + 1);
			*sp = '\0';
		}
	}
	for (int i = 0; i < nrows; i++) {
		struct row *r = &rows[i];
		bool hit = *q == '\0', hit2 = *w2word == '\0';

		/* a label created is "expired" once unused past its
		 * expiry (created + 30 days here), "created" before */
		if (*f->status) {
			bool expired = strcmp(r->status, "created") == 0 &&
			    r->created + 30 * 86400 <= NOW;
			const char *shown = expired ? "expired" : r->status;

			if (strcmp(shown, f->status) != 0)
				continue;
		}
		if (pol != -2 && r->policy_id != pol)
			continue;
		if ((from && r->created < from) || (to && r->created >= to))
			continue;
		for (int t = 0; t < 6 && !hit; t++)
			hit = *r->terms[t] &&
			    strncmp(r->terms[t], q, strlen(q)) == 0;
		for (int t = 0; t < 6 && !hit2; t++)
			hit2 = *r->terms[t] && strncmp(r->terms[t], w2word,
			    strlen(w2word)) == 0;
		if (hit && hit2)
			out[n++] = *r;
	}
	qsort(out, (size_t)n, sizeof(*out), newest_first);
	return n;
}

/* ---- the checks ---- */

/* return_counts and return_terms hold exactly what the rows say */
static void
kept_tables_agree(void)
{
	assert_int_equal(db_int(db, "SELECT count(*) FROM ("
	    " SELECT merchant_id, policy_id, status, count(*) FROM shipments"
	    " GROUP BY 1, 2, 3 EXCEPT SELECT merchant_id, policy_id, status, n"
	    " FROM return_counts)", ""), 0);
	assert_int_equal(db_int(db, "SELECT count(*) FROM ("
	    " SELECT merchant_id, policy_id, status, n FROM return_counts"
	    " EXCEPT SELECT merchant_id, policy_id, status, count(*)"
	    " FROM shipments GROUP BY 1, 2, 3)", ""), 0);
	assert_int_equal(db_int(db, "SELECT count(*) FROM ("
	    " SELECT shipment_id, term, merchant_id FROM return_terms_of"
	    " WHERE term <> '' EXCEPT SELECT shipment_id, term, merchant_id"
	    " FROM return_terms)", ""), 0);
	assert_int_equal(db_int(db, "SELECT count(*) FROM ("
	    " SELECT shipment_id, term, merchant_id FROM return_terms"
	    " EXCEPT SELECT shipment_id, term, merchant_id"
	    " FROM return_terms_of)", ""), 0);
}

static struct row ref[NROWS + 16];

static void
check_filter(int m, const struct ret_filter *f0)
{
	struct ret_filter f = *f0;
	struct ret_row *out;
	size_t n;
	int total, nref, pages;
	bool more, unsorted;

	nref = reference(&f, ref);
	f.page = 1;
	assert_int_equal(report_list(db, mid[m], TZ, &f, &A, &out, &n, &total,
	    &more, &unsorted), E_OK);
	db_idle(db, false);	/* a request's end */
	if (more) {
		/* a lower bound, never above the truth */
		assert_true(nref > total);
		assert_true(total >= 500);
	} else
		assert_int_equal(total, nref);
	/* the first page, a middle one and the last: the same rows in the
	 * same order */
	pages = (nref + LIST_PAGE - 1) / LIST_PAGE;
	for (int k = 0; k < 3; k++) {
		int pg = k == 0 ? 1 : k == 1 ? 1 + (int)rnd((unsigned)
		    (pages > 0 ? pages : 1)) : pages + 1;
		int want = nref - (pg - 1) * LIST_PAGE;

		want = want < 0 ? 0 : want > LIST_PAGE ? LIST_PAGE : want;
		f.page = pg;
		assert_int_equal(report_list(db, mid[m], TZ, &f, &A, &out, &n,
		    &total, &more, &unsorted), E_OK);
		db_idle(db, false);	/* a request's end */
		if ((int)n != want)
			fail_msg("q='%s' status='%s' policy='%s' %s..%s page %d:"
			    " %zu rows, expected %d", f.q, f.status, f.policy,
			    f.from, f.to, pg, n, want);
		for (size_t i = 0; i < n; i++)
			assert_string_equal(out[i].tracking,
			    ref[(pg - 1) * LIST_PAGE + (int)i].tracking);
	}
	arena_free(&A);
}

static int
each_count(void *ctx, const struct ret_row *r)
{
	(void)r;
	(*(int *)ctx)++;
	return 0;
}

static void
random_filters(int rounds)
{
	static const char *const qs[] = { "", "", "alice", "Bob", " bob ",
	    "chlo", "ROY", "de la", "100%", "_", "709", "ra-1", "c-1001",
	    "c-10", "alice1", "example", "zoë", "tremblay", "nobody", "o'h",
	    "cote", "Côté", "emile", "ÉMILE CÔ", "lefevre-oeu", "7099 90",
	    "zoe", "tremblay emile", "roy alice", "gagnon zo", "bob nobody" };
	static const char *const dates[] = { "", "", "2026-01-01",
	    "2026-06-15", "2025-12-31", "2026-11-26", "not a date" };

	for (int k = 0; k < rounds; k++) {
		struct ret_filter f;
		char qbuf[32];
		int m = (int)rnd(4) == 0 ? 1 : 0, cnt = 0;

		memset(&f, 0, sizeof(f));
		f.q = qs[rnd(sizeof(qs) / sizeof(*qs))];
		if (rnd(8) == 0) {	/* a whole tracking number */
			snprintf(qbuf, sizeof(qbuf), "%s",
			    rows[rnd((unsigned)nrows)].tracking);
			f.q = qbuf;
		}
		f.status = rnd(3) ? "" : rnd(6) ? statuses[rnd(5)] : "expired";
		f.now = NOW;
		f.policy = rnd(3) ? "" : rnd(5) ? pnum[rnd(3)] : "P-none";
		f.from = dates[rnd(7)];
		f.to = dates[rnd(7)];
		load(mid[m]);
		check_filter(m, &f);
		/* the download: every matching row */
		f.page = 1;
		assert_int_equal(report_list_each(db, mid[m], TZ, &f,
		    each_count, &cnt), E_OK);
		assert_int_equal(cnt, reference(&f, ref));
	}
}

static void
list_matches_reference(void **state)
{
	(void)state;
	assert_int_equal(db_begin(db), E_OK);
	for (int i = 0; i < NROWS; i++)
		insert_one(i);
	assert_int_equal(db_commit(db), E_OK);
	kept_tables_agree();
	/* the daily ceiling's hours: the last 24 hours of each policy as
	 * many as its labels of those hours */
	for (int p = 0; p < 3; p++)
		assert_int_equal(db_int(db, "SELECT coalesce(sum(n), 0) FROM"
		    " policy_hours WHERE policy_id = ? AND hour > ?", "ii",
		    pid[p], (int64_t)NOW / 3600 - 24), db_int(db, "SELECT"
		    " count(*) FROM shipments WHERE policy_id = ? AND"
		    " created_at / 3600 > ?", "ii", pid[p],
		    (int64_t)NOW / 3600 - 24));
	random_filters(150);

	/* changes: statuses move on, returns move between the policies of
	 * their merchant, customers are renamed, returns are deleted */
	for (int i = 0; i < 400; i++) {
		int64_t id = db_int(db, "SELECT id FROM shipments ORDER BY"
		    " random() LIMIT 1", "");
		int p = (int)rnd(2);

		switch (rnd(4)) {
		case 0:
			assert_int_equal(db_exec(db, "UPDATE shipments SET"
			    " status = ? WHERE id = ?", "ti", statuses[rnd(5)],
			    id), E_OK);
			break;
		case 1:
			assert_int_equal(db_exec(db, "UPDATE shipments SET"
			    " policy_id = ? WHERE id = ? AND merchant_id = ?",
			    "iii", pid[p], id, mid[0]), E_OK);
			break;
		case 2:
			assert_int_equal(db_exec(db, "UPDATE shipments SET"
			    " name = ?, ra_number = '' WHERE id = ?", "ti",
			    rnd(2) ? "Bob Renamed" : "Solo", id), E_OK);
			break;
		default:
			assert_int_equal(db_exec(db, "DELETE FROM shipments"
			    " WHERE id = ?", "i", id), E_OK);
		}
	}
	kept_tables_agree();
	random_filters(150);

	/* a policy's number changes (the filter follows its id) */
	assert_int_equal(db_exec(db, "UPDATE policies SET number = 'P-renamed'"
	    " WHERE id = ?", "i", pid[1]), E_OK);
	snprintf(pnum[1], sizeof(pnum[1]), "P-renamed");
	random_filters(50);
}

/* the other merchant's returns never show, whatever the filter */
static void
list_only_the_merchants(void **state)
{
	struct ret_filter f;
	struct ret_row *out;
	size_t n;
	int total;
	bool more, unsorted;

	(void)state;
	memset(&f, 0, sizeof(f));
	f.q = f.status = f.from = f.to = "";
	f.policy = pnum[2];		/* merchant 1's policy */
	f.page = 1;
	assert_int_equal(report_list(db, mid[0], TZ, &f, &A, &out, &n, &total,
	    &more, &unsorted), E_OK);
	db_idle(db, false);	/* a request's end */
	assert_int_equal(total, 0);
	assert_int_equal(n, 0);
	f.policy = "";
	f.q = "alice";	/* names and emails of both merchants */
	assert_int_equal(report_list(db, mid[0], TZ, &f, &A, &out, &n, &total,
	    &more, &unsorted), E_OK);
	db_idle(db, false);	/* a request's end */
	assert_true(n > 0);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(db_int(db, "SELECT merchant_id FROM shipments"
		    " WHERE tracking = ?", "t", out[i].tracking), mid[0]);
	arena_free(&A);
}

/* the rank of a status in a return's life, as the list sorts it */
static int
stage(const char *s)
{
	static const char *const order[] = { "created", "accepted",
	    "in_transit", "exception", "delivered" };

	for (int i = 0; i < 5; i++)
		if (strcmp(s, order[i]) == 0)
			return i;
	return 5;
}

/* a before b in the order of sort (ascending), 0 when tied */
static int
cmp_by(int sort, const struct ret_row *a, const struct ret_row *b)
{
	switch (sort) {
	case RS_TRACKING: return strcmp(a->tracking, b->tracking);
	case RS_POLICY: return strcmp(a->policy, b->policy);
	case RS_CUSTOMER: return strcasecmp(a->name, b->name);
	case RS_STATUS: return stage(a->status) - stage(b->status);
	case RS_DELIVERED: return (a->delivered_at > b->delivered_at) -
	    (a->delivered_at < b->delivered_at);
	default: return (a->created_at > b->created_at) -
	    (a->created_at < b->created_at);
	}
}

/* Every order, both ways, with and without filters: each page follows
 * the previous one in order (ties newest first), and the pages hold the
 * same returns as the date order. */
static void
list_sorted_by_each_column(void **state)
{
	static const char *const stats[] = { "", "delivered", "created" };
	struct ret_filter f;
	struct ret_row *out, prev;
	size_t n;
	int total, seen;
	bool more, unsorted, have;

	(void)state;
	for (int st = 0; st < 3; st++)
	for (int sort = 0; sort < RS__N; sort++)
	for (int asc = 0; asc < 2; asc++) {
		memset(&f, 0, sizeof(f));
		f.q = f.from = f.to = f.policy = "";
		f.status = stats[st];
		f.sort = sort;
		f.asc = asc;
		f.per = 100;
		seen = 0;
		have = false;
		for (f.page = 1; ; f.page++) {
			assert_int_equal(report_list(db, mid[0], TZ, &f, &A,
			    &out, &n, &total, &more, &unsorted), E_OK);
			db_idle(db, false);	/* a request's end */
			assert_false(unsorted);	/* under LIST_SORT_MAX */
			for (size_t i = 0; i < n; i++) {
				if (have) {
					int c = cmp_by(sort, &prev, &out[i]);
					if (!asc)
						c = -c;
					if (c > 0 || (c == 0 && sort !=
					    RS_CREATED && prev.created_at <
					    out[i].created_at))
						fail_msg("sort %d %s status '%s'"
						    ": %s before %s", sort,
						    asc ? "asc" : "desc",
						    f.status, prev.tracking,
						    out[i].tracking);
				}
				prev = out[i];
				prev.status = arena_strdup(&B, out[i].status);
				prev.name = arena_strdup(&B, out[i].name);
				prev.policy = arena_strdup(&B, out[i].policy);
				have = true;
				seen++;
			}
			if (n < 100)
				break;
		}
		assert_int_equal(seen, total);
		assert_int_equal(seen, db_int(db, "SELECT count(*) FROM shipments"
		    " WHERE merchant_id = ? AND (?2 = '' OR status = ?2)", "it",
		    mid[0], f.status));
		arena_free(&A);
		arena_free(&B);
	}
}

/* The plan of a statement: its details, one a line. */
static void
plan_of(const char *sql, char *out, size_t len)
{
	sqlite3_stmt *st;
	char q[2048];
	size_t n = 0;

	snprintf(q, sizeof(q), "EXPLAIN QUERY PLAN %s", sql);
	out[0] = '\0';
	assert_int_equal(sqlite3_prepare_v2(db_handle(db), q, -1, &st, NULL),
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW && n < len)
		n += (size_t)snprintf(out + n, len - n, "%s\n",
		    (const char *)sqlite3_column_text(st, 3));
	sqlite3_finalize(st);
}

/* The page's rows come from an index in the list's order under each
 * filter, without statistics and with ANALYZE's (as the bench has them): the
 * state's index for a state, the policy's for a policy, and never a
 * sort (which would read every match before the first row). */
static void
list_pages_read_in_order(void **state)
{
	static const char *const status[] = { "", "exception", "created",
	    "expired", "delivered", "", "exception", "" };
	sqlite3 *h = db_handle(db);
	struct ret_filter f;
	struct ret_row *out;
	size_t n;
	int total, checked = 0;
	bool more, unsorted;
	char plan[2048];

	(void)state;
	for (size_t k = 0; k < 2 * sizeof(status) / sizeof(*status); k++) {
		size_t i = k % (sizeof(status) / sizeof(*status));

		/* first without statistics, then with ANALYZE's */
		if (k == sizeof(status) / sizeof(*status))
			assert_int_equal(db_exec(db, "ANALYZE", ""), E_OK);
		memset(&f, 0, sizeof(f));
		f.q = f.from = f.to = "";
		f.status = status[i];
		f.policy = i >= 5 ? pnum[0] : "";
		if (i == 7) {
			f.from = "2025-01-01";
			f.to = "2030-01-01";
		}
		f.page = 2;
		f.now = NOW;
		for (sqlite3_stmt *st = sqlite3_next_stmt(h, NULL); st != NULL;
		    st = sqlite3_next_stmt(h, st))
			sqlite3_stmt_status(st, SQLITE_STMTSTATUS_RUN, 1);
		assert_int_equal(report_list(db, mid[0], TZ, &f, &A, &out, &n,
		    &total, &more, &unsorted), E_OK);
		for (sqlite3_stmt *st = sqlite3_next_stmt(h, NULL); st != NULL;
		    st = sqlite3_next_stmt(h, st)) {
			const char *sql = sqlite3_sql(st);

			if (sqlite3_stmt_status(st, SQLITE_STMTSTATUS_RUN, 0)
			    == 0 || strstr(sql, "ORDER BY s.created_at DESC")
			    == NULL)
				continue;
			plan_of(sql, plan, sizeof(plan));
			checked++;
			if (strstr(plan, "TEMP B-TREE") != NULL ||
			    (*f.status != '\0' && strstr(plan,
			    "shipments_list_status") == NULL) ||
			    (*f.status == '\0' && *f.policy != '\0' &&
			    strstr(plan, "shipments_policy") == NULL))
				fail_msg("status '%s' policy '%s' from '%s': "
				    "%s\n%s", f.status, f.policy, f.from, sql,
				    plan);
		}
		db_idle(db, false);	/* a request's end */
	}
	assert_int_equal(checked, 2 * sizeof(status) / sizeof(*status));
	assert_int_equal(db_exec(db, "DROP TABLE sqlite_stat1", ""), E_OK);
	arena_free(&A);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(list_matches_reference),
		cmocka_unit_test(list_only_the_merchants),
		cmocka_unit_test(list_sorted_by_each_column),
		cmocka_unit_test(list_pages_read_in_order),
	};

	return cmocka_run_group_tests_name("list", tests, setup, teardown);
}
