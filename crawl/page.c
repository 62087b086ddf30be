/* One page, from its bytes to the database: parsed as it arrives or by a
 * worker, its items classified, then stored with the feed's new state in
 * one transaction on the main thread. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "crawl_int.h"
#include "../util/alloc.h"
#include "../util/log.h"
#include "../util/str.h"
#include "../util/vtime.h"

/* ---- streaming: fetcher -> parser ---- */

static int on_item(void *ctx, const struct feed *meta, struct feed_item *it,
		   struct err *e)
{
	struct job *j = ctx;

	(void)meta;
	/* over the cap, the item is left to the parser, which frees it */
	if (j->kept + j->nitems >= j->max_items) {
		j->dropped++;
		return 0;
	}
	if (j->nitems == j->cap) {
		size_t cap = j->cap ? j->cap * 2 : 16;
		struct feed_item *v = v_reallocarray(j->items, cap, sizeof *v);

		if (!v) {
			err_set(e, "out of memory");
			return -1;
		}
		j->items = v;
		j->cap = cap;
	}
	j->items[j->nitems++] = *it;
	memset(it, 0, sizeof *it);
	return 0;
}

static int start_parser(struct job *j)
{
	struct parse_opts po;

	memset(&po, 0, sizeof po);
	po.base_url = j->local ? NULL : j->page_url;
	/* The transport's charset comes before the XML declaration's (a
	 * server that says ISO-8859-1 over a document claiming UTF-8 is
	 * usually right about the bytes it sends). */
	po.charset = j->res ? j->res->charset : NULL;
	j->p = feed_parser_new(&po, on_item, j);
	if (!j->p) {
		j->parse_failed = 1;
		err_set(&j->perr, "out of memory");
		return -1;
	}
	return 0;
}

static int skip_item(void *ctx, const struct feed *meta, struct feed_item *it,
		     struct err *e)
{
	(void)ctx;
	(void)meta;
	(void)it;
	(void)e;
	return 0;
}

static int sniff_sink(void *arg, const char *p, size_t n)
{
	struct job *j = arg;
	size_t k = n < CRAWL_SNIFF - j->sniffed ? n : CRAWL_SNIFF - j->sniffed;

	j->sniffed += k;
	if (feed_parser_push(j->sniff, p, k, &j->perr) < 0) {
		j->parse_failed = 1;
		return -1;
	}
	return j->sniffed >= CRAWL_SNIFF;
}

static void sniff_end(struct job *j)
{
	feed_parser_free(j->sniff);
	fetch_decoder_free(j->sdec);
	j->sniff = NULL;
	j->sdec = NULL;
}

/* With workers, the first CRAWL_SNIFF bytes of a body (decoded: the body
 * comes as sent, see raw_encoding) also go through a parser here, whose
 * items are dropped: a body that cannot be a feed (plain text, XML of
 * another kind) stops its transfer at once, as when pages are parsed as
 * they arrive. -1 then, with perr set. A coding that cannot be undone
 * only ends the sniffing: the worker says what is wrong with it. */
static int sniff(struct job *j, const char *p, size_t n)
{
	struct parse_opts po;
	struct err e;
	int rc;

	if (j->sniffed >= CRAWL_SNIFF)
		return 0;
	if (!j->sniff) {
		memset(&po, 0, sizeof po);
		po.charset = j->res ? j->res->charset : NULL;
		j->sniff = feed_parser_new(&po, skip_item, NULL);
		if (!j->sniff || fetch_decoder_new(j->res ? j->res->content_encoding :
						   NULL, SIZE_MAX, &j->sdec, &e) < 0) {
			j->sniffed = CRAWL_SNIFF;	/* the worker will tell */
			sniff_end(j);
			return 0;
		}
	}
	rc = fetch_decoder_push(j->sdec, p, n, sniff_sink, j, &e);
	if (rc == FETCH_DECODE_BAD || rc == FETCH_DECODE_TOO_BIG)
		j->sniffed = CRAWL_SNIFF;
	if (j->parse_failed || j->sniffed >= CRAWL_SNIFF)
		sniff_end(j);
	return j->parse_failed ? -1 : 0;
}

