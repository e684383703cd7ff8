/* export.c -- see include/returns/export.h. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "returns/buf.h"
#include "returns/export.h"
#include "returns/log.h"
#include "returns/valid.h"

#define INT_LIMIT	9007199254740991LL	/* 2^53 - 1: exact in doubles */
#define UNIX_MIN	(-2208988800LL)		/* 1900-01-01T00:00:00Z */
#define UNIX_MAX	253402300799LL		/* 9999-12-31T23:59:59Z */
#define TITLE_MAX	255			/* characters, chart title */
#define SHEET_MAX	31			/* characters in a sheet name */
#define WIDTH_MAX	255.0			/* Excel's widest column */
#define WIDTH_DATE	11.0
#define WIDTH_DATETIME	17.0

/* One value of a row, parsed before anything of the row is written. */
struct cell {
	bool		 empty;
	long long	 n;		/* COL_INT */
	lxw_datetime	 dt;		/* COL_DATE, COL_DATETIME */
};

struct exporter {
	enum export_fmt	 fmt;
	enum rerr	 err;		/* E_SYS once spent: sticky */
	export_sink	 sink;
	void		*ctx;
	size_t		 ncols;
	enum col_type	*types;
	struct cell	*cells;		/* ncols, scratch for export_row */
	size_t		 rows;		/* data rows written */
	struct export_col *cols;	/* a copy, titles included (XLSX) */

	/* XLSX */
	lxw_workbook	*wb;		/* NULL once closed or freed */
	lxw_worksheet	*ws;		/* the sheet being written */
	lxw_worksheet	*first;		/* the chart's */
	size_t		 sheet_rows;	/* data rows in ws */
	size_t		 sheet_max;	/* data rows in a sheet */
	int		 nsheets;
	lxw_format	*bold, *f_int, *f_date, *f_datetime;
	char		 sheet[SHEET_MAX * 4 + 1];
	char		 dir[PATH_MAX - 16];	/* private tmp dir or "" */
	char		 path[PATH_MAX];	/* the .xlsx in it or "" */
	int		 fd;		/* open on path, or -1 */
	bool		 chart;
	size_t		 cat_col, value_col;
	char		*chart_title;
	struct buf	 scratch;	/* one text cell, escaped (XLSX) */

	size_t		 len;		/* bytes waiting in buf (CSV) */
	char		 buf[EXPORT_CHUNK];
};

static const char *const type_names[] = { "text", "integer", "date",
    "date-time", "local time" };

/* ---- values ---- */

/* -?[0-9]+ with |n| <= INT_LIMIT; nothing else, not even spaces. */
static bool
parse_int(const char *s, long long *out)
{
	long long n = 0;
	bool neg = false;

	if (*s == '-') {
		neg = true;
		s++;
	}
	if (*s == '\0')
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		n = n * 10 + (*s - '0');
		if (n > INT_LIMIT)
			return false;
	}
	*out = neg ? -n : n;
	return true;
}

static int
month_days(int y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return days[m - 1];
}

/* Exactly "YYYY-MM-DD", a real day of 1900-9999. */
static bool
parse_date(const char *s, lxw_datetime *dt)
{
	int v[3] = { 0, 0, 0 };
	const int width[3] = { 4, 2, 2 };

	for (int f = 0; f < 3; f++) {
		for (int i = 0; i < width[f]; i++, s++) {
			if (*s < '0' || *s > '9')
				return false;
			v[f] = v[f] * 10 + (*s - '0');
		}
		if (*s != (f < 2 ? '-' : '\0'))
			return false;
		s++;
	}
	if (v[0] < 1900 || v[1] < 1 || v[1] > 12 || v[2] < 1 ||
	    v[2] > month_days(v[0], v[1]))
		return false;
	memset(dt, 0, sizeof(*dt));
	dt->year = v[0];
	dt->month = v[1];
	dt->day = v[2];
	return true;
}

