/* label.c -- see include/returns/label.h.
 *
 * Coordinates are PDF points (1/72 in), origin at the bottom left of the
 * page. Every piece of text goes through text(): UTF-8 -> CP1252, then
 * shortened to its box with label_fit's rules, so nothing of the
 * customer's data is ever wider than the box it belongs to; the column
 * cursor (struct col) drops the lines a box has no height for.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <hpdf.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>
#include <zint.h>

#include "returns/canada.h"
#include "returns/label.h"
#include "returns/log.h"
#include "returns/qr.h"
#include "returns/valid.h"

#define TEXT_MAX	512	/* CP1252 bytes of one line kept for fitting */
#define ELLIPSIS	0x85	/* "…" in CP1252 */
#define PAD		6.0f	/* inside a cell */
#define LEAD		1.2f	/* line height / font size */
#define QUIET_128	10	/* modules of quiet zone around Code 128 */
#define QUIET_QR	4	/* modules of quiet zone around the QR code */
#define XDIM_MAX	2.0f	/* widest Code 128 module, points */
#define QR_ECC_M	2	/* zint option_1: 1 L, 2 M, 3 Q, 4 H */
#define WEIGHT_MAX	999999	/* grams */

/* Advance widths (1/1000 em) of CP1252 bytes in libharu's base-14
 * Helvetica and Helvetica-Bold with WinAnsiEncoding, as returned by
 * HPDF_Font_TextWidth (test_label checks they still agree). */
static const uint16_t helv_w[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
	556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
	1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
	667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
	333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
	556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, 278,
	556, 278, 222, 556, 333, 1000, 556, 556, 333, 1000, 667, 333, 1000, 278, 611, 278,
	278, 222, 222, 333, 333, 350, 556, 1000, 333, 1000, 500, 333, 944, 278, 500, 667,
	278, 333, 556, 556, 556, 556, 260, 556, 333, 737, 370, 556, 584, 278, 737, 333,
	400, 584, 333, 333, 333, 556, 537, 278, 333, 333, 365, 556, 834, 834, 834, 611,
	667, 667, 667, 667, 667, 667, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278,
	722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611,
	556, 556, 556, 556, 556, 556, 889, 500, 556, 556, 556, 556, 278, 278, 278, 278,
	556, 556, 556, 556, 556, 556, 556, 584, 611, 556, 556, 556, 556, 500, 556, 500,
};
static const uint16_t helvb_w[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
	556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
	975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
	667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
	333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
	611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584, 278,
	556, 278, 278, 556, 500, 1000, 556, 556, 333, 1000, 667, 333, 1000, 278, 611, 278,
	278, 278, 278, 500, 500, 350, 556, 1000, 333, 1000, 556, 333, 944, 278, 500, 667,
	278, 333, 556, 556, 556, 556, 280, 556, 333, 737, 370, 556, 584, 278, 737, 333,
	400, 584, 333, 333, 333, 611, 556, 278, 333, 333, 365, 556, 834, 834, 834, 611,
	722, 722, 722, 722, 722, 722, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278,
	722, 722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611,
	556, 556, 556, 556, 556, 556, 889, 556, 556, 556, 556, 556, 278, 278, 278, 278,
	611, 611, 611, 611, 611, 611, 611, 584, 611, 611, 611, 611, 611, 556, 611, 556,
};

/* ---- UTF-8 -> CP1252 ---- */

#define BAD	UINT32_MAX	/* an invalid byte */
#define DROP	0		/* a character that leaves no trace */

/* Unicode of CP1252 0x80..0x9F; 0 where CP1252 has nothing. */
static const uint16_t cp1252_hi[32] = {
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
	0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
};

/* Base letters of Latin Extended-A, U+0100..U+017F (the ones CP1252 has,
 * Œ œ Š š Ÿ Ž ž, are found in cp1252_hi first). */
static const char latin_ext_a[128 + 1] =
	"AaAaAaCcCcCcCcDd" "DdEeEeEeEeEeGgGg" "GgGgHhHhIiIiIiIi"
	"IiIiJjKkkLlLlLlL" "lLlNnNnNnnNnOoOo" "OoOoRrRrRrSsSsSs"
	"SsTtTtTtUuUuUuUu" "UuUuWwYyYZzZzZzs";

/* Combining accents CP1252 can merge into the letter before them. */
static const struct {
	uint16_t	 mark;
	const char	*base, *composed;
} combining[] = {
	{ 0x0300, "AEIOUaeiou", "\xc0\xc8\xcc\xd2\xd9\xe0\xe8\xec\xf2\xf9" },
	{ 0x0301, "AEIOUYaeiouy",
	    "\xc1\xc9\xcd\xd3\xda\xdd\xe1\xe9\xed\xf3\xfa\xfd" },
	{ 0x0302, "AEIOUaeiou", "\xc2\xca\xce\xd4\xdb\xe2\xea\xee\xf4\xfb" },
	{ 0x0303, "ANOano", "\xc3\xd1\xd5\xe3\xf1\xf5" },
	{ 0x0308, "AEIOUYaeiouy",
	    "\xc4\xcb\xcf\xd6\xdc\x9f\xe4\xeb\xef\xf6\xfc\xff" },
	{ 0x030a, "Aa", "\xc5\xe5" },
	{ 0x030c, "SsZz", "\x8a\x9a\x8e\x9e" },
	{ 0x0327, "Cc", "\xc7\xe7" },
};

/* Decodes the character at s (NUL-terminated): sets *cp and returns its
 * length, or sets *cp to BAD and returns 1 for an invalid byte. Never
 * reads past the NUL: it is not a continuation byte. */
