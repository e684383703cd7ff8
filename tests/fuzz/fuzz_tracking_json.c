/* fuzz_tracking_json.c -- tracking_parse_json(), the body of POST
 * /api/tracking/events and of returnsctl tracking import. */
#include "tevent_check.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_memdup(data, size);	/* not NUL-terminated */
	struct tevent *ev = (struct tevent *)1;
	size_t n = 12345;
	char err[96];
	enum rerr r;

	r = tracking_parse_json(text, size, EV_BATCH_MAX, &ev, &n, err,
	    sizeof(err));
	check_events(r, ev, n, err, sizeof(err));
	CHECK(n <= EV_BATCH_MAX);
	free(ev);
	free(text);
	return 0;
}
