/* schema.c -- see include/returns/schema.h.
 *
 * Migrations are append-only: never edit one that has shipped; add the
 * next. Migration i brings user_version from i to i+1.
 */
#include "returns/schema.h"

static const char *const migrations[] = {
	/* 1: merchants, their users, sessions, login throttling, audit */
	"CREATE TABLE merchants ("
	"  id INTEGER PRIMARY KEY,"
	"  business_name TEXT NOT NULL,"
	"  lang TEXT NOT NULL CHECK (lang IN ('en','fr')),"
	"  tz TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL"
	");"
	"CREATE TABLE users ("
	"  id INTEGER PRIMARY KEY,"
	"  merchant_id INTEGER NOT NULL REFERENCES merchants(id)"
	"    ON DELETE CASCADE,"
	"  email TEXT NOT NULL UNIQUE COLLATE NOCASE,"
	"  pw_hash TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  pw_changed_at INTEGER NOT NULL"
	");"
	"CREATE INDEX users_merchant ON users(merchant_id);"
	"CREATE TABLE sessions ("
	"  idhash TEXT PRIMARY KEY,"
	"  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
	"  csrf TEXT NOT NULL,"
	"  created_at INTEGER NOT NULL,"
	"  seen_at INTEGER NOT NULL"
	") WITHOUT ROWID;"
	"CREATE INDEX sessions_user ON sessions(user_id);"
	"CREATE TABLE login_throttle ("
	"  key TEXT PRIMARY KEY,"
	"  failures INTEGER NOT NULL,"
	"  locked_until INTEGER NOT NULL"
	") WITHOUT ROWID;"
	"CREATE TABLE audit_log ("
	"  id INTEGER PRIMARY KEY,"
	"  merchant_id INTEGER REFERENCES merchants(id) ON DELETE CASCADE,"
	"  user_id INTEGER,"
	"  at INTEGER NOT NULL,"
	"  action TEXT NOT NULL,"
	"  detail TEXT NOT NULL DEFAULT ''"
	");"
	"CREATE INDEX audit_merchant ON audit_log(merchant_id, at);",
};

#define NMIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))

int
schema_latest(void)
{
	return NMIGRATIONS;
}

enum rerr
schema_open(const char *path, struct db **out)
{
	return db_open(path, migrations, NMIGRATIONS, out);
}
