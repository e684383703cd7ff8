/* test_label -- return labels as PDF: checked with pdfinfo, pdftoppm and
 * pdftotext (poppler-utils), barcodes read back with zbarimg (zbar-tools).
 * A missing tool fails the test. Also the CP1252 conversion and text
 * fitting on their own, and the compiled-in font widths against
 * libharu's. */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include <hpdf.h>

#include "returns/label.h"
#include "returns/qr.h"

#define TRACKING	"7023210039414604"
#define URL		"https://returns.example/r/0123abcd4567ef89" \
			"0123abcd4567ef89"

struct tmp {
	char	dir[64];
	char	pdf[96];
	char	prefix[96];
	char	png[100];
};

static int
setup(void **state)
{
	static struct tmp t;

	snprintf(t.dir, sizeof(t.dir), "/tmp/test_label.XXXXXX");
	if (mkdtemp(t.dir) == NULL)
		return -1;
	snprintf(t.pdf, sizeof(t.pdf), "%s/label.pdf", t.dir);
	snprintf(t.prefix, sizeof(t.prefix), "%s/label", t.dir);
	snprintf(t.png, sizeof(t.png), "%s/label.png", t.dir);
	*state = &t;
	return 0;
}

static int
teardown(void **state)
{
	struct tmp *t = *state;

	unlink(t->pdf);
	unlink(t->png);
	rmdir(t->dir);
	return 0;
}

static void
need_tool(const char *tool, const char *package)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", tool);
	if (system(cmd) != 0)
		fail_msg("%s not found: install the Debian package %s",
		    tool, package);
}

/* Runs cmd with sh, its standard output appended to out; fails the test
 * when it does not exit 0. */
static void
run(const char *cmd, struct buf *out)
{
	char chunk[4096];
	size_t n;
	FILE *f;

	f = popen(cmd, "r");
	assert_non_null(f);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(out, chunk, n);
	if (pclose(f) != 0)
		fail_msg("failed: %s", cmd);
	if (out->data == NULL)
		buf_puts(out, "");
}

/* A label full of French: every character below is in CP1252. */
static struct label_data
sample(const char *format)
{
	struct label_data d = {
		.format = format,
		.tracking = TRACKING,
		.service_en = "Regular Parcel",
		.service_fr = "Colis standard",
		.policy_number = "PR123456",
		.ra_number = "RA-2026-00042",
		.order_q_en = "Order number",
		.order_q_fr = "Num\xc3\xa9ro de commande",
		.order_answer = "C-10045",
		.qr_text = URL,
		.weight_g = 1250,
		.created = "2026-11-26",
		.expires = "2026-12-26",
		.from = { "Fran\xc3\xa7oise L\xc3\xa9vesque-C\xc5\x93ur", "",
		    "1234 rue de l\xe2\x80\x99\xc3\x89glise, app. 5", "",
		    "Montr\xc3\xa9" "al", "QC", "h2x1y4" },
		.to = { "Service des retours",
		    "\xc5\x92uvres d\xe2\x80\x99" "art Qu\xc3\xa9" "bec (\xe2\x82\xac)",
		    "500 boulevard Ren\xc3\xa9-L\xc3\xa9vesque Ouest",
		    "Bureau 1200", "Qu\xc3\xa9" "bec", "QC", "G1R 2B5" },
	};

	return d;
}

/* Writes the PDF to t->pdf after checking its first bytes; pdfinfo must
 * take it without a complaint and find one page of the given size
 * ("612 x 792"). */
static void
check_pdf(struct tmp *t, const struct buf *pdf, const char *size)
{
	struct buf info = { 0 };
	char cmd[256];
	const char *p;
	FILE *f;

	need_tool("pdfinfo", "poppler-utils");
	assert_true(pdf->len > 5);
	assert_memory_equal(pdf->data, "%PDF-", 5);
	f = fopen(t->pdf, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(pdf->data, 1, pdf->len, f), pdf->len);
	assert_int_equal(fclose(f), 0);

	snprintf(cmd, sizeof(cmd), "pdfinfo %s 2>&1", t->pdf);
	run(cmd, &info);
	if (strstr(info.data, "Error") || strstr(info.data, "Warning"))
		fail_msg("pdfinfo complains:\n%s", info.data);
	p = strstr(info.data, "\nPages:");
	assert_non_null(p);
	assert_int_equal(strtol(p + 7, NULL, 10), 1);
	p = strstr(info.data, "\nPage size:");
	assert_non_null(p);
	p += 11;
	p += strspn(p, " ");
	if (strncmp(p, size, strlen(size)) != 0 ||
	    strncmp(p + strlen(size), " pts", 4) != 0)
		fail_msg("page size %.30s, expected %s pts", p, size);
	buf_free(&info);
}