/* Exactly "YYYY-MM-DD HH:MM", a real day and time. */
static bool
parse_local(const char *s, lxw_datetime *dt)
{
	char day[11];
	int h, m;

	if (strlen(s) != 16 || s[10] != ' ' || s[13] != ':' ||
	    !isdigit((unsigned char)s[11]) || !isdigit((unsigned char)s[12]) ||
	    !isdigit((unsigned char)s[14]) || !isdigit((unsigned char)s[15]))
		return false;
	memcpy(day, s, 10);
	day[10] = '\0';
	if (!parse_date(day, dt))
		return false;
	h = (s[11] - '0') * 10 + (s[12] - '0');
	m = (s[14] - '0') * 10 + (s[15] - '0');
	if (h > 23 || m > 59)
		return false;
	dt->hour = h;
	dt->min = m;
	return true;
}

/* Decimal unix seconds of 1900-9999, broken down in UTC. */
static bool
parse_unix(const char *s, lxw_datetime *dt)
{
	long long n;
	time_t t;
	struct tm tm;

	if (!parse_int(s, &n) || n < UNIX_MIN || n > UNIX_MAX)
		return false;
	t = (time_t)n;
	if (gmtime_r(&t, &tm) == NULL)
		return false;
	dt->year = tm.tm_year + 1900;
	dt->month = tm.tm_mon + 1;
	dt->day = tm.tm_mday;
	dt->hour = tm.tm_hour;
	dt->min = tm.tm_min;
	dt->sec = tm.tm_sec;
	return true;
}

/* "_xHHHH_" at s: in a cell's XML, Excel reads it as the character
 * U+HHHH (libxlsxwriter writes control characters so). */
