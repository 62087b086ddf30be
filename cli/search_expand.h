/* search --expand (see search_expand.c). */
#ifndef VEILLE_CLI_SEARCH_EXPAND_H
#define VEILLE_CLI_SEARCH_EXPAND_H

#include "../util/buf.h"
#include "../util/conf.h"

/* Appends to out the query q with each term that is one of a group of the
 * configuration c (niche labels in French and English, [synonyms]
 * terms) replaced by the group's terms joined by OR; *expanded says
 * whether any was. 0, or -1 when out of memory. */
int search_expand(const struct conf *c, const char *q, struct buf *out,
		  int *expanded);

#endif
