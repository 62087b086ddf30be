/* crawl_state_next(): what one answer does to a feed's state, row by row,
 * with no database and no network. */
#include <stdint.h>
#include <string.h>

#include "tap.h"
#include "../../crawl/crawl.h"
#include "../../util/alloc.h"

#define NOW 1795000000LL	/* 2026-11-18 */
#define H 3600LL
#define D (24 * H)
#define ANY (-7)		/* expected value not checked */

/* The state before, the answer, the state after. Strings: NULL is none;
 * an expected string "" is NULL too. */
struct row {
	const char *what;
	/* before */
	const char *etag0, *lm0, *oai0;
	int redirects0, errors0;
	/* the answer */
	enum fetch_status st;
	long code;
	int failed, not_feed, cut;
	const char *etag, *lm;
	int moved, nredir;
	const char *final_url;
	int64_t retry_after, fresh_until;
	int first_page, paged, local;
	int64_t oai_max;
	/* after */
	int rc;
	const char *want_etag, *want_lm, *want_oai;
	int want_redirects, want_errors;
	const char *want_disabled;	/* a prefix, "" for none */
	const char *want_error;		/* a prefix, "" for none */
	int want_status;
	int64_t want_due;		/* ANY: not checked */
	int success;			/* last_success is now */
};

static const struct row rows[] = {
	{ "200 replaces both validators",
	  "\"a\"", "Mon, 02 Nov 2026 10:00:00 GMT", NULL, 0, 0,
	  FETCH_OK, 200, 0, 0, 0, "\"b\"", NULL, 0, 0, NULL, 0, 0, 1, 0, 0, 0,
	  0, "\"b\"", "", "", 0, 0, "", "", FETCH_OK,
	  NOW + 6 * H - 45 * 60, 1 },
	{ "304 keeps the validators it did not send",
	  "\"a\"", "Mon, 02 Nov 2026 10:00:00 GMT", NULL, 0, 0,
	  FETCH_NOT_MODIFIED, 304, 0, 0, 0, NULL, NULL, 0, 0, NULL, 0, 0, 1, 0, 0, 0,
	  0, "\"a\"", "Mon, 02 Nov 2026 10:00:00 GMT", "", 0, 0, "", "",
	  FETCH_NOT_MODIFIED, NOW + 6 * H - 45 * 60, 1 },
	{ "304 refreshes the validator it sent",
	  "\"a\"", "Mon, 02 Nov 2026 10:00:00 GMT", NULL, 0, 0,
	  FETCH_NOT_MODIFIED, 304, 0, 0, 0, "\"c\"", NULL, 0, 0, NULL, 0, 0, 1, 0, 0, 0,
	  0, "\"c\"", "Mon, 02 Nov 2026 10:00:00 GMT", "", 0, 0, "", "",
	  FETCH_NOT_MODIFIED, ANY, 1 },
	{ "a document cut short drops its validators, with a warning",
	  "\"a\"", "x", NULL, 0, 2,
	  FETCH_OK, 200, 0, 0, 1, "\"b\"", "y", 0, 0, NULL, 0, 0, 1, 0, 0, 0,
	  0, "", "", "", 0, 0, "", "warning: not well-formed", FETCH_OK, ANY, 1 },
	{ "a paged feed keeps no validators",
	  NULL, NULL, NULL, 0, 0,
	  FETCH_OK, 200, 0, 0, 0, "\"b\"", "y", 0, 0, NULL, 0, 0, 1, 1, 0, 0,
	  0, "", "", "", 0, 0, "", "", FETCH_OK, ANY, 1 },
	{ "a later page leaves the validators alone",
	  "\"a\"", NULL, NULL, 0, 0,
	  FETCH_OK, 200, 0, 0, 0, "\"b\"", NULL, 0, 0, NULL, 0, 0, 0, 0, 0, 0,
	  0, "\"a\"", "", "", 0, 0, "", "", FETCH_OK, ANY, 1 },
	{ "first permanent move counted, not followed",
	  NULL, NULL, NULL, 0, 0,
	  FETCH_MOVED_PERMANENTLY, 200, 0, 0, 0, NULL, NULL, 1, 1,
	  "https://new.example/feed", 0, 0, 1, 0, 0, 0,
	  CRAWL_STATE_SAME, "", "", "", 1, 0, "", "", FETCH_MOVED_PERMANENTLY,
	  ANY, 1 },
	{ "third permanent move in a row moves the feed",
	  NULL, NULL, NULL, 2, 0,
	  FETCH_MOVED_PERMANENTLY, 200, 0, 0, 0, NULL, NULL, 1, 1,
	  "https://new.example/feed", 0, 0, 1, 0, 0, 0,
	  CRAWL_STATE_MOVE, "", "", "", CRAWL_MOVED_MARK, 0, "", "",
	  FETCH_MOVED_PERMANENTLY, ANY, 1 },
	{ "a 304 through a 301 counts as a move",
	  "\"a\"", NULL, NULL, 1, 0,
	  FETCH_NOT_MODIFIED, 304, 0, 0, 0, NULL, NULL, 1, 1,
	  "https://new.example/feed", 0, 0, 1, 0, 0, 0,
	  CRAWL_STATE_SAME, "\"a\"", "", "", 2, 0, "", "", FETCH_NOT_MODIFIED,
	  ANY, 1 },
	{ "a local file is never moved",
	  NULL, NULL, NULL, 2, 0,
	  FETCH_MOVED_PERMANENTLY, 200, 0, 0, 0, NULL, NULL, 1, 1,
	  "file:///x", 0, 0, 1, 0, 1, 0,
	  CRAWL_STATE_SAME, "", "", "", 3, 0, "", "", FETCH_MOVED_PERMANENTLY,
	  ANY, 1 },
	{ "a moved feed stays moved",
	  NULL, NULL, NULL, CRAWL_MOVED_MARK, 0,
	  FETCH_MOVED_PERMANENTLY, 200, 0, 0, 0, NULL, NULL, 1, 1,
	  "https://new.example/feed", 0, 0, 1, 0, 0, 0,
	  CRAWL_STATE_SAME, "", "", "", CRAWL_MOVED_MARK, 0, "", "",
	  FETCH_MOVED_PERMANENTLY, ANY, 1 },
	{ "an answer with no redirect resets the count",
	  NULL, NULL, NULL, 2, 0,
	  FETCH_OK, 200, 0, 0, 0, NULL, NULL, 0, 0, NULL, 0, 0, 1, 0, 0, 0,
	  CRAWL_STATE_SAME, "", "", "", 0, 0, "", "", FETCH_OK, ANY, 1 },
	{ "a temporary redirect keeps the count",
	  NULL, NULL, NULL, 2, 0,
	  FETCH_OK, 200, 0, 0, 0, NULL, NULL, 0, 1, "https://tmp.example/",
	  0, 0, 1, 0, 0, 0,
	  CRAWL_STATE_SAME, "", "", "", 2, 0, "", "", FETCH_OK, ANY, 1 },
	{ "410 disables the feed and names how to re-enable it",
	  "\"a\"", NULL, NULL, 0, 0,
	  FETCH_GONE, 410, 1, 0, 0, NULL, NULL, 0, 0, NULL, 0, 0, 1, 0, 0, 0,
	  0, "\"a\"", "", "", 0, 1, "gone (HTTP 410) since 2026-",
	  "the error", FETCH_GONE, NOW + 12 * H - 90 * 60, 0 },
	{ "a second failure doubles the delay again",
	  NULL, NULL, NULL, 0, 1,
	  FETCH_HTTP_ERROR, 500, 1, 0, 0, NULL, NULL, 0, 0, NULL, 0, 0, 1, 0, 0, 0,
	  0, "", "", "", 0, 2, "", "the error", FETCH_HTTP_ERROR,
	  NOW + D - 3 * H, 0 },
	{ "Retry-After is kept exactly on a failure",
	  NULL, NULL, NULL, 0, 0,
	  FETCH_RATE_LIMITED, 429, 1, 0, 0, NULL, NULL, 0, 0, NULL,
	  NOW + 3 * D, 0, 1, 0, 0, 0,
	  0, "", "", "", 0, 1, "", "the error", FETCH_RATE_LIMITED, NOW + 3 * D, 0 },
	{ "Retry-After is capped at 14 days",
	  NULL, NULL, NULL, 0, 0,
	  FETCH_RATE_LIMITED, 503, 1, 0, 0, NULL, NULL, 0, 0, NULL,
	  NOW + 60 * D, 0, 1, 0, 0, 0,
	  0, "", "", "", 0, 1, "", "the error", FETCH_RATE_LIMITED,
	  NOW + FETCH_RETRY_AFTER_MAX, 0 },
	{ "a cache lifetime is a lower bound on success",
	  NULL, NULL, NULL, 0, 3,
	  FETCH_OK, 200, 0, 0, 0, NULL, NULL, 0, 0, NULL, 0, NOW + 8 * H,
	  1, 0, 0, 0,
	  0, "", "", "", 0, 0, "", "", FETCH_OK, NOW + 8 * H, 1 },
	{ "a cache lifetime is ignored on failure",
	  NULL, NULL, NULL, 0, 0,
	  FETCH_HTTP_ERROR, 500, 1, 0, 0, NULL, NULL, 0, 0, NULL, 0, NOW + 20 * H,
	  1, 0, 0, 0,
	  0, "", "", "", 0, 1, "", "the error", FETCH_HTTP_ERROR,
	  NOW + 12 * H - 90 * 60, 0 },
	{ "not a feed: its own status, counted as a failure",
	  "\"a\"", NULL, NULL, 0, 0,
	  FETCH_OK, 200, 1, 1, 0, "\"b\"", NULL, 0, 0, NULL, 0, 0, 1, 0, 0, 0,
	  0, "\"a\"", "", "", 0, 1, "", "the error", CRAWL_STATUS_NOT_A_FEED,
	  ANY, 0 },
	{ "a finished OAI harvest keeps its newest day",
	  NULL, NULL, "2026-10-01", 0, 0,
	  FETCH_OK, 200, 0, 0, 0, NULL, NULL, 0, 0, NULL, 0, 0, 0, 1, 0,
	  NOW - 2 * D,
	  0, "", "", "2026-11-16", 0, 0, "", "", FETCH_OK, ANY, 1 },
	{ "an OAI harvest still paging keeps the old day",
	  NULL, NULL, "2026-10-01", 0, 0,
	  FETCH_OK, 200, 0, 0, 0, NULL, NULL, 0, 0, NULL, 0, 0, 0, 1, 0, 0,
	  0, "", "", "2026-10-01", 0, 0, "", "", FETCH_OK, ANY, 1 },
	{ "a failed page leaves the OAI day alone",
	  NULL, NULL, "2026-10-01", 0, 0,
	  FETCH_TIMEOUT, 0, 1, 0, 0, NULL, NULL, 0, 0, NULL, 0, 0, 0, 1, 0,
	  NOW - 2 * D,
	  0, "", "", "2026-10-01", 0, 1, "", "the error", FETCH_TIMEOUT, ANY, 0 },
};

