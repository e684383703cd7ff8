/* carrier.h -- the only door between the domain and a carrier (domain
 * layer's view of infrastructure).
 *
 * One carrier per installation, chosen in returns.conf (`carrier = local |
 * canadapost`, environment RETURNS_CARRIER):
 *   local       self-issued specimen labels and numbers (make run, the
 *               demo, the tests); nothing leaves the machine.
 *   canadapost  Canada Post's web services (carrier_canadapost.c), through
 *               the XML "soa" API or the OAuth2 + JSON "portal".
 * No XML, JSON or curl type crosses this header, and no carrier message
 * reaches a customer as is: callers get an enum carrier_err, which the web
 * layer translates (carrier_err_key()); the carrier's own code and
 * description go to the log at ERROR and into struct carrier_fail for
 * the operator's tools.
 */
#ifndef RETURNS_CARRIER_H
#define RETURNS_CARRIER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "returns/buf.h"
#include "returns/err.h"

enum carrier_err {
	CE_OK = 0,
	CE_AUTH,		/* bad credentials (or the wrong host's key) */
	CE_STANDING,		/* account or contract not in good standing */
	CE_NO_PAYMENT,		/* no (valid) payment method on file */
	CE_ADDRESS,		/* invalid address or postal code: see field */
	CE_SERVICE,		/* service not offered to this account */
	CE_UNREACHABLE,		/* could not connect, TLS failed, timed out */
	CE_RATE_LIMITED,	/* over the carrier's limit: wait a minute */
	CE_NOT_LINKED,		/* the merchant has no carrier account */
	CE_NO_HISTORY,		/* tracking: nothing scanned yet */
	CE_UNEXPECTED,		/* an answer we cannot read, or a fault */
	CE__N
};

/* "carrier.err.<name>": the catalogue key of an error's message. */
const char	*carrier_err_key(enum carrier_err);
/* A short English name for logs and the command line ("auth", ...). */
const char	*carrier_err_name(enum carrier_err);

/* What went wrong, for logs and returnsctl; never shown to customers. */
struct carrier_fail {
	enum carrier_err code;
	char	 field[16];	/* CE_ADDRESS: "name", "line1", "line2",
				   "city", "province", "postal" or "" */
	char	 carrier_code[32];	/* the carrier's own code */
	char	 message[256];		/* the carrier's description */
	int	 http_status;	/* 0 when no answer */
};

/* The merchant's account at the carrier. The API key is the merchant's
 * own (merchant registration) or empty: the installation's key is used. */
struct carrier_account {
	char	 customer_number[16];
	char	 contract_number[16];	/* "" without a contract */
	char	 api_user[128];
	char	 api_password[128];
};

struct carrier_addr {
	const char *name, *company, *line1, *line2, *city, *province, *postal;
};

struct carrier_label_req {
	const char	*service;	/* ours: priority, xpresspost,
					   expedited, regular */
	const char	*format;	/* "letter" (8.5x11) or "4x6" */
	struct carrier_addr returner;	/* the customer */
	struct carrier_addr receiver;	/* the policy's return address */
	const char	*receiver_email;	/* or NULL */
	int		 weight_g;
	const char	*ref1, *ref2;	/* the merchant's references */
	const char	*lang;		/* "en" or "fr" */
	int64_t		 seq;		/* local: the number's sequence */
};

struct carrier_label {
	char		 pin[17];	/* the tracking number */
	struct buf	 pdf;		/* the carrier's own label, or empty
					   (local: drawn on demand) */
	char		 ref[256];	/* the carrier's reference for it */
};

/* A carrier's tracking event, mapped to our four kinds. */
struct carrier_event {
	char	 code[16];		/* the carrier's event code */
	int	 type;			/* enum ev_type (tracking.h) */
	int64_t	 at;
	int	 utc_offset;
	char	 description[256];
	char	 location[128];
};

struct carrier_info {
	char	 customer_number[16];
	char	 contract_number[16];	/* "" without a contract */
	bool	 contract_good;		/* the contract is in good standing */
	bool	 has_card;		/* a default credit card on file */
};

/* Merchant registration (Canada Post: platform's merchant linking). */
struct carrier_registration {
	char	 customer_number[16];
	char	 contract_number[16];
	char	 api_user[128];
	char	 api_password[128];
	bool	 has_card;
};

/* Reads the configuration (config.h): E_INVALID with why in err for an
 * unusable one (unknown carrier, missing key file, plain http to a host
 * other than loopback). Call once at start, after config_load(). */
enum rerr	 carrier_init(char *err, size_t errlen);
const char	*carrier_name(void);		/* "local" or "canadapost" */
/* Whether labels are drawn and numbered here (local): no network. */
bool		 carrier_self_issued(void);
/* Whether a customer can get a QR code for the post office instead of a
 * printed label with this carrier. */
bool		 carrier_offers_qr(void);

/* The local carrier's self-issued specimen number for sequence seq into
 * out (the demo's generated history uses it whatever the carrier).
 * false when seq is negative. */
bool		 carrier_specimen_number(int64_t seq, char out[17]);

/* Creates a return label. `pdf` is the carrier's artifact, fetched
 * through the link its answer gives; lab->pdf is freed by the caller
 * (buf_free) whatever the result. */
enum carrier_err carrier_create_label(const struct carrier_account *,
		    const struct carrier_label_req *, struct carrier_label *,
		    struct carrier_fail *);
/* All the events of one tracking number; *ev is malloc'd (free()), *n
 * may be 0. CE_NO_HISTORY when the carrier has none yet. */
enum carrier_err carrier_track(const struct carrier_account *,
		    const char *pin, struct carrier_event **ev, size_t *n,
		    struct carrier_fail *);
/* Reads a merchant's account: contract and its standing, card on file. */
enum carrier_err carrier_account_read(const struct carrier_account *,
		    struct carrier_info *, struct carrier_fail *);
/* Registration: a token, the URL to send the merchant's browser to (with
 * return_url), then what the carrier tells of the merchant. */
enum carrier_err carrier_reg_token(char *token, size_t len,
		    struct carrier_fail *);
/* The sign-in page's address with its query, into out (NUL-terminated);
 * false when it does not fit. */
bool		 carrier_reg_url(const char *token, const char *return_url,
		    const char *lang, char *out, size_t len);
enum carrier_err carrier_reg_info(const char *token,
		    struct carrier_registration *, struct carrier_fail *);
/* One harmless, unbilled call with the installation's key; a line saying
 * what works into line. customer_number: the account to read (NULL: the
 * platform's). */
enum carrier_err carrier_check(const char *customer_number, char *line,
		    size_t len);

#endif
