/* db.c -- see include/returns/db.h. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <time.h>
#include <sys/file.h>
#include <sys/time.h>
#include <unistd.h>

#include "returns/db.h"
#include "returns/log.h"

#define DB_MAXSTMT	128
#define DB_MAXTEMP	64
#define DB_BUSY_MS	5000	/* how long a writer waits for another */
#define DB_WORKER_CACHE_KB "1024"	/* a worker's page cache (db_small) */
#define DB_CHECKPOINT_FRAMES 1000	/* SQLite's own autocheckpoint default */
/* while requests wait: a checkpoint writes each page once however many
 * commits changed it, so one per 10,000 frames costs a label a quarter
 * of one per 1,000 (0.17 vs 0.62 ms a label at 64 connections) */
#define DB_CHECKPOINT_FRAMES_BUSY 10000

struct db {
	sqlite3		*h;
	struct {
		const char	*sql;
		sqlite3_stmt	*st;
	}		 cache[DB_MAXSTMT];
	int		 ncache;
	/* past DB_MAXSTMT: statements of this request only, finalized when
	 * it ends (db_idle) */
	sqlite3_stmt	*temp[DB_MAXTEMP];
	int		 ntemp;
	int		 wlock;		/* the writers' queue (-1: none) */
	int		 wlocked;	/* held by this connection */
	int		 reading;	/* a request's read transaction */
	int		 walframes;	/* in the WAL after our last commit */
	int		 unsynced;	/* a commit not yet flushed (db_small) */
	sqlite3_stmt	*ctl[4];	/* enum ctl, prepared at first use */
};

/* The transactions' own statements, prepared once (sqlite3_exec parsed
 * them again for every page: 9,000 of a /policies/ view's instructions,
 * callgrind). */
enum ctl { CTL_READ, CTL_WRITE, CTL_COMMIT, CTL_ROLLBACK };
static const char *const ctl_sql[] = { "BEGIN DEFERRED", "BEGIN IMMEDIATE",
    "COMMIT", "ROLLBACK" };

/* SQLITE_OK, or the statement's error code. */
static int
ctl(struct db *db, enum ctl c)
{
	int rc;

	if (db->ctl[c] == NULL && (rc = sqlite3_prepare_v3(db->h, ctl_sql[c],
	    -1, SQLITE_PREPARE_PERSISTENT, &db->ctl[c], NULL)) != SQLITE_OK)
		return rc;
	rc = sqlite3_step(db->ctl[c]);
	sqlite3_reset(db->ctl[c]);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

const char *
rerr_str(enum rerr e)
{
	switch (e) {
	case E_OK:		return "ok";
	case E_NOTFOUND:	return "not found";
	case E_EXISTS:		return "already exists";
	case E_INVALID:		return "invalid input";
	case E_DENIED:		return "denied";
	case E_DB:		return "database error";
	case E_BUSY:		return "database busy";
	case E_FULL:		return "disk full";
	case E_SYS:		return "system error";
	}
	return "unknown error";
}

enum rerr
db_err(struct db *db, int rc)
{
	switch (rc & 0xff) {
	case SQLITE_OK:
	case SQLITE_DONE:
	case SQLITE_ROW:
		/* only failures come here: a success code is a caller's bug,
		 * and never turns an error path into success */
		log_err(NULL, "db_err called with success code %d", rc);
		return E_DB;
	case SQLITE_CONSTRAINT:
		if (rc == SQLITE_CONSTRAINT_UNIQUE ||
		    rc == SQLITE_CONSTRAINT_PRIMARYKEY)
			return E_EXISTS;
		break;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		log_warn(NULL, "sqlite busy: %s", sqlite3_errmsg(db->h));
		return E_BUSY;
	case SQLITE_FULL:
		log_err(NULL, "sqlite full: %s", sqlite3_errmsg(db->h));
		return E_FULL;
	default:
		break;
	}
	log_err(NULL, "sqlite error %d: %s", rc, sqlite3_errmsg(db->h));
	return E_DB;
}

static enum rerr
run(struct db *db, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db->h, sql, NULL, NULL, &msg);

	if (rc != SQLITE_OK) {
		log_err(NULL, "sqlite: %s", msg ? msg : sqlite3_errstr(rc));
		sqlite3_free(msg);
		return (rc & 0xff) == SQLITE_BUSY ? E_BUSY :
		    (rc & 0xff) == SQLITE_FULL ? E_FULL : E_DB;
	}
	return E_OK;
}

