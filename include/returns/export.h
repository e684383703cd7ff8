/* export.h -- tables streamed out as CSV or Excel .xlsx (infrastructure).
 *
 * The Returns tab downloads its tables (forecast, history, the list of
 * returns: up to a million rows) with these. Rows go in one at a time and
 * the file comes out through a sink callback in chunks, in constant
 * memory: nothing holds the whole file.
 *
 *	struct exporter *x;
 *	if ((err = export_open(EXPORT_CSV, "Returns", cols, 3, sink, ctx,
 *	    &x)) != E_OK)
 *		return err;
 *	while (... more rows ... && err == E_OK)
 *		err = export_row(x, values);
 *	err2 = export_close(x);		(always; frees x)
 *
 * Layout, both formats: row 1 is the header (the column titles), data
 * from row 2. There is no title row above the header, so that the file
 * reads back as a plain table (CSV importers, pandas, Excel's filters and
 * pivot tables all expect the header first); the title is the sheet name,
 * the chart's title and the file name the caller gives.
 *
 * CSV (RFC 4180): UTF-8 starting with a byte-order mark (EF BB BF) so
 * Excel shows accents; CRLF after every row, the last included; a field is
 * quoted ("...") when it holds a comma, a quote, CR or LF, with quotes
 * doubled inside. Dates are ISO: "YYYY-MM-DD", date-times in UTC as
 * "YYYY-MM-DDTHH:MM:SSZ". Formula injection (OWASP "CSV injection"): a
 * text cell (COL_TEXT, and the column titles) whose first byte is '=',
 * '+', '-', '@', tab or CR is written with an apostrophe in front ("'=1+1"),
 * which spreadsheets show as text and never evaluate; the apostrophe is
 * visible in other readers. Numbers meant as numbers belong in COL_INT
 * columns, which are validated and never prefixed ("-2" stays -2).
 * The file leaves through the sink in chunks of EXPORT_CHUNK bytes (the
 * last one shorter) as rows are added: the exporter never holds more.
 *
 * XLSX (libxlsxwriter, constant_memory mode): a sheet with a bold header
 * row, frozen (it stays in view while scrolling), an autofilter over the
 * header and all rows, the column widths given. A sheet holds at most
 * EXPORT_ROWS_MAX data rows (Excel's limit); the rows after them go on to a
 * second sheet "<name> (2)" with the same header, and so on: no row is
 * left out. Text cells are inline strings
 * shown as given, a leading '=' included: a string cell is never a
 * formula. (Control characters come out as Excel's "_x0001_" escapes, and
 * text that already looks like one, "_x0041_", is escaped in turn so it
 * shows as typed.) COL_INT cells are numbers (format "0"); COL_DATE and
 * COL_DATETIME cells are real Excel dates (formats "yyyy-mm-dd" and
 * "yyyy-mm-dd hh:mm", the latter in UTC).
 * libxlsxwriter 1.1.4 can only write a named file, so the sheet goes to a
 * temporary file in a private directory (mode 0700) made under $TMPDIR
 * (when absolute), or /tmp: rows are written to it as they come, and
 * export_close() finishes the file, unlinks it and streams it to the sink
 * in chunks of at most EXPORT_CHUNK bytes; nothing reaches the sink
 * before. The temporary file and directory are removed whatever happens
 * (short of the process being killed). Disk: the sheet's XML, ~55 bytes
 * a cell, then the finished file beside it (measured: 200,000 rows of 5
 * columns need 56 MiB; 1,000,000 rows about 320 MB), all freed by
 * export_close(). Keep TMPDIR off a tmpfs, where that would be memory.
 * libxlsxwriter itself prints "[ERROR] ..." lines on stderr when it fails.
 *
 * Errors: E_INVALID for bad arguments or values (see each function);
 * E_FULL (XLSX) when the temporary file's disk or quota is full; E_SYS
 * when the sink refuses a chunk (returns non-zero: usually the client went
 * away), or a temporary file, libxlsxwriter or the system fails. The
 * reason is logged (log_warn for values, log_err for failures) with row
 * and column numbers, never a cell's value. After an E_FULL or E_SYS the
 * exporter is spent: every call returns the same error until
 * export_close(), which still frees everything. After an E_INVALID from
 * export_row() nothing of that row was written and the exporter can go on.
 *
 * No global state: exporters are independent of each other. An exporter
 * is not safe to share between threads.
 */
#ifndef RETURNS_EXPORT_H
#define RETURNS_EXPORT_H

#include <stddef.h>

#include "returns/err.h"

#define EXPORT_CHUNK	16384	/* bytes: the internal buffer, sink chunks */
#define EXPORT_COLS_MAX	256	/* columns in a table */
#define EXPORT_TEXT_MAX	32767	/* characters in an XLSX text cell (Excel) */
#define EXPORT_ROWS_MAX	1048575	/* XLSX data rows under the header (Excel) */

enum export_fmt {
	EXPORT_CSV,
	EXPORT_XLSX
};

