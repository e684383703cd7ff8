/* test_qr -- QR codes as SVG: rendered with rsvg-convert (librsvg2-bin),
 * read back with zbarimg (zbar-tools). A missing tool fails the test. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "returns/qr.h"

#define URL	"https://returns.example/r/0123abcd4567ef890123abcd4567ef89" \
		"0123abcd4567ef890123abcd4567ef89"

struct tmp {
	char	dir[64];
	char	svg[96];
	char	png[96];
};

static int
setup(void **state)
{
	static struct tmp t;

	snprintf(t.dir, sizeof(t.dir), "/tmp/test_qr.XXXXXX");
	if (mkdtemp(t.dir) == NULL)
		return -1;
	snprintf(t.svg, sizeof(t.svg), "%s/qr.svg", t.dir);
	snprintf(t.png, sizeof(t.png), "%s/qr.png", t.dir);
	*state = &t;
	return 0;
}

static int
teardown(void **state)
{
	struct tmp *t = *state;

	unlink(t->svg);
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

/* Renders svg to a PNG (width px, 0: the SVG's own size) and returns what
 * zbarimg reads from it, without zbarimg's final newline. Caller frees. */
static char *
decode(struct tmp *t, const char *svg, size_t len, int width)
{
	char cmd[512], *text;
	size_t n = 0, cap = 8192;
	FILE *f;

	need_tool("rsvg-convert", "librsvg2-bin");
	need_tool("zbarimg", "zbar-tools");
	f = fopen(t->svg, "w");
	assert_non_null(f);
	assert_int_equal(fwrite(svg, 1, len, f), len);
	assert_int_equal(fclose(f), 0);

	if (width > 0)
		snprintf(cmd, sizeof(cmd), "rsvg-convert -w %d -h %d -o %s %s",
		    width, width, t->png, t->svg);
	else
		snprintf(cmd, sizeof(cmd), "rsvg-convert -o %s %s", t->png,
		    t->svg);
	if (system(cmd) != 0)
		fail_msg("rsvg-convert failed: %s", cmd);

	snprintf(cmd, sizeof(cmd), "zbarimg --raw -q %s 2>/dev/null", t->png);
	f = popen(cmd, "r");
	assert_non_null(f);
	text = malloc(cap);
	assert_non_null(text);
	n = fread(text, 1, cap - 1, f);
	if (pclose(f) != 0) {
		free(text);
		fail_msg("zbarimg found no QR code in %s", t->png);
	}
	text[n] = '\0';
	if (n > 0 && text[n - 1] == '\n')
		text[n - 1] = '\0';
	return text;
}

static void
roundtrip(struct tmp *t, const char *in, int px, int width)
{
	struct buf b = { 0 };
	char *got;

	assert_int_equal(qr_svg(in, px, &b), E_OK);
	assert_true(strncmp(b.data, "<svg", 4) == 0);
	got = decode(t, b.data, b.len, width);
	assert_string_equal(got, in);
	free(got);
	buf_free(&b);
}

static void
url_reads_back(void **state)
{
	struct buf b = { 0 };

	roundtrip(*state, URL, 294, 0);
	assert_int_equal(qr_svg(URL, 294, &b), E_OK);
	assert_non_null(strstr(b.data, " width=\"294\" height=\"294\""));
	assert_non_null(strstr(b.data, "shape-rendering=\"crispEdges\""));
	/* 90 bytes at level M: version 6, 41 modules, + 2 * 4 quiet zone */
	assert_non_null(strstr(b.data, "viewBox=\"0 0 49 49\""));
	buf_free(&b);
}

static void
unsized_svg_scales(void **state)
{
	struct buf b = { 0 };
	char *end;

	roundtrip(*state, URL, 0, 370);
	assert_int_equal(qr_svg(URL, 0, &b), E_OK);
	end = strchr(b.data, '>');
	assert_non_null(end);
	*end = '\0';	/* the <svg ...> tag only */
	assert_null(strstr(b.data, "width"));
	assert_null(strstr(b.data, "height"));
	buf_free(&b);
}

static void
utf8_and_long_text_read_back(void **state)
{
	char big[QR_TEXT_MAX + 1];

	/* Latin-1 only: plain byte mode; beyond Latin-1: ECI 26 (UTF-8) */
	roundtrip(*state, "https://returns.example/r/\xc3\xa9t\xc3\xa9",
	    300, 0);
	roundtrip(*state, "https://returns.example/r/\xc3\xa9t\xc3\xa9"
	    "?q=\xe2\x98\x83", 300, 0);
	/* the largest accepted text */
	memcpy(big, URL, strlen(URL));
	for (size_t i = strlen(URL); i < QR_TEXT_MAX; i++)
		big[i] = "abcdefghijklmnopqrstuvwxyz0123456789"[i % 36];
	big[QR_TEXT_MAX] = '\0';
	roundtrip(*state, big, 1000, 0);
}

static void
rejects_bad_input(void **state)
{
	struct buf b = { 0 };
	char *big;

	(void)state;
	buf_puts(&b, "before");
	assert_int_equal(qr_svg("", 0, &b), E_INVALID);
	assert_int_equal(qr_svg(NULL, 0, &b), E_INVALID);
	assert_int_equal(qr_svg(URL, -1, &b), E_INVALID);
	assert_int_equal(qr_svg(URL, QR_PX_MAX + 1, &b), E_INVALID);
	assert_int_equal(qr_svg("https://x/\xff\xfe", 0, &b), E_INVALID);
	big = malloc(5001);
	assert_non_null(big);
	memset(big, 'a', 5000);
	big[5000] = '\0';
	assert_int_equal(qr_svg(big, 0, &b), E_INVALID);
	big[QR_TEXT_MAX + 1] = '\0';
	assert_int_equal(qr_svg(big, 0, &b), E_INVALID);
	big[QR_TEXT_MAX] = '\0';
	assert_int_equal(qr_svg(big, 0, &b), E_OK);
	free(big);
	/* errors left out alone; success appended */
	assert_true(strncmp(b.data, "before<svg", 10) == 0);
	buf_free(&b);
}

static void
text_never_reaches_markup(void **state)
{
	const char *in = "https://x/\"><script>alert(1)</script><!--&amp;'";
	struct buf b = { 0 };
	const char *d, *p;
	int lt = 0;

	(void)state;
	assert_int_equal(qr_svg(in, 100, &b), E_OK);
	assert_null(strstr(b.data, "script"));
	assert_null(strstr(b.data, "alert"));
	assert_null(strstr(b.data, "&"));
	for (p = b.data; *p != '\0'; p++)
		lt += *p == '<';
	assert_int_equal(lt, 4);	/* <svg <rect <path </svg> */
	d = strstr(b.data, " d=\"");
	assert_non_null(d);
	d += 4;
	assert_true(strspn(d, "Mhvz-0123456789 ") == strcspn(d, "\""));
	assert_string_equal(d + strcspn(d, "\""), "\"/></svg>\n");
	buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(url_reads_back),
		cmocka_unit_test(unsized_svg_scales),
		cmocka_unit_test(utf8_and_long_text_read_back),
		cmocka_unit_test(rejects_bad_input),
		cmocka_unit_test(text_never_reaches_markup),
	};

	return cmocka_run_group_tests_name("qr", tests, setup, teardown);
}