int crawl_on_data(void *arg, const char *p, size_t n)
{
	struct job *j = arg;

	if (j->parse_failed)
		return -1;
	if (j->cr->pool) {
		if (sniff(j, p, n) < 0)
			return -1;
		if (buf_add(&j->body, p, n) < 0) {
			j->parse_failed = 1;
			err_set(&j->perr, "out of memory");
			return -1;
		}
		return 0;
	}
	if (!j->p && start_parser(j) < 0)
		return -1;
	if (feed_parser_push(j->p, p, n, &j->perr) < 0) {
		j->parse_failed = 1;
		return -1;
	}
	return 0;
}

/* The page's items, and their array: kept for the next page, a thousand
 * feeds' arrays would hold 10 MiB in b40's crawl. */
static void drop_items(struct job *j)
{
	size_t i;

	for (i = 0; i < j->nitems; i++)
		feed_item_release(&j->items[i]);
	v_free(j->items);
	j->items = NULL;
	j->nitems = j->cap = 0;
}

/* ---- storing one completed page ---- */

static void scores_release(struct scores *sc)
{
	size_t i;

	for (i = 0; i < sc->n; i++)
		buf_release(&sc->ev[i]);
	v_free(sc->ev);
	v_free(sc->v);
	memset(sc, 0, sizeof *sc);
}

/* The groups of res an item is in, niches first; -1 when out of memory. */
static int scores_build(const struct classify_result *res, struct scores *sc)
{
	size_t i;
	int pass;

	memset(sc, 0, sizeof *sc);
	if (!res->ngroups)
		return 0;
	sc->v = v_calloc(res->ngroups, sizeof *sc->v);
	sc->ev = v_calloc(res->ngroups, sizeof *sc->ev);
	if (!sc->v || !sc->ev)
		goto nomem;
	for (pass = 0; pass < 2; pass++) {
		enum classify_kind kind = pass ? CLASSIFY_SECTOR : CLASSIFY_NICHE;

		for (i = 0; i < res->ngroups; i++) {
			const struct classify_group *g = &res->groups[i];

			if (!g->in || g->kind != kind)
				continue;
			buf_init(&sc->ev[sc->n], (size_t)1 << 20);
			if (classify_group_json(g, &sc->ev[sc->n]) < 0) {
				buf_release(&sc->ev[sc->n]);
				goto nomem;
			}
			sc->v[sc->n].niche = g->id;
			sc->v[sc->n].score = g->score;
			sc->v[sc->n].evidence_json = buf_cstr(&sc->ev[sc->n]);
			sc->n++;
		}
		if (!pass)
			sc->nniche = sc->n;
	}
	return 0;
nomem:
	scores_release(sc);
	return -1;
}

/* Classifies an item, or takes what a worker made of it (pre, then ours
 * to release), and stores its niches and sectors with the rules
 * fingerprint (as `veille classify` does for stored items). */
static int classify_store(struct crawl *cr, int64_t item_id,
			  const struct feed_item *it, struct scores *pre,
			  struct err *e)
{
	struct classify_input in = { it->title, it->summary, it->content };
	struct classify_result res;
	struct scores sc;
	int rc = 0;

	if (pre) {
		sc = *pre;
		memset(pre, 0, sizeof *pre);
	} else {
		memset(&res, 0, sizeof res);
		rc = classify_item(cr->cl, &in, &res, e);
		if (rc == 0 && scores_build(&res, &sc) < 0)
			rc = err_set(e, "out of memory");
		classify_result_release(&res);
		if (rc < 0)
			return rc;
	}
	rc = store_set_item_niches(cr->db, item_id, sc.v, sc.nniche,
				   classify_fingerprint(cr->cl), e);
	if (rc == 0)
		rc = store_set_item_sectors(cr->db, item_id,
					    sc.v ? sc.v + sc.nniche : NULL,
					    sc.n - sc.nniche, e);
	scores_release(&sc);
	return rc;
}

