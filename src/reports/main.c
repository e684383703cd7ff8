/* reports.fcgi -- the Returns tab: the five-business-day forecast, the
 * 12-month history (month, ISO week or day) with its chart, the list of
 * returns and each return's events; every table as CSV and Excel. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "returns/export.h"
#include "returns/log.h"
#include "returns/page.h"
#include "returns/reports.h"
#include "returns/shipment.h"
#include "returns/server.h"
#include "returns/tracknum.h"

static const char *const statuses[] = { "created", "expired", "accepted",
    "in_transit", "exception", "delivered", NULL };
static const char *const services[] = { "priority", "xpresspost",
    "expedited", "regular" };

static const char *
day_str(struct req *r, struct ymd d)
{
	char *s = arena_alloc(r->arena, 11);

	ymd_format(d, s);
	return s;
}

static const char *
local_str(struct req *r, int64_t t, const char *tz, bool with_time)
{
	return tz_format(r->arena, t, tz, with_time);
}

static const char *
svc_label(struct req *r, const char *svc)
{
	return T_of(r, "service", svc);
}

/* A period as people say it: "January 2026" / "janvier 2026", "Week of
 * November 30, 2026" / "Semaine du 30 novembre 2026", a day in words. */
static const char *
period_words(struct req *r, enum hist_by by, struct ymd start)
{
	if (by == BY_MONTH)
		return arena_printf(r->arena, "%s %d", T_(r, arena_printf(
		    r->arena, "mname.%02d", start.m)), start.y);
	if (by == BY_WEEK)
		return T_s(r, "history.week_of", "date", T_ymd(r, start));
	return T_ymd(r, start);
}

/* The chart's short label under a bar: "Jan 26" / "janv. 26", or the
 * day of a week or a day: "30 Nov" / "30 nov." */
static const char *
period_short(struct req *r, enum hist_by by, struct ymd start)
{
	const char *m = T_(r, arena_printf(r->arena, "mabbr.%02d", start.m));

	if (by == BY_MONTH)
		return arena_printf(r->arena, "%s %02d", m, start.y % 100);
	return r->lang == LANG_FR ? arena_printf(r->arena, "%d %s", start.d,
	    m) : arena_printf(r->arena, "%s %d", m, start.d);
}

/* Why, in words: "Damaged", "Other: the zip broke", "Not given". */
static const char *
reason_words(struct req *r, const struct ret_row *row)
{
	const char *l;

	if (*row->reason == '\0')
		return *row->reason_text ? row->reason_text :
		    T_(r, "reason.none");
	l = T_reason(r, row->reason);
	return *row->reason_text ? arena_printf(r->arena, "%s%s: %s", l,
	    r->lang == LANG_FR ? "\u00a0" : "", row->reason_text) : l;
}

static const char *
status_label(struct req *r, const char *st)
{
	return T_of(r, "rstatus", st);
}

/* A return's state as the merchant sees it: a label created and not
 * used by its expiry is "expired". */
static const char *
shown_status(const struct req *r, const struct ret_row *row)
{
	return strcmp(row->status, "created") == 0 && row->expires_at > 0 &&
	    row->expires_at <= r->now ? "expired" : row->status;
}

/* The page with the tab's sub-navigation; `cur`: forecast, history,
 * list or NULL. */
static void
tab_page(struct page *pg, struct req *r, const char *tpl, const char *title,
    const char *cur)
{
	struct tdict *nav;

	page_init(pg, r, tpl, title, "returns");
	nav = tdict_add_include(pg->body, "SUBNAV", "returns_nav.tpl",
	    r->lang);
	if (cur != NULL)
		tdict_show(nav, arena_printf(r->arena, "cur_%s", cur));
}

static void
latest(struct req *r, struct tdict *d, int64_t t, const char *tz)
{
	if (t)
		tdict_set(tdict_add_section(d, "LATEST"), "latest",
		    local_str(r, t, tz, true));
	else
		tdict_show(d, "NO_DATA");
}

/* ---- downloads ---- */

/* The response opens with the first bytes of the file, so an exporter
 * that fails before writing anything still gets an error page. A write
 * that fails (the client left) stops the export. */
struct dl {
	struct req	*r;
	enum export_fmt	 fmt;
};

static int
sink(void *ctx, const void *p, size_t n)
{
	struct dl *d = ctx;

	if (!http_is_open(d->r))
		http_open(d->r, 200, export_mime(d->fmt));
	return http_write(d->r, p, n);
}

/* Opens a download named after what and today. fmt from the path. */
/* A column's title from the catalogue, "{tz}" the merchant's zone. */
static struct export_col
col(struct req *r, const char *key, enum col_type type, double width)
{
	struct export_col c = { T_s(r, key, "tz", r->sess.tz), type, width };

	return c;
}

static enum rerr
dl_open(struct req *r, enum export_fmt fmt, const char *what,
    const char *sheet, const struct export_col *cols, size_t n,
    struct exporter **ex)
{
	char day[11];
	struct ymd today;
	int off;
	const char *tz = r->sess.tz;

	civil_in_tz(r->now, tz, &today, &off);
	ymd_format(today, day);
	http_header(r, "Content-Disposition", arena_printf(r->arena,
	    "attachment; filename=\"returns-%s-%s.%s\"", what, day,
	    export_ext(fmt)));
	struct dl *d = arena_alloc(r->arena, sizeof(*d));

	d->r = r;
	d->fmt = fmt;
	return export_open(fmt, sheet, cols, n, sink, d, ex);
}

static bool
fmt_of(struct req *r, enum export_fmt *fmt)
{
	size_t n = strlen(r->path);

	if (n > 4 && strcmp(r->path + n - 4, ".csv") == 0)
		*fmt = EXPORT_CSV;
	else if (n > 5 && strcmp(r->path + n - 5, ".xlsx") == 0)
		*fmt = EXPORT_XLSX;
	else
		return false;
	return true;
}

