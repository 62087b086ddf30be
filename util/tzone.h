/* The association's time zone: one IANA zone for everything that cuts
 * time into local days, weeks and months (digests, reports, search's
 * dates). The C library is the only portable reader of the system tz
 * database, so each call switches TZ for its duration and restores it;
 * veille is single-threaded where these are used. */
#ifndef VEILLE_UTIL_TZONE_H
#define VEILLE_UTIL_TZONE_H

#include <stdint.h>

#include "conf.h"
#include "err.h"

#define TZONE_DEFAULT "Africa/Casablanca"

/* The zone of a configuration: [settings] timezone, else [mail] timezone
 * (its older name, still read), else TZONE_DEFAULT. */
const char *tzone_of(const struct conf *c);
/* 0 when tz names a zone of the system database (NULL or "": the default),
 * else -1 with "unknown time zone 'X'". */
int tzone_check(const char *tz, struct err *e);
/* Local civil date and time of t in tz. 0 or -1. */
int tzone_civil(const char *tz, int64_t t, int *y, int *mon, int *day,
		int *h, int *min, struct err *e);
/* The instant of local midnight starting civil day `days` (days since
 * 1970-01-01) in tz. 0 or -1. */
int tzone_midnight(const char *tz, int64_t days, int64_t *out,
		   struct err *e);
/* Days since 1970-01-01 of the local civil date of t in tz. 0 or -1. */
int tzone_day(const char *tz, int64_t t, int64_t *days, struct err *e);

#endif
