/* calendar.h -- civil dates, ISO weeks, Canada Post business days and
 * time zones (infrastructure).
 *
 * Dates are proleptic Gregorian. Every function is pure except
 * civil_in_tz and tz_midnight, which set the process time zone (see
 * there). A date is "valid" when ymd_valid says so; functions taking a
 * date give an unspecified (but defined, no UB) result for others.
 *
 * Holidays are the days Canada Post has no collection or delivery, as
 * published in its official holiday schedule ("Find out operating hours
 * on holidays", canadapost-postescanada.ca, tables for 2023-2026). For
 * parcels that is what matters, and it differs from both the federal
 * statutory list and provincial labour law:
 *
 * National (every province, territory and province == NULL or ""):
 *	New Year's Day			Jan 1		holiday.new_years_day
 *	Good Friday			Easter - 2	holiday.good_friday
 *	Easter Monday			Easter + 1	holiday.easter_monday
 *	Victoria Day			Monday before May 25
 *							holiday.victoria_day
 *	Canada Day			Jul 1		holiday.canada_day
 *	Labour Day			1st Monday of Sep
 *							holiday.labour_day
 *	National Day for Truth and Reconciliation
 *					Sep 30 (from 2021 on)
 *							holiday.truth_reconciliation
 *	Thanksgiving			2nd Monday of Oct
 *							holiday.thanksgiving
 *	Remembrance Day			Nov 11		holiday.remembrance_day
 *	Christmas Day			Dec 25		holiday.christmas_day
 *	Boxing Day			Dec 26		holiday.boxing_day
 * Easter Monday and September 30 are in because Canada Post closes on
 * them everywhere (Quebec included), although neither is a provincial
 * statutory holiday in most provinces; Remembrance Day likewise.
 *
 * Provincial, added when province is one of these codes:
 *	"QC"	National Patriots' Day (the Victoria Day date, which then
 *		carries holiday.patriots_day instead of holiday.victoria_day)
 *		and Quebec's National Holiday, Jun 24 (holiday.fete_nationale);
 *		nothing in August.
 *	1st Monday of August, under the name Canada Post uses:
 *		"ON" "MB" "SK" "NL" "NT" "NU"	holiday.civic_holiday
 *		"AB"				holiday.heritage_day
 *		"BC"				holiday.bc_day
 *		"NB"				holiday.nb_day
 *		"NS" "PE"			holiday.natal_day
 *	"YT"	Discovery Day, 3rd Monday of August (holiday.discovery_day).
 * Other strings (lowercase codes included) get the national set only.
 *
 * Not holidays: Family Day (AB BC NB ON SK), Louis Riel Day (MB), Heritage
 * Day (NS) and Islander Day (PE) in February -- Canada Post collects and
 * delivers on them (its schedule says so explicitly) -- and the other
 * provincial days it does not list (St. Patrick's Day, Orangemen's Day,
 * Nunavut Day...). Ontario's Civic Holiday is not statutory in Ontario,
 * but Canada Post closes, so it is in.
 *
 * Observed days: a fixed-date holiday (New Year's, Jun 24, Canada Day,
 * Sep 30, Remembrance, Christmas, Boxing Day) that falls on a Saturday or
 * Sunday is also observed on the next Monday..Friday that is not already
 * a holiday, taken in date order: Canada Day on Sunday 2029-07-01 ->
 * Monday 07-02; Christmas on Saturday 2027-12-25 -> Monday 27 and Boxing
 * Day on Sunday -> Tuesday 28; Christmas on Sunday 2022-12-25 -> Tuesday
 * 27 (Monday 26 is Boxing Day). Jun 24 shifts like the others (2023 and
 * 2028 -> Monday Jun 26), as in Canada Post's 2023 schedule (its 2017
 * and 2018 ones did not move it). The actual weekend date stays a
 * holiday too (holiday_key names it), which changes nothing for business
 * days.
 *
 * The rules are today's, applied to every year (except Sep 30, from 2021);
 * one-off closures (a state funeral) are not known.
 */
#ifndef RETURNS_CALENDAR_H
#define RETURNS_CALENDAR_H

#include <stdbool.h>
#include <stdint.h>

struct ymd {
	int	 y, m, d;		/* 2026, 1..12, 1..31 */
};

/* true when m is 1..12 and d is 1..the length of that month. */
bool		 ymd_valid(struct ymd);
/* -1, 0 or 1 as a is before, the same as or after b. */
int		 ymd_cmp(struct ymd a, struct ymd b);
/* Days since 1970-01-01 (negative before). */
int64_t		 days_from_civil(struct ymd);
/* The inverse: civil_from_days(days_from_civil(d)) == d for a valid d
 * whose year fits an int. */
