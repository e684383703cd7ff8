/* db.h -- the SQLite file (infrastructure).
 *
 * One connection per process, opened once: WAL, foreign_keys=ON,
 * synchronous=FULL, a busy timeout. Statements are prepared once per
 * connection and cached by the address of their SQL text, so callers keep
 * each statement as a `static const char SQL_...[]` beside the code that
 * uses it and pass it to db_stmt(). Every value is bound, never printed
 * into SQL.
 */
#ifndef RETURNS_DB_H
#define RETURNS_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sqlite3.h>

#include "returns/err.h"

struct db;

/* Opens (creating if needed) and applies `n` migrations: migration i
 * (0-based) brings user_version from i to i+1. All pending ones run in one
 * BEGIN IMMEDIATE transaction. Returns E_OK and sets *out, or an error
 * (the message is logged). Free with db_close(). */
enum rerr	 db_open(const char *path, const char *const *migrations,
		    int n, struct db **out);
void		 db_close(struct db *);
sqlite3		*db_handle(struct db *);
int		 db_version(struct db *);

/* Returns the cached prepared statement for `sql` (reset, bindings
 * cleared), or NULL on error (logged). Valid until db_close(). Bind with
 * db_bind(): fmt letters are 't' text (const char *, NULL binds NULL),
 * 'i' int64_t, 'd' int, 'b' blob (const void *, int len), 'n' NULL. */
sqlite3_stmt	*db_stmt(struct db *, const char *sql);
enum rerr	 db_bind(sqlite3_stmt *, const char *fmt, ...);
/* Prepares, binds and steps a query of one value (a count): that value
 * as an integer, -1 on an error (logged) or when there is no row. */
int64_t		 db_int(struct db *, const char *sql, const char *fmt, ...);
/* Prepares, binds and steps a statement that returns no rows.
 * E_EXISTS on a unique/primary key conflict. */
enum rerr	 db_exec(struct db *, const char *sql, const char *fmt, ...);
/* Maps a failed sqlite3 result code to an error code (and logs it);
 * never E_OK. */
enum rerr	 db_err(struct db *, int rc);
/* sqlite3_column_text that never returns NULL. Valid until next step. */
const char	*db_text(sqlite3_stmt *, int col);

/* Copies the live database into a new file with SQLite's online backup
 * API (the site may keep serving). E_EXISTS when the file exists. */
enum rerr	 db_backup(struct db *, const char *path);
/* Replaces the database's content with the copy in path (checked
 * first: E_INVALID when it is not a sound database). */
enum rerr	 db_restore(struct db *, const char *path);
/* A backup file's soundness (integrity and foreign keys, read-only) and
 * its schema version; what is wrong in report. */
enum rerr	 db_verify_file(const char *path, char *report, size_t len,
		    int *version);
/* PRAGMA integrity_check and foreign_key_check; a line per problem is
 * appended to report. E_OK when the database is sound. */
enum rerr	 db_check(struct db *, char *report, size_t len);

/* For a bulk job on this connection (returnsctl imports): a 256 MB page
 * cache, memory-mapped reads and WAL checkpoints every 10,000 pages
 * instead of 1,000. */
void		 db_bulk(struct db *);
/* For a FastCGI worker: a page cache of 1 MB instead of SQLite's 2 MB
 * (pages come from an index a few at a time; the OS caches the file),
 * and no checkpoint inside a commit, where the writers' queue waits for
 * it: the worker calls db_idle() once its answer has gone, which
 * checkpoints (PASSIVE) when its last commit left 1,000 pages or more in
 * the WAL, as SQLite's autocheckpoint would have -- or 10,000 while
 * other requests are waiting (`waiting`): under load the checkpoints are
 * fewer and each writes a page once for many commits. db_idle() also
 * finalizes the statements prepared past db_stmt()'s cache (DB_MAXSTMT):
 * call it at the end of each request. */
void		 db_small(struct db *);
void		 db_idle(struct db *, bool waiting);

/* A request's reads in one transaction (one snapshot, one set of WAL
 * locks instead of one per statement). db_read_end() ends it; so do
 * db_begin() and db_stmt() of a statement that writes, which then runs on
 * the newest state. Nothing happens when a transaction is open. */
void		 db_read_begin(struct db *);
void		 db_read_end(struct db *);

enum rerr	 db_begin(struct db *);	/* BEGIN IMMEDIATE */
enum rerr	 db_commit(struct db *);
void		 db_rollback(struct db *);

#endif
