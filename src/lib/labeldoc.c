/* labeldoc.c -- see include/returns/labeldoc.h. */
#include <stdio.h>
#include <string.h>

#include "returns/calendar.h"
#include "returns/label.h"
#include "returns/labeldoc.h"

/* The catalogue's message of key in lang with {tracking} filled in. */
static const char *
with_tracking(enum lang l, const char *key, const char *tracking,
    struct arena *a)
{
	const char *m = i18n_get(l, key), *p = strstr(m, "{tracking}");

	if (p == NULL)
		return m;
	return arena_printf(a, "%.*s%s%s", (int)(p - m), m, tracking,
	    p + strlen("{tracking}"));
}

const char *
labeldoc_filename(enum lang l, const char *tracking, struct arena *a)
{
	return with_tracking(l, "label.pdf_file", tracking, a);
}

enum rerr
labeldoc_pdf(struct db *db, const struct shipment *s, const struct policy *p,
    enum lang l, struct arena *a, struct buf *out)
{
	struct label_data d;
	char qr[64];

	/* the carrier's own label, stored when it was made */
	if (strcmp(s->carrier, "local") != 0)
		return shipment_label_file(db, s->id, out);
	snprintf(qr, sizeof(qr), "%s %s", s->tracking, p->number);
	memset(&d, 0, sizeof(d));
	d.format = p->label_format;
	d.tracking = s->tracking;
	d.service_en = i18n_get(LANG_EN, arena_printf(a, "service.%s",
	    s->service));
	d.service_fr = i18n_get(LANG_FR, arena_printf(a, "service.%s",
	    s->service));
	d.policy_number = p->number;
	d.ra_number = s->ra_number;
	d.order_q_en = p->order_q_en;
	d.order_q_fr = p->order_q_fr;
	d.order_answer = s->order_answer;
	d.qr_text = qr;
	d.weight_g = s->weight_g;
	d.created = tz_format(a, s->created_at, "UTC", false);
	d.expires = tz_format(a, s->expires_at, "UTC", false);
	d.from = (struct label_addr){ s->name, "", s->line1, s->line2,
	    s->city, s->province, s->postal };
	d.to = (struct label_addr){ p->contact, p->company, p->line1,
	    p->line2, p->city, p->province, p->postal };
	d.specimen = 1;
	d.title = with_tracking(l, "label.pdf_title", s->tracking, a);
	return label_pdf(&d, out);
}
