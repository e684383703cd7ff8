/* schema.h -- the database schema and its migrations (domain layer).
 *
 * schema_open() opens the SQLite file (creating it) and brings it to the
 * latest schema version in one transaction: only `returnsctl init` and
 * `returnsctl migrate` (and tests) call it. Everything else attaches:
 * schema_attach() opens an existing database at this program's version
 * and refuses any other, so that a command run before the services
 * restart never migrates the live database under the old workers.
 */
#ifndef RETURNS_SCHEMA_H
#define RETURNS_SCHEMA_H

#include "returns/db.h"

enum rerr	 schema_open(const char *path, struct db **out);
int		 schema_latest(void);
/* E_NOTFOUND (no file), E_INVALID (another version) or E_DB, with the
 * reason and what to do in err. */
enum rerr	 schema_attach(const char *path, struct db **out, char *err,
		    size_t errlen);
/* Migrates only up to `version` (upgrade tests build old databases). */
enum rerr	 schema_open_version(const char *path, int version,
		    struct db **out);

#endif
