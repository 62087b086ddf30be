/* Time helpers: UTC conversions without the process time zone, and the
 * RFC 3339 form used in every output. */
#ifndef VEILLE_UTIL_VTIME_H
#define VEILLE_UTIL_VTIME_H

#include <stdint.h>
#include <time.h>

/* Days since 1970-01-01 of a proleptic Gregorian date (month 1..12). */
int64_t vtime_days_from_civil(int64_t y, unsigned m, unsigned d);
/* Seconds since the epoch of a UTC broken-down date; no range checks. */
int64_t vtime_from_utc(int y, int mon, int day, int h, int min, int sec);
/* Breaks t into UTC fields (like gmtime_r, but for any int64 in range). */
void vtime_to_utc(int64_t t, int *y, int *mon, int *day, int *h, int *min,
		  int *sec);
/* Writes t as "2003-12-31T10:14:55Z" (needs 21 bytes; 32 is safe). */
void vtime_rfc3339(int64_t t, char *out, size_t n);
/* Parses a full RFC 3339 timestamp or a date "2026-11-01" (UTC midnight).
 * Returns 0 and stores seconds, or -1. */
int vtime_parse_rfc3339(const char *s, int64_t *t);
/* Current time in seconds; VEILLE_NOW (RFC 3339 or epoch seconds) overrides
 * it, so tests and reproducible runs can fix the clock. */
int64_t vtime_now(void);

#endif
