/* test_calendar -- civil dates, ISO weeks, Canada Post holidays and
 * business days, time zones. Every expected value is written out by hand
 * (from a printed calendar and Canada Post's published holiday schedule),
 * never computed with the code under test. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "returns/buf.h"
#include "returns/calendar.h"

static struct ymd
D(int y, int m, int d)
{
	struct ymd r = { y, m, d };

	return r;
}

#define assert_ymd(got, Y, M, DD) do {					\
	struct ymd g_ = (got);						\
	if (g_.y != (Y) || g_.m != (M) || g_.d != (DD))			\
		fail_msg("got %04d-%02d-%02d, want %04d-%02d-%02d",	\
		    g_.y, g_.m, g_.d, (Y), (M), (DD));			\
} while (0)

static void
civil_days(void **state)
{
	(void)state;
	assert_int_equal(days_from_civil(D(1970, 1, 1)), 0);
	assert_int_equal(days_from_civil(D(1969, 12, 31)), -1);
	assert_int_equal(days_from_civil(D(2000, 3, 1)), 11017);
	/* 56 years, 14 of them leap, then 329 days into 2026 */
	assert_int_equal(days_from_civil(D(2026, 11, 26)), 20783);
	assert_int_equal(days_from_civil(D(1600, 3, 1)), -135080);
	assert_int_equal(days_from_civil(D(1, 1, 1)), -719162);
	assert_int_equal(days_from_civil(D(0, 3, 1)), -719468);
	assert_int_equal(days_from_civil(D(9999, 12, 31)), 2932896);
	assert_ymd(civil_from_days(0), 1970, 1, 1);
	assert_ymd(civil_from_days(-1), 1969, 12, 31);
	assert_ymd(civil_from_days(20783), 2026, 11, 26);
	assert_ymd(civil_from_days(-719162), 1, 1, 1);
	assert_ymd(civil_from_days(2932896), 9999, 12, 31);
	/* consecutive days, round trip, year 1 to 9999 and a bit before */
	struct ymd prev = civil_from_days(-800000);
	for (int64_t z = -799999; z <= 2932896; z++) {
		struct ymd d = civil_from_days(z);
		assert_true(ymd_valid(d));
		assert_int_equal(ymd_cmp(prev, d), -1);
		assert_int_equal(days_from_civil(d), z);
		prev = d;
	}

	assert_true(ymd_valid(D(2028, 2, 29)));
	assert_true(ymd_valid(D(2000, 2, 29)));
	assert_false(ymd_valid(D(1900, 2, 29)));
	assert_false(ymd_valid(D(2026, 2, 29)));
	assert_false(ymd_valid(D(2026, 4, 31)));
	assert_false(ymd_valid(D(2026, 0, 1)));
	assert_false(ymd_valid(D(2026, 13, 1)));
	assert_false(ymd_valid(D(2026, 1, 0)));

	assert_int_equal(ymd_cmp(D(2026, 1, 1), D(2026, 1, 1)), 0);
	assert_int_equal(ymd_cmp(D(2025, 12, 31), D(2026, 1, 1)), -1);
	assert_int_equal(ymd_cmp(D(2026, 2, 1), D(2026, 1, 31)), 1);
	assert_int_equal(ymd_cmp(D(2026, 1, 2), D(2026, 1, 1)), 1);
}

static void
weekdays_and_adding(void **state)
{
	(void)state;
	assert_int_equal(ymd_weekday(D(1970, 1, 1)), 4);	/* Thursday */
	assert_int_equal(ymd_weekday(D(1969, 12, 28)), 7);	/* Sunday */
	assert_int_equal(ymd_weekday(D(2000, 1, 1)), 6);	/* Saturday */
	assert_int_equal(ymd_weekday(D(2026, 11, 26)), 4);
	assert_int_equal(ymd_weekday(D(2026, 11, 30)), 1);
	assert_int_equal(ymd_weekday(D(2027, 12, 25)), 6);
	assert_int_equal(ymd_weekday(D(1, 1, 1)), 1);

	assert_ymd(ymd_add_days(D(2026, 12, 31), 1), 2027, 1, 1);
	assert_ymd(ymd_add_days(D(2028, 2, 28), 1), 2028, 2, 29);
	assert_ymd(ymd_add_days(D(2027, 2, 28), 1), 2027, 3, 1);
	assert_ymd(ymd_add_days(D(2026, 3, 1), -1), 2026, 2, 28);
	assert_ymd(ymd_add_days(D(2026, 1, 1), 365), 2027, 1, 1);
	assert_ymd(ymd_add_days(D(2026, 1, 1), -3653), 2016, 1, 1);
	assert_ymd(ymd_add_days(D(2026, 11, 26), 0), 2026, 11, 26);
}

