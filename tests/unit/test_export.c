/* test_export -- CSV and XLSX exports streamed through a sink. The XLSX
 * files are read back with unzip (Debian package unzip): a missing unzip
 * fails the test. The 200,000-row tests print rows/second and check that
 * memory stays flat (peak RSS) and that no temporary file is left.
 *
 * The streaming tests run first: ru_maxrss is a peak over the whole
 * process, so they must run before anything else grows it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "returns/buf.h"
#include "returns/export.h"
#include "returns/log.h"

#define BIG_ROWS	200000
#define RSS_MAX_KB	(4 * 1024)	/* allowed peak RSS growth */
#define BOM		"\xef\xbb\xbf"

struct tmp {
	char	dir[64];	/* files the tests write */
	char	tmpdir[96];	/* TMPDIR for the exporter: must stay empty */
	char	file[96];
};

/* ---- sinks ---- */

/* Collects everything in a buf; fails from call fail_at (1-based) on. */
struct collect {
	struct buf	b;
	int		calls;
	int		fail_at;	/* 0: never */
	size_t		max_chunk;
};

static int
collect_sink(void *ctx, const void *data, size_t len)
{
	struct collect *c = ctx;

	c->calls++;
	if (c->fail_at > 0 && c->calls >= c->fail_at)
		return -1;
	if (len > c->max_chunk)
		c->max_chunk = len;
	buf_append(&c->b, data, len);
	return 0;
}

/* Counts bytes and hashes them (FNV-1a), optionally writing a file. */
struct count {
	size_t		bytes;
	uint64_t	hash;
	size_t		chunks;
	size_t		short_chunks;	/* shorter than EXPORT_CHUNK */
	size_t		max_chunk;
	FILE		*f;
};

