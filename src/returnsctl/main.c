/* returnsctl -- the administrator's command: database, merchants, demo. */
#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/stat.h>

#include "returns/account.h"
#include "returns/card.h"
#include "returns/carrier.h"
#include "returns/carrier_link.h"
#include "returns/config.h"
#include "returns/i18n.h"
#include "returns/log.h"
#include "returns/notify.h"
#include "returns/payment.h"
#include "returns/policy.h"
#include "returns/schema.h"
#include "returns/calendar.h"
#include "returns/reports.h"
#include "returns/secret.h"
#include "returns/status.h"
#include "returns/shipment.h"
#include "returns/tracking.h"
#include "returns/valid.h"

#define DEMO_EMAIL	"demo@example.com"
#define DEMO_PASSWORD	"demo-password"

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: returnsctl [-c CONFIG] [-d DATABASE] COMMAND [ARGS]\n"
	    "\n"
	    "commands:\n"
	    "  init | migrate             create the database or migrate it "
	    "(backed up\n"
	    "                             first); the only commands that "
	    "migrate\n"
	    "  merchant add --email E --business NAME [--lang en|fr]\n"
	    "                             add a merchant; the password is\n"
	    "                             read from standard input\n"
	    "  merchant password --email E  set a new password (standard "
	    "input)\n"
	    "  merchant unlock --email E  forget the email's log-in failures"
	    "\n"
	    "  merchant confirm --email E confirm the address by hand\n"
	    "  status                     outbox, failed emails, paused sending, "
	    "last billing\n"
	    "                             check and poll, database size; exit 1 "
	    "on a problem\n"
	    "  purge                      delete emails older than "
	    "sent_email_days (90)\n"
	    "                             and stale log-in failures (daily)\n"
	    "  doctor                     settings still at a development "
	    "value; exit 1 if any\n"
	    "  outbox list | retry [--id N] emails that failed for good; "
	    "send again\n"
	    "  demo                       create the demo merchant "
	    DEMO_EMAIL "\n"
	    "  tracking import FILE       apply tracking events from a JSON "
	    "or CSV file\n"
	    "  tracking key               print the path of the feed's HMAC "
	    "key file\n"
	    "  backup [FILE]              copy the database while the site "
	    "serves (without\n"
	    "                             FILE: into backup_dir, keeping "
	    "backup_keep)\n"
	    "  backup --verify FILE       check a backup\n"
	    "  restore FILE               replace the database with a backup\n"
	    "  check                      integrity and foreign keys\n"
	    "  links --merchant E [--base URL]\n"
	    "                             print the direct return links of a "
	    "merchant's\n"
	    "                             active policies\n"
	    "  billing check [--at DATE]  suspend the active policies of "
	    "merchants\n"
	    "                             whose payment method is not valid"
	    " (daily)\n"
	    "  billing list [--merchant E]\n"
	    "                             show suspended policies\n"
	    "  billing lift --policy PR123456 | --merchant E\n"
	    "                             lift a suspension once the payment\n"
	    "                             method is valid again\n"
	    "  billing standing --merchant E --good|--not-good\n"
	    "                             record a contract's standing\n"
	    "  tracking poll [--max N]    ask the carrier for the events of "
	    "returns\n"
	    "                             not yet delivered (every 15 "
	    "minutes)\n"
	    "  carrier check [--customer-number N]\n"
	    "                             one harmless call: do the address, "
	    "TLS and key\n"
	    "                             work? (exit 0 or 1)\n"
	    "  carrier link --merchant E --customer-number N "
	    "[--contract-number N]\n"
	    "                             link a merchant to its carrier "
	    "account\n"
	    "\n"
	    "The database is -d DATABASE, else $RETURNS_DB, else the "
	    "configuration's\n(-c CONFIG, default " CONFIG_DEFAULT " when it "
	    "exists), else var/returns.db.\n"
	    "Each command takes --help.\n");
}

/* The database and the secret key. Only init, migrate and demo migrate
 * (migrate); every other command attaches, refusing another schema
 * version. */
static int
open_db_mode(struct db **db, bool migrate)
{
	char err[1024];

	if (migrate ? schema_open(config_db_path(), db) != E_OK :
	    schema_attach(config_db_path(), db, err, sizeof(err)) != E_OK) {
		if (migrate)
			snprintf(err, sizeof(err), "cannot open or migrate the "
			    "database %s", config_db_path());
		fprintf(stderr, "returnsctl: %s\n", err);
		return 1;
	}
	if (secret_load(config_secret_path()) != E_OK) {
		fprintf(stderr, "returnsctl: cannot load the secret key %s\n",
		    config_secret_path());
		db_close(*db);
		return 1;
	}
	return 0;
}

static int
open_db(struct db **db)
{
	return open_db_mode(db, false);
}

static int
wants_help(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return 1;
	return 0;
}

/* Backups that returnsctl names itself: returns-<what>-YYYYmmdd-HHMMSS.db
 * (UTC) in backup_dir, made 0700 when missing. */
static int
backup_path(const char *what, char *path, size_t len)
{
	const char *dir = config_backup_dir();
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;

	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		fprintf(stderr, "returnsctl: cannot make %s: %s\n", dir,
		    strerror(errno));
		return 1;
	}
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm);
	if ((size_t)snprintf(path, len, "%s/returns-%s%s%s.db", dir,
	    what ? what : "", what ? "-" : "", stamp) >= len) {
		fprintf(stderr, "returnsctl: %s: path too long\n", dir);
		return 1;
	}
	return 0;
}

static int
newest_first(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*b)->d_name, (*a)->d_name);
}

/* the daily backups' names: returns-YYYYmmdd-HHMMSS.db */
static int
is_daily(const struct dirent *d)
{
	const char *n = d->d_name;

	return strlen(n) == 26 && strncmp(n, "returns-", 8) == 0 &&
	    strspn(n + 8, "0123456789") == 8 && n[16] == '-' &&
	    strspn(n + 17, "0123456789") == 6 && strcmp(n + 23, ".db") == 0;
}

/* Keeps the newest backup_keep daily backups in backup_dir; deletes the
 * older ones (never a file of another name). */
static void
backup_prune(void)
{
	const char *dir = config_backup_dir();
	struct dirent **ents;
	int n = scandir(dir, &ents, is_daily, newest_first);
	int keep = config_backup_keep();

	for (int i = 0; i < n; i++) {
		if (i >= keep) {
			char p[4096];

			snprintf(p, sizeof(p), "%s/%s", dir, ents[i]->d_name);
			if (unlink(p) == 0)
				printf("deleted the old backup %s\n", p);
		}
		free(ents[i]);
	}
	if (n >= 0)
		free(ents);
}

