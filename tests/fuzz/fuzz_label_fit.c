/* fuzz_label_fit.c -- label_fit() and label_text_width(), which shorten
 * every line of a label to its box.
 *
 * Input: font (1 byte), size and width (2 bytes each: hundredths of a
 * point; or, when flag bit 1 of the first byte is set, 4 raw bytes each
 * as IEEE floats: NaN, infinities, denormals), the output size (1 byte),
 * then the CP1252 text. Checks: NUL-terminated, length returned; the
 * whole text when it fits, else a prefix without trailing spaces and
 * "\x85"; never wider than width. */
#include <math.h>

#include "fuzz.h"

#include "returns/label.h"

static float
get_float(struct fdp *d, bool raw)
{
	uint32_t u;
	float f;

	if (!raw)
		return (float)fdp_u64(d, 2) / 100.0f;
	u = (uint32_t)fdp_u64(d, 4);
	memcpy(&f, &u, sizeof(f));
	return f;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fdp d = { data, size };
	uint8_t flags = fdp_u8(&d);
	enum label_font font = flags & 1 ? LABEL_FONT_BOLD :
	    LABEL_FONT_REGULAR;
	float fsize = get_float(&d, flags & 2), width = get_float(&d, flags & 2);
	size_t outlen = fdp_u8(&d), len, r;
	char *text = fuzz_strndup(d.p, d.n), *out = malloc(outlen ? outlen : 1);
	float tw;

	len = strlen(text);
	tw = label_text_width(font, 10.0f, text);
	CHECK(tw >= 0);
	r = label_fit(font, fsize, text, width, out, outlen);
	if (outlen == 0) {
		CHECK(r == 0);
		goto done;
	}
	CHECK(r < outlen && r == strlen(out));
	if (!(fsize > 0) || !(width > 0))
		CHECK(r == 0);
	if (r == 0)
		goto done;
	if (strcmp(out, text) != 0) {
		/* a shortened prefix and the ellipsis */
		CHECK((unsigned char)out[r - 1] == 0x85);
		CHECK(r - 1 <= len && memcmp(out, text, r - 1) == 0);
		CHECK(r == 1 || out[r - 2] != ' ');
	}
	if (isfinite(fsize) && isfinite(width) && fsize >= 1e-3f &&
	    fsize <= 1e4f) {
		tw = label_text_width(font, fsize, out);
		CHECK(tw <= width * 1.0001f + 1e-3f);
		/* the whole text when it fits and out has room for it */
		if (len < outlen &&
		    label_text_width(font, fsize, text) <= width * 0.9999f)
			CHECK(strcmp(out, text) == 0);
	}
done:
	free(out);
	free(text);
	return 0;
}
