/* fuzz_tracking_csv.c -- tracking_parse_csv() (returnsctl tracking
 * import FILE), the file given as a FILE * over the input (fmemopen). */
#include "tevent_check.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	void *copy;
	FILE *fp;
	struct tevent *ev = (struct tevent *)1;
	size_t n = 12345;
	char err[96];
	enum rerr r;

	if (size == 0)
		return 0;	/* fmemopen wants at least a byte */
	copy = fuzz_memdup(data, size);
	if ((fp = fmemopen(copy, size, "r")) == NULL)
		abort();
	r = tracking_parse_csv(fp, &ev, &n, err, sizeof(err));
	check_events(r, ev, n, err, sizeof(err));
	fclose(fp);
	free(ev);
	free(copy);
	return 0;
}