static const char *nz(const char *s)
{
	return s && *s ? s : NULL;
}

static int same(const char *got, const char *want)
{
	want = nz(want);
	if (!got || !want)
		return got == want;
	return !strcmp(got, want);
}

static int starts(const char *got, const char *want)
{
	want = nz(want);
	if (!got || !want)
		return got == want;
	return !strncmp(got, want, strlen(want));
}

static void run_row(const struct row *w)
{
	struct store_feed_state fs;
	struct fetch_result r;
	struct crawl_outcome o;
	int rc;

	memset(&fs, 0, sizeof fs);
	memset(&r, 0, sizeof r);
	memset(&o, 0, sizeof o);
	fs.id = 1;
	fs.etag = w->etag0 ? v_strdup(w->etag0) : NULL;
	fs.last_modified = w->lm0 ? v_strdup(w->lm0) : NULL;
	fs.oai_datestamp = w->oai0 ? v_strdup(w->oai0) : NULL;
	fs.redirects = w->redirects0;
	fs.consecutive_errors = w->errors0;
	fs.last_success = 1;
	r.status = w->st;
	r.http_code = w->code;
	r.etag = (char *)w->etag;
	r.last_modified = (char *)w->lm;
	r.moved_permanently = w->moved;
	r.redirects = w->nredir;
	r.final_url = (char *)w->final_url;
	r.retry_after = w->retry_after;
	r.fresh_until = w->fresh_until;
	o.res = &r;
	o.failed = w->failed;
	o.not_feed = w->not_feed;
	o.cut = w->cut;
	o.error = w->failed ? "the error" : NULL;
	o.name = "feed-x";
	o.first_page = w->first_page;
	o.paged = w->paged;
	o.local = w->local;
	o.oai_max = w->oai_max;
	o.interval = 6 * H;
	o.cap = 0;

	rc = crawl_state_next(&fs, &o, NOW);
	OK(rc == w->rc, "%s: result %d", w->what, rc);
	OK(same(fs.etag, w->want_etag), "%s: etag %s", w->what,
	   fs.etag ? fs.etag : "(none)");
	OK(same(fs.last_modified, w->want_lm), "%s: last_modified %s", w->what,
	   fs.last_modified ? fs.last_modified : "(none)");
	OK(same(fs.oai_datestamp, w->want_oai), "%s: oai datestamp %s", w->what,
	   fs.oai_datestamp ? fs.oai_datestamp : "(none)");
	OK(fs.redirects == w->want_redirects, "%s: redirects %d", w->what,
	   fs.redirects);
	OK(fs.consecutive_errors == w->want_errors, "%s: errors %d", w->what,
	   fs.consecutive_errors);
	OK(starts(fs.disabled_reason, w->want_disabled), "%s: disabled %s",
	   w->what, fs.disabled_reason ? fs.disabled_reason : "(no)");
	OK(starts(fs.last_error, w->want_error), "%s: last error %s", w->what,
	   fs.last_error ? fs.last_error : "(none)");
	OK(fs.last_status == w->want_status, "%s: status %d", w->what,
	   fs.last_status);
	OK(fs.last_fetch == NOW, "%s: last fetch now", w->what);
	OK(fs.http_code == (int)w->code, "%s: http code", w->what);
	OK(w->want_due == ANY || fs.next_due == w->want_due,
	   "%s: due in %lld s", w->what, (long long)(fs.next_due - NOW));
	OK(fs.next_due > NOW, "%s: due later", w->what);
	OK((fs.last_success == NOW) == w->success, "%s: last success", w->what);
	store_feed_state_release(&fs);
}

