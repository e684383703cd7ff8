/* fuzz_export_csv.c -- the CSV exporter (export_open(EXPORT_CSV),
 * export_row, export_close): quoting, quote doubling, formula
 * neutralisation, value parsing.
 *
 * Input: byte 0: bits 0-2 the number of columns - 1, bit 3 fuzzed column
 * titles, bit 4 a sink that refuses everything, bit 5 a fuzzed sheet
 * name; bytes 1-2: the column types, 2 bits each; then NUL-separated
 * fields: the sheet name (bit 5), the titles (bit 3), one row of values.
 *
 * The sink collects the file, which is parsed back as RFC 4180 and must
 * give exactly the titles and values (text with the apostrophe before a
 * leading = + - @ tab CR and after a ',' or ';' followed by one, integers and dates as export.h says); whether
 * export_open and export_row accept the input is predicted from
 * export.h's rules. */
#include <strings.h>
#include <time.h>

#include "fuzz.h"

#include "returns/buf.h"
#include "returns/export.h"

#include "export_sink.h"
#include "returns/valid.h"

#define NCOLS_MAX	8

static bool
sheet_ok(const char *s)
{
	size_t len = strlen(s), chars = 0;

	if (len == 0 || !ref_utf8_valid(s, len) || s[0] == '\'' ||
	    s[len - 1] == '\'' || strcasecmp(s, "History") == 0)
		return false;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p == 0x7f || strchr("[]:*?/\\", *p) != NULL)
			return false;
		chars += (*p & 0xc0) != 0x80;
	}
	return chars <= 31;
}

/* -?[0-9]+, |n| < 2^53 */
static bool
int_ok(const char *s, long long *v)
{
	const char *p = s + (*s == '-');
	unsigned long long n = 0;

	if (*p == '\0')
		return false;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		n = n * 10 + (unsigned)(*p - '0');
		if (n > 9007199254740991ULL)
			return false;
	}
	*v = *s == '-' ? -(long long)n : (long long)n;
	return true;
}

static bool
date_ok(const char *s)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int y, m, dd, max;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return false;
	y = atoi(s);
	m = atoi(s + 5);
	dd = atoi(s + 8);
	if (y < 1900 || m < 1 || m > 12)
		return false;
	max = mdays[m - 1] + (m == 2 && y % 4 == 0 && (y % 100 != 0 ||
	    y % 400 == 0));
	return dd >= 1 && dd <= max;
}

/* The field as it must read back; NULL when the value is invalid. */
static char *
expect(enum col_type t, const char *s)
{
	struct buf b = { 0 };
	long long n;
	time_t tt;
	struct tm tm;

	buf_puts(&b, "");
	if (s == NULL || *s == '\0')
		return b.data;
	switch (t) {
	case COL_TEXT:
		if (!ref_utf8_valid(s, strlen(s)))
			goto bad;
		if (strchr("=+-@\t\r", *s) != NULL)
			buf_putc(&b, '\'');
		/* and after each separator a spreadsheet may split on */
		for (const char *p = s; *p; p++) {
			buf_putc(&b, *p);
			if ((*p == ',' || *p == ';') && p[1] != '\0' &&
			    strchr("=+-@\t\r", p[1]) != NULL)
				buf_putc(&b, '\'');
		}
		break;
	case COL_INT:
		if (!int_ok(s, &n))
			goto bad;
		buf_printf(&b, "%lld", n);
		break;
	case COL_DATE:
		if (!date_ok(s))
			goto bad;
		buf_puts(&b, s);
		break;
	case COL_DATETIME:
		if (!int_ok(s, &n) || n < -2208988800LL || n > 253402300799LL)
			goto bad;
		tt = (time_t)n;
		CHECK(gmtime_r(&tt, &tm) != NULL);
		buf_printf(&b, "%04d-%02d-%02dT%02d:%02d:%02dZ",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		    tm.tm_min, tm.tm_sec);
		break;
	}
	return b.data;
bad:
	buf_free(&b);
	return NULL;
}

/* Reads one RFC 4180 field at *p into f; returns the byte after it
 * (',' or '\r'), checking that an unquoted field holds no quote, CR or
 * LF. */