static bool
is_xesc(const char *s)
{
	if (s[0] != '_' || s[1] != 'x')
		return false;
	for (int i = 2; i < 6; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	return s[6] == '_';
}

static size_t
count_xesc(const char *s)
{
	size_t n = 0;

	for (; (s = strstr(s, "_x")) != NULL; s++)
		if (is_xesc(s))
			n++;
	return n;
}

/* s for an XLSX string cell: text that looks like "_xHHHH_" gets its '_'
 * written as "_x005F_" so Excel shows it as typed. s itself when there is
 * nothing to escape, else x->scratch, valid until the next call. */
static const char *
xlsx_text(struct exporter *x, const char *s)
{
	const char *q;

	if (count_xesc(s) == 0)
		return s;
	buf_reset(&x->scratch);
	for (q = s; (q = strstr(q, "_x")) != NULL; q++)
		if (is_xesc(q)) {
			buf_append(&x->scratch, s, (size_t)(q - s));
			buf_puts(&x->scratch, "_x005F");
			s = q;	/* its "_xHHHH_" is copied later */
		}
	buf_puts(&x->scratch, s);
	return x->scratch.data;
}

/* Valid UTF-8, and for XLSX at most EXPORT_TEXT_MAX characters as
 * libxlsxwriter counts them, after xlsx_text(). */
static bool
text_ok(enum export_fmt fmt, const char *s)
{
	size_t len = strlen(s), esc;

	if (!utf8_valid(s, len))
		return false;
	if (fmt != EXPORT_XLSX)
		return true;
	esc = count_xesc(s) * 6;
	/* bytes >= characters: count only when it could matter */
	return len + esc <= EXPORT_TEXT_MAX ||
	    utf8_len(s) + esc <= EXPORT_TEXT_MAX;
}

/* Parses values into x->cells. Logs and returns false on the first bad
 * one; nothing is written. */
static bool
parse_row(struct exporter *x, const char *const *values)
{
	for (size_t c = 0; c < x->ncols; c++) {
		struct cell *cl = &x->cells[c];
		const char *s = values[c];
		bool ok = true;

		cl->empty = s == NULL || *s == '\0';
		if (cl->empty)
			continue;
		switch (x->types[c]) {
		case COL_TEXT:
			ok = text_ok(x->fmt, s);
			break;
		case COL_INT:
			ok = parse_int(s, &cl->n);
			break;
		case COL_DATE:
			ok = parse_date(s, &cl->dt);
			break;
		case COL_DATETIME:
			ok = parse_unix(s, &cl->dt);
			break;
		case COL_LOCALTIME:
			ok = parse_local(s, &cl->dt);
			break;
		}
		if (!ok) {
			log_warn(NULL, "export: row %zu column %zu: not a "
			    "valid %s value", x->rows + 1, c + 1,
			    type_names[x->types[c]]);
			return false;
		}
	}
	return true;
}

/* ---- CSV ---- */

static void
csv_flush(struct exporter *x)
{
	if (x->err != E_OK || x->len == 0)
		return;
	if (x->sink(x->ctx, x->buf, x->len) != 0) {
		log_err(NULL, "export: the sink refused %zu bytes", x->len);
		x->err = E_SYS;
	}
	x->len = 0;
}

/* Appends to the buffer, handing it to the sink each time it is full.
 * Does nothing once spent. */
static void
csv_put(struct exporter *x, const char *p, size_t n)
{
	while (n > 0 && x->err == E_OK) {
		size_t k;

		if (x->len == sizeof(x->buf))
			csv_flush(x);
		k = sizeof(x->buf) - x->len;
		if (k > n)
			k = n;
		memcpy(x->buf + x->len, p, k);
		x->len += k;
		p += k;
		n -= k;
	}
}

/* A text field: quoted when it holds a separator (',' or ';', which
 * French-Canadian Excel splits on), a quote or a line break; quotes
 * doubled; an apostrophe before a leading = + - @ tab or CR, and after
 * every ',' or ';' followed by one, so no piece a spreadsheet may split
 * off starts a formula (see export.h). */
static void
csv_text(struct exporter *x, const char *s)
{
	static const char formula[] = "=+-@\t\r";
	bool quote = strpbrk(s, ",;\"\r\n") != NULL;
	size_t n;

	if (quote)
		csv_put(x, "\"", 1);
	if (*s != '\0' && strchr(formula, *s) != NULL)
		csv_put(x, "'", 1);
	while (*s != '\0') {
		n = strcspn(s, "\",;");
		csv_put(x, s, n);
		s += n;
		if (*s == '"') {
			csv_put(x, "\"\"", 2);
			s++;
		} else if (*s != '\0') {	/* a separator */
			csv_put(x, s, 1);
			s++;
			if (*s != '\0' && strchr(formula, *s) != NULL)
				csv_put(x, "'", 1);
		}
	}
	if (quote)
		csv_put(x, "\"", 1);
}

static void
csv_row(struct exporter *x, const char *const *values)
{
	char tmp[32];
	int n;

	for (size_t c = 0; c < x->ncols; c++) {
		const struct cell *cl = &x->cells[c];

		if (c > 0)
			csv_put(x, ",", 1);
		if (cl->empty) {
			/* a lone empty field would make a blank line, which
			 * readers skip */
			if (x->ncols == 1)
				csv_put(x, "\"\"", 2);
			continue;
		}
		switch (x->types[c]) {
		case COL_TEXT:
			csv_text(x, values[c]);
			break;
		case COL_INT:
			n = snprintf(tmp, sizeof(tmp), "%lld", cl->n);
			csv_put(x, tmp, (size_t)n);
			break;
		case COL_DATE:
			csv_put(x, values[c], 10);
			break;
		case COL_DATETIME:
			n = snprintf(tmp, sizeof(tmp),
			    "%04d-%02d-%02dT%02d:%02d:%02dZ", cl->dt.year,
			    cl->dt.month, cl->dt.day, cl->dt.hour, cl->dt.min,
			    (int)cl->dt.sec);
			csv_put(x, tmp, (size_t)n);
			break;
		case COL_LOCALTIME:
			csv_put(x, values[c], 16);
			break;
		}
	}
	csv_put(x, "\r\n", 2);
}

/* ---- XLSX ---- */

static enum rerr
lxw_fail(struct exporter *x, const char *what, lxw_error rc)
{
	log_err(NULL, "export: %s: %s", what, lxw_strerror(rc));
	x->err = E_SYS;
	return E_SYS;
}

/* Closes the descriptors libxlsxwriter left open on files of our
 * directory: 1.1.4 leaks its sheet's temporary file when workbook_close()
 * fails (a full disk) or with lxw_workbook_free(), and the unlinked file
 * would keep its disk space as long as the worker lives. Only called once
 * libxlsxwriter is done with the workbook; their FILEs are lost anyway. */
static void
close_strays(struct exporter *x)
{
	char link[32], target[PATH_MAX];
	size_t dirlen = strlen(x->dir);
	struct dirent *e;
	ssize_t n;
	DIR *d;
	int fd, closed = 0;

	if (dirlen == 0 || (d = opendir("/proc/self/fd")) == NULL)
		return;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		fd = atoi(e->d_name);
		if (fd == dirfd(d) || fd == x->fd)
			continue;
		snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
		n = readlink(link, target, sizeof(target) - 1);
		if (n <= 0)
			continue;
		target[n] = '\0';
		if ((size_t)n > dirlen && target[dirlen] == '/' &&
		    strncmp(target, x->dir, dirlen) == 0) {
			close(fd);
			closed++;
		}
	}
	closedir(d);
	if (closed > 0)
		log_warn(NULL, "export: closed %d descriptors libxlsxwriter "
		    "left open", closed);
}