/* Renders t->pdf at 200 dpi and checks that zbarimg reads exactly the
 * given symbols (the Code 128, then the QR code's text or NULL). */
static void
check_barcodes(struct tmp *t, const char *code128, const char *qr)
{
	struct buf out = { 0 };
	char cmd[512], want[2048];

	need_tool("pdftoppm", "poppler-utils");
	need_tool("zbarimg", "zbar-tools");
	snprintf(cmd, sizeof(cmd), "pdftoppm -r 200 -png -singlefile %s %s",
	    t->pdf, t->prefix);
	run(cmd, &out);
	buf_reset(&out);
	snprintf(cmd, sizeof(cmd), "zbarimg --raw -q %s 2>/dev/null | sort",
	    t->png);
	run(cmd, &out);
	/* sorted: the digits come before the text of our QR codes */
	snprintf(want, sizeof(want), "%s\n%s%s", code128, qr ? qr : "",
	    qr ? "\n" : "");
	assert_string_equal(out.data, want);
	buf_free(&out);
}

/* The page's text as pdftotext extracts it (UTF-8), into out. */
static void
page_text(struct tmp *t, struct buf *out)
{
	char cmd[256];

	need_tool("pdftotext", "poppler-utils");
	snprintf(cmd, sizeof(cmd), "pdftotext -enc UTF-8 %s - 2>&1", t->pdf);
	run(cmd, out);
	if (strstr(out->data, "Error"))
		fail_msg("pdftotext complains:\n%s", out->data);
}

static void
has_text(const struct buf *text, const char *s)
{
	if (strstr(text->data, s) == NULL)
		fail_msg("\"%s\" not in the page's text:\n%s", s, text->data);
}

/* No two words of the page overlap and all are on the page: pdftotext
 * -bbox gives each word's box. */
static void
check_no_overlap(struct tmp *t, float pw, float ph)
{
	struct box { float x0, y0, x1, y1; } *w = NULL;
	struct buf out = { 0 };
	char cmd[256];
	const char *p;
	size_t n = 0, cap = 0;

	snprintf(cmd, sizeof(cmd), "pdftotext -bbox %s -", t->pdf);
	run(cmd, &out);
	for (p = out.data; (p = strstr(p, "<word ")) != NULL; p++) {
		struct box b;

		if (sscanf(p, "<word xMin=\"%f\" yMin=\"%f\" xMax=\"%f\" "
		    "yMax=\"%f\"", &b.x0, &b.y0, &b.x1, &b.y1) != 4)
			fail_msg("cannot read %.80s", p);
		if (b.x0 < 0 || b.y0 < 0 || b.x1 > pw || b.y1 > ph)
			fail_msg("word off the page: %.120s", p);
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			w = realloc(w, cap * sizeof(*w));
			assert_non_null(w);
		}
		w[n++] = b;
	}
	assert_true(n > 20);
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++) {
			float ox = (w[i].x1 < w[j].x1 ? w[i].x1 : w[j].x1) -
			    (w[i].x0 > w[j].x0 ? w[i].x0 : w[j].x0);
			float oy = (w[i].y1 < w[j].y1 ? w[i].y1 : w[j].y1) -
			    (w[i].y0 > w[j].y0 ? w[i].y0 : w[j].y0);

			if (ox > 0.1f && oy > 0.1f)
				fail_msg("words %zu and %zu overlap "
				    "(%.1f,%.1f)-(%.1f,%.1f) and "
				    "(%.1f,%.1f)-(%.1f,%.1f)", i, j,
				    w[i].x0, w[i].y0, w[i].x1, w[i].y1,
				    w[j].x0, w[j].y0, w[j].x1, w[j].y1);
		}
	free(w);
	buf_free(&out);
}

