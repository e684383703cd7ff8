/* session.h -- merchant sessions and CSRF tokens (web layer).
 *
 * The session cookie ("sid", "__Host-sid" over HTTPS) carries 256 random
 * bits; the database keeps only its SHA-256. A session ends after
 * SESSION_IDLE seconds without a request or SESSION_MAX after login.
 * Visitors without a session get a "csrf" cookie instead (a random nonce
 * and its HMAC under the server's secret, so it cannot be chosen by
 * another site before log-in), and forms carry its value (double
 * submit). Every POST is checked by the
 * server with csrf_check() before its handler runs.
 */
#ifndef RETURNS_SESSION_H
#define RETURNS_SESSION_H

#include "returns/config.h"

#include "returns/http.h"

/* Lifetimes: config_session_idle() and config_session_max() (config.h),
 * 30 minutes idle and 12 hours in all by default. The cookie itself has
 * no Max-Age: it ends when the browser closes. */
#define SESSION_IDLE	config_session_idle()
#define SESSION_MAX	config_session_max()

/* Fills req->sess from the cookies. E_OK also when nobody is logged in;
 * E_DB etc. when the database failed. */
enum rerr	 session_load(struct req *);
/* Starts a session for user_id: ends the one the request came with
 * (rotation), sets the cookie, fills req->sess. */
enum rerr	 session_start(struct req *, int64_t user_id);
/* Ends the request's session and clears the cookie. */
enum rerr	 session_end(struct req *);
/* True when the form's "csrf" field (exactly one) equals the expected
 * token and the Origin header, if any, is this site. */
bool		 csrf_check(struct req *);

#endif