int
db_version(struct db *db)
{
	sqlite3_stmt *st;
	int v = -1;

	if (sqlite3_prepare_v2(db->h, "PRAGMA user_version", -1, &st, NULL)
	    != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

static enum rerr
migrate(struct db *db, const char *const *m, int n)
{
	enum rerr e;
	int v;
	char pragma[64];

	if ((e = db_begin(db)) != E_OK)
		return e;
	v = db_version(db);
	if (v < 0 || v > n) {
		log_err(NULL, "database schema version %d is newer than this "
		    "program (%d)", v, n);
		db_rollback(db);
		return E_DB;
	}
	for (; v < n; v++) {
		if ((e = run(db, m[v])) != E_OK) {
			log_err(NULL, "migration %d failed", v + 1);
			db_rollback(db);
			return e;
		}
		log_info(NULL, "database migrated to version %d", v + 1);
	}
	/* the version is an integer we own, not data */
	snprintf(pragma, sizeof(pragma), "PRAGMA user_version=%d", n);
	if ((e = run(db, pragma)) != E_OK) {
		db_rollback(db);
		return e;
	}
	return db_commit(db);
}

/* The writers' queue: a lock file beside the database ("<db>-writer"),
 * locked with flock() around every write transaction (db_begin to
 * db_commit/db_rollback). A writer waits in the kernel and wakes the
 * moment the lock is free, instead of SQLite's busy handler sleeping
 * 1, 2, 5 ... 100 ms between tries while another writer takes the lock
 * again. flock() locks belong to the open file, so they never meet
 * SQLite's own POSIX locks on the database. -1 when it cannot be opened:
 * the busy handler alone then, as before. */
static int
writer_queue(const char *path)
{
	char lp[4096];
	int fd;

	if (strcmp(path, ":memory:") == 0 ||
	    (size_t)snprintf(lp, sizeof(lp), "%s-writer", path) >= sizeof(lp))
		return -1;
	if ((fd = open(lp, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) < 0)
		log_warn(NULL, "no writers' queue %s: %m", lp);
	return fd;
}

enum rerr
db_open(const char *path, const char *const *migrations, int n,
    struct db **out)
{
	struct db *db = calloc(1, sizeof(*db));
	enum rerr e = E_DB;

	if (db == NULL)
		return E_SYS;
	db->wlock = -1;
	if (strcmp(path, ":memory:") != 0 && access(path, F_OK) != 0) {
		/* a new database: 0600 from the start, whatever the umask */
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
		    0600);
		if (fd >= 0)
			close(fd);
	}
	if (sqlite3_open_v2(path, &db->h, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		log_err(NULL, "cannot open database %s: %s", path,
		    db->h ? sqlite3_errmsg(db->h) : "out of memory");
		goto fail;
	}
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, DB_BUSY_MS);
	db->wlock = writer_queue(path);
	if ((e = run(db, "PRAGMA journal_mode=WAL")) != E_OK ||
	    (e = run(db, "PRAGMA synchronous=FULL")) != E_OK ||
	    (e = run(db, "PRAGMA foreign_keys=ON")) != E_OK ||
	    /* a statement's journal (a label's insert with its triggers
	     * spilled it: a file made and removed each time) in memory */
	    (e = run(db, "PRAGMA temp_store=MEMORY")) != E_OK)
		goto fail;
	if (migrations != NULL && (e = migrate(db, migrations, n)) != E_OK)
		goto fail;
	*out = db;
	return E_OK;
fail:
	db_close(db);
	return e;
}

void
db_close(struct db *db)
{
	if (db == NULL)
		return;
	if (db->wlock >= 0)
		close(db->wlock);
	for (int i = 0; i < db->ncache; i++)
		sqlite3_finalize(db->cache[i].st);
	for (int i = 0; i < db->ntemp; i++)
		sqlite3_finalize(db->temp[i]);
	for (size_t i = 0; i < sizeof(db->ctl) / sizeof(*db->ctl); i++)
		sqlite3_finalize(db->ctl[i]);
	sqlite3_close(db->h);
	free(db);
}

sqlite3 *
db_handle(struct db *db)
{
	return db->h;
}

sqlite3_stmt *
db_stmt(struct db *db, const char *sql)
{
	sqlite3_stmt *st;

	for (int i = 0; i < db->ncache; i++)
		if (db->cache[i].sql == sql) {
			st = db->cache[i].st;
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			goto found;
		}
	if (sqlite3_prepare_v3(db->h, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &st, NULL) != SQLITE_OK) {
		log_err(NULL, "prepare failed: %s", sqlite3_errmsg(db->h));
		return NULL;
	}
	if (db->ncache < DB_MAXSTMT) {
		db->cache[db->ncache].sql = sql;
		db->cache[db->ncache].st = st;
		db->ncache++;
	} else if (db->ntemp < DB_MAXTEMP)
		db->temp[db->ntemp++] = st;	/* until the request ends */
	else
		log_warn(NULL, "statement cache full");	/* leaks one stmt */
found:
	/* a write ends the request's read transaction: it runs on its own
	 * (autocommit) on the newest state, never upgrading a snapshot
	 * another writer may have moved past */
	if (db->reading && !sqlite3_stmt_readonly(st))
		db_read_end(db);
	return st;
}

static enum rerr
vbind(sqlite3_stmt *st, const char *fmt, va_list ap)
{
	int rc = SQLITE_OK;

	for (int i = 1; *fmt && rc == SQLITE_OK; fmt++, i++) {
		switch (*fmt) {
		case 't': {
			const char *s = va_arg(ap, const char *);
			rc = s ? sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC)
			    : sqlite3_bind_null(st, i);
			break;
		}
		case 'i':
			rc = sqlite3_bind_int64(st, i, va_arg(ap, int64_t));
			break;
		case 'd':
			rc = sqlite3_bind_int(st, i, va_arg(ap, int));
			break;
		case 'b': {
			const void *p = va_arg(ap, const void *);
			int len = va_arg(ap, int);
			rc = sqlite3_bind_blob(st, i, p, len, SQLITE_STATIC);
			break;
		}
		case 'n':
			rc = sqlite3_bind_null(st, i);
			break;
		default:
			log_err(NULL, "db_bind: bad format letter %c", *fmt);
			return E_DB;
		}
	}
	if (rc != SQLITE_OK) {
		log_err(NULL, "bind failed: %s", sqlite3_errstr(rc));
		return E_DB;
	}
	return E_OK;
}

enum rerr
db_bind(sqlite3_stmt *st, const char *fmt, ...)
{
	va_list ap;
	enum rerr e;

	va_start(ap, fmt);
	e = vbind(st, fmt, ap);
	va_end(ap);
	return e;
}

int64_t
db_int(struct db *db, const char *sql, const char *fmt, ...)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	int64_t n = -1;
	va_list ap;
	int rc;

	if (st == NULL)
		return -1;
	va_start(ap, fmt);
	rc = vbind(st, fmt, ap) == E_OK ? sqlite3_step(st) : SQLITE_MISUSE;
	va_end(ap);
	if (rc == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	else if (rc != SQLITE_DONE && rc != SQLITE_MISUSE)
		db_err(db, rc);
	sqlite3_reset(st);
	return n;
}

enum rerr
db_exec(struct db *db, const char *sql, const char *fmt, ...)
{
	sqlite3_stmt *st = db_stmt(db, sql);
	va_list ap;
	enum rerr e;
	int rc;

	if (st == NULL)
		return E_DB;
	va_start(ap, fmt);
	e = vbind(st, fmt, ap);
	va_end(ap);
	if (e != E_OK)
		return e;
	rc = sqlite3_step(st);
	e = (rc == SQLITE_DONE || rc == SQLITE_ROW) ? E_OK : db_err(db, rc);
	sqlite3_reset(st);
	return e;
}

const char *
db_text(sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);

	return s ? (const char *)s : "";
}