/* ---- forecast ---- */

static void
fill_forecast(struct req *r, struct tdict *d, const struct forecast *f,
    const char *tz)
{
	for (int i = 0; i < FORECAST_DAYS; i++) {
		struct tdict *c = tdict_add_section(d, "fday");
		tdict_set(c, "date", day_str(r, f->days[i]));
		tdict_set(c, "weekday", T_(r, arena_printf(r->arena, "wd.%d",
		    ymd_weekday(f->days[i]))));
		tdict_set_int(c, "count", f->counts[i]);
	}
	tdict_set_int(d, "overdue", f->overdue);
	tdict_set_int(d, "later", f->later);
	tdict_set_int(d, "in_transit", f->in_transit);
	latest(r, d, f->latest_data, tz);
}

static void
fill_groups(struct req *r, struct tdict *d, const char *sec,
    const struct fc_group *g, size_t n, bool by_service,
    const struct ymd *days)
{
	for (size_t i = 0; i < n; i++) {
		struct tdict *row = tdict_add_section(d, sec);
		tdict_set(row, "key", by_service ? svc_label(r, g[i].key) :
		    g[i].key);
		tdict_set(row, "label", g[i].label);
		for (int k = 0; k < FORECAST_DAYS; k++) {
			struct tdict *c = tdict_add_section(row, "c");

			tdict_set_int(c, "n", g[i].days[k]);
			tdict_set(c, "d", day_str(r, days[k]));
		}
		tdict_set_int(row, "overdue", g[i].overdue);
		tdict_set_int(row, "total", g[i].total);
	}
}

static enum rerr
forecast_page(struct req *r)
{
	struct forecast f;
	struct page pg;
	const char *tz = r->sess.tz;
	enum rerr e;

	if ((e = report_forecast(r->db, r->sess.merchant_id, tz, r->now,
	    r->arena, &f)) != E_OK)
		return e;
	tab_page(&pg, r, "returns_forecast.tpl", "forecast.title",
	    "forecast");
	fill_forecast(r, pg.body, &f, tz);
	for (int k = 0; k < FORECAST_DAYS; k++) {
		struct tdict *h = tdict_add_section(pg.body, "head");
		tdict_set(h, "date", day_str(r, f.days[k]));
	}
	fill_groups(r, pg.body, "pol", f.policies, f.npolicies, false, f.days);
	fill_groups(r, pg.body, "svc", f.services, f.nservices, true, f.days);
	/* the overdue returns themselves, each a link */
	if (f.nlate > 0) {
		struct tdict *l = tdict_add_section(pg.body, "LATE");

		for (size_t i = 0; i < f.nlate; i++) {
			struct tdict *x = tdict_add_section(l, "late");
			tdict_set(x, "tracking", f.late[i].tracking);
			tdict_set(x, "policy", f.late[i].policy);
			tdict_set(x, "expected", day_str(r, f.late[i].expected));
		}
		if ((size_t)f.overdue > f.nlate)
			tdict_set(tdict_add_section(l, "MORE_LATE"), "more",
			    T_n(r, "forecast.late_more",
			    f.overdue - (long)f.nlate));
	}
	for (int i = 0; i < 4; i++) {
		/* "Priority: 1 business day (...)" */
		const char *line = T_(r, "forecast.transit_item");
		line = T_subst(r, line, "service",
		    svc_label(r, f.transit[i].service));
		line = T_subst(r, line, "days", T_n(r, "forecast.days",
		    f.transit[i].days));
		line = T_subst(r, line, "basis", f.transit[i].observed ?
		    T_n(r, "forecast.observed", f.transit[i].samples) :
		    T_(r, "forecast.standard"));
		tdict_set(tdict_add_section(pg.body, "transit"), "line", line);
	}
	return page_send(&pg, r, 200);
}

static enum rerr
forecast_download(struct req *r)
{
	struct export_col cols[] = {
		col(r, "dl.fc_state", COL_TEXT, 12),
		col(r, "dl.fc_date", COL_DATE, 0),
		col(r, "dl.policy", COL_TEXT, 12),
		col(r, "dl.policy_name", COL_TEXT, 24),
		col(r, "dl.fc_returns", COL_INT, 10),
		col(r, "dl.tracking", COL_TEXT, 18),
	};
	struct forecast f;
	struct exporter *ex;
	enum export_fmt fmt;
	const char *tz = r->sess.tz;
	const char *expected = T_(r, "dl.fc_expected");
	const char *overdue = T_(r, "dl.fc_overdue");
	char num[16];
	enum rerr e;

	if (!fmt_of(r, &fmt))
		return E_NOTFOUND;
	if ((e = report_forecast(r->db, r->sess.merchant_id, tz, r->now,
	    r->arena, &f)) != E_OK)
		return e;
	if ((e = dl_open(r, fmt, "forecast", T_(r, "dl.sheet_forecast"),
	    cols, 6, &ex)) != E_OK)
		return e;
	/* one table: the returns expected each day, per policy (they add
	 * up to the page's days), then each overdue return with its
	 * tracking number and the day it was expected */
	for (int d = 0; d < FORECAST_DAYS && e == E_OK; d++) {
		const char *date = day_str(r, f.days[d]);
		for (size_t i = 0; i < f.npolicies && e == E_OK; i++) {
			const char *v[6] = { expected, date, f.policies[i].key,
			    f.policies[i].label, num, "" };
			snprintf(num, sizeof(num), "%d", f.policies[i].days[d]);
			e = export_row(ex, v);
		}
	}
	for (size_t i = 0; i < f.nlate && e == E_OK; i++) {
		const char *name = "";
		const char *v[6] = { overdue, day_str(r, f.late[i].expected),
		    f.late[i].policy, "", "1", f.late[i].tracking };

		for (size_t k = 0; k < f.npolicies; k++)
			if (strcmp(f.policies[k].key, f.late[i].policy) == 0)
				name = f.policies[k].label;
		v[3] = name;
		e = export_row(ex, v);
	}
	if (e == E_OK && (size_t)f.overdue > f.nlate) {
		/* past the ones listed: how many more, in one row */
		const char *v[6] = { overdue, "", "", T_(r, "dl.fc_more"), num,
		    "" };
		snprintf(num, sizeof(num), "%d", f.overdue - (int)f.nlate);
		e = export_row(ex, v);
	}
	if (e != E_OK)
		log_err(r->id, "forecast download cut short");
	/* an XLSX that could not be finished has sent nothing yet: the
	 * server answers with the error page */
	return export_close(ex);
}