static size_t
utf8_next(const unsigned char *s, uint32_t *cp)
{
	uint32_t c = s[0], min;
	size_t k;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if ((c & 0xe0) == 0xc0) {
		k = 1; c &= 0x1f; min = 0x80;
	} else if ((c & 0xf0) == 0xe0) {
		k = 2; c &= 0x0f; min = 0x800;
	} else if ((c & 0xf8) == 0xf0) {
		k = 3; c &= 0x07; min = 0x10000;
	} else
		goto bad;
	for (size_t i = 1; i <= k; i++) {
		if ((s[i] & 0xc0) != 0x80)
			goto bad;
		c = c << 6 | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		goto bad;
	*cp = c;
	return k + 1;
bad:
	*cp = BAD;
	return 1;
}

/* The CP1252 byte for c, DROP, or '?'. Combining marks are handled by
 * the caller. */
static unsigned
to_cp1252(uint32_t c)
{
	if (c == '\t' || c == '\n' || c == '\r')
		return ' ';
	if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0))
		return '?';
	if (c <= 0xff)
		return c;
	for (unsigned i = 0; i < 32; i++)
		if (cp1252_hi[i] == c)
			return 0x80 + i;
	if (c >= 0x100 && c <= 0x17f)
		return (unsigned char)latin_ext_a[c - 0x100];
	if ((c >= 0x2010 && c <= 0x2012) || c == 0x2043 || c == 0x2212)
		return '-';
	if (c == 0x2015)
		return 0x97;		/* horizontal bar: em dash */
	if ((c >= 0x2000 && c <= 0x200a) || c == 0x202f || c == 0x205f ||
	    c == 0x3000)
		return ' ';
	if ((c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) ||
	    (c >= 0x2060 && c <= 0x2069) || (c >= 0xfe00 && c <= 0xfe0f) ||
	    c == 0xfeff)
		return DROP;
	if (c == 0x02bc || c == 0x2032)
		return '\'';
	if (c == 0x2033)
		return '"';
	if (c == 0x2044)
		return '/';
	return '?';
}

/* Merges combining mark c into *prev when CP1252 has the result. */
static void
compose(uint32_t c, char *prev)
{
	const char *b;

	for (size_t i = 0; i < sizeof(combining) / sizeof(combining[0]); i++)
		if (combining[i].mark == c) {
			if (*prev != '\0' &&
			    (b = strchr(combining[i].base, *prev)) != NULL)
				*prev = combining[i].composed[b -
				    combining[i].base];
			return;
		}
}

/* utf8_to_cp1252(), also telling whether output was cut short. */
static size_t
conv(const char *in, char *out, size_t outlen, bool *cut)
{
	const unsigned char *s = (const unsigned char *)(in ? in : "");
	uint32_t c;
	unsigned b;
	size_t n = 0;

	*cut = false;
	if (outlen == 0)
		return 0;
	while (*s != '\0') {
		s += utf8_next(s, &c);
		if (c >= 0x300 && c <= 0x36f) {
			if (n > 0)
				compose(c, &out[n - 1]);
			continue;
		}
		b = c == BAD ? '?' : to_cp1252(c);
		if (b == DROP)
			continue;
		if (n + 1 >= outlen) {
			*cut = true;
			break;
		}
		out[n++] = (char)b;
	}
	out[n] = '\0';
	return n;
}

size_t
utf8_to_cp1252(const char *in, char *out, size_t outlen)
{
	bool cut;

	return conv(in, out, outlen, &cut);
}

/* ---- other scripts in Latin letters (ICU) ---- */

/* Runs of characters CP1252 lacks go through ICU's transliterator: other
 * scripts in Latin letters, then plain ASCII (the runs only: "Zoë" keeps
 * its ë), pictographs removed. Opened when first needed (loading the
 * rules takes 30-200 ms), then kept by the process. */
#define LATIN_ID "Any-Latin; Latin-ASCII; [:So:] Remove"
static UTransliterator *latin;
static bool latin_failed;

/* Does the label print c as itself (or drop it unseen)? */
static bool
printable(uint32_t c)
{
	return c == '?' || (c >= 0x300 && c <= 0x36f) ||
	    (c != BAD && c >= 0x20 && to_cp1252(c) != '?');
}

/* Appends the run [s, s + n) in Latin letters to out (of len, at *o). */
static void
latin_run(const char *s, size_t n, char *out, size_t len, size_t *o)
{
	UChar u[TEXT_MAX];
	UErrorCode st = U_ZERO_ERROR;
	int32_t ulen, lim, olen;

	if (latin == NULL && !latin_failed) {
		UChar id[64];

		u_strFromUTF8(id, 64, &ulen, LATIN_ID, -1, &st);
		latin = utrans_openU(id, ulen, UTRANS_FORWARD, NULL, 0, NULL,
		    &st);
		if (U_FAILURE(st)) {
			log_err(NULL, "ICU transliterator %s: %s", LATIN_ID,
			    u_errorName(st));
			latin = NULL;
			latin_failed = true;
		}
		st = U_ZERO_ERROR;
	}
	if (latin != NULL)
		u_strFromUTF8(u, TEXT_MAX, &ulen, s, (int32_t)n, &st);
	if (latin != NULL && U_SUCCESS(st)) {
		lim = ulen;
		utrans_transUChars(latin, u, &ulen, TEXT_MAX, 0, &lim, &st);
		if (U_SUCCESS(st) && *o < len) {
			u_strToUTF8(out + *o, (int32_t)(len - *o), &olen, u, ulen,
			    &st);
			if (U_SUCCESS(st) && *o + (size_t)olen < len) {
				*o += (size_t)olen;
				return;
			}
		}
	}
	/* as it is: it prints '?' */
	if (*o + n < len) {
		memcpy(out + *o, s, n);
		*o += n;
	}
}

/* in (UTF-8) with the runs CP1252 lacks in Latin letters, spaces
 * collapsed, into out (NUL-terminated); in itself when nothing needs it. */
