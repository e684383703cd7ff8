/* reports.h -- the Returns tab's numbers: forecast, history, the list of
 * returns and each return's events (domain layer).
 *
 * Every function takes the merchant and only ever reads that merchant's
 * returns. Dates are civil dates in the merchant's time zone. Strings
 * come from the arena passed in.
 */
#ifndef RETURNS_REPORTS_H
#define RETURNS_REPORTS_H

#include <stdbool.h>
#include <stdint.h>

#include "returns/buf.h"
#include "returns/calendar.h"
#include "returns/db.h"

#define FORECAST_DAYS		5
#define OBSERVED_MIN		20	/* deliveries before observed times
					   replace the published standard */

/* Published delivery standard of a service, in business days. */
int		 service_standard_days(const char *service);

struct fc_group {			/* one policy or one service */
	const char	*key;		/* policy number or service id */
	const char	*label;		/* policy name ("" for services) */
	int		 days[FORECAST_DAYS];
	int		 overdue;
	int		 total;
};

struct forecast {
	struct ymd	 today;
	struct ymd	 days[FORECAST_DAYS];	/* the next business days */
	int		 counts[FORECAST_DAYS];
	int		 overdue;		/* expected before today */
	int		 later;			/* after the fifth day */
	int		 in_transit;		/* all counted */
	int64_t		 latest_data;		/* newest event received, 0 */
	struct fc_group	*policies;
	size_t		 npolicies;
	struct fc_group	*services;
	size_t		 nservices;
	/* transit days used per service: observed (median) or standard */
	struct {
		const char	*service;
		int		 days;
		bool		 observed;
		int		 samples;
	}		 transit[4];
	/* the overdue returns, oldest expected first (up to
	 * FORECAST_OVERDUE_LIST; strings in the arena) */
	struct fc_overdue {
		const char	*tracking, *policy;
		struct ymd	 expected;
	}		*late;
	size_t		 nlate;
};
#define FORECAST_OVERDUE_LIST	100

/* What needs the merchant's attention now: suspended policies, returns
 * in exception that changed in the last 7 days, labels that expire
 * unused within ATTENTION_EXPIRING_DAYS. Counts stop at
 * ATTENTION_CAP (read from indexes, never the whole history). */
#define ATTENTION_EXPIRING_DAYS	3
#define ATTENTION_CAP		1000
struct attention {
	int	 suspended, exceptions, expiring;
};
enum rerr	 report_attention(struct db *, int64_t merchant_id,
		    int64_t now, struct attention *);
/* Returns of the last 365 days by the reason their customer gave
 * (reason_counts, kept by the writes: a year's rows of a few reasons,
 * whatever the history): the catalogue's in shipment_reasons' order (0
 * when none), then the merchants' own (policy.h: "c:...") most given
 * first, at most REASONS_OWN_SHOWN of them. */
#define REASONS_OWN_SHOWN	10
struct reason_count {
	const char	*reason;	/* as kept on the returns */
	int		 n;
};
enum rerr	 report_reasons(struct db *, int64_t merchant_id, int64_t now,
		    struct arena *, struct reason_count **out, size_t *n);
enum rerr	 report_forecast(struct db *, int64_t merchant_id,
		    const char *tz, int64_t now, struct arena *,
		    struct forecast *out);

enum hist_by { BY_MONTH, BY_WEEK, BY_DAY };
int		 hist_by_parse(const char *, enum hist_by *);
const char	*hist_by_name(enum hist_by);

struct hist_period {
	char		 key[12];	/* "2026-11", "2026-W48", "2026-11-26" */
	struct ymd	 start;		/* first day of the period */
	int		 count;
};

struct hist_total {
	const char	*key;		/* policy number or service id */
	const char	*label;
	int		 count;
};

struct history {
	enum hist_by	 by;
	/* one window for every view: the first day of the month eleven
	 * months back, to today, inclusive (weeks: the first one starts
	 * on its Monday, before `from`, and counts from `from`) */
	struct ymd	 from, to;
	struct hist_period *periods;	/* every period, zeros included */
	size_t		 nperiods;
	int		 total;
	int		 max;		/* largest period count */
	struct hist_total *policies;
	size_t		 npolicies;
	struct hist_total *services;
	size_t		 nservices;
	int64_t		 latest_data;
};

