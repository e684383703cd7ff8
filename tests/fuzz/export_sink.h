/* export_sink.h -- the two sinks of the export drivers (fuzz_export_csv.c,
 * fuzz_export_xlsx.c): one keeps the file in a struct buf, one refuses
 * every chunk; both check the chunk sizes export.h promises. */
#ifndef FUZZ_EXPORT_SINK_H
#define FUZZ_EXPORT_SINK_H

#include "fuzz.h"

#include "returns/buf.h"
#include "returns/export.h"

static int
sink_keep(void *ctx, const void *p, size_t n)
{
	CHECK(n > 0 && n <= EXPORT_CHUNK);
	buf_append(ctx, p, n);
	return 0;
}

static int
sink_refuse(void *ctx, const void *p, size_t n)
{
	(void)ctx;
	(void)p;
	CHECK(n > 0 && n <= EXPORT_CHUNK);
	return -1;
}

#endif