static void
iso_weeks(void **state)
{
	static const struct {
		struct ymd	 d;
		int		 year, week;
		struct ymd	 monday;
	} t[] = {
		{ { 2026, 12, 31 }, 2026, 53, { 2026, 12, 28 } },  /* Thu */
		{ { 2027, 1, 1 }, 2026, 53, { 2026, 12, 28 } },    /* Fri */
		{ { 2027, 1, 3 }, 2026, 53, { 2026, 12, 28 } },    /* Sun */
		{ { 2027, 1, 4 }, 2027, 1, { 2027, 1, 4 } },       /* Mon */
		{ { 2024, 12, 30 }, 2025, 1, { 2024, 12, 30 } },   /* Mon */
		{ { 2021, 1, 3 }, 2020, 53, { 2020, 12, 28 } },    /* Sun */
		{ { 2025, 12, 29 }, 2026, 1, { 2025, 12, 29 } },   /* Mon */
		{ { 2026, 1, 1 }, 2026, 1, { 2025, 12, 29 } },     /* Thu */
		{ { 2026, 11, 26 }, 2026, 48, { 2026, 11, 23 } },
		{ { 2028, 1, 2 }, 2027, 52, { 2027, 12, 27 } },    /* Sun */
		{ { 2028, 1, 3 }, 2028, 1, { 2028, 1, 3 } },
	};
	int y, w;

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		y = w = 0;
		iso_week(t[i].d, &y, &w);
		assert_int_equal(y, t[i].year);
		assert_int_equal(w, t[i].week);
		assert_ymd(iso_week_monday(t[i].d), t[i].monday.y,
		    t[i].monday.m, t[i].monday.d);
	}
}

