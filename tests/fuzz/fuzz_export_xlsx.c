/* fuzz_export_xlsx.c -- the Excel exporter (export_open(EXPORT_XLSX),
 * export_sheet_rows, export_row, export_close): text escaping, value
 * parsing, the sheet split, the temporary files.
 *
 * Input: as fuzz_export_csv.c (byte 0: bits 0-2 the number of columns - 1,
 * bit 3 fuzzed column titles, bit 4 a sink that refuses everything, bit 5
 * a fuzzed sheet name; bytes 1-2: the column types, 2 bits each; then
 * NUL-separated fields: the sheet name, the titles, one row of values),
 * plus byte 0 bit 6: a new sheet every row. The row is written three
 * times.
 *
 * Checks: export_open and export_row accept exactly what the CSV exporter
 * accepts (inputs are far under Excel's 32,767 characters a cell, the
 * only rule of its own); each row gives the same answer; a kept file is a
 * zip (local header first, end-of-central-directory record last); the
 * refusing sink gets E_SYS at export_close; and nothing is left in the
 * exporter's TMPDIR, whatever happened. */
#include <dirent.h>
#include <unistd.h>

#include "fuzz.h"

#include "returns/buf.h"
#include "returns/export.h"

#include "export_sink.h"

#define NCOLS_MAX	8

static char tmpdir[64];

int LLVMFuzzerInitialize(int *, char ***);

static void
tmpdir_remove(void)
{
	rmdir(tmpdir);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/fuzz-xlsx.XXXXXX");
	CHECK(mkdtemp(tmpdir) != NULL);
	CHECK(setenv("TMPDIR", tmpdir, 1) == 0);
	atexit(tmpdir_remove);
	return 0;
}

static void
tmpdir_empty(void)
{
	DIR *d = opendir(tmpdir);
	struct dirent *e;

	CHECK(d != NULL);
	while ((e = readdir(d)) != NULL)
		CHECK(strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..")
		    == 0);
	closedir(d);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fdp d = { data, size };
	uint8_t flags = fdp_u8(&d);
	unsigned types = (unsigned)fdp_u64(&d, 2);
	size_t ncols = (flags & 7) + 1;
	bool refuse = flags & 16;
	char *sheet = flags & 32 ? fdp_str(&d) : NULL;
	char *titles[NCOLS_MAX], *values[NCOLS_MAX];
	struct export_col cols[NCOLS_MAX];
	struct exporter *x = NULL, *c = NULL;
	struct buf out = { 0 }, csv = { 0 };
	enum rerr rx, rc, row_csv;

	for (size_t i = 0; i < ncols; i++) {
		titles[i] = flags & 8 ? fdp_str(&d) : NULL;
		cols[i].title = titles[i] != NULL ? titles[i] : "Column";
		cols[i].type = (enum col_type)(types >> (2 * i) & 3);
		cols[i].width = 0;
	}
	for (size_t i = 0; i < ncols; i++)
		values[i] = fdp_str_or_null(&d, true);

	/* what the CSV exporter says, for the same arguments */
	rc = export_open(EXPORT_CSV, sheet, cols, ncols, sink_keep, &csv, &c);
	row_csv = rc == E_OK ? export_row(c, (const char *const *)values) :
	    E_INVALID;
	CHECK(export_close(c) == E_OK);

	rx = export_open(EXPORT_XLSX, sheet, cols, ncols,
	    refuse ? sink_refuse : sink_keep, &out, &x);
	CHECK(rx == rc);
	if (rx != E_OK) {
		CHECK(x == NULL);
		goto done;
	}
	if (flags & 64)
		CHECK(export_sheet_rows(x, 1) == E_OK);
	for (int k = 0; k < 3; k++)
		CHECK(export_row(x, (const char *const *)values) == row_csv);
	CHECK(out.len == 0);		/* nothing before export_close */
	rx = export_close(x);
	if (refuse) {
		CHECK(rx == E_SYS);
		goto done;
	}
	CHECK(rx == E_OK);
	CHECK(out.len > 26 && memcmp(out.data, "PK\3\4", 4) == 0);
	/* the end-of-central-directory record: its signature 22 bytes from
	 * the end (no archive comment) */
	CHECK(memcmp(out.data + out.len - 22, "PK\5\6", 4) == 0);
done:
	tmpdir_empty();
	buf_free(&out);
	buf_free(&csv);
	for (size_t i = 0; i < ncols; i++) {
		free(titles[i]);
		free(values[i]);
	}
	free(sheet);
	return 0;
}