static int store_items(struct crawl *cr, struct job *j, struct err *e)
{
	size_t i;

	for (i = 0; i < j->nitems; i++) {
		const struct feed_item *it = &j->items[i];
		struct store_item_prep own, *p;
		int64_t id = 0, d;
		int status = 0, rc;

		if (j->prep) {
			p = &j->prep[i];
		} else {
			/* the keys only for an item new or changed */
			if (store_item_prepare(it, 0, &own) < 0)
				return err_set(e, "out of memory");
			p = &own;
		}
		/* classified below when new or changed: the fingerprint goes
		 * with the item's row */
		p->rules_fp = classify_fingerprint(cr->cl);
		rc = store_upsert_prepared(cr->db, j->fs.id, it, p, cr->o->now,
					   &status, &id, e);
		if (!j->prep)
			store_item_prep_release(&own);
		if (rc < 0)
			return -1;
		d = it->updated != FEED_NO_DATE ? it->updated : it->published;
		if (d != FEED_NO_DATE && d > j->oai_max)
			j->oai_max = d;
		if (status == STORE_ITEM_NEW)
			j->nnew++;
		else if (status == STORE_ITEM_UPDATED)
			j->nupd++;
		else if (status == STORE_ITEM_UNCHANGED)
			j->known = 1;
		if ((status == STORE_ITEM_NEW || status == STORE_ITEM_UPDATED) &&
		    classify_store(cr, id, it, j->cls ? &j->cls[i] : NULL, e) < 0)
			return -1;
	}
	return 0;
}

long crawl_query_long(const char *url, const char *key, long def)
{
	const char *q = strchr(url, '?');
	size_t kl = strlen(key);
	int64_t v;
	char tmp[24];

	while (q) {
		q++;
		if (!strncmp(q, key, kl) && q[kl] == '=') {
			size_t n = strcspn(q + kl + 1, "&#");

			if (n < sizeof tmp) {
				memcpy(tmp, q + kl + 1, n);
				tmp[n] = 0;
				if (str_to_i64(tmp, 1, 100000, &v) == 0)
					return (long)v;
			}
			return def;
		}
		q = strchr(q, '&');
	}
	return def;
}

/* An arXiv API answer to a feed not configured as one: its first page was
 * the configured URL as it is, so the harvest goes on from there, by the
 * URL's page size, else by the size of the page the API chose. */
static void arxiv_detected(struct job *j, size_t got)
{
	j->arxiv = 1;
	j->arxiv_start = crawl_query_long(j->source, "start", 0);
	j->arxiv_size = crawl_query_long(j->source, "max_results",
				   got > 0 ? (long)got : CRAWL_ARXIV_PAGE);
}

/* Decides the next page of an OAI-PMH or arXiv harvest (sets page_url and
 * pending) from the page just parsed. */
static int next_page(struct job *j, const struct feed *meta, size_t got,
		     struct err *e)
{
	char *u = NULL;

	if (j->pages >= j->max_pages || j->local)
		return 0;
	if (j->oai && meta->resumption_token && meta->resumption_token[0]) {
		u = fetch_oai_next_url(j->source, meta->resumption_token, e);
		if (!u)
			return -1;
	} else if (j->arxiv && !j->known && got > 0 &&
		   (long)got >= j->arxiv_size &&
		   (meta->total_results < 0 ||
		    j->arxiv_start + (long)got < meta->total_results)) {
		j->arxiv_start += (long)got;
		u = fetch_arxiv_page_url(j->source, j->arxiv_start,
					 j->arxiv_size, e);
		if (!u)
			return -1;
	}
	if (u) {
		v_free(j->page_url);
		j->page_url = u;
		j->pending = 1;
	}
	return 0;
}

static void when(int64_t t, char out[32])
{
	vtime_rfc3339(t, out, 32);
}

static void report_failure(struct job *j,
			   const struct fetch_result *r)
{
	char t[32];

	if (r && r->status == FETCH_RATE_LIMITED && r->retry_after > 0) {
		when(r->retry_after, t);
		snprintf(j->error, sizeof j->error, "HTTP %ld, retry after %s%s",
			 r->http_code, t,
			 r->retry_after > j->fs.next_due ?
			 " (beyond the 14-day ceiling: tried earlier)" : "");
	}
	/* Printed even with -q: under cron these lines are the mail. */
	progress_done();
	when(j->fs.next_due, t);
	fprintf(stderr, "fetch '%s': %s (next try %s)\n", j->name, j->error, t);
}

