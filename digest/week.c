/* ISO weeks in an IANA time zone. The C library is the only portable reader
 * of the system tz database, so we switch TZ for the duration of a call and
 * restore it afterwards; veille is single-threaded where this is used. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "digest.h"
#include "../util/alloc.h"
#include "../util/str.h"
#include "../util/vtime.h"

const char *digest_version(void)
{
	return "digest 1";
}

struct tz_save {
	char *old;
	int had;
};

static int tz_name_ok(const char *tz)
{
	const char *p;
	const char *dir = getenv("TZDIR");
	char path[512];
	size_t n;

	if (tz[0] == '/' || strstr(tz, "..") != NULL)
		return 0;
	for (p = tz; *p; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		      (*p >= '0' && *p <= '9') || *p == '/' || *p == '_' ||
		      *p == '-' || *p == '+'))
			return 0;
	}
	if (strcmp(tz, "UTC") == 0)
		return 1;
	/* glibc silently falls back to UTC for an unknown name: check the
	 * file exists so a typo is an error, not a week shifted by hours. */
	n = str_copy(path, dir && *dir ? dir : "/usr/share/zoneinfo",
		     sizeof(path));
	if (n + 1 + strlen(tz) + 1 > sizeof(path))
		return 0;
	str_copy(path + n, "/", sizeof(path) - n);
	str_copy(path + n + 1, tz, sizeof(path) - n - 1);
	return access(path, R_OK) == 0;
}

static int tz_enter(const char *tz, struct tz_save *s, struct err *e)
{
	const char *old = getenv("TZ");

	if (tz == NULL || *tz == '\0')
		tz = DIGEST_TZ_DEFAULT;
	if (!tz_name_ok(tz))
		return err_set(e, "unknown time zone '%s'", tz);
	s->had = old != NULL;
	s->old = NULL;
	if (old != NULL && (s->old = v_strdup(old)) == NULL)
		return err_set(e, "out of memory");
	if (setenv("TZ", tz, 1) != 0) {
		v_free(s->old);
		return err_set(e, "cannot set time zone '%s'", tz);
	}
	tzset();
	return 0;
}

static void tz_leave(struct tz_save *s)
{
	if (s->had)
		setenv("TZ", s->old, 1);
	else
		unsetenv("TZ");
	tzset();
	v_free(s->old);
	s->old = NULL;
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

static int local_midnight(int64_t days, int64_t *out)
{
	int y, m, d, h, mi, s;
	struct tm tm;
	time_t t;

	vtime_to_utc(days * 86400, &y, &m, &d, &h, &mi, &s);
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_isdst = -1;
	t = mktime(&tm);
	if (t == (time_t)-1)
		return -1;
	*out = (int64_t)t;
	return 0;
}

static int make_in_tz(int year, int week, struct digest_week *w,
		      struct err *e)
{
	int64_t mon;

	if (year < 1971 || year > 9998 || week < 1 ||
	    week > weeks_in_year(year))
		return err_set(e, "no week %d in %d", week, year);
	mon = week1_monday(year) + (int64_t)(week - 1) * 7;
	if (local_midnight(mon, &w->start) < 0 ||
	    local_midnight(mon + 7, &w->end) < 0)
		return err_set(e, "week %d-W%02d out of range", year, week);
	w->year = year;
	w->week = week;
	return 0;
}

int digest_week_make(int year, int week, const char *tz,
		     struct digest_week *w, struct err *e)
{
	struct tz_save s;
	int rc;

	if (tz_enter(tz, &s, e) < 0)
		return -1;
	rc = make_in_tz(year, week, w, e);
	tz_leave(&s);
	return rc;
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

static int civil_days_local(int64_t t, int64_t *days)
{
	struct tm tm;
	time_t tt = (time_t)t;

	if (localtime_r(&tt, &tm) == NULL)
		return -1;
	*days = vtime_days_from_civil(tm.tm_year + 1900,
				      (unsigned)tm.tm_mon + 1,
				      (unsigned)tm.tm_mday);
	return 0;
}

int digest_week_of(int64_t t, const char *tz, struct digest_week *w,
		   struct err *e)
{
	struct tz_save s;
	int64_t days;
	int y, wk, rc;

	if (tz_enter(tz, &s, e) < 0)
		return -1;
	if (civil_days_local(t, &days) < 0) {
		rc = err_set(e, "time out of range");
	} else {
		iso_of_days(days, &y, &wk);
		rc = make_in_tz(y, wk, w, e);
	}
	tz_leave(&s);
	return rc;
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
	struct tz_save s;
	struct tm tm;
	time_t tt = (time_t)t;
	int rc = 0;

	if (tz_enter(tz, &s, e) < 0)
		return -1;
	if (localtime_r(&tt, &tm) == NULL) {
		rc = err_set(e, "time out of range");
	} else {
		*y = tm.tm_year + 1900;
		*mon = tm.tm_mon + 1;
		*day = tm.tm_mday;
	}
	tz_leave(&s);
	return rc;
}
