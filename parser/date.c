/* Feed dates: ISO 8601 / RFC 3339 / W3C-DTF, epoch seconds, and RFC 822
 * with the variants and languages publishers really write. libcurl's
 * curl_getdate() is the last resort for shapes we do not know; it is the
 * one libcurl call in parser/, and it is pure string work. */
#include "date.h"

#include <curl/curl.h>
#include <stddef.h>
#include <string.h>

#include "../util/vtime.h"

/* Longer inputs are not dates; the bound keeps the work per call small. */
#define DATE_MAX 200

enum { D_OK = 0, D_BAD = -1, D_UNKNOWN = -2 };

static int is_digit(int c) { return c >= '0' && c <= '9'; }
static int is_space(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

static int is_alpha(int c)
{
	return c >= 0x80 || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

static int leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int mdays(int y, int m)
{
	static const int n[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	return m == 2 && leap(y) ? 29 : n[m - 1];
}

/* Range checks, then seconds; off is the zone offset in seconds east. */
static int finish(int y, int mo, int d, int h, int mi, int s, int off,
		  int64_t *t)
{
	if (y < 1000 || y > 9999 || mo < 1 || mo > 12 || d < 1 ||
	    d > mdays(y, mo) || h < 0 || h > 23 || mi < 0 || mi > 59 ||
	    s < 0 || s > 60 || off < -18 * 3600 || off > 18 * 3600)
		return D_BAD;
	*t = vtime_from_utc(y, mo, d, h, mi, s) - off;
	return D_OK;
}

/* Reads exactly n digits. */
static int num(const char *s, int n, int *v)
{
	int i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (!is_digit((unsigned char)s[i]))
			return -1;
		*v = *v * 10 + (s[i] - '0');
	}
	return 0;
}

static int zone_name(const char *w, size_t n, int *off);

/* "Z", "+01:00", "+0100", "+01", or a zone name such as "UTC" "GMT" "EST",
 * optionally after spaces. Consumes the whole of s or fails. */
static int iso_zone(const char *s, int *off)
{
	int hh, mm = 0, sign;
	size_t n;

	while (is_space((unsigned char)*s))
		s++;
	if (!*s) {
		*off = 0;
		return 0;
	}
	if ((*s == 'Z' || *s == 'z') && !s[1]) {
		*off = 0;
		return 0;
	}
	if (*s == '+' || *s == '-') {
		sign = *s == '-' ? -1 : 1;
		s++;
		if (num(s, 2, &hh) < 0)
			return -1;
		s += 2;
		if (*s == ':')
			s++;
		if (*s) {
			if (num(s, 2, &mm) < 0 || s[2])
				return -1;
		}
		if (mm > 59)
			return -1;
		*off = sign * (hh * 3600 + mm * 60);
		return 0;
	}
	n = strlen(s);
	return zone_name(s, n, off);
}

/* YYYY[-MM[-DD[(T|' ')hh:mm[:ss[.frac]][zone]]]], also with '/' as the date
 * separator and the basic form YYYYMMDD[Thhmm[ss]]. */
static int parse_iso(const char *s, int64_t *t)
{
	int y, mo = 1, d = 1, h = 0, mi = 0, sec = 0, off = 0;
	char sep;
	int basic = 0;

	if (num(s, 4, &y) < 0)
		return D_UNKNOWN;
	s += 4;
	if (!*s)
		return finish(y, mo, d, h, mi, sec, off, t);
	sep = *s;
	if (sep == '-' || sep == '/') {
		s++;
		if (num(s, 2, &mo) < 0) {
			if (num(s, 1, &mo) < 0 || is_digit((unsigned char)s[1]))
				return D_UNKNOWN;
			s += 1;
		} else {
			s += 2;
		}
		if (!*s)
			return finish(y, mo, d, h, mi, sec, off, t);
		if (*s != sep)
			return D_UNKNOWN;
		s++;
		if (num(s, 2, &d) < 0) {
			if (num(s, 1, &d) < 0)
				return D_UNKNOWN;
			s += 1;
		} else {
			s += 2;
		}
	} else if (is_digit((unsigned char)sep)) {
		if (num(s, 2, &mo) < 0 || num(s + 2, 2, &d) < 0)
			return D_UNKNOWN;
		s += 4;
		basic = 1;
	} else {
		return D_UNKNOWN;
	}
	if (!*s)
		return finish(y, mo, d, h, mi, sec, off, t);
	if (*s != 'T' && *s != 't' && *s != ' ')
		return D_UNKNOWN;
	s++;
	while (*s == ' ')
		s++;
	if (num(s, 2, &h) < 0)
		return D_UNKNOWN;
	s += 2;
	if (*s == ':')
		s++;
	else if (!basic)
		return D_UNKNOWN;
	if (num(s, 2, &mi) < 0)
		return D_UNKNOWN;
	s += 2;
	if (*s == ':' || (basic && is_digit((unsigned char)*s))) {
		if (*s == ':')
			s++;
		if (num(s, 2, &sec) < 0)
			return D_UNKNOWN;
		s += 2;
		if (*s == '.' || *s == ',') {
			s++;
			if (!is_digit((unsigned char)*s))
				return D_UNKNOWN;
			while (is_digit((unsigned char)*s))
				s++;
		}
	}
	if (iso_zone(s, &off) < 0)
		return D_UNKNOWN;
	return finish(y, mo, d, h, mi, sec, off, t);
}

/* Seconds since the epoch, as some dc:date carry; a fraction is dropped. */
static int parse_epoch(const char *s, int64_t *t)
{
	int64_t v = 0;
	size_t n = 0;

	while (is_digit((unsigned char)s[n])) {
		if (n >= 12)
			return D_UNKNOWN;
		v = v * 10 + (s[n] - '0');
		n++;
	}
	if (n < 9)
		return D_UNKNOWN;
	if (s[n] == '.') {
		n++;
		while (is_digit((unsigned char)s[n]))
			n++;
	}
	if (s[n])
		return D_UNKNOWN;
	if (v > 253402300799LL)	/* after 9999-12-31T23:59:59Z */
		return D_BAD;
	*t = v;
	return D_OK;
}

/* Words, folded to ASCII lower case: Latin-1 letters with accents that occur
 * in French, Spanish and German month and day names lose them. */
static size_t fold_word(const char *s, size_t n, char *out, size_t max)
{
	size_t i = 0, o = 0;

	while (i < n && o + 2 < max) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x80) {
			out[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
			i++;
			continue;
		}
		if (c == 0xC3 && i + 1 < n) {
			unsigned char c2 = (unsigned char)s[i + 1] | 0x20;
			char r = '?';

			if (c2 >= 0xa0 && c2 <= 0xa5)
				r = 'a';
			else if (c2 == 0xa7)
				r = 'c';
			else if (c2 >= 0xa8 && c2 <= 0xab)
				r = 'e';
			else if (c2 >= 0xac && c2 <= 0xaf)
				r = 'i';
			else if (c2 == 0xb1)
				r = 'n';
			else if (c2 >= 0xb2 && c2 <= 0xb6)
				r = 'o';
			else if (c2 >= 0xb9 && c2 <= 0xbc)
				r = 'u';
			out[o++] = r;
			i += 2;
			continue;
		}
		out[o++] = '?';
		i++;
		while (i < n && ((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
	}
	out[o] = '\0';
	return o;
}

/* English, French, Spanish, German, and Portuguese and Italian, which
 * real feeds use too ("Seg, 24 Set 2018"). */
static const char *const month_names[12][8] = {
	{ "january", "janvier", "enero", "januar", "janner", "gennaio", "janeiro", NULL },
	{ "february", "fevrier", "febrero", "februar", "febbraio", "fevereiro", NULL },
	{ "march", "mars", "marzo", "marz", "mrz", "marco", NULL },
	{ "april", "avril", "abril", "aprile", NULL },
	{ "may", "mai", "mayo", "maggio", "maio", NULL },
	{ "june", "juin", "junio", "juni", "giugno", "junho", NULL },
	{ "july", "juillet", "julio", "juli", "luglio", "julho", NULL },
	{ "august", "aout", "agosto", NULL },
	{ "september", "septembre", "septiembre", "setiembre", "settembre", "setembro", NULL },
	{ "october", "octobre", "octubre", "oktober", "ottobre", "outubro", NULL },
	{ "november", "novembre", "noviembre", "novembro", NULL },
	{ "december", "decembre", "diciembre", "dezember", "dicembre", "dezembro", NULL },
};

static const char *const day_names[] = {
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
	"sunday", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi",
	"dimanche", "lunes", "martes", "miercoles", "jueves", "viernes",
	"sabado", "domingo", "montag", "dienstag", "mittwoch", "donnerstag",
	"freitag", "samstag", "sonnabend", "sonntag", "segunda", "terca",
	"quarta", "quinta", "sexta", "lunedi", "martedi", "mercoledi",
	"giovedi", "venerdi", "domenica", NULL,
};

/* 1..12 when w names one month (full or an abbreviation of three letters or
 * more, in any of the languages), 0 otherwise or when ambiguous. */
static int month_of(const char *w, size_t n)
{
	int m, found = 0, k;

	if (n < 3)
		return 0;
	for (m = 0; m < 12; m++) {
		for (k = 0; month_names[m][k]; k++) {
			if (month_names[m][k][0] == w[0] &&
			    strncmp(month_names[m][k], w, n) == 0) {
				if (found && found != m + 1)
					return 0;
				found = m + 1;
			}
		}
	}
	return found;
}

static int is_day_name(const char *w, size_t n)
{
	int k;

	if (n < 2)
		return 0;
	for (k = 0; day_names[k]; k++)
		if (day_names[k][0] == w[0] && strncmp(day_names[k], w, n) == 0)
			return 1;
	return 0;
}

static int zone_name(const char *w, size_t n, int *off)
{
	static const struct {
		const char *name;
		int hours;
	} z[] = {
		{ "ut", 0 }, { "utc", 0 }, { "gmt", 0 }, { "z", 0 },
		{ "wet", 0 }, { "west", 1 }, { "bst", 1 }, { "cet", 1 },
		{ "cest", 2 }, { "met", 1 }, { "mest", 2 }, { "mez", 1 },
		{ "mesz", 2 }, { "eet", 2 }, { "eest", 3 },
		{ "est", -5 }, { "edt", -4 }, { "cst", -6 }, { "cdt", -5 },
		{ "mst", -7 }, { "mdt", -6 }, { "pst", -8 }, { "pdt", -7 },
		{ "ast", -4 }, { "adt", -3 }, { "akst", -9 }, { "akdt", -8 },
		{ "hst", -10 },
	};
	char f[8];
	size_t i;

	if (n == 0 || n >= sizeof(f))
		return -1;
	fold_word(w, n, f, sizeof(f));
	for (i = 0; i < sizeof(z) / sizeof(z[0]); i++) {
		if (strcmp(z[i].name, f) == 0) {
			*off = z[i].hours * 3600;
			return 0;
		}
	}
	/* Military zones: RFC 822 got their signs backwards, so RFC 2822
	 * says to read them as -0000 (UTC, offset unknown). */
	if (n == 1 && f[0] >= 'a' && f[0] <= 'y' && f[0] != 'j') {
		*off = 0;
		return 0;
	}
	return -1;
}

static int is_filler(const char *w)
{
	static const char *const f[] = {
		"de", "del", "le", "la", "the", "of", "at", "a", "um", "uhr",
		"den", "el", "on", "et", "y", "und", "and", "feira", "di", NULL,
	};
	int k;

	for (k = 0; f[k]; k++)
		if (strcmp(f[k], w) == 0)
			return 1;
	return 0;
}

struct dparts {
	int y, mo, d, h, mi, s, off;
	int have_time, have_zone, pm, am;
};

/* RFC 822 and the human forms: tokens in any reasonable order. */
static int parse_words(const char *s, int64_t *t)
{
	struct dparts p = { -1, 0, -1, 0, 0, 0, 0, 0, 0, 0, 0 };
	int mo_is_day = 0, have_digit = 0, prev_num = 0, ylen = 0;

	while (*s) {
		unsigned char c = (unsigned char)*s;

		if (is_space(c) || c == ',' || c == '.') {
			s++;
			continue;
		}
		if (c == '(') {
			int depth = 0;

			do {
				if (*s == '(')
					depth++;
				else if (*s == ')')
					depth--;
				s++;
			} while (*s && depth > 0);
			continue;
		}
		if (c == '+' || (c == '-' && p.have_time &&
				 is_digit((unsigned char)s[1]))) {
			int sign = c == '-' ? -1 : 1, hh, mm = 0, nd = 0;

			s++;
			while (is_digit((unsigned char)s[nd]))
				nd++;
			if (nd == 4) {
				num(s, 2, &hh);
				num(s + 2, 2, &mm);
			} else if (nd == 1 || nd == 2) {
				num(s, nd, &hh);
				if (s[nd] == ':' && num(s + nd + 1, 2, &mm) == 0 &&
				    !is_digit((unsigned char)s[nd + 3]))
					nd += 3;
			} else {
				return D_UNKNOWN;
			}
			if (mm > 59)
				return D_BAD;
			s += nd;
			/* "GMT+1": the offset adds to the named zone. */
			p.off += sign * (hh * 3600 + mm * 60);
			p.have_zone = 1;
			prev_num = 0;
			continue;
		}
		if (c == '-' || c == '/') {
			if (c == '/')
				return D_UNKNOWN;	/* d/m/y or m/d/y: ambiguous */
			s++;
			continue;
		}
		if (is_digit(c)) {
			int v = 0, nd = 0;

			have_digit = 1;
			while (nd < 9 && is_digit((unsigned char)s[nd]))
				v = v * 10 + (s[nd++] - '0');
			if (is_digit((unsigned char)s[nd]))
				return D_UNKNOWN;
			/* A time: hh:mm[:ss[.frac]], or French 10h30 / 10h. */
			if (s[nd] == ':' && is_digit((unsigned char)s[nd + 1]) &&
			    nd <= 2 && !p.have_time) {
				const char *q = s + nd + 1;
				int mn = 0, k = 0;

				while (k < 3 && is_digit((unsigned char)q[k]))
					mn = mn * 10 + (q[k++] - '0');
				if (k != 2)
					return D_UNKNOWN;
				p.h = v;
				p.mi = mn;
				q += 2;
				if (*q == ':' && is_digit((unsigned char)q[1])) {
					if (num(q + 1, 2, &p.s) < 0 ||
					    is_digit((unsigned char)q[3]))
						return D_UNKNOWN;
					q += 3;
					if (*q == '.' || *q == ',') {
						q++;
						while (is_digit((unsigned char)*q))
							q++;
					}
				}
				p.have_time = 1;
				s = q;
				prev_num = 0;
				continue;
			}
			if ((s[nd] == 'h' || s[nd] == 'H') && nd <= 2 &&
			    !p.have_time && !is_alpha((unsigned char)s[nd + 1])) {
				const char *q = s + nd + 1;
				int mn = 0, k = 0;

				while (k < 3 && is_digit((unsigned char)q[k]))
					mn = mn * 10 + (q[k++] - '0');
				if (k == 1 || k == 3 || is_alpha((unsigned char)q[k]))
					return D_UNKNOWN;
				p.h = v;
				p.mi = mn;
				p.have_time = 1;
				s = q + k;
				prev_num = 0;
				continue;
			}
			s += nd;
			if (nd >= 3) {
				if (p.y >= 0)
					return D_UNKNOWN;
				p.y = v;
				ylen = nd;
			} else if (p.d < 0) {
				p.d = v;
			} else if (p.y < 0) {
				p.y = v;
				ylen = nd;
			} else {
				return D_UNKNOWN;
			}
			prev_num = 1;
			continue;
		}
		/* A word: letters, or any UTF-8 sequence. */
		{
			size_t n = 0;
			char w[24];
			size_t wl;
			int m, off;

			while (s[n] && (((unsigned char)s[n] >= 0x80) ||
					((s[n] | 0x20) >= 'a' && (s[n] | 0x20) <= 'z')))
				n++;
			if (n == 0)
				return D_UNKNOWN;
			if (n >= sizeof(w) - 2)
				return D_UNKNOWN;
			wl = fold_word(s, n, w, sizeof(w));
			s += n;
			/* Ordinals: 1st 2nd 3rd 4th, French 1er, Spanish 1º. */
			if (prev_num && (strcmp(w, "st") == 0 ||
					 strcmp(w, "nd") == 0 ||
					 strcmp(w, "rd") == 0 ||
					 strcmp(w, "th") == 0 ||
					 strcmp(w, "er") == 0 ||
					 strcmp(w, "re") == 0)) {
				prev_num = 0;
				continue;
			}
			prev_num = 0;
			if (strcmp(w, "pm") == 0) {
				p.pm = 1;
				continue;
			}
			if (strcmp(w, "am") == 0) {
				p.am = 1;
				continue;
			}
			m = month_of(w, wl);
			if (m) {
				/* "Mar" is March and French Tuesday (mardi): of
				 * two month words, one that names a day too is
				 * the weekday. */
				int dn = is_day_name(w, wl);

				if (!p.mo || mo_is_day) {
					p.mo = m;
					mo_is_day = dn;
				} else if (!dn) {
					return D_UNKNOWN;
				}
				continue;
			}
			if (is_day_name(w, wl) || is_filler(w))
				continue;
			if (zone_name(w, wl, &off) == 0) {
				p.off += off;
				p.have_zone = 1;
				continue;
			}
			return D_UNKNOWN;
		}
	}
	/* "January 2004": a month, like the W3C-DTF "2004-01". */
	if (p.d < 0 && p.y >= 0 && ylen >= 3 && p.mo && !p.have_time)
		p.d = 1;
	if (!have_digit || p.mo == 0 || p.d < 0 || p.y < 0)
		return D_UNKNOWN;
	if (ylen <= 2) {
		/* RFC 2822: 00-49 are 2000-2049, 50-99 are 1950-1999. */
		p.y += p.y < 50 ? 2000 : 1900;
	} else if (ylen == 3) {
		p.y += 1900;
	}
	if (p.pm || p.am) {
		if (p.h < 1 || p.h > 12)
			return D_BAD;
		if (p.pm && p.h < 12)
			p.h += 12;
		else if (p.am && p.h == 12)
			p.h = 0;
	}
	return finish(p.y, p.mo, p.d, p.h, p.mi, p.s, p.off, t);
}

int date_parse(const char *s, int64_t *t)
{
	char b[DATE_MAX + 1];
	size_t n;
	int r;
	time_t ct;

	if (!s)
		return -1;
	while (is_space((unsigned char)*s))
		s++;
	n = strlen(s);
	while (n > 0 && is_space((unsigned char)s[n - 1]))
		n--;
	if (n == 0 || n > DATE_MAX)
		return -1;
	memcpy(b, s, n);
	b[n] = '\0';
	r = parse_iso(b, t);
	if (r == D_UNKNOWN)
		r = parse_epoch(b, t);
	if (r == D_UNKNOWN)
		r = parse_words(b, t);
	if (r == D_OK)
		return 0;
	if (r == D_BAD || !strpbrk(b, "0123456789"))
		return -1;
	/* Recognised shapes that failed a range check never get here, so
	 * curl's lenient arithmetic cannot turn Feb 30 into Mar 2. */
	ct = curl_getdate(b, NULL);
	/* The same years as our own parsers accept (1000 to 9999). */
	if (ct == (time_t)-1 || (int64_t)ct < -30610224000LL ||
	    (int64_t)ct > 253402300799LL)
		return -1;
	*t = (int64_t)ct;
	return 0;
}
