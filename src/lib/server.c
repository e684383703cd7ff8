/* server.c -- the pre-forking FastCGI server; see include/returns/server.h.
 *
 * The master opens the socket (or takes fd 0), loads catalogues and
 * checks the templates (their texts shared with the workers copy-on-write;
 * each worker parses those it expands), forks the workers and
 * respawns any that dies. Each worker opens the database once and serves
 * requests one at a time with FCGX_Accept_r. SIGTERM: an idle worker exits
 * at once, a busy one after its current request.
 */
#include <sys/types.h>
#include <sys/poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>

#include "returns/carrier.h"
#include "returns/config.h"
#include "returns/log.h"
#include "returns/metrics.h"
#include "returns/page.h"
#include "returns/schema.h"
#include "returns/secret.h"
#include "returns/server.h"
#include "returns/session.h"
#include "returns/status.h"
#include "returns/tmpl.h"
#include "http_priv.h"

#define MAX_WORKERS	64

static volatile sig_atomic_t stopping;
static bool access_log = true;	/* read once at start-up */
static volatile sig_atomic_t in_request;

static void
worker_sigterm(int sig)
{
	(void)sig;
	if (!in_request)
		_exit(0);
	stopping = 1;
}

static void
master_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

static void
on_child(int sig)
{
	(void)sig;
}

static void
usage(const char *name)
{
	fprintf(stderr, "usage: %s [-c config] [-s socket] [-w workers] "
	    "[-d database] [-R sharedir]\n"
	    "  -c FILE   configuration (default " CONFIG_DEFAULT " when it "
	    "exists)\n"
	    "  -s PATH   listen on this unix socket (default: fd 0, as from\n"
	    "            spawn-fcgi or systemd socket activation)\n"
	    "  -w N      number of worker processes (default: workers in the\n"
	    "            configuration, else 2)\n"
	    "  -d FILE   SQLite database (default $RETURNS_DB or "
	    "var/returns.db)\n"
	    "  -R DIR    directory with templates/ and i18n/\n", name);
}

/* ---- routing ---- */

/* Matches path against pattern; fills args. */
static bool
match(const char *pat, const char *path, const char **args, size_t nargs,
    struct arena *a)
{
	size_t k = 0;

	while (*pat && *path) {
		if (strncmp(pat, "{*}", 3) == 0) {
			if (k < nargs)
				args[k++] = arena_strdup(a, path);
			return true;
		}
		if (strncmp(pat, "{}", 2) == 0) {
			const char *e = strchr(path, '/');
			size_t n = e ? (size_t)(e - path) : strlen(path);
			if (n == 0)
				return false;
			if (k < nargs)
				args[k++] = arena_strndup(a, path, n);
			path += n;
			pat += 2;
			continue;
		}
		if (*pat != *path)
			return false;
		pat++;
		path++;
	}
	return *pat == '\0' && *path == '\0';
}

static const struct route *
route_find(const struct app *app, struct req *r, unsigned *allowed)
{
	*allowed = 0;
	for (size_t i = 0; i < app->nroutes; i++) {
		const struct route *rt = &app->routes[i];
		if (!match(rt->pattern, r->path, r->args, 4, r->arena))
			continue;
		*allowed |= rt->methods;
		if (rt->methods & r->method)
			return rt;
		if (r->method == M_HEAD && (rt->methods & M_GET))
			return rt;
	}
	return NULL;
}

enum rerr
server_healthz(struct req *r)
{
	/* a cheap read of the database: one index page */
	sqlite3_stmt *st = r->db ? db_stmt(r->db,
	    "SELECT 1 FROM merchants LIMIT 1") : NULL;
	int rc = st ? sqlite3_step(st) : SQLITE_ERROR;

	if (st != NULL)
		sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		log_err(r->id, "healthz: the database cannot be read");
		http_open(r, 503, "text/plain");
		http_puts(r, "database unavailable\n");
		return E_OK;
	}
	http_open(r, 200, "text/plain");
	http_puts(r, "ok\n");
	return E_OK;
}