/* Leaves the writers' queue when no transaction is open. */
static void
unqueue(struct db *db)
{
	if (db->wlocked && sqlite3_get_autocommit(db->h)) {
		flock(db->wlock, LOCK_UN);
		db->wlocked = 0;
	}
}

static void
on_alarm(int sig)
{
	(void)sig;	/* only to interrupt flock() */
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* flock(LOCK_EX) for at most `secs`: SIGALRM (no SA_RESTART) interrupts
 * the wait. false on timeout. */
static bool
lock_for(int fd, double secs)
{
	static bool handler;
	struct itimerval it = { { 0, 0 }, { 0, 0 } };
	bool ok;

	if (!handler) {
		struct sigaction sa;

		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_alarm;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGALRM, &sa, NULL);	/* no SA_RESTART */
		handler = true;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) == 0)
		return true;		/* free: no timer at all */
	it.it_value.tv_sec = (time_t)secs;
	it.it_value.tv_usec = (suseconds_t)((secs - (double)(time_t)secs) *
	    1e6) + 1;
	setitimer(ITIMER_REAL, &it, NULL);
	ok = flock(fd, LOCK_EX) == 0;
	memset(&it, 0, sizeof(it));
	setitimer(ITIMER_REAL, &it, NULL);
	return ok;
}

