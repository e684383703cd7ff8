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

	/* 2: payment methods, return policies and their history */
	"CREATE TABLE cards ("
	"  id INTEGER PRIMARY KEY,"
	"  merchant_id INTEGER NOT NULL REFERENCES merchants(id)"
	"    ON DELETE CASCADE,"
	"  brand TEXT NOT NULL,"
	"  last4 TEXT NOT NULL CHECK (length(last4) = 4),"
	"  exp_month INTEGER NOT NULL CHECK (exp_month BETWEEN 1 AND 12),"
	"  exp_year INTEGER NOT NULL,"
	"  token TEXT NOT NULL,"
	"  is_default INTEGER NOT NULL DEFAULT 0,"
	"  created_at INTEGER NOT NULL"
	");"
	"CREATE INDEX cards_merchant ON cards(merchant_id);"
	"CREATE TABLE contracts ("
	"  merchant_id INTEGER PRIMARY KEY REFERENCES merchants(id)"
	"    ON DELETE CASCADE,"
	"  customer_number TEXT NOT NULL,"
	"  contract_number TEXT NOT NULL,"
	"  good_standing INTEGER NOT NULL DEFAULT 1,"
	"  updated_at INTEGER NOT NULL"
	");"
	"CREATE TABLE policies ("
	"  id INTEGER PRIMARY KEY,"
	"  merchant_id INTEGER NOT NULL REFERENCES merchants(id)"
	"    ON DELETE CASCADE,"
	"  number TEXT NOT NULL UNIQUE,"
	"  link_nonce TEXT NOT NULL,"
	"  link_hash TEXT NOT NULL UNIQUE,"
	"  name TEXT NOT NULL,"
	"  channel TEXT NOT NULL CHECK (channel IN"
	"    ('online', 'post_office', 'both')),"
	"  secure_labels INTEGER NOT NULL DEFAULT 0,"
	"  box_free INTEGER NOT NULL DEFAULT 0,"
	"  service TEXT NOT NULL CHECK (service IN"
	"    ('priority', 'xpresspost', 'expedited', 'regular')),"
	"  company TEXT NOT NULL, contact TEXT NOT NULL,"
	"  line1 TEXT NOT NULL, line2 TEXT NOT NULL DEFAULT '',"
	"  city TEXT NOT NULL, province TEXT NOT NULL, postal TEXT NOT NULL,"
	"  ra_required INTEGER NOT NULL DEFAULT 0,"
	"  order_q_en TEXT NOT NULL DEFAULT '',"
	"  order_q_fr TEXT NOT NULL DEFAULT '',"
	"  label_format TEXT NOT NULL CHECK (label_format IN ('letter', '4x6')),"
	"  instructions_en TEXT NOT NULL DEFAULT '',"
	"  instructions_fr TEXT NOT NULL DEFAULT '',"
	"  status TEXT NOT NULL CHECK (status IN"
	"    ('active', 'inactive', 'suspended', 'deleted')),"
	"  suspended_reason TEXT NOT NULL DEFAULT '',"
	"  created_at INTEGER NOT NULL,"
	"  updated_at INTEGER NOT NULL"
	");"
	"CREATE INDEX policies_merchant ON policies(merchant_id, status);"
	"CREATE TABLE policy_history ("
	"  id INTEGER PRIMARY KEY,"
	"  policy_id INTEGER NOT NULL REFERENCES policies(id) ON DELETE CASCADE,"
	"  user_id INTEGER,"
	"  actor TEXT NOT NULL,"
	"  at INTEGER NOT NULL,"
	"  action TEXT NOT NULL,"
	"  detail TEXT NOT NULL DEFAULT ''"
	");"
	"CREATE INDEX policy_history_policy ON policy_history(policy_id, at);",
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