enum rerr
server_metrics(struct req *r)
{
	struct status_report st;
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	/* to anyone else, there is no such page */
	if (!config_metrics_allowed(r->remote))
		return E_NOTFOUND;
	if ((f = open_memstream(&text, &len)) == NULL)
		return E_SYS;
	metrics_write(f);
	if (r->db != NULL && status_read(r->db, config_db_path(), r->now,
	    &st) == E_OK) {
		fprintf(f, "# HELP returns_outbox_depth Emails waiting to be "
		    "sent.\n# TYPE returns_outbox_depth gauge\n"
		    "returns_outbox_depth %lld\n",
		    (long long)st.outbox_waiting);
		fprintf(f, "# HELP returns_outbox_oldest_seconds Age of the "
		    "oldest email waiting (0: none).\n"
		    "# TYPE returns_outbox_oldest_seconds gauge\n"
		    "returns_outbox_oldest_seconds %lld\n",
		    (long long)(st.outbox_oldest ? r->now - st.outbox_oldest :
		    0));
		fprintf(f, "# HELP returns_emails_failed_last_day Emails failed "
		    "for good in the last 24 hours.\n"
		    "# TYPE returns_emails_failed_last_day gauge\n"
		    "returns_emails_failed_last_day %lld\n",
		    (long long)st.failed_day);
		fprintf(f, "# HELP returns_database_bytes The database file and "
		    "its write-ahead log.\n# TYPE returns_database_bytes gauge\n"
		    "returns_database_bytes{file=\"db\"} %lld\n"
		    "returns_database_bytes{file=\"wal\"} %lld\n",
		    (long long)st.db_bytes, (long long)st.wal_bytes);
	}
	fclose(f);
	http_open(r, 200, "text/plain; version=0.0.4; charset=utf-8");
	http_write(r, text, len);
	free(text);
	return E_OK;
}

/* ---- one request ---- */

static void
pick_language(struct req *r)
{
	const char *q = kv_get(&r->query, "lang");
	const char *c = kv_get(&r->cookies, "lang");
	enum lang l;

	if (q != NULL && lang_parse(q, &l) == 0) {
		r->lang = l;
		if (c == NULL || strcmp(c, lang_code(l)) != 0)
			http_set_cookie(r, "lang", lang_code(l), 365 * 86400);
		return;
	}
	if (c != NULL && lang_parse(c, &l) == 0) {
		r->lang = l;
		return;
	}
	r->lang = lang_from_accept(http_param(r, "HTTP_ACCEPT_LANGUAGE"));
}

static enum input_err
read_body(struct req *r, FCGX_Stream *in, bool raw, bool upload)
{
	const char *cl = http_param(r, "CONTENT_LENGTH");
	const char *ct = http_param(r, "CONTENT_TYPE");
	char *end;
	long n = cl && *cl ? strtol(cl, &end, 10) : 0;
	char *body;

	if (n < 0 || (cl && *cl && *end))
		return IN_BODYTYPE;
	if (n > (upload ? HTTP_MAX_UPLOAD : HTTP_MAX_BODY))
		return IN_TOOBIG;
	body = arena_alloc(r->arena, (size_t)n + 1);
	if (n > 0 && FCGX_GetStr(body, (int)n, in) != n)
		return IN_BODYTYPE;
	body[n] = '\0';
	r->body = body;
	r->bodylen = (size_t)n;
	if (raw)
		return IN_OK;
	if (upload && ct != NULL && strncasecmp(ct, "multipart/form-data",
	    19) == 0)
		return multipart_parse(r->arena, ct, body, (size_t)n, &r->form,
		    &r->upload);
	if (n > 0 && (ct == NULL || strncasecmp(ct,
	    "application/x-www-form-urlencoded", 33) != 0))
		return IN_BODYTYPE;
	return urlenc_parse(r->arena, body, (size_t)n, &r->form);
}

static enum http_method
method_of(const char *m)
{
	if (m == NULL)
		return M_OTHER;
	if (strcmp(m, "GET") == 0)
		return M_GET;
	if (strcmp(m, "POST") == 0)
		return M_POST;
	if (strcmp(m, "HEAD") == 0)
		return M_HEAD;
	return M_OTHER;
}

static void
answer_error(struct req *r, enum rerr e)
{
	switch (e) {
	case E_NOTFOUND:
		page_error(r, 404, "error.notfound");
		break;
	case E_INVALID:
		page_error(r, 400, "error.invalid");
		break;
	case E_DENIED:
		page_error(r, 403, "error.forbidden");
		break;
	case E_DB:
	case E_BUSY:
	case E_FULL:
		page_error(r, 503, "error.unavailable");
		break;
	default:
		page_error(r, 500, "error.internal");
		break;
	}
}

/* A path no route may see (outside the prefix, "//host/x"): the 404 page
 * in the browser's language, before anything else is read. */
static void
not_found_early(struct req *r)
{
	r->path = "/";
	r->lang = lang_from_accept(http_param(r, "HTTP_ACCEPT_LANGUAGE"));
	page_error(r, 404, "error.notfound");
}

