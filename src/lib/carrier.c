/* carrier.c -- see include/returns/carrier.h: the carrier chosen in the
 * configuration, and what every carrier shares (the error names). */
#include <stdio.h>
#include <string.h>

#include "returns/carrier.h"
#include "returns/config.h"

/* One carrier's functions (carrier_local.c, carrier_canadapost.c). */
struct carrier_ops {
	const char	*name;
	bool		 self_issued, offers_qr;
	enum rerr	(*init)(char *, size_t);
	enum carrier_err (*create_label)(const struct carrier_account *,
			    const struct carrier_label_req *,
			    struct carrier_label *, struct carrier_fail *);
	enum carrier_err (*track)(const struct carrier_account *,
			    const char *, struct carrier_event **, size_t *,
			    struct carrier_fail *);
	enum carrier_err (*account)(const struct carrier_account *,
			    struct carrier_info *, struct carrier_fail *);
	enum carrier_err (*reg_token)(char *, size_t, struct carrier_fail *);
	bool		(*reg_url)(const char *, const char *, const char *,
			    char *, size_t);
	enum carrier_err (*reg_info)(const char *,
			    struct carrier_registration *,
			    struct carrier_fail *);
	enum carrier_err (*check)(const char *, char *, size_t);
};

/* carrier_local.c */
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
/* carrier_canadapost.c */
enum rerr	 cp_init(char *, size_t);
enum carrier_err cp_create_label(const struct carrier_account *,
		    const struct carrier_label_req *, struct carrier_label *,
		    struct carrier_fail *);
enum carrier_err cp_track(const struct carrier_account *, const char *,
		    struct carrier_event **, size_t *, struct carrier_fail *);
enum carrier_err cp_account(const struct carrier_account *,
		    struct carrier_info *, struct carrier_fail *);
enum carrier_err cp_reg_token(char *, size_t, struct carrier_fail *);
bool		 cp_reg_url(const char *, const char *, const char *, char *,
		    size_t);
enum carrier_err cp_reg_info(const char *, struct carrier_registration *,
		    struct carrier_fail *);
enum carrier_err cp_check(const char *, char *, size_t);

static const struct carrier_ops carriers[] = {
	{ "local", true, true, local_init, local_create_label, local_track,
	    local_account, local_reg_token, local_reg_url, local_reg_info,
	    local_check },
	{ "canadapost", false, false, cp_init, cp_create_label, cp_track,
	    cp_account, cp_reg_token, cp_reg_url, cp_reg_info, cp_check },
};

static const struct carrier_ops *cur = &carriers[0];

static const char *const err_names[CE__N] = {
	"ok", "auth", "standing", "no_payment", "address", "service",
	"unreachable", "rate_limited", "not_linked", "no_history",
	"unexpected"
};

const char *
carrier_err_name(enum carrier_err e)
{
	return (unsigned)e < CE__N ? err_names[e] : "unexpected";
}

const char *
carrier_err_key(enum carrier_err e)
{
	static const char *const keys[CE__N] = {
		"carrier.err.ok", "carrier.err.auth", "carrier.err.standing",
		"carrier.err.no_payment", "carrier.err.address",
		"carrier.err.service", "carrier.err.unreachable",
		"carrier.err.rate_limited", "carrier.err.not_linked",
		"carrier.err.no_history", "carrier.err.unexpected"
	};

	return (unsigned)e < CE__N ? keys[e] : keys[CE_UNEXPECTED];
}

enum rerr
carrier_init(char *err, size_t errlen)
{
	const char *want = config_carrier();

	for (size_t i = 0; i < sizeof(carriers) / sizeof(*carriers); i++)
		if (strcmp(carriers[i].name, want) == 0) {
			cur = &carriers[i];
			return cur->init(err, errlen);
		}
	snprintf(err, errlen, "carrier: %s: local or canadapost", want);
	return E_INVALID;
}

const char *
carrier_name(void)
{
	return cur->name;
}

bool
carrier_self_issued(void)
{
	return cur->self_issued;
}

bool
carrier_offers_qr(void)
{
	return cur->offers_qr;
}

static void
fail_clear(struct carrier_fail *f)
{
	memset(f, 0, sizeof(*f));
}

enum carrier_err
carrier_create_label(const struct carrier_account *a,
    const struct carrier_label_req *r, struct carrier_label *l,
    struct carrier_fail *f)
{
	fail_clear(f);
	return f->code = cur->create_label(a, r, l, f);
}

enum carrier_err
carrier_track(const struct carrier_account *a, const char *pin,
    struct carrier_event **ev, size_t *n, struct carrier_fail *f)
{
	fail_clear(f);
	*ev = NULL;
	*n = 0;
	return f->code = cur->track(a, pin, ev, n, f);
}

enum carrier_err
carrier_account_read(const struct carrier_account *a,
    struct carrier_info *i, struct carrier_fail *f)
{
	fail_clear(f);
	memset(i, 0, sizeof(*i));
	return f->code = cur->account(a, i, f);
}

enum carrier_err
carrier_reg_token(char *token, size_t len, struct carrier_fail *f)
{
	fail_clear(f);
	return f->code = cur->reg_token(token, len, f);
}

bool
carrier_reg_url(const char *token, const char *return_url, const char *lang,
    char *out, size_t len)
{
	return cur->reg_url(token, return_url, lang, out, len);
}

enum carrier_err
carrier_reg_info(const char *token, struct carrier_registration *r,
    struct carrier_fail *f)
{
	fail_clear(f);
	memset(r, 0, sizeof(*r));
	return f->code = cur->reg_info(token, r, f);
}

enum carrier_err
carrier_check(const char *customer_number, char *line, size_t len)
{
	return cur->check(customer_number, line, len);
}