/* A backup into backup_dir; 0 when written. */
static int
backup_auto(struct db *db, const char *what)
{
	char path[4096];
	enum rerr e;

	if (backup_path(what, path, sizeof(path)))
		return 1;
	if ((e = db_backup(db, path)) != E_OK) {
		fprintf(stderr, "returnsctl: backup %s: %s\n", path,
		    e == E_EXISTS ? "exists" : rerr_str(e));
		return 1;
	}
	printf("backup written to %s\n", path);
	return 0;
}

static int
cmd_init(int argc, char **argv)
{
	struct db *db;

	if (wants_help(argc, argv)) {
		printf("usage: returnsctl init | migrate\n"
		    "Creates the database, or applies the migrations it lacks, "
		    "in one transaction,\nand the key files beside it "
		    "(secret.key, tracking.key) when missing. A database\n"
		    "that needs migrating is backed up first, into backup_dir "
		    "(returns-before-\nmigration-vN-DATE-TIME.db). The only "
		    "commands that migrate: the services and\nevery other "
		    "command refuse a database of another version.\n");
		return 0;
	}
	if (argc > 1) {
		fprintf(stderr, "returnsctl %s: no arguments expected\n",
		    argv[0]);
		return 2;
	}
	if (access(config_db_path(), F_OK) == 0 &&
	    db_open(config_db_path(), NULL, 0, &db) == E_OK) {
		int v = db_version(db);
		int rc = 0;

		if (v > 0 && v < schema_latest()) {
			char name[96];

			snprintf(name, sizeof(name), "before-migration-v%d", v);
			rc = backup_auto(db, name);
		}
		db_close(db);
		if (rc) {
			fprintf(stderr, "returnsctl: not migrated: the backup "
			    "before the migration failed\n");
			return 1;
		}
	}
	if (open_db_mode(&db, true))
		return 1;
	{
		unsigned char k[SECRET_LEN];
		if (keyfile_load(config_tracking_key_path(), k) != E_OK) {
			db_close(db);
			return 1;
		}
	}
	printf("database %s at schema version %d\n", config_db_path(),
	    db_version(db));
	db_close(db);
	return 0;
}

/* The web pages' rule for a new password, said on stderr; 1 when refused.
 * The demo merchants' well-known password is the only exception. */
static int
password_refused(const char *password, const char *email)
{
	const char *why;

	if (utf8_len(password) > PASSWORD_MAX) {
		fprintf(stderr, "returnsctl: the password must be at most %d "
		    "characters\n", PASSWORD_MAX);
		return 1;
	}
	if (strncmp(email, "demo", 4) == 0 &&
	    strcmp(password, DEMO_PASSWORD) == 0)
		return 0;	/* the demo's merchants */
	if ((why = account_password_weak(password, email)) == NULL)
		return 0;
	{
		/* the pages' words, when the catalogues are at hand */
		char err[256], dir[512];

		snprintf(dir, sizeof(dir), "%s/i18n", config_share_dir());
		fprintf(stderr, "returnsctl: password refused: %s\n",
		    i18n_load(dir, err, sizeof(err)) == E_OK ?
		    i18n_get(LANG_EN, why) : why);
	}
	return 1;
}

/* Reads the password: the first line of standard input. */
static int
read_password(char *pw, size_t n)
{
	if (isatty(0))
		fprintf(stderr, "password: ");
	if (fgets(pw, (int)n, stdin) == NULL) {
		fprintf(stderr, "returnsctl: no password on standard input\n");
		return 1;
	}
	pw[strcspn(pw, "\r\n")] = '\0';
	return 0;
}

/* merchant password|unlock|confirm --email E: the operator's way back into an
 * account. */
static int
merchant_access(const char *sub, const char *email)
{
	char pw[PASSWORD_MAX * 4 + 2];
	struct db *db;
	int64_t uid;
	enum rerr e;
	int rc = 0;

	if (email == NULL) {
		fprintf(stderr, "returnsctl merchant %s: --email is required\n",
		    sub);
		return 2;
	}
	if (strcmp(sub, "password") == 0 &&
	    (read_password(pw, sizeof(pw)) || password_refused(pw, email)))
		return 2;
	if (strcmp(sub, "confirm") == 0 && email == NULL) {
		fprintf(stderr, "returnsctl merchant confirm: --email is "
		    "required\n");
		return 2;
	}
	if (open_db(&db))
		return 1;
	if (account_find(db, email, &uid) != E_OK) {
		fprintf(stderr, "returnsctl: no merchant user with the email "
		    "%s\n", email);
		db_close(db);
		return 1;
	}
	if (strcmp(sub, "password") == 0)
		e = account_reset_password(db, uid, pw, (int64_t)time(NULL));
	else if (strcmp(sub, "confirm") == 0)
		e = account_confirm(db, uid, (int64_t)time(NULL));
	else
		e = account_unlock(db, email, (int64_t)time(NULL));
	if (e != E_OK) {
		fprintf(stderr, "returnsctl: %s\n", rerr_str(e));
		rc = 1;
	} else if (strcmp(sub, "password") == 0)
		printf("password of %s changed; every session of the account "
		    "ended\n", email);
	else if (strcmp(sub, "confirm") == 0)
		printf("the address %s is confirmed: the merchant can log in\n",
		    email);
	else
		printf("log-in failures of %s forgotten: the account can log "
		    "in again\n", email);
	db_close(db);
	return rc;
}

/* Creates a merchant; prints what happened. */
static int
add_merchant(struct db *db, const char *email, const char *business,
    const char *lang, const char *tz, const char *password)
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
	if (password_refused(password, email))
		return 2;
	e = account_create(db, business, email, password, lang, tz,
	    (int64_t)time(NULL), &uid);
	/* the operator vouches for the address */
	if (e == E_OK)
		e = account_confirm(db, uid, (int64_t)time(NULL));
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
		{ "tz", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *email = NULL, *business = NULL, *lang = "en", *sub;
	const char *tz = config_time_zone();
	char pw[PASSWORD_MAX * 4 + 2];
	struct db *db;
	int ch, rc;

	if (argc < 2 || wants_help(argc, argv) ||
	    (strcmp(argv[1], "add") != 0 && strcmp(argv[1], "password") != 0 &&
	    strcmp(argv[1], "unlock") != 0 &&
	    strcmp(argv[1], "confirm") != 0)) {
		printf("usage: returnsctl merchant add --email E --business NAME"
		    " [--lang en|fr]\n"
		    "       [--tz ZONE] < password-file\n"
		    "       returnsctl merchant password --email E < "
		    "password-file\n"
		    "       returnsctl merchant unlock --email E\n"
		    "       returnsctl merchant confirm --email E\n"
		    "add: adds a merchant and its first user. The password (at "
		    "least %d characters,\nnot a common one) is the first line "
		    "of standard input. ZONE is one of Canada's\ntime zones "
		    "(default: the configuration's time_zone, else "
		    "America/Toronto;\nthe merchant can change it in the "
		    "profile):\n ", PASSWORD_MIN);
		for (int i = 0; account_timezones[i] != NULL; i++)
			printf(" %s", account_timezones[i]);
		printf("\npassword: sets a new password for the user with that "
		    "email (first line of\nstandard input); every session of "
		    "the account ends.\n"
		    "unlock: forgets the log-in failures of that email, from "
		    "every address.\n"
		    "confirm: confirms the address by hand (when the "
		    "confirmation email cannot\nreach the merchant).\n");
		return wants_help(argc, argv) ? 0 : 2;
	}
	sub = argv[1];
	argc--;
	argv++;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'e': email = optarg; break;
		case 'b': business = optarg; break;
		case 'l': lang = optarg; break;
		case 't': tz = optarg; break;
		default: return 2;
		}
	}
	if (strcmp(sub, "add") != 0)
		return merchant_access(sub, email);
	if (email == NULL || business == NULL ||
	    (strcmp(lang, "en") != 0 && strcmp(lang, "fr") != 0)) {
		fprintf(stderr, "returnsctl merchant add: --email and "
		    "--business are required; --lang is en or fr\n");
		return 2;
	}
	if (!account_valid_tz(tz)) {
		fprintf(stderr, "returnsctl merchant add: --tz is one of "
		    "Canada's time zones (see --help)\n");
		return 2;
	}
	if (read_password(pw, sizeof(pw)))
		return 2;
	if (open_db(&db))
		return 1;
	rc = add_merchant(db, email, business, lang, tz, pw);
	db_close(db);
	return rc;
}