/* libxlsxwriter 1.1.4 ignores write errors on the sheet's temporary file
 * and would make a truncated sheet of it: check its stream ourselves,
 * flushing it when `flush`. False, with x->err set, after a failed
 * write: E_FULL for a full disk or quota, else E_SYS. */
static bool
sheet_file_ok(struct exporter *x, bool flush)
{
	FILE *f = x->ws->optimize_tmpfile;
	int e;

	if (f == NULL || (!ferror(f) && !flush))
		return true;
	errno = 0;
	if (fflush(f) == 0 && !ferror(f))
		return true;
	e = errno;
	log_err(NULL, "export: writing the sheet's temporary file: %s",
	    e != 0 ? strerror(e) : "failed");
	x->err = e == ENOSPC || e == EDQUOT ? E_FULL : E_SYS;
	return false;
}

/* Removes the temporary file and directory, whatever is left of them. */
static void
xlsx_unlink(struct exporter *x)
{
	if (x->path[0] != '\0' && unlink(x->path) == -1 && errno != ENOENT)
		log_err(NULL, "export: unlink %s: %s", x->path,
		    strerror(errno));
	x->path[0] = '\0';
	if (x->dir[0] != '\0' && rmdir(x->dir) == -1 && errno != ENOENT)
		log_err(NULL, "export: rmdir %s: %s", x->dir, strerror(errno));
	x->dir[0] = '\0';
}

static enum rerr xlsx_sheet(struct exporter *);