static const char *
latinize(const char *in, char *out, size_t len)
{
	const unsigned char *s = (const unsigned char *)(in ? in : ""), *run;
	uint32_t c;
	size_t o = 0, k;
	bool any = false;

	for (const unsigned char *p = s; *p; p += k)
		if (k = utf8_next(p, &c), !printable(c)) {
			any = true;
			break;
		}
	if (!any || len == 0)
		return in ? in : "";
	while (*s != '\0') {
		k = utf8_next(s, &c);
		if (printable(c)) {
			if (o + k < len) {
				memcpy(out + o, s, k);
				o += k;
			}
			s += k;
			continue;
		}
		run = s;
		while (*s != '\0' && (k = utf8_next(s, &c), !printable(c)))
			s += k;
		latin_run((const char *)run, (size_t)(s - run), out, len, &o);
	}
	out[o] = '\0';
	/* what was removed leaves no double space */
	for (size_t i = 0, j = 0;; i++) {
		if (out[i] == ' ' && (j == 0 || out[j - 1] == ' '))
			continue;
		out[j++] = out[i];
		if (out[i] == '\0') {
			if (j >= 2 && out[j - 2] == ' ')
				out[j - 2] = '\0';
			break;
		}
	}
	return out;
}

/* conv() of the text in Latin letters: what the label draws. */
static size_t
conv_latin(const char *in, char *out, size_t outlen, bool *cut)
{
	char l[2 * TEXT_MAX];

	return conv(latinize(in, l, sizeof(l)), out, outlen, cut);
}

bool
label_printed(const char *in, char *out, size_t outlen)
{
	char cp[TEXT_MAX];
	size_t o = 0;
	bool cut;

	if (outlen == 0)
		return false;
	conv_latin(in, cp, sizeof(cp), &cut);
	for (const unsigned char *b = (const unsigned char *)cp; *b; b++) {
		uint32_t c = *b < 0x80 || *b >= 0xa0 ? *b : cp1252_hi[*b - 0x80];
		char u[4];
		size_t n;

		if (c < 0x80)
			u[0] = (char)c, n = 1;
		else if (c < 0x800)
			u[0] = (char)(0xc0 | c >> 6),
			u[1] = (char)(0x80 | (c & 0x3f)), n = 2;
		else
			u[0] = (char)(0xe0 | c >> 12),
			u[1] = (char)(0x80 | ((c >> 6) & 0x3f)),
			u[2] = (char)(0x80 | (c & 0x3f)), n = 3;
		if (o + n >= outlen)
			break;
		memcpy(out + o, u, n);
		o += n;
	}
	out[o] = '\0';
	return strcmp(out, in ? in : "") != 0;
}

/* ---- fitting ---- */

static const uint16_t *
widths(enum label_font f)
{
	return f == LABEL_FONT_BOLD ? helvb_w : helv_w;
}

float
label_text_width(enum label_font f, float size, const char *text)
{
	const uint16_t *w = widths(f);
	unsigned long sum = 0;

	for (const unsigned char *s = (const unsigned char *)text; *s; s++)
		sum += w[*s];
	return (float)sum * size / 1000;
}

/* label_fit(), with the ellipsis forced when cut (the text is already a
 * truncated prefix of something longer). */
static size_t
fit(enum label_font f, float size, const char *text, bool cut,
    float width, char *out, size_t outlen)
{
	const uint16_t *w = widths(f);
	const unsigned char *s = (const unsigned char *)text;
	double limit;
	unsigned long sum = 0;
	size_t n, k;

	if (outlen == 0)
		return 0;
	out[0] = '\0';
	if (!(size > 0) || !(width > 0))
		return 0;
	limit = (double)width * 1000 / size + 1e-3;	/* glyph units */
	n = strlen(text);
	if (!cut && n < outlen) {
		for (k = 0; k < n && sum <= limit; k++)
			sum += w[s[k]];
		if (sum <= limit) {
			memcpy(out, text, n + 1);
			return n;
		}
	}
	if (w[ELLIPSIS] > limit || outlen < 2)
		return 0;
	sum = w[ELLIPSIS];
	for (k = 0; k < n && k + 3 <= outlen && sum + w[s[k]] <= limit; k++)
		sum += w[s[k]];
	while (k > 0 && s[k - 1] == ' ')
		k--;
	memcpy(out, text, k);
	out[k] = (char)ELLIPSIS;
	out[k + 1] = '\0';
	return k + 1;
}

size_t
label_fit(enum label_font f, float size, const char *text, float width,
    char *out, size_t outlen)
{
	return fit(f, size, text ? text : "", false, width, out, outlen);
}

/* ---- drawing ---- */

struct rect {
	float	 x, y, w, h;	/* y: bottom edge */
};

enum align { LEFT, CENTER, RIGHT };

struct pen {
	HPDF_Page	 page;
	HPDF_Font	 font[2];	/* by enum label_font */
	HPDF_Font	 dingbats;	/* NULL when the layout has no cut line */
};

/* A column being filled from the top: the next line's box is
 * [y - size * LEAD, y]. */
struct col {
	float	 x, w, y, bottom;
};

/* Shows CP1252 text with its baseline at (x, y). */
static void
show(const struct pen *p, enum label_font f, float size, float x, float y,
    const char *cp)
{
	if (*cp == '\0')
		return;
	HPDF_Page_BeginText(p->page);
	HPDF_Page_SetFontAndSize(p->page, p->font[f], size);
	HPDF_Page_TextOut(p->page, x, y, cp);
	HPDF_Page_EndText(p->page);
}

/* Draws UTF-8 text on baseline y inside [x, x + w], shortened to fit,
 * aligned in the box. Returns the width drawn. */
static float
text(const struct pen *p, enum label_font f, float size, float x, float y,
    float w, enum align a, const char *utf8)
{
	char cp[TEXT_MAX], line[TEXT_MAX];
	bool cut;
	float tw;

	conv_latin(utf8, cp, sizeof(cp), &cut);
	fit(f, size, cp, cut, w, line, sizeof(line));
	tw = label_text_width(f, size, line);
	if (a == CENTER)
		x += (w - tw) / 2;
	else if (a == RIGHT)
		x += w - tw;
	show(p, f, size, x, y, line);
	return tw;
}