struct ymd	 civil_from_days(int64_t);
/* ISO weekday: 1 = Monday .. 7 = Sunday. */
int		 ymd_weekday(struct ymd);
/* The date n days later (earlier when n < 0). */
struct ymd	 ymd_add_days(struct ymd, int n);

/* ISO 8601 week-numbering year and week (1..53) of a date: the week runs
 * Monday to Sunday and belongs to the year holding its Thursday, so
 * 2027-01-01 is in week 53 of 2026 and 2024-12-30 in week 1 of 2025. */
void		 iso_week(struct ymd, int *iso_year, int *week);
/* The Monday of the ISO week holding the date (the date itself on a
 * Monday). */
struct ymd	 iso_week_monday(struct ymd);

/* Easter Sunday of a Gregorian year (the anonymous algorithm, Meeus /
 * Jones / Butcher); meaningful from 1583, unspecified before year 1. */
struct ymd	 easter(int year);

/* true when Canada Post is closed for a holiday on that date in that
 * province (NULL or "" = national set), on the actual date or on the
 * observed one; see the top of this file. */
bool		 is_holiday(struct ymd, const char *province);
/* The catalogue key naming the holiday ("holiday.canada_day"), the same
 * on the actual and the observed date; NULL when is_holiday is false. */
const char	*holiday_key(struct ymd, const char *province);
/* Monday..Friday and not a holiday. */
bool		 is_business_day(struct ymd, const char *province);
/* The n-th business day after `from` (n >= 1), counting from the next
 * business day whatever `from` is: Friday + 1 is the next Monday, or
 * Tuesday when that Monday is a holiday. n == 0 gives `from` unchanged;
 * n < 0 counts back the same way (Monday - 1 is the Friday before). */
struct ymd	 add_business_days(struct ymd from, int n,
		    const char *province);
/* The next n business days after `from` into out[0..n-1]: out[i] is
 * add_business_days(from, i + 1). Nothing when n <= 0. */
void		 next_business_days(struct ymd from, int n,
		    const char *province, struct ymd *out);
/* The number of business days d with a < d <= b; 0 when b <= a. Takes
 * time in the number of years spanned, not days. */
int		 business_days_between(struct ymd a, struct ymd b,
		    const char *province);

/* The civil date and UTC offset (seconds east, may be NULL) at a unix
 * time in an IANA zone such as "America/Toronto" or "America/St_Johns"
 * (-12600 in winter, -9000 in summer), from the system tzdata.
 *
 * The zone must be the name of a TZif file under $TZDIR or else
 * /usr/share/zoneinfo (Debian package tzdata): false, and *out and
 * *utc_offset untouched, for NULL, "", an absolute path, "..", a POSIX
 * rule string such as "<-03>3" (no such file), a missing file or a time
 * localtime cannot represent.
 *
 * Sets TZ in the environment and calls tzset(); TZ is left set to the
 * zone (nothing is restored), so localtime() elsewhere in the process
 * follows it. A static cache holds the zone last set: calls with the same
 * zone (and TZ not changed by anybody else since) neither recheck the
 * file nor call tzset again. Not thread-safe (setenv, tzset). */
bool		 civil_in_tz(int64_t unix_time, const char *tz,
		    struct ymd *out, int *utc_offset);
/* The unix time at which the date starts in the zone: its local midnight,
 * or when midnight is skipped by a clock change (America/Havana,
 * 2024-03-10) the instant of the change; when midnight happens twice,
 * the first. INT64_MIN for an invalid date or a zone civil_in_tz
 * refuses. Same environment side effects as civil_in_tz. */
int64_t		 tz_midnight(struct ymd, const char *tz);
/* A unix time as "YYYY-MM-DD" (with_time: "YYYY-MM-DD HH:MM") in tz,
 * allocated from the arena; "" for 0. For the pages and the labels. */
struct arena;
const char	*tz_format(struct arena *, int64_t t, const char *tz,
		    bool with_time);

/* "2026-11-26" into out[11]; "" when the date is not valid or its year
 * is not 0..9999. */
void		 ymd_format(struct ymd, char out[11]);
/* Exactly "YYYY-MM-DD" (four, two and two digits) naming a valid date;
 * false for anything else, NULL included. *out is written on success
 * only. */
bool		 ymd_parse(const char *, struct ymd *out);

#endif
