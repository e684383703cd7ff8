/* fuzz_image.c -- image_logo(): whatever the bytes, E_OK gives a PNG of
 * 1..IMAGE_MAX_W by 1..IMAGE_MAX_H pixels that libgd reads back at those
 * dimensions; E_INVALID says why with a catalogue key. */
#include "fuzz.h"

#include <gd.h>

#include "returns/buf.h"
#include "returns/image.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char sig[8] = { 0x89, 'P', 'N', 'G', '\r',
	    '\n', 0x1a, '\n' };
	struct buf out = { 0 };
	const char *why = NULL;
	enum rerr e;
	int w = 0, h = 0;

	e = image_logo(data, size, &out, &w, &h, &why);
	CHECK(e == E_OK || e == E_INVALID || e == E_SYS);
	if (e == E_INVALID)
		CHECK(why != NULL && strncmp(why, "logo.err.", 9) == 0);
	if (e == E_OK) {
		gdImagePtr im;

		CHECK(out.len > 8 && memcmp(out.data, sig, 8) == 0);
		CHECK(w >= 1 && w <= IMAGE_MAX_W && h >= 1 && h <= IMAGE_MAX_H);
		im = gdImageCreateFromPngPtr((int)out.len, out.data);
		CHECK(im != NULL);
		CHECK(gdImageSX(im) == w && gdImageSY(im) == h);
		gdImageDestroy(im);
	}
	buf_free(&out);
	return 0;
}