/* Reserves the next line of the column for text of `size`; false when
 * the column has no room left. Sets *base to the baseline. */
static bool
next_line(struct col *c, float size, float *base)
{
	float h = size * LEAD;

	if (c->y - h < c->bottom - 0.01f)
		return false;
	*base = c->y - h + size * 0.25f;	/* descenders stay inside */
	c->y -= h;
	return true;
}

/* One line of UTF-8 text in the column; nothing when it has no room. */
static void
line(const struct pen *p, struct col *c, enum label_font f, float size,
    const char *utf8)
{
	float base;

	if (utf8 == NULL || *utf8 == '\0')
		return;
	if (next_line(c, size, &base))
		text(p, f, size, c->x, base, c->w, LEFT, utf8);
}

/* Like line(), but the font shrinks (down to min) before the text is
 * shortened. */
static void
line_shrink(const struct pen *p, struct col *c, enum label_font f,
    float size, float min, const char *utf8)
{
	char cp[TEXT_MAX];
	bool cut;
	float base, s;

	if (utf8 == NULL || *utf8 == '\0')
		return;
	conv_latin(utf8, cp, sizeof(cp), &cut);
	for (s = size; s > min; s -= 0.5f)
		if (!cut && label_text_width(f, s, cp) <= c->w)
			break;
	if (next_line(c, size, &base))
		text(p, f, s, c->x, base, c->w, LEFT, utf8);
}

/* Word-wraps UTF-8 text into the column; the last line that has room is
 * shortened when text remains. */
static void
paragraph(const struct pen *p, struct col *c, enum label_font f, float size,
    const char *utf8)
{
	char cp[TEXT_MAX], piece[TEXT_MAX];
	const char *s = cp;
	bool cut, all;
	float base;
	size_t n, brk;

	conv_latin(utf8, cp, sizeof(cp), &cut);
	while (*s != '\0' && next_line(c, size, &base)) {
		n = fit(f, size, s, false, c->w, piece, sizeof(piece));
		all = strcmp(piece, s) == 0;
		if (n <= 1 && !all)
			break;		/* not even a letter fits */
		if (all || c->y - size * LEAD < c->bottom - 0.01f) {
			/* all of it, or the last line: as fitted */
			show(p, f, size, c->x, base, piece);
			break;
		}
		/* break at the last space of what fits, else mid-word */
		n -= 1;		/* the ellipsis */
		for (brk = n; brk > 0 && s[brk] != ' '; brk--)
			;
		if (brk == 0)
			brk = n;
		memcpy(piece, s, brk);
		piece[brk] = '\0';
		show(p, f, size, c->x, base, piece);
		s += brk;
		while (*s == ' ')
			s++;
	}
}

static void
hline(const struct pen *p, float x1, float x2, float y, float width)
{
	HPDF_Page_SetLineWidth(p->page, width);
	HPDF_Page_MoveTo(p->page, x1, y);
	HPDF_Page_LineTo(p->page, x2, y);
	HPDF_Page_Stroke(p->page);
}

/* ---- barcodes ---- */

/* The foreground rectangle r of a symbol `side` modules wide and, for a
 * 2D symbol, `rows` high, in whole modules m = {x, y, w, h}; for a 1D
 * symbol (rows 0) only x and w are read, y and h set to 0 and 1. False
 * when it is not on the module grid, which would mean zint's vector
 * output is not what we expect. */
static bool
modules(const struct zint_vector_rect *r, float unit, int side, int rows,
    int m[4])
{
	const float v[4] = { r->x, r->y, r->width, r->height };

	if (r->colour != -1)
		return false;
	m[1] = 0;
	m[3] = 1;
	for (int i = 0; i < 4; i += rows > 0 ? 1 : 2) {
		float f = v[i] / unit;

		m[i] = (int)(f + 0.5f);
		if (!(f >= 0) || f - m[i] > 0.01f || m[i] - f > 0.01f)
			return false;
	}
	return m[2] > 0 && m[3] > 0 && m[0] + m[2] <= side &&
	    (rows == 0 || m[1] + m[3] <= rows);
}

/* Encodes text in a new zint symbol with vector output; NULL on error
 * (logged). The caller deletes the symbol. */
static struct zint_symbol *
encode(int symbology, const char *text, int option_1)
{
	struct zint_symbol *sym;
	int rc;

	if ((sym = ZBarcode_Create()) == NULL) {
		log_err(NULL, "label: ZBarcode_Create failed");
		return NULL;
	}
	sym->symbology = symbology;
	sym->option_1 = option_1;
	sym->input_mode = symbology == BARCODE_QRCODE ? UNICODE_MODE :
	    DATA_MODE;
	sym->output_options |= BARCODE_NO_QUIET_ZONES;	/* ours */
	sym->show_hrt = 0;
	rc = ZBarcode_Encode(sym, (const unsigned char *)text,
	    (int)strlen(text));
	if (rc < ZINT_ERROR)
		rc = ZBarcode_Buffer_Vector(sym, 0);
	if (rc >= ZINT_ERROR || sym->vector == NULL || sym->width <= 0 ||
	    sym->vector->width <= 0 || sym->vector->rectangles == NULL) {
		log_err(NULL, "label: zint %s failed: %s",
		    symbology == BARCODE_QRCODE ? "QR code" : "Code 128",
		    sym->errtxt);
		ZBarcode_Delete(sym);
		return NULL;
	}
	return sym;
}

/* Code 128 of the tracking number, bars h high with their bottom at y,
 * centered in [x, x + w] with quiet zones. */
