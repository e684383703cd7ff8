/* image.c -- see include/returns/image.h. */
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <gd.h>

#include "returns/image.h"
#include "returns/log.h"
#include "dl.h"

/*
 * libgd is opened at the first upload, not linked: it brings some forty
 * libraries (fonts, TIFF, WebP, AVIF, X11...) that would otherwise be
 * mapped into every dashboard worker, about 1 MB resident each, for a
 * page a merchant uses once.
 */
static struct {
	gdImagePtr	(*from_png)(int, void *);
	gdImagePtr	(*from_jpeg)(int, void *);
	int		(*to_true_color)(gdImagePtr);
	int		(*set_interpolation)(gdImagePtr, gdInterpolationMethod);
	gdImagePtr	(*scale)(const gdImagePtr, const unsigned int,
			    const unsigned int);
	void		(*save_alpha)(gdImagePtr, int);
	void		*(*png_ptr)(gdImagePtr, int *, int);
	void		(*destroy)(gdImagePtr);
	void		(*free)(void *);
} gd;

static bool
gd_open(void)
{
	static int state;	/* 1 open, -1 failed */

	if (state != 0)
		return state == 1;
	state = -1;
	{
		const struct dl_sym syms[] = {
			DL_SYM(gd.from_png, "gdImageCreateFromPngPtr"),
			DL_SYM(gd.from_jpeg, "gdImageCreateFromJpegPtr"),
			DL_SYM(gd.to_true_color, "gdImagePaletteToTrueColor"),
			DL_SYM(gd.set_interpolation,
			    "gdImageSetInterpolationMethod"),
			DL_SYM(gd.scale, "gdImageScale"),
			DL_SYM(gd.save_alpha, "gdImageSaveAlpha"),
			DL_SYM(gd.png_ptr, "gdImagePngPtrEx"),
			DL_SYM(gd.destroy, "gdImageDestroy"),
			DL_SYM(gd.free, "gdFree"),
			{ NULL, NULL }
		};

		if (!dl_open("libgd.so.3", syms, "image"))
			return false;
	}
	state = 1;
	return true;
}

/* Width and height from a PNG's IHDR. */
static bool
png_dims(const unsigned char *p, size_t len, uint32_t *w, uint32_t *h)
{
	if (len < 24 || memcmp(p + 12, "IHDR", 4) != 0)
		return false;
	*w = (uint32_t)p[16] << 24 | (uint32_t)p[17] << 16 |
	    (uint32_t)p[18] << 8 | p[19];
	*h = (uint32_t)p[20] << 24 | (uint32_t)p[21] << 16 |
	    (uint32_t)p[22] << 8 | p[23];
	return true;
}

/* Width and height from a JPEG's first start-of-frame marker. */
static bool
jpeg_dims(const unsigned char *p, size_t len, uint32_t *w, uint32_t *h)
{
	size_t i = 2;

	while (i + 4 <= len) {
		unsigned m;
		size_t seg;

		if (p[i] != 0xff)
			return false;
		while (i < len && p[i] == 0xff)	/* fill bytes */
			i++;
		if (i + 3 > len)
			return false;
		m = p[i++];
		if (m == 0xd8 || (m >= 0xd0 && m <= 0xd7) || m == 0x01)
			continue;		/* no length */
		seg = (size_t)p[i] << 8 | p[i + 1];
		if (seg < 2)
			return false;
		/* SOF0..SOF15 but DHT (c4), JPG (c8), DAC (cc) */
		if (m >= 0xc0 && m <= 0xcf && m != 0xc4 && m != 0xc8 &&
		    m != 0xcc) {
			if (i + 7 > len)
				return false;
			*h = (uint32_t)p[i + 3] << 8 | p[i + 4];
			*w = (uint32_t)p[i + 5] << 8 | p[i + 6];
			return true;
		}
		i += seg;
	}
	return false;
}

enum rerr
image_logo(const void *data, size_t len, struct buf *out, int *w, int *h,
    const char **why)
{
	static const unsigned char png_sig[8] = { 0x89, 'P', 'N', 'G', '\r',
	    '\n', 0x1a, '\n' };
	const unsigned char *p = data;
	gdImagePtr im, small;
	uint32_t iw = 0, ih = 0;
	bool png;
	void *enc;
	int size;

	*why = NULL;
	if (len > IMAGE_MAX_BYTES) {
		*why = "logo.err.size";
		return E_INVALID;
	}
	if (len >= 8 && memcmp(p, png_sig, 8) == 0)
		png = true;
	else if (len >= 3 && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff)
		png = false;
	else {
		*why = "logo.err.type";
		return E_INVALID;
	}
	if (!(png ? png_dims(p, len, &iw, &ih) : jpeg_dims(p, len, &iw, &ih)))
	{
		*why = "logo.err.broken";
		return E_INVALID;
	}
	if (iw == 0 || ih == 0 || (uint64_t)iw * ih > IMAGE_MAX_PIXELS) {
		*why = "logo.err.dims";
		return E_INVALID;
	}
	if (!gd_open())
		return E_SYS;
	im = png ? gd.from_png((int)len, (void *)p) :
	    gd.from_jpeg((int)len, (void *)p);
	if (im == NULL) {
		*why = "logo.err.broken";
		return E_INVALID;
	}
	if (!gdImageTrueColor(im))
		gd.to_true_color(im);
	/* fit the box, never enlarge */
	{
		double s = fmin(1.0, fmin((double)IMAGE_MAX_W / gdImageSX(im),
		    (double)IMAGE_MAX_H / gdImageSY(im)));
		int nw = (int)lround(gdImageSX(im) * s);
		int nh = (int)lround(gdImageSY(im) * s);

		if (nw < 1)
			nw = 1;
		if (nh < 1)
			nh = 1;
		if (s < 1.0) {
			gd.set_interpolation(im, GD_BICUBIC_FIXED);
			small = gd.scale(im, (unsigned)nw, (unsigned)nh);
			gd.destroy(im);
			if (small == NULL)
				return E_SYS;
			im = small;
		}
	}
	gd.save_alpha(im, 1);
	enc = gd.png_ptr(im, &size, 9);
	*w = gdImageSX(im);
	*h = gdImageSY(im);
	gd.destroy(im);
	if (enc == NULL)
		return E_SYS;
	buf_reset(out);
	buf_append(out, enc, (size_t)size);
	gd.free(enc);
	return E_OK;
}

/* sRGB channel (0..255) to linear light */
static double
lin(int c)
{
	double v = c / 255.0;

	return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
}

int
image_contrast_white(const char *hex)
{
	unsigned r, g, b;
	double l;

	if (hex == NULL || strlen(hex) != 7 || hex[0] != '#' ||
	    strspn(hex + 1, "0123456789abcdefABCDEF") != 6 ||
	    sscanf(hex + 1, "%2x%2x%2x", &r, &g, &b) != 3)
		return -1;
	l = 0.2126 * lin((int)r) + 0.7152 * lin((int)g) + 0.0722 * lin((int)b);
	/* (L1 + 0.05) / (L2 + 0.05), white's L is 1 */
	return (int)floor(1.05 / (l + 0.05) * 100.0);
}