struct job *crawl_job_of(struct pool_task *t)
{
	return (struct job *)(void *)((char *)t - offsetof(struct job, task));
}

static int parser_sink(void *arg, const char *p, size_t n)
{
	struct job *j = arg;

	if (feed_parser_push(j->p, p, n, &j->perr) < 0) {
		j->parse_failed = 1;
		return -1;
	}
	return 0;
}

/* A body kept whole (with workers), decoded into the parser. When its
 * coding cannot be undone or it decodes past its cap, the fetch result
 * says so, as it would have had libcurl decoded it. */
static void parse_body(struct job *j)
{
	struct fetch_result *r = j->res;
	struct fetch_decoder *d;
	struct err e;
	int rc;

	err_clear(&e);
	rc = fetch_decoder_new(r->content_encoding, j->max_bytes, &d, &e);
	if (rc == 0) {
		rc = fetch_decoder_push(d, j->body.data, j->body.len,
					parser_sink, j, &e);
		r->bytes = fetch_decoder_bytes(d);
		fetch_decoder_free(d);
	}
	if (rc < 0 && rc != FETCH_DECODE_STOPPED) {
		struct buf b;

		r->status = rc == FETCH_DECODE_TOO_BIG ? FETCH_TOO_BIG :
			    FETCH_NETWORK_ERROR;
		r->nomem = !strcmp(e.msg, "out of memory");
		buf_init(&b, 4 * sizeof r->message);
		if (buf_addf(&b, "'%s': %s", j->page_url, e.msg) < 0)
			buf_addstr(&b, e.msg);
		str_copy(r->message, buf_cstr(&b), sizeof r->message);
		buf_release(&b);
	}
}

/* The page's first half, on a worker when there are workers: the body
 * parsed (or its parse finished) and the verdict on the page. */
static void page_parse(struct job *j)
{
	struct fetch_result *r = j->res;
	struct feed *meta = NULL;
	int failed = 0, not_feed = 0;

	sniff_end(j);	/* a body shorter than CRAWL_SNIFF */
	if (r->status == FETCH_OK || r->status == FETCH_MOVED_PERMANENTLY) {
		if (!j->p)
			start_parser(j);
		if (!j->parse_failed && j->body.len)
			parse_body(j);
		/* (a coding that failed is an error of the fetch, below) */
		if (!j->parse_failed && !fetch_status_is_error(r->status) &&
		    feed_parser_finish(j->p, &meta, &j->perr) < 0)
			j->parse_failed = 1;
		if (j->parse_failed)
			not_feed = 1;
	} else if (r->status == FETCH_ABORTED && j->parse_failed) {
		not_feed = 1;
	}
	buf_release(&j->body);
	if ((not_feed && !strcmp(j->perr.msg, "out of memory")) ||
	    (fetch_status_is_error(r->status) && r->nomem)) {
		/* the machine's failure, not the feed's: no "not a feed", no
		 * back-off; crawl_page_store stops the run */
		not_feed = 0;
		failed = 1;
		j->parse_nomem = 1;
		j->status = "error";
		str_copy(j->error, "out of memory", sizeof j->error);
	} else if (not_feed) {
		struct buf b;

		failed = 1;
		j->status = "not-a-feed";
		/* cut to the field by str_copy, not lost when long */
		buf_init(&b, 4 * sizeof j->error);
		if (buf_addf(&b, "%s: %s%s", j->page_url,
			     str_startswith(j->perr.msg, "not a feed") ? "" :
			     "not a feed: ", j->perr.msg) < 0)
			buf_addstr(&b, "not a feed");
		str_copy(j->error, buf_cstr(&b), sizeof j->error);
		buf_release(&b);
	} else if (fetch_status_is_error(r->status)) {
		failed = 1;
		j->status = fetch_status_name(r->status);
		str_copy(j->error, r->message[0] ? r->message : j->status,
			 sizeof j->error);
	}
	feed_parser_free(j->p);
	j->p = NULL;
	j->meta = meta;
	j->failed = failed;
	j->not_feed = not_feed;
}

