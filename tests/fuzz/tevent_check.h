/* tevent_check.h -- what tracking_parse_json() and tracking_parse_csv()
 * promise about the events they return (shared by their drivers). */
#ifndef FUZZ_TEVENT_CHECK_H
#define FUZZ_TEVENT_CHECK_H

#include "fuzz.h"

#include "returns/tracking.h"
#include "returns/tracknum.h"
#include "returns/valid.h"

static inline void
check_events(enum rerr r, struct tevent *ev, size_t n, const char *err,
    size_t errlen)
{
	if (r != E_OK) {
		CHECK(r == E_INVALID);
		CHECK(ev == NULL && n == 0);
		CHECK(memchr(err, '\0', errlen) != NULL);
		return;
	}
	CHECK(n == 0 || ev != NULL);
	for (size_t i = 0; i < n; i++) {
		const struct tevent *e = &ev[i];
		size_t il = strnlen(e->event_id, sizeof(e->event_id));
		size_t ll = strnlen(e->location, sizeof(e->location));
		int64_t t = e->at + e->utc_offset;
		enum ev_type back;

		CHECK(il >= 1 && il <= EV_ID_MAX);
		CHECK(utf8_valid(e->event_id, il) && !has_control(e->event_id));
		CHECK(ll < sizeof(e->location) && utf8_valid(e->location, ll));
		CHECK(utf8_len(e->location) <= EV_LOC_MAX);
		CHECK(!has_control(e->location));
		CHECK(tracknum_pin_shape(e->tracking));
		CHECK(e->type >= EV_ACCEPTED && e->type <= EV_DELIVERED);
		CHECK(ev_type_parse(ev_type_name(e->type), &back) == 0 &&
		    back == e->type);
		CHECK(e->utc_offset > -15 * 3600 && e->utc_offset < 15 * 3600);
		/* local time within years 2000..2100 */
		CHECK(t >= 946684800LL && t < 4133980800LL + 86400);
	}
}

#endif