/* A policy for the demo; strings are literals. */
static int
demo_policy(struct db *db, int64_t mid, int64_t uid, const char *name,
    const char *channel, const char *service, bool active, int64_t now,
    struct arena *a)
{
	struct policy p;
	const char *why;

	memset(&p, 0, sizeof(p));
	p.merchant_id = mid;
	p.name = name;
	p.channel = channel;
	p.service = service;
	p.company = "Boutique Démo";
	p.contact = "Service des retours";
	p.line1 = "123, rue Principale";
	p.line2 = "";
	p.city = "Montréal";
	p.province = "QC";
	p.postal = "H2X 1Y4";
	p.order_q_en = "Order number";
	p.order_q_fr = "N° de commande";
	p.label_format = "letter";
	p.instructions_en = "Put the invoice in the box. Returns are accepted "
	    "within 30 days.";
	p.instructions_fr = "Mettez la facture dans la boîte. Les retours sont "
	    "acceptés dans les 30 jours.";
	if (policy_create(db, uid, &p, now, a) != E_OK)
		return -1;
	if (!active && policy_act(db, mid, uid, p.number, ACT_DEACTIVATE,
	    now, &why) != E_OK)
		return -1;
	printf("  policy %s %s (%s)\n", p.number, name,
	    active ? "active" : "inactive");
	return 0;
}

/* Demo data only: a small deterministic generator (splitmix64), never
 * used for anything secret. */