static void
french_text(const struct buf *text)
{
	has_text(text, "Fran\xc3\xa7oise L\xc3\xa9vesque-C\xc5\x93ur");
	has_text(text, "Montr\xc3\xa9" "al");
	has_text(text, "H2X 1Y4");		/* normalised */
	has_text(text, "Qu\xc3\xa9" "bec");
	has_text(text, "\xc5\x92uvres d\xe2\x80\x99" "art");
	has_text(text, "(\xe2\x82\xac)");
	has_text(text, "l\xe2\x80\x99\xc3\x89glise");
	has_text(text, "Ren\xc3\xa9-L\xc3\xa9vesque");
	has_text(text, "FROM / DE");
	has_text(text, "TO / \xc3\x80");
	has_text(text, "Regular Parcel");
	has_text(text, "Colis standard");
	has_text(text, "Policy / Politique");
	has_text(text, "PR123456");
	has_text(text, "RA No / N\xc2\xb0 d'AR");
	has_text(text, "RA-2026-00042");
	has_text(text, "Order number / Num\xc3\xa9ro de commande");
	has_text(text, "C-10045");
	has_text(text, "Weight / Poids");
	has_text(text, "1.250 kg");
	has_text(text, "Tracking number / Num\xc3\xa9ro de suivi");
	has_text(text, "7023 2100 3941 4604");
	has_text(text, "2026-11-26");
	has_text(text, "2026-12-26");
}

static void
letter_reads_back(void **state)
{
	struct label_data d = sample("letter");
	struct buf pdf = { 0 }, text = { 0 };

	assert_int_equal(label_pdf(&d, &pdf), E_OK);
	check_pdf(*state, &pdf, "612 x 792");
	check_barcodes(*state, TRACKING, URL);
	page_text(*state, &text);
	french_text(&text);
	has_text(&text, "Cut here / Couper ici");
	has_text(&text, "attach the label to the parcel");
	has_text(&text, "fixez l\xe2\x80\x99\xc3\xa9tiquette");
	check_no_overlap(*state, 612, 792);
	buf_free(&text);
	buf_free(&pdf);
}

static void
four_by_six_reads_back(void **state)
{
	struct label_data d = sample("4x6");
	struct buf pdf = { 0 }, text = { 0 };

	assert_int_equal(label_pdf(&d, &pdf), E_OK);
	check_pdf(*state, &pdf, "288 x 432");
	check_barcodes(*state, TRACKING, URL);
	page_text(*state, &text);
	french_text(&text);
	assert_null(strstr(text.data, "Cut here"));
	check_no_overlap(*state, 288, 432);
	buf_free(&text);
	buf_free(&pdf);
}

/* unit repeated into at most n bytes, whole copies only. Caller frees. */
static char *
repeat(const char *unit, size_t n)
{
	size_t u = strlen(unit);
	char *s = malloc(n + 1);

	assert_non_null(s);
	for (size_t i = 0; i + u <= n; i += u)
		memcpy(s + i, unit, u);
	s[n - n % u] = '\0';
	return s;
}