static uint64_t
fnv(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;

	for (size_t i = 0; i < len; i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	return h;
}

#define FNV_START	0xcbf29ce484222325ULL

static int
count_sink(void *ctx, const void *data, size_t len)
{
	struct count *c = ctx;

	c->bytes += len;
	c->hash = fnv(c->hash, data, len);
	c->chunks++;
	if (len < EXPORT_CHUNK)
		c->short_chunks++;
	if (len > c->max_chunk)
		c->max_chunk = len;
	if (c->f != NULL && fwrite(data, 1, len, c->f) != len)
		return -1;
	return 0;
}

/* ---- helpers ---- */

static int
setup(void **state)
{
	static struct tmp t;

	log_init("test_export");
	snprintf(t.dir, sizeof(t.dir), "/tmp/test_export.XXXXXX");
	if (mkdtemp(t.dir) == NULL)
		return -1;
	snprintf(t.tmpdir, sizeof(t.tmpdir), "%s/tmp", t.dir);
	snprintf(t.file, sizeof(t.file), "%s/out.xlsx", t.dir);
	if (mkdir(t.tmpdir, 0700) == -1)
		return -1;
	if (setenv("TMPDIR", t.tmpdir, 1) == -1)
		return -1;
	*state = &t;
	return 0;
}

static int
teardown(void **state)
{
	struct tmp *t = *state;

	unlink(t->file);
	rmdir(t->tmpdir);
	rmdir(t->dir);
	return 0;
}

/* Fails when the exporter left anything in its TMPDIR. */
static void
assert_tmp_empty(const struct tmp *t)
{
	DIR *d = opendir(t->tmpdir);
	struct dirent *e;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
			fail_msg("left in %s: %s", t->tmpdir, e->d_name);
	closedir(d);
}

static long
maxrss_kb(void)
{
	struct rusage ru;

	assert_int_equal(getrusage(RUSAGE_SELF, &ru), 0);
	return ru.ru_maxrss;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void
need_unzip(void)
{
	if (system("command -v unzip >/dev/null 2>&1") != 0)
		fail_msg("unzip not found: install the Debian package unzip");
}

/* The member `name` of the zip file `path`, NUL-terminated, or NULL when
 * it is not there. Caller frees. */
static char *
unzip_member(const char *path, const char *name)
{
	char cmd[256], chunk[8192];
	struct buf b = { 0 };
	size_t n;
	FILE *f;
	int rc;

	need_unzip();
	snprintf(cmd, sizeof(cmd), "unzip -p '%s' '%s' 2>/dev/null", path,
	    name);
	f = popen(cmd, "r");
	assert_non_null(f);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_append(&b, chunk, n);
	rc = pclose(f);
	if (rc != 0 || b.len == 0) {
		buf_free(&b);
		return NULL;
	}
	return b.data;
}

static void
save(const struct tmp *t, const struct buf *b)
{
	FILE *f = fopen(t->file, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(b->data, 1, b->len, f), b->len);
	assert_int_equal(fclose(f), 0);
}

/* The <c r="ref" ...>...</c> (or <c .../>) element of a sheet, copied to
 * out. */
static const char *
cell(const char *sheet, const char *ref, char *out, size_t outsz)
{
	char key[32];
	const char *p, *e;

	snprintf(key, sizeof(key), "<c r=\"%s\"", ref);
	if ((p = strstr(sheet, key)) == NULL)
		fail_msg("no cell %s", ref);
	e = strchr(p, '>');
	assert_non_null(e);
	if (e[-1] == '/')
		e++;
	else {
		e = strstr(p, "</c>");
		assert_non_null(e);
		e += 4;
	}
	assert_true((size_t)(e - p) < outsz);
	memcpy(out, p, (size_t)(e - p));
	out[e - p] = '\0';
	return out;
}

/* The n-th (0-based) element starting with `tag` after `list` in xml. */
static const char *
nth(const char *xml, const char *list, const char *tag, int n)
{
	const char *p = strstr(xml, list);

	assert_non_null(p);
	for (int i = 0; i <= n; i++) {
		p = strstr(p + 1, tag);
		assert_non_null(p);
	}
	return p;
}

/* True when cell style s="idx" in styles.xml has a bold font. */
static int
style_bold(const char *styles, int idx)
{
	const char *xf = nth(styles, "<cellXfs", "<xf ", idx), *font, *end;
	const char *p = strstr(xf, "fontId=\"");

	assert_non_null(p);
	font = nth(styles, "<fonts", "<font>", atoi(p + 8));
	end = strstr(font, "</font>");
	assert_non_null(end);
	p = strstr(font, "<b/>");
	return p != NULL && p < end;
}

/* The number format code of cell style s="idx" in styles.xml, or
 * "builtin N" for Excel's built-in format N. */
static void
style_format(const char *styles, int idx, char *out, size_t outsz)
{
	const char *p = strstr(nth(styles, "<cellXfs", "<xf ", idx),
	    "numFmtId=\"");
	char key[64];
	int id;

	assert_non_null(p);
	id = atoi(p + 10);
	snprintf(key, sizeof(key), "<numFmt numFmtId=\"%d\" formatCode=\"", id);
	if ((p = strstr(styles, key)) == NULL) {
		snprintf(out, outsz, "builtin %d", id);
		return;
	}
	p += strlen(key);
	snprintf(out, outsz, "%.*s", (int)(strchr(p, '"') - p), p);
}

static int
style_of(const char *c)
{
	const char *s = strstr(c, " s=\"");

	return s == NULL ? 0 : atoi(s + 4);
}

static const struct export_col cols4[] = {
	{ "Name", COL_TEXT, 30 },
	{ "Count", COL_INT, 0 },
	{ "Day", COL_DATE, 0 },
	{ "Received", COL_DATETIME, 0 },
};

/* ---- streaming: first, see the top comment ---- */

static void
csv_streams_200k_rows_in_constant_memory(void **state)
{
	struct count c = { .hash = FNV_START };
	uint64_t want = FNV_START;
	size_t want_bytes = 0;
	struct exporter *x;
	char line[256], n[32], day[16], ts[32], name[128];
	const char *v[4] = { name, n, day, ts };
	long rss0, rss1;
	double t0, t1;

	rss0 = maxrss_kb();
	t0 = now();
	assert_int_equal(export_open(EXPORT_CSV, "Returns", cols4, 4,
	    count_sink, &c, &x), E_OK);
	want_bytes = strlen(BOM "Name,Count,Day,Received\r\n");
	want = fnv(want, BOM "Name,Count,Day,Received\r\n", want_bytes);
	for (int i = 0; i < BIG_ROWS; i++) {
		int k;

		snprintf(name, sizeof(name), "Client %d, Montr\xc3\xa9" "al "
		    "\"QC\" %s", i, "and a longer text to make rows fatter");
		snprintf(n, sizeof(n), "%d", i * 7);
		snprintf(day, sizeof(day), "2026-%02d-%02d", i % 12 + 1,
		    i % 28 + 1);
		snprintf(ts, sizeof(ts), "%lld", 1767225600LL + i * 61LL);
		assert_int_equal(export_row(x, v), E_OK);
		{
			time_t tt = 1767225600 + (time_t)i * 61;
			struct tm tm;
			char iso[32];

			gmtime_r(&tt, &tm);
			strftime(iso, sizeof(iso), "%Y-%m-%dT%H:%M:%SZ", &tm);
			k = snprintf(line, sizeof(line), "\"Client %d, "
			    "Montr\xc3\xa9" "al \"\"QC\"\" %s\",%d,%s,%s\r\n",
			    i, "and a longer text to make rows fatter", i * 7,
			    day, iso);
		}
		want = fnv(want, line, (size_t)k);
		want_bytes += (size_t)k;
	}
	assert_int_equal(export_close(x), E_OK);
	t1 = now();
	rss1 = maxrss_kb();

	assert_int_equal(c.bytes, want_bytes);
	assert_true(c.hash == want);
	assert_int_equal(c.max_chunk, EXPORT_CHUNK);
	assert_true(c.short_chunks <= 1);	/* the last one */
	assert_true(want_bytes > 20u * 1024 * 1024);
	print_message("CSV: %d rows, %zu bytes in %.3f s: %.0f rows/s "
	    "(with the test's own formatting); peak RSS +%ld KB\n", BIG_ROWS,
	    c.bytes, t1 - t0, BIG_ROWS / (t1 - t0), rss1 - rss0);
	if (getenv("RETURNS_MEMCHECK") == NULL)
		assert_true(rss1 - rss0 < RSS_MAX_KB);
	assert_tmp_empty(*state);
}

static void
xlsx_streams_200k_rows_in_constant_memory(void **state)
{
	struct tmp *t = *state;
	struct count c = { .hash = FNV_START };
	struct exporter *x;
	char n[32], day[16], ts[32], name[64];
	const char *v[4] = { name, n, day, ts };
	char cmd[256], tail[512];
	long rss0, rss1;
	double t0, t1;
	size_t got;
	FILE *f;

	need_unzip();
	c.f = fopen(t->file, "wb");
	assert_non_null(c.f);
	rss0 = maxrss_kb();
	t0 = now();
	assert_int_equal(export_open(EXPORT_XLSX, "Returns", cols4, 4,
	    count_sink, &c, &x), E_OK);
	assert_int_equal(export_chart(x, "Returns by day", 2, 1), E_OK);
	for (int i = 0; i < BIG_ROWS; i++) {
		snprintf(name, sizeof(name), "Client %d, Montr\xc3\xa9" "al",
		    i);
		snprintf(n, sizeof(n), "%d", i * 7);
		snprintf(day, sizeof(day), "2026-%02d-%02d", i % 12 + 1,
		    i % 28 + 1);
		snprintf(ts, sizeof(ts), "%lld", 1767225600LL + i * 61LL);
		assert_int_equal(export_row(x, v), E_OK);
	}
	assert_int_equal(c.bytes, 0);	/* all comes at close */
	assert_int_equal(export_close(x), E_OK);
	t1 = now();
	rss1 = maxrss_kb();
	assert_int_equal(fclose(c.f), 0);

	print_message("XLSX: %d rows, %zu bytes in %.3f s: %.0f rows/s; "
	    "peak RSS +%ld KB\n", BIG_ROWS, c.bytes, t1 - t0,
	    BIG_ROWS / (t1 - t0), rss1 - rss0);
	assert_true(c.max_chunk <= EXPORT_CHUNK);
	/* valgrind keeps freed memory, so make memcheck (RETURNS_MEMCHECK)
	 * checks the memory errors of this run, not its peak */
	if (getenv("RETURNS_MEMCHECK") == NULL)
		assert_true(rss1 - rss0 < RSS_MAX_KB);
	assert_tmp_empty(t);

	/* the file is whole: its last row is there */
	snprintf(cmd, sizeof(cmd), "unzip -p '%s' xl/worksheets/sheet1.xml "
	    "| tail -c 400", t->file);
	f = popen(cmd, "r");
	assert_non_null(f);
	got = fread(tail, 1, sizeof(tail) - 1, f);
	assert_int_equal(pclose(f), 0);
	tail[got] = '\0';
	assert_non_null(strstr(tail, "<row r=\"200001\""));
	assert_non_null(strstr(tail, "<autoFilter ref=\"A1:D200001\"/>"));
	unlink(t->file);
}

/* ---- CSV ---- */

static void
csv_layout_quoting_and_accents(void **state)
{
	struct collect c = { 0 };
	struct exporter *x;
	const char *r1[] = { "Caf\xc3\xa9, \"Le\" Montr\xc3\xa9" "al", "12",
	    "2026-03-01", "1767274200" };
	const char *r2[] = { "two\nlines", "-2", NULL, "" };
	const char *r3[] = { "cr\r\nlf", "0", "2024-02-29", "0" };
	const char *r4[] = { "", NULL, NULL, NULL };
	const char *want = BOM
	    "Name,Count,Day,Received\r\n"
	    "\"Caf\xc3\xa9, \"\"Le\"\" Montr\xc3\xa9" "al\",12,2026-03-01,"
	    "2026-01-01T13:30:00Z\r\n"
	    "\"two\nlines\",-2,,\r\n"
	    "\"cr\r\nlf\",0,2024-02-29,1970-01-01T00:00:00Z\r\n"
	    ",,,\r\n";

	assert_int_equal(export_open(EXPORT_CSV, "Returns", cols4, 4,
	    collect_sink, &c, &x), E_OK);
	assert_int_equal(export_row(x, r1), E_OK);
	assert_int_equal(export_row(x, r2), E_OK);
	assert_int_equal(export_row(x, r3), E_OK);
	assert_int_equal(export_row(x, r4), E_OK);
	/* no chart in CSV, and nothing written for one */
	assert_int_equal(export_chart(x, "Returns", 0, 1), E_OK);
	assert_int_equal(export_close(x), E_OK);
	assert_int_equal(c.calls, 1);	/* small: one chunk at close */
	assert_int_equal(c.b.len, strlen(want));
	assert_memory_equal(c.b.data, want, strlen(want));
	buf_free(&c.b);
	assert_tmp_empty(*state);
}

static void
csv_neutralises_formulas(void **state)
{
	static const struct export_col cols[] = {
		{ "=Title", COL_TEXT, 0 },
		{ "Total", COL_INT, 0 },
	};
	struct collect c = { 0 };
	struct exporter *x;
	const char *rows[][2] = {
		{ "=SUM(A1)", "-2" },
		{ "+1", "1" },
		{ "-2", "2" },
		{ "@x", "3" },
		{ "\tcmd", "4" },
		{ "\rcmd", "5" },
		{ "=1,2", "6" },
		{ "=HYPERLINK(\"http://x\")", "7" },
		{ "a=b", "8" },
		{ "Bob;=1+2;@SUM(1)", "9" },
		{ "x,-1;y", "10" },
	};
	const char *want = BOM
	    "'=Title,Total\r\n"
	    "'=SUM(A1),-2\r\n"
	    "'+1,1\r\n"
	    "'-2,2\r\n"
	    "'@x,3\r\n"
	    "'\tcmd,4\r\n"
	    "\"'\rcmd\",5\r\n"
	    "\"'=1,2\",6\r\n"
	    "\"'=HYPERLINK(\"\"http://x\"\")\",7\r\n"
	    "a=b,8\r\n"
	    "\"Bob;'=1+2;'@SUM(1)\",9\r\n"
	    "\"x,'-1;y\",10\r\n";

	(void)state;
	assert_int_equal(export_open(EXPORT_CSV, NULL, cols, 2, collect_sink,
	    &c, &x), E_OK);
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		assert_int_equal(export_row(x, rows[i]), E_OK);
	assert_int_equal(export_close(x), E_OK);
	buf_putc(&c.b, '\0');
	assert_string_equal(c.b.data, want);
	buf_free(&c.b);
}

static void
csv_single_empty_column_keeps_its_rows(void **state)
{
	static const struct export_col cols[] = { { "", COL_TEXT, 0 } };
	struct collect c = { 0 };
	struct exporter *x;
	const char *r[] = { NULL };

	(void)state;
	assert_int_equal(export_open(EXPORT_CSV, "x", cols, 1, collect_sink,
	    &c, &x), E_OK);
	assert_int_equal(export_row(x, r), E_OK);
	assert_int_equal(export_close(x), E_OK);
	buf_putc(&c.b, '\0');
	assert_string_equal(c.b.data, BOM "\"\"\r\n\"\"\r\n");
	buf_free(&c.b);
}

static void
bad_values_write_nothing(void **state)
{
	struct collect c = { 0 };
	struct exporter *x;
	const char *bad[][4] = {
		{ "ok", "12a", NULL, NULL },
		{ "ok", "+1", NULL, NULL },
		{ "ok", " 1", NULL, NULL },
		{ "ok", "-", NULL, NULL },
		{ "ok", "9007199254740992", NULL, NULL },
		{ "ok", NULL, "2026-02-29", NULL },
		{ "ok", NULL, "2026-2-01", NULL },
		{ "ok", NULL, "2026-01-011", NULL },
		{ "ok", NULL, "1899-12-31", NULL },
		{ "ok", NULL, NULL, "12.5" },
		{ "ok", NULL, NULL, "253402300800" },
		{ "bad \xff utf-8", NULL, NULL, NULL },
		{ "overlong \xc0\xaf", NULL, NULL, NULL },
	};
	const char *good[] = { "fine", "9007199254740991", "2000-02-29",
	    "-2208988800" };

	(void)state;
	assert_int_equal(export_open(EXPORT_CSV, "Returns", cols4, 4,
	    collect_sink, &c, &x), E_OK);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		assert_int_equal(export_row(x, bad[i]), E_INVALID);
	assert_int_equal(export_row(x, good), E_OK);
	assert_int_equal(export_row(x, NULL), E_INVALID);
	assert_int_equal(export_close(x), E_OK);
	buf_putc(&c.b, '\0');
	assert_string_equal(c.b.data, BOM "Name,Count,Day,Received\r\n"
	    "fine,9007199254740991,2000-02-29,1900-01-01T00:00:00Z\r\n");
	buf_free(&c.b);
}

static void
bad_arguments(void **state)
{
	static const struct export_col notitle[] = { { NULL, COL_TEXT, 0 } };
	static const struct export_col badtype[] = { { "a", 9, 0 } };
	static const struct export_col wide[] = { { "a", COL_TEXT, 256 } };
	static const struct export_col neg[] = { { "a", COL_TEXT, -1 } };
	static const struct export_col badutf[] = { { "\xff", COL_TEXT, 0 } };
	const char *names[] = { "", "a/b", "a[1]", "a:b", "a*", "a?", "a\\b",
	    "'quoted", "quoted'", "History", "history", "tab\there",
	    "1234567890123456789012345678901" "2" };
	struct collect c = { 0 };
	struct exporter *x = (struct exporter *)&c;

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		assert_int_equal(export_open(EXPORT_XLSX, names[i], cols4, 4,
		    collect_sink, &c, &x), E_INVALID);
		assert_null(x);
		assert_int_equal(export_open(EXPORT_CSV, names[i], cols4, 4,
		    collect_sink, &c, &x), E_INVALID);
	}
	assert_int_equal(export_open(EXPORT_CSV, "a", cols4, 0,
	    collect_sink, &c, &x), E_INVALID);
	assert_int_equal(export_open(EXPORT_CSV, "a", cols4,
	    EXPORT_COLS_MAX + 1, collect_sink, &c, &x), E_INVALID);
	assert_int_equal(export_open(EXPORT_CSV, "a", cols4, 4, NULL, &c, &x),
	    E_INVALID);
	assert_int_equal(export_open(EXPORT_CSV, "a", NULL, 4, collect_sink,
	    &c, &x), E_INVALID);
	assert_int_equal(export_open(EXPORT_CSV, "a", cols4, 4, collect_sink,
	    &c, NULL), E_INVALID);
	assert_int_equal(export_open(7, "a", cols4, 4, collect_sink, &c, &x),
	    E_INVALID);
	assert_int_equal(export_open(EXPORT_XLSX, "a", notitle, 1,
	    collect_sink, &c, &x), E_INVALID);
	assert_int_equal(export_open(EXPORT_XLSX, "a", badtype, 1,
	    collect_sink, &c, &x), E_INVALID);
	assert_int_equal(export_open(EXPORT_XLSX, "a", wide, 1,
	    collect_sink, &c, &x), E_INVALID);
	assert_int_equal(export_open(EXPORT_XLSX, "a", neg, 1,
	    collect_sink, &c, &x), E_INVALID);
	assert_int_equal(export_open(EXPORT_XLSX, "a", badutf, 1,
	    collect_sink, &c, &x), E_INVALID);
	assert_int_equal(c.calls, 0);
	assert_null(c.b.data);

	/* 31 characters, accented (more than 31 bytes): fine */
	assert_int_equal(export_open(EXPORT_XLSX, "\xc3\xa9"
	    "234567890123456789012345678901", cols4, 4, collect_sink, &c, &x),
	    E_OK);
	/* charts: columns in range, a numeric value column, a plain title */
	assert_int_equal(export_chart(x, "t", 4, 1), E_INVALID);
	assert_int_equal(export_chart(x, "t", 0, 4), E_INVALID);
	assert_int_equal(export_chart(x, "t", 1, 0), E_INVALID);
	assert_int_equal(export_chart(x, "t", 0, 2), E_INVALID);
	assert_int_equal(export_chart(x, "=A1", 0, 1), E_INVALID);
	assert_int_equal(export_chart(x, "", 0, 1), E_INVALID);
	assert_int_equal(export_chart(x, NULL, 0, 1), E_INVALID);
	assert_int_equal(export_chart(x, "t", 0, 1), E_OK);
	assert_int_equal(export_chart(x, "t", 0, 1), E_INVALID);
	assert_int_equal(export_close(x), E_OK);
	assert_int_equal(export_close(NULL), E_OK);
	buf_free(&c.b);
	assert_tmp_empty(*state);
}

static void
csv_sink_abort(void **state)
{
	struct collect c = { .fail_at = 1 };
	struct exporter *x;
	const char *r[] = { "a row that is long enough to fill the buffer "
	    "after a few hundred of them", "1", NULL, NULL };
	enum rerr err = E_OK;
	int i;

	(void)state;
	assert_int_equal(export_open(EXPORT_CSV, "Returns", cols4, 4,
	    collect_sink, &c, &x), E_OK);
	for (i = 0; i < 10000 && err == E_OK; i++)
		err = export_row(x, r);
	assert_int_equal(err, E_SYS);
	assert_true(i < 1000);		/* refused at the first full buffer */
	assert_int_equal(c.calls, 1);
	/* spent: every call says so, nothing more reaches the sink */
	assert_int_equal(export_row(x, r), E_SYS);
	assert_int_equal(export_chart(x, "t", 0, 1), E_SYS);
	assert_int_equal(export_close(x), E_SYS);
	assert_int_equal(c.calls, 1);

	/* refused at close, when the buffer is flushed */
	c.calls = 0;
	assert_int_equal(export_open(EXPORT_CSV, "Returns", cols4, 4,
	    collect_sink, &c, &x), E_OK);
	assert_int_equal(export_row(x, r), E_OK);
	assert_int_equal(export_close(x), E_SYS);
	buf_free(&c.b);
}

/* ---- XLSX ---- */

static void
xlsx_cells_styles_pane_filter_chart(void **state)
{
	struct tmp *t = *state;
	struct collect c = { 0 };
	struct exporter *x;
	const char *r1[] = { "Caf\xc3\xa9 Montr\xc3\xa9" "al", "3",
	    "2026-01-05", "1767274200" };
	const char *r2[] = { "=SUM(A1)", "-2", "2026-01-06", "" };
	const char *r3[] = { "+1 <&> \"q\"", "9007199254740991", NULL,
	    "1767225600" };
	char *sheet, *styles, *chart, *wbook, buf[512], fmt[64];

	assert_int_equal(export_open(EXPORT_XLSX, "Returns by day", cols4, 4,
	    collect_sink, &c, &x), E_OK);
	assert_int_equal(export_row(x, r1), E_OK);
	assert_int_equal(export_row(x, r2), E_OK);
	assert_int_equal(export_row(x, (const char *[]){ "x", "1x", NULL,
	    NULL }), E_INVALID);
	assert_int_equal(export_row(x, r3), E_OK);
	assert_int_equal(export_chart(x, "Returns \xc3\xa0 l'\xc3\xa9t\xc3\xa9",
	    2, 1), E_OK);
	assert_int_equal(c.calls, 0);
	assert_int_equal(export_close(x), E_OK);
	assert_true(c.max_chunk <= EXPORT_CHUNK);
	assert_tmp_empty(t);
	assert_true(c.b.len > 4 && memcmp(c.b.data, "PK\3\4", 4) == 0);
	save(t, &c.b);
	buf_free(&c.b);

	sheet = unzip_member(t->file, "xl/worksheets/sheet1.xml");
	styles = unzip_member(t->file, "xl/styles.xml");
	chart = unzip_member(t->file, "xl/charts/chart1.xml");
	wbook = unzip_member(t->file, "xl/workbook.xml");
	assert_non_null(sheet);
	assert_non_null(styles);
	assert_non_null(wbook);
	if (chart == NULL)
		fail_msg("no xl/charts/chart1.xml");

	/* frozen header, filter over the header and the 3 rows */
	assert_non_null(strstr(sheet, "<pane ySplit=\"1\" topLeftCell=\"A2\" "
	    "activePane=\"bottomLeft\" state=\"frozen\"/>"));
	assert_non_null(strstr(sheet, "<autoFilter ref=\"A1:D4\"/>"));
	assert_non_null(strstr(sheet, "<col min=\"1\" max=\"1\" "
	    "width=\"30.7109375\" customWidth=\"1\"/>"));
	assert_non_null(strstr(wbook, "<sheet name=\"Returns by day\""));

	/* no formula anywhere; text is text, as given */
	assert_null(strstr(sheet, "<f>"));
	assert_string_equal(cell(sheet, "A3", buf, sizeof(buf)),
	    "<c r=\"A3\" t=\"inlineStr\"><is><t>=SUM(A1)</t></is></c>");
	assert_string_equal(cell(sheet, "A2", buf, sizeof(buf)),
	    "<c r=\"A2\" t=\"inlineStr\"><is><t>Caf\xc3\xa9 Montr\xc3\xa9"
	    "al</t></is></c>");
	assert_non_null(strstr(cell(sheet, "A4", buf, sizeof(buf)),
	    "<t>+1 &lt;&amp;&gt; \"q\"</t>"));
	/* header: bold text */
	cell(sheet, "B1", buf, sizeof(buf));
	assert_non_null(strstr(buf, "<t>Count</t>"));
	assert_true(style_bold(styles, style_of(buf)));
	cell(sheet, "A2", buf, sizeof(buf));
	assert_false(style_bold(styles, style_of(buf)));

	/* numbers are numbers */
	cell(sheet, "B2", buf, sizeof(buf));
	assert_null(strstr(buf, " t=\""));
	assert_non_null(strstr(buf, "<v>3</v>"));
	cell(sheet, "B3", buf, sizeof(buf));
	assert_null(strstr(buf, " t=\""));
	assert_non_null(strstr(buf, "<v>-2</v>"));
	cell(sheet, "B4", buf, sizeof(buf));
	assert_non_null(strstr(buf, "<v>9007199254740991</v>"));
	style_format(styles, style_of(buf), fmt, sizeof(fmt));
	/* "0": Excel's built-in format 1, or the same written out */
	assert_true(strcmp(fmt, "0") == 0 || strcmp(fmt, "builtin 1") == 0);

	/* dates are serial numbers with a date style */
	cell(sheet, "C2", buf, sizeof(buf));
	assert_null(strstr(buf, " t=\""));
	assert_non_null(strstr(buf, "<v>46027</v>"));
	style_format(styles, style_of(buf), fmt, sizeof(fmt));
	assert_string_equal(fmt, "yyyy-mm-dd");
	cell(sheet, "D2", buf, sizeof(buf));	/* 2026-01-01 13:30 UTC */
	assert_null(strstr(buf, " t=\""));
	assert_non_null(strstr(buf, "<v>46023.5625</v>"));
	style_format(styles, style_of(buf), fmt, sizeof(fmt));
	assert_string_equal(fmt, "yyyy-mm-dd hh:mm");
	assert_null(strstr(sheet, "<c r=\"D3\""));	/* empty: no cell */
	assert_null(strstr(sheet, "<c r=\"C4\""));

	/* the chart: counts against days, over the rows written */
	assert_non_null(strstr(chart, "<c:barDir val=\"col\"/>"));
	assert_non_null(strstr(chart, "<c:f>'Returns by day'!$C$2:$C$4</c:f>"));
	assert_non_null(strstr(chart, "<c:f>'Returns by day'!$B$2:$B$4</c:f>"));
	assert_non_null(strstr(chart, "<c:f>'Returns by day'!$B$1</c:f>"));
	assert_true(strstr(chart, "<a:t>Returns \xc3\xa0 l'\xc3\xa9t\xc3\xa9"
	    "</a:t>") != NULL || strstr(chart, "<a:t>Returns \xc3\xa0 "
	    "l&apos;\xc3\xa9t\xc3\xa9</a:t>") != NULL);
	free(sheet);
	free(styles);
	free(chart);
	free(wbook);
	unlink(t->file);
}

static void
xlsx_header_only_and_no_chart(void **state)
{
	struct tmp *t = *state;
	struct collect c = { 0 };
	struct exporter *x;
	char *sheet, *chart;

	/* a chart asked for but no rows: no chart */
	assert_int_equal(export_open(EXPORT_XLSX, NULL, cols4, 4,
	    collect_sink, &c, &x), E_OK);
	assert_int_equal(export_chart(x, "Nothing", 2, 1), E_OK);
	assert_int_equal(export_close(x), E_OK);
	save(t, &c.b);
	buf_free(&c.b);
	sheet = unzip_member(t->file, "xl/worksheets/sheet1.xml");
	assert_non_null(sheet);
	assert_non_null(strstr(sheet, "<autoFilter ref=\"A1:D1\"/>"));
	assert_non_null(strstr(sheet, "<t>Received</t>"));
	chart = unzip_member(t->file, "xl/charts/chart1.xml");
	assert_null(chart);
	free(sheet);
	unlink(t->file);
	assert_tmp_empty(t);
}

/* Past the rows a sheet holds (Excel: EXPORT_ROWS_MAX; here 2), the rows
 * go on to "<name> (2)", "<name> (3)", each with the header, frozen and
 * filtered: nothing is left out. The chart covers the first sheet. */
static void
xlsx_rows_go_on_to_more_sheets(void **state)
{
	struct tmp *t = *state;
	struct collect c = { 0 };
	struct exporter *x;
	/* 30 characters: cut to 27 (the 27th accented) for " (2)" */
	const char *longname = "Retours de la semaine pass\xc3\xa9" "e \xc3\xa0";
	char *wbook, *s1, *s2, *s3, *chart, buf[512], row[3][16];

	assert_int_equal(export_open(EXPORT_XLSX, longname, cols4, 4,
	    collect_sink, &c, &x), E_OK);
	assert_int_equal(export_sheet_rows(x, 0), E_INVALID);
	assert_int_equal(export_sheet_rows(x, EXPORT_ROWS_MAX + 1), E_INVALID);
	assert_int_equal(export_sheet_rows(x, 2), E_OK);
	for (int i = 1; i <= 5; i++) {
		const char *v[4] = { row[0], row[1], "2026-01-05", NULL };

		snprintf(row[0], sizeof(row[0]), "r%d", i);
		snprintf(row[1], sizeof(row[1]), "%d", i);
		assert_int_equal(export_row(x, v), E_OK);
	}
	assert_int_equal(export_sheet_rows(x, 3), E_INVALID);	/* too late */
	assert_int_equal(export_chart(x, "Counts", 0, 1), E_OK);
	assert_int_equal(export_close(x), E_OK);
	assert_tmp_empty(t);
	save(t, &c.b);
	buf_free(&c.b);

	wbook = unzip_member(t->file, "xl/workbook.xml");
	s1 = unzip_member(t->file, "xl/worksheets/sheet1.xml");
	s2 = unzip_member(t->file, "xl/worksheets/sheet2.xml");
	s3 = unzip_member(t->file, "xl/worksheets/sheet3.xml");
	chart = unzip_member(t->file, "xl/charts/chart1.xml");
	assert_non_null(wbook);
	assert_non_null(s1);
	assert_non_null(s2);
	assert_non_null(s3);
	assert_non_null(chart);
	assert_null(unzip_member(t->file, "xl/worksheets/sheet4.xml"));
	assert_non_null(strstr(wbook, "<sheet name=\"Retours de la semaine "
	    "pass\xc3\xa9" "e \xc3\xa0\""));
	assert_non_null(strstr(wbook, "<sheet name=\"Retours de la semaine "
	    "pass\xc3\xa9 (2)\""));
	assert_non_null(strstr(wbook, "<sheet name=\"Retours de la semaine "
	    "pass\xc3\xa9 (3)\""));
	/* every row once, in order, under a header on each sheet */
	assert_non_null(strstr(cell(s1, "A3", buf, sizeof(buf)), "<t>r2</t>"));
	assert_non_null(strstr(cell(s2, "A1", buf, sizeof(buf)), "<t>Name</t>"));
	assert_non_null(strstr(cell(s2, "A2", buf, sizeof(buf)), "<t>r3</t>"));
	assert_non_null(strstr(cell(s2, "B3", buf, sizeof(buf)), "<v>4</v>"));
	assert_non_null(strstr(cell(s3, "A2", buf, sizeof(buf)), "<t>r5</t>"));
	assert_null(strstr(s3, "<c r=\"A3\""));
	assert_non_null(strstr(s1, "<autoFilter ref=\"A1:D3\"/>"));
	assert_non_null(strstr(s2, "<autoFilter ref=\"A1:D3\"/>"));
	assert_non_null(strstr(s3, "<autoFilter ref=\"A1:D2\"/>"));
	assert_non_null(strstr(s3, "state=\"frozen\""));
	assert_non_null(strstr(s3, "<col min=\"1\" max=\"1\" "
	    "width=\"30.7109375\" customWidth=\"1\"/>"));
	assert_non_null(strstr(chart, "$B$2:$B$3</c:f>"));
	free(wbook);
	free(s1);
	free(s2);
	free(s3);
	free(chart);
	unlink(t->file);
}

static void
xlsx_sink_abort_and_spent_close(void **state)
{
	struct tmp *t = *state;
	struct collect c = { .fail_at = 1 };
	struct exporter *x;
	const char *r[] = { "a", "1", "2026-01-01", "0" };

	assert_int_equal(export_open(EXPORT_XLSX, "Returns", cols4, 4,
	    collect_sink, &c, &x), E_OK);
	for (int i = 0; i < 5000; i++)
		assert_int_equal(export_row(x, r), E_OK);
	assert_int_equal(export_close(x), E_SYS);
	assert_int_equal(c.calls, 1);
	assert_tmp_empty(t);

	/* closed early after a bad row: still valid, still cleaned up */
	c.fail_at = 0;
	c.calls = 0;
	assert_int_equal(export_open(EXPORT_XLSX, "Returns", cols4, 4,
	    collect_sink, &c, &x), E_OK);
	assert_int_equal(export_row(x, (const char *[]){ "x", "y", NULL,
	    NULL }), E_INVALID);
	assert_int_equal(export_close(x), E_OK);
	assert_true(c.b.len > 0);
	buf_free(&c.b);
	assert_tmp_empty(t);
}

static void
xlsx_text_as_typed_and_length_limit(void **state)
{
	static const struct export_col cols[] = {
		{ "a_x0041_", COL_TEXT, 0 },
	};
	struct tmp *t = *state;
	struct collect c = { 0 };
	struct exporter *x;
	const char *v[1];
	char *sheet, *big, buf[256];
	size_t n;

	big = malloc(3 * EXPORT_TEXT_MAX);
	assert_non_null(big);
	assert_int_equal(export_open(EXPORT_XLSX, "T", cols, 1, collect_sink,
	    &c, &x), E_OK);
	v[0] = "a_x0041_b\x01" "c_x005F_d_x12_";
	assert_int_equal(export_row(x, v), E_OK);		/* row 2 */

	/* EXPORT_TEXT_MAX characters, not bytes */
	for (n = 0; n < EXPORT_TEXT_MAX; n++)
		memcpy(big + 2 * n, "\xc3\xa9", 2);
	big[2 * n] = '\0';
	v[0] = big;
	assert_int_equal(export_row(x, v), E_OK);		/* row 3 */
	memcpy(big + 2 * n, "\xc3\xa9", 3);
	assert_int_equal(export_row(x, v), E_INVALID);
	/* with the 6 characters an escape adds */
	memset(big, 'a', EXPORT_TEXT_MAX - 7 - 6);
	strcpy(big + EXPORT_TEXT_MAX - 7 - 6, "_x0041_");
	assert_int_equal(export_row(x, v), E_OK);		/* row 4 */
	memset(big, 'a', EXPORT_TEXT_MAX - 7);
	strcpy(big + EXPORT_TEXT_MAX - 7, "_x0041_");
	assert_int_equal(export_row(x, v), E_INVALID);
	assert_int_equal(export_close(x), E_OK);
	save(t, &c.b);
	buf_free(&c.b);
	free(big);

	sheet = unzip_member(t->file, "xl/worksheets/sheet1.xml");
	assert_non_null(sheet);
	assert_non_null(strstr(cell(sheet, "A1", buf, sizeof(buf)),
	    "<t>a_x005F_x0041_</t>"));
	assert_non_null(strstr(cell(sheet, "A2", buf, sizeof(buf)),
	    ">a_x005F_x0041_b_x0001_c_x005F_x005F_d_x12_</t>"));
	assert_non_null(strstr(sheet, "<c r=\"A4\""));
	assert_null(strstr(sheet, "<c r=\"A5\""));
	assert_non_null(strstr(sheet, "<autoFilter ref=\"A1:A4\"/>"));
	free(sheet);

	/* CSV has no such limit, and no escapes */
	c = (struct collect){ 0 };
	big = malloc(3 * EXPORT_TEXT_MAX);
	assert_non_null(big);
	memset(big, 'a', 2 * EXPORT_TEXT_MAX);
	strcpy(big + 2 * EXPORT_TEXT_MAX, "_x0041_");
	v[0] = big;
	assert_int_equal(export_open(EXPORT_CSV, "T", cols, 1, collect_sink,
	    &c, &x), E_OK);
	assert_int_equal(export_row(x, v), E_OK);
	assert_int_equal(export_close(x), E_OK);
	assert_int_equal(c.b.len, 3 + 8 + 2 + 2 * EXPORT_TEXT_MAX + 7 + 2);
	assert_true(c.max_chunk <= EXPORT_CHUNK);
	buf_free(&c.b);
	free(big);
	unlink(t->file);
	assert_tmp_empty(t);
}

static int
count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n;
}