static uint64_t
demo_rand(uint64_t *st)
{
	uint64_t z = (*st += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static int
demo_pick(uint64_t *st, int n)
{
	return (int)(demo_rand(st) % (uint64_t)n);
}

/* Twelve months of returns for the merchant's policies with link: more
 * after the holidays and on Mondays, some never used, some exceptions,
 * parcels in transit now. Events go through tracking_apply(). */
static int
demo_returns(struct db *db, int64_t mid, int64_t now, struct arena *a)
{
	static const char *first[] = { "Émilie", "Jean", "Sophie", "Marc",
	    "Chloé", "Louis", "Amélie", "Noah", "Olivia", "Liam", "Zoé",
	    "William", "Léa", "Thomas", "Maëlle", "Gabriel" };
	static const char *last[] = { "Tremblay", "Gagnon", "Roy", "Côté",
	    "Bouchard", "Gauthier", "Morin", "Lavoie", "Fortin", "Smith",
	    "Brown", "Wilson", "Martin", "Pelletier", "Bélanger", "Lévesque" };
	static const char *cities[][3] = { { "Montréal", "QC", "H2X 1Y4" },
	    { "Québec", "QC", "G1R 4P5" }, { "Ottawa", "ON", "K1A 0B1" },
	    { "Toronto", "ON", "M5V 2T6" }, { "Gatineau", "QC", "J8X 3X7" },
	    { "Sherbrooke", "QC", "J1H 5H3" } };
	struct policy *ps;
	struct tevent *ev;
	size_t np, nev = 0, cap = 20000;
	enum ev_result *res;
	uint64_t st = 20261126;
	int made = 0, evn = 0;
	struct ymd today;
	int off;

	if (policy_list(db, mid, a, &ps, &np) != E_OK)
		return -1;
	civil_in_tz(now, "America/Toronto", &today, &off);
	ev = calloc(cap, sizeof(*ev));
	res = calloc(cap, sizeof(*res));
	if (ev == NULL || res == NULL)
		goto fail;
	for (int back = 365; back >= 0; back--) {
		struct ymd day = ymd_add_days(today, -back);
		int wd = ymd_weekday(day), n;
		/* seasonal: January after the holidays, a summer dip */
		double season = day.m == 1 ? 2.2 : day.m == 12 ? 1.4 :
		    (day.m == 7 || day.m == 8) ? 0.7 : 1.0;
		double week = wd == 1 ? 1.5 : wd == 7 ? 0.4 : wd == 6 ? 0.6 :
		    1.0;

		n = (int)(7 * season * week) + demo_pick(&st, 4);
		for (int k = 0; k < n; k++) {
			const struct policy *p = &ps[demo_pick(&st, (int)np)];
			struct shipment s;
			int c = demo_pick(&st, 6), roll = demo_pick(&st, 100);
			int64_t created = tz_midnight(day, "America/Toronto") +
			    (8 + demo_pick(&st, 13)) * 3600 +
			    demo_pick(&st, 3600);
			int64_t t;
			struct ymd acc, del;

			if (!policy_has_link(p) || created > now)
				continue;
			memset(&s, 0, sizeof(s));
			s.method = demo_pick(&st, 4) ? "label" : "qr";
			s.lang = demo_pick(&st, 3) ? "fr" : "en";
			s.name = arena_printf(a, "%s %s",
			    first[demo_pick(&st, 16)], last[demo_pick(&st, 16)]);
			s.line1 = arena_printf(a, "%d, rue Principale",
			    1 + demo_pick(&st, 900));
			s.line2 = "";
			s.city = cities[c][0];
			s.province = cities[c][1];
			s.postal = cities[c][2];
			s.email = arena_printf(a, "client%d@example.com", made);
			s.ra_number = "";
			s.order_answer = arena_printf(a, "C-%05d",
			    10000 + made);
			s.weight_g = 200 + demo_pick(&st, 5000);
			/* a reason most of the time (from the counter: the
			 * random sequence of the rest stays the same) */
			{
				static const char *const why[20] = {
				    "wrong_size", "not_needed", "wrong_size",
				    "not_as_described", "wrong_size", "",
				    "not_needed", "damaged", "wrong_size",
				    "not_as_described", "not_needed",
				    "wrong_size", "other", "not_as_described",
				    "wrong_size", "not_needed", "damaged",
				    "wrong_size", "", "not_as_described" };

				s.reason = why[made % 20];
				s.reason_text = strcmp(s.reason, "other") == 0 ?
				    "Cadeau en double" : "";
			}
			if (shipment_create_quiet(db, p, &s, created, a) !=
			    E_OK)
				goto fail;
			made++;
			/* 8% never dropped off */
			if (roll < 8)
				continue;
			civil_in_tz(created, "America/Toronto", &acc, &off);
			acc = add_business_days(acc, demo_pick(&st, 3),
			    p->province);
			t = tz_midnight(acc, "America/Toronto") + 10 * 3600 +
			    demo_pick(&st, 6 * 3600);
			if (t < created + 3600)
				t = created + 3600 + demo_pick(&st, 3600);
			if (t > now)
				continue;
			del = add_business_days(acc,
			    service_standard_days(p->service) +
			    demo_pick(&st, 3) - 1,
			    p->province);
#define EV(typ, when, loc) do { \
	if (nev < cap && (when) <= now) { \
		struct tevent *e = &ev[nev++]; \
		snprintf(e->event_id, sizeof(e->event_id), "DEMO-%d", evn++); \
		snprintf(e->tracking, sizeof(e->tracking), "%s", s.tracking); \
		e->type = (typ); e->at = (when); e->utc_offset = -18000; \
		snprintf(e->location, sizeof(e->location), "%s", (loc)); \
	} } while (0)
			EV(EV_ACCEPTED, t, s.city);
			EV(EV_IN_TRANSIT, t + 14 * 3600, "MONTRÉAL QC");
			if (roll < 13)
				EV(EV_EXCEPTION, t + 30 * 3600, "MONTRÉAL QC");
			EV(EV_DELIVERED, tz_midnight(del, "America/Toronto") +
			    11 * 3600 + demo_pick(&st, 5 * 3600), "MONTRÉAL QC");
#undef EV
		}
	}
	for (size_t i = 0; i < nev; i += 1000) {
		size_t k = nev - i < 1000 ? nev - i : 1000;
		if (tracking_apply(db, ev + i, k, now, res + i) != E_OK)
			goto fail;
	}
	printf("  %d returns over twelve months, %zu tracking events\n", made,
	    nev);
	free(ev);
	free(res);
	return 0;
fail:
	free(ev);
	free(res);
	return -1;
}

static int
cmd_demo(int argc, char **argv)
{
	struct db *db;
	struct arena a = { 0 };
	struct card_info ci = { CARD_VISA, "1111", 12, 0 };
	int64_t uid, uid2, now = (int64_t)time(NULL), mid;
	struct account acc;
	struct tm tm;
	time_t t = (time_t)now;
	int rc, n;

	if (wants_help(argc, argv)) {
		printf("usage: returnsctl demo\n"
		    "Creates the demo merchant " DEMO_EMAIL " (password "
		    DEMO_PASSWORD ") with a card and\npolicies in different "
		    "states, and demo-contract@example.com whose contract is\n"
		    "not in good standing (its policy is suspended).\n"
		    "Does nothing when the demo merchant exists already.\n");
		return 0;
	}
	/* the developer's command: makes the database when missing */
	if (open_db_mode(&db, true))
		return 1;
	if (account_find(db, DEMO_EMAIL, &uid) == E_OK) {
		printf("demo merchant exists: %s / %s\n", DEMO_EMAIL,
		    DEMO_PASSWORD);
		db_close(db);
		return 0;
	}
	rc = add_merchant(db, DEMO_EMAIL, "Boutique Démo", "fr",
	    "America/Toronto", DEMO_PASSWORD);
	if (rc != 0 || account_find(db, DEMO_EMAIL, &uid) != E_OK ||
	    account_get(db, uid, &acc) != E_OK)
		goto fail;
	mid = acc.merchant_id;
	gmtime_r(&t, &tm);
	ci.exp_year = tm.tm_year + 1900 + 3;
	if (payment_add_card(db, mid, uid, &ci, "tok_test_demo", true, now)
	    != E_OK)
		goto fail;
	if (demo_policy(db, mid, uid, "Retours standard", "both", "regular",
	    true, now, &a) || demo_policy(db, mid, uid, "Retours express",
	    "online", "xpresspost", true, now, &a) || demo_policy(db, mid, uid,
	    "Comptoir postal", "post_office", "priority", true, now, &a) ||
	    demo_policy(db, mid, uid, "Soldes d'été", "both", "regular", false,
	    now, &a))
		goto fail;
	/* generated data: no need to wait for the disk at every return */
	sqlite3_exec(db_handle(db), "PRAGMA synchronous=OFF", NULL, NULL,
	    NULL);
	if (demo_returns(db, mid, now, &a) != 0)
		goto fail;
	sqlite3_exec(db_handle(db), "PRAGMA synchronous=FULL", NULL, NULL,
	    NULL);

	/* a contract merchant whose contract is not in good standing */
	if (add_merchant(db, "demo-contract@example.com", "Atelier Contrat",
	    "en", "America/Toronto", DEMO_PASSWORD) != 0 ||
	    account_find(db, "demo-contract@example.com", &uid2) != E_OK ||
	    account_get(db, uid2, &acc) != E_OK ||
	    payment_set_contract(db, acc.merchant_id, uid2, "1234567",
	    "0040012345", now) != E_OK ||
	    demo_policy(db, acc.merchant_id, uid2, "Contract returns", "both",
	    "expedited", true, now, &a) != 0 ||
	    payment_set_standing(db, acc.merchant_id, false, now) != E_OK ||
	    billing_check(db, now, &n) != E_OK)
		goto fail;
	printf("demo login: %s / %s\n", DEMO_EMAIL, DEMO_PASSWORD);
	printf("also: demo-contract@example.com / %s (%d policy "
	    "suspended)\n", DEMO_PASSWORD, n);
	arena_free(&a);
	db_close(db);
	return 0;
fail:
	fprintf(stderr, "returnsctl: the demo data could not be created\n");
	arena_free(&a);
	db_close(db);
	return 1;
}

/* Parses YYYY-MM-DD as midday UTC. */
static int
parse_day(const char *s, int64_t *out)
{
	struct tm tm;
	char *end;

	memset(&tm, 0, sizeof(tm));
	end = strptime(s, "%Y-%m-%d", &tm);
	if (end == NULL || *end != '\0')
		return -1;
	tm.tm_hour = 12;
	*out = (int64_t)timegm(&tm);
	return 0;
}

static int
merchant_of(struct db *db, const char *email, int64_t *mid)
{
	struct account acc;
	int64_t uid;

	if (account_find(db, email, &uid) != E_OK ||
	    account_get(db, uid, &acc) != E_OK) {
		fprintf(stderr, "returnsctl: no merchant with the email %s\n",
		    email);
		return -1;
	}
	*mid = acc.merchant_id;
	return 0;
}

static const char *
reason_text(const char *why)
{
	if (why == NULL)
		return "";
	if (strcmp(why, "card_expired") == 0)
		return "the default credit card has expired: the merchant must "
		    "update it under Account > Payment";
	if (strcmp(why, "no_payment") == 0)
		return "the merchant has no payment method";
	if (strcmp(why, "contract_standing") == 0)
		return "the parcel-services contract is not in good standing "
		    "(returnsctl billing standing --good once verified)";
	if (strcmp(why, "not_suspended") == 0)
		return "this policy is not suspended";
	if (strcmp(why, "contract_pending") == 0)
		return "the contract is waiting for billing staff to verify it "
		    "(returnsctl billing standing --good once verified)";
	if (strcmp(why, "not_linked") == 0)
		return "the merchant has no linked Canada Post account "
		    "(returnsctl carrier link, or the payment page)";
	if (strcmp(why, "unverified") == 0)
		return "Canada Post has not yet confirmed the merchant's "
		    "account (Check again on the payment page)";
	return why;
}

static int
cmd_billing(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "at", required_argument, NULL, 'a' },
		{ "merchant", required_argument, NULL, 'm' },
		{ "policy", required_argument, NULL, 'p' },
		{ "good", no_argument, NULL, 'g' },
		{ "not-good", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *sub, *merchant = NULL, *number = NULL, *why;
	int64_t now = (int64_t)time(NULL), mid = 0;
	int ch, standing = -1, count, rc = 0;
	struct db *db;
	enum rerr e;

	if (argc < 2 || wants_help(argc, argv)) {
		printf("usage: returnsctl billing check [--at YYYY-MM-DD]\n"
		    "       returnsctl billing list [--merchant EMAIL]\n"
		    "       returnsctl billing lift --policy PR123456 | "
		    "--merchant EMAIL\n"
		    "       returnsctl billing standing --merchant EMAIL "
		    "--good|--not-good\n"
		    "check suspends the active policies of every merchant "
		    "whose default card\nhas expired, who has no payment "
		    "method, or whose contract is not in good\nstanding "
		    "(run it daily). lift restores suspended policies once "
		    "the payment\nmethod is valid again, and says why "
		    "otherwise.\n");
		return argc < 2 ? 2 : 0;
	}
	sub = argv[1];
	argc--;
	argv++;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'a':
			if (parse_day(optarg, &now) != 0) {
				fprintf(stderr, "returnsctl: --at wants "
				    "YYYY-MM-DD\n");
				return 2;
			}
			break;
		case 'm': merchant = optarg; break;
		case 'p': number = optarg; break;
		case 'g': standing = 1; break;
		case 'n': standing = 0; break;
		default: return 2;
		}
	}
	if (open_db(&db))
		return 1;
	if (merchant != NULL && merchant_of(db, merchant, &mid) != 0) {
		db_close(db);
		return 1;
	}
	if (strcmp(sub, "check") == 0) {
		int lifted = 0;

		char note[96];

		if ((e = billing_check_all(db, now, &count, &lifted)) !=
		    E_OK) {
			fprintf(stderr, "returnsctl: %s\n", rerr_str(e));
			snprintf(note, sizeof(note), "failed: %s",
			    rerr_str(e));
			rc = 1;
		} else if (!carrier_self_issued())
			snprintf(note, sizeof(note), "%d policies suspended, "
			    "%d restored", count, lifted);
		else
			snprintf(note, sizeof(note), "%d policies suspended",
			    count);
		if (e == E_OK)
			printf("%s\n", note);
		status_note(db, "billing", e == E_OK, note, (int64_t)time(NULL));
	} else if (strcmp(sub, "list") == 0) {
		struct arena a = { 0 };
		struct suspension *s;
		size_t n;

		if ((e = billing_list(db, mid, &a, &s, &n)) != E_OK) {
			fprintf(stderr, "returnsctl: %s\n", rerr_str(e));
			rc = 1;
		}
		for (size_t i = 0; e == E_OK && i < n; i++)
			printf("%s\t%s\t%s\n", s[i].number, s[i].business,
			    reason_text(s[i].reason));
		if (e == E_OK && n == 0)
			printf("no suspended policies\n");
		arena_free(&a);
	} else if (strcmp(sub, "lift") == 0) {
		if ((number == NULL) == (merchant == NULL)) {
			fprintf(stderr, "returnsctl billing lift: give "
			    "--policy or --merchant\n");
			rc = 2;
		} else if ((e = billing_lift(db, number, mid, now, &why,
		    &count)) == E_DENIED) {
			fprintf(stderr, "returnsctl: not lifted: %s\n",
			    reason_text(why));
			rc = 1;
		} else if (e == E_NOTFOUND) {
			fprintf(stderr, "returnsctl: no policy %s\n", number);
			rc = 1;
		} else if (e != E_OK) {
			fprintf(stderr, "returnsctl: %s\n", rerr_str(e));
			rc = 1;
		} else
			printf("%d policies restored\n", count);
	} else if (strcmp(sub, "standing") == 0) {
		if (merchant == NULL || standing < 0) {
			fprintf(stderr, "returnsctl billing standing: give "
			    "--merchant and --good or --not-good\n");
			rc = 2;
		} else if ((e = payment_set_standing(db, mid, standing == 1,
		    now)) == E_NOTFOUND) {
			fprintf(stderr, "returnsctl: %s has no contract\n",
			    merchant);
			rc = 1;
		} else if (e != E_OK) {
			fprintf(stderr, "returnsctl: %s\n", rerr_str(e));
			rc = 1;
		} else
			printf("contract of %s: %s\n", merchant, standing ?
			    "in good standing" : "not in good standing");
	} else {
		fprintf(stderr, "returnsctl: unknown billing command %s\n",
		    sub);
		rc = 2;
	}
	db_close(db);
	return rc;
}