static void
hostile_input(void **state)
{
	static const char *formats[] = { "letter", "4x6" };
	static const char *sizes[] = { "612 x 792", "288 x 432" };
	static const float pw[] = { 612, 288 }, ph[] = { 792, 432 };
	char *big = repeat("Fran\xc3\xa7oise \xf0\x9f\x93\xa6 ", 10240);
	const char *nasty = "a) \\b( \\) \x01\x1b[31m \x7f \xff\xfe \xc0\xaf "
	    "\xed\xa0\x80 tab\there \xf0\x9f\x98\x80\xe2\x80\x8d end";

	for (int i = 0; i < 2; i++) {
		struct label_data d = sample(formats[i]);
		struct buf pdf = { 0 }, text = { 0 };

		/* every text field hostile, optional ones empty */
		d.from = (struct label_addr){ big, nasty, big, nasty, big,
		    big, big };
		d.to = (struct label_addr){ "", "", "", "", "", "", "" };
		d.service_en = big;
		d.service_fr = nasty;
		d.policy_number = nasty;
		d.ra_number = "";
		d.order_q_en = d.order_q_fr = d.order_answer = "";
		d.qr_text = "";
		d.weight_g = 0;
		assert_int_equal(label_pdf(&d, &pdf), E_OK);
		assert_true(pdf.len < 20000);
		check_pdf(*state, &pdf, sizes[i]);
		check_barcodes(*state, TRACKING, NULL);
		page_text(*state, &text);
		has_text(&text, "Fran\xc3\xa7oise ? Fran\xc3\xa7oise");
		has_text(&text, "\xe2\x80\xa6");	/* shortened */
		has_text(&text, "a) \\b( \\) ??[31m ? ?? ??");
		assert_null(strstr(text.data, "Weight"));
		assert_null(strstr(text.data, "RA No"));
		check_no_overlap(*state, pw[i], ph[i]);
		buf_free(&text);

		/* NULL optional fields, a QR code of awkward text */
		d = sample(formats[i]);
		d.ra_number = d.order_q_en = d.order_q_fr = NULL;
		d.order_answer = NULL;
		d.from = (struct label_addr){ NULL, NULL, NULL, NULL, NULL,
		    NULL, NULL };
		d.qr_text = "REF (1) \\ 2 %";
		buf_reset(&pdf);
		assert_int_equal(label_pdf(&d, &pdf), E_OK);
		check_pdf(*state, &pdf, sizes[i]);
		check_barcodes(*state, TRACKING, "REF (1) \\ 2 %");
		buf_free(&pdf);
	}
	free(big);
}

static void
rejects_bad_input(void **state)
{
	struct label_data d;
	struct buf b = { 0 };
	char *big;

	(void)state;
	buf_puts(&b, "before");
#define BAD(field, value) do {						\
	d = sample("4x6");						\
	d.field = value;						\
	assert_int_equal(label_pdf(&d, &b), E_INVALID);			\
} while (0)
	BAD(tracking, "123");
	BAD(tracking, "70232100394146041");
	BAD(tracking, "702321003941460a");
	BAD(tracking, " 023210039414604");
	BAD(tracking, "");
	BAD(tracking, NULL);
	BAD(format, "a4");
	BAD(format, "");
	BAD(format, NULL);
	BAD(service_en, "");
	BAD(service_fr, NULL);
	BAD(policy_number, "");
	BAD(created, NULL);
	BAD(expires, "");
	BAD(weight_g, -1);
	BAD(weight_g, 1000000);
	BAD(qr_text, "https://x/\xff");
	big = malloc(QR_TEXT_MAX + 2);
	assert_non_null(big);
	memset(big, 'a', QR_TEXT_MAX + 1);
	big[QR_TEXT_MAX + 1] = '\0';
	BAD(qr_text, big);
	free(big);
#undef BAD
	assert_int_equal(label_pdf(NULL, &b), E_INVALID);
	/* errors leave out alone; success appends */
	assert_string_equal(b.data, "before");
	d = sample("4x6");
	assert_int_equal(label_pdf(&d, &b), E_OK);
	assert_memory_equal(b.data, "before%PDF-", 11);
	assert_true(b.len > 1000);
	buf_free(&b);
}

/* What the label prints: other scripts in Latin letters, pictographs
 * gone, the rest as typed; false when nothing changes. */
static void
prints_in_latin_letters(void **state)
{
	static const struct { const char *in, *out; bool changed; } t[] = {
		{ "Zoë 😀 Smith", "Zoë Smith", true },
		{ "王小明", "wang xiao ming", true },
		{ "Ольга Иванова", "Ol'ga Ivanova", true },
		{ "Nguyễn Thị", "Nguyen Thi", true },
		{ "Ἀθηνᾶ", "Athena", true },
		{ "Émilie Côté-O’Brien", "Émilie Côté-O’Brien", false },
		{ "Łódź", "Lódz", true },
		{ "😀", "", true },
		{ "12 rue des Érables", "12 rue des Érables", false },
		{ "", "", false },
	};
	char out[256];

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(*t); i++) {
		bool changed = label_printed(t[i].in, out, sizeof(out));
		assert_string_equal(out, t[i].out);
		assert_int_equal(changed, t[i].changed);
	}
	/* a small buffer: cut at a character, never mid-way */
	label_printed("Ольга", out, 4);
	assert_string_equal(out, "Ol'");
}