static const char *
read_field(const char *p, const char *end, struct buf *f)
{
	buf_reset(f);
	buf_puts(f, "");
	if (p < end && *p == '"') {
		for (p++;; p++) {
			CHECK(p < end);
			if (*p == '"') {
				if (p + 1 < end && p[1] == '"') {
					buf_putc(f, '"');
					p++;
				} else
					return p + 1;
			} else
				buf_putc(f, *p);
		}
	}
	for (; p < end && *p != ',' && *p != '\r'; p++) {
		CHECK(*p != '"' && *p != '\n');
		buf_putc(f, *p);
	}
	return p;
}

/* Reads one record of ncols fields ending in CRLF and compares it. */
static const char *
read_record(const char *p, const char *end, char **want, size_t ncols)
{
	struct buf f = { 0 };

	for (size_t c = 0; c < ncols; c++) {
		p = read_field(p, end, &f);
		CHECK(strcmp(f.data, want[c]) == 0);
		CHECK(p < end);
		if (c + 1 < ncols) {
			CHECK(*p == ',');
			p++;
		}
	}
	CHECK(end - p >= 2 && p[0] == '\r' && p[1] == '\n');
	buf_free(&f);
	return p + 2;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fdp d = { data, size };
	uint8_t flags = fdp_u8(&d);
	unsigned types = (unsigned)fdp_u64(&d, 2);
	size_t ncols = (flags & 7) + 1;
	bool refuse = flags & 16, open_ok, row_ok = true;
	char *sheet = flags & 32 ? fdp_str(&d) : NULL;
	char *titles[NCOLS_MAX], *values[NCOLS_MAX];
	char *want_t[NCOLS_MAX], *want_v[NCOLS_MAX];
	struct export_col cols[NCOLS_MAX];
	struct exporter *x = (struct exporter *)1;
	struct buf out = { 0 };
	enum rerr r, rr = E_INVALID;

	open_ok = sheet == NULL || sheet_ok(sheet);
	for (size_t c = 0; c < ncols; c++) {
		titles[c] = flags & 8 ? fdp_str(&d) : NULL;
		cols[c].title = titles[c] != NULL ? titles[c] : "Column";
		cols[c].type = (enum col_type)(types >> (2 * c) & 3);
		cols[c].width = 0;
		want_t[c] = expect(COL_TEXT, cols[c].title);
		open_ok &= want_t[c] != NULL;
	}
	for (size_t c = 0; c < ncols; c++) {
		values[c] = fdp_str_or_null(&d, true);
		want_v[c] = expect(cols[c].type, values[c]);
		row_ok &= want_v[c] != NULL;
	}

	buf_puts(&out, "");
	r = export_open(EXPORT_CSV, sheet, cols, ncols,
	    refuse ? sink_refuse : sink_keep, &out, &x);
	if (!open_ok) {
		CHECK(r == E_INVALID && x == NULL);
		goto done;
	}
	CHECK(r == E_OK || (refuse && r == E_SYS));
	if (r != E_OK) {
		CHECK(x == NULL);
		goto done;
	}
	CHECK(x != NULL);
	rr = export_row(x, (const char *const *)values);
	if (refuse)
		CHECK(rr == (row_ok ? E_OK : E_INVALID) || rr == E_SYS);
	else
		CHECK(rr == (row_ok ? E_OK : E_INVALID));
	r = export_close(x);
	if (refuse) {
		CHECK(r == E_SYS);
		goto done;
	}
	CHECK(r == E_OK);

	/* the file, read back */
	{
		const char *p = out.data, *end = out.data + out.len;

		CHECK(out.len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0);
		p = read_record(p + 3, end, want_t, ncols);
		if (rr == E_OK)
			p = read_record(p, end, want_v, ncols);
		CHECK(p == end);
	}
	/* a lone empty field is written "" so the line is not blank */
	if (ncols == 1 && *cols[0].title == '\0')
		CHECK(memcmp(out.data + 3, "\"\"\r\n", 4) == 0);
done:
	buf_free(&out);
	for (size_t c = 0; c < ncols; c++) {
		free(titles[c]);
		free(values[c]);
		free(want_t[c]);
		free(want_v[c]);
	}
	free(sheet);
	return 0;
}
