/* crypto.c -- see include/returns/crypto.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "returns/crypto.h"
#include "returns/log.h"

#define SCRYPT_LOGN	17
#define SCRYPT_R	8
#define SCRYPT_P	1
#define SCRYPT_SALT	16
#define SCRYPT_KEY	32

/*
 * Random bytes, SHA-256, HMAC-SHA-256, scrypt and base64 come from
 * libsodium: every page uses the first three (sessions, CSRF tokens,
 * links), and OpenSSL 3 answers through its providers, whose first use
 * made about 2 MB of libcrypto resident in each worker (scrypt too: the
 * log-in page's worker). OpenSSL stays for AES-GCM (carrier_link.c),
 * which libsodium offers only on processors with AES instructions.
 */
static bool
sodium_ready(void)
{
	static int ready;	/* 1 ready, -1 failed */

	if (ready == 0)
		ready = sodium_init() >= 0 ? 1 : -1;
	return ready == 1;
}

enum rerr
crypto_random(void *buf, size_t n)
{
	if (!sodium_ready()) {
		log_err(NULL, "libsodium could not start");
		return E_SYS;
	}
	randombytes_buf(buf, n);
	return E_OK;
}

void
crypto_hex(char *out, const void *in, size_t n)
{
	static const char hx[] = "0123456789abcdef";
	const unsigned char *p = in;

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hx[p[i] >> 4];
		out[2 * i + 1] = hx[p[i] & 15];
	}
	out[2 * n] = '\0';
}

enum rerr
crypto_random_hex(char *out, size_t n)
{
	unsigned char b[64];

	if (n > sizeof(b) || crypto_random(b, n) != E_OK)
		return E_SYS;
	crypto_hex(out, b, n);
	sodium_memzero(b, sizeof(b));
	return E_OK;
}

void
crypto_sha256(unsigned char out[32], const void *p, size_t n)
{
	crypto_hash_sha256(out, p, n);
}

void
crypto_sha256_hex(char out[65], const char *s)
{
	unsigned char h[32];

	crypto_sha256(h, s, strlen(s));
	crypto_hex(out, h, sizeof(h));
}

void
crypto_hmac_sha256(unsigned char out[32], const void *key, size_t keylen,
    const void *msg, size_t len)
{
	crypto_auth_hmacsha256_state st;

	/* any key length (the _init form), as RFC 2104 */
	crypto_auth_hmacsha256_init(&st, key, keylen);
	crypto_auth_hmacsha256_update(&st, msg, len);
	crypto_auth_hmacsha256_final(&st, out);
	sodium_memzero(&st, sizeof(st));
}

struct crypto_hmac_key {
	crypto_auth_hmacsha256_state	 st;	/* after init: both pads */
};

struct crypto_hmac_key *
crypto_hmac_key_new(const void *key, size_t keylen)
{
	struct crypto_hmac_key *k = malloc(sizeof(*k));

	if (k != NULL)
		crypto_auth_hmacsha256_init(&k->st, key, keylen);
	return k;
}

void
crypto_hmac_keyed(const struct crypto_hmac_key *k, unsigned char out[32],
    const void *msg, size_t len)
{
	crypto_auth_hmacsha256_state st = k->st;

	crypto_auth_hmacsha256_update(&st, msg, len);
	crypto_auth_hmacsha256_final(&st, out);
	sodium_memzero(&st, sizeof(st));
}

void
crypto_hmac_key_free(struct crypto_hmac_key *k)
{
	if (k == NULL)
		return;
	sodium_memzero(k, sizeof(*k));
	free(k);
}

bool
crypto_equal(const void *a, size_t alen, const void *b, size_t blen)
{
	if (alen != blen)
		return false;
	return sodium_memcmp(a, b, alen) == 0;
}

/* scrypt (RFC 7914) itself: 1 on success */
static int
scrypt(const char *pw, const unsigned char *salt, size_t saltlen,
    int logn, int r, int p, unsigned char *key, size_t keylen)
{
	return sodium_ready() && crypto_pwhash_scryptsalsa208sha256_ll(
	    (const uint8_t *)pw, strlen(pw), salt, saltlen,
	    (uint64_t)1 << logn, (uint32_t)r, (uint32_t)p, key, keylen) == 0;
}

enum rerr
password_hash(const char *pw, char out[PW_HASH_MAX])
{
	unsigned char salt[SCRYPT_SALT], key[SCRYPT_KEY];
	char salt64[32], key64[64];

	if (crypto_random(salt, sizeof(salt)) != E_OK)
		return E_SYS;
	if (scrypt(pw, salt, sizeof(salt), SCRYPT_LOGN, SCRYPT_R, SCRYPT_P,
	    key, sizeof(key)) != 1) {
		log_err(NULL, "scrypt failed");
		return E_SYS;
	}
	sodium_bin2base64(salt64, sizeof(salt64), salt, sizeof(salt),
	    sodium_base64_VARIANT_ORIGINAL);
	sodium_bin2base64(key64, sizeof(key64), key, sizeof(key),
	    sodium_base64_VARIANT_ORIGINAL);
	snprintf(out, PW_HASH_MAX, "scrypt$%d$%d$%d$%s$%s", SCRYPT_LOGN,
	    SCRYPT_R, SCRYPT_P, salt64, key64);
	sodium_memzero(key, sizeof(key));
	return E_OK;
}

/* Decodes standard base64 (padded) of a known decoded length. */
static bool
b64dec(const char *s, size_t slen, unsigned char *out, size_t want)
{
	unsigned char tmp[96];
	const char *end = NULL;
	size_t n = 0;

	if (slen == 0 || slen % 4 || slen / 4 * 3 > sizeof(tmp) ||
	    sodium_base642bin(tmp, sizeof(tmp), s, slen, NULL, &n, &end,
	    sodium_base64_VARIANT_ORIGINAL) != 0 || end != s + slen ||
	    n != want)
		return false;
	memcpy(out, tmp, want);
	return true;
}

bool
password_verify(const char *pw, const char *stored)
{
	unsigned char salt[SCRYPT_SALT], want[SCRYPT_KEY], got[SCRYPT_KEY];
	int logn, r, p, n1 = 0;
	bool ok = false;
	const char *s, *k;

	memset(salt, 0, sizeof(salt));
	memset(want, 0xff, sizeof(want));
	if (stored != NULL &&
	    sscanf(stored, "scrypt$%d$%d$%d$%n", &logn, &r, &p, &n1) == 3 &&
	    n1 > 0 && logn >= 10 && logn <= 20 && r >= 1 && r <= 16 &&
	    p >= 1 && p <= 4) {
		s = stored + n1;
		k = strchr(s, '$');
		if (k != NULL && b64dec(s, (size_t)(k - s), salt, sizeof(salt))
		    && b64dec(k + 1, strlen(k + 1), want, sizeof(want)))
			ok = true;
	}
	if (!ok) {
		/* same work as a real check, then fail */
		logn = SCRYPT_LOGN;
		r = SCRYPT_R;
		p = SCRYPT_P;
	}
	if (scrypt(pw, salt, sizeof(salt), logn, r, p, got, sizeof(got)) != 1)
		ok = false;
	if (!crypto_equal(got, sizeof(got), want, sizeof(want)))
		ok = false;
	sodium_memzero(got, sizeof(got));
	return ok;
}

bool
password_needs_rehash(const char *stored)
{
	int logn, r, p;

	if (stored == NULL ||
	    sscanf(stored, "scrypt$%d$%d$%d$", &logn, &r, &p) != 3)
		return true;
	return logn != SCRYPT_LOGN || r != SCRYPT_R || p != SCRYPT_P;
}
