/* server.h -- the FastCGI server core every executable runs (web layer).
 *
 * An executable declares its routes as a table and calls server_main():
 *
 *	static const struct route routes[] = {
 *		{ M_GET,  "/policies/",  page_policies, ROUTE_AUTH },
 *		{ M_POST, "/policies/{}/delete", do_delete, ROUTE_AUTH },
 *	};
 *
 * "{}" in a pattern matches one non-empty path segment; matched segments
 * are in req->args[] in order. A pattern ending in "{*}" matches the rest
 * of the path. A path no route matches is a 404 page; a path some route
 * matches with another method is a 405.
 *
 * Handlers return E_OK once they have answered. When they return an error
 * without answering, the server answers for them: E_NOTFOUND 404, E_INVALID
 * 400, E_DENIED 403, E_DB/E_BUSY/E_FULL 503, anything else 500. The worker
 * lives on.
 */
#ifndef RETURNS_SERVER_H
#define RETURNS_SERVER_H

#include "returns/http.h"

#define ROUTE_AUTH	0x1	/* a logged-in merchant; else to the login */
#define ROUTE_BARE	0x2	/* no session, no language cookie (healthz) */
#define ROUTE_NOCSRF	0x4	/* a POST authenticated some other way */
#define ROUTE_RAWBODY	0x8	/* keep the body as is (req->body) */
#define ROUTE_UPLOAD	0x10	/* multipart/form-data up to HTTP_MAX_UPLOAD:
				   fields in req->form, the file in
				   req->upload */

struct route {
	unsigned	 methods;
	const char	*pattern;
	enum rerr	(*handler)(struct req *);
	unsigned	 flags;
};

struct app {
	const char		*name;
	const struct route	*routes;
	size_t			 nroutes;
	/* paths under this prefix hold secrets: logs show the prefix only */
	const char		*secret_prefix;
};

/* Parses the command line (-s SOCKET, -w WORKERS, -d DB, -R SHAREDIR,
 * -h), loads catalogues and templates, listens (on fd 0 without -s),
 * pre-forks the workers and supervises them until SIGTERM or SIGINT.
 * Returns the process exit status. */
int	server_main(int argc, char **argv, const struct app *);

/* Answers "ok" (200) after a cheap read of the database, or 503; each
 * executable routes it under its own prefix (/healthz, /returns/healthz,
 * /settings/healthz, /r/healthz, /api/tracking/healthz). */
enum rerr	server_healthz(struct req *);
/* Prometheus text (metrics.h's counters, the outbox, the database's
 * size) to the addresses of metrics_allow; a 404 page to anyone else.
 * The dashboard routes it at /metrics. */
enum rerr	server_metrics(struct req *);

#endif