static const char *reason_text(const char *);
static int merchant_of(struct db *, const char *, int64_t *);

static int
tracking_poll_cmd(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "max", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 }
	};
	int per_minute = config_canadapost_tracking_per_minute();
	int max = per_minute * 14, ch;
	struct poll_stats ps;
	struct db *db;
	enum rerr e;

	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (ch != 'm')
			return 2;
		max = atoi(optarg);
		if (max < 1) {
			fprintf(stderr, "returnsctl: --max wants a number\n");
			return 2;
		}
	}
	if (carrier_self_issued()) {
		printf("carrier %s: its events come through the feed or "
		    "tracking import; nothing to poll\n", carrier_name());
		return 0;
	}
	if (open_db(&db))
		return 1;
	e = tracking_poll(db, (int64_t)time(NULL), per_minute, max, &ps);
	{
		char note[160];

		if (e != E_OK)
			snprintf(note, sizeof(note), "failed: %s", rerr_str(e));
		else
			snprintf(note, sizeof(note), "%zu asked, %zu new "
			    "events, %zu failed", ps.asked, ps.applied,
			    ps.failed);
		status_note(db, "poll", e == E_OK && (ps.asked == 0 ||
		    ps.failed < ps.asked), note, (int64_t)time(NULL));
	}
	db_close(db);
	if (e != E_OK) {
		fprintf(stderr, "returnsctl: tracking poll: %s\n", rerr_str(e));
		return 1;
	}
	printf("%zu returns asked: %zu events, %zu new, %zu without events "
	    "yet, %zu failed; %zu left for a later pass\n", ps.asked,
	    ps.events, ps.applied, ps.no_history, ps.failed, ps.left);
	if (ps.rate_limited)
		printf("Canada Post's rate limit: waiting until %lld before "
		    "asking again\n", (long long)ps.resume_at);
	return 0;
}