static void
easter_sundays(void **state)
{
	static const struct ymd t[] = {
		{ 2025, 4, 20 }, { 2026, 4, 5 }, { 2027, 3, 28 },
		{ 2028, 4, 16 }, { 2029, 4, 1 }, { 2030, 4, 21 },
		{ 2024, 3, 31 }, { 2019, 4, 21 },
		{ 2038, 4, 25 },	/* the latest possible */
		{ 2285, 3, 22 },	/* the earliest possible */
	};
	/* Good Friday, two days before each of the first six */
	static const struct ymd gf[] = {
		{ 2025, 4, 18 }, { 2026, 4, 3 }, { 2027, 3, 26 },
		{ 2028, 4, 14 }, { 2029, 3, 30 }, { 2030, 4, 19 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		assert_ymd(easter(t[i].y), t[i].y, t[i].m, t[i].d);
		assert_int_equal(ymd_weekday(t[i]), 7);
	}
	for (size_t i = 0; i < sizeof(gf) / sizeof(gf[0]); i++) {
		assert_true(is_holiday(gf[i], NULL));
		assert_string_equal(holiday_key(gf[i], NULL),
		    "holiday.good_friday");
		assert_false(is_business_day(gf[i], "QC"));
	}
}

struct hday {
	int		 m, d;
	const char	*key;
};

/* Every year's weekday closures must be exactly the list: no more. */
static void
check_year(int y, const char *province, const struct hday *h, size_t n)
{
	struct ymd d = D(y, 1, 1);
	size_t found = 0;

	for (size_t i = 0; i < n; i++) {
		const char *k = holiday_key(D(y, h[i].m, h[i].d), province);
		if (k == NULL || strcmp(k, h[i].key) != 0)
			fail_msg("%s %04d-%02d-%02d: got %s, want %s",
			    province ? province : "national", y, h[i].m,
			    h[i].d, k ? k : "no holiday", h[i].key);
		assert_true(ymd_weekday(D(y, h[i].m, h[i].d)) <= 5);
		assert_false(is_business_day(D(y, h[i].m, h[i].d),
		    province));
	}
	for (; d.y == y; d = ymd_add_days(d, 1)) {
		if (ymd_weekday(d) > 5 || !is_holiday(d, province))
			continue;
		found++;
		size_t i;
		for (i = 0; i < n; i++)
			if (h[i].m == d.m && h[i].d == d.d)
				break;
		if (i == n)
			fail_msg("%s %04d-%02d-%02d: unexpected %s",
			    province ? province : "national", d.y, d.m, d.d,
			    holiday_key(d, province));
	}
	assert_int_equal(found, n);
}

#define NY	"holiday.new_years_day"
#define GF	"holiday.good_friday"
#define EM	"holiday.easter_monday"
#define VIC	"holiday.victoria_day"
#define PAT	"holiday.patriots_day"
#define FN	"holiday.fete_nationale"
#define CAN	"holiday.canada_day"
#define CIV	"holiday.civic_holiday"
#define LAB	"holiday.labour_day"
#define TR	"holiday.truth_reconciliation"
#define THX	"holiday.thanksgiving"
#define REM	"holiday.remembrance_day"
#define XMAS	"holiday.christmas_day"
#define BOX	"holiday.boxing_day"

/* The days Canada Post is closed everywhere, 2025-2030, worked out from a
 * calendar (2025 and 2026 as in Canada Post's published schedule):
 * Victoria Day the Monday before May 25, Labour Day the 1st Monday of
 * September, Thanksgiving the 2nd Monday of October, weekend dates moved
 * to the next free weekday. */
static const struct hday nat[6][11] = {
	{ /* 2025: Jan 1 Wednesday */
	  { 1, 1, NY }, { 4, 18, GF }, { 4, 21, EM }, { 5, 19, VIC },
	  { 7, 1, CAN }, { 9, 1, LAB }, { 9, 30, TR }, { 10, 13, THX },
	  { 11, 11, REM }, { 12, 25, XMAS }, { 12, 26, BOX } },
	{ /* 2026: Boxing Day on Saturday -> Monday 28 */
	  { 1, 1, NY }, { 4, 3, GF }, { 4, 6, EM }, { 5, 18, VIC },
	  { 7, 1, CAN }, { 9, 7, LAB }, { 9, 30, TR }, { 10, 12, THX },
	  { 11, 11, REM }, { 12, 25, XMAS }, { 12, 28, BOX } },
	{ /* 2027: Christmas Saturday -> Monday 27, Boxing Day Sunday ->
	   * Tuesday 28 */
	  { 1, 1, NY }, { 3, 26, GF }, { 3, 29, EM }, { 5, 24, VIC },
	  { 7, 1, CAN }, { 9, 6, LAB }, { 9, 30, TR }, { 10, 11, THX },
	  { 11, 11, REM }, { 12, 27, XMAS }, { 12, 28, BOX } },
	{ /* 2028: Jan 1, Jul 1, Sep 30 and Nov 11 on Saturdays */
	  { 1, 3, NY }, { 4, 14, GF }, { 4, 17, EM }, { 5, 22, VIC },
	  { 7, 3, CAN }, { 9, 4, LAB }, { 10, 2, TR }, { 10, 9, THX },
	  { 11, 13, REM }, { 12, 25, XMAS }, { 12, 26, BOX } },
	{ /* 2029: Jul 1, Sep 30 and Nov 11 on Sundays */
	  { 1, 1, NY }, { 3, 30, GF }, { 4, 2, EM }, { 5, 21, VIC },
	  { 7, 2, CAN }, { 9, 3, LAB }, { 10, 1, TR }, { 10, 8, THX },
	  { 11, 12, REM }, { 12, 25, XMAS }, { 12, 26, BOX } },
	{ /* 2030 */
	  { 1, 1, NY }, { 4, 19, GF }, { 4, 22, EM }, { 5, 20, VIC },
	  { 7, 1, CAN }, { 9, 2, LAB }, { 9, 30, TR }, { 10, 14, THX },
	  { 11, 11, REM }, { 12, 25, XMAS }, { 12, 26, BOX } },
};

static void
national_holidays(void **state)
{
	(void)state;
	for (int i = 0; i < 6; i++) {
		check_year(2025 + i, NULL, nat[i], 11);
		check_year(2025 + i, "", nat[i], 11);
		check_year(2025 + i, "XX", nat[i], 11);	/* unknown code */
		check_year(2025 + i, "on", nat[i], 11);	/* not a code */
	}
	/* the actual weekend dates keep their names */
	assert_string_equal(holiday_key(D(2027, 12, 25), NULL), XMAS);
	assert_string_equal(holiday_key(D(2027, 12, 26), NULL), BOX);
	assert_string_equal(holiday_key(D(2026, 12, 26), NULL), BOX);
	assert_string_equal(holiday_key(D(2028, 1, 1), NULL), NY);
	assert_string_equal(holiday_key(D(2028, 7, 1), NULL), CAN);
	assert_string_equal(holiday_key(D(2029, 7, 1), NULL), CAN);
	assert_false(is_business_day(D(2029, 7, 1), NULL));
	/* the days around them are ordinary */
	assert_null(holiday_key(D(2026, 12, 24), NULL));
	assert_null(holiday_key(D(2026, 12, 27), NULL));
	assert_null(holiday_key(D(2026, 12, 29), NULL));
	assert_null(holiday_key(D(2027, 12, 31), NULL));
	assert_true(is_business_day(D(2027, 12, 31), NULL));
	assert_true(is_business_day(D(2026, 11, 26), NULL));
	assert_false(is_business_day(D(2026, 11, 28), NULL));	/* Sat */
	assert_false(is_business_day(D(2026, 11, 29), NULL));	/* Sun */
	/* Christmas on a Sunday: Monday is Boxing Day, Christmas Tuesday */
	assert_string_equal(holiday_key(D(2022, 12, 26), NULL), BOX);
	assert_string_equal(holiday_key(D(2022, 12, 27), NULL), XMAS);
	/* September 30 only from 2021 */
	assert_false(is_holiday(D(2020, 9, 30), NULL));
	assert_true(is_holiday(D(2021, 9, 30), NULL));
}

/* Canada Post's published schedules for 2023 and 2024 (2023: New Year's,
 * Jun 24, Canada Day, Sep 30 and Nov 11 on weekends), Ontario and
 * Quebec. */
static void
published_2023_2024(void **state)
{
	static const struct hday on23[] = {
		{ 1, 2, NY }, { 4, 7, GF }, { 4, 10, EM }, { 5, 22, VIC },
		{ 7, 3, CAN }, { 8, 7, CIV }, { 9, 4, LAB }, { 10, 2, TR },
		{ 10, 9, THX }, { 11, 13, REM }, { 12, 25, XMAS },
		{ 12, 26, BOX },
	};
	static const struct hday qc23[] = {
		{ 1, 2, NY }, { 4, 7, GF }, { 4, 10, EM }, { 5, 22, PAT },
		{ 6, 26, FN }, { 7, 3, CAN }, { 9, 4, LAB }, { 10, 2, TR },
		{ 10, 9, THX }, { 11, 13, REM }, { 12, 25, XMAS },
		{ 12, 26, BOX },
	};
	static const struct hday on24[] = {
		{ 1, 1, NY }, { 3, 29, GF }, { 4, 1, EM }, { 5, 20, VIC },
		{ 7, 1, CAN }, { 8, 5, CIV }, { 9, 2, LAB }, { 9, 30, TR },
		{ 10, 14, THX }, { 11, 11, REM }, { 12, 25, XMAS },
		{ 12, 26, BOX },
	};
	static const struct hday qc24[] = {
		{ 1, 1, NY }, { 3, 29, GF }, { 4, 1, EM }, { 5, 20, PAT },
		{ 6, 24, FN }, { 7, 1, CAN }, { 9, 2, LAB }, { 9, 30, TR },
		{ 10, 14, THX }, { 11, 11, REM }, { 12, 25, XMAS },
		{ 12, 26, BOX },
	};

	(void)state;
	check_year(2023, "ON", on23, 12);
	check_year(2023, "QC", qc23, 12);
	check_year(2024, "ON", on24, 12);
	check_year(2024, "QC", qc24, 12);
}

static void
quebec(void **state)
{
	/* Jun 24: Tue, Wed, Thu, Sat (-> Mon 26), Sun (-> Mon 25), Mon */
	static const struct ymd fn[] = {
		{ 2025, 6, 24 }, { 2026, 6, 24 }, { 2027, 6, 24 },
		{ 2028, 6, 26 }, { 2029, 6, 25 }, { 2030, 6, 24 },
	};
	/* the Victoria Day dates, named for Patriots' Day */
	static const struct ymd pat[] = {
		{ 2025, 5, 19 }, { 2026, 5, 18 }, { 2027, 5, 24 },
		{ 2028, 5, 22 }, { 2029, 5, 21 }, { 2030, 5, 20 },
	};

	(void)state;
	for (int i = 0; i < 6; i++) {
		assert_string_equal(holiday_key(fn[i], "QC"), FN);
		assert_false(is_business_day(fn[i], "QC"));
		assert_true(is_business_day(fn[i], NULL));
		assert_true(is_business_day(fn[i], "ON"));
		assert_string_equal(holiday_key(pat[i], "QC"), PAT);
		assert_string_equal(holiday_key(pat[i], "ON"), VIC);
		assert_string_equal(holiday_key(pat[i], NULL), VIC);
	}
	assert_string_equal(holiday_key(D(2028, 6, 24), "QC"), FN);
	assert_string_equal(holiday_key(D(2029, 6, 24), "QC"), FN);
	assert_true(is_business_day(D(2028, 6, 23), "QC"));	/* Friday */
	assert_true(is_business_day(D(2028, 6, 27), "QC"));
	/* Easter Monday: Canada Post closes in Quebec too */
	assert_string_equal(holiday_key(D(2026, 4, 6), "QC"), EM);
	/* no August holiday */
	assert_true(is_business_day(D(2025, 8, 4), "QC"));
	assert_true(is_business_day(D(2026, 8, 3), "QC"));
}

static void
other_provinces(void **state)
{
	/* 1st Monday of August, 2025-2030 */
	static const struct ymd aug[] = {
		{ 2025, 8, 4 }, { 2026, 8, 3 }, { 2027, 8, 2 },
		{ 2028, 8, 7 }, { 2029, 8, 6 }, { 2030, 8, 5 },
	};
	/* Family Day, 3rd Monday of February: Canada Post delivers */
	static const struct ymd fam[] = {
		{ 2025, 2, 17 }, { 2026, 2, 16 }, { 2027, 2, 15 },
		{ 2028, 2, 21 }, { 2029, 2, 19 }, { 2030, 2, 18 },
	};
	static const struct {
		const char	*province;
		const char	*key;
	} p[] = {
		{ "ON", CIV }, { "MB", CIV }, { "SK", CIV }, { "NL", CIV },
		{ "NT", CIV }, { "NU", CIV }, { "AB", "holiday.heritage_day" },
		{ "BC", "holiday.bc_day" }, { "NB", "holiday.nb_day" },
		{ "NS", "holiday.natal_day" }, { "PE", "holiday.natal_day" },
	};
	static const char *const fd[] = { "ON", "AB", "BC", "SK", "NB", "MB",
	    "PE", "NS" };

	(void)state;
	for (int i = 0; i < 6; i++) {
		for (size_t j = 0; j < sizeof(p) / sizeof(p[0]); j++) {
			assert_string_equal(holiday_key(aug[i],
			    p[j].province), p[j].key);
			assert_false(is_business_day(aug[i], p[j].province));
		}
		assert_true(is_business_day(aug[i], NULL));
		assert_true(is_business_day(aug[i], "YT"));
		for (size_t j = 0; j < sizeof(fd) / sizeof(fd[0]); j++)
			assert_true(is_business_day(fam[i], fd[j]));
	}
	/* Yukon: Discovery Day, 3rd Monday of August */
	assert_string_equal(holiday_key(D(2025, 8, 18), "YT"),
	    "holiday.discovery_day");
	assert_string_equal(holiday_key(D(2026, 8, 17), "YT"),
	    "holiday.discovery_day");
	assert_string_equal(holiday_key(D(2028, 8, 21), "YT"),
	    "holiday.discovery_day");
	assert_true(is_business_day(D(2026, 8, 17), "ON"));
}

static void
business_days(void **state)
{
	struct ymd out[5];

	(void)state;
	/* Thu Dec 24 2026: Fri 25 Christmas, weekend, Mon 28 Boxing Day */
	assert_ymd(add_business_days(D(2026, 12, 24), 1, NULL), 2026, 12, 29);
	assert_ymd(add_business_days(D(2026, 12, 24), 2, NULL), 2026, 12, 30);
	/* Friday + 1 = Monday; from a weekend day too */
	assert_ymd(add_business_days(D(2026, 11, 27), 1, NULL), 2026, 11, 30);
	assert_ymd(add_business_days(D(2026, 11, 28), 1, NULL), 2026, 11, 30);
	assert_ymd(add_business_days(D(2026, 11, 29), 1, NULL), 2026, 11, 30);
	assert_ymd(add_business_days(D(2026, 11, 26), 5, NULL), 2026, 12, 3);
	/* Friday before Victoria Day + 1 = Tuesday */
	assert_ymd(add_business_days(D(2026, 5, 15), 1, NULL), 2026, 5, 19);
	/* Easter 2026: Good Friday Apr 3, Easter Monday Apr 6 */
	assert_ymd(add_business_days(D(2026, 4, 2), 1, NULL), 2026, 4, 7);
	assert_ymd(add_business_days(D(2026, 4, 2), 2, "QC"), 2026, 4, 8);
	assert_ymd(add_business_days(D(2026, 3, 30), 4, NULL), 2026, 4, 7);
	/* ON Civic Holiday Mon Aug 3 2026 */
	assert_ymd(add_business_days(D(2026, 7, 31), 1, "ON"), 2026, 8, 4);
	assert_ymd(add_business_days(D(2026, 7, 31), 1, "QC"), 2026, 8, 3);
	/* n = 0 is from, even on a holiday or a weekend */
	assert_ymd(add_business_days(D(2026, 12, 25), 0, NULL), 2026, 12, 25);
	assert_ymd(add_business_days(D(2026, 11, 28), 0, NULL), 2026, 11, 28);
	/* backwards */
	assert_ymd(add_business_days(D(2026, 11, 30), -1, NULL), 2026, 11, 27);
	assert_ymd(add_business_days(D(2026, 4, 7), -1, NULL), 2026, 4, 2);
	assert_ymd(add_business_days(D(2026, 12, 29), -1, NULL), 2026, 12, 24);
	/* across the year: Fri Dec 31 2027 + 1, New Year's observed Mon */
	assert_ymd(add_business_days(D(2027, 12, 31), 1, NULL), 2028, 1, 4);

	/* Thursday before the Aug 2026 long weekend in Ontario */
	next_business_days(D(2026, 7, 30), 5, "ON", out);
	assert_ymd(out[0], 2026, 7, 31);
	assert_ymd(out[1], 2026, 8, 4);
	assert_ymd(out[2], 2026, 8, 5);
	assert_ymd(out[3], 2026, 8, 6);
	assert_ymd(out[4], 2026, 8, 7);
	next_business_days(D(2026, 7, 30), 5, "QC", out);
	assert_ymd(out[0], 2026, 7, 31);
	assert_ymd(out[1], 2026, 8, 3);
	assert_ymd(out[4], 2026, 8, 6);
	/* Thursday before Easter 2026 */
	next_business_days(D(2026, 4, 2), 5, NULL, out);
	assert_ymd(out[0], 2026, 4, 7);
	assert_ymd(out[1], 2026, 4, 8);
	assert_ymd(out[2], 2026, 4, 9);
	assert_ymd(out[3], 2026, 4, 10);
	assert_ymd(out[4], 2026, 4, 13);
	/* Christmas 2027 into 2028 */
	next_business_days(D(2027, 12, 23), 5, NULL, out);
	assert_ymd(out[0], 2027, 12, 24);
	assert_ymd(out[1], 2027, 12, 29);
	assert_ymd(out[2], 2027, 12, 30);
	assert_ymd(out[3], 2027, 12, 31);
	assert_ymd(out[4], 2028, 1, 4);
	/* n = 0 writes nothing */
	out[0] = D(1, 1, 1);
	next_business_days(D(2027, 12, 23), 0, NULL, out);
	assert_ymd(out[0], 1, 1, 1);

	/* a < d <= b */
	assert_int_equal(business_days_between(D(2026, 12, 24),
	    D(2026, 12, 29), NULL), 1);
	assert_int_equal(business_days_between(D(2026, 12, 24),
	    D(2026, 12, 28), NULL), 0);
	assert_int_equal(business_days_between(D(2026, 11, 26),
	    D(2026, 11, 27), NULL), 1);
	assert_int_equal(business_days_between(D(2026, 11, 26),
	    D(2026, 11, 26), NULL), 0);
	assert_int_equal(business_days_between(D(2026, 11, 27),
	    D(2026, 11, 26), NULL), 0);
	assert_int_equal(business_days_between(D(2026, 11, 27),
	    D(2026, 11, 30), NULL), 1);
	/* whole years: 2026 has 261 weekdays (Jan 1 Thursday), Jan 1 is
	 * excluded, 10 more national closures; ON adds Aug 3, QC Jun 24 */
	assert_int_equal(business_days_between(D(2026, 1, 1),
	    D(2026, 12, 31), NULL), 250);
	assert_int_equal(business_days_between(D(2026, 1, 1),
	    D(2026, 12, 31), "ON"), 249);
	assert_int_equal(business_days_between(D(2026, 1, 1),
	    D(2026, 12, 31), "QC"), 249);
	/* 2027: 261 weekdays, 11 closures; 2028 (leap, starts Saturday):
	 * 260 weekdays, 11 closures */
	assert_int_equal(business_days_between(D(2026, 12, 31),
	    D(2027, 12, 31), NULL), 250);
	assert_int_equal(business_days_between(D(2027, 12, 31),
	    D(2028, 12, 31), NULL), 249);
	/* 2025-2030: 1565 weekdays less Jan 1 2025, 65 more closures, and
	 * six 1st Mondays of August in Ontario */
	assert_int_equal(business_days_between(D(2025, 1, 1),
	    D(2030, 12, 31), NULL), 1499);
	assert_int_equal(business_days_between(D(2025, 1, 1),
	    D(2030, 12, 31), "ON"), 1493);

	/* the three agree with one another everywhere in 2025-2030 */
	for (struct ymd a = D(2025, 1, 1); a.y < 2031;
	    a = ymd_add_days(a, 3)) {
		struct ymd b = add_business_days(a, 7, "ON");
		next_business_days(a, 5, "ON", out);
		assert_int_equal(business_days_between(a, b, "ON"), 7);
		if (is_business_day(a, "ON"))
			assert_int_equal(ymd_cmp(add_business_days(b, -7,
			    "ON"), a), 0);
		for (int i = 0; i < 5; i++) {
			struct ymd e = add_business_days(a, i + 1, "ON");
			assert_int_equal(ymd_cmp(out[i], e), 0);
			assert_true(is_business_day(out[i], "ON"));
		}
	}
}

static void
time_zones(void **state)
{
	struct ymd d;
	int off;

	(void)state;
	/* 2026-11-26 04:30 UTC: Vancouver the evening before, Halifax
	 * (AST, -4) half past midnight, Toronto (EST) 23:30. British
	 * Columbia stayed on -7 after 2026-11-01 (tzdata 2026b and later;
	 * older tzdata says PST, -8): 21:30 or 20:30, Nov 25 either way. */
	assert_true(civil_in_tz(1795667400, "America/Vancouver", &d, &off));
	assert_ymd(d, 2026, 11, 25);
	assert_true(off == -25200 || off == -28800);
	/* a year earlier it was PST whatever the tzdata */
	assert_true(civil_in_tz(1764131400, "America/Vancouver", &d, &off));
	assert_ymd(d, 2025, 11, 25);
	assert_int_equal(off, -28800);
	assert_true(civil_in_tz(1795667400, "America/Halifax", &d, &off));
	assert_ymd(d, 2026, 11, 26);
	assert_int_equal(off, -14400);
	assert_true(civil_in_tz(1795667400, "America/Toronto", &d, &off));
	assert_ymd(d, 2026, 11, 25);
	assert_int_equal(off, -18000);
	assert_true(civil_in_tz(1795667400, "UTC", &d, NULL));
	assert_ymd(d, 2026, 11, 26);
	/* St. John's: -3:30 in winter, -2:30 in summer (noon UTC) */
	assert_true(civil_in_tz(1768478400, "America/St_Johns", &d, &off));
	assert_ymd(d, 2026, 1, 15);
	assert_int_equal(off, -12600);
	assert_true(civil_in_tz(1784116800, "America/St_Johns", &d, &off));
	assert_ymd(d, 2026, 7, 15);
	assert_int_equal(off, -9000);
	/* Toronto springs forward 2026-03-08 at 07:00 UTC (2:00 EST) */
	assert_true(civil_in_tz(1772953199, "America/Toronto", &d, &off));
	assert_ymd(d, 2026, 3, 8);
	assert_int_equal(off, -18000);
	assert_true(civil_in_tz(1772953200, "America/Toronto", &d, &off));
	assert_ymd(d, 2026, 3, 8);
	assert_int_equal(off, -14400);
	/* TZ is left set to the zone */
	assert_string_equal(getenv("TZ"), "America/Toronto");
	/* somebody else changing TZ does not fool the cache */
	setenv("TZ", "UTC", 1);
	tzset();
	assert_true(civil_in_tz(1772953200, "America/Toronto", &d, &off));
	assert_int_equal(off, -14400);

	/* refused, and nothing written */
	d = D(1, 2, 3);
	off = 42;
	assert_false(civil_in_tz(0, "America/Nowhere", &d, &off));
	assert_false(civil_in_tz(0, "", &d, &off));
	assert_false(civil_in_tz(0, NULL, &d, &off));
	assert_false(civil_in_tz(0, "America", &d, &off));	/* a dir */
	assert_false(civil_in_tz(0, "../zoneinfo/UTC", &d, &off));
	assert_false(civil_in_tz(0, "/usr/share/zoneinfo/UTC", &d, &off));
	assert_false(civil_in_tz(0, "<-03>3", &d, &off));
	assert_false(civil_in_tz(0, ":America/Toronto", &d, &off));
	assert_false(civil_in_tz(0, "America/Toronto ", &d, &off));
	assert_ymd(d, 1, 2, 3);
	assert_int_equal(off, 42);
	/* and the zone in force is still the last good one */
	assert_string_equal(getenv("TZ"), "America/Toronto");
}

static void
midnights(void **state)
{
	static const struct {
		const char	*tz;
		struct ymd	 d;
		int64_t		 t;
	} t[] = {
		/* 05:00 UTC (EST) on the day clocks spring forward, 04:00
		 * (EDT) the next; back the other way in November */
		{ "America/Toronto", { 2026, 3, 8 }, 1772946000 },
		{ "America/Toronto", { 2026, 3, 9 }, 1773028800 },
		{ "America/Toronto", { 2026, 11, 1 }, 1793505600 },
		{ "America/Toronto", { 2026, 11, 2 }, 1793595600 },
		{ "America/St_Johns", { 2026, 1, 15 }, 1768447800 },
		{ "America/St_Johns", { 2026, 7, 15 }, 1784082600 },
		{ "America/Vancouver", { 2025, 11, 25 }, 1764057600 },
		{ "America/Halifax", { 2026, 11, 26 }, 1795665600 },
		/* Havana skipped 00:00-01:00 on 2024-03-10: the day began at
		 * 01:00 CDT = 05:00 UTC */
		{ "America/Havana", { 2024, 3, 10 }, 1710046800 },
		/* and had midnight twice on 2024-11-03: the first, 00:00 CDT
		 * = 04:00 UTC */
		{ "America/Havana", { 2024, 11, 3 }, 1730606400 },
	};
	static const char *const zones[] = { "America/Toronto",
	    "America/St_Johns", "America/Vancouver", "America/Halifax",
	    "America/Havana", "America/Regina", "UTC" };
	struct ymd d;

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		assert_int_equal(tz_midnight(t[i].d, t[i].tz), t[i].t);
	/* Toronto's spring day has 23 hours, its fall day 25 */
	assert_int_equal(tz_midnight(D(2026, 3, 9), "America/Toronto") -
	    tz_midnight(D(2026, 3, 8), "America/Toronto"), 23 * 3600);
	assert_int_equal(tz_midnight(D(2026, 11, 2), "America/Toronto") -
	    tz_midnight(D(2026, 11, 1), "America/Toronto"), 25 * 3600);

	/* round trip: the midnight is on the day, a second before is not */
	for (size_t z = 0; z < sizeof(zones) / sizeof(zones[0]); z++) {
		for (struct ymd day = D(2024, 1, 1); day.y < 2027;
		    day = ymd_add_days(day, 1)) {
			int64_t m = tz_midnight(day, zones[z]);
			assert_true(m != INT64_MIN);
			assert_true(civil_in_tz(m, zones[z], &d, NULL));
			assert_int_equal(ymd_cmp(d, day), 0);
			assert_true(civil_in_tz(m - 1, zones[z], &d, NULL));
			assert_int_equal(ymd_cmp(ymd_add_days(d, 1), day), 0);
		}
	}

	assert_int_equal(tz_midnight(D(2026, 2, 30), "America/Toronto"),
	    INT64_MIN);
	assert_int_equal(tz_midnight(D(2026, 1, 1), "America/Nowhere"),
	    INT64_MIN);
	assert_int_equal(tz_midnight(D(2026, 1, 1), NULL), INT64_MIN);
}

static void
text(void **state)
{
	char s[11];
	struct ymd d;

	(void)state;
	ymd_format(D(2026, 11, 26), s);
	assert_string_equal(s, "2026-11-26");
	ymd_format(D(5, 1, 2), s);
	assert_string_equal(s, "0005-01-02");
	ymd_format(D(2026, 2, 30), s);
	assert_string_equal(s, "");
	ymd_format(D(10000, 1, 1), s);
	assert_string_equal(s, "");
	ymd_format(D(-1, 1, 1), s);
	assert_string_equal(s, "");

	assert_true(ymd_parse("2026-11-26", &d));
	assert_ymd(d, 2026, 11, 26);
	assert_true(ymd_parse("2028-02-29", &d));
	assert_ymd(d, 2028, 2, 29);
	assert_true(ymd_parse("2000-02-29", &d));
	assert_true(ymd_parse("0001-01-01", &d));
	assert_ymd(d, 1, 1, 1);

	d = D(7, 7, 7);
	assert_false(ymd_parse("2026-02-30", &d));
	assert_false(ymd_parse("2026-13-01", &d));
	assert_false(ymd_parse("2026-1-1x", &d));
	assert_false(ymd_parse("2026-1-1", &d));
	assert_false(ymd_parse("2026-00-10", &d));
	assert_false(ymd_parse("2026-01-00", &d));
	assert_false(ymd_parse("2026-04-31", &d));
	assert_false(ymd_parse("2025-02-29", &d));
	assert_false(ymd_parse("1900-02-29", &d));
	assert_false(ymd_parse("2026-01-01 ", &d));
	assert_false(ymd_parse(" 2026-01-01", &d));
	assert_false(ymd_parse("2026-01-011", &d));
	assert_false(ymd_parse("2026/01/01", &d));
	assert_false(ymd_parse("+026-01-01", &d));
	assert_false(ymd_parse("2026-+1-01", &d));
	assert_false(ymd_parse("20261126", &d));
	assert_false(ymd_parse("", &d));
	assert_false(ymd_parse(NULL, &d));
	assert_ymd(d, 7, 7, 7);

	/* format and parse agree on every day of 2024-2030 */
	for (struct ymd day = D(2024, 1, 1); day.y < 2031;
	    day = ymd_add_days(day, 1)) {
		ymd_format(day, s);
		assert_int_equal(strlen(s), 10);
		assert_true(ymd_parse(s, &d));
		assert_int_equal(ymd_cmp(d, day), 0);
	}
}

/* A moment as the merchant reads it: local date, and time to the minute,
 * on both sides of a change of offset; nothing for no moment. */
static void
moments_in_words(void **state)
{
	struct arena a = { 0 };

	(void)state;
	/* 2026-01-15 04:30 UTC: 23:30 the day before in Toronto (UTC-5) */
	assert_string_equal(tz_format(&a, 1768451400, "America/Toronto",
	    false), "2026-01-14");
	assert_string_equal(tz_format(&a, 1768451400, "America/Toronto",
	    true), "2026-01-14 23:30");
	/* 2026-07-01 16:05 UTC: 12:05 in Toronto (UTC-4), 09:05 in
	 * Vancouver (UTC-7) */
	assert_string_equal(tz_format(&a, 1782921900, "America/Toronto",
	    true), "2026-07-01 12:05");
	assert_string_equal(tz_format(&a, 1782921900, "America/Vancouver",
	    true), "2026-07-01 09:05");
	assert_string_equal(tz_format(&a, 1782921900, "America/St_Johns",
	    true), "2026-07-01 13:35");
	assert_string_equal(tz_format(&a, 0, "America/Toronto", true), "");
	arena_free(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(civil_days),
		cmocka_unit_test(weekdays_and_adding),
		cmocka_unit_test(iso_weeks),
		cmocka_unit_test(easter_sundays),
		cmocka_unit_test(national_holidays),
		cmocka_unit_test(published_2023_2024),
		cmocka_unit_test(quebec),
		cmocka_unit_test(other_provinces),
		cmocka_unit_test(business_days),
		cmocka_unit_test(time_zones),
		cmocka_unit_test(midnights),
		cmocka_unit_test(text),
		cmocka_unit_test(moments_in_words),
	};

	return cmocka_run_group_tests_name("calendar", tests, NULL, NULL);
}
