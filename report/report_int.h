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

/* The key a term is counted under: each word made singular, so that
 * "capteur" and "capteurs", "reseau" and "reseaux" are one term (accents
 * are already folded). out has room for n + 1 bytes; returns the key's
 * length. The same key for a key: report_term_key(key) == key. */
size_t report_term_key(const char *t, size_t n, char *out);
/* Appends the term of that key as the title writes it ("hydrogène vert"
 * for "hydrogene vert" in "Hydrogène vert pour..."), its words in the
 * key's order; a word the title does not hold as the key. 0 or -1. */
int report_term_display(struct buf *out, const char *key,
			const char *title);

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
/* The entry of key, or NULL. */
const struct imap_ent *imap_get(const struct imap *m, int64_t key);
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
	L_NO_DATA, L_NO_HISTORY, L_PARTIAL,
	/* words counted: singular, then plural (rl_count()) */
	L_ITEM_1, L_ITEM_N, L_NEWS_1, L_NEWS_N, L_PUB_1, L_PUB_N, L_SOURCE_1,
	L_SOURCE_N, L_NICHE_1, L_NICHE_N,
	/* the summary's sentences (report/summary.c), printf formats */
	L_S_TOTAL, L_S_RISE, L_S_FALL, L_S_NO_CHANGE, L_S_NO_HISTORY,
	L_S_FIRST, L_S_FIRST_ONE, L_S_EMERGING, L_S_EMERGING_ONE, L_S_STORIES,
	L_S_STORY_ONE, L_S_SINCE, L_S_RANKS, L_S_RANK_ONE, L_S_NO_RANKS,
	L_S_SETTLED, L_S_SETTLED_ONE, L_S_STILL, L_S_NO_SETTLED,
	L_S_PREV_EMPTY, L_S_LIST_SEP, L_S_QUOTE_OPEN, L_S_QUOTE_CLOSE,
	L_S_VS_BASE, L_WEEK, L_MONTH, L_QUARTER, L_TH_MIN, L_TH_FIRST,
	L_TH_COMMON, L_PREV_RANK, L_ORGS, L_ORG_KIND, L_ORG_WATCH,
	L_ORG_CAND, L_ORGS_TXT, L_S_ORGS, L_S_CANDS, L_S_ORG_ONE,
	L_REGIONS, L_REGION, L_HOME, L_S_REGION, L_HOME_NONE, L_SHARE_OF,
	L_COUNT_MAX
};
/* The singular label one (L_ITEM_1...) or its plural, the one after it
 * in the enumeration, by n and the rules of the report's language
 * (French: 0 and 1 are singular). */
const char *rl_count(const struct report *r, int64_t n, enum rlabel one);
/* Appends fmt with each %s replaced by the next argument (a string; NULL
 * is empty): the labels' formats are data, not printf formats. */
int rl_fill(struct buf *b, const char *fmt, ...);
/* Appends the home region's niches with most items, "Niche (12)",
 * separated as the report's lists, at most max. 0 or negative. */
int report_home_niches(const struct report *r, struct buf *out, size_t max);
/* Calls emit for each sentence of the summary, in order: level 0 a point
 * of its own, 1 a detail of the point before; kind names it (total,
 * rise, fall, nochange, nohistory, new, emerging, stories, since,
 * since-ranks, since-terms, since-empty). 0, or the first negative value
 * of emit or a buffer's. */
int report_summary(const struct report *r,
		   int (*emit)(void *arg, int level, const char *kind,
			       const char *text),
		   void *arg);
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
