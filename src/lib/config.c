/* config.c -- see include/returns/config.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "returns/config.h"

#ifndef RETURNS_SHAREDIR
#define RETURNS_SHAREDIR "src"
#endif

static const char *db_path, *share_dir;

const char *
config_db_path(void)
{
	const char *e;

	if (db_path != NULL)
		return db_path;
	if ((e = getenv("RETURNS_DB")) != NULL && *e)
		return e;
	return "var/returns.db";
}

/* $env, else `name` in the database's directory, into buf. */
static const char *
beside_db(const char *env, const char *name, char *buf, size_t len)
{
	const char *e = getenv(env), *db, *slash;

	if (e != NULL && *e)
		return e;
	db = config_db_path();
	slash = strrchr(db, '/');
	if (slash == NULL)
		return name;
	snprintf(buf, len, "%.*s/%s", (int)(slash - db), db, name);
	return buf;
}

const char *
config_secret_path(void)
{
	static char path[4096];

	return beside_db("RETURNS_SECRET", "secret.key", path, sizeof(path));
}

const char *
config_tracking_key_path(void)
{
	static char path[4096];

	return beside_db("RETURNS_TRACKING_KEY", "tracking.key", path,
	    sizeof(path));
}

const char *
config_share_dir(void)
{
	const char *e;

	if (share_dir != NULL)
		return share_dir;
	if ((e = getenv("RETURNS_SHARE")) != NULL && *e)
		return e;
	return RETURNS_SHAREDIR;
}

void
config_set_db_path(const char *p)
{
	db_path = p;
}

void
config_set_share_dir(const char *p)
{
	share_dir = p;
}
