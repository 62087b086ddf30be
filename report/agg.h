/* The aggregation state of report_build(), shared by the files that fill
 * it: build.c (volumes, stories, sources), emerging.c (terms) and orgs.c
 * (watch list and organisations). Private to report/. */
#ifndef VEILLE_REPORT_AGG_H
#define VEILLE_REPORT_AGG_H

#include <stddef.h>
#include <stdint.h>

#include "report_int.h"

/* Distinct sources are counted up to this (first sightings need a few). */
#define TERM_SOURCES_MAX 32
/* A word is common only when held by at least this many items too: in a
 * small history 5 % is a handful. */
#define TERM_COMMON_MIN 50

struct tstat {
	int64_t count, base, first_seen, last_doc;
	int64_t df;		/* items holding it, whole history */
	uint64_t niches;
	size_t example, example2;	/* row indices, (size_t)-1: none */
	int skip;		/* generic or common: not shown */
	size_t *srcs;		/* distinct sources in the period */
	size_t nsrcs, capsrcs;
};

struct sstat {
	int64_t first;		/* earliest date in the period */
	size_t row;		/* row giving title and link */
	uint64_t niches;
	double score;
	size_t *srcs;
	size_t nsrcs, capsrcs;
};

struct agg {
	const struct report_params *p;
	const struct report_row *rows;
	struct report *r;
	struct rmap sources, terms;
	struct imap stories;
	struct tstat *ts;
	size_t nts, capts;
	struct sstat *ss;
	size_t nss, capss;
	int64_t *src_niche;	/* sources × niches counts, period */
	int64_t *src_period, *src_base;
	size_t capsrc;
	int64_t base_from;
	size_t cur_row;
	int64_t cur_doc;
	int in_period;
	uint64_t cur_niches;
	size_t cur_src;
	int64_t cur_date;
	int in_base;
	size_t cur_bucket;
	uint64_t cur_regions;	/* bit i: region i (0: the home region) */
	struct regions *regions;	/* region.c's */
	struct rmap generic;	/* words of niche and sector names */
	struct orgs *orgs;	/* orgs.c's */
};

/* Adds v to the set a of *n values (capacity *cap) unless there. 0 or -1. */
int agg_add_distinct(size_t **a, size_t *n, size_t *cap, size_t v);
/* A copy of s, "" for NULL; NULL when out of memory. */
char *agg_dup_or_empty(const char *s);

/* emerging.c */
/* report_terms_folded() callback: counts the term for the current row. */
int agg_on_term(const char *t, size_t len, void *arg);
/* Fills a->generic with the words of the niches' and sectors' names. */
int agg_generic_words(struct agg *a, const struct report_niche_def *nd,
		      size_t nn, const struct report_sector_def *sd,
		      size_t ns);
int agg_terms(struct agg *a);
/* Ranks of the previous report and its emerging terms now, into a->r. */
int agg_since_previous(struct agg *a, const struct report *prev);
void report_term_release(struct report_term *t);
/* 1 when each word of the key is one of the taxonomy's or common over the
 * history (after the pass over the rows). */
int agg_term_generic(const struct agg *a, const char *key);

/* Compares k1 items of the period (per bucket: items) with k2 of the
 * reference [ref_from, from): only over the whole buckets (a partial one
 * at the end is left out), and only when the sources' coverage starts
 * by ref_from; exposures in days, so a 92-day quarter is compared fairly
 * with a 90-day one. */
void agg_compare(const struct report *r, int64_t k1, const int64_t *items,
		 int64_t covered, struct report_growth *g, int64_t k2,
		 int64_t ref_from);
/* Bit mask of the ids found in the comma-separated list. */
uint64_t agg_ids(const char *list, const char *const *ids, size_t n);
/* The growth of k1 items in the period (per bucket: items) against k2 in
 * the baseline, over the whole buckets; no figure when the sources'
 * coverage (covered) starts after the baseline's. */
void agg_trend(const struct agg *a, int64_t k1, int64_t k2,
	       const int64_t *items, int64_t covered, struct report_growth *g);

/* region.c */
int agg_regions_init(struct agg *a);
/* The current row's regions (a->cur_regions), counted when it is
 * classified (niches) in the period or the baseline. 0 or -1. */
int agg_regions_row(struct agg *a, uint64_t niches);
int agg_regions(struct agg *a);
void agg_regions_release(struct agg *a);
void report_regions_free(struct report *r);

/* orgs.c */
/* The watch entries into a->r, their patterns folded. 0 or -1. */
int agg_watch_init(struct agg *a, const struct report_watch_def *watch,
		   size_t nwatch);
/* The watch entries the current row mentions in its folded text. */
int agg_watch_row(struct agg *a, const char *folded, size_t len);
/* The capitalised names of the current row's title (period rows). */
int agg_orgs_row(struct agg *a);
/* After the pass: the organisations into a->r. 0 or -1. */
int agg_orgs(struct agg *a, size_t nrows);
void agg_orgs_release(struct agg *a);
void report_org_release(struct report_org *g);

#endif
