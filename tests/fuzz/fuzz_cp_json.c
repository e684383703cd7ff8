/* fuzz_cp_json.c -- the Canada Post Developer Portal's JSON answers: the
 * OAuth2 token and tracking details (any of the error shapes too).
 * Input: one byte choosing the parser, one for the HTTP status (0: 200,
 * else 400 + byte % 200), then the document. */
#include "fuzz.h"
#include "carrier_cp.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct carrier_fail f;
	enum carrier_err e;
	long status;
	char *doc;
	size_t n;

	if (size < 2)
		return 0;
	status = data[1] == 0 ? 200 : 400 + data[1] % 200;
	n = size - 2;
	doc = fuzz_memdup(data + 2, n);
	memset(&f, 0, sizeof(f));
	if (data[0] % 2 == 0) {
		char tok[256];
		long exp = -1;
		e = cp_portal_parse_token(doc, n, status, tok, sizeof(tok), &exp,
		    &f);
		if (e == CE_OK) {
			CHECK(tok[0] != '\0' && strpbrk(tok, "\r\n ") == NULL);
			CHECK(exp > 0 && exp <= 86400 * 7);
		}
	} else {
		struct carrier_event *ev = NULL;
		size_t k = 0;
		e = cp_portal_parse_track(doc, n, status, &ev, &k, &f);
		for (size_t i = 0; i < k; i++)
			CHECK(ev[i].type >= 0 && ev[i].type <= 3 &&
			    ev[i].code[0] != '\0');
		if (e != CE_OK)
			CHECK(k == 0);
		free(ev);
	}
	CHECK((unsigned)e < CE__N);
	CHECK(memchr(f.message, 0, sizeof(f.message)) != NULL);
	free(doc);
	return 0;
}
