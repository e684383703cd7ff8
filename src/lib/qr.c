/* qr.c -- see include/returns/qr.h. */
#include <stdbool.h>
#include <string.h>

#include <zint.h>

#include "returns/qr.h"
#include "returns/log.h"
#include "returns/valid.h"

#define QR_ECC_M	2	/* zint option_1: 1 L, 2 M, 3 Q, 4 H */
#define QR_QUIET	4	/* modules of quiet zone on each side */

/* One of zint's rectangles in whole modules: m = {x, y, w, h}. False when
 * it is not a foreground rectangle lying on the module grid inside the
 * symbol, which would mean zint's vector output is not what we expect. */
static bool
rect_modules(const struct zint_vector_rect *r, float unit, int side, int m[4])
{
	const float v[4] = { r->x, r->y, r->width, r->height };

	if (r->colour != -1)
		return false;
	for (int i = 0; i < 4; i++) {
		float f = v[i] / unit;

		if (!(f >= 0 && f <= side))
			return false;
		m[i] = (int)(f + 0.5f);
		if (f - m[i] > 0.01f || m[i] - f > 0.01f)
			return false;
	}
	return m[2] > 0 && m[3] > 0 && m[0] + m[2] <= side &&
	    m[1] + m[3] <= side;
}

enum rerr
qr_svg(const char *text, int px, struct buf *out)
{
	struct zint_symbol *sym = NULL;
	const struct zint_vector_rect *r;
	enum rerr err = E_INVALID;
	size_t len;
	float unit;
	int rc, side, total, m[4];

	if (text == NULL) {
		log_err(NULL, "qr: no text");
		goto fail;
	}
	if (px < 0 || px > QR_PX_MAX) {
		log_err(NULL, "qr: size %d px out of range", px);
		goto fail;
	}
	len = strnlen(text, QR_TEXT_MAX + 1);
	if (len == 0 || len > QR_TEXT_MAX || !utf8_valid(text, len)) {
		log_err(NULL, "qr: text empty, over %d bytes or not UTF-8",
		    QR_TEXT_MAX);
		goto fail;
	}

	if ((sym = ZBarcode_Create()) == NULL) {
		log_err(NULL, "qr: ZBarcode_Create failed");
		err = E_SYS;
		goto fail;
	}
	sym->symbology = BARCODE_QRCODE;
	sym->option_1 = QR_ECC_M;
	/* UTF-8 in; zint uses ISO 8859-1 when it can, else ECI 26 (UTF-8) */
	sym->input_mode = UNICODE_MODE;
	sym->output_options |= BARCODE_NO_QUIET_ZONES;	/* ours below */
	sym->show_hrt = 0;
	rc = ZBarcode_Encode(sym, (const unsigned char *)text, (int)len);
	if (rc >= ZINT_ERROR) {
		log_err(NULL, "qr: zint refuses %zu bytes: %s", len,
		    sym->errtxt);
		if (rc == ZINT_ERROR_MEMORY ||
		    rc == ZINT_ERROR_ENCODING_PROBLEM)
			err = E_SYS;
		goto fail;
	}
	rc = ZBarcode_Buffer_Vector(sym, 0);
	if (rc >= ZINT_ERROR) {
		log_err(NULL, "qr: ZBarcode_Buffer_Vector: %s", sym->errtxt);
		err = E_SYS;
		goto fail;
	}

	/* Check everything before writing, so out is untouched on error. */
	err = E_SYS;
	side = sym->width;
	if (side <= 0 || side != sym->rows || sym->vector == NULL ||
	    sym->vector->rectangles == NULL || sym->vector->width <= 0) {
		log_err(NULL, "qr: unexpected symbol from zint");
		goto fail;
	}
	unit = sym->vector->width / side;	/* zint 2.11: 2 per module */
	for (r = sym->vector->rectangles; r != NULL; r = r->next)
		if (!rect_modules(r, unit, side, m)) {
			log_err(NULL, "qr: unexpected rectangle from zint");
			goto fail;
		}

	total = side + 2 * QR_QUIET;
	buf_puts(out, "<svg xmlns=\"http://www.w3.org/2000/svg\"");
	buf_printf(out, " viewBox=\"0 0 %d %d\"", total, total);
	if (px > 0)
		buf_printf(out, " width=\"%d\" height=\"%d\"", px, px);
	buf_puts(out, " shape-rendering=\"crispEdges\">");
	buf_printf(out, "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>",
	    total, total);
	buf_puts(out, "<path fill=\"#000\" d=\"");
	for (r = sym->vector->rectangles; r != NULL; r = r->next) {
		rect_modules(r, unit, side, m);
		buf_printf(out, "M%d %dh%dv%dh-%dz", m[0] + QR_QUIET,
		    m[1] + QR_QUIET, m[2], m[3], m[2]);
	}
	buf_puts(out, "\"/></svg>\n");
	err = E_OK;
fail:
	if (sym != NULL)
		ZBarcode_Delete(sym);
	return err;
}
