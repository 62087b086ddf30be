/* String helpers. */
#include "str.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t str_copy(char *dst, const char *src, size_t n)
{
	size_t len = strlen(src);

	if (n) {
		size_t k = len < n - 1 ? len : n - 1;
		memcpy(dst, src, k);
		dst[k] = '\0';
	}
	return len;
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

int str_ncasecmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		int d = lower((unsigned char)*a) - lower((unsigned char)*b);
		if (d || !*a)
			return d;
	}
	return 0;
}

int str_casecmp(const char *a, const char *b)
{
	return str_ncasecmp(a, b, (size_t)-1);
}

int str_startswith(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

char *str_trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' ||
			 e[-1] == '\n'))
		e--;
	*e = '\0';
	return s;
}

int str_distance(const char *a, const char *b)
{
	int row[65], i, j, la = (int)strlen(a), lb = (int)strlen(b);

	if (la > 64 || lb > 64)
		return 100;
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		int prev = row[0], cur;

		row[0] = i;
		for (j = 1; j <= lb; j++) {
			int sub = prev + (lower((unsigned char)a[i - 1]) !=
					  lower((unsigned char)b[j - 1]));
			cur = row[j];
			row[j] = sub;
			if (row[j - 1] + 1 < row[j])
				row[j] = row[j - 1] + 1;
			if (cur + 1 < row[j])
				row[j] = cur + 1;
			prev = cur;
		}
	}
	return row[lb];
}

const char *str_suggest(const char *word, const char *const *candidates)
{
	const char *best = NULL;
	int bestd = 100, limit;
	size_t len = strlen(word);

	for (; *candidates; candidates++) {
		int d = str_distance(word, *candidates);
		if (d < bestd) {
			bestd = d;
			best = *candidates;
		}
	}
	/* a typo, not another word: at most a third of the letters wrong */
	limit = len <= 3 ? 1 : len <= 6 ? 2 : 3;
	return best && bestd <= limit ? best : NULL;
}

int str_to_i64(const char *s, int64_t min, int64_t max, int64_t *out)
{
	char *end;
	long long v;

	if (!s || !*s || isspace((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

int str_to_duration(const char *s, int64_t *seconds)
{
	int64_t total = 0;
	int parts = 0;

	while (*s) {
		int64_t n = 0, unit;

		if (!isdigit((unsigned char)*s))
			return -1;
		while (isdigit((unsigned char)*s)) {
			if (n > INT64_MAX / 10 - 10)
				return -1;
			n = n * 10 + (*s++ - '0');
		}
		switch (*s++) {
		case 's': unit = 1; break;
		case 'm': unit = 60; break;
		case 'h': unit = 3600; break;
		case 'd': unit = 86400; break;
		case 'w': unit = 7 * 86400; break;
		case 'y': unit = 365 * 86400; break;
		default: return -1;
		}
		if (n > (INT64_MAX - total) / unit)
			return -1;
		total += n * unit;
		parts++;
	}
	if (!parts || total <= 0)
		return -1;
	*seconds = total;
	return 0;
}

int str_to_size(const char *s, int64_t *bytes)
{
	char *end;
	long long v;
	int64_t mult = 1;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || v < 0)
		return -1;
	switch (*end) {
	case 'k': case 'K': mult = (int64_t)1 << 10; end++; break;
	case 'm': case 'M': mult = (int64_t)1 << 20; end++; break;
	case 'g': case 'G': mult = (int64_t)1 << 30; end++; break;
	default: break;
	}
	if (*end == 'i' && end[1] == 'B')
		end += 2;
	else if (*end == 'B')
		end++;
	if (*end || v > INT64_MAX / mult)
		return -1;
	*bytes = v * mult;
	return 0;
}

int str_to_bool(const char *s)
{
	static const char *const yes[] = { "yes", "true", "on", "1", NULL };
	static const char *const no[] = { "no", "false", "off", "0", NULL };
	int i;

	for (i = 0; yes[i]; i++)
		if (!str_casecmp(s, yes[i]))
			return 1;
	for (i = 0; no[i]; i++)
		if (!str_casecmp(s, no[i]))
			return 0;
	return -1;
}

int csv_field(struct buf *out, const char *s)
{
	const char *p;
	int rc;

	if (!s)
		return 0;
	if (!strpbrk(s, ",\"\r\n") && *s != ' ' &&
	    (!*s || s[strlen(s) - 1] != ' '))
		return buf_addstr(out, s);
	if ((rc = buf_addch(out, '"')) < 0)
		return rc;
	for (p = s; *p; p++) {
		if (*p == '"' && (rc = buf_addch(out, '"')) < 0)
			return rc;
		if ((rc = buf_addch(out, *p)) < 0)
			return rc;
	}
	return buf_addch(out, '"');
}

uint64_t str_hash64(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 1469598103934665603ULL;

	while (n--) {
		h ^= *s++;
		h *= 1099511628211ULL;
	}
	return h;
}

void str_hash_hex(const void *p, size_t n, char out[17])
{
	snprintf(out, 17, "%016llx", (unsigned long long)str_hash64(p, n));
}
