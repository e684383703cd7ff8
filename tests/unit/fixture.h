/* fixture.h -- the policy and the customer's return the unit tests about
 * returns share (test_reports, test_tracking): plain values that pass
 * every check, string literals only. */
#ifndef TESTS_FIXTURE_H
#define TESTS_FIXTURE_H

#include <stdint.h>
#include <string.h>

#include "returns/policy.h"
#include "returns/shipment.h"

/* A Regular Parcel policy "Main" of the merchant, letter labels. */
static inline void
fixture_policy(struct policy *p, int64_t merchant_id)
{
	memset(p, 0, sizeof(*p));
	p->merchant_id = merchant_id;
	p->name = "Main";
	p->channel = "both";
	p->service = "regular";
	p->company = p->contact = p->line1 = p->city = "X";
	p->line2 = p->order_q_en = p->order_q_fr = "";
	p->instructions_en = p->instructions_fr = "";
	p->province = "ON";
	p->postal = "K1A 0B1";
	p->label_format = "letter";
}

/* A customer's printed-label return from Ottawa, 1 kg. */
static inline void
fixture_shipment(struct shipment *s)
{
	memset(s, 0, sizeof(*s));
	s->method = "label";
	s->lang = "en";
	s->name = "N";
	s->line1 = "1 A St";
	s->line2 = "";
	s->city = "Ottawa";
	s->province = "ON";
	s->postal = "K1A 0B1";
	s->email = "c@example.com";
	s->ra_number = "";
	s->order_answer = "";
	s->weight_g = 1000;
}

#endif
