/* crawl/'s own declarations, shared by its files and no other module. */
#ifndef VEILLE_CRAWL_INT_H
#define VEILLE_CRAWL_INT_H

#include <stdatomic.h>

#include "crawl.h"
#include "../classify/classify.h"
#include "../fetcher/fetcher.h"
#include "../parser/parser.h"
#include "../util/pool.h"

#define CRAWL_MAX_PAGES 10
/* Items kept of one feed in one run (max_items): real feeds carry tens to
 * a few hundred; a document of half a million bare items is an accident
 * or an attack, and everything held per page grows with it. */
#define CRAWL_MAX_ITEMS 5000
#define CRAWL_ARXIV_PAGE 100
/* With workers, bytes of each body also parsed as they arrive, to stop a
 * transfer that cannot be a feed (see sniff() in page.c). */
#define CRAWL_SNIFF 4096

/* An item's niches, then its sectors, as the store takes them, with their
 * evidence as JSON: built on a worker thread when there are workers, so
 * that the main thread, which stores, only stores. */
struct scores {
	struct store_niche_score *v;
	struct buf *ev;
	size_t n, nniche;
};

struct job {
	const struct conf_section *sec;
	const char *name;
	struct store_feed_state fs;
	char *source;		/* what the configuration points at */
	char *page_url;		/* the request of this round */
	int local, oai, arxiv;
	int pages, max_pages;
	long arxiv_start, arxiv_size;
	int64_t interval;
	struct fetch_result *res;	/* this round's answer, while it runs */
	/* With workers, the page's body waits here for one of them to parse
	 * it and classify its items, and the page's state between that and
	 * the store; without, the body is parsed as it arrives (p). */
	struct buf body;
	size_t max_bytes;	/* the body's cap, decoded */
	struct feed_parser *sniff;
	struct fetch_decoder *sdec;	/* the body's beginning, for sniff */
	size_t sniffed;
	struct pool_task task;
	struct crawl *cr;
	struct feed *meta;
	int failed, not_feed;
	int64_t n0, u0;
	struct scores *cls;	/* per item, NULL: classify inline */
	struct store_item_prep *prep;	/* per item, NULL: prepare inline */
	int cls_rc;
	struct err cls_err;
	struct feed_parser *p;
	int parse_failed;
	int parse_nomem;	/* the parse failed for want of memory: the
				   run stops, the feed is not blamed */
	struct err perr;
	struct feed_item *items;
	size_t nitems, cap;
	size_t max_items;	/* of this run, all pages together */
	size_t kept;		/* items of earlier pages of this run */
	size_t dropped;		/* items over max_items, left out */
	size_t republished;	/* items moved to new ids (store_republished) */
	int64_t oai_max;	/* newest OAI datestamp of this harvest */
	int pending, finished, known;
	/* for the report */
	const char *status;
	long http_code;
	uint64_t bytes;
	double seconds;
	int64_t nnew, nupd;
	char error[ERR_MSG_MAX];
};

struct crawl {
	struct conf *c;
	struct store *db;
	const struct crawl_opts *o;
	struct classifier *cl;
	struct pool *pool;
	unsigned max_queued;	/* pages waiting for a worker, at most */
	struct crawl_report *rep;
	struct job *jobs;
	size_t njobs, done;
	int64_t cap;
	size_t *map;		/* request i of the round -> job */
	int fatal;
	atomic_int stop;	/* fatal, as the transfer thread reads it */
	struct err fatal_err;
};

/* sync.c: the configuration's feeds into the database. */
int crawl_sync(struct crawl *cr, struct err *e);
/* 1 when name was given with --feed. */
int crawl_listed(const struct crawl_opts *o, const char *name);

/* page.c: one page, from its bytes to the database. */
/* fetch_request.on_data: the body as it arrives. */
int crawl_on_data(void *arg, const char *p, size_t n);
/* A request of j completed with r: parsed and stored, on the calling
 * thread (no workers) or handed to a worker, then stored by the main
 * thread (crawl_page_store). */
void crawl_page_done(struct crawl *cr, struct job *j, struct fetch_result *r);
/* The page's second half, on the main thread: items, niches and the
 * feed's state in one transaction. */
void crawl_page_store(struct crawl *cr, struct job *j);
struct job *crawl_job_of(struct pool_task *t);
/* What a job holds between pages, freed. */
void crawl_job_release(struct job *j);
/* The value of key in url's query (1..100000), else def. */
long crawl_query_long(const char *url, const char *key, long def);

/* fds.c: jobs, lowered (with a warning) to what the file descriptors left
 * under `ulimit -n` can carry, at least 1; -1 with e set when not even one
 * transfer fits (every feed would fail and be backed off). */
int crawl_fd_jobs(int jobs, struct err *e);

#endif
