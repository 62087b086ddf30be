/* The feed-state policy: what one answer does to a feed's state. Pure: no
 * database, no network, no clock but the now it is given (see
 * tests/unit/test_crawl_state.c). */
#include <stdio.h>
#include <string.h>

#include "crawl.h"
#include "../util/alloc.h"
#include "../util/vtime.h"

int crawl_set_str(char **dst, const char *v)
{
	char *d = NULL;

	if (v && !(d = v_strdup(v)))
		return -1;
	v_free(*dst);
	*dst = d;
	return 0;
}

/* A good answer: validators, moves, the harvest's datestamp. */
static int state_success(struct store_feed_state *fs,
			 const struct crawl_outcome *o, int64_t now, int *move)
{
	const struct fetch_result *r = o->res;

	fs->consecutive_errors = 0;
	fs->last_success = now;
	if (crawl_set_str(&fs->last_error, o->cut ? CRAWL_WARN_CUT : o->note) < 0)
		return -1;
	/* A document cut short (a close-delimited body, a truncated stream)
	 * parses as not well-formed with the items before the cut: they are
	 * kept, but its validators are not, or the next run's 304 would make
	 * the loss permanent. */
	if (o->cut) {
		if (crawl_set_str(&fs->etag, NULL) < 0 ||
		    crawl_set_str(&fs->last_modified, NULL) < 0)
			return -1;
	} else if (o->first_page && !o->paged) {
		/* A 200 replaces both validators; a 304 refreshes the ones it
		 * sent. */
		if ((r->status != FETCH_NOT_MODIFIED || r->etag) &&
		    crawl_set_str(&fs->etag, r->etag) < 0)
			return -1;
		if ((r->status != FETCH_NOT_MODIFIED || r->last_modified) &&
		    crawl_set_str(&fs->last_modified, r->last_modified) < 0)
			return -1;
	}
	/* A 304 reached through 301/308 is a move too. */
	if ((r->status == FETCH_MOVED_PERMANENTLY ||
	     (r->status == FETCH_NOT_MODIFIED && r->moved_permanently &&
	      r->redirects > 0)) && r->final_url &&
	    fs->redirects != CRAWL_MOVED_MARK) {
		fs->redirects = (fs->redirects > 0 ? fs->redirects : 0) + 1;
		if (fs->redirects >= CRAWL_MOVED_RUNS && !o->local) {
			fs->redirects = CRAWL_MOVED_MARK;
			*move = 1;
		}
	} else if (r->redirects == 0 && fs->redirects > 0) {
		fs->redirects = 0;
	}
	if (o->oai_max > 0) {
		char d[32];

		vtime_rfc3339(o->oai_max, d, sizeof d);
		d[10] = 0;	/* day granularity: every repository has it */
		if (crawl_set_str(&fs->oai_datestamp, d) < 0)
			return -1;
	}
	return 0;
}

int crawl_state_next(struct store_feed_state *fs, const struct crawl_outcome *o,
		     int64_t now)
{
	const struct fetch_result *r = o->res;
	int64_t retry = 0, fresh = 0;
	int move = 0;

	fs->last_fetch = now;
	fs->last_status = o->not_feed ? CRAWL_STATUS_NOT_A_FEED : (int)r->status;
	fs->http_code = (int)r->http_code;
	if (r->bytes || r->status == FETCH_OK)
		fs->bytes = (int64_t)r->bytes;
	/* The response times of an HTTP answer to the harvest's first
	 * request (the one the next run's schedule weighs). */
	if (r->http_code > 0 && o->first_page && r->seconds >= 0) {
		double first = r->ttfb < r->seconds ? r->ttfb : r->seconds;

		fs->ttfb_ms = (int64_t)(first * 1000 + 0.5);
		fs->transfer_ms = (int64_t)((r->seconds - first) * 1000 + 0.5);
	}
	if (o->failed) {
		fs->consecutive_errors++;
		if (crawl_set_str(&fs->last_error, o->error) < 0)
			return -1;
		if (r->status == FETCH_GONE) {
			char t[32], reason[160];

			vtime_rfc3339(now, t, sizeof t);
			snprintf(reason, sizeof reason,
				 "gone (HTTP 410) since %s; fetch --feed %s to re-enable",
				 t, o->name);
			if (crawl_set_str(&fs->disabled_reason, reason) < 0)
				return -1;
		}
		retry = r->retry_after;
	} else {
		if (state_success(fs, o, now, &move) < 0)
			return -1;
		fresh = r->fresh_until;
	}
	fs->next_due = fetch_next_due(now, o->interval, o->cap,
				      (unsigned)fs->consecutive_errors, retry,
				      fresh);
	return move ? CRAWL_STATE_MOVE : CRAWL_STATE_SAME;
}