static int
cmd_carrier(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "merchant", required_argument, NULL, 'm' },
		{ "customer-number", required_argument, NULL, 'c' },
		{ "contract-number", required_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *sub, *merchant = NULL, *customer = NULL, *contract = NULL;
	char line[1024];
	struct db *db;
	int64_t mid;
	int ch, rc = 0;

	if (argc < 2 || wants_help(argc, argv)) {
		printf("usage: returnsctl carrier check [--customer-number N]\n"
		    "       returnsctl carrier link --merchant EMAIL "
		    "--customer-number N\n"
		    "                              [--contract-number N]\n"
		    "check makes one harmless, unbilled call to the configured "
		    "host with the\nconfigured key (Canada Post: Get Customer "
		    "Information for N, else for\ncanadapost_platform_id; "
		    "portal: a token) and says whether the address,\nthe TLS "
		    "chain and the key work; exit 0 or 1.\nlink records the "
		    "merchant's Canada Post customer number (and contract),\n"
		    "for an installation run by one business with its own API "
		    "key, then\nreads the account.\n");
		return argc < 2 ? 2 : 0;
	}
	sub = argv[1];
	argc--;
	argv++;
	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'm': merchant = optarg; break;
		case 'c': customer = optarg; break;
		case 'k': contract = optarg; break;
		default: return 2;
		}
	}
	if (customer != NULL && (strlen(customer) > 10 ||
	    strspn(customer, "0123456789") != strlen(customer) ||
	    !*customer)) {
		fprintf(stderr, "returnsctl: --customer-number wants up to 10 "
		    "digits\n");
		return 2;
	}
	if (contract != NULL && (strlen(contract) > 10 ||
	    strspn(contract, "0123456789") != strlen(contract) ||
	    !*contract)) {
		fprintf(stderr, "returnsctl: --contract-number wants up to 10 "
		    "digits\n");
		return 2;
	}
	if (strcmp(sub, "check") == 0) {
		enum carrier_err ce = carrier_check(customer, line,
		    sizeof(line));
		printf("%s\n", line);
		return ce == CE_OK ? 0 : 1;
	}
	if (strcmp(sub, "link") != 0) {
		fprintf(stderr, "returnsctl: unknown carrier command %s\n",
		    sub);
		return 2;
	}
	if (merchant == NULL || customer == NULL) {
		fprintf(stderr, "returnsctl carrier link: give --merchant and "
		    "--customer-number\n");
		return 2;
	}
	if (carrier_self_issued()) {
		fprintf(stderr, "returnsctl: the carrier is %s: there is no "
		    "carrier account to link (carrier = canadapost)\n",
		    carrier_name());
		return 1;
	}
	if (open_db(&db))
		return 1;
	if (merchant_of(db, merchant, &mid) != 0) {
		db_close(db);
		return 1;
	}
	switch (carrier_link_set(db, mid, customer, contract, NULL, NULL,
	    (int64_t)time(NULL))) {
	case E_OK: {
		enum carrier_err ce;
		int lifted = 0;

		printf("%s linked to Canada Post customer %s%s%s\n", merchant,
		    customer, contract ? ", contract " : "",
		    contract ? contract : "");
		if (billing_recheck(db, mid, (int64_t)time(NULL), &ce,
		    &lifted) != E_OK)
			rc = 1;
		else if (ce != CE_OK) {
			printf("the account could not be read: %s (the "
			    "merchant can check again from the payment "
			    "page)\n", carrier_err_name(ce));
			rc = 1;
		} else {
			struct pay_state ps;
			if (payment_state(db, mid, (int64_t)time(NULL), &ps)
			    == E_OK)
				printf("account: %s%s\n", ps.valid ?
				    "in good standing" : "not usable: ",
				    ps.valid ? "" : reason_text(ps.reason));
			if (lifted)
				printf("%d policies restored\n", lifted);
		}
		break;
	}
	case E_EXISTS:
		fprintf(stderr, "returnsctl: customer %s is linked to another "
		    "merchant\n", customer);
		rc = 1;
		break;
	default:
		fprintf(stderr, "returnsctl: not linked\n");
		rc = 1;
	}
	db_close(db);
	return rc;
}