/* ---- history ---- */

static enum rerr
history_args(struct req *r, enum hist_by *by, const char **policy,
    const char **service)
{
	const char *b = kv_get(&r->query, "by");

	*by = BY_MONTH;
	if (b != NULL && hist_by_parse(b, by) != 0)
		return E_INVALID;
	*policy = kv_get(&r->query, "policy");
	*service = kv_get(&r->query, "service");
	if (*policy == NULL)
		*policy = "";
	if (*service == NULL)
		*service = "";
	return E_OK;
}

static const char *
query_of(struct req *r, enum hist_by by, const char *policy,
    const char *service)
{
	struct buf b = { 0 };
	const char *out;

	buf_printf(&b, "by=%s", hist_by_name(by));
	/* policy numbers and service ids are checked below: [A-Z0-9_a-z] */
	if (*policy)
		buf_printf(&b, "&policy=%s", policy);
	if (*service)
		buf_printf(&b, "&service=%s", service);
	out = arena_strdup(r->arena, b.data);
	buf_free(&b);
	return out;
}

static bool
safe_id(const char *s)
{
	return strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789_") == strlen(s) && strlen(s) < 32;
}

static enum rerr
history_page(struct req *r)
{
	struct history h;
	struct page pg;
	enum hist_by by;
	const char *policy, *service, *q;
	const char *tz = r->sess.tz;
	enum rerr e;

	if (history_args(r, &by, &policy, &service) != E_OK ||
	    !safe_id(policy) || !safe_id(service)) {
		page_error(r, 400, "history.bad");
		return E_OK;
	}
	if ((e = report_history(r->db, r->sess.merchant_id, tz, by, policy,
	    service, r->now, r->arena, &h)) != E_OK)
		return e;
	q = query_of(r, by, policy, service);
	tab_page(&pg, r, "returns_history.tpl", "history.title", "history");
	tdict_set(pg.body, "query", q);
	tdict_show(pg.body, arena_printf(r->arena, "by_%s", hist_by_name(by)));
	tdict_set(pg.body, "by", hist_by_name(by));
	tdict_set(pg.body, "by_label", T_(r, arena_printf(r->arena,
	    "history.by_%s", hist_by_name(by))));
	tdict_set(pg.body, "from", T_ymd(r, h.from));
	tdict_set(pg.body, "to", T_ymd(r, h.to));
	tdict_set_int(pg.body, "total", h.total);
	latest(r, pg.body, h.latest_data, tz);
	for (size_t i = h.nperiods; i-- > 0;) {
		struct tdict *p = tdict_add_section(pg.body, "period");
		tdict_set(p, "key", period_words(r, by, h.periods[i].start));
		tdict_set_int(p, "count", h.periods[i].count);
	}
	for (size_t i = 0; i < h.npolicies; i++) {
		struct tdict *p = tdict_add_section(pg.body, "pol");
		tdict_set(p, "key", h.policies[i].key);
		tdict_set(p, "label", h.policies[i].label);
		tdict_set_int(p, "count", h.policies[i].count);
		if (strcmp(policy, h.policies[i].key) == 0)
			tdict_show(p, "sel");
	}
	for (size_t i = 0; i < h.nservices; i++) {
		struct tdict *s = tdict_add_section(pg.body, "svc");
		tdict_set(s, "key", h.services[i].key);
		tdict_set(s, "label", svc_label(r, h.services[i].key));
		tdict_set_int(s, "count", h.services[i].count);
		if (strcmp(service, h.services[i].key) == 0)
			tdict_show(s, "sel");
	}
	return page_send(&pg, r, 200);
}

static void
xml_text(struct buf *b, const char *s)
{
	for (; *s; s++)
		switch (*s) {
		case '<': buf_puts(b, "&lt;"); break;
		case '>': buf_puts(b, "&gt;"); break;
		case '&': buf_puts(b, "&amp;"); break;
		case '"': buf_puts(b, "&quot;"); break;
		default: buf_putc(b, *s);
		}
}

/* The history as an SVG bar chart: a title, a y axis with a few round
 * ticks, one bar per period, some period labels. */
