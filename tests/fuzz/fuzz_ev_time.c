/* fuzz_ev_time.c -- ev_time_parse(): when it accepts a time, the offset
 * is at most 14:59 either way, the local date is a real day of years
 * 2000..2100, and writing the result back out canonically parses to the
 * same instant and offset. */
#include <time.h>

#include "fuzz.h"

#include "returns/tracking.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = fuzz_strndup(data, size), canon[40];
	int64_t at = 0, at2 = 0;
	int off = 0, off2 = 0, a;
	struct tm tm;
	time_t local;

	if (ev_time_parse(s, &at, &off)) {
		CHECK(off >= -(14 * 3600 + 59 * 60) &&
		    off <= 14 * 3600 + 59 * 60);
		local = (time_t)(at + off);
		CHECK(gmtime_r(&local, &tm) != NULL);
		CHECK(tm.tm_year + 1900 >= 2000 && tm.tm_year + 1900 <= 2101);
		a = off < 0 ? -off : off;
		snprintf(canon, sizeof(canon),
		    "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		    tm.tm_min, tm.tm_sec, off < 0 ? '-' : '+', a / 3600,
		    a / 60 % 60);
		if (tm.tm_year + 1900 <= 2100) {
			CHECK(ev_time_parse(canon, &at2, &off2));
			CHECK(at2 == at && off2 == off);
		}
	}
	free(s);
	return 0;
}