static enum rerr
xlsx_open(struct exporter *x)
{
	lxw_workbook_options opt = { .constant_memory = LXW_TRUE };
	const char *tmp;
	int n;

	if ((tmp = secure_getenv("TMPDIR")) == NULL || *tmp != '/')
		tmp = "/tmp";
	n = snprintf(x->dir, sizeof(x->dir), "%s/returns-export.XXXXXX",
	    tmp);
	if (n < 0 || (size_t)n >= sizeof(x->dir) ||
	    mkdtemp(x->dir) == NULL) {
		log_err(NULL, "export: mkdtemp in %s: %s", tmp,
		    n < 0 || (size_t)n >= sizeof(x->dir) ? "name too long" :
		    strerror(errno));
		x->dir[0] = '\0';
		return E_SYS;
	}
	/* fits: dir is 16 bytes shorter than path */
	snprintf(x->path, sizeof(x->path), "%s/book.XXXXXX", x->dir);
	if ((x->fd = mkostemp(x->path, O_CLOEXEC)) == -1) {
		log_err(NULL, "export: mkostemp in %s: %s", x->dir,
		    strerror(errno));
		x->path[0] = '\0';
		return E_SYS;
	}

	/* Its own temporary files go in our directory too; it unlinks them
	 * as soon as they are made. */
	opt.tmpdir = x->dir;
	if ((x->wb = workbook_new_opt(x->path, &opt)) == NULL) {
		log_err(NULL, "export: workbook_new_opt failed");
		return E_SYS;
	}
	if ((x->bold = workbook_add_format(x->wb)) == NULL ||
	    (x->f_int = workbook_add_format(x->wb)) == NULL ||
	    (x->f_date = workbook_add_format(x->wb)) == NULL ||
	    (x->f_datetime = workbook_add_format(x->wb)) == NULL) {
		log_err(NULL, "export: workbook_add_format failed");
		return E_SYS;
	}
	format_set_bold(x->bold);
	format_set_num_format(x->f_int, "0");
	format_set_num_format(x->f_date, "yyyy-mm-dd");
	format_set_num_format(x->f_datetime, "yyyy-mm-dd hh:mm");
	return xlsx_sheet(x);
}

/* Adds a sheet with the header row and makes it the one written: the
 * first takes the exporter's sheet name, the next ones "<name> (2)", ...
 * (the name cut to fit Excel's 31 characters). */
static enum rerr
xlsx_sheet(struct exporter *x)
{
	const struct export_col *cols = x->cols;
	char name[sizeof(x->sheet) + 16];
	lxw_error rc;

	if (x->nsheets == 0)
		snprintf(name, sizeof(name), "%s", x->sheet);
	else {
		char suffix[16];
		size_t keep, len;

		snprintf(suffix, sizeof(suffix), " (%d)", x->nsheets + 1);
		/* whole characters of the name, room for the suffix */
		keep = SHEET_MAX - strlen(suffix);
		for (len = 0; x->sheet[len] != '\0' && keep > 0; keep--)
			do
				len++;
			while ((x->sheet[len] & 0xc0) == 0x80);
		snprintf(name, sizeof(name), "%.*s%s", (int)len, x->sheet,
		    suffix);
	}
	if ((x->ws = workbook_add_worksheet(x->wb, name)) == NULL) {
		log_err(NULL, "export: workbook_add_worksheet failed");
		return E_SYS;
	}
	if (x->nsheets++ == 0)
		x->first = x->ws;
	x->sheet_rows = 0;
	for (size_t c = 0; c < x->ncols; c++) {
		double w = cols[c].width;

		if (w == 0 && cols[c].type == COL_DATE)
			w = WIDTH_DATE;
		else if (w == 0 && (cols[c].type == COL_DATETIME ||
		    cols[c].type == COL_LOCALTIME))
			w = WIDTH_DATETIME;
		if (w > 0 && (rc = worksheet_set_column(x->ws, (lxw_col_t)c,
		    (lxw_col_t)c, w, NULL)) != LXW_NO_ERROR)
			return lxw_fail(x, "worksheet_set_column", rc);
	}
	worksheet_freeze_panes(x->ws, 1, 0);
	for (size_t c = 0; c < x->ncols; c++)
		if ((rc = worksheet_write_string(x->ws, 0, (lxw_col_t)c,
		    xlsx_text(x, cols[c].title), x->bold)) != LXW_NO_ERROR)
			return lxw_fail(x, "header", rc);
	return E_OK;
}

/* The filter over the header and the rows of the sheet being written. */
static enum rerr
xlsx_filter(struct exporter *x)
{
	lxw_error rc = worksheet_autofilter(x->ws, 0, 0,
	    (lxw_row_t)x->sheet_rows, (lxw_col_t)(x->ncols - 1));

	return rc == LXW_NO_ERROR ? E_OK : lxw_fail(x, "worksheet_autofilter",
	    rc);
}