static enum rerr
history_svg(struct req *r)
{
	struct history h;
	enum hist_by by;
	const char *policy, *service;
	const char *tz = r->sess.tz;
	struct buf b = { 0 };
	const double W = 720, H = 300, L = 48, R = 12, T = 36, B = 48;
	double bw, scale;
	int step, top;
	enum rerr e;

	if (history_args(r, &by, &policy, &service) != E_OK ||
	    !safe_id(policy) || !safe_id(service))
		return E_INVALID;
	if ((e = report_history(r->db, r->sess.merchant_id, tz, by, policy,
	    service, r->now, r->arena, &h)) != E_OK)
		return e;
	/* a round axis: 1, 2 or 5 times a power of ten, about 4 ticks */
	step = 1;
	while (step * 4 < h.max)
		step = (step % 9 == 1 || step == 1) ? step * 2 :
		    (step % 5 == 2 || step == 2) ? step * 5 / 2 : step * 2;
	top = h.max == 0 ? 4 : ((h.max + step - 1) / step) * step;
	scale = (H - T - B) / top;
	bw = (W - L - R) / (double)h.nperiods;
	buf_printf(&b, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "viewBox=\"0 0 %.0f %.0f\" font-family=\"sans-serif\" "
	    "font-size=\"11\" role=\"img\">", W, H);
	buf_puts(&b, "<title>");
	xml_text(&b, T_(r, "history.chart_title"));
	buf_puts(&b, "</title><rect width=\"100%\" height=\"100%\" "
	    "fill=\"#fff\"/><text x=\"8\" y=\"20\" font-size=\"14\" "
	    "font-weight=\"bold\" fill=\"#1d2329\">");
	xml_text(&b, T_(r, "history.chart_title"));
	buf_puts(&b, " — ");
	xml_text(&b, T_(r, arena_printf(r->arena, "history.by_%s",
	    hist_by_name(by))));
	buf_puts(&b, "</text>");
	for (int v = 0; v <= top; v += step) {
		double y = H - B - v * scale;
		buf_printf(&b, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" "
		    "y2=\"%.1f\" stroke=\"#d5dbe1\"/><text x=\"%.1f\" "
		    "y=\"%.1f\" text-anchor=\"end\" fill=\"#4e5a65\">%d</text>",
		    L, W - R, y, y, L - 6, y + 4, v);
	}
	for (size_t i = 0; i < h.nperiods; i++) {
		double x = L + i * bw, bh = h.periods[i].count * scale;
		size_t every = h.nperiods <= 13 ? 1 : h.nperiods <= 60 ? 8 : 61;
		buf_printf(&b, "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" "
		    "height=\"%.2f\" fill=\"#b3171f\"><title>", x + bw * 0.1,
		    H - B - bh, bw * 0.8, bh);
		xml_text(&b, period_words(r, by, h.periods[i].start));
		buf_printf(&b, ": %d</title></rect>", h.periods[i].count);
		if (i % every == 0) {
			buf_printf(&b, "<text x=\"%.1f\" y=\"%.1f\" "
			    "text-anchor=\"middle\" fill=\"#4e5a65\">",
			    x + bw / 2, H - B + 16);
			xml_text(&b, period_short(r, by, h.periods[i].start));
			buf_puts(&b, "</text>");
		}
	}
	buf_printf(&b, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" "
	    "stroke=\"#4e5a65\"/></svg>\n", L, W - R, H - B, H - B);
	http_open(r, 200, "image/svg+xml");
	http_write(r, b.data, b.len);
	buf_free(&b);
	return E_OK;
}

static enum rerr
history_download(struct req *r)
{
	struct export_col cols[] = {
		col(r, "dl.period", COL_TEXT, 30),
		col(r, "dl.first_day", COL_DATE, 0),
		col(r, "dl.received", COL_INT, 16),
	};
	struct history h;
	struct exporter *ex;
	enum export_fmt fmt;
	enum hist_by by;
	const char *policy, *service;
	const char *tz = r->sess.tz;
	char num[16];
	enum rerr e;

	if (!fmt_of(r, &fmt))
		return E_NOTFOUND;
	if (history_args(r, &by, &policy, &service) != E_OK ||
	    !safe_id(policy) || !safe_id(service))
		return E_INVALID;
	if ((e = report_history(r->db, r->sess.merchant_id, tz, by, policy,
	    service, r->now, r->arena, &h)) != E_OK)
		return e;
	if ((e = dl_open(r, fmt, arena_printf(r->arena, "history-by-%s",
	    hist_by_name(by)), T_(r, arena_printf(r->arena, "history.by_%s",
	    hist_by_name(by))), cols, 3, &ex)) != E_OK)
		return e;
	for (size_t i = 0; i < h.nperiods && e == E_OK; i++) {
		const char *v[3] = { period_words(r, by, h.periods[i].start),
		    day_str(r, h.periods[i].start), num };
		snprintf(num, sizeof(num), "%d", h.periods[i].count);
		e = export_row(ex, v);
	}
	if (e == E_OK)
		e = export_chart(ex, T_(r, "history.chart_title"), 0, 2);
	if (e != E_OK)
		log_err(r->id, "history download cut short");
	return export_close(ex);
}

/* ---- the list ---- */

/* the list's columns that sort, by enum ret_sort */
static const char *const sort_keys[RS__N] = { "created", "tracking",
    "policy", "customer", "status", "delivered" };

/* A column's order unless asked: dates newest first, words A to Z. */
static bool
sort_asc_by_default(int sort)
{
	return sort != RS_CREATED && sort != RS_DELIVERED;
}

