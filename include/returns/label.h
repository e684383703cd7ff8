/* label.h -- return labels as PDF through libharu and libzint (domain
 * layer).
 *
 * One call renders one label into a caller's buffer: no files, no state
 * kept between calls, so workers may call it for any request. Text is
 * drawn with the PDF base-14 fonts Helvetica and Helvetica-Bold in
 * WinAnsiEncoding (CP1252): nothing is embedded, the documents stay small
 * (about 3 KB) and every viewer and printer has the fonts.
 *
 * The helpers below (CP1252 conversion, text fitting) are public so they
 * can be tested on their own; they are pure and allocate nothing.
 */
#ifndef RETURNS_LABEL_H
#define RETURNS_LABEL_H

#include <stdbool.h>
#include <stddef.h>

#include "returns/buf.h"
#include "returns/err.h"

/* An address. All text is UTF-8; any field may be "" (or NULL, read as
 * ""). Empty lines are left out of the label. */
struct label_addr {
	const char	*name, *company, *line1, *line2, *city, *province,
			*postal;
};

struct label_data {
	/* "letter": 8.5x11 in page, the label on the top half, a cut line
	 * and instructions on the bottom half; "4x6": a 4x6 in page. */
	const char	*format;
	const char	*tracking;	/* exactly 16 ASCII digits */
	const char	*service_en;	/* "Regular Parcel" */
	const char	*service_fr;	/* "Colis standard" */
	const char	*policy_number;	/* "PR123456" */
	const char	*ra_number;	/* "" (or NULL) when none */
	/* The merchant's order question and the customer's answer; the
	 * block is shown when order_answer is not empty. */
	const char	*order_q_en, *order_q_fr, *order_answer;
	/* Text of the QR code (a URL or reference, UTF-8, at most
	 * QR_TEXT_MAX bytes from returns/qr.h); "" (or NULL) for none.
	 * Keep it short: the symbol has a fixed size on the label, and past
	 * about 150 bytes its modules get too small for a phone or a 203 dpi
	 * printer. */
	const char	*qr_text;
	int		 weight_g;	/* grams; 0: not shown */
	const char	*created;	/* "2026-11-26" */
	const char	*expires;	/* "2026-12-26" */
	struct label_addr from;		/* the customer (ship from) */
	struct label_addr to;		/* the merchant's return address */
	/* A self-issued label (the local carrier): "SPECIMEN - NOT VALID
	 * FOR MAILING" in both languages above the label. */
	int		 specimen;
	/* The document's title (UTF-8; NULL: "Return label"). */
	const char	*title;
};

/* Appends to out a PDF document (starting with "%PDF-") holding one page
 * with the label: ship-from and ship-to blocks, service, policy number,
 * RA number and order answer when present, weight when > 0, the tracking
 * number as a Code 128 barcode with its digits printed in groups of four
 * under it, the QR code of qr_text, creation and expiry dates; for
 * "letter" also a cut line and instructions, in English and French.
 *
 * Any UTF-8 text is accepted in the addresses, service, policy, RA and
 * order fields: it is converted with utf8_to_cp1252(), and a line too long
 * for its box is shortened with an ellipsis, never drawn over another
 * field (lines that do not fit a box's height are left out). The city
 * line keeps the province and postal code whole and shortens the city.
 *
 * The caller owns out and frees it with buf_free(); on any error out is
 * left as it was.
 * E_INVALID when d, format, tracking, service_en, service_fr,
 * policy_number, created or expires is NULL or "", the format is not
 * "letter" or "4x6", the tracking number is not 16 digits, weight_g is
 * negative or over 999999, or qr_text is over QR_TEXT_MAX bytes or not
 * UTF-8. E_SYS when libharu or zint fail; the reason is logged with
 * log_err, never the customer's data. */
enum rerr	 label_pdf(const struct label_data *d, struct buf *out);

/* UTF-8 -> CP1252 (WinAnsiEncoding) into out[outlen], always
 * NUL-terminated when outlen > 0. Returns the number of bytes written
 * before the NUL. Each character becomes one byte:
 *   - U+0020..U+007E, U+00A0..U+00FF and the 27 characters CP1252 has in
 *     0x80..0x9F (U+20AC euro -> 0x80, U+2019 -> 0x92, U+0152 Œ -> 0x8C,
 *     U+2026 ellipsis -> 0x85, ...) map to their CP1252 byte;
 *   - tab, CR and LF become a space; other control characters (C0, DEL,
 *     C1) become '?';
 *   - a few characters CP1252 lacks get a close ASCII fallback: the
 *     letters of Latin Extended-A their base letter (ł -> l, ő -> o),
 *     Unicode hyphens and the minus sign '-', Unicode spaces ' ', U+02BC
 *     and U+2032 '\'', U+2033 '"';
 *   - combining accents (NFD text) are merged into the letter before them
 *     when CP1252 has the result (e + U+0301 -> é) and dropped otherwise;
 *     zero-width characters, variation selectors and BOMs are dropped;
 *   - every other character (emoji, CJK, ...) becomes '?', and so does
 *     every byte of invalid UTF-8 (overlongs, surrogates, stray or
 *     missing continuation bytes, above U+10FFFF).
 * Output is cut at a character boundary when outlen is too small (in
 * CP1252 every character is one byte, so truncation never splits one).
 * NULL in is read as "". Pure, allocates nothing. */
size_t		 utf8_to_cp1252(const char *in, char *out, size_t outlen);

/* What the label prints of UTF-8 text, as UTF-8 into out[outlen]: before
 * utf8_to_cp1252(), the runs of characters CP1252 lacks are written in
 * Latin letters by ICU's transliterator (Any-Latin, then Latin-ASCII on
 * those runs only: 王小明 -> "wang xiao ming", Ольга -> "Ol'ga", ễ -> e),
 * pictographs are removed ("Zoë 😀 Smith" -> "Zoë Smith") and the spaces
 * they leave collapse. label_pdf() draws every text the same way. True
 * when the printed text differs from in. ICU's rules load when first
 * needed and stay with the process. */
bool		 label_printed(const char *in, char *out, size_t outlen);

/* The two fonts of the label, for label_fit(). */
enum label_font {
	LABEL_FONT_REGULAR,	/* Helvetica */
	LABEL_FONT_BOLD		/* Helvetica-Bold */
};

/* Width in points of text (CP1252) in font at size, from the fonts'
 * standard metrics (the ones libharu uses, no kerning). */
float		 label_text_width(enum label_font font, float size,
		    const char *text);

/* Writes to out[outlen] (NUL-terminated when outlen > 0) the largest
 * prefix of text (CP1252; NULL is read as "") that fits `width` points in
 * font at size: the whole text when it fits (and out is large enough),
 * otherwise a prefix, trailing spaces removed, followed by "…" (0x85),
 * the whole no wider than width. "" when not even the ellipsis fits.
 * Returns the length written. The font is named by enum label_font, not
 * by an HPDF_Font, so that no libharu type leaks into this header: the
 * widths are those of libharu's base-14 fonts, compiled in. label_pdf()
 * fits every line of text with these same rules. Pure, allocates
 * nothing. */
size_t		 label_fit(enum label_font font, float size, const char *text,
		    float width, char *out, size_t outlen);

#endif