static enum rerr
xlsx_row(struct exporter *x, const char *const *values)
{
	lxw_row_t r;
	lxw_error rc = LXW_NO_ERROR;

	/* a full sheet: its filter, its file checked, then the next one */
	if (x->sheet_rows >= x->sheet_max && (xlsx_filter(x) != E_OK ||
	    !sheet_file_ok(x, true) || xlsx_sheet(x) != E_OK))
		return x->err != E_OK ? x->err : (x->err = E_SYS);
	r = (lxw_row_t)(x->sheet_rows + 1);

	for (size_t c = 0; c < x->ncols && rc == LXW_NO_ERROR; c++) {
		const struct cell *cl = &x->cells[c];
		lxw_col_t col = (lxw_col_t)c;

		if (cl->empty)
			continue;
		switch (x->types[c]) {
		case COL_TEXT:
			rc = worksheet_write_string(x->ws, r, col,
			    xlsx_text(x, values[c]), NULL);
			break;
		case COL_INT:
			rc = worksheet_write_number(x->ws, r, col,
			    (double)cl->n, x->f_int);
			break;
		case COL_DATE:
			rc = worksheet_write_datetime(x->ws, r, col,
			    (lxw_datetime *)&cl->dt, x->f_date);
			break;
		case COL_DATETIME:
		case COL_LOCALTIME:
			rc = worksheet_write_datetime(x->ws, r, col,
			    (lxw_datetime *)&cl->dt, x->f_datetime);
			break;
		}
	}
	if (rc != LXW_NO_ERROR)
		return lxw_fail(x, "writing a cell", rc);
	if (!sheet_file_ok(x, false))
		return x->err;
	x->sheet_rows++;
	return E_OK;
}

/* Completes the workbook (which frees it), then streams the file. */
static enum rerr
xlsx_close(struct exporter *x)
{
	const lxw_col_t last = (lxw_col_t)(x->ncols - 1);
	lxw_chart *chart;
	lxw_chart_series *ser;
	lxw_error rc;
	ssize_t n;

	if (xlsx_filter(x) != E_OK)
		return x->err;
	if (x->chart && x->rows > 0) {
		/* the first sheet's rows */
		const lxw_row_t lr = (lxw_row_t)(x->rows < x->sheet_max ?
		    x->rows : x->sheet_max);
		const lxw_col_t cc = (lxw_col_t)x->cat_col;
		const lxw_col_t vc = (lxw_col_t)x->value_col;

		if ((chart = workbook_add_chart(x->wb, LXW_CHART_COLUMN)) ==
		    NULL || (ser = chart_add_series(chart, NULL, NULL)) ==
		    NULL) {
			log_err(NULL, "export: cannot add a chart");
			x->err = E_SYS;
			return E_SYS;
		}
		chart_series_set_categories(ser, x->sheet, 1, cc, lr, cc);
		chart_series_set_values(ser, x->sheet, 1, vc, lr, vc);
		chart_series_set_name_range(ser, x->sheet, 0, vc);
		chart_title_set_name(chart, x->chart_title);
		chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
		if ((rc = worksheet_insert_chart(x->first, 1, last + 2, chart)) !=
		    LXW_NO_ERROR)
			return lxw_fail(x, "worksheet_insert_chart", rc);
	}
	if (!sheet_file_ok(x, true))
		return x->err;
	errno = 0;
	rc = workbook_close(x->wb);
	x->wb = NULL;
	if (rc != LXW_NO_ERROR) {
		int saved = errno;

		lxw_fail(x, "workbook_close", rc);
		close_strays(x);
		if (saved == ENOSPC || saved == EDQUOT)
			x->err = E_FULL;
		return x->err;
	}

	/* Only our descriptor keeps the file now. */
	xlsx_unlink(x);
	if (lseek(x->fd, 0, SEEK_SET) == -1) {
		log_err(NULL, "export: lseek: %s", strerror(errno));
		x->err = E_SYS;
		return E_SYS;
	}
	for (;;) {
		n = read(x->fd, x->buf, sizeof(x->buf));
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			log_err(NULL, "export: read: %s", strerror(errno));
			x->err = E_SYS;
			return E_SYS;
		}
		if (n == 0)
			break;
		if (x->sink(x->ctx, x->buf, (size_t)n) != 0) {
			log_err(NULL, "export: the sink refused %zd bytes", n);
			x->err = E_SYS;
			return E_SYS;
		}
	}
	return E_OK;
}