/* What the workers made of the page's items: their store keys and
 * their classification. */
static void release_work(struct job *j)
{
	size_t i;

	for (i = 0; i < j->nitems; i++) {
		if (j->prep)
			store_item_prep_release(&j->prep[i]);
		if (j->cls)
			scores_release(&j->cls[i]);
	}
	v_free(j->prep);
	v_free(j->cls);
	j->prep = NULL;
	j->cls = NULL;
	j->cls_rc = 0;
}

/* On a worker: the page parsed, what the store derives from each item
 * prepared, in j->prep, and every item classified, in j->cls (either
 * left NULL when out of memory: then done while stored). */
static void work_page(struct pool_task *t)
{
	struct job *j = crawl_job_of(t);
	struct classify_result res;
	size_t i;

	page_parse(j);
	if (j->failed || !j->meta || !j->nitems)
		return;
	if ((j->prep = v_calloc(j->nitems, sizeof *j->prep)) != NULL)
		for (i = 0; i < j->nitems; i++)
			if (!(j->items[i].flags & FEED_ITEM_DELETED) &&
			    store_item_prepare(&j->items[i], 1, &j->prep[i]) < 0) {
				release_work(j);	/* prepared while stored */
				break;
			}
	if (!(j->cls = v_calloc(j->nitems, sizeof *j->cls)))
		return;
	for (i = 0; i < j->nitems && j->cls_rc == 0; i++) {
		const struct feed_item *it = &j->items[i];
		struct classify_input in = { it->title, it->summary, it->content };

		if (it->flags & FEED_ITEM_DELETED)
			continue;
		memset(&res, 0, sizeof res);
		j->cls_rc = classify_item(j->cr->cl, &in, &res, &j->cls_err);
		if (j->cls_rc == 0 && scores_build(&res, &j->cls[i]) < 0)
			j->cls_rc = err_set(&j->cls_err, "out of memory");
		classify_result_release(&res);
	}
}

void crawl_page_done(struct crawl *cr, struct job *j, struct fetch_result *r)
{
	j->n0 = j->nnew;
	j->u0 = j->nupd;
	j->pending = 0;
	j->pages++;
	j->seconds += r->seconds;
	j->http_code = r->http_code;
	j->status = fetch_status_name(r->status);
	if (cr->pool) {
		j->task.run = work_page;
		/* bounded: slow workers or stores hold back the transfers
		 * rather than pile up pages in memory */
		pool_wait_room(cr->pool, cr->max_queued);
		pool_submit(cr->pool, &j->task);
		return;
	}
	page_parse(j);
	crawl_page_store(cr, j);
}

