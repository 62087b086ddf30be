/* ISO weeks in an IANA time zone (the association's, util/tzone.c). */
#include <string.h>

#include "digest.h"
#include "../util/str.h"
#include "../util/tzone.h"
#include "../util/vtime.h"

const char *digest_version(void)
{
	return "digest 1";
}

/* Monday = 0 for days since the epoch (1970-01-01 was a Thursday). */
static int weekday(int64_t days)
{
	int r = (int)((days + 3) % 7);
	return r < 0 ? r + 7 : r;
}

static int64_t week1_monday(int year)
{
	int64_t jan4 = vtime_days_from_civil(year, 1, 4);
	return jan4 - weekday(jan4);
}

static int weeks_in_year(int year)
{
	return (int)((week1_monday(year + 1) - week1_monday(year)) / 7);
}

/* ISO year and week of a civil day number. */
static void iso_of_days(int64_t days, int *year, int *week)
{
	int y, m, d, h, mi, s;
	int64_t thu = days - weekday(days) + 3;

	vtime_to_utc(thu * 86400, &y, &m, &d, &h, &mi, &s);
	*year = y;
	*week = (int)((thu - week1_monday(y)) / 7) + 1;
}

static int make_in_tz(int year, int week, const char *tz,
		      struct digest_week *w, struct err *e)
{
	int64_t mon;

	if (year < 1971 || year > 9998 || week < 1 ||
	    week > weeks_in_year(year))
		return err_set(e, "no week %d in %d", week, year);
	mon = week1_monday(year) + (int64_t)(week - 1) * 7;
	if (tzone_midnight(tz, mon, &w->start, e) < 0 ||
	    tzone_midnight(tz, mon + 7, &w->end, e) < 0)
		return -1;
	w->year = year;
	w->week = week;
	return 0;
}

int digest_week_make(int year, int week, const char *tz,
		     struct digest_week *w, struct err *e)
{
	return make_in_tz(year, week, tz, w, e);
}

int digest_week_parse(const char *s, const char *tz, struct digest_week *w,
		      struct err *e)
{
	char ys[8], ws[4];
	const char *p = s;
	size_t i;
	int64_t y, wk;

	for (i = 0; i < 4 && p[i] >= '0' && p[i] <= '9'; i++)
		ys[i] = p[i];
	if (i != 4)
		return err_set(e, "invalid week '%s' (expected like 2026-W48)",
			       s);
	ys[4] = '\0';
	p += 4;
	if (*p == '-')
		p++;
	if (*p != 'W' && *p != 'w')
		return err_set(e, "invalid week '%s' (expected like 2026-W48)",
			       s);
	p++;
	for (i = 0; i < 2 && p[i] >= '0' && p[i] <= '9'; i++)
		ws[i] = p[i];
	ws[i] = '\0';
	if (i == 0 || p[i] != '\0' || str_to_i64(ys, 0, 9999, &y) < 0 ||
	    str_to_i64(ws, 0, 99, &wk) < 0)
		return err_set(e, "invalid week '%s' (expected like 2026-W48)",
			       s);
	return digest_week_make((int)y, (int)wk, tz, w, e);
}

int digest_week_of(int64_t t, const char *tz, struct digest_week *w,
		   struct err *e)
{
	int64_t days;
	int y, wk;

	if (tzone_day(tz, t, &days, e) < 0)
		return -1;
	iso_of_days(days, &y, &wk);
	return make_in_tz(y, wk, tz, w, e);
}

int digest_week_previous(const struct digest_week *w, const char *tz,
			 struct digest_week *prev, struct err *e)
{
	if (w->week > 1)
		return digest_week_make(w->year, w->week - 1, tz, prev, e);
	return digest_week_make(w->year - 1, weeks_in_year(w->year - 1), tz,
				prev, e);
}

int digest_week_last_complete(int64_t now, const char *tz,
			      struct digest_week *w, struct err *e)
{
	struct digest_week cur;

	if (digest_week_of(now, tz, &cur, e) < 0)
		return -1;
	return digest_week_previous(&cur, tz, w, e);
}

void digest_week_name(const struct digest_week *w, char *out, size_t n)
{
	char tmp[32];
	int y = w->year, k = w->week, i;

	/* by hand: four digits, "-W", two digits */
	if (y < 0 || y > 9999 || k < 0 || k > 99) {
		str_copy(out, "invalid", n);
		return;
	}
	for (i = 3; i >= 0; i--, y /= 10)
		tmp[i] = (char)('0' + y % 10);
	tmp[4] = '-';
	tmp[5] = 'W';
	tmp[6] = (char)('0' + k / 10);
	tmp[7] = (char)('0' + k % 10);
	tmp[8] = '\0';
	str_copy(out, tmp, n);
}

int digest_local_date(int64_t t, const char *tz, int *y, int *mon, int *day,
		      struct err *e)
{
	return tzone_civil(tz, t, y, mon, day, NULL, NULL, e);
}