/* The 410 reason names the feed, so an operator can copy the command. */
static void test_gone_reason(void)
{
	struct store_feed_state fs;
	struct fetch_result r;
	struct crawl_outcome o;

	memset(&fs, 0, sizeof fs);
	memset(&r, 0, sizeof r);
	memset(&o, 0, sizeof o);
	r.status = FETCH_GONE;
	r.http_code = 410;
	o.res = &r;
	o.failed = 1;
	o.error = "gone";
	o.name = "lab-news";
	o.interval = D;
	OK(crawl_state_next(&fs, &o, NOW) == 0, "gone: state computed");
	OK(fs.disabled_reason &&
	   strstr(fs.disabled_reason, "fetch --feed lab-news to re-enable"),
	   "gone: reason names the feed (%s)",
	   fs.disabled_reason ? fs.disabled_reason : "none");
	store_feed_state_release(&fs);
}

/* The response times: kept from an HTTP answer to a first page, left
 * alone otherwise. */
static void test_times(void)
{
	static const struct {
		const char *what;
		long code;
		int first_page;
		double ttfb, seconds;
		int64_t want_ttfb, want_transfer;
	} t[] = {
		{ "an answer's times", 200, 1, 0.3004, 1.25, 300, 950 },
		{ "a 304's times", 304, 1, 0.120, 0.121, 120, 1 },
		{ "an error answer's times", 503, 1, 2.0, 2.0, 2000, 0 },
		{ "no answer: times kept", 0, 1, 5.0, 5.0, 42, 7 },
		{ "a later page: times kept", 200, 0, 0.5, 0.9, 42, 7 },
		{ "a first byte after the end is the end", 200, 1, 0.9, 0.5, 500, 0 },
	};
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		struct store_feed_state fs;
		struct fetch_result r;
		struct crawl_outcome o;

		memset(&fs, 0, sizeof fs);
		memset(&r, 0, sizeof r);
		memset(&o, 0, sizeof o);
		fs.ttfb_ms = 42;
		fs.transfer_ms = 7;
		r.status = t[i].code >= 400 ? FETCH_HTTP_ERROR :
			   t[i].code == 0 ? FETCH_TIMEOUT : FETCH_OK;
		r.http_code = t[i].code;
		r.ttfb = t[i].ttfb;
		r.seconds = t[i].seconds;
		o.res = &r;
		o.failed = fetch_status_is_error(r.status);
		o.error = "the error";
		o.name = "x";
		o.first_page = t[i].first_page;
		o.interval = D;
		OK(crawl_state_next(&fs, &o, NOW) == 0 &&
		   fs.ttfb_ms == t[i].want_ttfb &&
		   fs.transfer_ms == t[i].want_transfer,
		   "times: %s (%lld + %lld ms)", t[i].what,
		   (long long)fs.ttfb_ms, (long long)fs.transfer_ms);
		store_feed_state_release(&fs);
	}
}

int main(void)
{
	size_t i;

	for (i = 0; i < sizeof rows / sizeof rows[0]; i++)
		run_row(&rows[i]);
	test_gone_reason();
	test_times();
	return tap_done();
}