/* Every policy of the merchant (deleted ones too: their returns stay),
 * numbers as keys and names as labels, by number; counts are 0. */
enum rerr	 report_policies(struct db *, int64_t merchant_id,
		    struct arena *, struct hist_total **out, size_t *n);

/* Returns delivered in the last 12 months, by period; policy and service
 * ("" for all) narrow it. */
enum rerr	 report_history(struct db *, int64_t merchant_id,
		    const char *tz, enum hist_by, const char *policy,
		    const char *service, int64_t now, struct arena *,
		    struct history *out);

/* The list of returns. */
struct ret_filter {
	const char	*q;		/* the beginning of a tracking, RA or
					 * order number, the customer's name
					 * or its last word, or the email */
	const char	*status;	/* "" or a status id, or "expired":
					 * a label created and not used in
					 * time ("created" is then the
					 * others) */
	const char	*policy;	/* "" or a policy number */
	const char	*from, *to;	/* "" or YYYY-MM-DD (created, local) */
	int		 page;		/* 1-based */
	int		 per;		/* rows a page: 25, 50 (0) or 100 */
	int64_t		 now;		/* what "expired" is measured at */
	int		 sort;		/* enum ret_sort */
	bool		 asc;		/* else descending */
};

/* The list's order: by creation (newest first unless asc), or by another
 * column, which sorts the matching returns: up to LIST_SORT_MAX of them
 * (report_list says when there are more and keeps the date order). */
enum ret_sort { RS_CREATED, RS_TRACKING, RS_POLICY, RS_CUSTOMER, RS_STATUS,
    RS_DELIVERED, RS__N };
#define LIST_SORT_MAX	10000

struct ret_row {
	char		 tracking[17];
	const char	*policy;	/* number */
	const char	*name;
	const char	*ra_number;
	const char	*order_answer;
	const char	*service;
	const char	*status;
	const char	*method;
	int		 weight_g;
	int64_t		 created_at;
	int64_t		 accepted_at;	/* 0 */
	int64_t		 delivered_at;	/* 0 */
	int64_t		 expires_at;	/* status "expired" past it */
	const char	*reason, *reason_text;	/* "" when not given */
	/* how to reach the customer, as they typed it */
	const char	*email;
	const char	*line1, *line2, *city, *province, *postal;
};

#define LIST_PAGE	50		/* rows a page unless asked */
#define LIST_PAGE_MAX	100
/* The merchant's returns by state (return_counts, kept by the writes),
 * of one policy when policy is not "": counts[i] for the states created
 * (still usable at now), expired (created, not used in time: counted up
 * to LIST_COUNT_CAP * 10 from the index), accepted, in_transit,
 * exception, delivered. */
enum rerr	 report_state_counts(struct db *, int64_t merchant_id,
		    const char *policy, int64_t now, int counts[6]);
#define LIST_COUNT_CAP	1000

/* One page of returns in the filter's order; *total is the number
 * matching. Its cost does not grow with the merchant's history (see
 * reports.c): under a date range or a search the count stops at
 * LIST_COUNT_CAP (LIST_SORT_MAX when sorting by another column than the
 * date), and *more says that more than *total match. A sort by another
 * column over more than LIST_SORT_MAX returns is not done: the page is in
 * date order and *unsorted is true. */
enum rerr	 report_list(struct db *, int64_t merchant_id, const char *tz,
		    const struct ret_filter *, struct arena *,
		    struct ret_row **out, size_t *n, int *total, bool *more,
		    bool *unsorted);
/* Every matching return, in order, one callback per row (constant
 * memory: the row is valid during the call only). The callback returns
 * non-zero to stop. */
enum rerr	 report_list_each(struct db *, int64_t merchant_id,
		    const char *tz, const struct ret_filter *,
		    int (*cb)(void *, const struct ret_row *), void *ctx);

struct ret_event {
	const char	*type;
	int64_t		 at;
	int		 utc_offset;
	const char	*location;
	const char	*description;	/* the carrier's words, or "" */
};
/* One return by tracking number, with its events (oldest first).
 * E_NOTFOUND when not the merchant's. */
enum rerr	 report_return(struct db *, int64_t merchant_id,
		    const char *tracking, struct arena *, struct ret_row *row,
		    struct ret_event **ev, size_t *nev);

#endif