static enum rerr
read_filter(struct req *r, struct ret_filter *f)
{
	const char *p = kv_get(&r->query, "page");
	struct ymd d;

	memset(f, 0, sizeof(*f));
	f->q = kv_get(&r->query, "q");
	f->status = kv_get(&r->query, "status");
	f->policy = kv_get(&r->query, "policy");
	f->from = kv_get(&r->query, "from");
	f->to = kv_get(&r->query, "to");
	f->page = p ? atoi(p) : 1;
	{
		const char *per = kv_get(&r->query, "per");

		f->per = per ? atoi(per) : 0;
		if (f->per != 25 && f->per != 100)
			f->per = 0;
	}
	f->now = r->now;
	{
		const char *s = kv_get(&r->query, "sort");
		const char *dir = kv_get(&r->query, "dir");

		for (int i = 0; s != NULL && i < RS__N; i++)
			if (strcmp(s, sort_keys[i]) == 0)
				f->sort = i;
		if (s != NULL && *s && strcmp(s, sort_keys[f->sort]) != 0)
			return E_INVALID;
		if (dir != NULL && strcmp(dir, "asc") != 0 && strcmp(dir, "desc") != 0)
			return E_INVALID;
		f->asc = dir != NULL ? strcmp(dir, "asc") == 0 :
		    sort_asc_by_default(f->sort);
	}
	if (f->q == NULL) f->q = "";
	if (f->status == NULL) f->status = "";
	if (f->policy == NULL) f->policy = "";
	if (f->from == NULL) f->from = "";
	if (f->to == NULL) f->to = "";
	if (strlen(f->q) > 100 || !safe_id(f->policy) || !safe_id(f->status)
	    || f->page < 1 || f->page > 100000 ||
	    (*f->from && !ymd_parse(f->from, &d)) ||
	    (*f->to && !ymd_parse(f->to, &d)))
		return E_INVALID;
	return E_OK;
}

static const char *
filter_query(struct req *r, const struct ret_filter *f)
{
	struct buf b = { 0 };
	bool dflt_asc = sort_asc_by_default(f->sort);
	const char *kv[8][2] = { { "q", f->q }, { "status", f->status },
	    { "policy", f->policy }, { "from", f->from }, { "to", f->to },
	    { "per", f->per ? arena_printf(r->arena, "%d", f->per) : "" },
	    { "sort", f->sort != RS_CREATED ? sort_keys[f->sort] : "" },
	    { "dir", f->asc != dflt_asc ? (f->asc ? "asc" : "desc") : "" } };
	const char *out;

	for (int i = 0; i < 8; i++) {
		if (*kv[i][1] == '\0')
			continue;
		buf_printf(&b, "%s%s=", b.len ? "&" : "", kv[i][0]);
		for (const unsigned char *s = (const unsigned char *)kv[i][1];
		    *s; s++)
			if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' &&
			    *s <= 'Z') || (*s >= '0' && *s <= '9') ||
			    *s == '-' || *s == '_' || *s == '.')
				buf_putc(&b, (char)*s);
			else
				buf_printf(&b, "%%%02X", *s);
	}
	out = arena_strdup(r->arena, b.data ? b.data : "");
	buf_free(&b);
	return out;
}

