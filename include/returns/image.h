/* image.h -- a merchant's logo, made safe to serve (infrastructure).
 *
 * What a merchant uploads is never served as sent: it is decoded by libgd
 * (PNG or JPEG only, recognised by their signatures, dimensions checked
 * from the header before anything is decoded), scaled down to fit
 * IMAGE_MAX_W x IMAGE_MAX_H, and encoded again as a PNG. Whatever else the
 * file held (metadata, trailing bytes, another format in disguise) is
 * gone.
 */
#ifndef RETURNS_IMAGE_H
#define RETURNS_IMAGE_H

#include <stddef.h>

#include "returns/buf.h"
#include "returns/err.h"

#define IMAGE_MAX_BYTES	(200 * 1024)	/* what a merchant may upload */
#define IMAGE_MAX_W	600		/* what is kept */
#define IMAGE_MAX_H	200
#define IMAGE_MAX_PIXELS (40 * 1000 * 1000)	/* what is decoded at all */

/* Decodes data (PNG or JPEG) and writes the PNG to serve into out (its
 * size in *w, *h). E_INVALID with why, a catalogue key: "logo.err.size"
 * (over IMAGE_MAX_BYTES), "logo.err.type" (neither PNG nor JPEG),
 * "logo.err.dims" (too many pixels to decode), "logo.err.broken" (the
 * library could not read it). */
enum rerr	 image_logo(const void *data, size_t len, struct buf *out,
		    int *w, int *h, const char **why);

/* WCAG 2 contrast ratio of white text on the colour "#rrggbb", times 100
 * (450 = 4.5:1); -1 when the text is not such a colour. */
int		 image_contrast_white(const char *hex);

#endif
