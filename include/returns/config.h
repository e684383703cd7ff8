/* config.h -- where things are and how to reach the outside
 * (infrastructure).
 *
 * One file, /etc/returns/returns.conf by default (-c FILE on every
 * executable, or $RETURNS_CONFIG), read when it exists: lines
 * "key = value", '#' comments. Keys: database, share_dir,
 * secret_key_file, tracking_key_file, base_url, smtp_url, smtp_user,
 * smtp_password_file, mail_from, workers, time_zone, carrier,
 * canadapost_api, canadapost_url, canadapost_key_file,
 * canadapost_platform_id, canadapost_signin_url, canadapost_timeout,
 * canadapost_tracking_per_minute, billing_contact, base_path (and more:
 * see returns.conf.example). The environment overrides the
 * file (RETURNS_DB, RETURNS_SHARE, RETURNS_SECRET, RETURNS_TRACKING_KEY,
 * RETURNS_BASE_URL, RETURNS_BASE_PATH, RETURNS_SMTP_URL, RETURNS_SMTP_USER,
 * RETURNS_SMTP_PASSWORD, RETURNS_MAIL_FROM), and command-line flags
 * override both. Without a file the defaults suit a checkout
 * (var/returns.db, templates under src/). Strings live until exit.
 */
#ifndef RETURNS_CONFIG_H
#define RETURNS_CONFIG_H

#include <stdbool.h>

#include <stddef.h>
#include <stdio.h>

#include "returns/err.h"

#define CONFIG_DEFAULT	"/etc/returns/returns.conf"

/* Reads path (NULL: $RETURNS_CONFIG, else CONFIG_DEFAULT when it exists).
 * E_INVALID / E_SYS with "FILE:LINE: key: why" in err. A path that was
 * asked for and does not exist is an error. */
enum rerr	 config_load(const char *path, char *err, size_t errlen);

const char	*config_db_path(void);
/* Directory holding templates/ and i18n/. */
const char	*config_share_dir(void);
/* The secret key file (default: secret.key beside the database). */
const char	*config_secret_path(void);
/* The tracking feed's HMAC key file (default: tracking.key beside the
 * database). */
const char	*config_tracking_key_path(void);
/* Where `returnsctl backup` (and migrate, before it migrates) writes:
 * backup_dir, else "backups" beside the database; how many of its own
 * backups it keeps there: backup_keep, else 14. */
const char	*config_backup_dir(void);
/* metrics.h's counters: "metrics" beside the database. */
const char	*config_metrics_dir(void);
/* How long sent and failed emails (customers' addresses) are kept:
 * sent_email_days, else 90. */
int		 config_sent_email_days(void);
int		 config_backup_keep(void);
const char	*config_base_url(void);		/* http://127.0.0.1:8080 */
/* base_url's origin and the prefix, without a trailing '/': every
 * absolute URL starts with it. */
const char	*config_base_url_trimmed(void);
/* The path prefix the site is mounted under inside a server nginx
 * shares with other sites ("/returns"), or "" at the server's root:
 * base_path, else the path of base_url. Request paths are matched
 * without it (server.c strips it); every link, redirect and cookie of a
 * response carries it (templates: {{BASE}}; http_redirect; cookies). */
const char	*config_base_path(void);
/* Whether addr (a client's address as nginx gives it) is in
 * metrics_allow, a list of addresses and networks ("127.0.0.1 ::1
 * 10.0.0.0/8"); none by default: /metrics is for nobody. */
bool		 config_metrics_allowed(const char *addr);
/* Whether base_url was given (file, environment), not defaulted. */
bool		 config_has_base_url(void);
/* The configuration file read by config_load(), or NULL (none). */
const char	*config_file(void);
const char	*config_smtp_url(void);		/* smtp://127.0.0.1:25 */
const char	*config_smtp_user(void);	/* NULL when none */
/* The SMTP password: $RETURNS_SMTP_PASSWORD, else the first line of
 * smtp_password_file, else NULL. Never logged. */
const char	*config_smtp_password(void);
const char	*config_mail_from(void);	/* noreply@returns.localhost */
int		 config_workers(void);		/* 2 */
/* The time zone preselected for new merchants (sign-up, returnsctl
 * merchant add); they change it in their profile. */
const char	*config_time_zone(void);	/* America/Toronto */

/* The carrier (carrier.h): "local" (default) or "canadapost", and the
 * Canada Post connector's settings. */
const char	*config_carrier(void);
const char	*config_canadapost_api(void);	/* "soa" (default), "portal" */
/* Default: the development host of the chosen API. */
const char	*config_canadapost_url(void);
/* "user:password" or "client_id:client_secret"; NULL when not set. */
const char	*config_canadapost_key_file(void);
const char	*config_canadapost_platform_id(void);	/* or NULL */
/* Where merchant registration sends the merchant to sign in. */
const char	*config_canadapost_signin_url(void);
int		 config_canadapost_timeout(void);	/* seconds: 20 */
int		 config_canadapost_tracking_per_minute(void);	/* 15 */
/* What the suspension banner tells merchants to contact (phone or
 * address), or NULL. */
const char	*config_billing_contact(void);
/* A merchant's session ends after session_idle_minutes without a request
 * (default 30) and session_hours after log-in (default 12): seconds. */
int		 config_session_idle(void);
int		 config_session_max(void);
/* Checks the values given in the environment like the file's: E_INVALID
 * with "VARIABLE: why". */
enum rerr	 config_check_env(char *err, size_t errlen);
/* With a configuration file: base_url, smtp_url and mail_from are set,
 * smtp_password_file is readable and not empty, smtp_user has a password;
 * else E_INVALID and "FILE[:LINE]: key: why" in err. Without a file (the
 * developer's loop) the defaults above stand: E_OK. */
enum rerr	 config_check_mail(char *err, size_t errlen);
/* demo = yes|no: test parts allowed (no file: yes). signup = open|closed:
 * anyone may create a merchant account (no file: open; with a file and no
 * key: closed, merchants come from `returnsctl merchant add`). */
bool		 config_demo(void);
bool		 config_signup_open(void);
/* The web executables refuse to start with test parts (the local carrier
 * and its test gateway: test_parts) unless demo = yes; E_INVALID and
 * "FILE[:LINE]: carrier: why" in err. */
enum rerr	 config_check_parts(bool test_parts, char *err, size_t errlen);
/* Writes a line "FILE[:LINE]: key: why" for every setting still at a
 * development value (test parts, development hosts, no TLS in the nginx
 * file beside it, open sign-up); returns how many. */
int		 config_doctor(FILE *);

void		 config_set_db_path(const char *);
void		 config_set_share_dir(const char *);

#endif