/* A write failure while the file is built (here RLIMIT_FSIZE, as a full
 * disk would be): export_row() says so (libxlsxwriter 1.1.4 would go on and
 * make a truncated sheet), the exporter is spent, and no descriptor, disk
 * space or file is left behind although libxlsxwriter leaks its temporary
 * file then. */
static void
xlsx_write_failure_leaves_nothing(void **state)
{
	struct tmp *t = *state;
	struct collect c = { 0 };
	struct exporter *x;
	const char *r[] = { "a text long enough to pass one megabyte soon",
	    "1", "2026-01-01", "0" };
	struct rlimit old, small;
	void (*oldsig)(int);
	enum rerr err = E_OK;
	int fds, i;

	fds = count_fds();
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	small = old;
	small.rlim_cur = 1024 * 1024;
	oldsig = signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);

	assert_int_equal(export_open(EXPORT_XLSX, "Returns", cols4, 4,
	    collect_sink, &c, &x), E_OK);
	for (i = 0; i < 100000 && err == E_OK; i++)
		err = export_row(x, r);
	assert_int_equal(err, E_SYS);	/* EFBIG: not a full disk */
	assert_true(i > 1000);
	assert_int_equal(export_row(x, r), E_SYS);
	assert_int_equal(export_close(x), E_SYS);

	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, oldsig);
	assert_int_equal(c.calls, 0);
	assert_int_equal(count_fds(), fds);
	assert_tmp_empty(t);
}

