/* The report's calendar (periods, buckets and their labels) and the
 * number formats every output shares: used by build.c and by the writers
 * (html.c, out.c), which thus need nothing of build.c. */
#include <math.h>
#include <stdio.h>

#include "../util/str.h"
#include "../util/vtime.h"
#include "report.h"
#include "report_int.h"

#define DAY 86400

static int64_t floordiv(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* Start of the week, month or quarter containing t. */
int64_t rcal_align(int64_t t, enum report_gran g)
{
	int y, mon, d, h, mi, s;
	int64_t days = floordiv(t, DAY);

	if (g == REPORT_WEEK) {
		/* 1970-01-01 was a Thursday: Monday is day -3. */
		int64_t wd = ((days + 3) % 7 + 7) % 7;
		return (days - wd) * DAY;
	}
	vtime_to_utc(t, &y, &mon, &d, &h, &mi, &s);
	if (g == REPORT_QUARTER)
		mon = (mon - 1) / 3 * 3 + 1;
	return vtime_from_utc(y, mon, 1, 0, 0, 0);
}

int64_t rcal_next(int64_t start, enum report_gran g)
{
	int y, mon, d, h, mi, s;

	if (g == REPORT_WEEK)
		return start + 7 * DAY;
	vtime_to_utc(start, &y, &mon, &d, &h, &mi, &s);
	mon += g == REPORT_QUARTER ? 3 : 1;
	if (mon > 12) {
		mon -= 12;
		y++;
	}
	return vtime_from_utc(y, mon, 1, 0, 0, 0);
}

void rcal_label(int64_t start, enum report_gran g, char *out, size_t n)
{
	int y, mon, d, h, mi, s;

	if (g == REPORT_WEEK) {
		/* ISO 8601: the week belongs to the year of its Thursday. */
		int64_t thu = start + 3 * DAY;
		int64_t jan1;

		vtime_to_utc(thu, &y, &mon, &d, &h, &mi, &s);
		jan1 = vtime_from_utc(y, 1, 1, 0, 0, 0);
		snprintf(out, n, "%04d-W%02d", y,
			 (int)((thu - jan1) / DAY / 7 + 1));
		return;
	}
	vtime_to_utc(start, &y, &mon, &d, &h, &mi, &s);
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
	int y1, m1, d1, h1, mi1, s1, y2, m2, d2, h2, mi2, s2;
	int64_t months;

	vtime_to_utc(p->from, &y1, &m1, &d1, &h1, &mi1, &s1);
	vtime_to_utc(p->to, &y2, &m2, &d2, &h2, &mi2, &s2);
	if (d1 == 1 && d2 == 1 && h1 + mi1 + s1 == 0 && h2 + mi2 + s2 == 0) {
		int64_t m;

		months = ((int64_t)y2 * 12 + m2) - ((int64_t)y1 * 12 + m1);
		m = (int64_t)y1 * 12 + (m1 - 1) - months * k;
		return vtime_from_utc((int)floordiv(m, 12),
				      (int)(m - floordiv(m, 12) * 12) + 1, 1,
				      0, 0, 0);
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
	int y, mon, d, h, mi, s;

	vtime_to_utc(t, &y, &mon, &d, &h, &mi, &s);
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
