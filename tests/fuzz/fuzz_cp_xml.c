/* fuzz_cp_xml.c -- the Canada Post connector's XML answers (soa-gw):
 * authorized-return-info, tracking-detail, customer, token,
 * merchant-info, and the <messages> error body any of them can be.
 * Input: one byte choosing the parser, one byte for the HTTP status
 * (0: 200, else 400 + byte % 200), then the document. */
#include "fuzz.h"
#include "carrier_cp.h"
#include "returns/tracknum.h"

static void
fail_ok(const struct carrier_fail *f)
{
	CHECK(memchr(f->field, 0, sizeof(f->field)) != NULL);
	CHECK(memchr(f->carrier_code, 0, sizeof(f->carrier_code)) != NULL);
	CHECK(memchr(f->message, 0, sizeof(f->message)) != NULL);
}

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
	switch (data[0] % 5) {
	case 0: {
		struct cp_return_info ri;
		e = cp_soa_parse_return(doc, n, status, &ri, &f);
		if (e == CE_OK) {
			CHECK(status == 200);
			CHECK(tracknum_pin_shape(ri.pin));
			CHECK(ri.label_href[0] != '\0');
			CHECK(memchr(ri.label_type, 0, sizeof(ri.label_type)));
		}
		break;
	}
	case 1: {
		struct carrier_event *ev = (struct carrier_event *)1;
		size_t k = 99;
		e = cp_soa_parse_track(doc, n, status, &ev, &k, &f);
		if (e != CE_OK)
			CHECK(k == 0);
		for (size_t i = 0; i < k; i++) {
			CHECK(ev[i].type >= 0 && ev[i].type <= 3);
			CHECK(ev[i].code[0] != '\0');
			CHECK(memchr(ev[i].location, 0,
			    sizeof(ev[i].location)) != NULL);
		}
		free(ev);	/* NULL, or the events, whatever the result */
		break;
	}
	case 2: {
		struct carrier_info ci;
		e = cp_soa_parse_customer(doc, n, status, &ci, &f);
		if (e == CE_OK)
			CHECK(ci.customer_number[0] != '\0');
		break;
	}
	case 3: {
		char tok[64];
		e = cp_soa_parse_token(doc, n, status, tok, sizeof(tok), &f);
		if (e == CE_OK)
			CHECK(strlen(tok) >= 1 && strlen(tok) <= 40);
		break;
	}
	default: {
		struct carrier_registration r;
		e = cp_soa_parse_merchant(doc, n, status, &r, &f);
		if (e == CE_OK)
			CHECK(strspn(r.customer_number, "0123456789") ==
			    strlen(r.customer_number) && r.customer_number[0]);
		break;
	}
	}
	CHECK((unsigned)e < CE__N);
	fail_ok(&f);
	free(doc);
	return 0;
}
