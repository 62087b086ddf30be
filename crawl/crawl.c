/* The crawl: the feeds due, their requests in rounds (a paged feed asks
 * for its next page in the next round), the transfer thread beside the
 * workers, and the run report. See crawl.h. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "crawl_int.h"
#include "../util/alloc.h"
#include "../util/jsonw.h"
#include "../util/log.h"
#include "../util/str.h"
#include "../util/vtime.h"

char *crawl_source(const char *config_path, const char *url)
{
	struct buf b = BUF_INIT;
	const char *slash;

	if (str_startswith(url, "http://") || str_startswith(url, "https://") ||
	    str_startswith(url, "file:") || url[0] == '/' || !config_path ||
	    !(slash = strrchr(config_path, '/')))
		return v_strdup(url);
	if (buf_add(&b, config_path, (size_t)(slash - config_path) + 1) < 0 ||
	    buf_addstr(&b, url) < 0) {
		buf_release(&b);
		return NULL;
	}
	return buf_detach(&b, NULL);
}

static int is_local(const char *url)
{
	return !(str_startswith(url, "http://") || str_startswith(url, "https://"));
}

int crawl_check_names(const struct conf *c, const char *const *names,
		      size_t n, struct err *e)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!conf_find(c, "feed", names[i]))
			return err_set(e, "no feed '%s' in the configuration",
				       names[i]);
	return 0;
}

/* Nothing more is fetched once the store has failed: it could not be
 * stored, and servers are spared requests for nothing. */
static int stop_fetching(void *arg)
{
	struct crawl *cr = arg;

	return atomic_load(&cr->stop);
}

static void on_done(void *arg, size_t i, struct fetch_result *r)
{
	struct crawl *cr = arg;

	crawl_page_done(cr, &cr->jobs[cr->map[i]], r);
}

struct fetch_apart {
	struct crawl *cr;
	const struct fetch_options *fo;
	const struct fetch_request *reqs;
	struct fetch_result *res;
	size_t n;
	int rc;
	struct err e;
};

static void *fetch_main(void *arg)
{
	struct fetch_apart *f = arg;

	f->rc = fetch_run(f->fo, f->reqs, f->res, f->n, &f->e);
	pool_unhold(f->cr->pool);
	return NULL;
}

/* One round of requests, each page stored as it comes. With workers the
 * transfers run on a thread of their own, which hands each page to a
 * worker: libcurl reads no socket while a page is stored in its callback,
 * so on one thread the stores would wait for answers and the transfers for
 * stores. The main thread stores (the only one to touch the database).
 * Without workers, everything happens in fetch_run()'s callbacks. */
static int fetch_round(struct crawl *cr, const struct fetch_options *fo,
		       const struct fetch_request *reqs,
		       struct fetch_result *res, size_t n, struct err *e)
{
	struct fetch_apart f = { .cr = cr, .fo = fo, .reqs = reqs, .res = res,
				 .n = n };
	struct pool_task *t;
	pthread_t th;
	int rc;

	if (!cr->pool)
		return fetch_run(fo, reqs, res, n, e);
	pool_hold(cr->pool);
	rc = pthread_create(&th, NULL, fetch_main, &f);
	if (rc != 0) {
		pool_unhold(cr->pool);
		return err_set(e, "cannot start the transfer thread: %s "
			       "(--threads 0 runs without threads)", strerror(rc));
	}
	while ((t = pool_take(cr->pool, 1)) != NULL)
		crawl_page_store(cr, crawl_job_of(t));
	pthread_join(th, NULL);
	if (f.rc < 0)
		*e = f.e;
	return f.rc;
}

/* ---- the crawl ---- */

static int is_due(const struct crawl *cr, const struct store_feed_state *fs)
{
	if (crawl_listed(cr->o, fs->name))
		return 1;
	if (cr->o->nnames)
		return 0;
	if (fs->disabled_reason)
		return 0;
	return cr->o->all || fs->next_due <= cr->o->now;
}

