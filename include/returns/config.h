/* config.h -- where things are (infrastructure).
 *
 * Defaults suit a checkout (var/returns.db, templates under src/); the
 * environment overrides them (RETURNS_DB, RETURNS_SHARE), and command-line
 * flags override both. Strings live until exit.
 */
#ifndef RETURNS_CONFIG_H
#define RETURNS_CONFIG_H

const char	*config_db_path(void);
/* The secret key file: $RETURNS_SECRET, else secret.key beside the
 * database. */
const char	*config_secret_path(void);
/* The tracking feed's HMAC key file: $RETURNS_TRACKING_KEY, else
 * tracking.key beside the database. */
const char	*config_tracking_key_path(void);
/* Directory holding templates/ and i18n/. */
const char	*config_share_dir(void);
void		 config_set_db_path(const char *);
void		 config_set_share_dir(const char *);

#endif