static void
mime_and_ext(void **state)
{
	(void)state;
	assert_string_equal(export_mime(EXPORT_CSV), "text/csv; charset=utf-8");
	assert_string_equal(export_ext(EXPORT_CSV), "csv");
	assert_string_equal(export_mime(EXPORT_XLSX), "application/"
	    "vnd.openxmlformats-officedocument.spreadsheetml.sheet");
	assert_string_equal(export_ext(EXPORT_XLSX), "xlsx");
	assert_null(export_mime(9));
	assert_null(export_ext(9));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		/* first: they measure peak RSS */
		cmocka_unit_test(csv_streams_200k_rows_in_constant_memory),
		cmocka_unit_test(xlsx_streams_200k_rows_in_constant_memory),
		cmocka_unit_test(csv_layout_quoting_and_accents),
		cmocka_unit_test(csv_neutralises_formulas),
		cmocka_unit_test(csv_single_empty_column_keeps_its_rows),
		cmocka_unit_test(bad_values_write_nothing),
		cmocka_unit_test(bad_arguments),
		cmocka_unit_test(csv_sink_abort),
		cmocka_unit_test(xlsx_cells_styles_pane_filter_chart),
		cmocka_unit_test(xlsx_header_only_and_no_chart),
		cmocka_unit_test(xlsx_rows_go_on_to_more_sheets),
		cmocka_unit_test(xlsx_sink_abort_and_spent_close),
		cmocka_unit_test(xlsx_text_as_typed_and_length_limit),
		cmocka_unit_test(xlsx_write_failure_leaves_nothing),
		cmocka_unit_test(mime_and_ext),
	};

	return cmocka_run_group_tests_name("export", tests, setup, teardown);
}