static enum rerr
list_page(struct req *r)
{
	struct ret_filter f;
	struct ret_row *rows;
	struct page pg;
	size_t n;
	int total, pages, per;
	bool more, unsorted;
	const char *tz = r->sess.tz;
	const char *fq;
	enum rerr e;

	if (read_filter(r, &f) != E_OK) {
		page_error(r, 400, "list.bad");
		return E_OK;
	}
	if ((e = report_list(r->db, r->sess.merchant_id, tz, &f, r->arena,
	    &rows, &n, &total, &more, &unsorted)) != E_OK)
		return e;
	fq = filter_query(r, &f);
	tab_page(&pg, r, "returns_list.tpl", "list.title", "list");
	/* the columns: each sortable one a link to its order (the other
	 * way round when it is the current one) */
	{
		static const struct { const char *key; int sort; } cols[] = {
			{ "ret.tracking_number", RS_TRACKING },
			{ "filter.policy", RS_POLICY },
			{ "list.customer", RS_CUSTOMER },
			{ "list.ra", -1 }, { "list.order", -1 },
			{ "policy.service", -1 }, { "list.reason", -1 },
			{ "policy.status", RS_STATUS },
			{ "list.created", RS_CREATED },
			{ "list.delivered", RS_DELIVERED },
		};
		int cur = unsorted ? RS_CREATED : f.sort;
		bool cur_asc = unsorted ? false : f.asc;

		for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
			struct tdict *c = tdict_add_section(pg.body, "col");
			struct ret_filter g = f;
			struct tdict *l;
			const char *q;

			tdict_set(c, "label", T_(r, cols[i].key));
			if (cols[i].sort < 0) {
				tdict_set(tdict_add_section(c, "plain"),
				    "label", T_(r, cols[i].key));
				continue;
			}
			g.sort = cols[i].sort;
			g.asc = cols[i].sort == cur ? !cur_asc :
			    sort_asc_by_default(g.sort);
			q = filter_query(r, &g);
			l = tdict_add_section(c, "link");
			tdict_set(l, "label", T_(r, cols[i].key));
			tdict_set(l, "href", q);
			if (cols[i].sort == cur) {
				tdict_set(tdict_add_section(c, "cur"), "dir",
				    cur_asc ? "ascending" : "descending");
				struct tdict *a = tdict_add_section(l, "ARW");

				tdict_set(a, "arrow", cur_asc ? "▲" : "▼");
				tdict_set(a, "how", T_(r, cur_asc ?
				    "list.sorted_asc" : "list.sorted_desc"));
			}
		}
		/* the same in the form: phones show no table header */
		for (size_t i = 0; i < sizeof(cols) / sizeof(cols[0]); i++) {
			struct tdict *o;

			if (cols[i].sort < 0)
				continue;
			o = tdict_add_section(pg.body, "sort_opt");
			tdict_set(o, "value", sort_keys[cols[i].sort]);
			tdict_set(o, "label", T_(r, cols[i].key));
			if (cols[i].sort == f.sort)
				tdict_show(o, "sel");
		}
		tdict_show(pg.body, f.asc ? "ASC" : "DESC");
		if (unsorted)
			tdict_set(tdict_add_section(pg.body, "UNSORTED"), "text",
			    T_n(r, "list.unsorted", LIST_SORT_MAX));
	}
	tdict_set(pg.body, "q", f.q);
	tdict_set(pg.body, "from", f.from);
	tdict_set(pg.body, "to", f.to);
	tdict_set(pg.body, "fq", fq);
	/* past the cap of a date range or a search: "1000+" */
	tdict_set(pg.body, "total", arena_printf(r->arena, "%d%s", total,
	    more ? "+" : ""));
	for (int i = 0; statuses[i]; i++) {
		struct tdict *o = tdict_add_section(pg.body, "st_opt");
		tdict_set(o, "value", statuses[i]);
		tdict_set(o, "label", status_label(r, statuses[i]));
		if (strcmp(f.status, statuses[i]) == 0)
			tdict_show(o, "sel");
	}
	{
		struct hist_total *pol;
		size_t np;

		if ((e = report_policies(r->db, r->sess.merchant_id, r->arena,
		    &pol, &np)) != E_OK)
			return e;
		for (size_t i = 0; i < np; i++) {
			struct tdict *o = tdict_add_section(pg.body, "pol_opt");
			tdict_set(o, "value", pol[i].key);
			tdict_set(o, "label", arena_printf(r->arena, "%s — %s",
			    pol[i].key, pol[i].label));
			if (strcmp(f.policy, pol[i].key) == 0)
				tdict_show(o, "sel");
		}
	}
	if (n == 0)
		tdict_show(pg.body, "EMPTY");
	else {
		struct tdict *t = tdict_add_section(pg.body, "TABLE");
		for (size_t i = 0; i < n; i++) {
			struct tdict *row = tdict_add_section(t, "row");
			tdict_set(row, "tracking", rows[i].tracking);
			tdict_set(row, "policy", rows[i].policy);
			tdict_set(row, "name", rows[i].name);
			tdict_set(row, "ra", rows[i].ra_number);
			tdict_set(row, "order", rows[i].order_answer);
			tdict_set(row, "service", svc_label(r, rows[i].service));
			tdict_set(row, "reason", *rows[i].reason ?
			    T_reason(r, rows[i].reason) : "");
			tdict_set(row, "status", status_label(r,
			    shown_status(r, &rows[i])));
			tdict_set(row, "status_id", shown_status(r, &rows[i]));
			tdict_set(row, "created", local_str(r,
			    rows[i].created_at, tz, false));
			tdict_set(row, "delivered", local_str(r,
			    rows[i].delivered_at, tz, false));
		}
	}
	per = f.per ? f.per : LIST_PAGE;
	pages = (total + per - 1) / per;
	if (more)	/* the last page is not known: one more while full */
		pages = (int)n == per ? f.page + 1 : f.page;
	/* rows a page */
	for (int i = 0; i < 3; i++) {
		static const int sizes[3] = { 25, 50, 100 };
		struct tdict *o = tdict_add_section(pg.body, "per_opt");

		tdict_set_int(o, "value", sizes[i]);
		if (sizes[i] == per)
			tdict_show(o, "sel");
	}
	/* the returns by state, each a link to its filter (kept counts) */
	{
		static const char *const st5[] = { "created", "expired",
		    "accepted", "in_transit", "exception", "delivered" };
		int sc[6];

		if ((e = report_state_counts(r->db, r->sess.merchant_id,
		    f.policy, r->now, sc)) != E_OK)
			return e;
		for (int i = 0; i < 6; i++) {
			struct tdict *x = tdict_add_section(pg.body, "sum");
			tdict_set(x, "label", status_label(r, st5[i]));
			tdict_set_int(x, "n", sc[i]);
			tdict_set(x, "href", arena_printf(r->arena,
			    "/returns/list?status=%s%s%s", st5[i],
			    *f.policy ? "&policy=" : "", f.policy));
		}
	}
	if (pages > 1) {
		struct tdict *p = tdict_add_section(pg.body, "PAGES");
		tdict_set(p, "page_of", more ? arena_printf(r->arena, "%d",
		    f.page) : arena_printf(r->arena, "%d / %d", f.page, pages));
		if (f.page > 1)
			tdict_set(tdict_add_section(p, "PREV"), "prev",
			    arena_printf(r->arena, "%s%spage=%d", fq,
			    *fq ? "&" : "", f.page - 1));
		if (f.page < pages)
			tdict_set(tdict_add_section(p, "NEXT"), "next",
			    arena_printf(r->arena, "%s%spage=%d", fq,
			    *fq ? "&" : "", f.page + 1));
	}
	return page_send(&pg, r, 200);
}

/* The list download: labels in the merchant's language looked up once,
 * dates in the merchant's zone without allocating per row (a million
 * rows stream through it). */
struct list_dl {
	struct exporter	*ex;
	enum rerr	 e;
	long		 skipped;
	struct req	*r;
	const char	*tz;
	const char	*status[7], *service[4], *method[2], *reason[5];
	char		 own[4 * POLICY_REASON_MAX + 1];	/* a reason */
	int64_t		 half_hour;	/* the offset's cache: t / 1800 */
	int		 off;
};

/* "YYYY-MM-DD HH:MM" of t in the download's zone into out; "" for 0.
 * Canada's zones change offset on the hour or half hour (UTC). */
static const char *
local_hm(struct list_dl *d, int64_t t, char out[20])
{
	int64_t w;
	struct ymd day;

	if (t == 0)
		return "";
	if (t / 1800 != d->half_hour) {
		if (!civil_in_tz(t, d->tz, &day, &d->off))
			return "";
		d->half_hour = t / 1800;
	}
	w = t + d->off;
	day = civil_from_days(w >= 0 ? w / 86400 : (w - 86399) / 86400);
	w = ((w % 86400) + 86400) % 86400;
	snprintf(out, 20, "%04d-%02d-%02d %02d:%02d", day.y, day.m, day.d,
	    (int)(w / 3600), (int)(w / 60 % 60));
	return out;
}