/* In the queue, BEGIN IMMEDIATE does not wait in SQLite's busy handler:
 * only a writer outside the queue (the sqlite3 shell, another program)
 * can hold the database then, and while it does this one leaves the
 * queue and tries again every millisecond, so that a writer stopped while
 * waiting never blocks the queue. Either way the wait ends after
 * DB_BUSY_MS with E_BUSY, as SQLite's busy timeout would. */
void
db_read_begin(struct db *db)
{
	if (db->reading || !sqlite3_get_autocommit(db->h))
		return;
	if (ctl(db, CTL_READ) == SQLITE_OK)
		db->reading = 1;
}

void
db_read_end(struct db *db)
{
	if (!db->reading)
		return;
	db->reading = 0;
	if (!sqlite3_get_autocommit(db->h) && ctl(db, CTL_COMMIT) !=
	    SQLITE_OK) {
		log_warn(NULL, "read transaction: %s", sqlite3_errmsg(db->h));
		ctl(db, CTL_ROLLBACK);
	}
}

enum rerr
db_begin(struct db *db)
{
	double deadline = now_s() + DB_BUSY_MS / 1000.0;
	int rc;

	db_read_end(db);
	if (db->wlock < 0 || db->wlocked)
		return (rc = ctl(db, CTL_WRITE)) == SQLITE_OK ? E_OK :
		    db_err(db, rc);
	for (;;) {
		double left = deadline - now_s();

		if (left <= 0 || !lock_for(db->wlock, left)) {
			if (now_s() < deadline)
				continue;	/* another signal: wait on */
			log_warn(NULL, "sqlite busy: the writers' queue did "
			    "not move for %d ms", DB_BUSY_MS);
			return E_BUSY;
		}
		db->wlocked = 1;
		sqlite3_busy_timeout(db->h, 0);
		rc = ctl(db, CTL_WRITE);
		sqlite3_busy_timeout(db->h, DB_BUSY_MS);
		if (rc == SQLITE_OK)
			return E_OK;
		unqueue(db);
		if ((rc & 0xff) != SQLITE_BUSY)
			return db_err(db, rc);
		if (now_s() >= deadline)
			return db_err(db, rc);
		usleep(1000);	/* a writer outside the queue */
	}
}

