/* Helpers shared by the commands that read or maintain the index
 * (search, show, stats, backup, prune, optimize). */
#ifndef VEILLE_CLI_INDEX_CLI_H
#define VEILLE_CLI_INDEX_CLI_H

#include <stdint.h>

#include "../index/store.h"
#include "../util/buf.h"
#include "cli.h"

/* Opens cli->db_path; prints the error and returns VEILLE_FATAL on failure,
 * VEILLE_OK otherwise. */
int idx_open(struct cli *cli, unsigned flags, struct store **st);
/* Parses a date for --since/--until: "2026-11-01", an RFC 3339 time,
 * "2026-W47" (the week's Monday), or a duration "7d" (that long before
 * now). With end set, a date or week means its end (the next day or week),
 * so --until 2026-11-30 includes the 30th. 0 or -1. */
int idx_parse_when(const char *s, int end, int64_t now, int64_t *t);
/* Appends s without control characters (C0, DEL, C1): terminal escape
 * sequences from feeds never reach the terminal. Tabs and newlines become
 * spaces. Bytes 1 and 2 are kept when keep_marks. */
int idx_clean(struct buf *out, const char *s, int keep_marks);
/* "2026-11-02" */
void idx_date(int64_t t, char out[16]);

struct jsonw;

/* An item's date for people (store.h says what it means): "2026-11-02
 * (published)", "undated", or "undated (claims 2027-03-01, after its first
 * sighting)". */
int idx_item_date(struct buf *out, int64_t date, const char *source,
		  int64_t claimed);
/* The same as JSON members: "date" (RFC 3339, null when undated),
 * "date_source", "claimed_date" when claimed, "first_seen". */
void idx_item_date_json(struct jsonw *w, int64_t date, const char *source,
			int64_t claimed, int64_t first_seen);

#endif
