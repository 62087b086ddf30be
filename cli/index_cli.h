/* Helpers shared by the commands that open the index: opening it, dates
 * read from the command line and written out, stored text cleaned for a
 * terminal. */
#ifndef VEILLE_CLI_INDEX_CLI_H
#define VEILLE_CLI_INDEX_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "../index/store.h"
#include "../util/buf.h"
#include "cli.h"

/* Opens cli->db_path; prints the error and returns VEILLE_FATAL on failure,
 * VEILLE_OK otherwise. */
int idx_open(struct cli *cli, unsigned flags, struct store **st);
/* Checks the value of a filter option (--niche NAME ...) against what the
 * database holds: VEILLE_OK, or VEILLE_USAGE after an error naming the
 * option, with the closest known name ("did you mean"); VEILLE_FATAL when
 * the database fails. */
int idx_check_name(struct cli *cli, struct store *st,
		   enum store_name_kind kind, const char *opt, const char *name);
/* The association's time zone ([settings] timezone, util/tzone.h), the
 * configuration read leniently when the command has not loaded it. */
const char *idx_zone(struct cli *cli);
/* Parses a date for --since/--until: "2026-11-01" (its midnight in tz),
 * an RFC 3339 time, "2026-W47" (the week's Monday, midnight in tz), or a
 * duration "7d" (that long before now). With end set, a date or week means
 * its end (the next day or week), so --until 2026-11-30 includes the 30th.
 * 0 or -1 (also for an unknown zone: check it first, tzone_check). */
int idx_parse_when(const char *s, int end, int64_t now, const char *tz,
		   int64_t *t);
/* Appends s without control characters (C0, DEL, C1): terminal escape
 * sequences from feeds never reach the terminal. Tabs and newlines become
 * spaces. Bytes 1 and 2 are kept when keep_marks. */
int idx_clean(struct buf *out, const char *s, int keep_marks);
/* Appends s (NULL: nothing) with tabs and line breaks turned into spaces:
 * one field of a TSV line. Errors stay in out. */
void idx_tsv_field(struct buf *out, const char *s);
struct jsonw;
/* An analyst's correction (veille label) as explain, show and label print
 * it: "+niche by who at 2026-11-29T20:00:00Z: note" appended to out, or
 * an object {"niche","verdict","who","at","note"} written to w.
 * idx_label_text returns 0, or -1 when out has failed. */
int idx_label_text(struct buf *out, const struct store_label_row *r);
void idx_label_json(struct jsonw *w, const struct store_label_row *r);
struct classifier;
/* Writes the items an analyst corrected (veille label) to out in the
 * labelled format of rules eval: a header, then id, source, lang, labels
 * (the item's niches as stored, restricted to the niches of cl), title
 * and summary, tabs and line breaks turned into spaces. *rows (may be
 * NULL) gets the number of items. 0, or negative with e set (or e empty
 * when out of memory). */
int idx_labels_export(struct store *st, const struct classifier *cl,
		      FILE *out, size_t *rows, struct err *e);
/* "2026-11-02" */
void idx_date(int64_t t, char out[16]);
/* Who does what an analyst records (a correction, a pick, a pause):
 * $VEILLE_USER, else $USER or $LOGNAME, else "unknown". */
const char *idx_who(void);

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