static int prepare_jobs(struct crawl *cr, struct err *e)
{
	size_t i, n = conf_count(cr->c, "feed");

	cr->jobs = v_calloc(n ? n : 1, sizeof *cr->jobs);
	if (!cr->jobs)
		return err_set(e, "out of memory");
	for (i = 0; i < cr->c->nsections; i++) {
		const struct conf_section *s = &cr->c->sections[i];
		struct job *j = &cr->jobs[cr->njobs];
		const struct conf_section *set = conf_find(cr->c, "settings",
							   NULL);
		const char *fmt;
		int found;

		if (strcmp(s->type, "feed"))
			continue;
		found = store_feed_get(cr->db, s->name, &j->fs, e);
		if (found < 0)
			return -1;
		if (!found || !is_due(cr, &j->fs)) {
			store_feed_state_release(&j->fs);
			continue;
		}
		/* Counted now, so release_jobs() frees it on any error below. */
		cr->njobs++;
		j->cr = cr;
		j->sec = s;
		j->name = s->name;
		fmt = conf_str(s, "format", "auto");
		j->oai = !strcmp(fmt, "oai-pmh") || j->fs.oai_datestamp;
		j->arxiv = !strcmp(fmt, "arxiv");
		j->max_items = (size_t)conf_int(s, "max_items",
			conf_int(set, "max_items", CRAWL_MAX_ITEMS));
		j->max_pages = (int)conf_int(s, "max_pages", CRAWL_MAX_PAGES);
		if (j->max_pages < 1)
			j->max_pages = 1;
		j->interval = conf_duration(s, "every",
					    strcmp(conf_str(s, "kind", "news"), "news") ?
					    86400 : 6 * 3600);
		if (j->interval <= 0)
			j->interval = 6 * 3600;
		j->source = crawl_source(cr->o->config_path, j->fs.url);
		if (!j->source)
			return err_set(e, "out of memory");
		j->local = is_local(j->source);
		err_clear(e);
		/* A local file is read whole: no paging, no from=. */
		if (j->local)
			j->page_url = v_strdup(j->source);
		else if (j->oai && j->fs.oai_datestamp)
			j->page_url = fetch_oai_from_url(j->source,
							 j->fs.oai_datestamp, e);
		else if (j->arxiv) {
			j->arxiv_size = crawl_query_long(j->source, "max_results",
						   CRAWL_ARXIV_PAGE);
			/* Newest first, so a harvest can stop at the first
			 * page holding a known paper. */
			if (!strstr(j->source, "sortBy=")) {
				char *u = fetch_url_set_param(j->source, "sortBy",
							      "submittedDate", e);
				char *u2 = u ? fetch_url_set_param(u, "sortOrder",
								   "descending", e) : NULL;

				v_free(u);
				if (!u2)
					return -1;
				v_free(j->source);
				j->source = u2;
			}
			j->page_url = fetch_arxiv_page_url(j->source, 0,
							   j->arxiv_size, e);
		} else
			j->page_url = v_strdup(j->source);
		if (!j->page_url && strcmp(e->msg, "out of memory")) {
			/* The paging URL cannot be built from this one: fetch
			 * it as it is and let the fetch say what is wrong. */
			j->page_url = v_strdup(j->source);
		}
		if (!j->page_url)
			return err_set(e, "out of memory");
		j->pending = 1;
	}
	return 0;
}

static void release_jobs(struct crawl *cr)
{
	size_t i;

	for (i = 0; i < cr->njobs; i++) {
		struct job *j = &cr->jobs[i];

		crawl_job_release(j);
		v_free(j->source);
		v_free(j->page_url);
		store_feed_state_release(&j->fs);
	}
	v_free(cr->jobs);
	v_free(cr->map);
}

/* What a feed's request is expected to take, seconds, from its last
 * answer (never 0: that would read as unknown). */
static double expected(const struct store_feed_state *fs)
{
	double t = (double)(fs->ttfb_ms + fs->transfer_ms) / 1000.0;

	return t > 0.001 ? t : 0.001;
}