static void
serve(const struct app *app, struct req *r, FCGX_Request *fr)
{
	const struct route *rt;
	enum input_err ie;
	unsigned allowed;
	enum rerr e;
	const char *q;

	r->method_name = http_param(r, "REQUEST_METHOD");
	r->method = method_of(r->method_name);
	r->uri = http_param(r, "REQUEST_URI");
	if (r->uri == NULL)
		r->uri = "/";
	q = strchr(r->uri, '?');
	r->path = q ? arena_strndup(r->arena, r->uri, (size_t)(q - r->uri)) :
	    r->uri;
	r->host = http_param(r, "HTTP_HOST");
	r->origin = http_param(r, "HTTP_ORIGIN");
	r->remote = http_param(r, "REMOTE_ADDR");
	q = http_param(r, "HTTPS");
	r->https = q != NULL && strcasecmp(q, "on") == 0;
	r->now = (int64_t)time(NULL);
	r->lang = LANG_EN;
	/* under a prefix (base_path): routes see the path after it */
	if (*(q = config_base_path()) != '\0') {
		size_t n = strlen(q);

		if (strncmp(r->path, q, n) != 0 ||
		    (r->path[n] != '/' && r->path[n] != '\0')) {
			not_found_early(r);
			return;
		}
		if (r->path[n] == '\0') {	/* "/returns": its home */
			r->path = "/";
			http_redirect(r, "/");
			return;
		}
		r->path += n;
		r->uri += n;
	}
	/* a customer's page: set before anything can answer, errors too */
	if (app->secret_prefix != NULL && strncmp(r->path, app->secret_prefix,
	    strlen(app->secret_prefix)) == 0)
		r->customer = true;

	/* the input first: what cannot be read of the cookies is skipped
	 * (other applications of the host set theirs) */
	(void)cookie_parse(r->arena, http_param(r, "HTTP_COOKIE"),
	    &r->cookies);
	/* "//host/x" or "/\host/x" would make every link built from the
	 * path (the language switch) point to another site */
	if (r->path[0] != '/' || r->path[1] == '/' || r->path[1] == '\\') {
		not_found_early(r);
		return;
	}
	q = http_param(r, "QUERY_STRING");
	ie = urlenc_parse(r->arena, q ? q : "", q ? strlen(q) : 0, &r->query);
	if (ie != IN_OK) {
		/* unreadable query: still honour a plain lang=xx in it */
		const char *l = q ? strstr(q, "lang=") : NULL;
		r->query.n = 0;
		if (l != NULL && (l == q || l[-1] == '&') &&
		    (l[7] == '\0' || l[7] == '&')) {
			struct kv *lk = arena_alloc(r->arena, sizeof(*lk));
			lk->key = "lang";
			lk->val = arena_strndup(r->arena, l + 5, 2);
			r->query.v = lk;
			r->query.n = 1;
		}
	}
	pick_language(r);
	if (ie != IN_OK) {
		page_error(r, 400, input_err_key(ie));
		return;
	}

	rt = route_find(app, r, &allowed);
	if (rt == NULL) {
		if (allowed) {
			http_header(r, "Allow", (allowed & M_POST) ?
			    ((allowed & M_GET) ? "GET, HEAD, POST" : "POST") :
			    "GET, HEAD");
			page_error(r, 405, "error.method");
		} else
			page_error(r, 404, "error.notfound");
		return;
	}
	if (r->method == M_POST &&
	    (ie = read_body(r, fr->in, rt->flags & ROUTE_RAWBODY,
	    rt->flags & ROUTE_UPLOAD)) != IN_OK) {
		page_error(r, ie == IN_TOOBIG ? 413 : 400, input_err_key(ie));
		return;
	}
	/* a page's reads in one transaction (ended by the worker after
	 * the answer, or by the first write) */
	if (r->method != M_POST)
		db_read_begin(r->db);
	if (!(rt->flags & ROUTE_BARE)) {
		if ((e = session_load(r)) != E_OK) {
			answer_error(r, e);
			return;
		}
	}
	if ((rt->flags & ROUTE_AUTH) && !r->sess.auth) {
		http_redirect(r, "/account/login");
		return;
	}
	if (r->method == M_POST && !(rt->flags & (ROUTE_NOCSRF | ROUTE_BARE))
	    && !csrf_check(r)) {
		page_error(r, 403, "error.csrf");
		return;
	}
	e = rt->handler(r);
	if (!http_is_open(r))
		answer_error(r, e == E_OK ? E_SYS : e);
}