static enum rerr
code128(const struct pen *p, const char *digits, float x, float y,
    float w, float h)
{
	struct zint_symbol *sym;
	const struct zint_vector_rect *r;
	enum rerr err = E_SYS;
	float unit, xdim, x0;
	int m[4];

	if ((sym = encode(BARCODE_CODE128, digits, 0)) == NULL)
		goto fail;
	unit = sym->vector->width / sym->width;
	for (r = sym->vector->rectangles; r != NULL; r = r->next)
		if (!modules(r, unit, sym->width, 0, m)) {
			log_err(NULL, "label: unexpected Code 128 from zint");
			goto fail;
		}
	xdim = w / (sym->width + 2 * QUIET_128);
	if (xdim > XDIM_MAX)
		xdim = XDIM_MAX;
	x0 = x + (w - sym->width * xdim) / 2;
	/* in modules, one unit high: short integers in the content stream */
	HPDF_Page_GSave(p->page);
	HPDF_Page_Concat(p->page, xdim, 0, 0, h, x0, y);
	for (r = sym->vector->rectangles; r != NULL; r = r->next) {
		modules(r, unit, sym->width, 0, m);
		HPDF_Page_Rectangle(p->page, m[0], 0, m[2], 1);
	}
	HPDF_Page_Fill(p->page);
	HPDF_Page_GRestore(p->page);
	err = E_OK;
fail:
	if (sym != NULL)
		ZBarcode_Delete(sym);
	return err;
}

/* QR code of text in the square (x, y, side), quiet zone included. */
static enum rerr
qrcode(const struct pen *p, const char *text, float x, float y, float side)
{
	struct zint_symbol *sym;
	const struct zint_vector_rect *r;
	enum rerr err = E_SYS;
	float unit, mod;
	int m[4], n;

	if ((sym = encode(BARCODE_QRCODE, text, QR_ECC_M)) == NULL)
		goto fail;
	n = sym->width;
	unit = sym->vector->width / n;
	if (n != sym->rows) {
		log_err(NULL, "label: unexpected QR code from zint");
		goto fail;
	}
	for (r = sym->vector->rectangles; r != NULL; r = r->next)
		if (!modules(r, unit, n, n, m)) {
			log_err(NULL, "label: unexpected QR code from zint");
			goto fail;
		}
	mod = side / (n + 2 * QUIET_QR);
	/* in modules from the symbol's top left corner, y downwards as in
	 * zint: short integers in the content stream */
	HPDF_Page_GSave(p->page);
	HPDF_Page_Concat(p->page, mod, 0, 0, -mod, x + QUIET_QR * mod,
	    y + side - QUIET_QR * mod);
	for (r = sym->vector->rectangles; r != NULL; r = r->next) {
		modules(r, unit, n, n, m);
		HPDF_Page_Rectangle(p->page, m[0], m[1], m[2], m[3]);
	}
	HPDF_Page_Fill(p->page);
	HPDF_Page_GRestore(p->page);
	err = E_OK;
fail:
	if (sym != NULL)
		ZBarcode_Delete(sym);
	return err;
}

/* ---- layouts ---- */

struct layout {
	const char	*name;
	float		 pw, ph;	/* page */
	struct rect	 frame;		/* the label's border */
	struct rect	 from, to, qr, service, refs, code;
	int		 qr_beside_to;	/* else beside from: who takes its room */
	int		 refcols;
	float		 rules[4];	/* y of full-width rules, 0: none */
	float		 vrule[3];	/* x, y1, y2 of a vertical rule */
	float		 from_size, to_size, to_big, service_size, ref_size;
	float		 digits_size;
	int		 cut;		/* letter: cut line, instructions */
};

static const struct layout layouts[] = {
	{
		"letter", 612, 792,
		/* top half; 30 pt margin above, 14 pt above the cut line */
		{ 36, 410, 540, 352 },
		.from =		{ 36, 670, 300, 92 },
		.service =	{ 336, 670, 240, 92 },
		.to =		{ 36, 562, 424, 108 },
		.qr =		{ 460, 562, 116, 108 },
		.refs =		{ 36, 504, 540, 58 },
		.code =		{ 36, 410, 540, 94 },
		.qr_beside_to = 1, .refcols = 4,
		.rules = { 670, 562, 504, 0 },
		.vrule = { 336, 670, 762 },
		.from_size = 10, .to_size = 12, .to_big = 14,
		.service_size = 14, .ref_size = 10, .digits_size = 13,
		.cut = 1,
	},
	{
		"4x6", 288, 432,
		{ 9, 9, 270, 414 },
		.from =		{ 9, 335, 182, 88 },
		.qr =		{ 191, 335, 88, 88 },
		.to =		{ 9, 231, 270, 104 },
		.service =	{ 9, 197, 270, 34 },
		.refs =		{ 9, 127, 270, 70 },
		.code =		{ 9, 9, 270, 118 },
		.qr_beside_to = 0, .refcols = 2,
		.rules = { 335, 231, 197, 127 },
		.from_size = 8.5f, .to_size = 11, .to_big = 12.5f,
		.service_size = 10, .ref_size = 9, .digits_size = 12,
		.cut = 0,
	},
};

/* A cell's column: the rect less padding (a point given back at the top
 * and bottom, which line boxes leave empty anyway). */
static struct col
cell(struct rect r)
{
	struct col c = { r.x + PAD, r.w - 2 * PAD, r.y + r.h - PAD + 1,
	    r.y + PAD - 1 };

	return c;
}

static const char *
nz(const char *s)
{
	return s != NULL ? s : "";
}

/* "City   PROV  A1A 1A1": the province and postal code are kept whole (a
 * valid Canadian postal code normalised) unless they take over 60% of
 * the width; the city is shortened. */