/* The WAL on disk (fdatasync) through SQLite's own file object: what
 * synchronous=FULL does inside every commit (see db_small). */
static void
flush_wal(struct db *db)
{
	sqlite3_file *f = NULL;

	db->unsynced = 0;
	if (sqlite3_file_control(db->h, "main", SQLITE_FCNTL_JOURNAL_POINTER,
	    &f) != SQLITE_OK || f == NULL || f->pMethods == NULL)
		return;
	if (f->pMethods->xSync(f, SQLITE_SYNC_NORMAL) != SQLITE_OK)
		log_err(NULL, "the WAL could not be flushed to disk");
}

enum rerr
db_commit(struct db *db)
{
	int rc = ctl(db, CTL_COMMIT);
	enum rerr e = rc == SQLITE_OK ? E_OK : db_err(db, rc);

	if (e != E_OK)
		db_rollback(db);
	unqueue(db);
	/* on disk before the caller answers anyone, but outside the
	 * writers' queue: the next writer works while this one waits for
	 * the disk, and flushes that overlap are one for the disk */
	if (db->unsynced)
		flush_wal(db);
	return e;
}

void
db_rollback(struct db *db)
{
	if (!sqlite3_get_autocommit(db->h))
		ctl(db, CTL_ROLLBACK);
	unqueue(db);
}

/* Copies src into dst (SQLite's online backup API). */
static enum rerr
copy(sqlite3 *dst, sqlite3 *src)
{
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	int rc;

	if (b == NULL) {
		log_err(NULL, "backup: %s", sqlite3_errmsg(dst));
		return E_DB;
	}
	/* every page in one step: one read transaction, so the copy is
	 * one consistent state, and writers (WAL) go on meanwhile; steps
	 * of a few pages would start over after each write of another
	 * connection and might never end on a busy site */
	do {
		rc = sqlite3_backup_step(b, -1);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(20);
	} while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE) {
		log_err(NULL, "backup: %s", sqlite3_errstr(rc));
		return (rc & 0xff) == SQLITE_FULL ? E_FULL : E_DB;
	}
	return E_OK;
}

enum rerr
db_backup(struct db *db, const char *path)
{
	sqlite3 *out = NULL;
	enum rerr e;
	int fd;

	/* created 0600 whatever the umask: it holds password hashes and
	 * customers' addresses */
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0)
		return errno == EEXIST ? E_EXISTS : E_SYS;
	close(fd);
	if (sqlite3_open_v2(path, &out, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		log_err(NULL, "cannot create %s", path);
		sqlite3_close(out);
		return E_SYS;
	}
	e = copy(out, db->h);
	sqlite3_close(out);
	if (e != E_OK)
		unlink(path);
	return e;
}

static enum rerr
check_handle(sqlite3 *h, char *report, size_t len)
{
	static const char *const sql[] = { "PRAGMA integrity_check",
	    "PRAGMA foreign_key_check" };
	size_t n = strlen(report);
	enum rerr e = E_OK;

	for (int i = 0; i < 2; i++) {
		sqlite3_stmt *st;
		int rc;

		if (sqlite3_prepare_v2(h, sql[i], -1, &st, NULL) != SQLITE_OK)
			return E_DB;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			const char *a = (const char *)sqlite3_column_text(st, 0);
			if (i == 0 && a != NULL && strcmp(a, "ok") == 0)
				continue;
			e = E_INVALID;
			n += (size_t)snprintf(report + n, n < len ? len - n : 0,
			    "%s: %s%s%s\n", i ? "foreign key" : "integrity",
			    a ? a : "", i ? " row " : "", i ?
			    (const char *)sqlite3_column_text(st, 1) : "");
			if (n >= len)
				n = len - 1;
		}
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE)
			return E_DB;
	}
	return e;
}

