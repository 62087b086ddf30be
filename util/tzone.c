/* The association's time zone (see tzone.h). */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "alloc.h"
#include "str.h"
#include "tzone.h"
#include "vtime.h"

struct tz_save {
	char *old;
	int had;
};

const char *tzone_of(const struct conf *c)
{
	const char *v = conf_get(conf_find(c, "settings", NULL), "timezone");

	if (v == NULL || *v == '\0')
		v = conf_get(conf_find(c, "mail", NULL), "timezone");
	return v && *v ? v : TZONE_DEFAULT;
}

static int name_ok(const char *tz)
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

int tzone_check(const char *tz, struct err *e)
{
	if (tz == NULL || *tz == '\0')
		tz = TZONE_DEFAULT;
	return name_ok(tz) ? 0 : err_set(e, "unknown time zone '%s'", tz);
}

static int enter(const char *tz, struct tz_save *s, struct err *e)
{
	const char *old = getenv("TZ");

	if (tz == NULL || *tz == '\0')
		tz = TZONE_DEFAULT;
	if (!name_ok(tz))
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

static void leave(struct tz_save *s)
{
	if (s->had)
		setenv("TZ", s->old, 1);
	else
		unsetenv("TZ");
	tzset();
	v_free(s->old);
	s->old = NULL;
}

int tzone_civil(const char *tz, int64_t t, int *y, int *mon, int *day,
		int *h, int *min, struct err *e)
{
	struct tz_save s;
	struct tm tm;
	time_t tt = (time_t)t;
	int rc = 0;

	if (enter(tz, &s, e) < 0)
		return -1;
	if (localtime_r(&tt, &tm) == NULL) {
		rc = err_set(e, "time out of range");
	} else {
		*y = tm.tm_year + 1900;
		*mon = tm.tm_mon + 1;
		*day = tm.tm_mday;
		if (h)
			*h = tm.tm_hour;
		if (min)
			*min = tm.tm_min;
	}
	leave(&s);
	return rc;
}

int tzone_day(const char *tz, int64_t t, int64_t *days, struct err *e)
{
	int y, mon, d;

	if (tzone_civil(tz, t, &y, &mon, &d, NULL, NULL, e) < 0)
		return -1;
	*days = vtime_days_from_civil(y, (unsigned)mon, (unsigned)d);
	return 0;
}

int tzone_midnight(const char *tz, int64_t days, int64_t *out,
		   struct err *e)
{
	int y, m, d, h, mi, sec;
	struct tz_save s;
	struct tm tm;
	time_t t;

	vtime_to_utc(days * 86400, &y, &m, &d, &h, &mi, &sec);
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_isdst = -1;
	if (enter(tz, &s, e) < 0)
		return -1;
	t = mktime(&tm);
	leave(&s);
	if (t == (time_t)-1)
		return err_set(e, "date out of range in '%s'",
			       tz && *tz ? tz : TZONE_DEFAULT);
	*out = (int64_t)t;
	return 0;
}
