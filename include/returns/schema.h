/* schema.h -- the database schema and its migrations (domain layer).
 *
 * schema_open() opens the SQLite file and brings it to the latest schema
 * version in one transaction. Every executable opens the database through
 * it, so a new program version migrates on start-up.
 */
#ifndef RETURNS_SCHEMA_H
#define RETURNS_SCHEMA_H

#include "returns/db.h"

enum rerr	 schema_open(const char *path, struct db **out);
int		 schema_latest(void);
/* Migrates only up to `version` (upgrade tests build old databases). */
enum rerr	 schema_open_version(const char *path, int version,
		    struct db **out);

#endif
