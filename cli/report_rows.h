/* Item rows of the trend report, read from the store: shared by `veille
 * report` and `veille digest` (whose "new in the watch" line is the
 * report's first sightings of the week). */
#ifndef VEILLE_CLI_REPORT_ROWS_H
#define VEILLE_CLI_REPORT_ROWS_H

#include <stddef.h>
#include <stdint.h>

#include "../index/store.h"
#include "../report/report.h"
#include "../util/err.h"

struct block;
struct intern_ent;

/* The rows and the strings they point into (owned). Zero-initialise; set
 * the filters (NULL-terminated lists of names, borrowed) before
 * rows_load(); release with rows_release(). */
struct rows {
	struct report_row *rows;
	size_t n, cap;
	struct block *blocks;	/* newest first */
	size_t bytes;		/* in all blocks, bounded */
	struct intern_ent *intern;
	size_t icap, in;
	const char *const *sectors;	/* filter, or NULL */
	const char *const *niches;	/* filter, or NULL */
	const char *const *regions;	/* filter of "region:NAME" sectors */
	int oom;
};

/* Appends every item q selects (and the filters keep) to c. 0, or -1 with
 * e set. */
int rows_load(struct store *db, const struct store_report_query *q,
	      struct rows *c, struct err *e);
void rows_release(struct rows *c);
/* 1 when the comma-separated list holds one of names (NULL-terminated). */
int rows_list_has(const char *list, const char *const *names);

#endif
