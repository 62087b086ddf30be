/* UTC time arithmetic (Howard Hinnant's civil-from-days algorithms). */
#include "vtime.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "str.h"

int64_t vtime_days_from_civil(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

int64_t vtime_from_utc(int y, int mon, int day, int h, int min, int sec)
{
	return vtime_days_from_civil(y, (unsigned)mon, (unsigned)day) * 86400 +
	       (int64_t)h * 3600 + (int64_t)min * 60 + sec;
}

void vtime_to_utc(int64_t t, int *y, int *mon, int *day, int *h, int *min,
		  int *sec)
{
	int64_t days = t / 86400, rem = t % 86400, era, yy;
	unsigned doe, yoe, doy, mp, d, m;

	if (rem < 0) {
		rem += 86400;
		days--;
	}
	*h = (int)(rem / 3600);
	*min = (int)(rem / 60 % 60);
	*sec = (int)(rem % 60);
	days += 719468;
	era = (days >= 0 ? days : days - 146096) / 146097;
	doe = (unsigned)(days - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	yy = (int64_t)yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int)(yy + (m <= 2));
	*mon = (int)m;
	*day = (int)d;
}

void vtime_rfc3339(int64_t t, char *out, size_t n)
{
	int y, mo, d, h, mi, s;

	vtime_to_utc(t, &y, &mo, &d, &h, &mi, &s);
	if (y >= 0 && y <= 9999 && n >= 21) {
		/* by hand: snprintf was a tenth of `veille parse`'s output */
		const int v[6] = { y / 100, y % 100, mo, d, h, mi };
		static const char sep[6] = { 0, 0, '-', '-', 'T', ':' };

		for (int k = 0; k < 6; k++) {
			if (sep[k])
				*out++ = sep[k];
			*out++ = (char)('0' + v[k] / 10);
			*out++ = (char)('0' + v[k] % 10);
		}
		out[0] = ':';
		out[1] = (char)('0' + s / 10);
		out[2] = (char)('0' + s % 10);
		out[3] = 'Z';
		out[4] = '\0';
		return;
	}
	snprintf(out, n, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d, h, mi, s);
}

static int digits(const char *s, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

int vtime_parse_rfc3339(const char *s, int64_t *t)
{
	int y, mo, d, h = 0, mi = 0, sec = 0, oh, om;
	int64_t off = 0;

	if (digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &mo) ||
	    s[7] != '-' || digits(s + 8, 2, &d))
		return -1;
	if (mo < 1 || mo > 12 || d < 1 || d > 31)
		return -1;
	s += 10;
	if (*s == 'T' || *s == 't' || *s == ' ') {
		if (digits(s + 1, 2, &h) || s[3] != ':' || digits(s + 4, 2, &mi))
			return -1;
		s += 6;
		if (*s == ':') {
			if (digits(s + 1, 2, &sec))
				return -1;
			s += 3;
			if (*s == '.')
				for (s++; *s >= '0' && *s <= '9'; s++)
					;
		}
		if (h > 23 || mi > 59 || sec > 60)
			return -1;
		if (*s == 'Z' || *s == 'z') {
			s++;
		} else if (*s == '+' || *s == '-') {
			if (digits(s + 1, 2, &oh) || s[3] != ':' ||
			    digits(s + 4, 2, &om))
				return -1;
			off = (int64_t)oh * 3600 + om * 60;
			if (*s == '+')
				off = -off;
			s += 6;
		} else {
			return -1;
		}
	}
	if (*s)
		return -1;
	*t = vtime_from_utc(y, mo, d, h, mi, sec) + off;
	return 0;
}

int64_t vtime_now(void)
{
	const char *s = getenv("VEILLE_NOW");
	int64_t t;

	if (s && *s) {
		if (vtime_parse_rfc3339(s, &t) == 0)
			return t;
		if (str_to_i64(s, 0, INT64_MAX, &t) == 0)
			return t;
	}
	return (int64_t)time(NULL);
}