/* ---- the API ---- */

static bool
sheet_name_ok(const char *s)
{
	size_t len = strlen(s);

	return len > 0 && utf8_valid(s, len) && utf8_len(s) <= SHEET_MAX &&
	    !has_control(s) && strpbrk(s, "[]:*?/\\\t\r\n") == NULL &&
	    s[0] != '\'' && s[len - 1] != '\'' && strcasecmp(s, "History") != 0;
}

static void
exporter_free(struct exporter *x)
{
	if (x->wb != NULL) {
		/* lxw_workbook_free() (1.1.4) leaves the constant_memory
		 * file of the sheet open: close it, or its fd and disk space
		 * stay with the worker */
		lxw_worksheet *ws;

		LXW_FOREACH_WORKSHEET(ws, x->wb)
			if (ws->optimize_tmpfile != NULL) {
				fclose(ws->optimize_tmpfile);
				ws->optimize_tmpfile = NULL;
				ws->file = NULL;
			}
		lxw_workbook_free(x->wb);	/* writes nothing */
		close_strays(x);
	}
	if (x->fd != -1)
		close(x->fd);
	xlsx_unlink(x);
	free(x->chart_title);
	for (size_t c = 0; x->cols != NULL && c < x->ncols; c++)
		free((char *)x->cols[c].title);
	free(x->cols);
	buf_free(&x->scratch);
	free(x->cells);
	free(x->types);
	free(x);
}

enum rerr
export_open(enum export_fmt fmt, const char *sheet_name,
    const struct export_col *cols, size_t ncols, export_sink sink, void *ctx,
    struct exporter **out)
{
	struct exporter *x = NULL;
	enum rerr err = E_INVALID;

	if (out != NULL)
		*out = NULL;
	if (sheet_name == NULL)
		sheet_name = "Sheet1";
	if ((fmt != EXPORT_CSV && fmt != EXPORT_XLSX) || out == NULL ||
	    sink == NULL || cols == NULL || ncols == 0 ||
	    ncols > EXPORT_COLS_MAX) {
		log_err(NULL, "export: bad arguments to export_open");
		goto fail;
	}
	if (!sheet_name_ok(sheet_name)) {
		log_err(NULL, "export: bad sheet name");
		goto fail;
	}
	for (size_t c = 0; c < ncols; c++) {
		const struct export_col *k = &cols[c];

		if (k->title == NULL || !text_ok(fmt, k->title) ||
		    (k->type != COL_TEXT && k->type != COL_INT &&
		    k->type != COL_DATE && k->type != COL_DATETIME &&
		    k->type != COL_LOCALTIME) ||
		    !(k->width >= 0 && k->width <= WIDTH_MAX)) {
			log_err(NULL, "export: column %zu: bad title, type or "
			    "width", c + 1);
			goto fail;
		}
	}

	err = E_SYS;
	if ((x = calloc(1, sizeof(*x))) == NULL ||
	    (x->types = calloc(ncols, sizeof(*x->types))) == NULL ||
	    (x->cells = calloc(ncols, sizeof(*x->cells))) == NULL ||
	    (x->cols = calloc(ncols, sizeof(*x->cols))) == NULL) {
		log_err(NULL, "export: out of memory");
		goto fail;
	}
	x->fmt = fmt;
	x->sink = sink;
	x->ctx = ctx;
	x->ncols = ncols;
	x->fd = -1;
	/* fits: at most SHEET_MAX characters of at most 4 bytes */
	snprintf(x->sheet, sizeof(x->sheet), "%s", sheet_name);
	x->sheet_max = EXPORT_ROWS_MAX;
	for (size_t c = 0; c < ncols; c++) {
		x->types[c] = cols[c].type;
		x->cols[c] = cols[c];
		if ((x->cols[c].title = strdup(cols[c].title)) == NULL) {
			log_err(NULL, "export: out of memory");
			goto fail;
		}
	}

