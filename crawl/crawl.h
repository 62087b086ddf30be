/* crawl/: the nightly crawl, fetcher -> parser -> classify -> index. It
 * sits between those stages and cli/: it syncs the configured feeds into
 * the database, fetches the ones due, parses and classifies each page on
 * worker threads and stores it, with the feed's new state, in its own
 * transaction. It prints nothing but the progress line and the per-feed
 * failure lines on stderr (under cron these lines are the mail).
 *
 * What a feed's answer does to its state (validators, permanent moves,
 * 410, back-off, Retry-After, OAI datestamps, when it is due next) is
 * crawl_state_next(): pure, no database, no network. */
#ifndef VEILLE_CRAWL_H
#define VEILLE_CRAWL_H

#include <stddef.h>
#include <stdint.h>

#include "../fetcher/fetcher.h"
#include "../index/store.h"
#include "../util/buf.h"
#include "../util/conf.h"
#include "../util/err.h"

/* crawl_run() results. */
#define CRAWL_OK 0
#define CRAWL_CONFIG (-2)	/* the rules do not compile (conf->errors) */
#define CRAWL_FATAL (-3)	/* database unusable, disk full */

struct crawl_opts {
	int all;			/* every enabled feed, due or not */
	const char *const *names;	/* these feeds now (re-enabled) */
	size_t nnames;
	int jobs;			/* 0: [settings] jobs or 16 */
	unsigned threads;		/* worker threads; 0: none, all on the
					 * calling thread */
	const char *config_path;	/* local sources are relative to it */
	int64_t now;
	int quiet;
	int verbose;			/* -v: warnings of feeds kept too */
};

struct crawl_report {
	size_t due, ok, not_modified, failed;
	int64_t items_new, items_updated;
	uint64_t bytes;
	uint64_t connections;	/* new connections opened */
	struct buf json;	/* the run report (--format json) */
	struct buf summary;	/* one line, no newline */
};

/* 0, or -1 with e set when a --feed name is not configured. */
int crawl_check_names(const struct conf *c, const char *const *names,
		      size_t n, struct err *e);
/* Syncs the configured feeds into db and crawls the ones due. Fills rep
 * (release with crawl_report_release() whatever the return). */
int crawl_run(struct conf *c, struct store *db, const struct crawl_opts *o,
	      struct crawl_report *rep, struct err *e);
void crawl_report_release(struct crawl_report *rep);

/* A local source (path or file: URL) relative to the configuration's
 * folder; a new string (v_free). http(s) URLs are copied. */
char *crawl_source(const char *config_path, const char *url);

/* Worker threads by default: one per processor up to 8, none on a single
 * one, nor under allocation-failure injection (VEILLE_ALLOC_FAIL_AT,
 * VEILLE_ALLOC_COUNT), so that failure N is the same allocation on every
 * run. */
unsigned crawl_default_threads(void);

/* Takes the crawl lock DB.lock beside the database, waiting up to wait
 * seconds for another crawl to let go: a second crawl would fetch the same
 * feeds twice and fight over their state. 0 and *fd (close it to let go),
 * or -1 with e set. */
int crawl_lock(const char *db_path, long wait, int *fd, struct err *e);

/* ---- the feed-state policy (pure) ---- */

/* last_status for a body that is not a feed (fetch statuses are >= 0). */
#define CRAWL_STATUS_NOT_A_FEED 100
/* redirects once the stored URL follows a permanent move, so the sync
 * does not put the configured (old) URL back. */
#define CRAWL_MOVED_MARK (-1)
/* Permanent redirects in a row before a feed is moved. */
#define CRAWL_MOVED_RUNS 3
/* The note kept on a document that was not well-formed: "warning:" makes
 * it a warning in veille feeds, not an error. */
#define CRAWL_WARN_CUT "warning: not well-formed (cut short?): its items " \
	"kept, its validators not, so the next run fetches it whole"

/* What one page's answer came to, as crawl_state_next() takes it. Strings
 * are borrowed for the call. */
struct crawl_outcome {
	const struct fetch_result *res;	/* the answer */
	int failed;		/* the page counts as a failure of the feed */
	int not_feed;		/* the body was not a feed */
	int cut;		/* a feed, but not well-formed: cut short */
	const char *note;	/* a warning kept with its items ("warning:
				 * ..."): what the parser's limits cut or
				 * left out; or NULL */
	const char *error;	/* failed: what went wrong (one line) */
	const char *name;	/* the feed's name, for the 410 reason */
	int first_page;		/* the harvest's first page (validators) */
	int paged;		/* OAI-PMH or arXiv: no validators kept */
	int local;		/* a local file: never moved */
	int64_t oai_max;	/* an OAI-PMH harvest just ended: its newest
				 * datestamp (epoch s); 0 otherwise */
	int64_t interval;	/* the feed's schedule, seconds */
	int64_t cap;		/* [settings] max_backoff */
};

/* crawl_state_next() results. */
#define CRAWL_STATE_SAME 0
#define CRAWL_STATE_MOVE 1	/* the feed moves to res->final_url: the
				 * caller stores the move (store_feed_move) */

/* The feed's state after the answer o at now: last fetch, status, error
 * count and message, validators (a 200 replaces both, a 304 refreshes the
 * ones it sent, a document cut short drops them), permanent moves counted
 * run after run, a 410 disabling the feed, the OAI datestamp of a finished
 * harvest, the response times of an HTTP answer to a first page (time
 * to first byte, then the body's) and the next due time (fetch_next_due).
 * Returns a CRAWL_STATE_*
 * code, or -1 when out of memory (fs then partly updated). */
int crawl_state_next(struct store_feed_state *fs, const struct crawl_outcome *o,
		     int64_t now);
/* Replaces *dst by a copy of v (NULL: none); -1 when out of memory. */
int crawl_set_str(char **dst, const char *v);

#endif