static const char *
label_of(const char *id, const char *const *ids, const char *const *labels,
    size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(id, ids[i]) == 0)
			return labels[i];
	return id;
}

static int
list_row(void *ctx, const struct ret_row *row)
{
	static const char *const methods[] = { "label", "qr" };
	struct list_dl *d = ctx;
	char w[16], c[20], a[20], del[20];
	const char *v[20];

	snprintf(w, sizeof(w), "%d", row->weight_g);
	v[0] = row->tracking;
	v[1] = row->policy;
	v[2] = label_of(shown_status(d->r, row), statuses, d->status, 6);
	v[3] = label_of(row->service, services, d->service, 4);
	v[4] = label_of(row->method, methods, d->method, 2);
	v[5] = row->name;
	v[6] = row->email;
	v[7] = row->line1;
	v[8] = row->line2;
	v[9] = row->city;
	v[10] = row->province;
	v[11] = row->postal;
	v[12] = row->ra_number;
	v[13] = row->order_answer;
	v[14] = label_of(row->reason, shipment_reasons, d->reason, 5);
	if (strncmp(row->reason, "c:", 2) == 0 && strchr(row->reason, '\t')) {
		/* the merchant's own words, in its language (no allocation:
		 * a million rows stream through here) */
		const char *tab = strchr(row->reason, '\t');

		if (d->r->lang == LANG_FR)
			v[14] = tab + 1;
		else {
			snprintf(d->own, sizeof(d->own), "%.*s",
			    (int)(tab - row->reason - 2), row->reason + 2);
			v[14] = d->own;
		}
	}
	v[15] = row->reason_text;
	v[16] = w;
	v[17] = local_hm(d, row->created_at, c);
	v[18] = local_hm(d, row->accepted_at, a);
	v[19] = local_hm(d, row->delivered_at, del);
	/* a row the exporter refuses is skipped; a broken sink stops */
	d->e = export_row(d->ex, v);
	if (d->e == E_INVALID) {
		d->skipped++;
		d->e = E_OK;
	}
	return d->e != E_OK;
}

static enum rerr
list_download(struct req *r)
{
	struct export_col cols[] = {
		col(r, "dl.tracking", COL_TEXT, 18),
		col(r, "dl.policy", COL_TEXT, 10),
		col(r, "dl.status", COL_TEXT, 14),
		col(r, "dl.service", COL_TEXT, 14),
		col(r, "dl.method", COL_TEXT, 10),
		col(r, "dl.customer", COL_TEXT, 24),
		col(r, "dl.email", COL_TEXT, 28),
		col(r, "dl.line1", COL_TEXT, 24),
		col(r, "dl.line2", COL_TEXT, 12),
		col(r, "dl.city", COL_TEXT, 16),
		col(r, "dl.province", COL_TEXT, 8),
		col(r, "dl.postal", COL_TEXT, 10),
		col(r, "dl.ra", COL_TEXT, 14),
		col(r, "dl.order", COL_TEXT, 16),
		col(r, "dl.reason", COL_TEXT, 18),
		col(r, "dl.reason_text", COL_TEXT, 30),
		col(r, "dl.weight", COL_INT, 10),
		col(r, "dl.created", COL_LOCALTIME, 0),
		col(r, "dl.accepted", COL_LOCALTIME, 0),
		col(r, "dl.delivered", COL_LOCALTIME, 0),
	};
	struct ret_filter f;
	struct list_dl d;
	enum export_fmt fmt;
	const char *tz = r->sess.tz;
	enum rerr e;

	if (!fmt_of(r, &fmt))
		return E_NOTFOUND;
	if (read_filter(r, &f) != E_OK)
		return E_INVALID;
	memset(&d, 0, sizeof(d));
	d.r = r;
	d.tz = tz;
	d.half_hour = INT64_MIN;
	for (int i = 0; i < 6; i++)
		d.status[i] = status_label(r, statuses[i]);
	for (int i = 0; i < 4; i++)
		d.service[i] = svc_label(r, services[i]);
	for (int i = 0; i < 5; i++)
		d.reason[i] = T_reason(r, shipment_reasons[i]);
	d.method[0] = T_(r, "dl.method_label");
	d.method[1] = T_(r, "dl.method_qr");
	if ((e = dl_open(r, fmt, "list", T_(r, "dl.sheet_list"), cols,
	    sizeof(cols) / sizeof(*cols), &d.ex)) != E_OK)
		return e;
	e = report_list_each(r->db, r->sess.merchant_id, tz, &f, list_row,
	    &d);
	if (e != E_OK || d.e != E_OK)
		log_err(r->id, "list download cut short");
	return export_close(d.ex);
}

/* ---- one return ---- */