static void
converts_to_cp1252(void **state)
{
	const char *in = "a\xc3\xa9\xe2\x82\xac\xe2\x80\x99\xc5\x92z";
	char out[64];

	(void)state;
	assert_int_equal(utf8_to_cp1252("\xc3\xa9", out, sizeof(out)), 1);
	assert_string_equal(out, "\xe9");
	utf8_to_cp1252("\xe2\x82\xac", out, sizeof(out));
	assert_string_equal(out, "\x80");
	utf8_to_cp1252("\xe2\x80\x99", out, sizeof(out));
	assert_string_equal(out, "\x92");
	utf8_to_cp1252("\xc5\x92\xc5\x93", out, sizeof(out));
	assert_string_equal(out, "\x8c\x9c");
	utf8_to_cp1252("\xe2\x80\xa6 \xc2\xb0 \xc3\xbf \xc5\xb8", out,
	    sizeof(out));
	assert_string_equal(out, "\x85 \xb0 \xff \x9f");
	/* no CP1252: emoji, CJK; a close letter for Latin Extended-A */
	utf8_to_cp1252("x\xf0\x9f\x93\xa6y\xe4\xb8\xad", out, sizeof(out));
	assert_string_equal(out, "x?y?");
	utf8_to_cp1252("\xc5\x81\xc3\xb3" "d\xc5\xba \xc5\x91", out,
	    sizeof(out));
	assert_string_equal(out, "L\xf3" "dz o");
	/* invalid UTF-8: every bad byte is a '?' */
	utf8_to_cp1252("a\xff" "b", out, sizeof(out));
	assert_string_equal(out, "a?b");
	utf8_to_cp1252("\xc0\xaf", out, sizeof(out));	/* overlong '/' */
	assert_string_equal(out, "??");
	utf8_to_cp1252("\xed\xa0\x80", out, sizeof(out));	/* surrogate */
	assert_string_equal(out, "???");
	utf8_to_cp1252("\xf4\x90\x80\x80", out, sizeof(out));	/* > 10FFFF */
	assert_string_equal(out, "????");
	utf8_to_cp1252("\x80" "a\xe2\x82", out, sizeof(out));	/* cut */
	assert_string_equal(out, "?a??");
	/* controls: tab CR LF a space, the others '?'; C1 too */
	utf8_to_cp1252("a\tb\r\nc\x01\x1b\x7f\xc2\x85", out, sizeof(out));
	assert_string_equal(out, "a b  c????");
	/* NFD accents merge, zero-width characters go */
	utf8_to_cp1252("Montre\xcc\x81" "al c\xcc\xa7" "a \xe2\x80\x8b!"
	    "\xef\xb8\x8f", out, sizeof(out));
	assert_string_equal(out, "Montr\xe9" "al \xe7" "a !");
	assert_int_equal(utf8_to_cp1252(NULL, out, sizeof(out)), 0);
	assert_string_equal(out, "");

	/* truncation: NUL-terminated, whole characters, a prefix of the
	 * full conversion, for every size */
	assert_int_equal(utf8_to_cp1252(in, out, sizeof(out)), 6);
	assert_string_equal(out, "a\xe9\x80\x92\x8cz");
	for (size_t n = 1; n <= 8; n++) {
		char small[8];

		memset(small, 'X', sizeof(small));
		assert_int_equal(utf8_to_cp1252(in, small, n),
		    n - 1 < 6 ? n - 1 : 6);
		assert_int_equal(strlen(small), n - 1 < 6 ? n - 1 : 6);
		assert_memory_equal(small, "a\xe9\x80\x92\x8cz", strlen(small));
	}
	out[0] = 'X';
	assert_int_equal(utf8_to_cp1252(in, out, 0), 0);
	assert_int_equal(out[0], 'X');		/* untouched */
}