static int
cmd_tracking(int argc, char **argv)
{
	struct tevent *ev = NULL;
	enum ev_result *res = NULL;
	char err[256];
	size_t n = 0, applied = 0, dup = 0, unknown = 0;
	struct db *db;
	FILE *fp;
	enum rerr e;
	int c;

	if (argc < 2 || wants_help(argc, argv)) {
		printf("usage: returnsctl tracking import FILE\n"
		    "       returnsctl tracking poll [--max N]\n"
		    "       returnsctl tracking key\n"
		    "poll asks the carrier (canadapost) for the events of the "
		    "returns it made\nthat are not delivered, created in the "
		    "last 60 days, at most\ncanadapost_tracking_per_minute a "
		    "minute and N (default: 14 minutes' worth)\na pass; the "
		    "next pass goes on where it stopped.\n"
		    "import applies the events of a JSON array or a CSV file "
		    "(header:\nevent_id,tracking,type,time,location), 20000 to "
		    "a transaction; an event\nalready applied changes nothing. "
		    "key prints the HMAC key file of\nPOST /api/tracking/events "
		    "(created when missing).\n");
		return argc < 2 ? 2 : 0;
	}
	if (strcmp(argv[1], "key") == 0) {
		unsigned char k[SECRET_LEN];
		if (keyfile_load(config_tracking_key_path(), k) != E_OK)
			return 1;
		printf("%s\n", config_tracking_key_path());
		return 0;
	}
	if (strcmp(argv[1], "poll") == 0)
		return tracking_poll_cmd(argc - 1, argv + 1);
	if (strcmp(argv[1], "import") != 0 || argc != 3) {
		fprintf(stderr, "returnsctl tracking: import FILE, poll or "
		    "key\n");
		return 2;
	}
	if ((fp = fopen(argv[2], "r")) == NULL) {
		fprintf(stderr, "returnsctl: cannot read %s\n", argv[2]);
		return 1;
	}
	c = fgetc(fp);
	while (c == ' ' || c == '\n' || c == '\r' || c == '\t')
		c = fgetc(fp);
	ungetc(c, fp);
	if (c == '[') {
		struct buf b = { 0 };
		char chunk[65536];
		size_t got;
		while ((got = fread(chunk, 1, sizeof(chunk), fp)) > 0)
			buf_append(&b, chunk, got);
		e = tracking_parse_json(b.data ? b.data : "", b.len, 0, &ev, &n,
		    err, sizeof(err));
		buf_free(&b);
	} else
		e = tracking_parse_csv(fp, &ev, &n, err, sizeof(err));
	fclose(fp);
	if (e != E_OK) {
		fprintf(stderr, "returnsctl: %s: %s\n", argv[2], err);
		return 1;
	}
	if (open_db(&db)) {
		free(ev);
		return 1;
	}
	if ((res = calloc(n ? n : 1, sizeof(*res))) == NULL) {
		free(ev);
		db_close(db);
		return 1;
	}
	db_bulk(db);
	for (size_t i = 0; i < n; i += 20000) {
		size_t k = n - i < 20000 ? n - i : 20000;
		if ((e = tracking_apply(db, ev + i, k, (int64_t)time(NULL),
		    res + i)) != E_OK) {
			fprintf(stderr, "returnsctl: %s after %zu events\n",
			    rerr_str(e), i);
			break;
		}
	}
	for (size_t i = 0; e == E_OK && i < n; i++) {
		if (res[i] == EVR_APPLIED)
			applied++;
		else if (res[i] == EVR_DUPLICATE)
			dup++;
		else {
			if (unknown++ < 20)
				fprintf(stderr, "unknown tracking number %s "
				    "(event %s)\n", ev[i].tracking,
				    ev[i].event_id);
		}
	}
	if (e == E_OK)
		printf("%zu events: %zu applied, %zu already applied, %zu "
		    "unknown tracking numbers\n", n, applied, dup, unknown);
	free(res);
	free(ev);
	db_close(db);
	return e == E_OK ? 0 : 1;
}

static int
cmd_data(int argc, char **argv)
{
	char report[4096] = "";
	struct db *db;
	enum rerr e;
	bool backup = strcmp(argv[0], "backup") == 0;
	int want = strcmp(argv[0], "check") == 0 ? 1 : 2;

	if (wants_help(argc, argv) || (backup ? argc > 3 || (argc == 3 &&
	    strcmp(argv[1], "--verify") != 0) : argc != want)) {
		printf("usage: returnsctl backup [FILE]\n"
		    "       returnsctl backup --verify FILE\n"
		    "       returnsctl restore FILE\n"
		    "       returnsctl check\n"
		    "backup copies the database with SQLite's online backup, "
		    "while the site\nserves, into a new FILE (mode 0600), or "
		    "without FILE into backup_dir as\nreturns-YYYYmmdd-"
		    "HHMMSS.db (UTC), keeping the newest backup_keep of those\n"
		    "(returns-backup.timer runs it daily). --verify checks a "
		    "backup: integrity,\nforeign keys, schema version. restore "
		    "checks FILE, then replaces the\ndatabase's content with "
		    "it (stop the services first; then returnsctl migrate).\n"
		    "check runs SQLite's integrity and foreign key checks.\n");
		return wants_help(argc, argv) ? 0 : 2;
	}
	if (backup && argc == 3) {
		int v;

		if ((e = db_verify_file(argv[2], report, sizeof(report), &v))
		    != E_OK) {
			fprintf(stderr, "returnsctl: %s is not a sound backup:\n"
			    "%s", argv[2], report);
			return 1;
		}
		if (v <= 0) {
			fprintf(stderr, "returnsctl: %s is not a backup of this "
			    "database (schema version %d)\n", argv[2], v);
			return 1;
		}
		printf("%s: sound (integrity and foreign keys), schema version "
		    "%d%s\n", argv[2], v, v == schema_latest() ? "" : v <
		    schema_latest() ? " (older: returnsctl migrate after a "
		    "restore)" : " (newer than this program)");
		return v >= 0 && v <= schema_latest() ? 0 : 1;
	}
	if (open_db(&db))
		return 1;
	if (backup && argc == 1) {
		int rc = backup_auto(db, NULL);

		db_close(db);
		if (rc == 0)
			backup_prune();
		return rc;
	}
	if (backup) {
		if ((e = db_backup(db, argv[1])) == E_EXISTS)
			fprintf(stderr, "returnsctl: %s exists: give a new "
			    "file\n", argv[1]);
		else if (e == E_OK)
			printf("backup written to %s\n", argv[1]);
		else
			fprintf(stderr, "returnsctl: backup %s: %s\n", argv[1],
			    rerr_str(e));
	} else if (strcmp(argv[0], "restore") == 0) {
		if ((e = db_restore(db, argv[1])) == E_OK)
			printf("database restored from %s\n", argv[1]);
		else
			fprintf(stderr, "returnsctl: not restored: %s\n",
			    e == E_INVALID ? "the file is not a sound database"
			    : rerr_str(e));
	} else {
		if ((e = db_check(db, report, sizeof(report))) == E_OK)
			printf("ok\n");
		else
			fprintf(stderr, "%s", report[0] ? report :
			    "returnsctl: the check could not run\n");
	}
	db_close(db);
	return e == E_OK ? 0 : 1;
}

static int
cmd_links(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "merchant", required_argument, NULL, 'm' },
		{ "base", required_argument, NULL, 'b' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *merchant = NULL, *base = NULL;
	struct arena a = { 0 };
	struct policy *ps;
	struct db *db;
	int64_t mid;
	size_t n;
	int ch, rc = 0;

	if (wants_help(argc, argv)) {
		printf("usage: returnsctl links --merchant EMAIL [--base URL]\n"
		    "Prints the direct return link of each active policy of "
		    "the merchant\nthat lets customers get labels online, "
		    "on base_url (and base_path)\nunless --base says "
		    "otherwise.\n");
		return 0;
	}
	optind = 1;
	while ((ch = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (ch) {
		case 'm': merchant = optarg; break;
		case 'b': base = optarg; break;
		default: return 2;
		}
	}
	if (merchant == NULL) {
		fprintf(stderr, "returnsctl links: --merchant is required\n");
		return 2;
	}
	if (base == NULL)
		base = config_base_url_trimmed();
	if (open_db(&db))
		return 1;
	if (merchant_of(db, merchant, &mid) != 0 ||
	    policy_list(db, mid, &a, &ps, &n) != E_OK)
		rc = 1;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		char tok[POLICY_LINK_HEX + 1];

		if (ps[i].status != POL_ACTIVE || !policy_has_link(&ps[i]) ||
		    policy_link_token(&ps[i], tok) != E_OK)
			continue;
		printf("%s  %s/r/%s  (%s)\n", ps[i].number, base, tok,
		    ps[i].name);
	}
	arena_free(&a);
	db_close(db);
	return rc;
}

