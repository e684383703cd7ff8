/* carrier_local.c -- the offline carrier: self-issued specimen labels and
 * numbers (make run, the demo, the tests). Nothing leaves the machine:
 * numbers are this installation's header + a sequence the caller
 * allocated (tracknum.h), labels are drawn on demand by label.c and say
 * that they are specimens, tracking arrives through the signed feed, and
 * there is no carrier account (payment stays with the card gateway and
 * contracts that billing staff verify). */
#include <stdio.h>
#include <string.h>

#include "returns/carrier.h"
#include "returns/tracknum.h"

enum rerr	 local_init(char *, size_t);
enum carrier_err local_create_label(const struct carrier_account *,
		    const struct carrier_label_req *, struct carrier_label *,
		    struct carrier_fail *);
enum carrier_err local_track(const struct carrier_account *, const char *,
		    struct carrier_event **, size_t *, struct carrier_fail *);
enum carrier_err local_account(const struct carrier_account *,
		    struct carrier_info *, struct carrier_fail *);
enum carrier_err local_reg_token(char *, size_t, struct carrier_fail *);
bool		 local_reg_url(const char *, const char *, const char *,
		    char *, size_t);
enum carrier_err local_reg_info(const char *, struct carrier_registration *,
		    struct carrier_fail *);
enum carrier_err local_check(const char *, char *, size_t);

enum rerr
local_init(char *err, size_t len)
{
	(void)err;
	(void)len;
	return E_OK;
}

bool
carrier_specimen_number(int64_t seq, char out[17])
{
	return seq >= 0 && tracknum_make(TRACKNUM_HEADER, seq % 100000000, out);
}

enum carrier_err
local_create_label(const struct carrier_account *a,
    const struct carrier_label_req *r, struct carrier_label *l,
    struct carrier_fail *f)
{
	(void)a;
	if (!carrier_specimen_number(r->seq, l->pin)) {
		snprintf(f->message, sizeof(f->message), "bad sequence");
		return CE_UNEXPECTED;
	}
	snprintf(l->ref, sizeof(l->ref), "local");
	return CE_OK;
}

enum carrier_err
local_track(const struct carrier_account *a, const char *pin,
    struct carrier_event **ev, size_t *n, struct carrier_fail *f)
{
	(void)a;
	(void)pin;
	(void)ev;
	(void)n;
	(void)f;
	return CE_NO_HISTORY;	/* events come through the feed */
}

enum carrier_err
local_account(const struct carrier_account *a, struct carrier_info *i,
    struct carrier_fail *f)
{
	(void)a;
	(void)i;
	snprintf(f->message, sizeof(f->message), "no carrier account with "
	    "the local carrier");
	return CE_NOT_LINKED;
}

enum carrier_err
local_reg_token(char *token, size_t len, struct carrier_fail *f)
{
	(void)token;
	(void)len;
	snprintf(f->message, sizeof(f->message), "no merchant registration "
	    "with the local carrier");
	return CE_NOT_LINKED;
}

bool
local_reg_url(const char *token, const char *ret, const char *lang,
    char *out, size_t len)
{
	(void)token;
	(void)ret;
	(void)lang;
	(void)out;
	(void)len;
	return false;
}

enum carrier_err
local_reg_info(const char *token, struct carrier_registration *r,
    struct carrier_fail *f)
{
	(void)token;
	(void)r;
	snprintf(f->message, sizeof(f->message), "no merchant registration "
	    "with the local carrier");
	return CE_NOT_LINKED;
}

enum carrier_err
local_check(const char *customer, char *line, size_t len)
{
	(void)customer;
	snprintf(line, len, "carrier local: self-issued specimen labels, not "
	    "valid for mailing; nothing to reach");
	return CE_OK;
}