/* ---- the worker ---- */

#define WORKER_HEAP_KEEP	(256 * 1024)	/* kept free at the heap's top */
#define WORKER_HEAP_FREE	(512 * 1024)	/* more free than this: trim */

/* Another request is waiting to be accepted. */
static bool
waiting(int listen_fd)
{
	struct pollfd p = { .fd = listen_fd, .events = POLLIN };

	return poll(&p, 1, 0) == 1 && (p.revents & POLLIN);
}

static int
worker(const struct app *app, int listen_fd)
{
	FCGX_Request fr;
	struct arena arena = { 0 };
	struct db *db = NULL;
	unsigned long count = 0;
	size_t trimmed_free = 0;	/* free in the heap after a trim */
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = worker_sigterm;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGCHLD, SIG_DFL);
	sigset_t none;
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);

	{
		char why[1024];

		if (schema_attach(config_db_path(), &db, why, sizeof(why)) !=
		    E_OK) {
			db = NULL;
			log_err(NULL, "worker starts without a database (%s): "
			    "pages that need it answer 503 until it is back",
			    why);
		} else
			db_small(db);
	}
	if (FCGX_InitRequest(&fr, listen_fd, 0) != 0) {
		log_err(NULL, "FCGX_InitRequest failed");
		return 1;
	}
	while (!stopping) {
		struct req r;
		struct resp_state rs;
		struct timespec t0, t1;
		const char *logpath;
		bool busy;

		if (FCGX_Accept_r(&fr) < 0) {
			if (stopping)
				break;
			log_err(NULL, "FCGX_Accept_r failed");
			continue;
		}
		in_request = 1;
		clock_gettime(CLOCK_MONOTONIC, &t0);
		memset(&r, 0, sizeof(r));
		memset(&rs, 0, sizeof(rs));
		rs.out = fr.out;
		rs.envp = fr.envp;
		r.resp = &rs;
		r.arena = &arena;
		r.app = app->name;
		/* "<pid hex>.<counter>": never a long run of digits */
		snprintf(r.id, sizeof(r.id), "%x.%lu", (unsigned)getpid(),
		    ++count % 1000000000UL);
		if (db == NULL) {
			char why[1024];

			if (schema_attach(config_db_path(), &db, why,
			    sizeof(why)) == E_OK)
				db_small(db);
			else
				db = NULL;
		}
		r.db = db;
		if (db == NULL) {
			r.lang = LANG_EN;
			r.path = "/";
			page_error(&r, 503, "error.unavailable");
		} else {
			serve(app, &r, &fr);
			db_read_end(db);
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		metrics_request(rs.status);
		logpath = r.path ? r.path : "-";
		if (app->secret_prefix != NULL && strncmp(logpath,
		    app->secret_prefix, strlen(app->secret_prefix)) == 0)
			logpath = app->secret_prefix;
		/* one line per request (RETURNS_ACCESS_LOG=0: errors only) */
		if (rs.status >= 400 || access_log)
			log_info(r.id, "%s %s%s %d %zu %.1fms",
			    r.method_name ? r.method_name : "-", logpath,
			    logpath == r.path ? "" : "...", rs.status, rs.bytes,
			    (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
			    (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
		FCGX_Finish_r(&fr);
		busy = waiting(listen_fd);
		if (db != NULL)
			db_idle(db, busy);
		arena_reset(&arena);
		/* what a big page (a year by day, a download) took from
		 * the heap goes back to the system: a worker stays small
		 * between requests (glibc keeps freed memory otherwise);
		 * not while requests wait, whose pages would fault back
		 * in (madvise and the faults were a tenth of /policies/) */
		if (!busy) {
			size_t heap_free = mallinfo2().fordblks;

			if (heap_free > trimmed_free + WORKER_HEAP_FREE) {
				malloc_trim(WORKER_HEAP_KEEP);
				/* free chunks stay counted once their
				 * pages are back with the system: trim
				 * again when this much more is free */
				trimmed_free = mallinfo2().fordblks;
			} else if (heap_free < trimmed_free)
				trimmed_free = heap_free;
		}
		in_request = 0;
	}
	db_close(db);
	arena_free(&arena);
	return 0;
}

/* ---- the master ---- */

static pid_t
spawn(const struct app *app, int fd)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(worker(app, fd));
	if (pid < 0)
		log_err(NULL, "fork: %s", strerror(errno));
	return pid;
}

int
server_main(int argc, char **argv, const struct app *app)
{
	const char *sock = NULL, *conf = NULL;
	char err[512];
	pid_t pids[MAX_WORKERS];
	int nworkers = 0, fd = 0, ch;
	struct sigaction sa;
	sigset_t block, old;

	log_init(app->name);
	{
		const char *al = getenv("RETURNS_ACCESS_LOG");
		access_log = al == NULL || strcmp(al, "0") != 0;
	}
	while ((ch = getopt(argc, argv, "c:s:w:d:R:h")) != -1) {
		switch (ch) {
		case 'c':
			conf = optarg;
			break;
		case 's':
			sock = optarg;
			break;
		case 'w':
			nworkers = atoi(optarg);
			if (nworkers < 1 || nworkers > MAX_WORKERS) {
				fprintf(stderr, "%s: -w wants 1 to %d\n",
				    app->name, MAX_WORKERS);
				return 2;
			}
			break;
		case 'd':
			config_set_db_path(optarg);
			break;
		case 'R':
			config_set_share_dir(optarg);
			break;
		case 'h':
			usage(app->name);
			return 0;
		default:
			usage(app->name);
			return 2;
		}
	}

	if (config_load(conf, err, sizeof(err)) != E_OK ||
	    config_check_env(err, sizeof(err)) != E_OK ||
	    carrier_init(err, sizeof(err)) != E_OK) {
		log_err(NULL, "configuration: %s", err);
		return 1;
	}
	if (nworkers == 0)
		nworkers = config_workers();
	if (tmpl_load_share(config_share_dir(), err, sizeof(err)) != E_OK) {
		log_err(NULL, "%s", err);
		return 1;
	}
	/* an installed site runs real parts unless its operator said demo */
	if (config_check_parts(carrier_self_issued(), err, sizeof(err)) !=
	    E_OK) {
		log_err(NULL, "configuration: %s", err);
		return 1;
	}
	/* the database at this program's version: only `returnsctl
	 * migrate` migrates (after a backup), never a service */
	{
		struct db *db;
		char why[1024];

		if (schema_attach(config_db_path(), &db, why, sizeof(why)) !=
		    E_OK) {
			log_err(NULL, "%s", why);
			return 1;
		}
		db_close(db);
	}

	if (secret_load(config_secret_path()) != E_OK) {
		log_err(NULL, "cannot load the secret key %s",
		    config_secret_path());
		return 1;
	}

	if (FCGX_Init() != 0) {
		log_err(NULL, "FCGX_Init failed");
		return 1;
	}
	if (sock != NULL) {
		unlink(sock);
		mode_t um = umask(0117);	/* socket 0660 */
		fd = FCGX_OpenSocket(sock, 128);
		umask(um);
		if (fd < 0) {
			log_err(NULL, "cannot listen on %s", sock);
			return 1;
		}
	} else {
		struct sockaddr_storage ss;
		socklen_t sl = sizeof(ss);
		if (getsockname(0, (struct sockaddr *)&ss, &sl) != 0) {
			log_err(NULL, "fd 0 is not a socket: give -s PATH");
			usage(app->name);
			return 2;
		}
	}

	signal(SIGPIPE, SIG_IGN);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = master_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	/* SIGCHLD must interrupt sigsuspend: it needs a handler */
	sa.sa_handler = on_child;
	sigaction(SIGCHLD, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGCHLD);
	sigprocmask(SIG_BLOCK, &block, &old);

	/* shared with the workers: mapped before they fork */
	metrics_open(app->name);
	for (int i = 0; i < nworkers; i++)
		pids[i] = spawn(app, fd);
	log_info(NULL, "serving %s with %d workers", sock ? sock : "fd 0",
	    nworkers);

	while (!stopping) {
		int status;
		pid_t pid;

		sigsuspend(&old);
		while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
			for (int i = 0; i < nworkers; i++) {
				if (pids[i] != pid)
					continue;
				if (WIFSIGNALED(status))
					log_err(NULL, "worker %d killed by "
					    "signal %d", (int)pid,
					    WTERMSIG(status));
				else
					log_warn(NULL, "worker %d exited "
					    "with %d", (int)pid,
					    WEXITSTATUS(status));
				pids[i] = stopping ? -1 : spawn(app, fd);
			}
		}
	}

	log_info(NULL, "stopping");
	for (int i = 0; i < nworkers; i++)
		if (pids[i] > 0)
			kill(pids[i], SIGTERM);
	for (int i = 0; i < nworkers; i++)
		if (pids[i] > 0)
			waitpid(pids[i], NULL, 0);
	if (sock != NULL)
		unlink(sock);
	return 0;
}
