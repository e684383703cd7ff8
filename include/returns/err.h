/* err.h -- the error codes every library function returns.
 * Only an executable's request loop turns them into HTTP statuses
 * (E_DB, E_BUSY, E_FULL -> 503; E_NOTFOUND -> 404; ...).
 */
#ifndef RETURNS_ERR_H
#define RETURNS_ERR_H

enum rerr {
	E_OK = 0,
	E_NOTFOUND,	/* no such row / object (or not the caller's) */
	E_EXISTS,	/* unique constraint: already there */
	E_INVALID,	/* input failed validation */
	E_DENIED,	/* wrong password, throttled, forbidden */
	E_DB,		/* database error */
	E_BUSY,		/* database locked past the busy timeout */
	E_FULL,		/* disk full */
	E_SYS		/* system call failed */
};

const char	*rerr_str(enum rerr);

#endif
