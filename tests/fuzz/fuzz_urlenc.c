/* fuzz_urlenc.c -- urlenc_parse() (query strings, form bodies) against a
 * reference decoder: on IN_OK the fields must be exactly the non-empty
 * '&'-separated pairs, '+' a space and %XX decoded, keys 1..HTTP_MAX_KEY
 * bytes, everything valid UTF-8 without NUL. */
#include "fuzz.h"

#include "returns/buf.h"
#include "returns/http.h"
#include "returns/valid.h"

static struct arena arena;

static int
hexv(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* s[0..n) decoded into a malloc'd string of *len bytes; NULL when the
 * percent-encoding is bad. */
static char *
ref_decode(const char *s, size_t n, size_t *len)
{
	char *d = malloc(n + 1);
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+')
			d[k++] = ' ';
		else if (s[i] == '%') {
			if (n - i < 3 || hexv((unsigned char)s[i + 1]) < 0 ||
			    hexv((unsigned char)s[i + 2]) < 0) {
				free(d);
				return NULL;
			}
			d[k++] = (char)(hexv((unsigned char)s[i + 1]) << 4 |
			    hexv((unsigned char)s[i + 2]));
			i += 2;
		} else
			d[k++] = s[i];
	}
	d[k] = '\0';
	*len = k;
	return d;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;
	struct kvlist kv;
	enum input_err e;
	size_t i = 0, idx = 0;

	e = urlenc_parse(&arena, s, size, &kv);
	CHECK(input_err_key(e) != NULL);
	if (e != IN_OK) {
		CHECK(e == IN_PERCENT || e == IN_UTF8 || e == IN_TOOMANY ||
		    e == IN_KEY);
		arena_reset(&arena);
		return 0;
	}
	CHECK(kv.n <= HTTP_MAX_FIELDS);
	/* the same pairs, decoded the same way */
	while (i < size) {
		size_t j = i, eq, kl, vl = 0;
		char *k, *v;

		while (j < size && s[j] != '&')
			j++;
		if (j == i) {
			i++;
			continue;
		}
		for (eq = i; eq < j && s[eq] != '='; eq++)
			;
		CHECK(idx < kv.n);
		k = ref_decode(s + i, eq - i, &kl);
		v = eq < j ? ref_decode(s + eq + 1, j - eq - 1, &vl) :
		    calloc(1, 1);
		CHECK(k != NULL && v != NULL);
		CHECK(kl >= 1 && kl <= HTTP_MAX_KEY);
		CHECK(strlen(k) == kl && strlen(v) == vl);	/* no NUL */
		CHECK(utf8_valid(k, kl) && ref_utf8_valid(k, kl));
		CHECK(ref_utf8_valid(v, vl));
		CHECK(strcmp(kv.v[idx].key, k) == 0);
		CHECK(strcmp(kv.v[idx].val, v) == 0);
		free(k);
		free(v);
		idx++;
		i = j + 1;
	}
	CHECK(idx == kv.n);
	for (i = 0; i < kv.n; i++) {
		const char *first = kv_get(&kv, kv.v[i].key);
		CHECK(first != NULL && kv_count(&kv, kv.v[i].key) >= 1);
	}
	CHECK(kv_get(&kv, "") == NULL);
	arena_reset(&arena);
	return 0;
}