static void
city_line(const struct pen *p, struct col *c, enum label_font f, float size,
    const struct label_addr *a)
{
	char tail[TEXT_MAX], prov[64], postal[64], norm[8];
	char fitted[TEXT_MAX];
	bool cut, cut2;
	float base, tw, gap;

	conv(nz(a->province), prov, sizeof(prov), &cut);
	if (canada_postal_normalize(nz(a->postal), norm))
		conv(norm, postal, sizeof(postal), &cut2);
	else
		conv(nz(a->postal), postal, sizeof(postal), &cut2);
	snprintf(tail, sizeof(tail), "%s%s%s", prov,
	    *prov && *postal ? "  " : "", postal);
	if (*tail == '\0' && *nz(a->city) == '\0')
		return;
	if (!next_line(c, size, &base))
		return;
	/* a hostile province or postal code leaves the city some room */
	fit(f, size, tail, cut || cut2,
	    *nz(a->city) != '\0' ? c->w * 0.6f : c->w, fitted, sizeof(fitted));
	tw = label_text_width(f, size, fitted);
	gap = *fitted != '\0' ? label_text_width(f, size, "   ") : 0;
	if (*nz(a->city) != '\0' && c->w - tw - gap > 0) {
		tw = text(p, f, size, c->x, base, c->w - tw - gap, LEFT, a->city);
		if (tw > 0)
			tw += gap;
	} else
		tw = 0;
	show(p, f, size, c->x + tw, base, fitted);
}

/* An address block: heading, name in bold at `big`, the other lines at
 * `size`, the city line at `big` (bold when `big` is over `size`, as for
 * the ship-to address, which is what the carrier reads). */
static void
address(const struct pen *p, struct rect r, const char *head,
    const struct label_addr *a, float size, float big)
{
	struct col c = cell(r);

	line(p, &c, LABEL_FONT_BOLD, 7, head);
	c.y -= size * 0.2f;
	line(p, &c, LABEL_FONT_BOLD, big, nz(a->name));
	line(p, &c, LABEL_FONT_REGULAR, size, nz(a->company));
	line(p, &c, LABEL_FONT_REGULAR, size, nz(a->line1));
	line(p, &c, LABEL_FONT_REGULAR, size, nz(a->line2));
	if (big > size)
		city_line(p, &c, LABEL_FONT_BOLD, big, a);
	else
		city_line(p, &c, LABEL_FONT_REGULAR, size, a);
}

/* A heading over a value, in the column. */
static void
field(const struct pen *p, struct col *c, const char *head,
    const char *value, float size)
{
	line(p, c, LABEL_FONT_REGULAR, 6.5f, head);
	line(p, c, LABEL_FONT_BOLD, size, value);
}

static void
service(const struct pen *p, const struct layout *l,
    const struct label_data *d)
{
	struct col c = cell(l->service), w;
	char both[TEXT_MAX * 2], kg[32];

	if (d->weight_g > 0) {
		snprintf(kg, sizeof(kg), "%d.%03d kg", d->weight_g / 1000,
		    d->weight_g % 1000);
		w = c;
		if (l->cut) {		/* under the service */
			w.bottom = c.bottom;
			w.y = c.bottom + 6.5f * LEAD + l->ref_size * LEAD;
			c.bottom = w.y;
		} else {		/* at its right */
			w.x = c.x + c.w - 70;
			w.w = 70;
			c.w -= 76;
		}
		field(p, &w, "Weight / Poids", kg, l->ref_size);
	}
	line(p, &c, LABEL_FONT_BOLD, 7, "Service");
	if (l->cut) {
		c.y -= 2;
		line_shrink(p, &c, LABEL_FONT_BOLD, l->service_size, 9,
		    d->service_en);
		/* the same name in both languages (Xpresspost) prints once */
		if (strcmp(d->service_en, d->service_fr) != 0)
			line_shrink(p, &c, LABEL_FONT_REGULAR,
			    l->service_size - 2, 8, d->service_fr);
	} else if (strcmp(d->service_en, d->service_fr) == 0)
		line_shrink(p, &c, LABEL_FONT_BOLD, l->service_size, 7,
		    d->service_en);
	else {
		snprintf(both, sizeof(both), "%.*s / %.*s", TEXT_MAX - 4,
		    d->service_en, TEXT_MAX - 4, d->service_fr);
		line_shrink(p, &c, LABEL_FONT_BOLD, l->service_size, 7,
		    both);
	}
}

/* Policy, RA, dates in a grid of refcols columns, the order question and
 * answer under it. */
static void
refs(const struct pen *p, const struct layout *l, const struct label_data *d)
{
	struct { const char *head, *value; } f[4];
	struct col all = cell(l->refs), c;
	char q[TEXT_MAX * 2];
	int n = 0, i, rows;
	float cw;

	f[n].head = "Policy / Politique"; f[n++].value = d->policy_number;
	if (*nz(d->ra_number)) {
		f[n].head = "RA No / N\xc2\xb0 d'AR";
		f[n++].value = d->ra_number;
	}
	f[n].head = "Created / Cr\xc3\xa9\xc3\xa9"; f[n++].value = d->created;
	f[n].head = "Expires / Expire"; f[n++].value = d->expires;

	cw = all.w / l->refcols;
	rows = (n + l->refcols - 1) / l->refcols;
	for (i = 0; i < n; i++) {
		c = all;
		c.x = all.x + (i % l->refcols) * cw;
		c.w = cw - PAD;
		c.y = all.y - (i / l->refcols) * (6.5f + l->ref_size) * LEAD;
		field(p, &c, f[i].head, f[i].value, l->ref_size);
	}
	all.y -= rows * (6.5f + l->ref_size) * LEAD;

	if (*nz(d->order_answer) == '\0')
		return;
	if (*nz(d->order_q_en) && *nz(d->order_q_fr))
		snprintf(q, sizeof(q), "%.*s / %.*s", TEXT_MAX - 4,
		    d->order_q_en, TEXT_MAX - 4, d->order_q_fr);
	else if (*nz(d->order_q_en) || *nz(d->order_q_fr))
		snprintf(q, sizeof(q), "%.*s", TEXT_MAX - 4,
		    *nz(d->order_q_en) ? d->order_q_en : d->order_q_fr);
	else
		snprintf(q, sizeof(q), "Order / Commande");
	field(p, &all, q, d->order_answer, l->ref_size);
}

