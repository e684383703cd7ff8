/* tracking.fcgi -- the carrier feed: POST /api/tracking/events.
 *
 * The body is a JSON array of events (see include/returns/tracking.h),
 * signed in the X-Signature header with the key of the tracking key file.
 * The signature is checked before anything is parsed; a bad one is a 401.
 * Answers JSON: {"applied": n, "duplicates": n, "unknown": ["..."]}. */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "returns/config.h"
#include "returns/log.h"
#include "returns/secret.h"
#include "returns/server.h"
#include "returns/tracking.h"

static void
json_answer(struct req *r, int status, const char *body)
{
	http_open(r, status, "application/json");
	http_puts(r, body);
	http_puts(r, "\n");
}

/* JSON string escaping for our own messages and tracking numbers. */
static void
json_str(struct buf *b, const char *s)
{
	buf_putc(b, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			buf_putc(b, '\\');
		if ((unsigned char)*s < 0x20)
			buf_printf(b, "\\u%04x", (unsigned char)*s);
		else
			buf_putc(b, *s);
	}
	buf_putc(b, '"');
}

static enum rerr
events_post(struct req *r)
{
	/* the process's key, read once (not request state) */
	static unsigned char key[SECRET_LEN];
	static bool have_key;
	struct tevent *ev = NULL;
	enum ev_result *res = NULL;
	struct buf out = { 0 };
	char err[256];
	size_t n, applied = 0, dup = 0, unknown = 0;
	enum rerr e;

	if (!have_key) {
		if (keyfile_load(config_tracking_key_path(), key) != E_OK)
			return E_SYS;
		have_key = true;
	}
	if (!tracking_verify(http_param(r, "HTTP_X_SIGNATURE"), r->body,
	    r->bodylen, key, sizeof(key), r->now)) {
		log_warn(r->id, "tracking: bad or missing signature");
		json_answer(r, 401, "{\"error\": \"bad or missing signature\"}");
		return E_OK;
	}
	if (tracking_parse_json(r->body, r->bodylen, EV_BATCH_MAX, &ev, &n,
	    err, sizeof(err)) != E_OK) {
		buf_puts(&out, "{\"error\": ");
		json_str(&out, err);
		buf_puts(&out, "}");
		json_answer(r, 400, out.data);
		buf_free(&out);
		return E_OK;
	}
	if ((res = calloc(n ? n : 1, sizeof(*res))) == NULL) {
		free(ev);
		return E_SYS;
	}
	if ((e = tracking_apply(r->db, ev, n, r->now, res)) != E_OK)
		goto done;
	buf_puts(&out, "{\"unknown\": [");
	for (size_t i = 0; i < n; i++) {
		if (res[i] == EVR_APPLIED)
			applied++;
		else if (res[i] == EVR_DUPLICATE)
			dup++;
		else {
			if (unknown++)
				buf_puts(&out, ", ");
			json_str(&out, ev[i].tracking);
		}
	}
	buf_printf(&out, "], \"applied\": %zu, \"duplicates\": %zu}", applied,
	    dup);
	json_answer(r, 200, out.data);
done:
	buf_free(&out);
	free(res);
	free(ev);
	return e;
}

static const struct route routes[] = {
	{ M_GET, "/api/tracking/healthz", server_healthz, ROUTE_BARE },
	{ M_POST, "/api/tracking/events", events_post,
	    ROUTE_BARE | ROUTE_NOCSRF | ROUTE_RAWBODY },
};

int
main(int argc, char **argv)
{
	static const struct app app = {
		.name = "tracking", .routes = routes,
		.nroutes = sizeof(routes) / sizeof(routes[0]),
	};

	return server_main(argc, argv, &app);
}
