/* fuzz_tracking_verify.c -- tracking_verify(), the X-Signature check of
 * POST /api/tracking/events, with a fixed key and clock.
 *
 * Input: the header up to the first LF, the body after it. When the
 * input starts with "!sign ", the driver signs the body itself (with
 * OpenSSL, independently of crypto.c) with a timestamp inside the
 * allowed skew taken from the next two bytes, and the header must then
 * verify; the same header with one hex digit changed must not. Otherwise
 * the header is taken as is, and if it verifies it must be a correct
 * signature of "t" "." body (which the fuzzer can only hit with a seed
 * made with the key). */
#include <inttypes.h>
#include <strings.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "fuzz.h"

#include "returns/tracking.h"

/* the same key and clock as the seeds (tests/fuzz/seeds.py) */
static const unsigned char KEY[] = "fuzz-tracking-key-0123456789abcdef";
#define KEYLEN		(sizeof(KEY) - 1)
#define NOW		1795000000LL	/* 2026-11-18T... */

static void
sign(const char *t, size_t tl, const void *body, size_t len, char hex[65])
{
	unsigned char mac[32], *msg = malloc(tl + 1 + len);
	unsigned int ml = 0;

	memcpy(msg, t, tl);
	msg[tl] = '.';
	memcpy(msg + tl + 1, body, len);
	HMAC(EVP_sha256(), KEY, (int)KEYLEN, msg, tl + 1 + len, mac, &ml);
	CHECK(ml == 32);
	for (int i = 0; i < 32; i++)
		snprintf(hex + 2 * i, 3, "%02x", mac[i]);
	free(msg);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl;
	char *header, hex[65];
	void *body;
	size_t hl, bl;
	bool ok;

	if (size >= 8 && memcmp(data, "!sign ", 6) == 0) {
		int skew = (int)((data[6] << 8 | data[7]) %
		    (2 * TRACKING_SKEW + 1)) - TRACKING_SKEW;
		char t[24], h[128];

		bl = size - 8;
		body = fuzz_memdup(data + 8, bl);
		snprintf(t, sizeof(t), "%lld", NOW + skew);
		sign(t, strlen(t), body, bl, hex);
		snprintf(h, sizeof(h), "t=%s,v1=%s", t, hex);
		CHECK(tracking_verify(h, body, bl, KEY, KEYLEN, NOW));
		/* another key, another clock, another digit: refused */
		CHECK(!tracking_verify(h, body, bl, KEY, KEYLEN - 1, NOW));
		CHECK(!tracking_verify(h, body, bl, KEY, KEYLEN,
		    NOW + 2 * TRACKING_SKEW + 1));
		h[strlen(h) - 1 - (data[7] & 31)] ^= 0x01;	/* 0<->1, a<->` */
		CHECK(!tracking_verify(h, body, bl, KEY, KEYLEN, NOW));
		free(body);
		return 0;
	}
	nl = memchr(data, '\n', size);
	hl = nl != NULL ? (size_t)(nl - data) : size;
	header = fuzz_strndup(data, hl);
	bl = nl != NULL ? size - hl - 1 : 0;
	body = fuzz_memdup(nl != NULL ? nl + 1 : data, bl);
	ok = tracking_verify(header, body, bl, KEY, KEYLEN, NOW);
	if (ok) {
		const char *v = strstr(header, ",v1=");
		size_t tl;

		CHECK(strncmp(header, "t=", 2) == 0 && v != NULL);
		tl = (size_t)(v - header - 2);
		sign(header + 2, tl, body, bl, hex);
		CHECK(strcasecmp(v + 4, hex) == 0);
	}
	/* NULL header: refused */
	CHECK(!tracking_verify(NULL, body, bl, KEY, KEYLEN, NOW));
	free(header);
	free(body);
	return 0;
}