static enum rerr
tracking(const struct pen *p, const struct layout *l, const char *digits)
{
	struct col c = cell(l->code);
	char grouped[20];
	float base, bars;

	snprintf(grouped, sizeof(grouped), "%.4s %.4s %.4s %.4s", digits,
	    digits + 4, digits + 8, digits + 12);
	line(p, &c, LABEL_FONT_BOLD, 7,
	    "Tracking number / Num\xc3\xa9ro de suivi");
	/* the digits at the bottom, the bars in between */
	base = c.bottom + l->digits_size * 0.25f + 1;
	text(p, LABEL_FONT_BOLD, l->digits_size, c.x, base, c.w, CENTER,
	    grouped);
	bars = c.y - 4 - (base + l->digits_size * 0.72f + 5);
	return code128(p, digits, c.x, c.y - 4 - bars, c.w, bars);
}

/* The cut line across the page at the middle, and the instructions on
 * the bottom half. */
static void
bottom_half(const struct pen *p, const struct layout *l,
    const struct label_data *d)
{
	static const HPDF_UINT16 dash[] = { 4, 3 };
	const char *cut = "Cut here / Couper ici";
	struct col c = { 54, l->pw - 108, l->ph / 2 - 34, 54 };
	char s[TEXT_MAX];
	float tw, y = l->ph / 2;

	tw = label_text_width(LABEL_FONT_REGULAR, 8, cut);
	HPDF_Page_SetDash(p->page, dash, 2, 0);
	hline(p, 40, l->pw / 2 - tw / 2 - 8, y, 0.75f);
	hline(p, l->pw / 2 + tw / 2 + 8, l->pw - 18, y, 0.75f);
	HPDF_Page_SetDash(p->page, NULL, 0, 0);
	show(p, LABEL_FONT_REGULAR, 8, l->pw / 2 - tw / 2, y - 2.8f, cut);
	if (p->dingbats != NULL) {	/* scissors, on the line */
		HPDF_Page_BeginText(p->page);
		HPDF_Page_SetFontAndSize(p->page, p->dingbats, 12);
		HPDF_Page_TextOut(p->page, 22, y - 4, "\x22");
		HPDF_Page_EndText(p->page);
	}

	line(p, &c, LABEL_FONT_BOLD, 12, "Instructions");
	c.y -= 4;
	paragraph(p, &c, LABEL_FONT_REGULAR, 10,
	    "Cut along the dotted line and attach the label to the parcel "
	    "with clear tape, flat on its largest side. Do not cover the "
	    "barcodes. Remove or cover any other labels on the box.");
	c.y -= 4;
	snprintf(s, sizeof(s), "Drop the parcel off at any Canada Post "
	    "location before %.32s.", d->expires);
	paragraph(p, &c, LABEL_FONT_REGULAR, 10, s);
	c.y -= 10;
	paragraph(p, &c, LABEL_FONT_REGULAR, 10,
	    "D\xc3\xa9" "coupez le long du pointill\xc3\xa9 et fixez "
	    "l\xe2\x80\x99\xc3\xa9tiquette sur la plus grande face du colis "
	    "avec du ruban adh\xc3\xa9sif transparent. Ne couvrez pas les "
	    "codes \xc3\xa0 barres. Retirez ou masquez les autres "
	    "\xc3\xa9tiquettes de la bo\xc3\xaet" "e.");
	c.y -= 4;
	snprintf(s, sizeof(s), "D\xc3\xa9posez le colis dans un bureau de "
	    "Postes Canada avant le %.32s.", d->expires);
	paragraph(p, &c, LABEL_FONT_REGULAR, 10, s);
	c.y -= 14;
	hline(p, c.x, c.x + c.w, c.y, 0.5f);
	c.y -= 6;
	line(p, &c, LABEL_FONT_REGULAR, 8, "Keep this part for your records "
	    "/ Conservez cette partie pour vos dossiers");
	c.y -= 2;
	snprintf(s, sizeof(s), "%.4s %.4s %.4s %.4s", d->tracking,
	    d->tracking + 4, d->tracking + 8, d->tracking + 12);
	field(p, &c, "Tracking number / Num\xc3\xa9ro de suivi", s, 11);
	field(p, &c, "Policy / Politique", d->policy_number, 11);
}

static enum rerr
draw(const struct pen *p, const struct layout *l, const struct label_data *d)
{
	struct rect from = l->from, to = l->to;
	bool qr = *nz(d->qr_text) != '\0';
	enum rerr err;
	float side;

	if (!qr) {	/* the neighbour takes the QR code's room */
		if (l->qr_beside_to)
			to.w += l->qr.w;
		else
			from.w += l->qr.w;
	}
	HPDF_Page_SetLineWidth(p->page, 1.25f);
	HPDF_Page_Rectangle(p->page, l->frame.x, l->frame.y, l->frame.w,
	    l->frame.h);
	HPDF_Page_Stroke(p->page);
	for (int i = 0; i < 4 && l->rules[i] > 0; i++)
		hline(p, l->frame.x, l->frame.x + l->frame.w, l->rules[i],
		    0.75f);
	if (l->vrule[0] > 0) {
		HPDF_Page_MoveTo(p->page, l->vrule[0], l->vrule[1]);
		HPDF_Page_LineTo(p->page, l->vrule[0], l->vrule[2]);
		HPDF_Page_Stroke(p->page);
	}

	address(p, from, "FROM / DE", &d->from, l->from_size, l->from_size);
	address(p, to, "TO / \xc3\x80", &d->to, l->to_size, l->to_big);
	service(p, l, d);
	refs(p, l, d);
	if ((err = tracking(p, l, d->tracking)) != E_OK)
		return err;
	if (qr) {
		side = l->qr.w < l->qr.h ? l->qr.w : l->qr.h;
		side -= 4;
		if ((err = qrcode(p, d->qr_text,
		    l->qr.x + (l->qr.w - side) / 2,
		    l->qr.y + (l->qr.h - side) / 2, side)) != E_OK)
			return err;
	}
	if (l->cut)
		bottom_half(p, l, d);
	if (d->specimen) {	/* above the frame, across its width */
		static const char mark[] = "SPECIMEN \xe2\x80\x93 NOT VALID FOR "
		    "MAILING / SP\xc3\x89" "CIMEN \xe2\x80\x93 NON VALIDE POUR "
		    "L\xe2\x80\x99" "ENVOI";
		char cp[128];
		float size = 8.5f, w;

		utf8_to_cp1252(mark, cp, sizeof(cp));
		w = label_text_width(LABEL_FONT_BOLD, size, cp);
		if (w > l->frame.w - 4)		/* 4x6: smaller, never cut */
			size *= (l->frame.w - 4) / w;
		text(p, LABEL_FONT_BOLD, size, l->frame.x,
		    l->frame.y + l->frame.h + 3, l->frame.w, CENTER, mark);
	}
	return E_OK;
}

