/* crypto.h -- randomness, hashes and passwords through OpenSSL
 * (infrastructure).
 */
#ifndef RETURNS_CRYPTO_H
#define RETURNS_CRYPTO_H

#include <stddef.h>
#include <stdbool.h>

#include "returns/err.h"

/* Fills buf with n bytes from RAND_bytes. R_SYS on failure. */
enum rerr	 crypto_random(void *buf, size_t n);
/* n random bytes as 2n lowercase hex characters into out[2n+1]. */
enum rerr	 crypto_random_hex(char *out, size_t n);
void		 crypto_hex(char *out, const void *in, size_t n);
void		 crypto_sha256(unsigned char out[32], const void *, size_t);
/* The SHA-256 of a string as 64 lowercase hex digits: how the database
 * keeps a secret token (sessions, links). */
void		 crypto_sha256_hex(char out[65], const char *s);
void		 crypto_hmac_sha256(unsigned char out[32], const void *key,
		    size_t keylen, const void *msg, size_t len);
/* The same with a key prepared once (its two padded blocks hashed): for a
 * short message, half the hashing of crypto_hmac_sha256. NULL when out
 * of memory; free with crypto_hmac_key_free (which wipes it). */
struct crypto_hmac_key;
struct crypto_hmac_key *crypto_hmac_key_new(const void *key, size_t keylen);
void		 crypto_hmac_keyed(const struct crypto_hmac_key *,
		    unsigned char out[32], const void *msg, size_t len);
void		 crypto_hmac_key_free(struct crypto_hmac_key *);
/* Constant-time comparison; false when lengths differ. */
bool		 crypto_equal(const void *, size_t, const void *, size_t);

/* Password hashing with scrypt (N=2^17, r=8, p=1: OWASP's figures; 128 MiB
 * and about half a second a hash; 16-byte salt). The result
 * "scrypt$17$8$1$<salt b64>$<hash b64>" (NUL-terminated) fits in
 * PW_HASH_MAX bytes; the parameters travel with the hash, so hashes made
 * with older parameters still verify. */
#define PW_HASH_MAX	128
enum rerr	 password_hash(const char *pw, char out[PW_HASH_MAX]);
/* true when pw matches; always does the full scrypt work, also when
 * `stored` is NULL or malformed, so timing does not tell. */
bool		 password_verify(const char *pw, const char *stored);
/* true when `stored` was made with other parameters than today's (to be
 * made again at the next log-in). */
bool		 password_needs_rehash(const char *stored);

#endif