static void
fits_text(void **state)
{
	const char *longer = "Boutique \xc9l\xe9gance Qu\xe9" "bec "
	    "Incorporated, returns department, second floor";
	char out[256], more[256], tiny[5];
	size_t n;

	(void)state;
	/* short: unchanged */
	n = label_fit(LABEL_FONT_REGULAR, 10, "Montr\xe9" "al", 200, out,
	    sizeof(out));
	assert_int_equal(n, 8);
	assert_string_equal(out, "Montr\xe9" "al");
	/* long: a prefix and the ellipsis, within the width */
	n = label_fit(LABEL_FONT_BOLD, 12, longer, 150, out, sizeof(out));
	assert_true(n > 5 && n < strlen(longer));
	assert_int_equal((unsigned char)out[n - 1], 0x85);
	assert_int_equal(strlen(out), n);
	assert_memory_equal(out, longer, n - 1);
	assert_true(label_text_width(LABEL_FONT_BOLD, 12, out) <= 150);
	assert_true(out[n - 2] != ' ');		/* no space before "…" */
	/* the largest prefix: one more character would not fit */
	memcpy(more, longer, n);
	more[n] = (char)0x85;
	more[n + 1] = '\0';
	assert_true(label_text_width(LABEL_FONT_BOLD, 12, more) > 150);
	/* regular is narrower than bold: keeps at least as much */
	assert_true(label_fit(LABEL_FONT_REGULAR, 12, longer, 150, out,
	    sizeof(out)) >= n);
	/* exactly the text's width fits */
	assert_int_equal(label_fit(LABEL_FONT_REGULAR, 10, "PR123456",
	    label_text_width(LABEL_FONT_REGULAR, 10, "PR123456"), out,
	    sizeof(out)), 8);
	/* too narrow for even the ellipsis */
	assert_int_equal(label_fit(LABEL_FONT_REGULAR, 10, longer, 5, out,
	    sizeof(out)), 0);
	assert_string_equal(out, "");
	/* a small out shortens too, ellipsis included */
	n = label_fit(LABEL_FONT_REGULAR, 10, "abcdefgh", 1000, tiny,
	    sizeof(tiny));
	assert_int_equal(n, 4);
	assert_string_equal(tiny, "abc\x85");
	assert_int_equal(label_fit(LABEL_FONT_REGULAR, 10, "abcd", 1000, tiny,
	    sizeof(tiny)), 4);
	assert_string_equal(tiny, "abcd");
	/* widths: Helvetica's, as published */
	assert_true(label_text_width(LABEL_FONT_REGULAR, 1000, "W") == 944);
	assert_true(label_text_width(LABEL_FONT_BOLD, 10, "\x85") == 10);
}

/* The compiled-in widths are libharu's, byte for byte. */
static void
widths_match_libharu(void **state)
{
	static const char *names[] = { "Helvetica", "Helvetica-Bold" };
	HPDF_Doc pdf;

	(void)state;
	pdf = HPDF_New(NULL, NULL);
	assert_non_null(pdf);
	for (int f = 0; f < 2; f++) {
		HPDF_Font font = HPDF_GetFont(pdf, names[f],
		    "WinAnsiEncoding");

		assert_non_null(font);
		for (int c = 0x20; c < 0x100; c++) {
			char s[2] = { (char)c, '\0' };
			HPDF_TextWidth tw = HPDF_Font_TextWidth(font,
			    (const HPDF_BYTE *)s, 1);

			if (label_text_width(f, 1000, s) != tw.width)
				fail_msg("%s 0x%02x: %g, libharu %u", names[f],
				    c, label_text_width(f, 1000, s),
				    (unsigned)tw.width);
		}
	}
	HPDF_Free(pdf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(letter_reads_back),
		cmocka_unit_test(four_by_six_reads_back),
		cmocka_unit_test(hostile_input),
		cmocka_unit_test(rejects_bad_input),
		cmocka_unit_test(converts_to_cp1252),
		cmocka_unit_test(prints_in_latin_letters),
		cmocka_unit_test(fits_text),
		cmocka_unit_test(widths_match_libharu),
	};

	return cmocka_run_group_tests_name("label", tests, setup, teardown);
}