/* status: the installation's health (status.h); exit 1 on any problem,
 * for a monitoring check */
static int
cmd_status(int argc, char **argv)
{
	struct status_report r;
	struct db *db;
	int64_t now = (int64_t)time(NULL);
	int problems;

	if (wants_help(argc, argv)) {
		printf("usage: returnsctl status\n"
		    "The outbox, failed emails, whether sending is paused and "
		    "why, the last\nbilling check and tracking poll, the "
		    "database's size and schema.\nExits 1 when something "
		    "needs the operator (lines marked PROBLEM).\n");
		return 0;
	}
	if (open_db(&db))
		return 1;
	if (status_read(db, config_db_path(), now, &r) != E_OK) {
		fprintf(stderr, "returnsctl: cannot read the status\n");
		db_close(db);
		return 1;
	}
	problems = status_print(stdout, &r, now);
	db_close(db);
	return problems == 0 ? 0 : 1;
}

/* outbox list | outbox retry [--id N]: the emails that failed for good,
 * and sending them again (after a configuration was fixed, say). */
static int
cmd_outbox(int argc, char **argv)
{
	struct failed_mail fm[50];
	struct db *db;
	int n, pending, rc = 0;
	int64_t id = 0;

	if (argc < 2 || wants_help(argc, argv) ||
	    (strcmp(argv[1], "list") != 0 && strcmp(argv[1], "retry") != 0)) {
		printf("usage: returnsctl outbox list\n"
		    "       returnsctl outbox retry [--id N]\n"
		    "list: how many emails wait to be sent, and the last 50 "
		    "that failed for good\n(id, when, kind, to, the "
		    "server's answer).\n"
		    "retry: sends the failed ones again (or the one with that "
		    "id).\n");
		return wants_help(argc, argv) ? 0 : 2;
	}
	if (strcmp(argv[1], "retry") == 0 && argc == 4 &&
	    strcmp(argv[2], "--id") == 0)
		id = strtoll(argv[3], NULL, 10);
	else if (argc != 2) {
		fprintf(stderr, "returnsctl outbox: see --help\n");
		return 2;
	}
	if (open_db(&db))
		return 1;
	if (strcmp(argv[1], "list") == 0) {
		if (outbox_failed_all(db, fm, 50, &n, &pending) != E_OK)
			rc = 1;
		else {
			printf("%d waiting to be sent, %d failed for good%s\n",
			    pending, n, n == 50 ? " (the last 50)" : "");
			for (int i = 0; i < n; i++) {
				char when[32];
				time_t t = (time_t)fm[i].at;
				strftime(when, sizeof(when), "%Y-%m-%d %H:%M",
				    gmtime(&t));
				printf("%lld\t%s UTC\t%s\t%s\t%s\n",
				    (long long)fm[i].id, when, fm[i].kind,
				    fm[i].to, fm[i].error);
			}
		}
	} else if (outbox_retry(db, id, (int64_t)time(NULL), &n) != E_OK)
		rc = 1;
	else
		printf("%d email(s) will be sent again\n", n);
	db_close(db);
	return rc;
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *conf = NULL;
	char err[512];
	int ch;

	log_init("returnsctl");
	while ((ch = getopt_long(argc, argv, "+c:d:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			conf = optarg;
			break;
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
	if (config_load(conf, err, sizeof(err)) != E_OK ||
	    config_check_env(err, sizeof(err)) != E_OK ||
	    carrier_init(err, sizeof(err)) != E_OK) {
		fprintf(stderr, "returnsctl: configuration: %s\n", err);
		return 1;
	}
	if (argc < 1) {
		usage(stderr);
		return 2;
	}
	if (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "help") == 0) {
		usage(stdout);
		return 0;
	}
	if (strcmp(argv[0], "init") == 0 || strcmp(argv[0], "migrate") == 0)
		return cmd_init(argc, argv);
	if (strcmp(argv[0], "merchant") == 0)
		return cmd_merchant(argc, argv);
	if (strcmp(argv[0], "demo") == 0)
		return cmd_demo(argc, argv);
	if (strcmp(argv[0], "billing") == 0)
		return cmd_billing(argc, argv);
	if (strcmp(argv[0], "links") == 0)
		return cmd_links(argc, argv);
	if (strcmp(argv[0], "backup") == 0 || strcmp(argv[0], "restore") == 0 ||
	    strcmp(argv[0], "check") == 0)
		return cmd_data(argc, argv);
	if (strcmp(argv[0], "tracking") == 0)
		return cmd_tracking(argc, argv);
	if (strcmp(argv[0], "carrier") == 0)
		return cmd_carrier(argc, argv);
	if (strcmp(argv[0], "outbox") == 0)
		return cmd_outbox(argc, argv);
	if (strcmp(argv[0], "status") == 0)
		return cmd_status(argc, argv);
	if (strcmp(argv[0], "purge") == 0) {
		struct db *db;
		int64_t now = (int64_t)time(NULL);
		int days = config_sent_email_days(), n1 = 0, n2 = 0, rc = 0;

		if (wants_help(argc, argv)) {
			printf("usage: returnsctl purge\nDeletes sent and failed "
			    "emails older than sent_email_days (default 90:\n"
			    "they hold customers' addresses) and log-in failures "
			    "a day old that lock\nnothing any more. "
			    "returns-backup.service runs it daily after the "
			    "backup.\n");
			return 0;
		}
		if (open_db(&db))
			return 1;
		if (outbox_purge(db, now - (int64_t)days * 86400, &n1) != E_OK ||
		    account_throttle_purge(db, now, &n2) != E_OK) {
			fprintf(stderr, "returnsctl: purge failed\n");
			rc = 1;
		} else
			printf("purged %d emails older than %d days, %d old "
			    "log-in failures\n", n1, days, n2);
		db_close(db);
		return rc;
	}
	if (strcmp(argv[0], "doctor") == 0) {
		int n;

		if (wants_help(argc, argv)) {
			printf("usage: returnsctl doctor\nLists every setting "
			    "still at a development value: test parts (the "
			    "local\ncarrier, demo), Canada Post's development "
			    "host, base_url without HTTPS\nor on an example "
			    "name, mail settings, open sign-up, the nginx file "
			    "without\nTLS. Exits 1 when it lists anything.\n");
			return 0;
		}
		if ((n = config_doctor(stdout)) == 0)
			printf("nothing left at a development value\n");
		return n == 0 ? 0 : 1;
	}
	fprintf(stderr, "returnsctl: unknown command %s\n", argv[0]);
	usage(stderr);
	return 2;
}