void crawl_page_store(struct crawl *cr, struct job *j)
{
	struct fetch_result *r = j->res;
	struct feed *meta = j->meta;
	struct err e;
	int failed = j->failed, not_feed = j->not_feed;
	size_t got = j->nitems;
	struct store_feed_state *fs = &j->fs;
	struct crawl_outcome oc;
	int64_t n0 = j->n0, u0 = j->u0;
	int move;
	char note[320];

	j->meta = NULL;
	if (cr->fatal)
		goto out;
	if (j->cls_rc < 0) {
		e = j->cls_err;
		goto fatal;
	}
	if (j->parse_nomem) {
		j->parse_nomem = 0;
		err_set(&e, "out of memory");
		goto fatal;
	}
	if (store_begin(cr->db, &e) < 0)
		goto fatal;
	if (!failed && meta) {
		if (j->oai == 0 && meta->format == FEED_FORMAT_OAI_PMH)
			j->oai = 1;
		if (j->arxiv == 0 && meta->format == FEED_FORMAT_ARXIV)
			arxiv_detected(j, got);
		/* a whole document: what left it is known (index/republish.c) */
		if (j->pages == 1 && !j->oai && !j->arxiv && !j->dropped &&
		    !meta->not_well_formed &&
		    store_republished(cr->db, fs->id, j->items, j->nitems,
				      &j->republished, &e) < 0)
			goto rollback;
		if (store_items(cr, j, &e) < 0)
			goto rollback;
		j->kept += got;
		/* the feed's own title as it gives it now (a harvest's first
		 * page: arXiv titles each page by its query) */
		if (meta->title && *meta->title && j->pages == 1 &&
		    (!fs->title || strcmp(fs->title, meta->title)) &&
		    crawl_set_str(&fs->title, meta->title) < 0)
			goto oom;
		if (next_page(j, meta, got, &e) < 0) {
			failed = 1;
			str_copy(j->error, e.msg, sizeof j->error);
		}
	}
	memset(&oc, 0, sizeof oc);
	oc.res = r;
	oc.failed = failed;
	oc.not_feed = not_feed;
	oc.cut = !failed && meta && meta->not_well_formed;
	if (!failed && meta && meta->trimmed) {
		/* one oversized or too deep item: the others are kept */
		snprintf(note, sizeof note, "warning: %s", meta->trimmed);
		oc.note = note;
		if (cr->o->verbose) {
			progress_done();
			fprintf(stderr, "fetch '%s': %s\n", j->name, note);
		}
	}
	oc.error = j->error;
	oc.name = j->name;
	oc.first_page = j->pages == 1;
	oc.paged = j->oai || j->arxiv;
	oc.local = j->local;
	oc.oai_max = j->oai && !j->pending ? j->oai_max : 0;
	oc.interval = j->interval;
	oc.cap = cr->cap;
	move = crawl_state_next(fs, &oc, cr->o->now);
	if (move < 0)
		goto oom;
	if (move == CRAWL_STATE_MOVE) {
		if (store_feed_move(cr->db, fs->id, r->final_url, &e) < 0)
			goto rollback;
		progress_done();
		fprintf(stderr, "fetch '%s': moved permanently %d runs in a row; "
			"now fetched from %s: update its url in the configuration\n",
			j->name, CRAWL_MOVED_RUNS, r->final_url);
	}
	if (store_feed_update(cr->db, fs, &e) < 0)
		goto rollback;
	if (store_commit(cr->db, &e) < 0)
		goto fatal;
	goto out;
oom:
	err_set(&e, "out of memory");
rollback:
	store_rollback(cr->db, NULL);
fatal:
	cr->fatal = 1;
	atomic_store(&cr->stop, 1);
	cr->fatal_err = e;
	failed = 1;
	j->pending = 0;
out:
	feed_free(meta);
	release_work(j);
	drop_items(j);
	j->parse_failed = 0;
	if (failed) {
		j->pending = 0;
		if (!cr->fatal)
			report_failure(j, r);
	}
	if (!j->pending) {
		j->finished = 1;
		cr->done++;
		if (j->dropped && !failed && !cr->fatal) {
			/* printed even with -q: under cron these lines are
			 * the mail */
			progress_done();
			fprintf(stderr, "fetch '%s': kept the first %zu items; "
				"%zu more over max_items left out\n", j->name,
				j->kept, j->dropped);
		}
		if (j->republished && !failed && !cr->fatal) {
			progress_done();
			fprintf(stderr, "fetch '%s': %zu item%s republished under "
				"new ids\n", j->name, j->republished,
				j->republished == 1 ? "" : "s");
		}
		if (failed)
			cr->rep->failed++;
		else if (r->status == FETCH_NOT_MODIFIED)
			cr->rep->not_modified++;
		else
			cr->rep->ok++;
		if (failed && !j->error[0])
			str_copy(j->error, j->status, sizeof j->error);
	}
	cr->rep->items_new += j->nnew - n0;
	cr->rep->items_updated += j->nupd - u0;
	cr->rep->bytes += r->bytes;
	cr->rep->connections += (uint64_t)(r->connects > 0 ? r->connects : 0);
	j->bytes += r->bytes;
	progress_update("fetch: %zu/%zu feeds, %lld new items, %zu errors",
			cr->done, cr->njobs, (long long)cr->rep->items_new,
			cr->rep->failed);
}

void crawl_job_release(struct job *j)
{
	feed_parser_free(j->p);
	j->p = NULL;
	sniff_end(j);
	buf_release(&j->body);
	drop_items(j);
}