static int run_rounds(struct crawl *cr, struct err *e)
{
	const struct conf_section *set = conf_find(cr->c, "settings", NULL);
	struct fetch_options fo;
	struct fetch_request *reqs = NULL;
	struct fetch_result *res = NULL;
	size_t i, n;
	int rc = 0;

	memset(&fo, 0, sizeof fo);
	fo.max_total = crawl_fd_jobs(cr->o->jobs ? cr->o->jobs :
				     (int)conf_int(set, "jobs", 16), e);
	if (fo.max_total < 0)
		return -1;
	fo.max_per_host = (int)conf_int(set, "per_host", 2);
	fo.on_done = on_done;
	fo.stop = stop_fetching;
	fo.arg = cr;
	reqs = v_calloc(cr->njobs ? cr->njobs : 1, sizeof *reqs);
	res = v_calloc(cr->njobs ? cr->njobs : 1, sizeof *res);
	cr->map = v_calloc(cr->njobs ? cr->njobs : 1, sizeof *cr->map);
	if (!reqs || !res || !cr->map) {
		v_free(reqs);
		v_free(res);
		return err_set(e, "out of memory");
	}
	for (;;) {
		n = 0;
		for (i = 0; i < cr->njobs && !cr->fatal; i++) {
			struct job *j = &cr->jobs[i];
			const struct conf_section *s = j->sec;
			struct fetch_request *q = &reqs[n];

			if (!j->pending)
				continue;
			memset(q, 0, sizeof *q);
			q->url = j->page_url;
			if (j->pages == 0 && !j->oai && !j->arxiv) {
				q->etag = j->fs.etag;
				q->last_modified = j->fs.last_modified;
			}
			q->user_agent = conf_str(s, "user_agent",
						 conf_str(set, "user_agent", NULL));
			q->max_bytes = (size_t)conf_size(s, "max_size",
				conf_size(set, "max_size", (int64_t)FETCH_MAX_BYTES_DEFAULT));
			q->timeout = (long)conf_duration(set, "timeout", 60);
			q->connect_timeout = (long)conf_duration(set, "connect_timeout", 15);
			q->allow_file = j->local;
			/* a feed never measured, or a later page: the
			 * fetcher guesses (fetcher/sched.h) */
			q->expect = j->pages == 0 && j->fs.ttfb_ms >= 0 ?
				    expected(&j->fs) : 0;
			q->on_data = crawl_on_data;
			q->arg = j;
			/* with workers, they undo the content coding */
			q->raw_encoding = cr->pool != NULL;
			j->max_bytes = q->max_bytes;
			/* the fetcher stops a body at max_bytes */
			buf_init(&j->body, q->max_bytes + 1);
			j->sniffed = 0;
			cr->map[n++] = i;
		}
		if (n == 0)
			break;
		memset(res, 0, n * sizeof *res);
		for (i = 0; i < n; i++)
			cr->jobs[cr->map[i]].res = &res[i];
		/* every page of the round stored before its answer goes */
		rc = fetch_round(cr, &fo, reqs, res, n, e);
		for (i = 0; i < n; i++) {
			cr->jobs[cr->map[i]].res = NULL;
			fetch_result_release(&res[i]);
		}
		if (rc < 0)
			break;
	}
	v_free(reqs);
	v_free(res);
	return rc;
}

