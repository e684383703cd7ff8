/* fuzz.h -- what the libFuzzer drivers in tests/fuzz/ share.
 *
 * Every driver defines LLVMFuzzerTestOneInput and checks, besides what
 * AddressSanitizer and UndefinedBehaviorSanitizer catch, the promises its
 * header makes: a broken promise is reported with CHECK(), which prints
 * the condition and aborts, so libFuzzer saves the input as a crash.
 *
 * Inputs that carry several strings split them at NUL bytes (a C string
 * cannot hold one anyway): fdp_str() returns the next field as a malloc'd
 * copy of exactly its length plus the NUL, so ASan sees any read past it.
 */
#ifndef FUZZ_FUZZ_H
#define FUZZ_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define CHECK(c) do {							\
	if (!(c)) {							\
		fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__,	\
		    __LINE__, #c);					\
		abort();						\
	}								\
} while (0)

/* A cursor over the input. */
struct fdp {
	const uint8_t	*p;
	size_t		 n;
};

static inline uint8_t
fdp_u8(struct fdp *d)
{
	if (d->n == 0)
		return 0;
	d->n--;
	return *d->p++;
}

static inline uint64_t
fdp_u64(struct fdp *d, int bytes)
{
	uint64_t v = 0;

	for (int i = 0; i < bytes; i++)
		v = v << 8 | fdp_u8(d);
	return v;
}

/* The next NUL-terminated field (up to a NUL or the end), malloc'd;
 * NULL when the input is used up and null_at_end. */
static inline char *
fdp_str_or_null(struct fdp *d, bool null_at_end)
{
	const uint8_t *e;
	size_t k;
	char *s;

	if (d->n == 0 && null_at_end)
		return NULL;
	e = memchr(d->p, '\0', d->n);
	k = e != NULL ? (size_t)(e - d->p) : d->n;
	if ((s = malloc(k + 1)) == NULL)
		abort();
	memcpy(s, d->p, k);
	s[k] = '\0';
	d->p += k;
	d->n -= k;
	if (e != NULL) {	/* skip the NUL */
		d->p++;
		d->n--;
	}
	return s;
}

static inline char *
fdp_str(struct fdp *d)
{
	return fdp_str_or_null(d, false);
}

/* A malloc'd NUL-terminated copy of data[0..size) (it may hold NULs). */
static inline char *
fuzz_strndup(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* A malloc'd copy of exactly size bytes (malloc(0) for none). */
static inline void *
fuzz_memdup(const uint8_t *data, size_t size)
{
	void *s = malloc(size ? size : 1);

	if (s == NULL)
		abort();
	memcpy(s, data, size);
	return s;
}

/* Strict UTF-8 (Unicode table 3-7), written independently of
 * utf8_valid() so each checks the other. Returns the length of the
 * well-formed sequence at p (n > 0 bytes left), 0 when there is none. */
static inline size_t
ref_utf8_char(const unsigned char *p, size_t n)
{
	unsigned char c = p[0];
	unsigned char lo = 0x80, hi = 0xbf;
	size_t k;

	if (c <= 0x7f)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		k = 2;
	else if (c == 0xe0) {
		k = 3; lo = 0xa0;
	} else if ((c >= 0xe1 && c <= 0xec) || c == 0xee || c == 0xef)
		k = 3;
	else if (c == 0xed) {
		k = 3; hi = 0x9f;
	} else if (c == 0xf0) {
		k = 4; lo = 0x90;
	} else if (c >= 0xf1 && c <= 0xf3)
		k = 4;
	else if (c == 0xf4) {
		k = 4; hi = 0x8f;
	} else
		return 0;
	if (n < k || p[1] < lo || p[1] > hi)
		return 0;
	for (size_t i = 2; i < k; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	return k;
}

static inline bool
ref_utf8_valid(const void *s, size_t n)
{
	const unsigned char *p = s;

	for (size_t i = 0; i < n; ) {
		size_t k = ref_utf8_char(p + i, n - i);
		if (k == 0)
			return false;
		i += k;
	}
	return true;
}

#endif
