/* returnsctl -- the administrator's command: database, merchants, demo. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "returns/account.h"
#include "returns/config.h"
#include "returns/log.h"
#include "returns/schema.h"
#include "returns/valid.h"

#define DEMO_EMAIL	"demo@example.com"
#define DEMO_PASSWORD	"demo-password"

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: returnsctl [-d DATABASE] COMMAND [ARGS]\n"
	    "\n"
	    "commands:\n"
	    "  init                       create the database or migrate it\n"
	    "  merchant add --email E --business NAME [--lang en|fr]\n"
	    "                             add a merchant; the password is\n"
	    "                             read from standard input\n"
	    "  demo                       create the demo merchant "
	    DEMO_EMAIL "\n"
	    "\n"
	    "The database is -d DATABASE, else $RETURNS_DB, else "
	    "var/returns.db.\n"
	    "Each command takes --help.\n");
}

static int
open_db(struct db **db)
{
	if (schema_open(config_db_path(), db) != E_OK) {
		fprintf(stderr, "returnsctl: cannot open the database %s\n",
		    config_db_path());
		return 1;
	}
	return 0;
}

static int
wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return 1;
	return 0;
}

static int
cmd_init(int argc, char **argv)
{
	struct db *db;

	if (wants_help(argc, argv)) {
		printf("usage: returnsctl init\n"
		    "Creates the database, or applies the migrations it lacks, "
		    "in one transaction.\n");
		return 0;
	}
	if (argc > 1) {
		fprintf(stderr, "returnsctl init: no arguments expected\n");
		return 2;
	}
	if (open_db(&db))
		return 1;
	printf("database %s at schema version %d\n", config_db_path(),
	    db_version(db));
	db_close(db);
	return 0;
}

/* Creates a merchant; prints what happened. */
static int
add_merchant(struct db *db, const char *email, const char *business,
    const char *lang, const char *password)
{
	int64_t uid;
	enum rerr e;

	if (!valid_email(email)) {
		fprintf(stderr, "returnsctl: not a valid email: %s\n", email);
		return 2;
	}
	if (*business == '\0' || utf8_len(business) > BUSINESS_MAX ||
	    !utf8_valid(business, strlen(business)) || has_control(business)) {
		fprintf(stderr, "returnsctl: the business name must be 1 to "
		    "%d characters of UTF-8 text\n", BUSINESS_MAX);
		return 2;
	}
	if (utf8_len(password) < PASSWORD_MIN ||
	    utf8_len(password) > PASSWORD_MAX) {
		fprintf(stderr, "returnsctl: the password must be %d to %d "
		    "characters\n", PASSWORD_MIN, PASSWORD_MAX);
		return 2;
	}
	e = account_create(db, business, email, password, lang,
	    "America/Toronto", (int64_t)time(NULL), &uid);
	if (e == E_EXISTS) {
		fprintf(stderr, "returnsctl: %s already has an account\n",
		    email);
		return 1;
	}
	if (e != E_OK) {
		fprintf(stderr, "returnsctl: %s\n", rerr_str(e));
		return 1;
	}
	printf("merchant %s (%s) added\n", business, email);
	return 0;
}

static int
cmd_merchant(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "email", required_argument, NULL, 'e' },
		{ "business", required_argument, NULL, 'b' },
		{ "lang", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *email = NULL, *business = NULL, *lang = "en";
	char pw[PASSWORD_MAX * 4 + 2];
	struct db *db;
	int ch, rc;

	if (argc < 2 || strcmp(argv[1], "add") != 0 ||
	    wants_help(argc, argv)) {
		printf("usage: returnsctl merchant add --email E --business NAME"
		    " [--lang en|fr] < password-file\n"
		    "Adds a merchant and its first user. The password (at "
		    "least %d characters)\nis the first line of standard "
		    "input.\n", PASSWORD_MIN);
		return wants_help(argc, argv) ? 0 : 2;
	}
	argc--;
	argv++;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'e': email = optarg; break;
		case 'b': business = optarg; break;
		case 'l': lang = optarg; break;
		default: return 2;
		}
	}
	if (email == NULL || business == NULL ||
	    (strcmp(lang, "en") != 0 && strcmp(lang, "fr") != 0)) {
		fprintf(stderr, "returnsctl merchant add: --email and "
		    "--business are required; --lang is en or fr\n");
		return 2;
	}
	if (isatty(0))
		fprintf(stderr, "password: ");
	if (fgets(pw, sizeof(pw), stdin) == NULL) {
		fprintf(stderr, "returnsctl: no password on standard input\n");
		return 2;
	}
	pw[strcspn(pw, "\r\n")] = '\0';
	if (open_db(&db))
		return 1;
	rc = add_merchant(db, email, business, lang, pw);
	db_close(db);
	return rc;
}

static int
cmd_demo(int argc, char **argv)
{
	struct db *db;
	int rc;

	if (wants_help(argc, argv)) {
		printf("usage: returnsctl demo\n"
		    "Creates the demo merchant " DEMO_EMAIL " (password "
		    DEMO_PASSWORD ") with data for every tab.\n"
		    "Does nothing when it exists already.\n");
		return 0;
	}
	if (open_db(&db))
		return 1;
	{
		int64_t uid;
		if (account_find(db, DEMO_EMAIL, &uid) == E_OK) {
			printf("demo merchant exists: %s / %s\n", DEMO_EMAIL,
			    DEMO_PASSWORD);
			db_close(db);
			return 0;
		}
	}
	rc = add_merchant(db, DEMO_EMAIL, "Boutique Démo", "fr",
	    DEMO_PASSWORD);
	if (rc == 0)
		printf("demo login: %s / %s\n", DEMO_EMAIL, DEMO_PASSWORD);
	db_close(db);
	return rc;
}

int
main(int argc, char **argv)
{
	int ch;

	log_init("returnsctl");
	while ((ch = getopt(argc, argv, "+d:h")) != -1) {
		switch (ch) {
		case 'd':
			config_set_db_path(optarg);
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[0], "init") == 0)
		return cmd_init(argc, argv);
	if (strcmp(argv[0], "merchant") == 0)
		return cmd_merchant(argc, argv);
	if (strcmp(argv[0], "demo") == 0)
		return cmd_demo(argc, argv);
	fprintf(stderr, "returnsctl: unknown command %s\n", argv[0]);
	usage(stderr);
	return 2;
}