/* ---- the document ---- */

/* What libharu's error handler saw first. */
struct hpdf_err {
	HPDF_STATUS	 no, detail;
};

static void HPDF_STDCALL
on_hpdf_error(HPDF_STATUS no, HPDF_STATUS detail, void *arg)
{
	struct hpdf_err *e = arg;

	if (e->no == HPDF_OK) {
		e->no = no;
		e->detail = detail;
	}
}

static bool
filled(const char *s)
{
	return s != NULL && *s != '\0';
}

/* The layout for d, or NULL (logged) when d is not valid. */
static const struct layout *
check(const struct label_data *d)
{
	const struct layout *l = NULL;
	size_t n;

	if (d == NULL || !filled(d->format) || !filled(d->tracking) ||
	    !filled(d->service_en) || !filled(d->service_fr) ||
	    !filled(d->policy_number) || !filled(d->created) ||
	    !filled(d->expires)) {
		log_err(NULL, "label: a required field is missing");
		return NULL;
	}
	for (size_t i = 0; i < sizeof(layouts) / sizeof(layouts[0]); i++)
		if (strcmp(d->format, layouts[i].name) == 0)
			l = &layouts[i];
	if (l == NULL) {
		log_err(NULL, "label: unknown format");
		return NULL;
	}
	if (strnlen(d->tracking, 17) != 16 ||
	    strspn(d->tracking, "0123456789") != 16) {
		log_err(NULL, "label: tracking number is not 16 digits");
		return NULL;
	}
	if (d->weight_g < 0 || d->weight_g > WEIGHT_MAX) {
		log_err(NULL, "label: weight out of range");
		return NULL;
	}
	if (d->qr_text != NULL) {
		n = strnlen(d->qr_text, QR_TEXT_MAX + 1);
		if (n > QR_TEXT_MAX || !utf8_valid(d->qr_text, n)) {
			log_err(NULL, "label: QR text over %d bytes or not "
			    "UTF-8", QR_TEXT_MAX);
			return NULL;
		}
	}
	return l;
}

enum rerr
label_pdf(const struct label_data *d, struct buf *out)
{
	struct hpdf_err he = { HPDF_OK, 0 };
	const struct layout *l;
	HPDF_Doc pdf = NULL;
	HPDF_UINT32 size, got;
	HPDF_STATUS rc;
	struct pen p;
	enum rerr err = E_INVALID;

	if ((l = check(d)) == NULL)
		goto fail;
	err = E_SYS;
	if ((pdf = HPDF_New(on_hpdf_error, &he)) == NULL) {
		log_err(NULL, "label: HPDF_New failed");
		goto fail;
	}
	HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
	{
		/* PDFDocEncoding is Latin-1 where CP1252 prints letters */
		char t[TEXT_MAX];

		utf8_to_cp1252(d->title && *d->title ? d->title :
		    "Return label", t, sizeof(t));
		HPDF_SetInfoAttr(pdf, HPDF_INFO_TITLE, t);
	}
	p.font[LABEL_FONT_REGULAR] = HPDF_GetFont(pdf, "Helvetica",
	    "WinAnsiEncoding");
	p.font[LABEL_FONT_BOLD] = HPDF_GetFont(pdf, "Helvetica-Bold",
	    "WinAnsiEncoding");
	p.dingbats = l->cut ? HPDF_GetFont(pdf, "ZapfDingbats", NULL) : NULL;
	if ((p.page = HPDF_AddPage(pdf)) == NULL ||
	    p.font[LABEL_FONT_REGULAR] == NULL ||
	    p.font[LABEL_FONT_BOLD] == NULL || (l->cut && p.dingbats == NULL)) {
		log_err(NULL, "label: libharu has no page or font");
		goto fail;
	}
	HPDF_Page_SetWidth(p.page, l->pw);
	HPDF_Page_SetHeight(p.page, l->ph);
	if ((err = draw(&p, l, d)) != E_OK)
		goto fail;
	err = E_SYS;
	if (he.no != HPDF_OK || HPDF_SaveToStream(pdf) != HPDF_OK)
		goto fail;
	if ((size = HPDF_GetStreamSize(pdf)) < 5) {
		log_err(NULL, "label: libharu wrote %lu bytes",
		    (unsigned long)size);
		goto fail;
	}
	buf_reserve(out, size);
	got = size;
	rc = HPDF_ReadFromStream(pdf, (HPDF_BYTE *)out->data + out->len,
	    &got);
	if ((rc != HPDF_OK && rc != HPDF_STREAM_EOF) || got != size ||
	    memcmp(out->data + out->len, "%PDF-", 5) != 0) {
		log_err(NULL, "label: reading libharu's stream failed");
		out->data[out->len] = '\0';	/* out as it was */
		goto fail;
	}
	out->len += size;
	out->data[out->len] = '\0';
	err = E_OK;
fail:
	if (he.no != HPDF_OK)
		log_err(NULL, "label: libharu error 0x%04lX, detail %lu",
		    (unsigned long)he.no, (unsigned long)he.detail);
	if (pdf != NULL)
		HPDF_Free(pdf);
	return err;
}