	if (fmt == EXPORT_XLSX) {
		if ((err = xlsx_open(x)) != E_OK)
			goto fail;
	} else {
		csv_put(x, "\xef\xbb\xbf", 3);
		for (size_t c = 0; c < ncols; c++) {
			if (c > 0)
				csv_put(x, ",", 1);
			csv_text(x, cols[c].title);
		}
		if (ncols == 1 && cols[0].title[0] == '\0')
			csv_put(x, "\"\"", 2);
		csv_put(x, "\r\n", 2);
		if ((err = x->err) != E_OK)
			goto fail;
	}
	*out = x;
	return E_OK;
fail:
	if (x != NULL)
		exporter_free(x);
	return err;
}

enum rerr
export_row(struct exporter *x, const char *const *values)
{
	if (x == NULL || values == NULL) {
		log_err(NULL, "export: export_row without exporter or values");
		return E_INVALID;
	}
	if (x->err != E_OK)
		return x->err;
	if (!parse_row(x, values))
		return E_INVALID;
	if (x->fmt == EXPORT_XLSX) {
		if (xlsx_row(x, values) != E_OK)
			return x->err;
	} else
		csv_row(x, values);
	if (x->err == E_OK)
		x->rows++;
	return x->err;
}

enum rerr
export_sheet_rows(struct exporter *x, size_t n)
{
	if (x == NULL || n == 0 || n > EXPORT_ROWS_MAX || x->rows > 0) {
		log_err(NULL, "export: bad rows per sheet");
		return E_INVALID;
	}
	x->sheet_max = n;
	return E_OK;
}

enum rerr
export_chart(struct exporter *x, const char *title, size_t cat_col,
    size_t value_col)
{
	size_t len;

	if (x == NULL)
		return E_INVALID;
	if (x->err != E_OK)
		return x->err;
	if (x->chart || cat_col >= x->ncols || value_col >= x->ncols ||
	    x->types[value_col] != COL_INT || title == NULL ||
	    (len = strlen(title)) == 0 || !utf8_valid(title, len) ||
	    utf8_len(title) > TITLE_MAX || title[0] == '=') {
		log_err(NULL, "export: bad chart (columns %zu, %zu)",
		    cat_col + 1, value_col + 1);
		return E_INVALID;
	}
	if ((x->chart_title = strdup(title)) == NULL) {
		log_err(NULL, "export: out of memory");
		x->err = E_SYS;
		return E_SYS;
	}
	x->chart = true;
	x->cat_col = cat_col;
	x->value_col = value_col;
	return E_OK;
}

enum rerr
export_close(struct exporter *x)
{
	enum rerr err;

	if (x == NULL)
		return E_OK;
	if (x->err == E_OK) {
		if (x->fmt == EXPORT_XLSX)
			xlsx_close(x);
		else
			csv_flush(x);
	}
	err = x->err;
	exporter_free(x);
	return err;
}

const char *
export_mime(enum export_fmt fmt)
{
	switch (fmt) {
	case EXPORT_CSV:
		return "text/csv; charset=utf-8";
	case EXPORT_XLSX:
		return "application/vnd.openxmlformats-officedocument."
		    "spreadsheetml.sheet";
	}
	return NULL;
}

const char *
export_ext(enum export_fmt fmt)
{
	switch (fmt) {
	case EXPORT_CSV:
		return "csv";
	case EXPORT_XLSX:
		return "xlsx";
	}
	return NULL;
}