static int report(struct crawl *cr)
{
	struct crawl_report *rep = cr->rep;
	struct jsonw w;
	size_t i;
	char t[32];

	jsonw_init(&w, &rep->json);
	jsonw_obj(&w);
	vtime_rfc3339(cr->o->now, t, sizeof t);
	jsonw_kstr(&w, "time", t);
	jsonw_kint(&w, "due", (int64_t)rep->due);
	jsonw_kint(&w, "ok", (int64_t)rep->ok);
	jsonw_kint(&w, "not_modified", (int64_t)rep->not_modified);
	jsonw_kint(&w, "failed", (int64_t)rep->failed);
	jsonw_kint(&w, "items_new", rep->items_new);
	jsonw_kint(&w, "items_updated", rep->items_updated);
	jsonw_kint(&w, "bytes", (int64_t)rep->bytes);
	jsonw_kint(&w, "connections", (int64_t)rep->connections);
	jsonw_key(&w, "feeds");
	jsonw_arr(&w);
	for (i = 0; i < cr->njobs; i++) {
		const struct job *j = &cr->jobs[i];

		jsonw_obj(&w);
		jsonw_kstr(&w, "name", j->name);
		jsonw_kstr(&w, "status", j->status ? j->status : "not-run");
		jsonw_kint(&w, "http_code", j->http_code);
		jsonw_kint(&w, "bytes", (int64_t)j->bytes);
		jsonw_kint(&w, "pages", j->pages);
		jsonw_kint(&w, "items_new", j->nnew);
		jsonw_kint(&w, "items_updated", j->nupd);
		jsonw_key(&w, "seconds");
		jsonw_double(&w, j->seconds);
		vtime_rfc3339(j->fs.next_due, t, sizeof t);
		jsonw_kstr(&w, "next_due", t);
		jsonw_key(&w, "error");
		if (j->error[0])
			jsonw_str(&w, j->error);
		else
			jsonw_null(&w);
		jsonw_end(&w);
	}
	jsonw_end(&w);
	jsonw_end(&w);
	if (jsonw_error(&w) || buf_addch(&rep->json, '\n') < 0)
		return -1;
	return buf_addf(&rep->summary,
		 "fetch: %zu feed%s due, %zu ok, %zu not modified, %zu failed, "
		 "%lld new item%s, %lld updated, %llu bytes",
		 rep->due, rep->due == 1 ? "" : "s", rep->ok, rep->not_modified,
		 rep->failed, (long long)rep->items_new,
		 rep->items_new == 1 ? "" : "s", (long long)rep->items_updated,
		 (unsigned long long)rep->bytes);
}

int crawl_run(struct conf *c, struct store *db, const struct crawl_opts *o,
	      struct crawl_report *rep, struct err *e)
{
	struct crawl cr;
	int rc;

	memset(rep, 0, sizeof *rep);
	buf_init(&rep->json, (size_t)64 << 20);
	buf_init(&rep->summary, 4096);
	memset(&cr, 0, sizeof cr);
	atomic_init(&cr.stop, 0);
	cr.c = c;
	cr.db = db;
	cr.o = o;
	cr.rep = rep;
	cr.cap = conf_duration(conf_find(c, "settings", NULL), "max_backoff",
			       FETCH_BACKOFF_CAP_DEFAULT);
	cr.cl = classify_new(c, e);
	if (!cr.cl)
		return c->nerrors ? CRAWL_CONFIG : CRAWL_FATAL;
	/* Without workers, items are classified while they are stored, and
	 * only those new or changed; workers classify every item of a page
	 * (whether it changed is known only when it is stored), on cores
	 * that would otherwise wait. */
	if (o->threads)
		feed_parser_init();
	if (o->threads && !(cr.pool = pool_new(o->threads, e))) {
		classify_free(cr.cl);
		return CRAWL_FATAL;
	}
	cr.max_queued = 2 * o->threads;
	if (crawl_sync(&cr, e) < 0 || prepare_jobs(&cr, e) < 0) {
		rc = CRAWL_FATAL;
		goto out;
	}
	rep->due = cr.njobs;
	/* with cores to spare, the writer does not stop for checkpoints;
	 * without that thread it does, as any writer */
	if (o->threads) {
		struct err ce = { "" };

		if (store_checkpoint_aside(db, &ce) < 0)
			log_info("fetch: checkpoints stay in the main thread: %s",
				 ce.msg);
	}
	progress_update("fetch: 0/%zu feeds", cr.njobs);
	if (run_rounds(&cr, e) < 0) {
		rc = CRAWL_FATAL;
		goto out;
	}
	if (cr.fatal) {
		*e = cr.fatal_err;
		rc = CRAWL_FATAL;
		goto out;
	}
	if (report(&cr) < 0) {
		/* Everything is stored; only the report could not be made. */
		err_set(e, "out of memory writing the run report");
		rc = CRAWL_FATAL;
		goto out;
	}
	rc = CRAWL_OK;
out:
	store_checkpoint_stop(db);
	pool_free(cr.pool);
	release_jobs(&cr);
	classify_free(cr.cl);
	return rc;
}

void crawl_report_release(struct crawl_report *rep)
{
	buf_release(&rep->json);
	buf_release(&rep->summary);
}