enum rerr
db_check(struct db *db, char *report, size_t len)
{
	return check_handle(db->h, report, len);
}

enum rerr
db_verify_file(const char *path, char *report, size_t len, int *version)
{
	sqlite3 *in = NULL;
	sqlite3_stmt *st;
	enum rerr e;

	*version = -1;
	if (access(path, R_OK) != 0) {
		snprintf(report, len, "%s: %s\n", path, strerror(errno));
		return E_SYS;
	}
	if (sqlite3_open_v2(path, &in, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		snprintf(report, len, "%s: cannot open\n", path);
		sqlite3_close(in);
		return E_INVALID;
	}
	report[0] = '\0';
	if ((e = check_handle(in, report, len)) == E_DB)
		snprintf(report, len, "%s: not an SQLite database\n", path);
	if (e == E_OK && sqlite3_prepare_v2(in, "PRAGMA user_version", -1,
	    &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			*version = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_close(in);
	return e == E_DB ? E_INVALID : e;
}

enum rerr
db_restore(struct db *db, const char *path)
{
	sqlite3 *in = NULL;
	char report[1024] = "";
	enum rerr e;

	if (access(path, R_OK) != 0) {
		log_err(NULL, "cannot read %s", path);
		return E_SYS;
	}
	if (sqlite3_open_v2(path, &in, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK || check_handle(in, report, sizeof(report)) != E_OK) {
		log_err(NULL, "%s is not a sound database: %s", path, report);
		sqlite3_close(in);
		return E_INVALID;
	}
	e = copy(db->h, in);
	sqlite3_close(in);
	return e;
}

/* sqlite3_wal_hook, after each of our commits (SQLite's write lock is
 * released by then): note the WAL's size instead of checkpointing inside
 * the commit (see db_idle), and flush the commit to disk -- now for a
 * statement outside any transaction, after the writers' queue for one
 * of db_begin's (db_commit) */
static int
wal_note(void *arg, sqlite3 *h, const char *name, int frames)
{
	struct db *db = arg;

	(void)h;
	(void)name;
	db->walframes = frames;
	if (db->wlocked)
		db->unsynced = 1;
	else
		flush_wal(db);
	return SQLITE_OK;
}

/* A worker's connection: a small page cache, and every commit flushed
 * by wal_note/db_commit after the locks instead of inside the commit
 * (synchronous=NORMAL writes the WAL without flushing it). What FULL
 * promises still holds for every answer: a request that wrote answers
 * after its commit is on disk. Only another request may read a commit
 * a fraction of a millisecond before it reaches the disk. */
void
db_small(struct db *db)
{
	run(db, "PRAGMA cache_size = -" DB_WORKER_CACHE_KB);
	sqlite3_wal_hook(db->h, wal_note, db);
	run(db, "PRAGMA synchronous=NORMAL");
}

void
db_idle(struct db *db, bool waiting)
{
	while (db->ntemp > 0)
		sqlite3_finalize(db->temp[--db->ntemp]);
	if (db->walframes < (waiting ? DB_CHECKPOINT_FRAMES_BUSY :
	    DB_CHECKPOINT_FRAMES))
		return;
	db->walframes = 0;
	if (sqlite3_wal_checkpoint_v2(db->h, NULL, SQLITE_CHECKPOINT_PASSIVE,
	    NULL, NULL) != SQLITE_OK)
		log_warn(NULL, "checkpoint: %s", sqlite3_errmsg(db->h));
}

void
db_bulk(struct db *db)
{
	run(db, "PRAGMA cache_size = -262144");
	run(db, "PRAGMA mmap_size = 1073741824");
	run(db, "PRAGMA wal_autocheckpoint = 10000");
}
