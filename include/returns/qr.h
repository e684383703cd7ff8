/* qr.h -- QR codes as SVG through libzint (infrastructure).
 *
 * The SVG is written by hand from zint's module rectangles: no file I/O,
 * no state kept between calls. Nothing of the encoded text is copied into
 * the markup, only numbers and fixed tags, so the result can be sent or
 * inlined as is whatever the text holds.
 */
#ifndef RETURNS_QR_H
#define RETURNS_QR_H

#include "returns/buf.h"
#include "returns/err.h"

#define QR_TEXT_MAX	1000	/* bytes */
#define QR_PX_MAX	10000

/* Appends to out an SVG document (UTF-8, starting with "<svg") that
 * encodes text (UTF-8, at most QR_TEXT_MAX bytes) as a QR code, error
 * correction M, with a 4-module quiet zone, `px` pixels wide and high (0:
 * no size, the SVG scales to its container). The caller owns out and frees
 * it with buf_free(); on any error out is left as it was.
 * E_INVALID for NULL, empty, oversized or invalid UTF-8 text, px outside
 * 0..QR_PX_MAX, or when zint refuses the text; E_SYS when zint fails
 * (out of memory, unexpected output). The reason is logged with log_err,
 * never the text itself. */
enum rerr	 qr_svg(const char *text, int px, struct buf *out);

#endif
