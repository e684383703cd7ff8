/* fuzz_multipart.c -- multipart_parse(): the input is a Content-Type, a
 * NUL, then the body. On IN_OK every field's name is 1..HTTP_MAX_KEY
 * bytes and its value valid UTF-8 without NUL (a piece of the body), at
 * most HTTP_MAX_FIELDS of them; the file, when there is one, lies inside
 * the body. */
#include "fuzz.h"

#include "returns/buf.h"
#include "returns/http.h"
#include "returns/valid.h"

static struct arena arena;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fdp d = { data, size };
	char *ctype = fdp_str(&d);
	char *body = malloc(d.n ? d.n : 1);
	struct upload file;
	struct kvlist kv;
	enum input_err e;

	if (body == NULL)
		abort();
	memcpy(body, d.p, d.n);
	e = multipart_parse(&arena, ctype, body, d.n, &kv, &file);
	CHECK(e == IN_OK || e == IN_BODYTYPE || e == IN_KEY ||
	    e == IN_UTF8 || e == IN_TOOMANY);
	if (e == IN_OK) {
		CHECK(kv.n <= HTTP_MAX_FIELDS);
		for (size_t i = 0; i < kv.n; i++) {
			size_t kl = strlen(kv.v[i].key);
			size_t vl = strlen(kv.v[i].val);

			CHECK(kl >= 1 && kl <= HTTP_MAX_KEY);
			CHECK(utf8_valid(kv.v[i].val, vl));
			CHECK(vl <= d.n);
		}
		if (file.data != NULL) {
			const char *f = file.data;

			CHECK(f >= body && f + file.len <= body + d.n);
			CHECK(file.field != NULL && *file.field);
			CHECK(file.filename != NULL);
		}
	}
	arena_reset(&arena);
	free(body);
	free(ctype);
	return 0;
}
