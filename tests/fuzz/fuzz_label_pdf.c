/* fuzz_label_pdf.c -- label_pdf() with every free-text field fuzzed on a
 * fixed valid label: whatever the text, the label must come out (E_OK
 * and a PDF), as long as the QR text is UTF-8 of at most QR_TEXT_MAX
 * bytes (the only text label_pdf() may refuse).
 *
 * Input: a flags byte (bit 0: 4x6 instead of letter; bit 1: no QR code;
 * bit 2: a weight), 3 bytes of weight, then NUL-separated fields in the
 * order of FIELDS below; missing or empty required fields get a default.
 * Slow (a PDF per input): fuzz it with a small -max_len. */
#include "fuzz.h"

#include "returns/buf.h"
#include "returns/label.h"
#include "returns/qr.h"
#include "returns/valid.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fdp d = { data, size };
	uint8_t flags = fdp_u8(&d);
	int weight = (int)(fdp_u64(&d, 3) % 1000000);
	struct label_data ld = {
		.format = flags & 1 ? "4x6" : "letter",
		.tracking = "7023210000000011",
		.created = "2026-11-26",
		.expires = "2026-12-26",
		.weight_g = flags & 4 ? weight : 0,
	};
	const char **fields[] = {
		&ld.from.name, &ld.from.company, &ld.from.line1,
		&ld.from.line2, &ld.from.city, &ld.from.province,
		&ld.from.postal,
		&ld.to.name, &ld.to.company, &ld.to.line1, &ld.to.line2,
		&ld.to.city, &ld.to.province, &ld.to.postal,
		&ld.service_en, &ld.service_fr, &ld.policy_number,
		&ld.ra_number, &ld.order_q_en, &ld.order_q_fr,
		&ld.order_answer, &ld.qr_text,
	};
	enum { NF = sizeof(fields) / sizeof(fields[0]) };
	char *s[NF];
	struct buf out = { 0 };
	enum rerr r;
	bool qr_ok;

	for (size_t i = 0; i < NF; i++)
		*fields[i] = s[i] = fdp_str_or_null(&d, true);
	if (ld.service_en == NULL || *ld.service_en == '\0')
		ld.service_en = "Regular Parcel";
	if (ld.service_fr == NULL || *ld.service_fr == '\0')
		ld.service_fr = "Colis standard";
	if (ld.policy_number == NULL || *ld.policy_number == '\0')
		ld.policy_number = "PR123456";
	if (flags & 2)
		ld.qr_text = NULL;
	qr_ok = ld.qr_text == NULL || (strlen(ld.qr_text) <= QR_TEXT_MAX &&
	    ref_utf8_valid(ld.qr_text, strlen(ld.qr_text)));

	buf_puts(&out, "x");
	r = label_pdf(&ld, &out);
	if (qr_ok) {
		CHECK(r == E_OK);
		CHECK(out.len > 6 && memcmp(out.data, "x%PDF-", 6) == 0);
		CHECK(out.data[out.len] == '\0');
	} else {
		CHECK(r == E_INVALID);
		CHECK(out.len == 1 && strcmp(out.data, "x") == 0);
	}
	buf_free(&out);
	for (size_t i = 0; i < NF; i++)
		free(s[i]);
	return 0;
}
