/* secret.h -- the server's secret key (infrastructure).
 *
 * 32 random bytes in a file of their own (mode 0600), never in the
 * database: policy link tokens are derived from it, so a copy of the
 * database alone reveals no link. The file is created on first use.
 */
#ifndef RETURNS_SECRET_H
#define RETURNS_SECRET_H

#include <stddef.h>

#include "returns/err.h"

#define SECRET_LEN	32

/* Reads a 32-byte key file into key, creating it (0600, random bytes)
 * when it does not exist. E_SYS with the reason logged otherwise. Used
 * for this module's key and for others (the tracking feed's HMAC key). */
enum rerr		 keyfile_load(const char *path,
			    unsigned char key[SECRET_LEN]);
/* Loads this module's key with keyfile_load(). */
enum rerr		 secret_load(const char *path);
/* The loaded key, or NULL before secret_load() succeeded. */
const unsigned char	*secret_key(void);
/* HMAC-SHA256 under the key of `label` ":" `msg`, as lowercase hex of its
 * first n bytes (n <= 32) into out[2n+1]. E_SYS when no key is loaded. */
enum rerr		 secret_derive_hex(const char *label, const char *msg,
			    size_t n, char *out);

#endif
