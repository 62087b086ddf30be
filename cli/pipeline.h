/* The crawl pipeline: fetcher -> parser -> classify -> index. It lives in
 * cli/ because cli/ is the only layer that knows every module; it prints
 * nothing but the progress line and the per-feed failure lines on stderr. */
#ifndef VEILLE_CLI_PIPELINE_H
#define VEILLE_CLI_PIPELINE_H

#include <stddef.h>
#include <stdint.h>

#include "../index/store.h"
#include "../util/buf.h"
#include "../util/conf.h"
#include "../util/err.h"

/* pipe_crawl() results. */
#define PIPE_OK 0
#define PIPE_CONFIG (-2)	/* the rules do not compile (conf->errors) */
#define PIPE_FATAL (-3)		/* database unusable, disk full */

struct pipe_opts {
	int all;			/* every enabled feed, due or not */
	const char *const *names;	/* these feeds now (re-enabled) */
	size_t nnames;
	int jobs;			/* 0: [settings] jobs or 16 */
	unsigned threads;		/* classifying threads; 0: inline */
	const char *config_path;	/* local sources are relative to it */
	int64_t now;
	int quiet;
};

struct pipe_report {
	size_t due, ok, not_modified, failed;
	int64_t items_new, items_updated;
	uint64_t bytes;
	struct buf json;	/* the run report (--format json) */
	struct buf summary;	/* one line, no newline */
};

/* 0, or -1 with e set when a --feed name is not configured. */
int pipe_check_names(const struct conf *c, const char *const *names,
		     size_t n, struct err *e);
/* Syncs the configured feeds into db and crawls the ones due. Fills rep
 * (release with pipe_report_release() whatever the return). */
int pipe_crawl(struct conf *c, struct store *db, const struct pipe_opts *o,
	       struct pipe_report *rep, struct err *e);
void pipe_report_release(struct pipe_report *rep);

/* A local source (path or file: URL) relative to the configuration's
 * folder; a new string (v_free). http(s) URLs are copied. */
char *pipe_source(const char *config_path, const char *url);

#endif
