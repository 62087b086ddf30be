/* Dates as found in feeds: RFC 822/1123 and their real-world variants,
 * RFC 3339 / ISO 8601 / W3C-DTF (partial dates too), epoch seconds, and
 * month and day names in French, English, Spanish and German, with or
 * without accents. */
#ifndef VEILLE_PARSER_DATE_H
#define VEILLE_PARSER_DATE_H

#include <stdint.h>

/* Parses s; stores seconds since the epoch (UTC) and returns 0, or returns
 * -1 when s is not a date it can read (never guesses the current time). */
int date_parse(const char *s, int64_t *t);

#endif
