/* The report's calendar (periods, buckets and their labels) and the
 * number formats every output shares: used by build.c and by the writers
 * (html.c, out.c), which thus need nothing of build.c. */
#include <math.h>
#include <stdio.h>

#include "../util/str.h"
#include "../util/tzone.h"
#include "../util/vtime.h"
#include "report.h"
#include "report_int.h"

#define DAY 86400

static int64_t floordiv(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* The zone whose midnights cut days, weeks, months and quarters; NULL:
 * UTC. Set once per report by the caller (report_zone). */
static const char *zone;

void report_zone(const char *tz)
{
	zone = tz;
}

/* Local civil day of t, and the instant its midnight starts. */
static int64_t day_of(int64_t t)
{
	int64_t d;

	if (zone && tzone_day(zone, t, &d, NULL) == 0)
		return d;
	return floordiv(t, DAY);
}

static int64_t midnight(int64_t days)
{
	int64_t t;

	if (zone && tzone_midnight(zone, days, &t, NULL) == 0)
		return t;
	return days * DAY;
}

static void civil(int64_t days, int *y, int *mon, int *d)
{
	int h, mi, s;

	vtime_to_utc(days * DAY, y, mon, d, &h, &mi, &s);
}

static int64_t month_start(int y, int mon)
{
	return midnight(vtime_days_from_civil(y, (unsigned)mon, 1));
}

/* Start of the week, month or quarter containing t. */
int64_t rcal_align(int64_t t, enum report_gran g)
{
	int y, mon, d;
	int64_t days = day_of(t);

	if (g == REPORT_WEEK) {
		/* 1970-01-01 was a Thursday: Monday is day -3. */
		int64_t wd = ((days + 3) % 7 + 7) % 7;
		return midnight(days - wd);
	}
	civil(days, &y, &mon, &d);
	if (g == REPORT_QUARTER)
		mon = (mon - 1) / 3 * 3 + 1;
	return month_start(y, mon);
}

int64_t rcal_next(int64_t start, enum report_gran g)
{
	int y, mon, d;
	int64_t days = day_of(start);

	if (g == REPORT_WEEK)
		return midnight(days + 7);
	civil(days, &y, &mon, &d);
	mon += g == REPORT_QUARTER ? 3 : 1;
	if (mon > 12) {
		mon -= 12;
		y++;
	}
	return month_start(y, mon);
}

void rcal_label(int64_t start, enum report_gran g, char *out, size_t n)
{
	int y, mon, d;
	int64_t days = day_of(start);

	if (g == REPORT_WEEK) {
		/* ISO 8601: the week belongs to the year of its Thursday. */
		int64_t thu = days + 3;

		civil(thu, &y, &mon, &d);
		snprintf(out, n, "%04d-W%02d", y,
			 (int)((thu - vtime_days_from_civil(y, 1, 1)) / 7 + 1));
		return;
	}
	civil(days, &y, &mon, &d);
	if (g == REPORT_QUARTER)
		snprintf(out, n, "%04d-Q%d", y, (mon - 1) / 3 + 1);
	else
		snprintf(out, n, "%04d-%02d", y, mon);
}

/* Start of the k-th period before [from, to): whole calendar months back
 * when both ends are month starts (so the quarter before 2026-Q1 is
 * 2025-Q4, whatever the number of days), the same length otherwise. */
static int64_t period_back(const struct report_params *p, int k)
{
	int y1, m1, d1, y2, m2, d2;
	int64_t days1 = day_of(p->from), days2 = day_of(p->to);

	civil(days1, &y1, &m1, &d1);
	civil(days2, &y2, &m2, &d2);
	if (d1 == 1 && d2 == 1 && midnight(days1) == p->from &&
	    midnight(days2) == p->to) {
		int64_t months, m;

		months = ((int64_t)y2 * 12 + m2) - ((int64_t)y1 * 12 + m1);
		m = (int64_t)y1 * 12 + (m1 - 1) - months * k;
		return month_start((int)floordiv(m, 12),
				   (int)(m - floordiv(m, 12) * 12) + 1);
	}
	return p->from - (int64_t)k * (p->to - p->from);
}

int64_t report_baseline_from(const struct report_params *p)
{
	return period_back(p, p->baseline_periods);
}

int64_t report_previous_from(const struct report_params *p)
{
	return period_back(p, 1);
}

void report_last_quarter(int64_t now, int64_t *from, int64_t *to)
{
	*to = rcal_align(now, REPORT_QUARTER);
	*from = rcal_align(*to - DAY, REPORT_QUARTER);
}

void rfmt_num(char *out, size_t n, double v)
{
	if (isnan(v) || isinf(v))
		snprintf(out, n, "NA");
	else if (v == floor(v) && fabs(v) < 1e15)
		snprintf(out, n, "%.0f", v);
	else
		snprintf(out, n, "%.4f", v);
}

void rfmt_date(char *out, size_t n, int64_t t)
{
	int y, mon, d;

	civil(day_of(t), &y, &mon, &d);
	snprintf(out, n, "%04d-%02d-%02d", y, mon, d);
}

void rfmt_pct(char *out, size_t n, double v, const char *na)
{
	if (isnan(v))
		str_copy(out, na, n);
	else
		snprintf(out, n, "%+.0f %%", v);
}

void rfmt_p(char *out, size_t n, double p, const char *na)
{
	if (isnan(p))
		str_copy(out, na, n);
	else if (p < 0.001)
		str_copy(out, "< 0.001", n);
	else
		snprintf(out, n, "%.3f", p);
}
