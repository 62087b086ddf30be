/* Declarations shared by the files of report/ only. */
#ifndef VEILLE_REPORT_INT_H
#define VEILLE_REPORT_INT_H

#include <stddef.h>
#include <stdint.h>

#include "report.h"

/* report_terms() on text that is already folded; two-word phrases only
 * within the first phrase_len bytes. */
int report_terms_folded(const char *s, size_t len, size_t phrase_len,
			int (*fn)(const char *term, size_t len, void *arg),
			void *arg);

/* A string -> index map with owned keys (open addressing). Keys up to
 * RMAP_INLINE bytes (nearly every word and phrase) live in the entry: one
 * cache line per probe instead of a second miss on a heap copy (600k
 * items: term counting was mostly those misses). */
#define RMAP_INLINE 34
struct rmap_ent {
	uint64_t h;
	size_t val;
	char *key;		/* heap copy of a longer key, else NULL */
	uint32_t len;
	unsigned char used;
	char inl[RMAP_INLINE + 1];
};
/* The key of an entry; stable while the map does not grow. */
static inline const char *rmap_key(const struct rmap_ent *en)
{
	return en->key ? en->key : en->inl;
}
struct rmap {
	struct rmap_ent *ents;
	size_t cap, n;
};
void rmap_init(struct rmap *m);
void rmap_release(struct rmap *m);
/* Finds key; when absent adds it with value `fresh` and sets *added.
 * Returns the entry, or NULL on allocation failure. */
struct rmap_ent *rmap_put(struct rmap *m, const char *key, size_t len,
			  size_t fresh, int *added);
const struct rmap_ent *rmap_get(const struct rmap *m, const char *key,
				size_t len);

/* An integer-keyed map (stories by id): 16-byte slots. In the string map
 * a story would take 64 bytes, and at 600,000 items (b50) that map would
 * be a third of the report's peak memory. Key 0 is never stored. */
struct imap_ent {
	int64_t key;
	size_t val;
};
struct imap {
	struct imap_ent *ents;
	size_t cap, n;
};
void imap_init(struct imap *m);
void imap_release(struct imap *m);
/* The entry of key, added with val fresh (and *added set) when new; NULL
 * when out of memory. Entries move when the map grows. */
struct imap_ent *imap_put(struct imap *m, int64_t key, size_t fresh,
			  int *added);

/* Labels of the report in its language. */
enum rlabel {
	L_TITLE, L_SUMMARY, L_VOLUMES, L_GROWTH, L_TERMS, L_FIRST, L_WATCH,
	L_COOC, L_SOURCES, L_STORIES, L_METHOD, L_NICHE, L_ITEMS, L_STORIES_N,
	L_NEWS, L_PUBS, L_SHARE, L_PREV, L_BASELINE, L_VS_PREV, L_VS_BASE,
	L_PVALUE, L_SIGNIFICANT, L_NOT_SIGNIFICANT, L_TERM, L_COUNT,
	L_BASE_COUNT, L_G2, L_EXAMPLE, L_FIRST_SEEN, L_NSOURCES, L_NICHES,
	L_NAME, L_MENTIONS, L_TOP_SOURCES, L_DIVERSITY, L_SILENT, L_TITLE_COL,
	L_SCORE, L_PERIOD, L_BY, L_TESTS_TXT, L_THRESHOLDS, L_FINGERPRINT,
	L_AS_OF, L_GENERATED, L_NONE, L_TREND, L_SECTOR, L_ITEMS_UNIT,
	L_PCT_UNIT, L_RANK, L_TOTAL, L_NA, L_LINES_DESC, L_BARS_DESC,
	L_HEAT_DESC, L_HEAT_SECT_DESC, L_SUMMARY_TXT, L_SILENT_NONE,
	L_NO_DATA, L_NO_HISTORY, L_PARTIAL, L_COUNT_MAX
};
const char *rl(const struct report *r, enum rlabel l);
/* What stands for a missing growth figure: "not enough history" when the
 * reference predates coverage, else "n/a". */
const char *rl_na(const struct report *r, const struct report_growth *g);

/* ---- period.c: the calendar and the number formats ---- */

/* Start of the week (Monday), month or quarter holding t; start of the
 * next one; its label (2026-W05, 2026-03, 2026-Q1). */
int64_t rcal_align(int64_t t, enum report_gran g);
int64_t rcal_next(int64_t start, enum report_gran g);
void rcal_label(int64_t start, enum report_gran g, char *out, size_t n);

/* Fixed-decimal number formats shared by every output so that the HTML,
 * CSV and JSON carry the same digits. */
void rfmt_num(char *out, size_t n, double v);	/* "%.4f" or "NA" */
void rfmt_date(char *out, size_t n, int64_t t);	/* 2026-03-31 */
/* A growth in percent ("+12 %") and a p-value ("0.012", "< 0.001"); na
 * when NAN. */
void rfmt_pct(char *out, size_t n, double v, const char *na);
void rfmt_p(char *out, size_t n, double p, const char *na);

int report_write_html(const struct report *r, struct buf *out);
int report_write_md(const struct report *r, struct buf *out);
int report_write_csv(const struct report *r, struct buf *out);
int report_write_json(const struct report *r, struct buf *out);

#endif