enum col_type {
	COL_TEXT,	/* UTF-8 text */
	COL_INT,	/* integer as decimal text: -?[0-9]+, |n| < 2^53 */
	COL_DATE,	/* "YYYY-MM-DD", years 1900-9999; XLSX: an Excel date */
	COL_DATETIME,	/* unix seconds as decimal text, 1900-9999 in UTC;
			 * CSV "YYYY-MM-DDTHH:MM:SSZ", XLSX an Excel datetime */
	COL_LOCALTIME	/* "YYYY-MM-DD HH:MM", a wall-clock time in a zone
			 * the column's title names; CSV as given, XLSX an
			 * Excel datetime */
};

struct export_col {
	const char	*title;	/* header cell, UTF-8, not NULL */
	enum col_type	 type;
	double		 width;	/* XLSX width in characters, 0 = a default
				 * that fits the type (dates: 11, date-times:
				 * 17, others: Excel's 8.43); up to 255 */
};

/* Receives the file in order, in chunks of at most EXPORT_CHUNK bytes
 * (len > 0). data is only valid during the call. Returns 0, or any other
 * value to abort the export (export_* then return E_SYS). */
typedef int	(*export_sink)(void *ctx, const void *data, size_t len);

struct exporter;

/* Starts a file of `fmt` with the header row from cols[0..ncols-1] and
 * sets *out to a new exporter, which the caller must pass to
 * export_close() on every path (it frees it). cols is copied: it need not
 * outlive the call. sink and ctx must stay valid until export_close().
 * sheet_name names the XLSX sheet; NULL means "Sheet1". It is checked for
 * both formats (so a CSV-only test catches a bad one) and ignored for CSV:
 * at most 31 characters, none of []:*?/\, not starting or ending with an
 * apostrophe, and not "History" (reserved by Excel).
 * For CSV the byte-order mark and header may reach the sink now or with
 * the first rows; for XLSX nothing reaches the sink before export_close().
 * E_INVALID for a bad sheet name, ncols 0 or over EXPORT_COLS_MAX, a NULL
 * or invalid UTF-8 title, a bad type or width, or a NULL sink or out;
 * E_SYS when the temporary file or libxlsxwriter fails, or the sink
 * refuses. On error *out is NULL and nothing is left to free. */
enum rerr	 export_open(enum export_fmt fmt, const char *sheet_name,
		    const struct export_col *cols, size_t ncols,
		    export_sink sink, void *ctx, struct exporter **out);

/* Adds one row: values[0..ncols-1] as text, converted by column type (see
 * enum col_type). NULL or "" is an empty cell. The values are not kept.
 * E_INVALID, with nothing written, for a value that does not parse as its
 * type, text that is not UTF-8 (or, for XLSX, over EXPORT_TEXT_MAX
 * characters, 6 more for each "_xHHHH_" in it); E_FULL or E_SYS as above
 * (XLSX: a full disk shows here, as soon as the sheet's temporary file
 * cannot grow). */
enum rerr	 export_row(struct exporter *, const char *const *values);

/* XLSX: a new sheet every n data rows (1 <= n <= EXPORT_ROWS_MAX, the
 * default), set before the first row. CSV: checked, then ignored.
 * E_INVALID for n out of range or rows already written. */
enum rerr	 export_sheet_rows(struct exporter *, size_t n);

/* XLSX: adds a native column chart of the numbers in column value_col
 * (which must be COL_INT) against the categories in column cat_col, over
 * all the rows written by export_close(), with `title` above it and the
 * value column's title naming the series. It is placed to the right of the
 * table, one column apart, from row 2. Meant for the short tables (the
 * history's 12 months, 53 weeks or 366 days): Excel draws a bar per row.
 * Can be called any time before export_close(), at most once; without
 * data rows no chart is added. It covers the first sheet's rows.
 * CSV: checks the arguments the same way and does nothing else.
 * E_INVALID for columns out of range, a value column not COL_INT, a NULL,
 * empty, non-UTF-8 or over 255-character title, or one starting with '='
 * (libxlsxwriter would take it as a formula), or a second chart. */
enum rerr	 export_chart(struct exporter *, const char *title,
		    size_t cat_col, size_t value_col);

/* Finishes the file and streams what remains of it to the sink, then
 * frees the exporter and removes its temporary files, also on error and
 * when the exporter is spent (then nothing more reaches the sink and the
 * earlier error is returned). NULL is a no-op returning E_OK. E_FULL or
 * E_SYS when libxlsxwriter, the temporary file or the sink fails: what
 * reached the sink (if anything) is then a truncated file, and the caller
 * should not answer as if it were whole. */
enum rerr	 export_close(struct exporter *);

/* "text/csv; charset=utf-8" and "application/vnd.openxmlformats-
 * officedocument.spreadsheetml.sheet"; NULL for an unknown format. */
const char	*export_mime(enum export_fmt);
/* "csv" and "xlsx" (no dot); NULL for an unknown format. */
const char	*export_ext(enum export_fmt);

#endif
