/* carrier_cp.h -- inside the Canada Post connector (private to
 * carrier_canadapost.c and its two transports; the fuzz drivers and unit
 * tests include it for the parsers).
 *
 * carrier_canadapost.c holds what both transports share: the HTTP client
 * (libcurl: certificates checked, connect timeout 5 s, whole call
 * canadapost_timeout), the key file, the mapping of our services to
 * Canada Post's codes, of Canada Post's event codes to our four kinds,
 * and of its error codes to enum carrier_err. A transport holds the
 * authentication, the paths and the body codec:
 *   soa     HTTP Basic + XML (libxml2), https://soa-gw.canadapost.ca
 *   portal  OAuth2 client credentials + JSON (jansson), the Developer
 *           Portal; only the calls two sources confirm (token, tracking)
 */
#ifndef RETURNS_CARRIER_CP_H
#define RETURNS_CARRIER_CP_H

#include <stdbool.h>
#include <stddef.h>

#include "returns/buf.h"
#include "returns/carrier.h"

#define CP_MAX_BODY	(8 * 1024 * 1024)	/* a label PDF is ~100 KB */

/* ---- the HTTP client (carrier_canadapost.c) ---- */

struct cp_http {
	const char	*method;	/* "GET" or "POST" */
	const char	*url;
	const char	*accept;
	const char	*content_type;	/* NULL without a body */
	const void	*body;
	size_t		 len;
	const char	*user, *password;	/* Basic, or NULL */
	const char	*bearer;		/* or NULL */
	const char	*const *headers;	/* extra "Name: value", NULL-ended */
	const char	*lang;		/* "en" or "fr" */
};

struct cp_answer {
	long		 status;
	struct buf	 body;
	char		 content_type[128];
};

/* Performs one call. CE_UNREACHABLE (fail filled) when no HTTP answer
 * came; otherwise CE_OK with the status and body in ans, whatever the
 * status. ans->body is freed by the caller. */
enum carrier_err cp_http_do(const struct cp_http *, struct cp_answer *,
		    struct carrier_fail *);
/* Whether url has the configured base URL's scheme, host and port: links
 * in answers are followed only there, so no credential goes elsewhere. */
bool		 cp_same_origin(const char *url);
const char	*cp_base_url(void);	/* without a trailing slash */
const char	*cp_platform_id(void);	/* or NULL */
/* The installation's key: "user" and "password" halves of the key file. */
const char	*cp_key_user(void);
const char	*cp_key_password(void);

/* ---- shared mappings (carrier_canadapost.c) ---- */

/* "priority" -> "DOM.PC", ...; NULL for an unknown service. */
const char	*cp_service_code(const char *service);
/* An event code -> enum ev_type; -1 for a code that is not a movement
 * (e.g. 20, signature image available). */
int		 cp_event_type(const char *code);
/* "EST", "EDT", ... -> seconds east of UTC; false when unknown. */
bool		 cp_zone_offset(const char *zone, int *off);
/* "2026-11-26" + "14:03:00" (or "140300") + zone -> unix time. */
bool		 cp_event_time(const char *date, const char *time,
		    const char *zone, int64_t *at, int *off);
/* Classifies an error answer: the carrier's code and description (either
 * may be empty) and the HTTP status -> fail (code, field, texts). */
enum carrier_err cp_classify(long status, const char *code,
		    const char *description, struct carrier_fail *);
/* Logs fail at ERROR (the carrier's code and description) and returns
 * its code. */
enum carrier_err cp_log_fail(const char *call, struct carrier_fail *);

/* ---- a transport ---- */

struct cp_transport {
	const char	*name;
	enum carrier_err (*create_label)(const struct carrier_account *,
			    const struct carrier_label_req *,
			    struct carrier_label *, struct carrier_fail *);
	enum carrier_err (*track)(const struct carrier_account *,
			    const char *pin, struct carrier_event **,
			    size_t *, struct carrier_fail *);
	enum carrier_err (*account)(const struct carrier_account *,
			    struct carrier_info *, struct carrier_fail *);
	enum carrier_err (*reg_token)(char *, size_t, struct carrier_fail *);
	enum carrier_err (*reg_info)(const char *,
			    struct carrier_registration *,
			    struct carrier_fail *);
	/* the harmless call of carrier_check() */
	enum carrier_err (*check)(const char *customer_number,
			    struct carrier_fail *);
};

extern const struct cp_transport cp_soa, cp_portal;

/* ---- soa's codec (carrier_cp_soa.c): bytes -> structs ----
 * Each returns CE_OK when the document is the expected answer, or the
 * error its <messages> body says (cp_classify), or CE_UNEXPECTED. */
struct cp_return_info {
	char	 pin[17];
	char	 label_href[512];
	char	 label_type[64];
};
enum carrier_err cp_soa_parse_return(const char *, size_t, long status,
		    struct cp_return_info *, struct carrier_fail *);
/* *ev malloc'd (free()), also when empty */
enum carrier_err cp_soa_parse_track(const char *, size_t, long status,
		    struct carrier_event **ev, size_t *n,
		    struct carrier_fail *);
enum carrier_err cp_soa_parse_customer(const char *, size_t, long status,
		    struct carrier_info *, struct carrier_fail *);
enum carrier_err cp_soa_parse_token(const char *, size_t, long status,
		    char *token, size_t len, struct carrier_fail *);
enum carrier_err cp_soa_parse_merchant(const char *, size_t, long status,
		    struct carrier_registration *, struct carrier_fail *);
/* Builds the authorized-return request document into out. */
enum carrier_err cp_soa_build_return(const struct carrier_label_req *,
		    const char *contract_id, struct buf *out);

/* ---- portal's codec (carrier_cp_portal.c) ---- */
enum carrier_err cp_portal_parse_token(const char *, size_t, long status,
		    char *token, size_t len, long *expires_in,
		    struct carrier_fail *);
enum carrier_err cp_portal_parse_track(const char *, size_t, long status,
		    struct carrier_event **ev, size_t *n,
		    struct carrier_fail *);

#endif