static enum rerr
return_page(struct req *r)
{
	struct ret_row row;
	struct ret_event *ev;
	struct page pg;
	size_t n;
	const char *tz = r->sess.tz;
	enum rerr e;

	if (!tracknum_pin_shape(r->args[0]))
		return E_NOTFOUND;
	if ((e = report_return(r->db, r->sess.merchant_id, r->args[0],
	    r->arena, &row, &ev, &n)) != E_OK)
		return e;
	tab_page(&pg, r, "returns_detail.tpl", "detail.title", "list");
	tdict_set(pg.body, "tracking", row.tracking);
	tdict_set(pg.body, "policy", row.policy);
	tdict_set(pg.body, "name", row.name);
	/* the customer's contact, to their merchant only (the query has
	 * the merchant in its WHERE) */
	tdict_set(pg.body, "email", row.email);
	tdict_set(pg.body, "line1", row.line1);
	if (*row.line2)
		tdict_set(tdict_add_section(pg.body, "LINE2"), "line2",
		    row.line2);
	tdict_set(pg.body, "city", row.city);
	tdict_set(pg.body, "province", row.province);
	tdict_set(pg.body, "postal", row.postal);
	tdict_set(pg.body, "reason", reason_words(r, &row));
	tdict_set(pg.body, "ra", *row.ra_number ? row.ra_number :
	    T_(r, "detail.none"));
	tdict_set(pg.body, "order", *row.order_answer ? row.order_answer :
	    T_(r, "detail.none"));
	tdict_set(pg.body, "service", svc_label(r, row.service));
	tdict_set(pg.body, "status", status_label(r, shown_status(r, &row)));
	tdict_set(pg.body, "status_id", shown_status(r, &row));
	tdict_set(pg.body, "method", T_(r, arena_printf(r->arena,
	    "ret.method_%s", row.method)));
	{
		/* "1.500 kg" in English, "1,500 kg" in French */
		char *w = arena_printf(r->arena, "%d.%03d kg", row.weight_g /
		    1000, row.weight_g % 1000);
		if (r->lang == LANG_FR)
			*strchr(w, '.') = ',';
		tdict_set(pg.body, "weight", w);
	}
	tdict_set(pg.body, "created", local_str(r, row.created_at, tz, true));
	for (size_t i = n; i-- > 0;) {
		struct tdict *x = tdict_add_section(pg.body, "event");
		tdict_set(x, "type", status_label(r, ev[i].type));
		tdict_set(x, "type_id", ev[i].type);
		tdict_set(x, "at", local_str(r, ev[i].at, tz, true));
		tdict_set(x, "location", ev[i].location);
		if (*ev[i].description)
			tdict_set(tdict_add_section(x, "DESC"), "description",
			    ev[i].description);
	}
	if (n == 0)
		tdict_show(pg.body, "NO_EVENTS");
	return page_send(&pg, r, 200);
}

/* ---- the tab's home ---- */

static enum rerr
overview(struct req *r)
{
	struct attention att;
	struct forecast f;
	struct page pg;
	const char *tz = r->sess.tz;
	enum rerr e;

	if ((e = report_forecast(r->db, r->sess.merchant_id, tz, r->now,
	    r->arena, &f)) != E_OK)
		return e;
	if ((e = report_attention(r->db, r->sess.merchant_id, r->now, &att))
	    != E_OK)
		return e;
	tab_page(&pg, r, "returns.tpl", "returns.title", NULL);
	fill_forecast(r, pg.body, &f, tz);
	/* why customers return, over the year: a bar per reason */
	{
		struct reason_count *rc;
		size_t nr;
		int max = 0;

		if ((e = report_reasons(r->db, r->sess.merchant_id, r->now,
		    r->arena, &rc, &nr)) != E_OK)
			return e;
		for (size_t i = 0; i < nr; i++)
			if (rc[i].n > max)
				max = rc[i].n;
		if (max > 0) {
			struct tdict *b = tdict_add_section(pg.body, "REASONS");

			for (size_t i = 0; i < nr; i++) {
				struct tdict *x = tdict_add_section(b, "reason");
				tdict_set(x, "label", T_reason(r,
				    rc[i].reason));
				tdict_set_int(x, "n", rc[i].n);
				tdict_set_int(x, "max", max);
			}
		}
	}
	/* what needs attention first, each a link to where it is */
	{
		const struct { int n; const char *key, *href; } items[] = {
			{ att.suspended, "att.suspended", "/policies/" },
			{ att.exceptions, "att.exceptions",
			    "/returns/list?status=exception" },
			{ f.overdue, "att.overdue", "/returns/forecast#overdue" },
			{ att.expiring, "att.expiring",
			    "/returns/list?status=created" },
		};
		struct tdict *box = NULL;

		for (size_t i = 0; i < sizeof(items) / sizeof(*items); i++) {
			struct tdict *it;

			if (items[i].n <= 0)
				continue;
			if (box == NULL)
				box = tdict_add_section(pg.body, "ATTENTION");
			it = tdict_add_section(box, "item");
			tdict_set(it, "href", items[i].href);
			tdict_set(it, "text", T_n(r, items[i].key,
			    items[i].n >= ATTENTION_CAP ? ATTENTION_CAP :
			    items[i].n));
		}
		if (box == NULL)
			tdict_show(pg.body, "ALL_CLEAR");
	}
	return page_send(&pg, r, 200);
}

static const struct route routes[] = {
	{ M_GET, "/returns/healthz", server_healthz, ROUTE_BARE },
	{ M_GET, "/returns/", overview, ROUTE_AUTH },
	{ M_GET, "/returns/forecast", forecast_page, ROUTE_AUTH },
	{ M_GET, "/returns/forecast.csv", forecast_download, ROUTE_AUTH },
	{ M_GET, "/returns/forecast.xlsx", forecast_download, ROUTE_AUTH },
	{ M_GET, "/returns/history", history_page, ROUTE_AUTH },
	{ M_GET, "/returns/history.svg", history_svg, ROUTE_AUTH },
	{ M_GET, "/returns/history.csv", history_download, ROUTE_AUTH },
	{ M_GET, "/returns/history.xlsx", history_download, ROUTE_AUTH },
	{ M_GET, "/returns/list", list_page, ROUTE_AUTH },
	{ M_GET, "/returns/list.csv", list_download, ROUTE_AUTH },
	{ M_GET, "/returns/list.xlsx", list_download, ROUTE_AUTH },
	{ M_GET, "/returns/{}", return_page, ROUTE_AUTH },
};

int
main(int argc, char **argv)
{
	static const struct app app = {
		.name = "reports", .routes = routes,
		.nroutes = sizeof(routes) / sizeof(routes[0]),
	};

	return server_main(argc, argv, &app);
}
