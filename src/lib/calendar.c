/* calendar.c -- see include/returns/calendar.h. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "returns/buf.h"
#include "returns/calendar.h"

#define DAY	86400

/* ---- civil dates ---- */

static int
days_in_month(int y, int m)
{
	static const int dim[12] =
	    { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : dim[m - 1];
}

bool
ymd_valid(struct ymd d)
{
	return d.m >= 1 && d.m <= 12 && d.d >= 1 &&
	    d.d <= days_in_month(d.y, d.m);
}

int
ymd_cmp(struct ymd a, struct ymd b)
{
	if (a.y != b.y)
		return a.y < b.y ? -1 : 1;
	if (a.m != b.m)
		return a.m < b.m ? -1 : 1;
	if (a.d != b.d)
		return a.d < b.d ? -1 : 1;
	return 0;
}

static int64_t
floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* H. Hinnant, "chrono-Compatible Low-Level Date Algorithms": eras of 400
 * years (146097 days) starting on March 1st. */
int64_t
days_from_civil(struct ymd d)
{
	int64_t y = (int64_t)d.y - (d.m <= 2);
	int64_t era = floor_div(y, 400);
	int64_t yoe = y - era * 400;				/* 0..399 */
	int64_t doy = (153 * (d.m > 2 ? (int64_t)d.m - 3 : (int64_t)d.m + 9) + 2) / 5
	    + d.d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

struct ymd
civil_from_days(int64_t z)
{
	int64_t era, doe, yoe, doy, mp, y;
	struct ymd r;

	z += 719468;
	era = floor_div(z, 146097);
	doe = z - era * 146097;					/* 0..146096 */
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);		/* 0..365 */
	mp = (5 * doy + 2) / 153;				/* 0 = March */
	y = yoe + era * 400;
	r.d = (int)(doy - (153 * mp + 2) / 5 + 1);
	r.m = (int)(mp < 10 ? mp + 3 : mp - 9);
	r.y = (int)(y + (r.m <= 2));
	return r;
}

/* 1 = Monday .. 7 = Sunday; day 0 was a Thursday. */
static int
weekday_of(int64_t z)
{
	return (int)(z + 3 - floor_div(z + 3, 7) * 7) + 1;
}

int
ymd_weekday(struct ymd d)
{
	return weekday_of(days_from_civil(d));
}

struct ymd
ymd_add_days(struct ymd d, int n)
{
	return civil_from_days(days_from_civil(d) + n);
}

void
iso_week(struct ymd d, int *iso_year, int *week)
{
	int64_t z = days_from_civil(d);
	int64_t thu = z + 4 - weekday_of(z);	/* the week's Thursday */
	struct ymd t = civil_from_days(thu);
	struct ymd jan1 = { t.y, 1, 1 };

	if (iso_year != NULL)
		*iso_year = t.y;
	if (week != NULL)
		*week = (int)((thu - days_from_civil(jan1)) / 7) + 1;
}

struct ymd
iso_week_monday(struct ymd d)
{
	int64_t z = days_from_civil(d);

	return civil_from_days(z - (weekday_of(z) - 1));
}

struct ymd
easter(int year)
{
	int a = year % 19, b = year / 100, c = year % 100;
	int d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
	int h = (19 * a + b - d - g + 15) % 30;
	int i = c / 4, k = c % 4;
	int l = (32 + 2 * e + 2 * i - h - k) % 7;
	int m = (a + 11 * h + 22 * l) / 451;
	int n = h + l - 7 * m + 114;
	struct ymd r = { year, n / 31, n % 31 + 1 };

	return r;
}

/* ---- holidays ---- */

#define HOL_MAX	16

struct hol {
	int64_t		 day;		/* the date itself */
	int64_t		 obs;		/* a weekday: day, or where it moved */
	bool		 fixed;		/* a date that can fall on a weekend */
	const char	*key;
};

/* One year's holidays for one province. Built on the stack for each
 * question, or kept by a loop while it stays in the same year. */
struct holyear {
	const char	*province;
	int		 y;
	bool		 built;
	int		 n;
	struct hol	 h[HOL_MAX];
};

static const struct {
	char		 code[3];
	int		 nth;		/* n-th Monday of August */
	const char	*key;
} august[] = {
	{ "AB", 1, "holiday.heritage_day" },
	{ "BC", 1, "holiday.bc_day" },
	{ "MB", 1, "holiday.civic_holiday" },
	{ "NB", 1, "holiday.nb_day" },
	{ "NL", 1, "holiday.civic_holiday" },
	{ "NS", 1, "holiday.natal_day" },
	{ "NT", 1, "holiday.civic_holiday" },
	{ "NU", 1, "holiday.civic_holiday" },
	{ "ON", 1, "holiday.civic_holiday" },
	{ "PE", 1, "holiday.natal_day" },
	{ "SK", 1, "holiday.civic_holiday" },
	{ "YT", 3, "holiday.discovery_day" },
};

static bool
is_province(const char *province, const char *code)
{
	return province != NULL && strcmp(province, code) == 0;
}

static int64_t
day_of(int y, int m, int d)
{
	struct ymd t = { y, m, d };

	return days_from_civil(t);
}

/* The n-th Monday of a month. */
static int64_t
nth_monday(int y, int m, int n)
{
	int64_t first = day_of(y, m, 1);

	return first + (8 - weekday_of(first)) % 7 + 7 * (n - 1);
}

static void
hol_add(struct holyear *hy, int64_t day, bool fixed, const char *key)
{
	for (int i = 0; i < hy->n; i++)
		if (hy->h[i].day == day)
			return;
	if (hy->n == HOL_MAX)
		return;		/* cannot happen: at most 14 */
	hy->h[hy->n].day = day;
	hy->h[hy->n].obs = day;
	hy->h[hy->n].fixed = fixed;
	hy->h[hy->n].key = key;
	hy->n++;
}

static bool
obs_taken(const struct holyear *hy, int64_t z)
{
	for (int i = 0; i < hy->n; i++)
		if (hy->h[i].obs == z)
			return true;
	return false;
}

static void
hol_build(struct holyear *hy, int y, const char *province)
{
	bool qc = is_province(province, "QC");
	int64_t e = days_from_civil(easter(y));
	int64_t may24 = day_of(y, 5, 24);
	struct hol t;

	hy->province = province;
	hy->y = y;
	hy->built = true;
	hy->n = 0;
	hol_add(hy, day_of(y, 1, 1), true, "holiday.new_years_day");
	hol_add(hy, e - 2, false, "holiday.good_friday");
	hol_add(hy, e + 1, false, "holiday.easter_monday");
	hol_add(hy, may24 - (weekday_of(may24) - 1), false,
	    qc ? "holiday.patriots_day" : "holiday.victoria_day");
	if (qc)
		hol_add(hy, day_of(y, 6, 24), true, "holiday.fete_nationale");
	hol_add(hy, day_of(y, 7, 1), true, "holiday.canada_day");
	for (size_t i = 0; i < sizeof(august) / sizeof(august[0]); i++)
		if (is_province(province, august[i].code))
			hol_add(hy, nth_monday(y, 8, august[i].nth), false,
			    august[i].key);
	hol_add(hy, nth_monday(y, 9, 1), false, "holiday.labour_day");
	if (y >= 2021)
		hol_add(hy, day_of(y, 9, 30), true,
		    "holiday.truth_reconciliation");
	hol_add(hy, nth_monday(y, 10, 2), false, "holiday.thanksgiving");
	hol_add(hy, day_of(y, 11, 11), true, "holiday.remembrance_day");
	hol_add(hy, day_of(y, 12, 25), true, "holiday.christmas_day");
	hol_add(hy, day_of(y, 12, 26), true, "holiday.boxing_day");

	/* date order (insertion sort: a dozen entries, mostly sorted) */
	for (int i = 1; i < hy->n; i++) {
		int j = i;
		t = hy->h[i];
		for (; j > 0 && hy->h[j - 1].day > t.day; j--)
			hy->h[j] = hy->h[j - 1];
		hy->h[j] = t;
	}
	/* weekend dates move to the next free weekday, earliest first; the
	 * latest possible is Dec 28, so never into the next year */
	for (int i = 0; i < hy->n; i++) {
		int64_t z = hy->h[i].day;
		if (!hy->h[i].fixed || weekday_of(z) <= 5)
			continue;
		do
			z++;
		while (weekday_of(z) > 5 || obs_taken(hy, z));
		hy->h[i].obs = z;
	}
}

static const struct hol *
hol_find(struct holyear *hy, int64_t z, const char *province)
{
	struct ymd d = civil_from_days(z);

	if (!hy->built || hy->y != d.y || hy->province != province)
		hol_build(hy, d.y, province);
	for (int i = 0; i < hy->n; i++)
		if (hy->h[i].obs == z)
			return &hy->h[i];
	for (int i = 0; i < hy->n; i++)
		if (hy->h[i].day == z)
			return &hy->h[i];
	return NULL;
}

static bool
closed(struct holyear *hy, int64_t z, const char *province)
{
	return weekday_of(z) > 5 || hol_find(hy, z, province) != NULL;
}

bool
is_holiday(struct ymd d, const char *province)
{
	return holiday_key(d, province) != NULL;
}

const char *
holiday_key(struct ymd d, const char *province)
{
	struct holyear hy = { .built = false };
	const struct hol *h = hol_find(&hy, days_from_civil(d), province);

	return h != NULL ? h->key : NULL;
}

bool
is_business_day(struct ymd d, const char *province)
{
	struct holyear hy = { .built = false };

	return !closed(&hy, days_from_civil(d), province);
}

struct ymd
add_business_days(struct ymd from, int n, const char *province)
{
	struct holyear hy = { .built = false };
	int64_t z = days_from_civil(from);
	int64_t left = n < 0 ? -(int64_t)n : n;
	int step = n < 0 ? -1 : 1;

	if (n == 0)
		return from;
	while (left > 0) {
		z += step;
		if (!closed(&hy, z, province))
			left--;
	}
	return civil_from_days(z);
}

void
next_business_days(struct ymd from, int n, const char *province,
    struct ymd *out)
{
	struct holyear hy = { .built = false };
	int64_t z = days_from_civil(from);

	for (int i = 0; i < n; i++) {
		do
			z++;
		while (closed(&hy, z, province));
		out[i] = civil_from_days(z);
	}
}

/* Monday..Friday days from a fixed Monday up to and including z. */
static int64_t
weekdays_through(int64_t z)
{
	int64_t q = floor_div(z + 3, 7);	/* weeks since a Monday */
	int64_t r = z + 3 - q * 7;		/* 0 = Monday .. 6 = Sunday */

	return q * 5 + (r < 5 ? r + 1 : 5);
}

int
business_days_between(struct ymd a, struct ymd b, const char *province)
{
	struct holyear hy;
	int64_t za = days_from_civil(a), zb = days_from_civil(b), n;

	if (zb <= za)
		return 0;
	n = weekdays_through(zb) - weekdays_through(za);
	for (int y = civil_from_days(za).y; y <= civil_from_days(zb).y; y++) {
		hol_build(&hy, y, province);
		for (int i = 0; i < hy.n; i++)
			if (hy.h[i].obs > za && hy.h[i].obs <= zb)
				n--;	/* obs is always a weekday */
		if (y == INT_MAX)
			break;
	}
	return n > INT_MAX ? INT_MAX : (int)n;
}

/* ---- time zones ---- */

static char	tz_set[256];	/* the zone this file last put in TZ */

/* An IANA name: letters, digits, "/_+-", no leading '/', no "..". */
static bool
tz_name_ok(const char *tz)
{
	size_t len;

	if (tz == NULL || (len = strlen(tz)) == 0 || len >= sizeof(tz_set))
		return false;
	if (tz[0] == '/' || strstr(tz, "..") != NULL)
		return false;
	return strspn(tz, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789/_+-") == len;
}

/* A TZif file under TZDIR (as glibc looks for it) or the default. */
static bool
tz_file_ok(const char *tz)
{
	const char *dir = getenv("TZDIR");
	char path[PATH_MAX], magic[4];
	int fd, n;
	ssize_t got;

	if (dir == NULL || *dir == '\0')
		dir = "/usr/share/zoneinfo";
	n = snprintf(path, sizeof(path), "%s/%s", dir, tz);
	if (n < 0 || (size_t)n >= sizeof(path))
		return false;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return false;
	do
		got = read(fd, magic, sizeof(magic));
	while (got == -1 && errno == EINTR);
	close(fd);
	return got == (ssize_t)sizeof(magic) && memcmp(magic, "TZif", 4) == 0;
}

/* Makes tz the process zone; tzset() only when it changes. */
static bool
tz_use(const char *tz)
{
	const char *cur;

	if (!tz_name_ok(tz))
		return false;
	cur = getenv("TZ");
	if (tz_set[0] != '\0' && strcmp(tz_set, tz) == 0 && cur != NULL &&
	    strcmp(cur, tz) == 0)
		return true;
	if (!tz_file_ok(tz) || setenv("TZ", tz, 1) == -1)
		return false;
	tzset();
	memcpy(tz_set, tz, strlen(tz) + 1);	/* fits: tz_name_ok */
	return true;
}

static bool
local_at(int64_t t, struct tm *tm)
{
	time_t tt = (time_t)t;

	if ((int64_t)tt != t || localtime_r(&tt, tm) == NULL)
		return false;
	return tm->tm_year <= INT_MAX - 1900;
}

static bool
offset_at(int64_t t, int64_t *off)
{
	struct tm tm;

	if (!local_at(t, &tm))
		return false;
	*off = tm.tm_gmtoff;
	return true;
}

bool
civil_in_tz(int64_t unix_time, const char *tz, struct ymd *out,
    int *utc_offset)
{
	struct tm tm;

	if (!tz_use(tz) || !local_at(unix_time, &tm))
		return false;
	out->y = tm.tm_year + 1900;
	out->m = tm.tm_mon + 1;
	out->d = tm.tm_mday;
	if (utc_offset != NULL)
		*utc_offset = (int)tm.tm_gmtoff;
	return true;
}

/* Instants are t, wall clocks t + offset(t). Midnight's wall clock is
 * w; with the offsets a day either side, w - off is midnight when the
 * offset there agrees. If neither does, the clocks jumped over it: the
 * day starts at the first instant whose wall clock is at least w. One
 * change at most within a day of midnight is assumed. */
int64_t
tz_midnight(struct ymd d, const char *tz)
{
	int64_t w, before, after, ta, tb, lo, hi, mid, off, best = INT64_MIN;

	if (!ymd_valid(d) || !tz_use(tz))
		return INT64_MIN;
	w = days_from_civil(d) * DAY;
	if (!offset_at(w - DAY, &before) || !offset_at(w + DAY, &after))
		return INT64_MIN;
	ta = w - before;
	tb = w - after;
	if (offset_at(ta, &off) && ta + off == w)
		best = ta;
	if (offset_at(tb, &off) && tb + off == w &&
	    (best == INT64_MIN || tb < best))
		best = tb;
	if (best != INT64_MIN)
		return best;
	lo = ta < tb ? ta : tb;
	hi = ta < tb ? tb : ta;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (!offset_at(mid, &off))
			return INT64_MIN;
		if (mid + off >= w)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/* ---- text ---- */

static void
put_digits(char *p, int v, int n)
{
	while (n-- > 0) {
		p[n] = (char)('0' + v % 10);
		v /= 10;
	}
}

void
ymd_format(struct ymd d, char out[11])
{
	if (!ymd_valid(d) || d.y < 0 || d.y > 9999) {
		out[0] = '\0';
		return;
	}
	put_digits(out, d.y, 4);
	out[4] = '-';
	put_digits(out + 5, d.m, 2);
	out[7] = '-';
	put_digits(out + 8, d.d, 2);
	out[10] = '\0';
}

static int
digits(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

bool
ymd_parse(const char *s, struct ymd *out)
{
	struct ymd d;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	d.y = digits(s, 4);
	d.m = digits(s + 5, 2);
	d.d = digits(s + 8, 2);
	if (d.y < 0 || !ymd_valid(d))
		return false;
	*out = d;
	return true;
}

const char *
tz_format(struct arena *a, int64_t t, const char *tz, bool with_time)
{
	struct ymd d;
	int off;
	int64_t l;
	char *s;

	if (t == 0 || !civil_in_tz(t, tz, &d, &off))
		return "";
	/* by hand, not printf: a list page shows a hundred of them */
	s = arena_alloc(a, 17);
	ymd_format(d, s);
	if (!with_time || s[0] == '\0')
		return s;
	l = t + off;
	s[10] = ' ';
	put_digits(s + 11, (int)((l % 86400 + 86400) % 86400 / 3600), 2);
	s[13] = ':';
	put_digits(s + 14, (int)((l % 3600 + 3600) % 3600 / 60), 2);
	s[16] = '\0';
	return s;
}
